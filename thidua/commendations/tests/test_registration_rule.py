"""Registrations (thidua.registrations) reach the rules: with the organisation rule «registered_for_award»,
a person otherwise eligible needs their registration for the title that year, on their page and in a batch run."""
from __future__ import annotations

from datetime import date

import pytest

from thidua.commendations.models import EligibilityResult
from thidua.commendations.selectors import eligibility_for_person, eligibility_for_unit
from thidua.commendations.services import eligibility_run, organisation_rule_add
from thidua.core.permissions import SYSTEM
from thidua.registrations.services import registration_create, registration_withdraw, round_open

LDTT = "lao_dong_tien_tien"
ON = date(2025, 1, 15)


@pytest.fixture
def rule_on(tree):
    return organisation_rule_add(
        actor=SYSTEM, organisation=tree.bach_mai, kind="registered_for_award", awards=[LDTT, "tap_the_lao_dong_tien_tien"],
        value=True, since=date(2024, 1, 1), document="Quy chế thi đua 12/QC-CĐBM", article="Điều 5",
    )


@pytest.fixture
def round_2024(tree):
    return round_open(actor=SYSTEM, organisation=tree.hanoi, year=2024, deadline=date(2024, 1, 31), on=date(2024, 1, 2))


def _ldtt(person):
    result = next(r for r in eligibility_for_person(actor=SYSTEM, person=person, year=2024, on=ON) if r.award == LDTT)
    return result, next((c for c in result.criteria if c.id.startswith("org:")), None)


def test_without_registration_an_otherwise_eligible_nurse_is_told_the_registration_is_missing(tree, helpers, rule_on):
    helpers.record_years(tree.hoa, {2024: "HTTNV"})
    result, reason = _ldtt(tree.hoa)
    assert result.verdict.value == "ineligible"
    assert reason.met is False
    assert "Chưa đăng ký danh hiệu «Lao động tiên tiến» năm 2024" in reason.explanation


def test_with_her_registration_she_is_eligible_and_a_withdrawn_one_does_not_count(tree, helpers, rule_on, round_2024):
    helpers.record_years(tree.hoa, {2024: "HTTNV"})
    registration = registration_create(actor=SYSTEM, round=round_2024, unit=tree.bach_mai, award=LDTT, on=date(2024, 1, 20),
                                       person=tree.hoa)
    result, reason = _ldtt(tree.hoa)
    assert result.verdict.value == "eligible" and reason.met is True
    registration_withdraw(actor=SYSTEM, registration=registration, on=date(2024, 6, 1), reason="Xin rút")
    assert _ldtt(tree.hoa)[0].verdict.value == "ineligible"


def test_the_batch_run_reads_the_registrations_too(tree, helpers, rule_on, round_2024):
    helpers.record_years(tree.hoa, {2024: "HTTNV"})
    helpers.record_years(tree.duc, {2024: "HTTNV"})
    registration_create(actor=SYSTEM, round=round_2024, unit=tree.bach_mai, award=LDTT, on=date(2024, 1, 20), person=tree.duc)
    run = eligibility_run(actor=SYSTEM, organisation=tree.bach_mai, year=2024, on=ON, awards=[LDTT])
    verdicts = dict(EligibilityResult.objects.filter(run=run).values_list("person__full_name", "verdict"))
    assert verdicts == {"Nguyễn Văn Đức": "eligible", "Trần Thị Hòa": "ineligible"}
    failed = EligibilityResult.objects.get(run=run, person=tree.hoa).failed
    assert failed == f"org:{rule_on.pk}"


def test_a_collective_needs_its_own_registration(tree, rule_on, round_2024):
    def reason():
        result = next(r for r in eligibility_for_unit(actor=SYSTEM, organisation=tree.cardio, year=2024, on=ON)
                      if r.award == "tap_the_lao_dong_tien_tien")
        return next(c for c in result.criteria if c.id.startswith("org:"))

    assert reason().met is False and "Chưa đăng ký danh hiệu «Tập thể lao động tiên tiến» năm 2024" in reason().explanation
    registration_create(actor=SYSTEM, round=round_2024, unit=tree.bach_mai, award="tap_the_lao_dong_tien_tien",
                        on=date(2024, 1, 20), organisation=tree.cardio)
    assert reason().met is True


def test_the_rule_does_not_touch_people_outside_the_organisations_subtree(tree, helpers, rule_on):
    helpers.record_years(tree.lan, {2024: "HTTNV"})
    result, reason = _ldtt(tree.lan)
    assert reason is None and result.verdict.value == "eligible"


@pytest.mark.parametrize("kind", ["require_registration", "registered_for_award"])
def test_a_registration_rule_takes_only_yes(tree, kind):
    from thidua.commendations.models import OrganisationRule
    from thidua.core.errors import UserError

    with pytest.raises(UserError, match="chỉ nhận giá trị có"):
        organisation_rule_add(actor=SYSTEM, organisation=tree.bach_mai, kind=kind, awards=[LDTT], value=5,
                              since=date(2024, 1, 1), document="Quy chế thi đua 12/QC-CĐBM", article="Điều 5")
    assert not OrganisationRule.objects.exists()
