"""The situation judged and the verdict returned: plain data, no Django.

A situation mirrors the case of contracts/rules-check.md. A field the case leaves out is
`MISSING` (unknown), which is not the same as an explicit null: `"discipline": null` says the
person was not disciplined, a missing `discipline` says nobody told us.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any


class _Missing:
    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()

RATINGS = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")  # best first
RATING_NAMES = {
    "HTXSNV": "hoàn thành xuất sắc nhiệm vụ",
    "HTTNV": "hoàn thành tốt nhiệm vụ",
    "HTNV": "hoàn thành nhiệm vụ",
    "KHTNV": "không hoàn thành nhiệm vụ",
}
DISCIPLINES = ("khien_trach", "canh_cao", "ha_bac_luong", "giang_chuc", "cach_chuc", "buoc_thoi_viec")  # lightest first
DISCIPLINE_NAMES = {
    "khien_trach": "khiển trách",
    "canh_cao": "cảnh cáo",
    "ha_bac_luong": "hạ bậc lương",
    "giang_chuc": "giáng chức",
    "cach_chuc": "cách chức",
    "buoc_thoi_viec": "buộc thôi việc",
}
SCOPES = ("co_so", "tinh", "toan_quoc")  # narrowest first
SCOPE_NAMES = {"co_so": "cấp cơ sở", "tinh": "cấp bộ, ban, ngành, tỉnh", "toan_quoc": "toàn quốc"}


def rating_at_least(rating: str, floor: str) -> bool:
    return RATINGS.index(rating) <= RATINGS.index(floor)


def discipline_at_least(level: str, floor: str) -> bool:
    return DISCIPLINES.index(level) >= DISCIPLINES.index(floor)


def scope_at_least(scope: str, floor: str) -> bool:
    return SCOPES.index(scope) >= SCOPES.index(floor)


class Verdict(str, Enum):
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    INSUFFICIENT_DATA = "insufficient_data"
    NOT_IN_FORCE = "not_in_force"


@dataclass(frozen=True)
class Achievement:
    """An initiative (sáng kiến) or a research topic (đề tài), with the scope it was recognised at."""

    scope: str | None
    accepted: bool | None = None


@dataclass(frozen=True)
class YearRecord:
    """What one year holds for a person or a collective. Every field may be MISSING."""

    rating: Any = MISSING
    titles: Any = MISSING  # tuple of award codes conferred for that year
    initiatives: Any = MISSING  # tuple of Achievement
    topics: Any = MISSING
    discipline: Any = MISSING  # None (none) or a DISCIPLINES code
    absent_days: Any = MISSING
    maternity_days: Any = MISSING  # absence on maternity leave, not counted against the person
    registered: Any = MISSING  # registered for emulation at the start of the year
    months_at_unit: Any = MISSING  # when given, overrides what hired_on implies
    # Collectives
    members: Any = MISSING
    members_completed: Any = MISSING
    members_ldtt: Any = MISSING
    members_cstdcs: Any = MISSING
    members_disciplined: Any = MISSING  # tuple of DISCIPLINES codes


@dataclass(frozen=True)
class AwardHeld:
    award: str
    year: int


@dataclass(frozen=True)
class Service:
    direct_years: Any = MISSING
    sector_years: Any = MISSING
    manager: Any = MISSING


@dataclass(frozen=True)
class ScienceTask:
    level: str | None
    accepted: bool | None = None
    result: str | None = None


@dataclass(frozen=True)
class Subject:
    kind: str  # "individual" or "collective"
    hired_on: Any = MISSING
    years: dict[int, YearRecord] = field(default_factory=dict)
    awards: Any = MISSING  # tuple of AwardHeld
    service: Any = MISSING
    physician_titles: Any = MISSING  # tuple of AwardHeld
    science_tasks: Any = MISSING  # tuple of ScienceTask
    profession: Any = MISSING
    # (award code, year) pairs the subject registered for at the start of the year (đăng ký thi đua)
    registrations: Any = MISSING

    def year(self, year: int) -> YearRecord:
        return self.years.get(year, _EMPTY_YEAR)


_EMPTY_YEAR = YearRecord()


@dataclass(frozen=True)
class Situation:
    award: str
    year: int
    on: date
    subject: Subject
    # Stricter organisation rules that apply to the subject's unit (see thidua.rules.org_rules).
    org_rules: tuple = ()


@dataclass(frozen=True)
class Citation:
    document: str
    article: str
    clause: str = ""
    confidence: str = "S"

    def __str__(self) -> str:
        parts = [self.document, self.article] + ([self.clause] if self.clause else [])
        return ", ".join(parts)


@dataclass(frozen=True)
class CriterionResult:
    id: str
    met: bool | None
    explanation: str
    citation: str
    confidence: str = "S"
    for_council: bool = False  # judged by people (conduct, ethics): listed, never blocking

    def as_dict(self) -> dict:
        data = {"id": self.id, "met": self.met, "explanation": self.explanation, "citation": self.citation,
                "confidence": self.confidence}
        if self.for_council:
            data["for_council"] = True
        return data


@dataclass(frozen=True)
class Result:
    award: str
    year: int
    on: date
    verdict: Verdict
    regime: str
    criteria: tuple[CriterionResult, ...]

    def as_dict(self) -> dict:
        return {
            "award": self.award,
            "year": self.year,
            "on": self.on.isoformat(),
            "verdict": self.verdict.value,
            "regime": self.regime,
            "criteria": [c.as_dict() for c in self.criteria],
        }
