"""The batch run: one stored result per person and award, counts, scope, revocation, bad input."""
from __future__ import annotations

from datetime import date

import pytest

from thidua.commendations.batch import default_run_awards
from thidua.commendations.models import EligibilityResult, EligibilityRun
from thidua.commendations.selectors import (
    eligibility_for_person,
    eligibility_result_explain,
    eligibility_run_get,
    eligibility_run_list,
    eligibility_run_results,
)
from thidua.commendations.services import award_revoke, eligibility_run
from thidua.commendations.tests.conftest import ON, give, initiative, record_years
from thidua.core.errors import Forbidden, NotFound, UserError
from thidua.core.models import AuditEntry, Role
from thidua.core.permissions import SYSTEM
from thidua.people.services import appraisal_record

LDTT, CSTDCS, CSTD_TINH = "lao_dong_tien_tien", "chien_si_thi_dua_co_so", "chien_si_thi_dua_tinh"


@pytest.fixture
def history(tree):
    record_years(tree.duc, {2022: "HTXSNV", 2023: "HTXSNV", 2024: "HTXSNV"})
    record_years(tree.hoa, {2024: "HTNV"})
    # Phạm Ngọc Lan has no record for 2024: her verdicts are "insufficient data".
    record_years(tree.hoa2, {2024: "HTXSNV"})
    return tree


def test_the_default_awards_are_the_yearly_grassroots_titles():
    assert default_run_awards(ON) == [LDTT, CSTDCS]


def test_a_run_stores_one_result_per_person_and_award_with_its_counts(history, hanoi_officer):
    tree = history
    run = eligibility_run(actor=hanoi_officer, organisation=tree.hanoi, year=2024, on=ON, reason="Xét cuối năm")
    assert run.awards == [LDTT, CSTDCS] and run.people == 3 and run.finished_at is not None
    stored = {(r.person_id, r.award): r for r in EligibilityResult.objects.filter(run=run)}
    assert len(stored) == 6  # Đức, Hòa, Lan × 2 titles; Hoà of Huế is outside the subtree
    assert stored[(tree.duc.pk, LDTT)].verdict == "eligible" and stored[(tree.duc.pk, CSTDCS)].verdict == "eligible"
    assert stored[(tree.hoa.pk, LDTT)].verdict == "ineligible" and stored[(tree.hoa.pk, LDTT)].failed_ids == ["rating"]
    assert stored[(tree.lan.pk, LDTT)].verdict == "insufficient_data" and "rating" in stored[(tree.lan.pk, LDTT)].unknown_ids
    assert run.counts == {LDTT: {"eligible": 1, "ineligible": 1, "insufficient_data": 1},
                          CSTDCS: {"eligible": 1, "ineligible": 1, "insufficient_data": 1}}
    assert (run.eligible, run.ineligible, run.insufficient_data, run.not_in_force) == (2, 2, 2, 0)
    # The same verdicts as each person's page.
    for person in (tree.duc, tree.hoa, tree.lan):
        for result in eligibility_for_person(actor=hanoi_officer, person=person, year=2024, on=ON):
            if result.award in run.awards:
                assert stored[(person.pk, result.award)].verdict == result.verdict.value
    entry = AuditEntry.objects.get(model="commendations.eligibilityrun", object_id=str(run.pk))
    assert entry.reason == "Xét cuối năm" and entry.org_path == tree.hanoi.path


def test_a_run_streams_in_chunks_and_still_counts_everyone(history):
    tree = history
    run = eligibility_run(actor=SYSTEM, organisation=tree.national, year=2024, on=ON, awards=[LDTT], chunk_size=1)
    assert run.people == 4 and EligibilityResult.objects.filter(run=run).count() == 4
    assert run.counts == {LDTT: {"eligible": 2, "ineligible": 1, "insufficient_data": 1}}


def test_a_runs_results_are_shown_with_counts_and_explained(history, hanoi_officer):
    tree = history
    run = eligibility_run(actor=hanoi_officer, organisation=tree.hanoi, year=2024, on=ON)
    page = eligibility_run_results(actor=hanoi_officer, run=run, award=LDTT)
    assert page.matching == 3 and [row.award for row in page.rows] == [LDTT] * 3
    assert {row.full_name for row in page.rows} == {"Nguyễn Văn Đức", "Trần Thị Hòa", "Phạm Ngọc Lan"}
    only = eligibility_run_results(actor=hanoi_officer, run=run, verdict="eligible")
    assert only.matching == 2 and {row.person_id for row in only.rows} == {tree.duc.pk}
    explained = eligibility_result_explain(actor=hanoi_officer, result=page.rows[0].id)
    assert explained.criteria and all(c.explanation and c.citation for c in explained.criteria)
    assert list(eligibility_run_list(actor=hanoi_officer)) == [run]


def test_an_officer_cannot_run_or_read_outside_their_subtree(history, hanoi_officer, make_user):
    tree = history
    with pytest.raises(NotFound):
        eligibility_run(actor=hanoi_officer, organisation=tree.hue, year=2024, on=ON)
    hue_run = eligibility_run(actor=SYSTEM, organisation=tree.hue, year=2024, on=ON)
    with pytest.raises(NotFound):
        eligibility_run_get(actor=hanoi_officer, pk=hue_run.pk)
    with pytest.raises(NotFound):
        eligibility_run_results(actor=hanoi_officer, run=hue_run.pk)
    result = EligibilityResult.objects.filter(run=hue_run).first()
    with pytest.raises(NotFound):
        eligibility_result_explain(actor=hanoi_officer, result=result.pk)
    assert list(eligibility_run_list(actor=hanoi_officer)) == []
    viewer = make_user(Role.VIEWER, tree.hanoi)
    with pytest.raises(Forbidden):
        eligibility_run(actor=viewer, organisation=tree.hanoi, year=2024, on=ON)
    assert EligibilityRun.objects.count() == 1


def test_revoking_an_award_recomputes_the_results_that_depended_on_it(history):
    tree = history
    initiative(tree.duc, tree.bach_mai, 2023, scope="tinh")
    cstdcs_2022 = give(tree.duc, CSTDCS, 2022)
    give(tree.duc, CSTDCS, 2023)
    run = eligibility_run(actor=SYSTEM, organisation=tree.bach_mai, year=2024, on=ON, awards=[CSTD_TINH, LDTT])
    stored = EligibilityResult.objects.get(run=run, person=tree.duc, award=CSTD_TINH)
    assert stored.verdict == "eligible", stored.failed + " / " + stored.unknown
    earlier = eligibility_run(actor=SYSTEM, organisation=tree.bach_mai, year=2021, on=date(2022, 1, 15), awards=[LDTT])
    untouched = EligibilityResult.objects.get(run=earlier, person=tree.duc)
    award_revoke(actor=SYSTEM, record=cstdcs_2022, on=date(2025, 3, 1), reason="Thanh tra phát hiện kê khai sai")
    stored.refresh_from_db()
    run.refresh_from_db()
    assert stored.verdict == "ineligible" and stored.failed == "cstdcs_chain"
    assert run.counts[CSTD_TINH] == {"eligible": 0, "ineligible": 2}
    assert (run.eligible, run.ineligible) == (1, 3)
    entry = AuditEntry.objects.get(model="commendations.eligibilityresult", object_id=str(stored.pk))
    assert entry.before["verdict"] == "eligible" and entry.after["verdict"] == "ineligible"
    assert "Thanh tra phát hiện kê khai sai" in entry.reason
    untouched.refresh_from_db()
    assert not AuditEntry.objects.filter(model="commendations.eligibilityresult", object_id=str(untouched.pk)).exists()


@pytest.mark.parametrize("changes, words", [
    ({"awards": ["danh_hieu_la"]}, "không có trong danh mục"),
    ({"year": 3000}, "hãy nhập một năm"),
    ({"year": 2026}, "ngày xét phải từ năm 2026"),
    ({"awards": "lao_dong_tien_tien"}, "không hợp lệ"),
])
def test_bad_runs_are_refused_in_vietnamese_and_write_nothing(history, changes, words):
    values = {"organisation": history.hanoi, "year": 2024, "on": ON}
    values.update(changes)
    audit_before = AuditEntry.objects.count()
    with pytest.raises(UserError) as caught:
        eligibility_run(actor=SYSTEM, **values)
    assert words in caught.value.message
    assert not EligibilityRun.objects.exists() and not EligibilityResult.objects.exists()
    assert AuditEntry.objects.count() == audit_before


def test_an_appraisal_with_a_rating_not_in_the_list_is_refused(history):
    with pytest.raises(UserError) as caught:
        appraisal_record(actor=SYSTEM, person=history.lan, year=2024, rating="XUAT_SAC")
    assert "Xếp loại «XUAT_SAC» không hợp lệ" in caught.value.message and "HTXSNV" in caught.value.message
