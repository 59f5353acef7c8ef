"""People over the REST API: search, list, read, create, correct, history; bad input refused whole."""
from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from thidua.core.tests.api_helpers import assert_refused, client_for, vietnamese
from thidua.core.models import AuditEntry, Role
from thidua.people.models import Employment, Membership, Person

BASE = "/api/v1/people/"


def snapshot_counts() -> tuple[int, ...]:
    return Person.objects.count(), Employment.objects.count(), Membership.objects.count(), AuditEntry.objects.count()


@pytest.fixture
def api(db) -> APIClient:
    return client_for(get_user_model().objects.create_superuser("quantri", "quantri@example.vn", "Mat-khau-quan-tri-2026"))


@pytest.fixture
def officer_api(hanoi_officer) -> APIClient:
    return client_for(hanoi_officer)


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["full_name"] for row in response.json()["results"]]


# --- Search and list ----------------------------------------------------------------------------


def test_search_ignores_accents_and_word_order(tree, api):
    assert sorted(names(api.get(BASE, {"q": "hoa"}))) == ["Lê Thị Hoà", "Trần Thị Hòa"]
    assert names(api.get(BASE, {"q": "nguyen van duc"})) == ["Nguyễn Văn Đức"]
    assert names(api.get(BASE, {"q": "Đức Nguyễn"})) == ["Nguyễn Văn Đức"]
    assert names(api.get(BASE, {"q": "van"})) == []  # a prefix of the name, not any word in it


def test_search_stays_within_scope_and_under(tree, officer_api, api):
    assert names(officer_api.get(BASE, {"q": "hoa"})) == ["Trần Thị Hòa"]
    assert names(api.get(BASE, {"q": "hoa", "under": "CDN-HUE"})) == ["Lê Thị Hoà"]


def test_list_without_q_is_everyone_visible_in_vietnamese_order(tree, officer_api, api):
    # Ordered by given name: Đức, Hòa, Lan (đ after d, before h).
    assert names(officer_api.get(BASE)) == ["Nguyễn Văn Đức", "Trần Thị Hòa", "Phạm Ngọc Lan"]
    assert names(officer_api.get(BASE, {"under": "BV-BM"})) == ["Nguyễn Văn Đức", "Trần Thị Hòa"]
    body = api.get(BASE, {"limit": 2}).json()
    assert body["count"] == 4 and len(body["results"]) == 2 and body["next"]


def test_list_under_a_unit_outside_scope_is_not_found(tree, officer_api):
    assert_refused(officer_api.get(BASE, {"under": "BV-TWH"}), 404, field="under")


# --- Retrieve -----------------------------------------------------------------------------------


def test_retrieve_nests_work_and_membership(tree, officer_api):
    response = officer_api.get(f"{BASE}{tree.duc.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["full_name"] == "Nguyễn Văn Đức"
    assert body["cccd"] == "001085001234"
    assert body["date_of_birth"] == "1985-03-14"
    assert body["current_unit"] == {"code": "BV-BM-TM", "name": "Khoa Tim mạch"}
    assert [(e["organisation"]["code"], e["profession"], e["start"], e["end"]) for e in body["employments"]] == [
        ("BV-BM-TM", "doctor", "2020-01-01", None)
    ]
    assert [(m["organisation"]["code"], m["card_number"], m["joined"]) for m in body["memberships"]] == [
        ("BV-BM-TM", "BM-0001", "2020-01-01")
    ]


def test_out_of_scope_person_looks_exactly_like_a_missing_one(tree, officer_api):
    out_of_scope = officer_api.get(f"{BASE}{tree.hoa2.pk}/")
    missing = officer_api.get(f"{BASE}999999/")
    not_a_number = officer_api.get(f"{BASE}abc/")
    assert out_of_scope.status_code == missing.status_code == not_a_number.status_code == 404
    assert out_of_scope.json() == missing.json() == not_a_number.json()
    assert_refused(out_of_scope, 404)


# --- Create -------------------------------------------------------------------------------------


def _new_person(**overrides) -> dict:
    return {
        "full_name": "Vũ Thị Mai", "unit": "BV-BM", "start": "2024-03-01", "gender": "female",
        "date_of_birth": "1995-05-20", "cccd": "001195012345", "phone": "0912 345 678", "email": "Mai.Vu@example.vn",
        "profession": "nurse", "position": "Điều dưỡng trưởng", "member_since": "2024-04-01", "card_number": "BM-0100",
        "reason": "Tuyển dụng mới",
    } | overrides


def test_create(tree, officer_api):
    before = snapshot_counts()
    response = officer_api.post(BASE, _new_person(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["full_name"] == "Vũ Thị Mai" and body["given_name"] == "Mai" and body["family_name"] == "Vũ"
    assert body["phone"] == "0912345678" and body["email"] == "mai.vu@example.vn"
    assert body["employments"][0]["organisation"]["code"] == "BV-BM"
    assert body["memberships"][0]["card_number"] == "BM-0100"
    assert snapshot_counts() == (before[0] + 1, before[1] + 1, before[2] + 1, before[3] + 3)
    person = Person.objects.get(pk=body["id"])
    assert AuditEntry.objects.get(model="people.person", object_id=str(person.pk)).reason == "Tuyển dụng mới"


def test_create_with_only_the_required_fields(tree, officer_api):
    response = officer_api.post(BASE, {"full_name": "Đỗ An", "unit": "DUOC-HN", "start": "2024-01-01"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["memberships"] == []


@pytest.mark.parametrize(
    ("overrides", "field", "contains"),
    [
        ({"cccd": "0123"}, "cccd", "12 chữ số"),
        ({"cccd": "001085001234", "gender": "male", "date_of_birth": "1985-03-14"}, "cccd", "đã có trong hệ thống"),  # Đức's
        ({"cccd": "001095012345"}, "cccd", "giới tính"),  # a man's fourth digit
        ({"start": "2025-13-45"}, "start", "YYYY-MM-DD"),
        ({"start": "01/07/2025"}, "start", "YYYY-MM-DD"),
        ({"date_of_birth": "20/05/1995"}, "date_of_birth", "YYYY-MM-DD"),
        ({"member_since": "2024-02-30"}, "member_since", "YYYY-MM-DD"),
        ({"gender": "other"}, "gender", "male, female"),
        ({"profession": "surgeon"}, "profession", "surgeon"),
        ({"phone": "12345"}, "phone", "điện thoại"),
        ({"email": "khong-phai-thu"}, "email", "thư điện tử"),
        ({"full_name": ""}, "full_name", "Không được để trống"),
        ({"start": "2019-01-01"}, "unit", "không hoạt động"),  # before the unit existed
    ],
)
def test_create_with_bad_input_is_refused_and_writes_nothing(tree, officer_api, overrides, field, contains):
    before = snapshot_counts()
    assert_refused(officer_api.post(BASE, _new_person(**overrides), format="json"), field=field, contains=contains)
    assert snapshot_counts() == before


def test_create_in_a_unit_outside_scope_is_not_found(tree, officer_api):
    before = snapshot_counts()
    out_of_scope = officer_api.post(BASE, _new_person(unit="BV-TWH"), format="json")
    missing = officer_api.post(BASE, _new_person(unit="KHONG-CO"), format="json")
    assert_refused(out_of_scope, 404, field="unit")
    assert out_of_scope.json()["detail"] == missing.json()["detail"].replace("KHONG-CO", "BV-TWH")
    assert snapshot_counts() == before


def test_a_viewer_may_not_create(tree, make_user):
    viewer = client_for(make_user(Role.VIEWER, tree.hanoi))
    before = snapshot_counts()
    assert_refused(viewer.post(BASE, _new_person(), format="json"), 403)
    assert snapshot_counts() == before


# --- Patch --------------------------------------------------------------------------------------


def test_patch_changes_only_what_is_sent(tree, officer_api):
    response = officer_api.patch(f"{BASE}{tree.hoa.pk}/", {"phone": "+84 912 000 111", "reason": "Đổi số"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["phone"] == "0912000111"
    assert body["full_name"] == "Trần Thị Hòa" and body["date_of_birth"] == "1990-07-02"
    entry = AuditEntry.objects.filter(model="people.person", object_id=str(tree.hoa.pk)).first()
    assert entry.reason == "Đổi số" and entry.after["phone"] == "0912000111"


def test_patch_renames_and_the_search_follows(tree, officer_api):
    officer_api.patch(f"{BASE}{tree.hoa.pk}/", {"full_name": "Trần Thị Hòa Bình"}, format="json")
    assert names(officer_api.get(BASE, {"q": "binh"})) == ["Trần Thị Hòa Bình"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"cccd": "0123"}, "cccd"),
        ({"date_of_birth": "1990-13-45"}, "date_of_birth"),
        ({"full_name": "  "}, "full_name"),
        ({"gender": "nam"}, "gender"),
    ],
)
def test_patch_with_bad_input_changes_nothing(tree, officer_api, data, field):
    before = snapshot_counts()
    assert_refused(officer_api.patch(f"{BASE}{tree.duc.pk}/", data, format="json"), field=field)
    assert snapshot_counts() == before
    duc = Person.objects.get(pk=tree.duc.pk)
    assert (duc.full_name, duc.cccd, duc.date_of_birth, duc.gender) == ("Nguyễn Văn Đức", "001085001234", date(1985, 3, 14), "male")


def test_patch_outside_scope_is_not_found_and_a_viewer_may_not(tree, officer_api, make_user):
    assert_refused(officer_api.patch(f"{BASE}{tree.hoa2.pk}/", {"phone": "0912000111"}, format="json"), 404)
    viewer = client_for(make_user(Role.VIEWER, tree.hanoi))
    assert_refused(viewer.patch(f"{BASE}{tree.hoa.pk}/", {"phone": "0912000111"}, format="json"), 403)
    assert Person.objects.get(pk=tree.hoa2.pk).phone == Person.objects.get(pk=tree.hoa.pk).phone == ""


def test_put_is_not_offered(tree, officer_api):
    response = officer_api.put(f"{BASE}{tree.hoa.pk}/", {"full_name": "X"}, format="json")
    assert response.status_code == 405
    assert vietnamese(response.json()["detail"])


# --- History ------------------------------------------------------------------------------------


def test_history(tree, officer_api):
    officer_api.patch(f"{BASE}{tree.duc.pk}/", {"phone": "0912000111", "reason": "Cập nhật"}, format="json")
    body = officer_api.get(f"{BASE}{tree.duc.pk}/history/").json()
    # The person, the employment and the membership were created; then the person was updated.
    assert body["count"] == 4
    assert [row["model"] for row in body["results"]][0] == "people.person"
    assert body["results"][0]["reason"] == "Cập nhật"
    assert {row["model"] for row in body["results"]} == {"people.person", "people.employment", "people.membership"}


def test_history_needs_the_audit_permission(tree, make_user, officer_api):
    emulation = client_for(make_user(Role.EMULATION_OFFICER, tree.bach_mai))
    assert emulation.get(f"{BASE}{tree.duc.pk}/history/").status_code == 200
    viewer = client_for(make_user(Role.VIEWER, tree.hanoi))
    assert viewer.get(f"{BASE}{tree.duc.pk}/").status_code == 200
    assert_refused(viewer.get(f"{BASE}{tree.duc.pk}/history/"), 403)
    assert_refused(officer_api.get(f"{BASE}{tree.hoa2.pk}/history/"), 404)
