"""The API: rounds (list, create), registrations (create, withdraw, list within scope), counts."""
from __future__ import annotations

from rest_framework.test import APIClient

from thidua.core.models import AuditEntry, Role
from thidua.registrations.models import Registration
from thidua.registrations.tests.conftest import CSTDCS, LDTT


def _client(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def test_a_round_is_opened_and_listed(tree, hanoi_officer):
    client = _client(hanoi_officer)
    made = client.post("/api/v1/registration-rounds/", {"organisation": "CDN-HN", "year": 2025, "deadline": "2025-01-31"},
                       format="json")
    assert made.status_code == 201, made.content
    assert made.json()["deadline"] == "2025-01-31" and made.json()["organisation"] == "CDN-HN"
    listed = client.get("/api/v1/registration-rounds/?year=2025").json()
    assert [r["id"] for r in listed["results"]] == [made.json()["id"]]
    twice = client.post("/api/v1/registration-rounds/", {"organisation": "CDN-HN", "year": 2025, "deadline": "2025-01-31"},
                        format="json")
    assert twice.status_code == 400 and twice.json()["detail"].startswith("«Công đoàn ngành Y tế Hà Nội» đã mở đợt")


def test_registering_late_withdrawing_and_counting(tree, hn_round, bm_officer):
    client = _client(bm_officer)
    body = {"round": hn_round.pk, "unit": "BV-BM", "award": CSTDCS, "person": tree.duc.pk, "on": "2025-02-10"}
    late = client.post("/api/v1/registrations/", body, format="json")
    assert late.status_code == 400 and late.json()["field"] == "late" and "Đã quá hạn đăng ký" in late.json()["detail"]
    assert not Registration.objects.exists()
    made = client.post("/api/v1/registrations/", {**body, "late": True, "late_reason": "Mới về khoa"}, format="json")
    assert made.status_code == 201 and made.json()["late"] is True and made.json()["full_name"] == "Nguyễn Văn Đức"
    twice = client.post("/api/v1/registrations/", {**body, "late": True, "late_reason": "x"}, format="json")
    assert twice.status_code == 400 and "đã đăng ký «Chiến sĩ thi đua cơ sở» năm 2025" in twice.json()["detail"]
    wrong_kind = client.post("/api/v1/registrations/", {**body, "award": "tap_the_lao_dong_tien_tien", "on": "2025-01-20"},
                             format="json")
    assert wrong_kind.status_code == 400 and wrong_kind.json()["field"] == "award"
    client.post("/api/v1/registrations/", {**body, "award": LDTT, "person": tree.hoa.pk, "on": "2025-01-20"}, format="json")
    counts = client.get(f"/api/v1/registration-rounds/{hn_round.pk}/counts/?unit=BV-BM").json()
    assert (counts["individuals"], counts["collectives"], counts["late"]) == (2, 0, 1)
    # The sector union that opened the round is outside the hospital officer's scope: they must name their unit.
    assert client.get(f"/api/v1/registration-rounds/{hn_round.pk}/counts/").status_code == 400
    pk = made.json()["id"]
    withdrawn = client.post(f"/api/v1/registrations/{pk}/withdraw/", {"reason": "Xin rút"}, format="json")
    assert withdrawn.status_code == 200 and withdrawn.json()["withdraw_reason"] == "Xin rút"
    assert AuditEntry.objects.filter(model="registrations.registration", object_id=str(pk), action="update").exists()
    counts = client.get(f"/api/v1/registration-rounds/{hn_round.pk}/counts/?unit=BV-BM").json()
    assert (counts["individuals"], counts["withdrawn"]) == (1, 1)


def test_a_person_outside_the_scope_is_not_found(tree, hn_round, bm_officer):
    response = _client(bm_officer).post("/api/v1/registrations/", {
        "round": hn_round.pk, "unit": "BV-BM", "award": CSTDCS, "person": tree.hoa2.pk}, format="json")
    assert response.status_code == 404 and response.json()["field"] == "person"


def test_a_viewer_cannot_register(tree, hn_round, make_user):
    response = _client(make_user(Role.VIEWER, tree.bach_mai)).post("/api/v1/registrations/", {
        "round": hn_round.pk, "unit": "BV-BM", "award": CSTDCS, "person": tree.hoa.pk}, format="json")
    assert response.status_code == 403 and not Registration.objects.exists()
