"""The API: list with filters, create, detail, update, end, the year's counts; scope; the OpenAPI schema."""
from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from thidua.core.models import AuditEntry, Role
from thidua.core.permissions import SYSTEM
from thidua.training.models import Training, TrainingKind, TrainingStatus
from thidua.training.services import training_record


@pytest.fixture
def api(hanoi_officer):
    client = APIClient()
    client.force_authenticate(hanoi_officer)
    return client


def _course(person, unit, kind=TrainingKind.SPECIALIST_1, start=date(2024, 9, 1), **extra):
    return training_record(actor=SYSTEM, person=person, sending_unit=unit, kind=kind, institution="Trường Đại học Y Hà Nội",
                           start=start, **extra)


def test_create_then_read(api, tree):
    response = api.post("/api/v1/trainings/", {
        "person": tree.duc.pk, "sending_unit": "BV-BM", "kind": "master", "institution": "Trường Đại học Y Hà Nội",
        "speciality": "Nội khoa", "start": "2025-09-01", "end": "2027-08-31", "reason": "QĐ 5/QĐ-BV"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["person"] == {"id": tree.duc.pk, "full_name": "Nguyễn Văn Đức"}
    assert body["sending_unit"]["code"] == "BV-BM" and body["status"] == "studying" and body["has_scan"] is False
    assert api.get(f"/api/v1/trainings/{body['id']}/").json()["end"] == "2027-08-31"
    assert AuditEntry.objects.filter(model="training.training", object_id=str(body["id"]), reason="QĐ 5/QĐ-BV").exists()


@pytest.mark.parametrize("change, field, words", [
    ({"end": "2025-01-01"}, "end", "sớm hơn ngày bắt đầu"),
    ({"kind": "phd"}, "kind", "«phd» không hợp lệ"),
    ({"start": "01/09/2025"}, "start", "YYYY-MM-DD"),
    ({"sending_unit": "DUOC-HN"}, "sending_unit", "không công tác hay sinh hoạt công đoàn"),
    ({"sending_unit": "BV-TWH"}, "sending_unit", "Không tìm thấy tổ chức"),
])
def test_bad_input_is_a_vietnamese_error_and_nothing_is_written(api, tree, change, field, words):
    body = {"person": tree.duc.pk, "sending_unit": "BV-BM", "kind": "master", "institution": "Trường Đại học Y Hà Nội",
            "start": "2025-09-01"}
    body.update(change)
    response = api.post("/api/v1/trainings/", body, format="json")
    assert response.status_code in (400, 404)
    assert response.json()["field"] == field and words in response.json()["detail"]
    assert not Training.objects.exists()


def test_list_filters_and_scope(api, tree):
    mine = _course(tree.duc, tree.bach_mai)
    _course(tree.lan, tree.hanoi_pharma, kind=TrainingKind.SHORT_COURSE, start=date(2023, 3, 1), end=date(2023, 3, 10),
            status=TrainingStatus.GRADUATED)
    _course(tree.hoa2, tree.hue_central)
    everything = api.get("/api/v1/trainings/").json()
    assert {r["person"]["full_name"] for r in everything["results"]} == {"Nguyễn Văn Đức", "Phạm Ngọc Lan"}
    assert [r["id"] for r in api.get("/api/v1/trainings/?organisation=BV-BM").json()["results"]] == [mine.pk]
    assert [r["id"] for r in api.get("/api/v1/trainings/?year=2024").json()["results"]] == [mine.pk]
    assert [r["id"] for r in api.get(f"/api/v1/trainings/?person={tree.duc.pk}&kind=specialist_1&status=studying").json()["results"]] == [mine.pk]
    assert api.get("/api/v1/trainings/?organisation=BV-TWH").status_code == 404
    assert api.get("/api/v1/trainings/?year=abc").json()["field"] == "year"


def test_update_and_end(api, tree):
    training = _course(tree.duc, tree.bach_mai)
    response = api.patch(f"/api/v1/trainings/{training.pk}/", {"speciality": "Tim mạch"}, format="json")
    assert response.status_code == 200 and response.json()["speciality"] == "Tim mạch"
    response = api.post(f"/api/v1/trainings/{training.pk}/end/", {"status": "graduated", "end": "2026-08-31",
                                                                   "certificate_number": "CK1-01"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "graduated"
    again = api.post(f"/api/v1/trainings/{training.pk}/end/", {"status": "dropped", "end": "2026-09-01"}, format="json")
    assert again.status_code == 400 and "đã kết thúc" in again.json()["detail"]


def test_counts(api, tree):
    _course(tree.duc, tree.cardio, start=date(2024, 9, 1))
    _course(tree.hoa, tree.bach_mai, kind=TrainingKind.MASTER, start=date(2022, 9, 1), end=date(2024, 8, 31),
            status=TrainingStatus.GRADUATED)
    body = api.get("/api/v1/trainings/counts/?organisation=BV-BM&year=2024").json()
    assert (body["started"], body["completed"]) == (1, 1)
    kinds = {k["kind"]: (k["started"], k["completed"]) for k in body["by_kind"]}
    assert kinds["specialist_1"] == (1, 0) and kinds["master"] == (0, 1)
    assert api.get("/api/v1/trainings/counts/?organisation=BV-BM").json()["field"] == "year"
    assert api.get("/api/v1/trainings/counts/?organisation=BV-TWH&year=2024").status_code == 404


def test_a_viewer_reads_but_cannot_write(tree, make_user):
    training = _course(tree.duc, tree.bach_mai)
    client = APIClient()
    client.force_authenticate(make_user(Role.VIEWER, tree.hanoi))
    assert client.get(f"/api/v1/trainings/{training.pk}/").status_code == 200
    assert client.patch(f"/api/v1/trainings/{training.pk}/", {"note": "x"}, format="json").status_code == 403
    training.refresh_from_db()
    assert training.note == ""


def test_the_operations_are_in_the_openapi_schema(api):
    schema = api.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    assert set(paths["/api/v1/trainings/"]) >= {"get", "post"}
    assert set(paths["/api/v1/trainings/{id}/"]) >= {"get", "patch"}
    assert "post" in paths["/api/v1/trainings/{id}/end/"]
    assert "get" in paths["/api/v1/trainings/counts/"]
