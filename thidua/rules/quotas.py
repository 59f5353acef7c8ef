"""Quotas over a set of proposals: how many of one award a unit, or the whole country, may propose in a year.

`check_quotas(proposals, year=…)` is pure: it takes the proposals of one round in the order the officer
listed them and returns, per quota, the limit, the count, the proposals beyond the limit and a Vietnamese
explanation with its citation. Beyond a cap the **later** proposals in the order given exceed; nothing is
reordered, so the same list always gives the same answer.

Quotas known (parameters in `data/params/quotas.yaml`, dated, each with its citation):
- Chiến sĩ thi đua cơ sở: at most a share (15 %) of the unit's Lao động tiên tiến (+ Chiến sĩ tiên tiến),
  rounded as the parameter `quota.cstdcs.rounding` says (down by default);
- the confederation's theme awards: at most 4 proposals per provincial federation / central sector union per
  theme per year (unit exceptions as a parameter), and at most 300 per theme per year nationwide, counted
  over the proposals within their unit's cap.
Parameters are those in force on the last day of the year judged (or the proposal date if earlier).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any, Iterable

from thidua.rules.catalogue import award_get
from thidua.rules.params import DEFAULTS, NotInForce, Parameters, ParamValue, RuleDataError

CSTDCS = "chien_si_thi_dua_co_so"

CSTDCS_SHARE, THEME_PER_PROPOSER, THEME_NATIONAL = "cstdcs_share", "theme_per_proposer", "theme_national"

ROUNDINGS = {
    "floor": (ROUND_FLOOR, "làm tròn xuống"),
    "half_up": (ROUND_HALF_UP, "làm tròn đến số nguyên gần nhất"),
    "ceil": (ROUND_CEILING, "làm tròn lên"),
}

OK, EXCEEDED, UNKNOWN, NOT_IN_FORCE = "ok", "exceeded", "insufficient_data", "not_in_force"


class QuotaInputError(ValueError):
    """The list of proposals is not usable; the message is Vietnamese and says what to fix."""


@dataclass(frozen=True)
class Proposal:
    id: str
    award: str
    unit: str  # the proposing unit's code (for CSTĐCS the unit whose head confers it)
    ldtt_count: int | None = None  # CSTĐCS only: the unit's number of Lao động tiên tiến (+ Chiến sĩ tiên tiến)


@dataclass(frozen=True)
class QuotaCheck:
    quota: str  # CSTDCS_SHARE, THEME_PER_PROPOSER or THEME_NATIONAL
    award: str
    unit: str | None  # None for the nationwide cap
    status: str  # ok, exceeded, insufficient_data, not_in_force
    limit: int | None
    proposed: int
    excess: int
    within: tuple[str, ...]  # proposal ids within the cap, in the order given
    over: tuple[str, ...]  # proposal ids beyond the cap, in the order given
    rounding: str | None  # CSTĐCS only: the rounding mode used
    explanation: str
    citation: str
    confidence: str

    def as_dict(self) -> dict:
        return {
            "quota": self.quota, "award": self.award, "unit": self.unit, "status": self.status, "limit": self.limit,
            "proposed": self.proposed, "excess": self.excess, "within": list(self.within), "over": list(self.over),
            "rounding": self.rounding, "explanation": self.explanation, "citation": self.citation,
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class QuotaReport:
    year: int
    on: date
    checks: tuple[QuotaCheck, ...]

    @property
    def exceeding(self) -> dict[str, tuple[str, ...]]:
        """Proposal id → the quotas it exceeds (only proposals that exceed one)."""
        out: dict[str, list[str]] = {}
        for check in self.checks:
            for pid in check.over:
                out.setdefault(pid, []).append(check.quota)
        return {pid: tuple(quotas) for pid, quotas in out.items()}

    def as_dict(self) -> dict:
        return {"year": self.year, "on": self.on.isoformat(), "checks": [c.as_dict() for c in self.checks],
                "exceeding": {pid: list(q) for pid, q in self.exceeding.items()}}


# --- input -------------------------------------------------------------------------------------------------


def _proposal(raw: Any, index: int) -> Proposal:
    if isinstance(raw, Proposal):
        p = raw
    elif isinstance(raw, dict):
        p = Proposal(raw.get("id"), raw.get("award"), raw.get("unit"), raw.get("ldtt_count"))
    else:
        raise QuotaInputError(f"Đề nghị thứ {index + 1} phải là một đối tượng có «id», «award», «unit».")
    where = f"Đề nghị thứ {index + 1}"
    if p.id is None or str(p.id) == "":
        raise QuotaInputError(f"{where} thiếu mã đề nghị («id»).")
    if not p.award:
        raise QuotaInputError(f"{where} («{p.id}») thiếu mã danh hiệu, hình thức khen thưởng («award»).")
    if not p.unit:
        raise QuotaInputError(f"{where} («{p.id}») thiếu mã đơn vị đề nghị («unit»).")
    if p.ldtt_count is not None and (isinstance(p.ldtt_count, bool) or not isinstance(p.ldtt_count, int) or p.ldtt_count < 0):
        raise QuotaInputError(f"{where} («{p.id}»): số Lao động tiên tiến «{p.ldtt_count}» phải là số nguyên từ 0 trở lên.")
    return Proposal(str(p.id), str(p.award), str(p.unit), p.ldtt_count)


def _proposals(raw: Iterable[Any]) -> list[Proposal]:
    out, seen = [], set()
    for i, item in enumerate(raw):
        p = _proposal(item, i)
        if p.id in seen:
            raise QuotaInputError(f"Mã đề nghị «{p.id}» xuất hiện hai lần trong danh sách.")
        seen.add(p.id)
        out.append(p)
    return out


# --- helpers -----------------------------------------------------------------------------------------------


def _percent_text(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def _split(ids: list[str], limit: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(ids[:limit]), tuple(ids[limit:])


def _over_text(over: tuple[str, ...]) -> str:
    return f"vượt {len(over)} (các đề nghị sau cùng theo thứ tự danh sách: {', '.join(over)})" if over else "không vượt"


def cstdcs_limit(ldtt: int, percent: Any, rounding: str) -> int:
    """The most CSTĐCS a unit with `ldtt` Lao động tiên tiến may have: ldtt × percent %, rounded by `rounding`."""
    if rounding not in ROUNDINGS:
        raise RuleDataError(f"quota.cstdcs.rounding: unknown rounding mode {rounding!r}")
    exact = Decimal(ldtt) * Decimal(str(percent)) / Decimal(100)
    return int(exact.to_integral_value(rounding=ROUNDINGS[rounding][0]))


def _not_in_force(quota: str, award: str, unit: str | None, ids: list[str], what: str, judged: date) -> QuotaCheck:
    return QuotaCheck(quota, award, unit, NOT_IN_FORCE, None, len(ids), 0, tuple(ids), (), None,
                      f"Ngày {judged:%d/%m/%Y} chưa có quy định về {what} trong dữ liệu của hệ thống.", "", "U")


# --- the quotas --------------------------------------------------------------------------------------------


def _cstdcs(proposals: list[Proposal], judged: date, params: Parameters) -> list[QuotaCheck]:
    units: dict[str, list[Proposal]] = {}
    for p in proposals:
        if p.award == CSTDCS:
            units.setdefault(p.unit, []).append(p)
    checks = []
    for unit, items in units.items():
        ids = [p.id for p in items]
        counts = {p.ldtt_count for p in items if p.ldtt_count is not None}
        if len(counts) > 1:
            raise QuotaInputError(f"Các đề nghị Chiến sĩ thi đua cơ sở của đơn vị «{unit}» ghi số Lao động tiên tiến khác nhau "
                                  f"({', '.join(map(str, sorted(counts)))}): hãy thống nhất một số.")
        try:
            percent: ParamValue = params.get("quota.cstdcs.max_percent", judged)
            rounding: ParamValue = params.get("quota.cstdcs.rounding", judged)
        except NotInForce:
            checks.append(_not_in_force(CSTDCS_SHARE, CSTDCS, unit, ids, "tỷ lệ Chiến sĩ thi đua cơ sở", judged))
            continue
        pct = Decimal(str(percent.value))
        mode_text = ROUNDINGS[rounding.value][1] if rounding.value in ROUNDINGS else rounding.value
        citation = f"{percent.cited}; làm tròn: {rounding.cited}"
        confidence = max(percent.citation.confidence, rounding.citation.confidence, key="VSU".index)
        if not counts:
            checks.append(QuotaCheck(CSTDCS_SHARE, CSTDCS, unit, UNKNOWN, None, len(ids), 0, (), (), rounding.value,
                                     f"Đơn vị {unit} chưa có số Lao động tiên tiến nên chưa tính được số Chiến sĩ thi đua cơ sở tối đa "
                                     f"({_percent_text(pct)} %, {mode_text}); đề nghị {len(ids)}.", citation, confidence))
            continue
        ldtt = counts.pop()
        limit = cstdcs_limit(ldtt, pct, rounding.value)
        within, over = _split(ids, limit)
        text = (f"Đơn vị {unit} có {ldtt} Lao động tiên tiến, tối đa {_percent_text(pct)} % = {limit} Chiến sĩ thi đua cơ sở "
                f"({mode_text}); đề nghị {len(ids)}, {_over_text(over)}")
        checks.append(QuotaCheck(CSTDCS_SHARE, CSTDCS, unit, EXCEEDED if over else OK, limit, len(ids), len(over), within, over,
                                 rounding.value, text, citation, confidence))
    return checks


def _themes(proposals: list[Proposal], year: int, judged: date, params: Parameters) -> list[QuotaCheck]:
    if not _in_force(params, "quota.theme.awards", judged):
        # Before the first regulation the system knows, the theme awards themselves are not in force.
        themed = [p for p in proposals if _is_theme_award(p.award)]
        if not themed:
            return []
        by_award: dict[str, list[str]] = {}
        for p in themed:
            by_award.setdefault(p.award, []).append(p.id)
        return [_not_in_force(THEME_NATIONAL, a, None, ids, "hạn mức Bằng khen chuyên đề", judged) for a, ids in by_award.items()]
    awards = params.get("quota.theme.awards", judged).value
    per_proposer = params.get("quota.theme.per_proposer", judged)
    exceptions = params.get("quota.theme.per_proposer_exceptions", judged)
    national = params.get("quota.theme.national", judged)
    checks = []
    for award in awards:
        items = [p for p in proposals if p.award == award]
        if not items:
            continue
        name = award_get(award).name
        units: dict[str, list[str]] = {}
        for p in items:
            units.setdefault(p.unit, []).append(p.id)
        counted: set[str] = set()
        for unit, ids in units.items():
            special = (exceptions.value or {}).get(unit)
            cap, source = (int(special), exceptions) if special is not None else (per_proposer.value, per_proposer)
            within, over = _split(ids, cap)
            counted |= set(within)
            note = " (hạn mức riêng của đơn vị này)" if special is not None else ""
            text = (f"Đơn vị {unit} đề nghị {len(ids)} «{name}» năm {year}, tối đa {cap} mỗi Liên đoàn Lao động tỉnh, thành phố, "
                    f"Công đoàn ngành Trung ương cho một chuyên đề{note}; {_over_text(over)}")
            checks.append(QuotaCheck(THEME_PER_PROPOSER, award, unit, EXCEEDED if over else OK, cap, len(ids), len(over), within, over,
                                     None, text, source.cited, source.citation.confidence))
        # Nationwide: the proposals within their unit's cap, in the order given.
        ids = [p.id for p in items if p.id in counted]
        within, over = _split(ids, national.value)
        text = (f"Toàn quốc có {len(ids)} đề nghị «{name}» năm {year} trong hạn mức của từng đơn vị, "
                f"tối đa {national.value} Bằng khen cho một chuyên đề trong một năm; {_over_text(over)}")
        checks.append(QuotaCheck(THEME_NATIONAL, award, None, EXCEEDED if over else OK, national.value, len(ids), len(over),
                                 within, over, None, text, national.cited, national.citation.confidence))
    return checks


def _in_force(params: Parameters, param_id: str, on: date) -> bool:
    try:
        params.get(param_id, on)
        return True
    except NotInForce:
        return False


def _is_theme_award(code: str) -> bool:
    try:
        award = award_get(code)
    except LookupError:
        return False
    return award.kind == "theme" and "confederation" in award.conferred_by


def check_quotas(proposals: Iterable[Proposal | dict], *, year: int, on: date | None = None,
                 params: Parameters = DEFAULTS) -> QuotaReport:
    """Every quota over one round of proposals for `year`, proposed on `on` (default 15 January of the next year).

    A proposal is a `Proposal` or a dict with `id`, `award`, `unit` and, for Chiến sĩ thi đua cơ sở,
    `ldtt_count`. Proposals of awards without a quota are ignored.
    """
    on = on or date(year + 1, 1, 15)
    judged = min(date(year, 12, 31), on)
    items = _proposals(proposals)
    return QuotaReport(year, on, tuple(_cstdcs(items, judged, params) + _themes(items, year, judged, params)))
