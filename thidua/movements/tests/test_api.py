"""The API: register, set up a council, record a meeting, its votes and result, accept; counts; refusals
in Vietnamese with nothing written; records outside the scope are not found; the schema lists it all."""
from __future__ import annotations

from thidua.core.models import Role
from thidua.core.tests.api_helpers import assert_refused, client_for
from thidua.movements.models import Council, Initiative, Review


def test_the_workflow_over_the_api(tree, board, hanoi_officer):
    api = client_for(hanoi_officer)
    created = api.post("/api/v1/initiatives/", {"kind": "topic", "title": "Đề tài qua API", "year": 2024, "organisation": "BV-BM",
                                                "authors": [tree.hoa.pk], "registered_on": "2024-01-10"}, format="json")
    assert created.status_code == 201 and created.json()["status"] == "registered"
    topic = created.json()["id"]
    meeting = api.post(f"/api/v1/science-councils/{board.council.pk}/meetings/", {
        "held_on": "2024-03-15", "attendees": [p.pk for p in (board.chair, board.secretary, board.fourth, board.fifth)],
        "agenda": [topic]}, format="json")
    assert meeting.status_code == 201
    meeting_id = meeting.json()["id"]
    assert meeting.json()["items"][0]["quorum"] is True and meeting.json()["items"][0]["needed"] == 4
    refused = api.post(f"/api/v1/council-meetings/{meeting_id}/reviews/", {
        "initiative": topic, "reviews": [{"person": board.chair.pk, "vote": "approve"}, {"person": tree.duc.pk, "vote": "approve"}]},
        format="json")
    assert_refused(refused, field="member", contains="không phải thành viên")
    assert not Review.objects.exists()
    reviews = api.post(f"/api/v1/council-meetings/{meeting_id}/reviews/", {
        "initiative": topic, "reviews": [{"person": p.pk, "vote": "approve"} for p in (board.chair, board.secretary, board.fourth)]},
        format="json")
    assert reviews.status_code == 200
    assert_refused(api.post(f"/api/v1/council-meetings/{meeting_id}/decide/", {"initiative": topic}, format="json"),
                   contains="Hồ Quang Hiếu")
    api.post(f"/api/v1/council-meetings/{meeting_id}/reviews/", {"initiative": topic, "reviews": [{"person": board.fifth.pk,
                                                                                                   "vote": "reject"}]}, format="json")
    decided = api.post(f"/api/v1/council-meetings/{meeting_id}/decide/", {"initiative": topic}, format="json")
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    assert_refused(api.post(f"/api/v1/initiatives/{topic}/accept/", {"scope": "co_so", "decision_number": ""}, format="json"),
                   field="decision_number", contains="Chưa có quyết định")
    accepted = api.post(f"/api/v1/initiatives/{topic}/accept/", {"scope": "co_so", "decision_number": "7/QĐ-BV",
                                                                 "decision_date": "2024-12-01"}, format="json")
    assert accepted.status_code == 200 and accepted.json()["accepted"] is True
    assert [s["status"] for s in accepted.json()["steps"]] == ["registered", "approved", "accepted"]
    counts = api.get("/api/v1/initiatives/counts/?organisation=BV-BM&year=2024").json()
    assert counts["topic"]["accepted_by_scope"]["co_so"] == 1 and counts["initiative"]["registered"] == 1
    listed = api.get("/api/v1/initiatives/?year=2024&kind=topic").json()
    assert [i["title"] for i in listed["results"]] == ["Đề tài qua API"]


def test_scores_out_of_range_are_refused_over_the_api(tree, board, hanoi_officer):
    api = client_for(hanoi_officer)
    council = api.post("/api/v1/science-councils/", {
        "organisation": "BV-BM", "year": 2024, "name": "Hội đồng chấm điểm", "method": "score",
        "members": [{"person": board.chair.pk, "role": "chair"}, {"person": board.secretary.pk, "role": "secretary"},
                    {"person": board.fifth.pk, "role": "member"}]}, format="json")
    assert council.status_code == 201 and council.json()["quorum"] == 2
    meeting = api.post(f"/api/v1/science-councils/{council.json()['id']}/meetings/", {
        "held_on": "2024-03-15", "attendees": [board.chair.pk, board.secretary.pk], "agenda": [board.item.pk]}, format="json").json()
    assert_refused(api.post(f"/api/v1/council-meetings/{meeting['id']}/reviews/", {
        "initiative": board.item.pk, "reviews": [{"person": board.chair.pk, "score": 101}]}, format="json"),
        field="score", contains="từ 0 đến 100")
    assert not Review.objects.exists()


def test_records_outside_the_scope_are_not_found_and_bad_councils_refused(tree, board, make_user):
    api = client_for(make_user(Role.UNION_OFFICER, tree.hue))
    assert_refused(api.get(f"/api/v1/initiatives/{board.item.pk}/"), 404)
    assert_refused(api.get(f"/api/v1/science-councils/{board.council.pk}/"), 404)
    assert api.get("/api/v1/initiatives/?year=2024").json()["count"] == 0
    mine = client_for(make_user(Role.EMULATION_OFFICER, tree.hanoi))
    assert_refused(mine.post("/api/v1/science-councils/", {
        "organisation": "BV-BM", "year": 2024, "name": "Hội đồng hai người",
        "members": [{"person": board.chair.pk, "role": "chair"}, {"person": board.secretary.pk, "role": "secretary"}]},
        format="json"), contains="ít nhất 3 thành viên")
    assert Council.objects.count() == 1 and Initiative.objects.count() == 1


def test_the_schema_lists_the_operations(tree, hanoi_officer):
    schema = client_for(hanoi_officer).get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    for path in ("/api/v1/initiatives/", "/api/v1/initiatives/{id}/accept/", "/api/v1/initiatives/counts/",
                 "/api/v1/science-councils/{id}/meetings/", "/api/v1/council-meetings/{id}/reviews/",
                 "/api/v1/council-meetings/{id}/decide/"):
        assert path in paths, path
