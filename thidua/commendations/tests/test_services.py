"""Award records, revocation, parameter corrections and organisation rules: rights, checks, audit."""
from __future__ import annotations

from datetime import date

import pytest

from thidua.commendations.models import AwardRecord, OrganisationRule, ParameterCorrection
from thidua.commendations.selectors import eligibility_for_person, parameters_in_force
from thidua.commendations.services import award_record_add, award_revoke, organisation_rule_add, parameter_correct
from thidua.commendations.tests.conftest import ON, give, record_years
from thidua.core.errors import Forbidden, NotFound, UserError
from thidua.core.models import AuditEntry, Role
from thidua.core.permissions import SYSTEM

LDTT = "lao_dong_tien_tien"


def _verdicts(person, year, on):
    return {r.award: r.verdict.value for r in eligibility_for_person(actor=SYSTEM, person=person, year=year, on=on)}


def test_an_award_record_is_audited(tree, hanoi_officer):
    record = award_record_add(actor=hanoi_officer, award=LDTT, year=2024, person=tree.duc, decision_number="15/QĐ-BV",
                              decision_date=date(2025, 1, 10), issuing_body="Bệnh viện Bạch Mai", reason="Nhập từ hồ sơ")
    entry = AuditEntry.objects.get(model="commendations.awardrecord", object_id=str(record.pk))
    assert entry.after["award"] == LDTT and entry.reason == "Nhập từ hồ sơ" and entry.org_path == tree.cardio.path


@pytest.mark.parametrize("changes, words", [
    ({"award": "bang_khen_khong_ton_tai"}, "không có trong danh mục"),
    ({"year": 1800}, "hãy nhập một năm"),
    ({"decision_number": " "}, "số quyết định"),
    ({"decision_date": date(2023, 5, 1)}, "sớm hơn năm 2024"),
    ({"organisation": "bach_mai"}, "đúng một đối tượng"),
])
def test_bad_award_records_are_refused_and_nothing_is_written(tree, changes, words):
    values = {"award": LDTT, "year": 2024, "person": tree.duc, "decision_number": "15/QĐ-BV", "decision_date": date(2025, 1, 10)}
    values.update(changes)
    if values.get("organisation") == "bach_mai":
        values["organisation"] = tree.bach_mai
    audit_before = AuditEntry.objects.count()
    with pytest.raises(UserError) as caught:
        award_record_add(actor=SYSTEM, **values)
    assert words in caught.value.message
    assert not AwardRecord.objects.exists() and AuditEntry.objects.count() == audit_before


def test_a_title_is_recorded_once_a_year(tree):
    give(tree.duc, LDTT, 2024)
    with pytest.raises(UserError, match="đã được ghi nhận"):
        give(tree.duc, LDTT, 2024)


def test_an_individual_title_is_not_given_to_a_unit(tree):
    with pytest.raises(UserError, match="không xét cho tập thể"):
        award_record_add(actor=SYSTEM, award=LDTT, year=2024, organisation=tree.bach_mai, decision_number="1/QĐ",
                         decision_date=date(2025, 1, 2))


def test_awards_outside_the_scope_are_not_found_and_viewers_may_not_record(tree, hanoi_officer, make_user):
    with pytest.raises(NotFound):
        award_record_add(actor=hanoi_officer, award=LDTT, year=2024, person=tree.hoa2, decision_number="1", decision_date=date(2025, 1, 2))
    viewer = make_user(Role.VIEWER, tree.hanoi)
    with pytest.raises(Forbidden):
        award_record_add(actor=viewer, award=LDTT, year=2024, person=tree.duc, decision_number="1", decision_date=date(2025, 1, 2))
    emulation = make_user(Role.EMULATION_OFFICER, tree.hanoi)
    assert award_record_add(actor=emulation, award=LDTT, year=2024, person=tree.duc, decision_number="1", decision_date=date(2025, 1, 2))


def test_revocation_needs_a_reason_and_happens_once(tree):
    record = give(tree.duc, LDTT, 2023)
    with pytest.raises(UserError, match="lý do thu hồi"):
        award_revoke(actor=SYSTEM, record=record, on=date(2025, 1, 1), reason="  ")
    with pytest.raises(UserError, match="sớm hơn ngày quyết định"):
        award_revoke(actor=SYSTEM, record=record, on=date(2023, 1, 1), reason="Sai")
    award_revoke(actor=SYSTEM, record=record, on=date(2025, 1, 1), reason="Hồ sơ khai man")
    record.refresh_from_db()
    assert record.revoked_on == date(2025, 1, 1) and record.revoke_reason == "Hồ sơ khai man"
    entry = AuditEntry.objects.filter(model="commendations.awardrecord", object_id=str(record.pk), action="update").get()
    assert entry.reason == "Hồ sơ khai man" and entry.after["revoked_on"] == "2025-01-01"
    with pytest.raises(UserError, match="đã bị thu hồi"):
        award_revoke(actor=SYSTEM, record=record, on=date(2025, 2, 1), reason="Lần nữa")


def test_a_parameter_correction_changes_verdicts_from_its_date_of_effect(tree):
    record_years(tree.duc, {2024: "HTTNV", 2025: "HTTNV"})
    assert _verdicts(tree.duc, 2024, ON)[LDTT] == "eligible"
    assert _verdicts(tree.duc, 2025, date(2026, 1, 15))[LDTT] == "eligible"
    correction = parameter_correct(
        actor=SYSTEM, param="ldtt.min_rating", value="HTXSNV", effective=date(2025, 1, 1),
        document="Quyết định 99/QĐ-TLĐ", article="Điều 3", clause="khoản 1", confidence="S",
        reason="Quy định mới của Tổng Liên đoàn nâng mức xếp loại",
    )
    assert _verdicts(tree.duc, 2024, ON)[LDTT] == "eligible"  # judged by what applied in 2024
    after = next(r for r in eligibility_for_person(actor=SYSTEM, person=tree.duc, year=2025, on=date(2026, 1, 15)) if r.award == LDTT)
    rating = {c.id: c for c in after.criteria}["rating"]
    assert after.verdict.value == "ineligible" and rating.citation == "Quyết định 99/QĐ-TLĐ, Điều 3, khoản 1"
    entry = AuditEntry.objects.get(model="commendations.parametercorrection", object_id=str(correction.pk))
    assert entry.reason == "Quy định mới của Tổng Liên đoàn nâng mức xếp loại"
    assert entry.after["param"] == "ldtt.min_rating" and entry.after["value"] == "HTXSNV"
    assert parameters_in_force().get("ldtt.min_rating", date(2024, 12, 31)).value == "HTTNV"


def test_only_administrators_correct_parameters(tree, hanoi_officer):
    with pytest.raises(Forbidden):
        parameter_correct(actor=hanoi_officer, param="ldtt.min_rating", value="HTXSNV", effective=date(2025, 1, 1),
                          document="QĐ 1", article="Điều 1", reason="Thử")
    assert not ParameterCorrection.objects.exists()


@pytest.mark.parametrize("changes, words", [
    ({"param": "khong.co"}, "không có trong bộ quy định"),
    ({"value": "XUAT_SAC"}, "không phải mức xếp loại hợp lệ"),
    ({"param": "ldtt.min_months", "value": "sáu"}, "phải là một số"),
    ({"document": ""}, "tên văn bản"),
    ({"reason": ""}, "lý do điều chỉnh"),
    ({"confidence": "X"}, "Độ tin cậy"),
])
def test_bad_parameter_corrections_are_refused(tree, changes, words):
    values = {"param": "ldtt.min_rating", "value": "HTXSNV", "effective": date(2025, 1, 1), "document": "QĐ 1",
              "article": "Điều 1", "reason": "Điều chỉnh"}
    values.update(changes)
    with pytest.raises(UserError) as caught:
        parameter_correct(actor=SYSTEM, **values)
    assert words in caught.value.message
    assert not ParameterCorrection.objects.exists()


def test_organisation_rules_need_the_right_to_manage_the_unit(tree, make_user):
    officer = make_user(Role.EMULATION_OFFICER, tree.hanoi)
    values = {"kind": "min_months", "awards": [LDTT], "value": 10, "since": date(2024, 1, 1), "document": "QC 1", "article": "Điều 2"}
    with pytest.raises(Forbidden):
        organisation_rule_add(actor=officer, organisation=tree.bach_mai, **values)
    union = make_user(Role.UNION_OFFICER, tree.hanoi)
    with pytest.raises(NotFound):
        organisation_rule_add(actor=union, organisation=tree.hue, **values)
    rule = organisation_rule_add(actor=union, organisation=tree.bach_mai, reason="Quy chế bệnh viện", **values)
    assert AuditEntry.objects.get(model="commendations.organisationrule", object_id=str(rule.pk)).reason == "Quy chế bệnh viện"


@pytest.mark.parametrize("changes, words", [
    ({"kind": "max_age"}, "Loại quy định «max_age» không hợp lệ"),
    ({"value": 13}, "từ 1 đến 12"),
    ({"awards": ["khong_co"]}, "không có trong danh mục"),
    ({"awards": []}, "ít nhất một"),
    ({"until": date(2023, 1, 1)}, "sớm hơn ngày hiệu lực"),
    ({"kind": "no_discipline_from", "value": "phat_tien"}, "Mức kỷ luật"),
])
def test_bad_organisation_rules_are_refused(tree, changes, words):
    values = {"kind": "min_months", "awards": [LDTT], "value": 10, "since": date(2024, 1, 1), "document": "QC 1", "article": "Điều 2"}
    values.update(changes)
    with pytest.raises(UserError) as caught:
        organisation_rule_add(actor=SYSTEM, organisation=tree.hanoi, **values)
    assert words in caught.value.message
    assert not OrganisationRule.objects.exists()
