"""Movements over the API: launch, list by year, campaigns, responses with results, contests and scores."""
from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from thidua.campaigns.models import ContestScore, Movement, PeakCampaign
from thidua.campaigns.services import contest_add, contest_entry_add, response_submit
from thidua.core.permissions import SYSTEM


def _api(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def test_launch_list_and_read_a_movement(tree, hanoi_emulation, partner, hue_movement):
    client = _api(hanoi_emulation)
    response = client.post("/api/v1/movements/", {
        "organisation": tree.hanoi.code, "name": "Lao động giỏi, lao động sáng tạo", "start": "2025-01-01", "end": "2025-12-31",
        "target_mode": "chosen", "targets": [tree.bach_mai.code], "partners": [partner.code], "criteria": ["Có sáng kiến"],
    }, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["targets"] == [{"code": "BV-BM", "name": "Công đoàn Bệnh viện Bạch Mai"}]
    assert body["partners"][0]["code"] == "SYT-HN" and body["criteria"] == ["Có sáng kiến"]
    listed = client.get("/api/v1/movements/?year=2025").json()
    assert [m["name"] for m in listed["results"]] == ["Lao động giỏi, lao động sáng tạo"]
    assert client.get("/api/v1/movements/?year=2024").json()["count"] == 0
    assert client.get(f"/api/v1/movements/{body['id']}/").json()["name"] == body["name"]
    outside = client.get(f"/api/v1/movements/{hue_movement.pk}/")
    assert outside.status_code == 404 and set(outside.json()) == {"detail", "field"}


def test_bad_launch_bodies_are_refused_in_vietnamese(tree, hanoi_emulation):
    client = _api(hanoi_emulation)
    response = client.post("/api/v1/movements/", {"organisation": tree.hanoi.code, "name": "X", "start": "2025-12-31",
                                                   "end": "2025-01-01"}, format="json")
    assert response.status_code == 400 and response.json()["field"] == "end" and "sớm hơn" in response.json()["detail"]
    response = client.post("/api/v1/movements/", {"organisation": tree.hanoi.code, "name": "X", "start": "2025-01-01",
                                                   "end": "2025-12-31", "target_mode": "chosen", "targets": [tree.hue.code]},
                           format="json")
    assert response.status_code == 404 and response.json()["field"] == "targets"
    assert client.get("/api/v1/movements/?year=abc").status_code == 400
    assert not Movement.objects.exists()


def test_campaigns_and_responses_with_results(tree, hanoi_emulation, bm_officer, movement):
    officer = _api(hanoi_emulation)
    bad = officer.post("/api/v1/peak-campaigns/", {"movement": movement.pk, "name": "Tràn", "start": "2025-12-01",
                                                   "end": "2026-01-31"}, format="json")
    assert bad.status_code == 400 and "phải nằm trong thời gian" in bad.json()["detail"] and not PeakCampaign.objects.exists()
    made = officer.post("/api/v1/peak-campaigns/", {"movement": movement.pk, "name": "Cao điểm 27/2", "start": "2025-02-01",
                                                    "end": "2025-02-27"}, format="json")
    assert made.status_code == 201
    unit = _api(bm_officer)
    answer = unit.post("/api/v1/movement-responses/", {"movement": movement.pk, "organisation": tree.bach_mai.code,
                                                        "plan": "Kế hoạch 10/KH"}, format="json")
    assert answer.status_code == 201
    again = unit.post("/api/v1/movement-responses/", {"movement": movement.pk, "organisation": tree.bach_mai.code,
                                                       "plan": "Lần hai"}, format="json")
    assert again.status_code == 400 and "đã hưởng ứng" in again.json()["detail"]
    result = unit.post(f"/api/v1/movement-responses/{answer.json()['id']}/results/", {
        "period": "Quý I/2025", "text": "Đã làm", "campaign": made.json()["id"], "figures": [{"label": "Số khoa", "value": 12}],
    }, format="json")
    assert result.status_code == 201 and result.json()["figures"] == [{"label": "Số khoa", "value": 12}]
    table = officer.get(f"/api/v1/movements/{movement.pk}/response-table/").json()["results"]
    assert {(row["organisation"]["code"], row["responded"]) for row in table} == {
        ("BV-BM", True), ("BV-BM-TM", False), ("DUOC-HN", False)}


def test_contest_scores_and_results(tree, hanoi_emulation, movement):
    client = _api(hanoi_emulation)
    contest = client.post("/api/v1/contests/", {"movement": movement.pk, "name": "Hội thi ảnh", "score_min": "0",
                                                "score_max": "10", "judges": [tree.duc.pk, tree.lan.pk]}, format="json").json()
    first = client.post(f"/api/v1/contests/{contest['id']}/entries/", {"organisation": tree.bach_mai.code, "title": "Ảnh A",
                                                                        "person": tree.duc.pk}, format="json")
    assert first.status_code == 201
    second = client.post(f"/api/v1/contests/{contest['id']}/entries/", {"organisation": tree.hanoi_pharma.code, "title": "Ảnh B"},
                         format="json").json()
    own = client.post(f"/api/v1/contests/{contest['id']}/scores/", {"entry": first.json()["id"], "judge": tree.duc.pk, "score": "9"},
                      format="json")
    assert own.status_code == 400 and "chính mình" in own.json()["detail"]
    out = client.post(f"/api/v1/contests/{contest['id']}/scores/", {"entry": second["id"], "judge": tree.duc.pk, "score": "12"},
                      format="json")
    assert out.status_code == 400 and out.json()["field"] == "score" and not ContestScore.objects.exists()
    for entry_id, judge, score in ((first.json()["id"], tree.lan.pk, "8"), (second["id"], tree.duc.pk, "8"),
                                   (second["id"], tree.lan.pk, "8")):
        assert client.post(f"/api/v1/contests/{contest['id']}/scores/", {"entry": entry_id, "judge": judge, "score": score},
                           format="json").status_code == 201
    results = client.get(f"/api/v1/contests/{contest['id']}/results/").json()
    assert [(r["title"], r["rank"], r["average"]) for r in results] == [("Ảnh A", 1, "8.00"), ("Ảnh B", 1, "8.00")]
    assert "Đồng hạng 1 với «Ảnh B»" in results[0]["note"] and "Còn 1 giám khảo chưa chấm" in results[0]["note"]


def test_lists_keep_to_the_scope(tree, bm_officer, movement, hue_movement):
    response_submit(actor=SYSTEM, movement=hue_movement, organisation=tree.hue_central, plan="Kế hoạch Huế", on=date(2025, 2, 1))
    contest_add(actor=SYSTEM, movement=hue_movement, name="Hội thi Huế")
    client = _api(bm_officer)
    assert [m["id"] for m in client.get("/api/v1/movements/").json()["results"]] == [movement.pk]
    assert client.get("/api/v1/movement-responses/").json()["count"] == 0
    assert client.get("/api/v1/contests/").json()["count"] == 0
    assert client.get(f"/api/v1/contests/?movement={hue_movement.pk}").status_code == 404
