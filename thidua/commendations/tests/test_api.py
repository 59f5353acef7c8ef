"""Eligibility over the REST API: the contract's check, the catalogue, a person's and a unit's
verdicts, runs and their results, parameter corrections and organisation rules."""
from __future__ import annotations

import copy

import pytest
from rest_framework.test import APIClient

from thidua.core.tests.api_helpers import vietnamese
from thidua.commendations.models import EligibilityRun, OrganisationRule, ParameterCorrection
from thidua.commendations.services import eligibility_run
from thidua.commendations.tests.conftest import ON, record_years
from thidua.core.models import Role
from thidua.core.permissions import SYSTEM
from thidua.rules import catalogue

LDTT, CSTDCS = "lao_dong_tien_tien", "chien_si_thi_dua_co_so"

# The example case of contracts/rules-check.md, as written there.
CONTRACT_CASE = {
    "award": "chien_si_thi_dua_co_so",
    "year": 2024,
    "on": "2025-01-10",
    "subject": {
        "kind": "individual",
        "hired_on": "2016-09-01",
        "years": {
            "2023": {"rating": "HTXSNV", "titles": ["lao_dong_tien_tien"], "initiatives": [{"scope": "co_so"}], "topics": [],
                     "discipline": None, "absent_days": 0, "registered": True},
            "2024": {"rating": "HTXSNV", "titles": [], "initiatives": [], "discipline": None},
        },
        "awards": [{"award": "bang_khen_tinh", "year": 2019}],
        "service": {"direct_years": 22, "sector_years": 26, "manager": False},
        "physician_titles": [{"award": "thay_thuoc_uu_tu", "year": 2019}],
        "science_tasks": [{"level": "tinh", "accepted": True, "result": "dat"}],
    },
}


def refused(response, status: int = 400, *, field: str | None = None, contains: str = "") -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"detail", "field"} and vietnamese(body["detail"]), body
    if field is not None:
        assert body["field"] == field, body
    assert contains in body["detail"], body
    return body


@pytest.fixture
def api(tree, hanoi_officer):
    client = APIClient()
    client.force_login(hanoi_officer)
    return client


def as_user(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


# --- Check and catalogue --------------------------------------------------------------------------------


def test_check_answers_the_contracts_example(api):
    response = api.post("/api/v1/eligibility/check/", CONTRACT_CASE, format="json")
    assert response.status_code == 200, response.content
    verdict = response.json()
    assert set(verdict) == {"award", "year", "on", "verdict", "regime", "criteria"}
    assert (verdict["award"], verdict["year"], verdict["on"], verdict["verdict"]) == (CSTDCS, 2024, "2025-01-10", "eligible")
    assert verdict["regime"] == "luat-2022/nd-98-2023"
    assert verdict["criteria"] and all({"id", "met", "explanation", "citation"} <= set(c) for c in verdict["criteria"])
    assert all(c["citation"] for c in verdict["criteria"])


def test_check_refuses_an_unknown_award_in_vietnamese(api):
    body = refused(api.post("/api/v1/eligibility/check/", {**CONTRACT_CASE, "award": "huan_chuong_vu_tru"}, format="json"),
                   field="award", contains="«huan_chuong_vu_tru» không có trong danh mục")
    assert "thidua rules list" in body["detail"]


@pytest.mark.parametrize("change, contains", [
    (lambda c: c.update(on="10/01/2025"), "không phải ngày hợp lệ"),
    (lambda c: c["subject"]["years"]["2024"].update(rating="GIOI"), "«GIOI» không hợp lệ"),
    (lambda c: c.update(year=12345), "hãy nhập một năm"),
    (lambda c: c.pop("award"), "không có trong danh mục"),
    (lambda c: c.update(award=["lao_dong_tien_tien"]), "không có trong danh mục"),  # a list is no award code
])
def test_check_refuses_an_invalid_case(api, change, contains):
    case = copy.deepcopy(CONTRACT_CASE)
    change(case)
    refused(api.post("/api/v1/eligibility/check/", case, format="json"), contains=contains)


def test_check_refuses_a_body_that_is_not_an_object(api):
    refused(api.post("/api/v1/eligibility/check/", [CONTRACT_CASE], format="json"), contains="đối tượng JSON")


def test_check_needs_a_signed_in_user(tree):
    assert APIClient().post("/api/v1/eligibility/check/", CONTRACT_CASE, format="json").status_code == 403


def test_catalogue_is_the_rules_list(api):
    everything = api.get("/api/v1/eligibility/catalogue/").json()
    assert [a["code"] for a in everything] == list(catalogue())
    in_2025 = api.get("/api/v1/eligibility/catalogue/", {"on": "2025-01-01"}).json()
    assert {CSTDCS, LDTT} <= {a["code"] for a in in_2025}
    assert all(a["citation"] and a["confidence"] in "VSU" for a in in_2025)
    refused(api.get("/api/v1/eligibility/catalogue/", {"on": "01/01/2025"}), field="on")


# --- A person's and a unit's verdicts -----------------------------------------------------------------------


def test_a_persons_verdicts(api, tree):
    record_years(tree.duc, {2023: "HTXSNV", 2024: "HTXSNV"})
    response = api.get(f"/api/v1/people/{tree.duc.pk}/eligibility/", {"year": 2024, "on": ON.isoformat()})
    assert response.status_code == 200
    by_award = {v["award"]: v for v in response.json()}
    assert by_award[CSTDCS]["verdict"] == "eligible" and by_award[CSTDCS]["name"] == "Chiến sĩ thi đua cơ sở"
    assert all(catalogue()[code].subject in ("individual", "both") for code in by_award)
    refused(api.get(f"/api/v1/people/{tree.duc.pk}/eligibility/", {"year": "năm ngoái"}), field="year")
    refused(api.get(f"/api/v1/people/{tree.duc.pk}/eligibility/", {"year": 2026, "on": "2025-01-15"}), field="year")
    refused(api.get(f"/api/v1/people/{tree.hoa2.pk}/eligibility/"), 404)


def test_a_units_verdicts(api, tree):
    response = api.get(f"/api/v1/organisations/{tree.bach_mai.code}/eligibility/", {"year": 2024, "on": ON.isoformat()})
    assert response.status_code == 200
    assert {v["award"] for v in response.json()} >= {"tap_the_lao_dong_tien_tien", "tap_the_lao_dong_xuat_sac"}
    refused(api.get(f"/api/v1/organisations/{tree.hue_central.code}/eligibility/"), 404)


# --- Runs ---------------------------------------------------------------------------------------------------


def test_an_emulation_officer_runs_a_unit_and_reads_its_results(tree, make_user):
    record_years(tree.duc, {2023: "HTXSNV", 2024: "HTXSNV"})
    client = as_user(make_user(Role.EMULATION_OFFICER, tree.hanoi))
    response = client.post("/api/v1/eligibility-runs/", {"organisation": tree.bach_mai.code, "year": 2024, "on": ON.isoformat(),
                                                          "awards": [LDTT]}, format="json")
    assert response.status_code == 201, response.content
    run = response.json()
    assert (run["organisation"], run["people"], run["counts"]) == (tree.bach_mai.code, 2, {LDTT: {"eligible": 1, "insufficient_data": 1}})
    assert client.get(f"/api/v1/eligibility-runs/{run['id']}/").json()["eligible"] == 1
    listed = client.get("/api/v1/eligibility-runs/", {"under": tree.hanoi.code}).json()
    assert [r["id"] for r in listed["results"]] == [run["id"]]
    results = client.get(f"/api/v1/eligibility-runs/{run['id']}/results/", {"verdict": "insufficient_data"}).json()
    assert results["count"] == 1
    assert results["results"][0]["full_name"] == "Trần Thị Hòa" and results["results"][0]["unknown"]
    page = client.get(f"/api/v1/eligibility-runs/{run['id']}/results/", {"limit": 1, "offset": 1}).json()
    assert page["count"] == 2 and len(page["results"]) == 1
    refused(client.get(f"/api/v1/eligibility-runs/{run['id']}/results/", {"verdict": "maybe"}), field="verdict")


def test_a_viewer_may_not_start_a_run_and_bad_input_writes_nothing(tree, make_user, api):
    viewer = as_user(make_user(Role.VIEWER, tree.hanoi))
    refused(viewer.post("/api/v1/eligibility-runs/", {"organisation": tree.bach_mai.code, "year": 2024}, format="json"), 403)
    refused(api.post("/api/v1/eligibility-runs/", {"organisation": tree.bach_mai.code, "year": 2024, "awards": ["giay_phep"]},
                     format="json"), field="award")
    refused(api.post("/api/v1/eligibility-runs/", {"organisation": tree.hue_central.code, "year": 2024}, format="json"), 404,
            field="organisation")
    assert not EligibilityRun.objects.exists()


def test_runs_outside_the_scope_look_missing(api, tree):
    outside = eligibility_run(actor=SYSTEM, organisation=tree.hue_central, year=2024, on=ON)
    missing = api.get("/api/v1/eligibility-runs/999999/")
    hidden = api.get(f"/api/v1/eligibility-runs/{outside.pk}/")
    assert hidden.status_code == missing.status_code == 404 and hidden.json() == missing.json()
    assert api.get("/api/v1/eligibility-runs/").json()["count"] == 0


# --- Parameter corrections ------------------------------------------------------------------------------------

CORRECTION = {"param": "quota.cstdcs.max_percent", "value": 20, "effective": "2025-01-01", "document": "Quyết định 3/QĐ-CĐN",
              "article": "Điều 2", "reason": "Tỷ lệ mới của công đoàn ngành"}


def test_only_administrators_correct_parameters(api, tree, make_user):
    refused(api.get("/api/v1/parameter-corrections/"), 403)
    refused(api.post("/api/v1/parameter-corrections/", CORRECTION, format="json"), 403)
    admin = as_user(make_user(Role.SYSTEM_ADMIN, tree.national))
    refused(admin.post("/api/v1/parameter-corrections/", {**CORRECTION, "reason": ""}, format="json"), field="reason")
    refused(admin.post("/api/v1/parameter-corrections/", {**CORRECTION, "param": "khong.co"}, format="json"), field="param")
    assert not ParameterCorrection.objects.exists()
    created = admin.post("/api/v1/parameter-corrections/", CORRECTION, format="json")
    assert created.status_code == 201, created.content
    assert admin.get("/api/v1/parameter-corrections/").json()["results"][0]["value"] == 20


# --- Organisation rules ---------------------------------------------------------------------------------------

RULE = {"kind": "max_absent_days", "awards": [LDTT], "value": 40, "since": "2024-01-01", "document": "Quy chế 7/QC-CĐN",
        "article": "Điều 4", "reason": "Quy chế thi đua của ngành"}


def test_organisation_rules_over_the_api(api, tree, make_user):
    created = api.post(f"/api/v1/organisations/{tree.hanoi.code}/rules/", RULE, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["organisation"] == tree.hanoi.code
    below = api.get(f"/api/v1/organisations/{tree.bach_mai.code}/rules/").json()
    assert [r["document"] for r in below] == ["Quy chế 7/QC-CĐN"]
    refused(api.post(f"/api/v1/organisations/{tree.hanoi.code}/rules/", {**RULE, "kind": "no_smoking"}, format="json"), field="kind")
    refused(api.post(f"/api/v1/organisations/{tree.hanoi.code}/rules/", {**RULE, "value": 0}, format="json"), field="value")
    emulation = as_user(make_user(Role.EMULATION_OFFICER, tree.hanoi))
    refused(emulation.post(f"/api/v1/organisations/{tree.hanoi.code}/rules/", RULE, format="json"), 403)
    refused(api.get(f"/api/v1/organisations/{tree.hue.code}/rules/"), 404)
    assert OrganisationRule.objects.count() == 1
