"""The eligibility pages: the section on person and unit pages, runs and their results, parameter
corrections and organisation rules, with the permissions each needs."""
from __future__ import annotations

import html
from datetime import date

import pytest
from django.urls import reverse

from thidua.commendations.models import EligibilityResult, EligibilityRun, OrganisationRule, ParameterCorrection
from thidua.commendations.selectors import eligibility_for_person
from thidua.commendations.services import eligibility_run
from thidua.commendations.tests.conftest import give, record_years
from thidua.core.models import Role
from thidua.core.permissions import SYSTEM
from thidua.organisations.services import org_appraisal_record
from thidua.people.services import appraisal_record

CSTDCS, LDTT, TTLDTT = "chien_si_thi_dua_co_so", "lao_dong_tien_tien", "tap_the_lao_dong_tien_tien"
TODAY = date(2025, 1, 15)  # the proposal date the pages assume: "today"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    """The pages judge as if proposed today; fix today so the verdicts do not move with the calendar."""
    for module in ("thidua.people.views", "thidua.organisations.views", "thidua.commendations.views"):
        monkeypatch.setattr(f"{module}.localdate", lambda: TODAY)


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def verdict_block(page: str, award_name: str) -> str:
    """The <details> of one award in an eligibility section."""
    for block in page.split('<details class="verdict ')[1:]:
        if f'<span class="verdict-name">{award_name}</span>' in block:
            return block.split("</details>")[0]
    raise AssertionError(f"no verdict for {award_name}")


# --- Person page ---------------------------------------------------------------------------------------


def test_person_page_shows_an_eligible_cstdcs_with_its_citations(client, tree, hanoi_officer):
    record_years(tree.duc, {2023: "HTXSNV", 2024: "HTXSNV"})
    client.force_login(hanoi_officer)
    response = client.get(reverse("person-detail", args=[tree.duc.pk]))  # default: the previous year, 2024
    assert response.status_code == 200
    page = text_of(response)
    assert 'id="du-dieu-kien"' in page and "Đủ điều kiện năm 2024" in page
    assert "như khi đề nghị vào ngày 15/01/2025" in page
    block = verdict_block(page, "Chiến sĩ thi đua cơ sở")
    assert 'class="badge badge-eligible">Đủ điều kiện<' in block
    expected = {r.award: r for r in eligibility_for_person(actor=SYSTEM, person=tree.duc, year=2024, on=TODAY)}[CSTDCS]
    assert expected.verdict.value == "eligible"
    for criterion in expected.criteria:
        assert criterion.explanation in block and f"Căn cứ: {criterion.citation}" in block
        assert f">{criterion.confidence}</abbr>" in block
    assert block.count('class="mark" aria-hidden="true">✓<') == len(expected.criteria)


def test_a_missing_appraisal_shows_thieu_du_lieu(client, tree, hanoi_officer):
    client.force_login(hanoi_officer)
    page = text_of(client.get(reverse("person-detail", args=[tree.hoa.pk]), {"nam": "2024"}))
    block = verdict_block(page, "Lao động tiên tiến")
    assert 'badge-insufficient_data">Thiếu dữ liệu<' in block
    assert 'aria-hidden="true">?<' in block and "Chưa rõ: " in block


def test_council_criteria_are_marked_and_do_not_block(client, tree, hanoi_officer):
    record_years(tree.duc, {2024: "HTTNV"})
    client.force_login(hanoi_officer)
    block = verdict_block(text_of(client.get(reverse("person-detail", args=[tree.duc.pk]), {"nam": "2024"})), "Lao động tiên tiến")
    assert "badge-eligible" in block
    assert '<span class="tag tag-council">Để Hội đồng xác nhận</span>' in block


def test_the_year_is_chosen_with_nam_and_a_bad_year_is_refused(client, tree, hanoi_officer):
    client.force_login(hanoi_officer)
    url = reverse("person-detail", args=[tree.duc.pk])
    assert "Đủ điều kiện năm 2023" in text_of(client.get(url, {"nam": "2023"}))
    refused = client.get(url, {"nam": "hai nghìn"})
    assert refused.status_code == 400 and "Năm xét «hai nghìn» không hợp lệ" in text_of(refused)
    future = client.get(url, {"nam": "2030"})
    assert future.status_code == 400 and "Không thể xét năm 2030" in text_of(future)


def test_a_person_outside_the_scope_has_no_page(client, tree, hanoi_officer):
    client.force_login(hanoi_officer)
    assert client.get(reverse("person-detail", args=[tree.hoa2.pk])).status_code == 404


# --- Unit page -------------------------------------------------------------------------------------------


def test_unit_page_shows_collective_verdicts_and_links_to_runs_and_rules(client, tree, hanoi_officer):
    for person in (tree.duc, tree.hoa):
        record_years(person, {2024: "HTTNV"})
        give(person, LDTT, 2024)
    org_appraisal_record(actor=SYSTEM, organisation=tree.bach_mai, year=2024, rating="HTTNV")
    client.force_login(hanoi_officer)
    unit_page = text_of(client.get(reverse("org-detail", args=[tree.bach_mai.code])))
    assert f'hx-get="{reverse("org-eligibility", args=[tree.bach_mai.code])}?nam=' in unit_page  # loaded after the page
    page = text_of(client.get(reverse("org-eligibility", args=[tree.bach_mai.code]), {"nam": 2024}, HTTP_HX_REQUEST="true"))
    assert "Đủ điều kiện năm 2024" in page
    block = verdict_block(page, "Tập thể lao động tiên tiến")
    assert "badge-eligible" in block and "2/2 thành viên (100 %)" in block
    assert "Lao động tiên tiến</span>" not in page.split('id="du-dieu-kien"')[1].split("</section>")[0]  # individual titles are not listed
    assert f'href="{reverse("org-eligibility-runs", args=[tree.bach_mai.code])}"' in page
    assert f'href="{reverse("org-rules", args=[tree.bach_mai.code])}"' in page


def test_unit_page_keeps_its_as_of_date_when_the_year_changes(client, tree, hanoi_officer):
    client.force_login(hanoi_officer)
    page = text_of(client.get(reverse("org-eligibility", args=[tree.bach_mai.code]), {"ngay": "01/06/2024", "nam": "2023"}))
    assert "Đủ điều kiện năm 2023" in page and "<html" in page  # without htmx, a page of its own
    assert '<input type="hidden" name="ngay" value="01/06/2024">' in page


# --- Runs --------------------------------------------------------------------------------------------------


def test_starting_a_run_from_the_web_shows_its_counts_and_rows(client, tree, hanoi_officer):
    record_years(tree.duc, {2023: "HTXSNV", 2024: "HTXSNV"})
    client.force_login(hanoi_officer)
    runs_url = reverse("org-eligibility-runs", args=[tree.bach_mai.code])
    form = text_of(client.get(runs_url))
    assert 'name="year" value="2024"' in form and 'name="on" value="15/01/2025"' in form
    response = client.post(runs_url, {"year": "2024", "on": "15/01/2025", "awards": [LDTT, CSTDCS], "reason": "Bình xét cuối năm"})
    run = EligibilityRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("eligibility-run", args=[run.pk])
    assert (run.people, run.eligible, run.insufficient_data) == (2, 2, 2)  # Đức eligible for both, Hòa has no appraisal

    page = text_of(client.get(response["Location"]))
    assert "Đã xét điều kiện năm 2024 cho 2 người." in page
    assert f'<a href="?danh_hieu={LDTT}&ket_luan=eligible#ket-qua">1</a>' in page
    assert f'<a href="?danh_hieu={CSTDCS}&ket_luan=insufficient_data#ket-qua">1</a>' in page
    assert "Nguyễn Văn Đức" in page and "Trần Thị Hòa" in page
    # The run is listed on the unit's page of runs, with its counts.
    listing = text_of(client.get(runs_url))
    assert f'href="{reverse("eligibility-run", args=[run.pk])}">Năm 2024</a>' in listing

    filtered = text_of(client.get(reverse("eligibility-run", args=[run.pk]), {"ket_luan": "insufficient_data"}))
    results = filtered.split('id="ket-qua"')[1]
    assert "Trần Thị Hòa" in results and "Nguyễn Văn Đức" not in results
    assert "(2 kết quả)" in results


def test_a_rows_reasons_are_recomputed_on_demand(client, tree, hanoi_officer):
    run = eligibility_run(actor=SYSTEM, organisation=tree.bach_mai, year=2024, on=TODAY, awards=[LDTT])
    result = EligibilityResult.objects.get(run=run, person=tree.hoa)
    client.force_login(hanoi_officer)
    page = text_of(client.get(reverse("eligibility-run", args=[run.pk])))
    assert f'hx-get="{reverse("eligibility-result", args=[result.pk])}" hx-trigger="toggle once"' in page
    fragment = client.get(reverse("eligibility-result", args=[result.pk]), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and "<html" not in text_of(fragment)
    assert "Chưa có" in text_of(fragment) and "Căn cứ:" in text_of(fragment)
    # The records changed since the run: the recomputed verdict says so.
    appraisal_record(actor=SYSTEM, person=tree.hoa, year=2024, rating="HTTNV", absent_days=0, maternity_days=0, registered=True)
    whole = text_of(client.get(reverse("eligibility-result", args=[result.pk])))
    assert "<html" in whole and "Dữ liệu đã thay đổi sau đợt xét" in whole


def test_a_viewer_sees_no_form_and_gets_403_on_post(client, tree, make_user):
    client.force_login(make_user(Role.VIEWER, tree.hanoi))
    url = reverse("org-eligibility-runs", args=[tree.bach_mai.code])
    page = text_of(client.get(url))
    assert 'name="year"' not in page and "Chưa có đợt xét nào." in page
    assert client.post(url, {"year": "2024", "on": "15/01/2025"}).status_code == 403
    assert not EligibilityRun.objects.exists()


def test_a_bad_run_form_shows_the_message_and_writes_nothing(client, tree, hanoi_officer):
    client.force_login(hanoi_officer)
    url = reverse("org-eligibility-runs", args=[tree.bach_mai.code])
    response = client.post(url, {"year": "2024", "on": "32/01/2025"})
    assert response.status_code == 400
    page = text_of(response)
    assert "Ngày xét «32/01/2025» không hợp lệ" in page and 'value="32/01/2025"' in page
    response = client.post(url, {"year": "2026", "on": "15/01/2025"})
    assert response.status_code == 400 and "Không thể xét năm 2026 vào ngày 15/01/2025" in text_of(response)
    assert not EligibilityRun.objects.exists()


def test_run_pages_refuse_bad_filters_and_hide_other_scopes(client, tree, make_user):
    inside = eligibility_run(actor=SYSTEM, organisation=tree.bach_mai, year=2024, on=TODAY)
    outside = eligibility_run(actor=SYSTEM, organisation=tree.hue_central, year=2024, on=TODAY)
    client.force_login(make_user(Role.VIEWER, tree.hanoi))
    assert client.get(reverse("eligibility-run", args=[inside.pk]), {"ket_luan": "maybe"}).status_code == 400
    assert client.get(reverse("eligibility-run", args=[inside.pk]), {"danh_hieu": "bang_khen_tinh"}).status_code == 400
    assert client.get(reverse("eligibility-run", args=[outside.pk])).status_code == 404
    hidden = EligibilityResult.objects.filter(run=outside).first()
    assert client.get(reverse("eligibility-result", args=[hidden.pk])).status_code == 404
    # The Hà Nội branch lists its hospitals' runs, never Huế's.
    listing = text_of(client.get(reverse("org-eligibility-runs", args=[tree.hanoi.code])))
    assert reverse("eligibility-run", args=[inside.pk]) in listing
    assert reverse("eligibility-run", args=[outside.pk]) not in listing


# --- Parameter corrections ---------------------------------------------------------------------------------

CORRECTION = {"param": "ldtt.min_rating", "value": "HTXSNV", "effective": "01/01/2024", "document": "Quyết định 15/QĐ-CĐN",
              "article": "Điều 3", "clause": "khoản 1", "confidence": "V", "reason": "Công đoàn ngành nâng tiêu chuẩn"}


@pytest.mark.parametrize("role", [Role.VIEWER, Role.UNION_OFFICER, Role.EMULATION_OFFICER])
def test_the_correction_page_refuses_anyone_but_an_administrator(client, tree, make_user, role):
    client.force_login(make_user(role, tree.national))
    url = reverse("parameter-corrections")
    assert client.get(url).status_code == 403
    assert client.post(url, CORRECTION).status_code == 403
    assert not ParameterCorrection.objects.exists()


def test_a_correction_needs_a_reason(client, tree, make_user):
    client.force_login(make_user(Role.SYSTEM_ADMIN, tree.national))
    response = client.post(reverse("parameter-corrections"), {**CORRECTION, "reason": "  "})
    assert response.status_code == 400
    page = text_of(response)
    assert "Hãy ghi lý do điều chỉnh tham số." in page and 'id="f-reason" name="reason"' in page
    assert 'value="Quyết định 15/QĐ-CĐN"' in page  # what was typed stays in the form
    assert not ParameterCorrection.objects.exists()


def test_a_value_of_the_wrong_kind_is_refused(client, tree, make_user):
    client.force_login(make_user(Role.SYSTEM_ADMIN, tree.national))
    response = client.post(reverse("parameter-corrections"), {**CORRECTION, "param": "ldtt.min_months", "value": "mười"})
    assert response.status_code == 400 and "phải là một số không âm" in text_of(response)
    assert not ParameterCorrection.objects.exists()


def test_a_correction_is_listed_and_changes_the_verdicts_with_its_citation(client, tree, make_user, hanoi_officer):
    record_years(tree.duc, {2024: "HTTNV"})
    client.force_login(make_user(Role.SYSTEM_ADMIN, tree.national))
    response = client.post(reverse("parameter-corrections"), CORRECTION)
    assert response.status_code == 302
    correction = ParameterCorrection.objects.get()
    assert (correction.param, correction.value, correction.effective) == ("ldtt.min_rating", "HTXSNV", date(2024, 1, 1))
    page = text_of(client.get(reverse("parameter-corrections")))
    assert "Đã điều chỉnh tham số «ldtt.min_rating» từ ngày 01/01/2024." in page
    assert "Công đoàn ngành nâng tiêu chuẩn" in page
    client.force_login(hanoi_officer)
    block = verdict_block(text_of(client.get(reverse("person-detail", args=[tree.duc.pk]), {"nam": "2024"})), "Lao động tiên tiến")
    assert "badge-ineligible" in block and "Quyết định 15/QĐ-CĐN, Điều 3, khoản 1" in block


# --- Organisation rules --------------------------------------------------------------------------------------

RULE = {"kind": "require_registration", "value": "true", "awards": [LDTT], "since": "01/01/2024", "until": "",
        "document": "Quy chế thi đua 12/QC-CĐBM", "article": "Điều 5", "clause": "", "confidence": "V", "reason": ""}


def test_a_unit_adds_a_rule_shown_in_verdicts_with_its_document(client, tree, hanoi_officer):
    appraisal_record(actor=SYSTEM, person=tree.hoa, year=2024, rating="HTTNV", absent_days=0, maternity_days=0, registered=False)
    client.force_login(hanoi_officer)
    url = reverse("org-rules", args=[tree.bach_mai.code])
    response = client.post(url, RULE)
    assert response.status_code == 302 and response["Location"] == url
    page = text_of(client.get(url))
    assert "Phải đăng ký thi đua từ đầu năm" in page and "Quy chế thi đua 12/QC-CĐBM, Điều 5" in page
    # The unit below lists its parent's rule too.
    assert "Quy chế thi đua 12/QC-CĐBM" in text_of(client.get(reverse("org-rules", args=[tree.cardio.code])))
    block = verdict_block(text_of(client.get(reverse("person-detail", args=[tree.hoa.pk]), {"nam": "2024"})), "Lao động tiên tiến")
    assert "badge-ineligible" in block
    assert "(quy định của Công đoàn Bệnh viện Bạch Mai)" in block and "Căn cứ: Quy chế thi đua 12/QC-CĐBM, Điều 5" in block


def test_a_bad_rule_shows_the_message_and_writes_nothing(client, tree, hanoi_officer):
    client.force_login(hanoi_officer)
    url = reverse("org-rules", args=[tree.bach_mai.code])
    response = client.post(url, {**RULE, "kind": "min_months", "value": "13"})
    assert response.status_code == 400 and "Thời gian công tác tối thiểu «13» không hợp lệ" in text_of(response)
    response = client.post(url, {**RULE, "since": "1/13/2024"})
    assert response.status_code == 400 and "Ngày hiệu lực «1/13/2024» không hợp lệ" in text_of(response)
    response = client.post(url, {**RULE, "awards": []})
    assert response.status_code == 400 and "Hãy chọn ít nhất một danh hiệu" in text_of(response)
    assert not OrganisationRule.objects.exists()


def test_rules_need_the_right_to_manage_the_unit(client, tree, make_user):
    client.force_login(make_user(Role.EMULATION_OFFICER, tree.hanoi))
    url = reverse("org-rules", args=[tree.bach_mai.code])
    assert 'name="kind"' not in text_of(client.get(url))
    assert client.post(url, RULE).status_code == 403
    assert not OrganisationRule.objects.exists()
