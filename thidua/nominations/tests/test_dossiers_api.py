"""The API: rounds, dossiers and their route, proposals (create with the pre-check, withdraw), errors as {detail, field}."""
from __future__ import annotations

from rest_framework.test import APIClient

from thidua.core.models import Role
from thidua.nominations.models import Dossier, Proposal, Round
from thidua.nominations.tests.conftest import GIAY_KHEN, YEAR, good_year


def _client(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def test_a_round_is_opened_and_listed(tree, hanoi_officer):
    client = _client(hanoi_officer)
    body = {"organisation": "CDN-HN", "kind": "yearly", "title": "Khen thưởng năm 2024", "year": 2024,
            "deadlines": {"grassroots_public": "2025-01-31"}, "on": "2025-01-02"}
    made = client.post("/api/v1/commendation-rounds/", body, format="json")
    assert made.status_code == 201, made.content
    assert made.json()["deadlines"] == {"grassroots_public": "2025-01-31"}
    assert [r["id"] for r in client.get("/api/v1/commendation-rounds/?year=2024").json()["results"]] == [made.json()["id"]]
    bad = client.post("/api/v1/commendation-rounds/", {**body, "kind": "stage", "stage_from": 2025, "stage_to": 2020}, format="json")
    assert bad.status_code == 400 and bad.json()["field"] == "stage_to"
    assert client.get("/api/v1/commendation-rounds/?year=abc").status_code == 400
    assert Round.objects.count() == 1


def test_the_route_over_the_api(tree, hn_round, bm_officer, hanoi_officer):
    good_year(tree.hoa)
    client = _client(bm_officer)
    made = client.post("/api/v1/dossiers/", {"round": hn_round.pk, "proposer": "BV-BM", "award": GIAY_KHEN, "on": "2025-01-15"},
                       format="json")
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    late = client.post("/api/v1/dossiers/", {"round": hn_round.pk, "proposer": "BV-BM", "award": GIAY_KHEN, "on": "2025-02-15"},
                       format="json")
    assert late.status_code == 400 and late.json()["field"] == "on" and "Đã quá hạn nộp hồ sơ" in late.json()["detail"]
    refused = client.post("/api/v1/proposals/", {"dossier": pk, "person": tree.duc.pk, "year": YEAR, "on": "2025-01-15"}, format="json")
    assert refused.status_code == 400 and refused.json()["field"] == "override_reason"
    outside = client.post("/api/v1/proposals/", {"dossier": pk, "person": tree.hoa2.pk, "year": YEAR, "override_reason": "x"},
                          format="json")
    assert outside.status_code == 404 and outside.json()["field"] == "person"
    proposal = client.post("/api/v1/proposals/", {"dossier": pk, "person": tree.hoa.pk, "year": YEAR, "on": "2025-01-15"},
                           format="json")
    assert proposal.status_code == 201 and proposal.json()["verdict"] == "eligible" and proposal.json()["reasons"]
    submitted = client.post(f"/api/v1/dossiers/{pk}/submit/", {"on": "2025-01-16"}, format="json")
    assert submitted.status_code == 200 and submitted.json()["holder"] == "CDN-HN" and submitted.json()["status"] == "submitted"
    assert client.post(f"/api/v1/dossiers/{pk}/accept/", {}, format="json").status_code == 403
    union = _client(hanoi_officer)
    assert [d["id"] for d in union.get("/api/v1/dossiers/?status=submitted").json()["results"]] == [pk]
    assert union.get("/api/v1/dossiers/?status=bi_mat").status_code == 400
    no_reason = union.post(f"/api/v1/dossiers/{pk}/return/", {}, format="json")
    assert no_reason.status_code == 400 and no_reason.json()["field"] == "reason"
    returned = union.post(f"/api/v1/dossiers/{pk}/return/", {"reason": "Bổ sung biên bản"}, format="json")
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    withdrawn = client.delete(f"/api/v1/proposals/{proposal.json()['id']}/")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    assert Proposal.objects.get().status == "withdrawn"
    forward = union.post(f"/api/v1/dossiers/{pk}/forward/", {}, format="json")
    assert forward.status_code == 400 and "không trình tiếp được" in forward.json()["detail"]
    assert Dossier.objects.count() == 1


def test_a_dossier_outside_the_scope_is_missing(tree, hn_round, make_user):
    from thidua.core.permissions import SYSTEM
    from thidua.nominations.services import dossier_create
    from thidua.nominations.tests.conftest import ON

    dossier = dossier_create(actor=SYSTEM, round=hn_round, proposer=tree.bach_mai, award=GIAY_KHEN, on=ON)
    client = _client(make_user(Role.UNION_OFFICER, tree.hue))
    response = client.get(f"/api/v1/dossiers/{dossier.pk}/")
    assert response.status_code == 404 and set(response.json()) == {"detail", "field"}
    assert client.get(f"/api/v1/dossiers/?round={hn_round.pk}").status_code == 404
