"""The API: drafting, issuing, revoking, correcting, recording decisions of higher levels, counts; errors as {detail, field}."""
from __future__ import annotations

from rest_framework.test import APIClient

from thidua.commendations.models import AwardRecord
from thidua.core.models import Role
from thidua.decisions.models import Decision
from thidua.decisions.tests.conftest import GK, make_dossier


def _client(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def test_a_draft_from_a_dossier_is_issued_revoked_and_listed(tree, hanoi_officer):
    dossier = make_dossier(tree, people=[tree.hoa])
    client = _client(hanoi_officer)
    made = client.post("/api/v1/decisions/", {"issuer": "CDN-HN", "award": GK, "on": "2026-01-05", "dossiers": [dossier.pk],
                                              "items": [{"organisation": "BV-BM", "year": 2025, "amount": 1000000}]}, format="json")
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["status"] == "draft" and body["number"] is None
    assert [(i["full_name"], i["organisation"]) for i in body["items"]] == [(None, "BV-BM"), ("Trần Thị Hòa", None)]
    pk = body["id"]
    unsigned = client.post(f"/api/v1/decisions/{pk}/issue/", {"on": "2026-01-08"}, format="json")
    assert unsigned.status_code == 400 and unsigned.json()["field"] == "signer_name"
    issued = client.post(f"/api/v1/decisions/{pk}/issue/", {"on": "2026-01-08", "signer_name": "Nguyễn Văn Chủ"}, format="json")
    assert issued.status_code == 200 and issued.json()["number_text"] == "01/QĐ-CDN-HN"
    assert all(i["verification_code"] for i in issued.json()["items"])
    twice = client.post(f"/api/v1/decisions/{pk}/issue/", {"on": "2026-01-09", "signer_name": "A"}, format="json")
    assert twice.status_code == 400 and "đã ban hành nên không sửa được nữa" in twice.json()["detail"]

    hoa_item = next(i["id"] for i in issued.json()["items"] if i["person"] == tree.hoa.pk)
    revoked = client.post(f"/api/v1/decisions/{pk}/revoke/", {"on": "2026-03-01", "signer_name": "Nguyễn Văn Chủ",
                                                              "reason": "Khai man", "items": [hoa_item]}, format="json")
    assert revoked.status_code == 201 and revoked.json()["kind"] == "revocation" and revoked.json()["refers_to"] == pk
    assert revoked.json()["number_text"] == "02/QĐ-CDN-HN"
    assert AwardRecord.objects.get(person=tree.hoa).revoked_on is not None
    wrong_item = client.post(f"/api/v1/decisions/{pk}/revoke/", {"signer_name": "A", "reason": "x", "items": [10**9]}, format="json")
    assert wrong_item.status_code == 400 and wrong_item.json()["field"] == "items"

    listed = client.get("/api/v1/decisions/?status=issued&year=2026").json()
    assert sorted(d["number_text"] for d in listed["results"]) == ["01/QĐ-CDN-HN", "02/QĐ-CDN-HN"]
    assert client.get("/api/v1/decisions/?status=khac").status_code == 400


def test_a_correction_over_the_api_changes_the_recipient(tree, hn_issued, hanoi_officer):
    client = _client(hanoi_officer)
    duc = hn_issued.items.get(person=tree.duc)
    corrected = client.post(f"/api/v1/decisions/{hn_issued.pk}/correct/", {
        "on": "2026-02-01", "signer_name": "Nguyễn Văn Chủ", "reason": "Ghi nhầm người",
        "corrections": [{"item": duc.pk, "person": tree.lan.pk}]}, format="json")
    assert corrected.status_code == 201, corrected.content
    assert [i["full_name"] for i in corrected.json()["items"]] == ["Phạm Ngọc Lan"]
    outsider = client.post(f"/api/v1/decisions/{hn_issued.pk}/correct/", {
        "signer_name": "A", "reason": "x", "corrections": [{"item": hn_issued.items.get(person=tree.hoa).pk,
                                                            "person": tree.hoa2.pk}]}, format="json")
    assert outsider.status_code == 404 and outsider.json()["field"] == "corrections"


def test_refusals_write_nothing(tree, make_user):
    client = _client(make_user(Role.UNION_OFFICER, tree.bach_mai))
    beyond = client.post("/api/v1/decisions/", {"issuer": "BV-BM", "award": "bang_khen_cong_doan_nganh_trung_uong",
                                                "items": [{"person": tree.hoa.pk}]}, format="json")
    assert beyond.status_code == 400 and beyond.json()["field"] == "award"
    assert "không có thẩm quyền tặng" in beyond.json()["detail"]
    outside = client.post("/api/v1/decisions/", {"issuer": "BV-BM", "award": GK, "items": [{"person": tree.lan.pk}]}, format="json")
    assert outside.status_code == 404 and outside.json()["field"] == "items"
    viewer = _client(make_user(Role.VIEWER, tree.bach_mai)).post("/api/v1/decisions/", {"issuer": "BV-BM", "award": GK}, format="json")
    assert viewer.status_code == 403
    assert not Decision.objects.exists()


def test_recording_a_higher_decision_and_counting(tree, make_user):
    client = _client(make_user(Role.UNION_OFFICER, tree.bach_mai))
    body = {"received_by": "BV-BM", "issuer_name": "Tổng Liên đoàn Lao động Việt Nam", "number_text": "125/QĐ-TLĐ",
            "issued_on": "2026-02-03", "award": "bang_khen_tong_lien_doan",
            "items": [{"person": tree.duc.pk, "year": 2025}, {"organisation": "BV-BM-TM", "year": 2025}]}
    made = client.post("/api/v1/decisions/received/", body, format="json")
    assert made.status_code == 201 and made.json()["received_by"] == "BV-BM" and made.json()["issuer"] is None
    again = client.post("/api/v1/decisions/received/", body, format="json")
    assert again.status_code == 400 and again.json()["field"] == "number_text"
    counts = client.get("/api/v1/decisions/counts/?organisation=BV-BM&from=2026-01-01&to=2026-12-31").json()
    assert [(r["recipient_kind"], r["count"]) for r in counts["rows"]] == [("collective", 1), ("individual", 1)]
    assert counts["sentences"] == ["Tổng Liên đoàn Lao động Việt Nam tặng Bằng khen của Ban Chấp hành Tổng Liên đoàn Lao động "
                                   "Việt Nam cho 1 tập thể và 1 cá nhân."]
    assert client.get("/api/v1/decisions/counts/").json()["field"] == "organisation"
    assert client.get("/api/v1/decisions/counts/?organisation=BV-BM&from=2026-13-01").json()["field"] == "from"


def test_bad_parameters_name_their_field(tree, hn_issued, hanoi_officer):
    client = _client(hanoi_officer)
    assert client.get("/api/v1/decisions/?year=20x6").json()["field"] == "year"
    missing = client.post("/api/v1/decisions/", {"issuer": "CDN-HN", "award": GK, "dossiers": [10**9]}, format="json")
    assert missing.status_code == 404 and missing.json()["field"] == "dossiers"
    wrong = client.post(f"/api/v1/decisions/{hn_issued.pk}/correct/", {
        "signer_name": "A", "reason": "x", "corrections": [{"item": 10**9, "amount": 1}]}, format="json")
    assert wrong.status_code == 400 and wrong.json()["field"] == "corrections"
    assert Decision.objects.count() == 1
