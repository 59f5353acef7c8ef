"""`evaluate(situation, award, on=date)`: the verdict, with one reason per criterion.

Award rules are functions registered with `@rule(award, since=…)`; a later `since` replaces an
earlier one from that date on (a change of logic is a dated criterion). A yearly title is judged by
the rules in force for the year judged (its last day, or the proposal date if earlier); a form of
commendation that looks back over several years by the rules in force on the proposal date, earlier
years counting where they meet those rules. No rule, no regime or an award not yet (or no longer) in
force on the date gives `not_in_force`, never a silent "no".
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Callable, Iterable

import yaml

from thidua.rules.catalogue import Award, award_get
from thidua.rules.model import (
    DISCIPLINE_NAMES,
    MISSING,
    RATING_NAMES,
    SCOPE_NAMES,
    CriterionResult,
    Result,
    Situation,
    Verdict,
    discipline_at_least,
    rating_at_least,
    scope_at_least,
)
from thidua.rules.params import DATA, DEFAULTS, NotInForce, Parameters, ParamValue

YEAR_END, PROPOSAL = "year_end", "proposal"


@dataclass(frozen=True)
class Rule:
    award: str
    since: date
    judged_at: str
    fn: Callable[["Context"], list[CriterionResult]]


RULES: dict[str, list[Rule]] = {}


def rule(award: str, *, since: date, judged_at: str = YEAR_END):
    """Register the criteria of `award` from `since` on."""

    def register(fn):
        RULES.setdefault(award, []).append(Rule(award, since, judged_at, fn))
        RULES[award].sort(key=lambda r: r.since)
        return fn

    return register


@dataclass(frozen=True)
class Regime:
    id: str
    name: str
    since: date
    until: date | None


@lru_cache(maxsize=1)
def regimes() -> tuple[Regime, ...]:
    raw = yaml.safe_load((DATA / "regimes.yaml").read_text(encoding="utf-8"))
    return tuple(Regime(r["id"], r["name"], r["from"], r.get("to")) for r in raw)


def regime_on(on: date) -> Regime | None:
    for regime in regimes():
        if regime.since <= on and (regime.until is None or on <= regime.until):
            return regime
    return None


def rule_for(award: str, on: date) -> Rule | None:
    found = None
    for candidate in RULES.get(award, ()):
        if candidate.since <= on:
            found = candidate
    return found


def judge_date(rule_: Rule, year: int, on: date) -> date:
    return min(date(year, 12, 31), on) if rule_.judged_at == YEAR_END else on


class Context:
    """What a rule function reads: the situation, parameters on the judging date, and helpers."""

    def __init__(self, situation: Situation, award: Award, year: int, on: date, judged: date, params: Parameters, cache: dict):
        self.situation = situation
        self.subject = situation.subject
        self.award = award
        self.year = year
        self.on = on
        self.judged = judged
        self.params = params
        self._cache = cache

    # --- parameters --------------------------------------------------------------------------
    def p(self, param_id: str, on: date | None = None) -> ParamValue:
        return self.params.get(param_id, on or self.judged)

    def p_or_none(self, param_id: str, on: date | None = None) -> ParamValue | None:
        try:
            return self.p(param_id, on)
        except NotInForce:
            return None

    # --- other awards, judged in the same run -------------------------------------------------
    def verdict_of(self, award: str, year: int) -> Result:
        key = (award, year)
        if key not in self._cache:
            self._cache[key] = _evaluate(self.situation, award, year, self.on, self.params, self._cache)
        return self._cache[key]

    def holds(self, award: str, year: int) -> bool | None:
        """Did the subject get `award` for `year`? Listed titles and awards count; for the year being
        judged an award not yet conferred counts when the subject qualifies for it now."""
        record = self.subject.year(year)
        if record.titles is not MISSING and award in record.titles:
            return True
        if self.subject.awards is not MISSING and any(a.award == award and a.year == year for a in self.subject.awards):
            return True
        if year == self.year and award != self.award:
            verdict = self.verdict_of(award, year).verdict
            return {Verdict.ELIGIBLE: True, Verdict.INELIGIBLE: False}.get(verdict)
        # Titles are listed year by year: a year whose titles nobody gave is unknown, not "none".
        return None if record.titles is MISSING else False

    def held_years(self, award: str) -> list[int]:
        years = set()
        for year, record in self.subject.years.items():
            if record.titles is not MISSING and award in record.titles:
                years.add(year)
        if self.subject.awards is not MISSING:
            years |= {a.year for a in self.subject.awards if a.award == award}
        return sorted(years)

    def chain(self, award: str, length: int, *, step: int = 1, end: int | None = None) -> tuple[bool | None, list[int]]:
        """`award` held in `length` consecutive periods ending at `end` (a gap breaks the chain)."""
        end = self.year if end is None else end
        years = [end - i * step for i in range(length)]
        states = [self.holds(award, y) for y in years]
        if all(s is True for s in states):
            return True, years
        if any(s is False for s in states):
            return False, [y for y, s in zip(years, states) if s is False]
        return None, [y for y, s in zip(years, states) if s is None]

    # --- one year's facts --------------------------------------------------------------------
    def months_at_unit(self, year: int) -> int | None:
        record = self.subject.year(year)
        if record.months_at_unit is not MISSING and record.months_at_unit is not None:
            return int(record.months_at_unit)
        hired = self.subject.hired_on
        if hired is MISSING or hired is None:
            return None
        if hired.year < year:
            return 12
        if hired.year > year:
            return 0
        # Whole calendar months from the hiring date to the end of the year.
        return 12 - hired.month + (1 if hired.day == 1 else 0)

    def achievements(self, years: Iterable[int], *, floor: str, kinds=("initiatives", "topics"), accepted_topics: bool = True) -> tuple[bool | None, list[str]]:
        """Initiatives or accepted topics recognised at `floor` scope or wider, in any of `years`."""
        found, unknown = [], False
        for year in years:
            record = self.subject.year(year)
            for kind in kinds:
                items = getattr(record, kind)
                if items is MISSING:
                    unknown = True
                    continue
                for item in items or ():
                    if item.scope is None:
                        unknown = True
                        continue
                    if kind == "topics" and accepted_topics and item.accepted is not True:
                        continue
                    if scope_at_least(item.scope, floor):
                        label = "sáng kiến" if kind == "initiatives" else "đề tài khoa học đã nghiệm thu"
                        found.append(f"{label} {SCOPE_NAMES[item.scope]} năm {year}")
        if found:
            return True, found
        return (None if unknown else False), found


# --- building criteria -------------------------------------------------------------------------


def criterion(id: str, met: bool | None, explanation: str, source: ParamValue | str, *, confidence: str | None = None) -> CriterionResult:
    if isinstance(source, ParamValue):
        return CriterionResult(id, met, explanation, source.cited, confidence or source.citation.confidence)
    return CriterionResult(id, met, explanation, source, confidence or "S")


def council(id: str, explanation: str, source: ParamValue | str) -> CriterionResult:
    """A criterion only people can judge (conduct, ethics): listed for the council, never blocking."""
    base = criterion(id, None, explanation + " — để Hội đồng thi đua – khen thưởng xác nhận.", source)
    return CriterionResult(base.id, None, base.explanation, base.citation, base.confidence, for_council=True)


def any_of(id: str, options: list[CriterionResult], *, none_text: str, citation: ParamValue | str) -> CriterionResult:
    """One of several routes: met when one is met, failed when all fail, unknown otherwise."""
    met = [o for o in options if o.met is True]
    if met:
        return criterion(id, True, met[0].explanation, citation)
    if all(o.met is False for o in options):
        return criterion(id, False, none_text, citation)
    unknown = "; ".join(o.explanation for o in options if o.met is None)
    return criterion(id, None, f"{none_text} Còn thiếu dữ liệu: {unknown}", citation)


def rating_name(code: str) -> str:
    return RATING_NAMES.get(code, code)


def discipline_name(code: str) -> str:
    return DISCIPLINE_NAMES.get(code, code)


def rating_criterion(ctx: Context, year: int, floor_param: str, id: str = "rating") -> CriterionResult:
    floor = ctx.p(floor_param)
    rating = ctx.subject.year(year).rating
    if rating is MISSING or rating is None:
        return criterion(id, None, f"Chưa có kết quả đánh giá, xếp loại năm {year}.", floor)
    ok = rating_at_least(rating, floor.value)
    verb = "đạt" if ok else "chưa đạt"
    return criterion(id, ok, f"Năm {year} được xếp loại {rating_name(rating)}, {verb} mức tối thiểu «{rating_name(floor.value)}».", floor)


def discipline_criterion(ctx: Context, year: int, param: str, id: str = "no_discipline") -> CriterionResult | None:
    """Excluded when disciplined at the level the parameter names or heavier; None when no such clause."""
    floor = ctx.p_or_none(param)
    if floor is None or floor.value is None:
        return None
    level = ctx.subject.year(year).discipline
    if level is MISSING:
        return criterion(id, None, f"Chưa có thông tin về kỷ luật năm {year}.", floor)
    if level is None:
        return criterion(id, True, f"Không bị kỷ luật trong năm {year}.", floor)
    excluded = discipline_at_least(level, floor.value)
    text = (f"Bị kỷ luật {discipline_name(level)} trong năm {year}: không được xét (từ mức {discipline_name(floor.value)} trở lên)."
            if excluded else f"Bị kỷ luật {discipline_name(level)} trong năm {year}, nhẹ hơn mức loại trừ ({discipline_name(floor.value)}).")
    return criterion(id, not excluded, text, floor)


def months_criterion(ctx: Context, year: int, param: str, id: str = "time_at_unit") -> CriterionResult:
    minimum = ctx.p(param)
    months = ctx.months_at_unit(year)
    if months is None:
        return criterion(id, None, f"Chưa có ngày tuyển dụng hoặc số tháng công tác trong năm {year}.", minimum)
    ok = months >= minimum.value
    return criterion(id, ok, f"Công tác {months} tháng trong năm {year} ({'đủ' if ok else 'chưa đủ'} {minimum.value} tháng).", minimum)


def absence_criterion(ctx: Context, year: int, param: str, id: str = "absence") -> CriterionResult | None:
    limit = ctx.p_or_none(param)
    if limit is None or limit.value is None:
        return None
    record = ctx.subject.year(year)
    if record.absent_days is MISSING or record.absent_days is None:
        return criterion(id, None, f"Chưa có số ngày nghỉ làm việc năm {year}.", limit)
    maternity = record.maternity_days if isinstance(record.maternity_days, int) else 0
    counted = max(0, record.absent_days - maternity)
    ok = counted < limit.value
    note = f" (không tính {maternity} ngày nghỉ thai sản)" if maternity else ""
    return criterion(id, ok, f"Nghỉ {counted} ngày làm việc trong năm {year}{note}; "
                     f"{'dưới' if ok else 'từ'} {limit.value} ngày {'nên không bị loại' if ok else 'trở lên thì không được xét'}.", limit)


# --- evaluation ---------------------------------------------------------------------------------


def combine(criteria: Iterable[CriterionResult]) -> Verdict:
    blocking = [c for c in criteria if not c.for_council]
    if any(c.met is False for c in blocking):
        return Verdict.INELIGIBLE
    if any(c.met is None for c in blocking):
        return Verdict.INSUFFICIENT_DATA
    return Verdict.ELIGIBLE


def _not_in_force(award: str, year: int, on: date, regime: str, why: str, citation: str = "") -> Result:
    return Result(award, year, on, Verdict.NOT_IN_FORCE, regime, (CriterionResult("in_force", None, why, citation, "V"),))


def _evaluate(situation: Situation, award_code: str, year: int, on: date, params: Parameters, cache: dict) -> Result:
    award = award_get(award_code)
    if not award.in_force_on(on):
        return _not_in_force(award_code, year, on, "", f"Ngày {on:%d/%m/%Y} không có quy định nào về «{award.name}» đang có hiệu lực.", str(award.citation))
    variants = RULES.get(award_code)
    # Every variant of one award is judged at the same moment (year end or proposal).
    judged = judge_date(variants[0], year, on) if variants else on
    chosen = rule_for(award_code, judged)
    if chosen is None:
        return _not_in_force(award_code, year, on, "", f"Chưa có quy định về «{award.name}» áp dụng cho năm {year}.", str(award.citation))
    regime = regime_on(judged)
    if regime is None:
        return _not_in_force(award_code, year, on, "", f"Ngày {judged:%d/%m/%Y} nằm ngoài các giai đoạn pháp lý hệ thống áp dụng.")
    subject_kind = situation.subject.kind
    if award.subject != "both" and award.subject != subject_kind:
        wrong = CriterionResult("subject_kind", False, f"«{award.name}» chỉ xét cho {'cá nhân' if award.subject == 'individual' else 'tập thể'}.", str(award.citation), "V")
        return Result(award_code, year, on, Verdict.INELIGIBLE, regime.id, (wrong,))
    ctx = Context(situation, award, year, on, judged, params, cache)
    try:
        criteria = list(chosen.fn(ctx))
    except NotInForce as exc:
        return _not_in_force(award_code, year, on, regime.id, f"Tham số «{exc.args[0]}» chưa có giá trị áp dụng cho ngày {judged:%d/%m/%Y}.")
    from thidua.rules.org_rules import apply_org_rules

    criteria += apply_org_rules(ctx, situation.org_rules)
    return Result(award_code, year, on, combine(criteria), regime.id, tuple(criteria))


def evaluate(situation: Situation, award: str | None = None, *, on: date | None = None, year: int | None = None,
             params: Parameters = DEFAULTS) -> Result:
    """The verdict on `award` (default: the situation's) for `year`, proposed on `on`."""
    import thidua.rules.awards  # noqa: F401  (registers every award's rules)

    return _evaluate(situation, award or situation.award, year or situation.year, on or situation.on, params, {})
