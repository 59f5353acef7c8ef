"""The legal cases: one YAML file per award in cases/, each case named as a sentence."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from thidua.rules import evaluate, parse_case
from thidua.rules.org_rules import OrgRule
from thidua.rules.model import Citation

CASES = Path(__file__).parent / "cases"


class CaseLoader(yaml.SafeLoader):
    """YAML 1.1 reads `on:` (the proposal date) as the boolean true; only true/false are booleans here."""


CaseLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
CaseLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def _load():
    for path in sorted(CASES.glob("*.yaml")):
        spec = yaml.load(path.read_text(encoding="utf-8"), Loader=CaseLoader)
        for case in spec["cases"]:
            yield pytest.param(spec["award"], case, id=f"{path.stem}: {case['name']}")


def _org_rules(raw):
    return tuple(
        OrgRule(r["id"], r["organisation"], tuple(r["awards"]), r["kind"], r["value"], r["since"], r.get("until"),
                Citation(r["citation"]["document"], r["citation"]["article"], r["citation"].get("clause", ""), r["citation"].get("confidence", "V")))
        for r in raw or ()
    )


def test_the_proposal_date_is_read_as_a_date():
    case = yaml.load("on: 2025-01-10\nflag: true", Loader=CaseLoader)
    assert str(case["on"]) == "2025-01-10" and case["flag"] is True


@pytest.mark.parametrize("award, case", list(_load()))
def test_legal_case(award, case):
    situation = parse_case({"award": case.get("award", award), "year": case["year"], "on": case.get("on"), "subject": case["subject"]})
    if case.get("org_rules"):
        from dataclasses import replace

        situation = replace(situation, org_rules=_org_rules(case["org_rules"]))
    result = evaluate(situation)
    expected = case["expect"]
    explained = "\n".join(f"  {c.id}: {c.met} — {c.explanation} [{c.citation}]" for c in result.criteria)
    assert result.verdict.value == expected["verdict"], f"{result.verdict.value} ≠ {expected['verdict']}\n{explained}"
    met = {c.id: c.met for c in result.criteria}
    for criterion_id, value in (expected.get("criteria") or {}).items():
        assert criterion_id in met, f"no criterion {criterion_id}\n{explained}"
        assert met[criterion_id] == value, f"{criterion_id}: {met[criterion_id]} ≠ {value}\n{explained}"
    if "regime" in expected:
        assert result.regime == expected["regime"]
    for c in result.criteria:
        assert c.citation and c.explanation, c
