"""Verdicts as people read them: Vietnamese labels, marks per criterion, award and regime names.

Shared by the pages (person, unit, runs) and the API, so a verdict is named the same everywhere.
Pure presentation: nothing here reads the database.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from thidua.core.scales import Confidence
from thidua.rules import Result, catalogue
from thidua.rules.catalogue import CATEGORIES
from thidua.rules.engine import regimes

# The words of the pages (the brief of issue 3): "Chưa đủ" rather than "Không đủ", since a verdict
# can change as the records are completed or the year goes on.
VERDICT_LABELS = {
    "eligible": "Đủ điều kiện",
    "ineligible": "Chưa đủ điều kiện",
    "insufficient_data": "Thiếu dữ liệu",
    "not_in_force": "Chưa có quy định áp dụng",
}
VERDICT_ORDER = tuple(VERDICT_LABELS)

CONFIDENCE_LABELS = dict(Confidence.choices)

MARKS = {True: ("✓", "Đạt", "met"), False: ("✗", "Không đạt", "unmet"), None: ("?", "Chưa rõ", "unknown")}


def verdict_label(verdict: str) -> str:
    return VERDICT_LABELS.get(verdict, verdict)


def award_name(code: str) -> str:
    award = catalogue().get(code)
    return award.name if award else code


def regime_name(regime_id: str) -> str:
    for regime in regimes():
        if regime.id == regime_id:
            return regime.name
    return regime_id


def award_choices(*, subject: str | None = None, codes=None) -> list[tuple[str, str]]:
    """(code, name) of the catalogue, in its order; only those for `subject`, or only `codes`."""
    out = []
    for code, award in catalogue().items():
        if codes is not None and code not in codes:
            continue
        if subject and award.subject not in (subject, "both"):
            continue
        out.append((code, award.name))
    return out


@dataclass
class CriterionRow:
    id: str
    mark: str
    mark_label: str
    css: str
    explanation: str
    citation: str
    confidence: str
    confidence_label: str
    for_council: bool


@dataclass
class VerdictRow:
    award: str
    name: str
    category: str
    verdict: str
    label: str
    regime: str
    criteria: list[CriterionRow] = field(default_factory=list)

    @property
    def council_count(self) -> int:
        return sum(1 for c in self.criteria if c.for_council)


def criterion_rows(result: Result) -> list[CriterionRow]:
    rows = []
    for c in result.criteria:
        # A criterion for the council keeps its mark (usually "?"), tagged as such by the template.
        mark, label, css = MARKS[c.met]
        rows.append(CriterionRow(
            id=c.id, mark=mark, mark_label=label, css=css, explanation=c.explanation, citation=c.citation,
            confidence=c.confidence, confidence_label=CONFIDENCE_LABELS.get(c.confidence, c.confidence),
            for_council=c.for_council,
        ))
    return rows


def verdict_row(result: Result) -> VerdictRow:
    award = catalogue().get(result.award)
    return VerdictRow(
        award=result.award, name=award.name if award else result.award,
        category=award.category if award else "", verdict=result.verdict.value,
        label=verdict_label(result.verdict.value), regime=regime_name(result.regime) if result.regime else "",
        criteria=criterion_rows(result),
    )


@dataclass
class VerdictGroup:
    title: str
    rows: list[VerdictRow]


def verdict_groups(results: list[Result]) -> list[VerdictGroup]:
    """The verdicts grouped as the law does: emulation titles first, then forms of commendation."""
    rows = [verdict_row(r) for r in results]
    groups = []
    for category, title in CATEGORIES.items():
        chosen = [r for r in rows if r.category == category]
        if chosen:
            groups.append(VerdictGroup(title, chosen))
    rest = [r for r in rows if r.category not in CATEGORIES]
    if rest:
        groups.append(VerdictGroup("Khác", rest))
    return groups


def verdict_totals(results: list[Result]) -> list[tuple[str, str, int]]:
    """(verdict, label, count) for every verdict, in a fixed order."""
    counts = {v: 0 for v in VERDICT_ORDER}
    for r in results:
        counts[r.verdict.value] = counts.get(r.verdict.value, 0) + 1
    return [(v, verdict_label(v), counts[v]) for v in VERDICT_ORDER]


def verdict_dict(result: Result) -> dict:
    """The contract's verdict JSON (contracts/rules-check.md), with the award's name added."""
    return {**result.as_dict(), "name": award_name(result.award)}


def json_text(value) -> str:
    """A parameter or rule value as typed back into a form: JSON, except plain text stays plain."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def parse_value(text: str):
    """What an officer types as a value: JSON when it reads as JSON (15, true, ["a"], null), else the text."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return json.loads(text, parse_constant=_no_constant)
    except ValueError:
        return text


def _no_constant(name: str):
    # NaN and Infinity are not JSON, and PostgreSQL would refuse to store them.
    raise ValueError(name)
