"""Situations built from the records, and a person's verdicts end to end."""
from __future__ import annotations

from datetime import date

import pytest

from thidua.commendations.selectors import (
    eligibility_for_person,
    eligibility_for_unit,
    situation_for_person,
    situation_for_unit,
)
from thidua.commendations.services import award_revoke, organisation_rule_add
from thidua.commendations.tests.conftest import ON, give, initiative, record_years
from thidua.core.errors import NotFound, UserError
from thidua.core.models import Role
from thidua.core.permissions import SYSTEM
from thidua.organisations.services import org_appraisal_record
from thidua.people.models import Employment
from thidua.people.services import appraisal_record
from thidua.rules import MISSING, evaluate
from thidua.rules.model import Achievement, AwardHeld

CSTDCS, LDTT = "chien_si_thi_dua_co_so", "lao_dong_tien_tien"


def _by_award(results):
    return {r.award: r for r in results}


def test_a_year_with_an_appraisal_becomes_known_facts(tree):
    appraisal_record(actor=SYSTEM, person=tree.duc, year=2024, rating="HTXSNV", discipline="", absent_days=12,
                     maternity_days=0, registered=True)
    give(tree.duc, LDTT, 2023)
    initiative(tree.duc, tree.bach_mai, 2024, scope="tinh")
    situation = situation_for_person(actor=SYSTEM, person=tree.duc, award=CSTDCS, year=2024, on=ON)
    year = situation.subject.year(2024)
    assert (year.rating, year.discipline, year.absent_days, year.registered) == ("HTXSNV", None, 12, True)
    assert year.initiatives == (Achievement("tinh", True),)
    assert year.titles == ()  # a year the platform holds: no title recorded means none
    assert situation.subject.year(2023).titles == (LDTT,)
    assert situation.subject.hired_on == date(2020, 1, 1)
    assert year.months_at_unit == 12
    assert situation.subject.profession == "doctor"
    assert situation.subject.service.direct_years == 5  # 2020-01-01 .. 2025-01-15


def test_a_year_without_a_record_is_missing_and_gives_insufficient_data(tree):
    record_years(tree.hoa, {2023: "HTXSNV"})
    situation = situation_for_person(actor=SYSTEM, person=tree.hoa, award=LDTT, year=2024, on=ON)
    year = situation.subject.year(2024)
    assert year.rating is MISSING and year.discipline is MISSING and year.absent_days is MISSING and year.titles is MISSING
    result = evaluate(situation)
    assert result.verdict.value == "insufficient_data"
    assert {c.id: c.met for c in result.criteria}["rating"] is None


def test_time_at_the_unit_counts_continuous_employment_across_a_transfer(tree):
    employment = Employment.objects.get(person=tree.hoa)
    employment.start, employment.end = date(2024, 3, 1), date(2024, 6, 14)
    employment.save()
    Employment.objects.create(person=tree.hoa, organisation=tree.cardio, start=date(2024, 6, 15), profession="nurse")
    record_years(tree.hoa, {2024: "HTTNV"})
    subject = situation_for_person(actor=SYSTEM, person=tree.hoa, award=LDTT, year=2024, on=ON).subject
    assert subject.hired_on == date(2024, 3, 1)
    assert subject.year(2024).months_at_unit == 10
    assert subject.year(2023).months_at_unit == 0


def test_a_revoked_award_is_not_counted(tree):
    record_years(tree.duc, {2023: "HTXSNV", 2024: "HTXSNV"})
    kept, revoked = give(tree.duc, LDTT, 2023), give(tree.duc, "chien_si_thi_dua_co_so", 2023)
    award_revoke(actor=SYSTEM, record=revoked, on=date(2025, 3, 1), reason="Kê khai sai thành tích")
    subject = situation_for_person(actor=SYSTEM, person=tree.duc, award=CSTDCS, year=2024, on=ON).subject
    assert subject.year(2023).titles == (LDTT,)
    assert kept.revoked_on is None


def test_forms_of_commendation_are_awards_held(tree):
    record_years(tree.duc, {2024: "HTTNV"})
    from thidua.rules import catalogue

    forms = [code for code, award in catalogue().items() if award.category == "form" and award.subject in ("individual", "both")]
    if not forms:
        pytest.skip("no form of commendation in the catalogue yet")
    give(tree.duc, forms[0], 2022)
    subject = situation_for_person(actor=SYSTEM, person=tree.duc, award=LDTT, year=2024, on=ON).subject
    assert subject.awards == (AwardHeld(forms[0], 2022),)


def test_an_ancestors_rule_applies_with_its_own_citation(tree):
    rule = organisation_rule_add(
        actor=SYSTEM, organisation=tree.hanoi, kind="require_registration", awards=[LDTT], value=True,
        since=date(2024, 1, 1), document="Quy chế thi đua 12/QC-CĐN", article="Điều 5", clause="khoản 2",
        reason="Quy chế mới của Công đoàn ngành",
    )
    record_years(tree.duc, {2024: "HTTNV"}, registered=False)
    record_years(tree.hoa2, {2024: "HTTNV"}, registered=False)
    situation = situation_for_person(actor=SYSTEM, person=tree.duc, award=LDTT, year=2024, on=ON)
    assert [r.id for r in situation.org_rules] == [str(rule.pk)]
    result = evaluate(situation)
    criterion = {c.id: c for c in result.criteria}[f"org:{rule.pk}"]
    assert result.verdict.value == "ineligible" and criterion.met is False
    assert criterion.citation == "Quy chế thi đua 12/QC-CĐN, Điều 5, khoản 2"
    assert "Công đoàn ngành Y tế Hà Nội" in criterion.explanation
    # Huế is not under Hà Nội: the rule does not reach it.
    assert _by_award(eligibility_for_person(actor=SYSTEM, person=tree.hoa2, year=2024, on=ON))[LDTT].verdict.value == "eligible"


def test_two_excellent_years_with_an_initiative_make_a_grassroots_emulation_fighter(tree):
    record_years(tree.duc, {2023: "HTXSNV", 2024: "HTXSNV"})
    initiative(tree.duc, tree.bach_mai, 2023)
    results = _by_award(eligibility_for_person(actor=SYSTEM, person=tree.duc, year=2023, on=date(2024, 1, 15)))
    cstdcs = results[CSTDCS]
    assert cstdcs.verdict.value == "eligible", [c.as_dict() for c in cstdcs.criteria]
    route = {c.id: c for c in cstdcs.criteria}["excellent_or_initiative"]
    assert route.met is True and "sáng kiến" in route.explanation
    assert route.citation == "Luật Thi đua, khen thưởng 2003 (sửa đổi 2013), Điều 23"
    assert results[LDTT].verdict.value == "eligible"
    # In 2024 (Law 2022) the excellent rating alone suffices, cited to the 2022 law.
    later = _by_award(eligibility_for_person(actor=SYSTEM, person=tree.duc, year=2024, on=ON))[CSTDCS]
    assert later.verdict.value == "eligible"
    assert {c.id: c for c in later.criteria}["excellent_or_initiative"].citation.startswith("Luật Thi đua, khen thưởng 2022")


def test_without_the_initiative_2023_is_not_enough(tree):
    record_years(tree.duc, {2023: "HTXSNV"})
    result = _by_award(eligibility_for_person(actor=SYSTEM, person=tree.duc, year=2023, on=date(2024, 1, 15)))[CSTDCS]
    assert result.verdict.value == "ineligible"


def test_every_individual_award_in_force_is_judged(tree):
    from thidua.commendations.selectors import individual_awards

    record_years(tree.duc, {2024: "HTTNV"})
    results = eligibility_for_person(actor=SYSTEM, person=tree.duc, year=2024, on=ON)
    assert [r.award for r in results] == individual_awards(ON)
    assert LDTT in individual_awards(ON) and all(r.criteria for r in results)


def test_a_unit_situation_counts_its_subtrees_people(tree):
    org_appraisal_record(actor=SYSTEM, organisation=tree.bach_mai, year=2024, rating="HTXSNV")
    record_years(tree.duc, {2024: "HTXSNV"})
    appraisal_record(actor=SYSTEM, person=tree.hoa, year=2024, rating="HTTNV", discipline="canh_cao")
    give(tree.duc, LDTT, 2024)
    give(tree.duc, CSTDCS, 2024)
    from thidua.rules import catalogue

    collective = [c for c, a in catalogue().items() if a.subject in ("collective", "both")]
    if not collective:
        pytest.skip("no collective award in the catalogue yet")
    year = situation_for_unit(actor=SYSTEM, organisation=tree.bach_mai, award=collective[0], year=2024, on=ON).subject.year(2024)
    assert (year.rating, year.members, year.members_completed, year.members_ldtt, year.members_cstdcs) == ("HTXSNV", 2, 2, 1, 1)
    assert year.members_disciplined == ("canh_cao",)
    assert all(r.award in collective for r in eligibility_for_unit(actor=SYSTEM, organisation=tree.bach_mai, year=2024, on=ON))
    # A member without an appraisal leaves the whole-membership counts unknown.
    year = situation_for_unit(actor=SYSTEM, organisation=tree.hanoi, award=collective[0], year=2024, on=ON).subject.year(2024)
    assert year.members == 3 and year.members_completed is MISSING and year.members_disciplined is MISSING


def test_outside_the_scope_a_person_or_unit_is_not_found(tree, hanoi_officer, make_user):
    with pytest.raises(NotFound):
        situation_for_person(actor=hanoi_officer, person=tree.hoa2, award=LDTT, year=2024, on=ON)
    with pytest.raises(NotFound):
        eligibility_for_person(actor=hanoi_officer, person=tree.hoa2, year=2024, on=ON)
    with pytest.raises(NotFound):
        eligibility_for_unit(actor=hanoi_officer, organisation=tree.hue_central, year=2024, on=ON)
    viewer = make_user(Role.VIEWER, tree.bach_mai)
    assert eligibility_for_person(actor=viewer, person=tree.duc, year=2024, on=ON)


@pytest.mark.parametrize("award, year, on, words", [
    ("khong_co_danh_hieu_nay", 2024, ON, "không có trong danh mục"),
    (LDTT, 1900, ON, "hãy nhập một năm"),
    (LDTT, 2026, ON, "ngày xét phải từ năm 2026"),
    ("tap_the_lao_dong_xuat_sac", 2024, ON, None),
])
def test_bad_questions_are_refused_in_vietnamese(tree, award, year, on, words):
    from thidua.rules import catalogue

    if words is None:  # a collective award asked of a person
        if award not in catalogue():
            pytest.skip("collective awards not in the catalogue yet")
        words = "không xét cho cá nhân"
    with pytest.raises(UserError) as caught:
        situation_for_person(actor=SYSTEM, person=tree.duc, award=award, year=year, on=on)
    assert words in caught.value.message
