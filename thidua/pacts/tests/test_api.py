"""The API: groupings and pacts listed, created, read within scope; scores, ranking and counts."""
from __future__ import annotations

from datetime import date

from rest_framework.test import APIClient

from thidua.core.models import Role
from thidua.pacts.models import Pact, PactScore


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def test_grouping_and_pact_through_the_api(tree, cluster, third, hanoi_officer, make_user):
    api = client_for(hanoi_officer)
    listed = api.get("/api/v1/groupings/?year=2025").json()
    assert [g["name"] for g in listed["results"]] == ["Cụm thi đua số 1"]
    assert {m["organisation"]["code"] for m in listed["results"][0]["members"]} == {tree.bach_mai.code, tree.hanoi_pharma.code}
    assert api.post(f"/api/v1/groupings/{cluster.pk}/leaders/", {"year": 2025, "organisation": tree.bach_mai.code},
                    format="json").status_code == 201
    body = {"grouping": cluster.pk, "title": "Giao ước 2025", "year": 2025, "signed_on": "2025-02-10",
            "targets": [{"title": "Chuyên môn", "weight": 60}, {"title": "Công đoàn", "weight": 30}]}
    refused = api.post("/api/v1/pacts/", body, format="json")
    assert refused.status_code == 400 and refused.json() == {
        "detail": "Tổng trọng số các chỉ tiêu là 90, phải đúng bằng 100: hãy điều chỉnh trọng số.", "field": "targets"}
    outside = api.post("/api/v1/pacts/", {**body, "parties": [tree.bach_mai.code, third.code]}, format="json")
    assert outside.status_code == 400 and "không phải thành viên" in outside.json()["detail"] and Pact.objects.count() == 0
    body["targets"][1]["weight"] = 40
    created = api.post("/api/v1/pacts/", body, format="json")
    assert created.status_code == 201, created.content
    pact = created.json()
    parties = {p["organisation"]["code"]: p["id"] for p in pact["parties"]}
    target = pact["targets"][0]["id"]
    bad = api.post(f"/api/v1/pacts/{pact['id']}/scores/", {"party": parties[tree.bach_mai.code], "scorer": parties[tree.bach_mai.code],
                                                           "target": target, "value": "10"}, format="json")
    assert bad.status_code == 400 and bad.json()["field"] == "scorer"
    over = api.post(f"/api/v1/pacts/{pact['id']}/scores/", {"party": parties[tree.bach_mai.code], "target": target, "value": "61"},
                    format="json")
    assert over.status_code == 400 and over.json()["field"] == "value" and PactScore.objects.count() == 0
    for code, other in ((tree.bach_mai.code, tree.hanoi_pharma.code), (tree.hanoi_pharma.code, tree.bach_mai.code)):
        for t, value in zip(pact["targets"], (50, 30) if code == tree.bach_mai.code else (40, 40)):
            response = api.post(f"/api/v1/pacts/{pact['id']}/scores/", {"party": parties[code], "scorer": parties[other],
                                                                       "target": t["id"], "value": str(value)}, format="json")
            assert response.status_code == 201
    detail = api.get(f"/api/v1/pacts/{pact['id']}/").json()
    assert {r["party"]: (r["final"], r["rank"]) for r in detail["results"]} == {
        parties[tree.bach_mai.code]: ("80.00", 1), parties[tree.hanoi_pharma.code]: ("80.00", 1)}
    ranking = api.get(f"/api/v1/groupings/{cluster.pk}/ranking/?year=2025").json()
    assert [(r["organisation"]["code"], r["score"], r["rank"], r["leader"]) for r in ranking] == [
        (tree.bach_mai.code, "80.00", 1, True), (tree.hanoi_pharma.code, "80.00", 1, False)]
    counts = api.get(f"/api/v1/pact-counts/?organisation={tree.bach_mai.code}&year=2025").json()
    assert (counts["clusters"], counts["clusters_led"], counts["pacts"], counts["meetings"]) == (1, 1, 1, 0)
    # Huế sees none of it.
    hue = client_for(make_user(Role.UNION_OFFICER, tree.hue))
    assert hue.get("/api/v1/groupings/").json()["results"] == []
    assert hue.get(f"/api/v1/pacts/{pact['id']}/").status_code == 404
    assert hue.get(f"/api/v1/groupings/{cluster.pk}/ranking/").status_code == 404
    assert hue.get(f"/api/v1/pact-counts/?organisation={tree.bach_mai.code}").status_code == 404
    assert api.get("/api/v1/groupings/99999999999999999999/").status_code == 404
    assert api.get("/api/v1/pact-counts/").status_code == 400


def test_meeting_and_members_through_the_api(tree, cluster, third, hanoi_officer):
    api = client_for(hanoi_officer)
    assert api.post(f"/api/v1/groupings/{cluster.pk}/members/", {"organisation": third.code, "joined": "2025-03-01"},
                    format="json").status_code == 201
    meeting = api.post(f"/api/v1/groupings/{cluster.pk}/meetings/", {"held_on": "2025-08-13", "place": "Hà Nam",
                       "attendees": [tree.bach_mai.code, third.code]}, format="json")
    assert meeting.status_code == 201 and len(meeting.json()["attendees"]) == 2
    early = api.post(f"/api/v1/groupings/{cluster.pk}/meetings/", {"held_on": "2025-02-13", "place": "Hà Nam",
                     "attendees": [third.code]}, format="json")
    assert early.status_code == 400 and early.json()["field"] == "attendees"
    assert len(api.get(f"/api/v1/groupings/{cluster.pk}/meetings/").json()) == 1
    created = api.post("/api/v1/groupings/", {"kind": "block", "name": "Khối", "owner": tree.hanoi.code, "valid_from": "2026-01-01",
                       "members": [tree.bach_mai.code], "replaces": cluster.pk}, format="json")
    assert created.status_code == 201
    assert api.get(f"/api/v1/groupings/{cluster.pk}/").json()["replaced_by"] == created.json()["id"]
    assert date.fromisoformat(api.get(f"/api/v1/groupings/{cluster.pk}/").json()["valid_to"]) == date(2025, 12, 31)
