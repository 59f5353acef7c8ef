"""The award catalogue: every title and form of commendation the engine knows, from `data/catalogue/*.yaml`.

    lao_dong_tien_tien:
      name: Lao động tiên tiến
      category: title            # title (danh hiệu thi đua) or form (hình thức khen thưởng)
      subject: individual        # individual, collective or both
      level: co_so               # co_so, tinh, trung_uong, nha_nuoc, cong_doan
      kind: achievement          # achievement, theme, ad_hoc, lifetime, service_years, foreign
      authority: Thủ trưởng cơ quan, đơn vị
      conferred_by: [grassroots_public, grassroots_business]   # organisation kinds (contracts/cli.md)
      prerequisites: []
      in_force: [{from: 2014-07-01}]
      citation: {document: …, article: …, clause: …, confidence: S}
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import yaml

from thidua.rules.model import Citation
from thidua.rules.params import DATA, RuleDataError, _citation

CATEGORIES = {"title": "Danh hiệu thi đua", "form": "Hình thức khen thưởng"}
SUBJECTS = {"individual": "cá nhân", "collective": "tập thể", "both": "cá nhân và tập thể"}
LEVELS = {
    "co_so": "cấp cơ sở", "tinh": "cấp bộ, ban, ngành, tỉnh", "trung_uong": "cấp trung ương",
    "nha_nuoc": "Nhà nước", "cong_doan": "tổ chức Công đoàn",
}
KINDS = {
    "achievement": "theo công trạng và thành tích đạt được",
    "theme": "theo chuyên đề",
    "ad_hoc": "đột xuất",
    "lifetime": "quá trình cống hiến",
    "service_years": "theo niên hạn",
    "foreign": "đối ngoại",
}
ORG_KINDS = {
    "confederation", "provincial_federation", "national_sector_union", "provincial_sector_union",
    "grassroots_public", "grassroots_business", "union_group", "partner",
}


class UnknownAward(LookupError):
    pass


@dataclass(frozen=True)
class Period:
    since: date
    until: date | None

    def covers(self, on: date) -> bool:
        return self.since <= on and (self.until is None or on <= self.until)


@dataclass(frozen=True)
class Award:
    code: str
    name: str
    category: str
    subject: str
    level: str
    kind: str
    authority: str
    conferred_by: tuple[str, ...]
    prerequisites: tuple[str, ...]
    in_force: tuple[Period, ...]
    citation: Citation

    def in_force_on(self, on: date) -> bool:
        return any(p.covers(on) for p in self.in_force)

    def as_dict(self) -> dict:
        return {
            "code": self.code, "name": self.name, "category": self.category, "subject": self.subject,
            "level": self.level, "kind": self.kind, "authority": self.authority,
            "conferred_by": list(self.conferred_by), "prerequisites": list(self.prerequisites),
            "in_force": [{"from": p.since.isoformat(), "to": p.until.isoformat() if p.until else None} for p in self.in_force],
            "citation": str(self.citation), "confidence": self.citation.confidence,
        }


def _award(code: str, raw: dict, where: str) -> Award:
    def pick(name, allowed):
        value = raw.get(name)
        if value not in allowed:
            raise RuleDataError(f"{where} {code}: {name} must be one of {sorted(allowed)}")
        return value

    conferred_by = tuple(raw.get("conferred_by") or ())
    if not set(conferred_by) <= ORG_KINDS:
        raise RuleDataError(f"{where} {code}: unknown organisation kind in conferred_by")
    periods = tuple(Period(p["from"], p.get("to")) for p in raw.get("in_force") or ())
    if not periods:
        raise RuleDataError(f"{where} {code}: in_force is empty")
    return Award(
        code=code, name=str(raw["name"]), category=pick("category", CATEGORIES), subject=pick("subject", SUBJECTS),
        level=pick("level", LEVELS), kind=pick("kind", KINDS), authority=str(raw.get("authority") or ""),
        conferred_by=conferred_by, prerequisites=tuple(raw.get("prerequisites") or ()), in_force=periods,
        citation=_citation(raw.get("citation"), f"{where} {code}"),
    )


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Award]:
    awards: dict[str, Award] = {}
    for path in sorted((DATA / "catalogue").glob("*.yaml")):
        for code, raw in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            if code in awards:
                raise RuleDataError(f"{path.name}: award {code} defined twice")
            awards[code] = _award(code, raw, path.name)
    for award in awards.values():
        missing = set(award.prerequisites) - set(awards)
        if missing:
            raise RuleDataError(f"{award.code}: unknown prerequisites {sorted(missing)}")
    return awards


def award_get(code: str) -> Award:
    try:
        return catalogue()[code]
    except KeyError:
        raise UnknownAward(code) from None


def awards_in_force(on: date) -> list[Award]:
    return [a for a in catalogue().values() if a.in_force_on(on)]
