"""Stricter criteria an organisation adds for its subtree, with dates of effect, as data.

The law lets ministries, provinces and the union detail its criteria; one health union's grassroots
rules, for example, excluded from its yearly titles anyone absent 40 or more working days
(maternity leave excepted), anyone not registered for emulation that year, anyone employed under
10 months and anyone disciplined. Each such rule is shown in the verdict with the organisation's own
document as citation.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from thidua.rules.model import MISSING, Citation, CriterionResult, discipline_at_least

KINDS = {
    "min_months": "Thời gian công tác tối thiểu trong năm (tháng)",
    "max_absent_days": "Số ngày nghỉ làm việc tối đa trong năm (không tính nghỉ thai sản)",
    # The yes/no "registered" of the yearly appraisal, where a unit records no registrations itself.
    "require_registration": "Phải đăng ký thi đua từ đầu năm (theo phiếu đánh giá cuối năm)",
    "no_discipline_from": "Không bị kỷ luật từ mức này trở lên",
    # Read from the registrations themselves (thidua.registrations): registered for this very award that year.
    "registered_for_award": "Phải có tên trong sổ đăng ký thi đua cho chính danh hiệu này",
}


@dataclass(frozen=True)
class OrgRule:
    id: str
    organisation: str  # the organisation's name, as shown in the verdict
    awards: tuple[str, ...]
    kind: str
    value: Any
    since: date
    until: date | None
    citation: Citation

    def applies(self, award: str, on: date) -> bool:
        return award in self.awards and self.since <= on and (self.until is None or on <= self.until)


def _result(rule: OrgRule, met: bool | None, text: str) -> CriterionResult:
    return CriterionResult(f"org:{rule.id}", met, f"{text} (quy định của {rule.organisation})", str(rule.citation), rule.citation.confidence)


def apply_org_rules(ctx, rules) -> list[CriterionResult]:
    out = []
    year = ctx.subject.year(ctx.year)
    for rule in rules:
        if not rule.applies(ctx.award.code, ctx.judged):
            continue
        if rule.kind == "min_months":
            months = ctx.months_at_unit(ctx.year)
            if months is None:
                out.append(_result(rule, None, f"Chưa có số tháng công tác năm {ctx.year}"))
            else:
                out.append(_result(rule, months >= rule.value, f"Công tác {months} tháng trong năm {ctx.year}, yêu cầu tối thiểu {rule.value} tháng"))
        elif rule.kind == "max_absent_days":
            if year.absent_days is MISSING or year.absent_days is None:
                out.append(_result(rule, None, f"Chưa có số ngày nghỉ năm {ctx.year}"))
            else:
                maternity = year.maternity_days if isinstance(year.maternity_days, int) else 0
                counted = max(0, year.absent_days - maternity)
                out.append(_result(rule, counted < rule.value, f"Nghỉ {counted} ngày (không tính thai sản), giới hạn dưới {rule.value} ngày"))
        elif rule.kind == "require_registration":
            if year.registered is MISSING or year.registered is None:
                out.append(_result(rule, None, f"Chưa rõ đã đăng ký thi đua năm {ctx.year} hay chưa"))
            else:
                out.append(_result(rule, bool(year.registered), f"{'Đã' if year.registered else 'Chưa'} đăng ký thi đua năm {ctx.year}"))
        elif rule.kind == "registered_for_award":
            out.append(_registration_result(rule, ctx))
        elif rule.kind == "no_discipline_from":
            if year.discipline is MISSING:
                out.append(_result(rule, None, f"Chưa có thông tin kỷ luật năm {ctx.year}"))
            else:
                bad = year.discipline is not None and discipline_at_least(year.discipline, rule.value)
                out.append(_result(rule, not bad, f"{'Bị' if bad else 'Không bị'} kỷ luật từ mức {rule.value} trở lên trong năm {ctx.year}"))
    return out


def _registration_result(rule: OrgRule, ctx) -> CriterionResult:
    """Registered at the start of the judged year for the award judged (a withdrawn registration is none)."""
    held = ctx.subject.registrations
    name = ctx.award.name
    if held is MISSING or held is None:
        return _result(rule, None, f"Chưa có dữ liệu đăng ký thi đua năm {ctx.year}")
    if (ctx.award.code, ctx.year) in held:
        return _result(rule, True, f"Đã đăng ký danh hiệu «{name}» từ đầu năm {ctx.year}")
    return _result(rule, False, f"Chưa đăng ký danh hiệu «{name}» năm {ctx.year}: danh hiệu này phải được đăng ký thi đua từ đầu năm")
