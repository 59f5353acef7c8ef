"""The union tree over the REST API: reads within scope, the life events, and bad input refused whole."""
from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from thidua.core.tests.api_helpers import assert_refused, client_for, vietnamese
from thidua.core.models import AuditEntry, Role
from thidua.organisations.models import Organisation, OrganisationEvent, OrganisationVersion

BASE = "/api/v1/organisations/"


def snapshot_counts() -> tuple[int, ...]:
    return (
        Organisation.objects.count(),
        OrganisationVersion.objects.count(),
        OrganisationEvent.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.fixture
def admin(db):
    return get_user_model().objects.create_superuser("quantri", "quantri@example.vn", "Mat-khau-quan-tri-2026")


@pytest.fixture
def api(admin) -> APIClient:
    return client_for(admin)


@pytest.fixture
def officer_api(hanoi_officer) -> APIClient:
    return client_for(hanoi_officer)


def codes(response) -> list[str]:
    return [row["code"] for row in response.json()["results"]]


# --- List and retrieve --------------------------------------------------------------------------


def test_list_shows_only_the_officers_subtree(tree, officer_api):
    response = officer_api.get(BASE)
    assert response.status_code == 200
    assert response.json()["count"] == 4
    assert sorted(codes(response)) == ["BV-BM", "BV-BM-TM", "CDN-HN", "DUOC-HN"]


def test_list_filters_under_on_and_q(tree, api):
    assert sorted(codes(api.get(BASE, {"under": "BV-BM"}))) == ["BV-BM", "BV-BM-TM"]
    assert codes(api.get(BASE, {"q": "bach mai"})) == ["BV-BM"]
    assert codes(api.get(BASE, {"q": "bv-twh"})) == ["BV-TWH"]
    assert codes(api.get(BASE, {"on": "2019-12-31"})) == []
    assert len(codes(api.get(BASE, {"on": "2020-01-01"}))) == 7


def test_list_is_paginated(tree, api):
    body = api.get(BASE, {"limit": 2, "offset": 1}).json()
    assert body["count"] == 7
    assert len(body["results"]) == 2
    assert "offset=3" in body["next"]
    # An absurd offset is an empty page, not a database error.
    assert api.get(BASE, {"offset": 10**30}).json()["results"] == []


@pytest.mark.parametrize("value", ["2025-13-45", "01/07/2025"])
def test_list_with_a_malformed_date_is_refused(tree, api, value):
    assert_refused(api.get(BASE, {"on": value}), field="on", contains="YYYY-MM-DD")


def test_list_under_a_unit_outside_scope_is_not_found(tree, officer_api):
    assert_refused(officer_api.get(BASE, {"under": "BV-TWH"}), 404, field="under")


def test_retrieve(tree, api):
    response = api.get(f"{BASE}BV-BM/")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "BV-BM"
    assert body["name"] == "Công đoàn Bệnh viện Bạch Mai"
    assert body["kind"] == "grassroots_public"
    assert body["parent"] == "CDN-HN"
    assert body["valid_from"] == "2020-01-01"
    assert body["valid_to"] is None


def test_retrieve_is_case_insensitive(tree, api):
    assert api.get(f"{BASE}bv-bm/").json()["code"] == "BV-BM"


def test_a_parent_outside_scope_is_not_named(tree, officer_api):
    assert officer_api.get(f"{BASE}CDN-HN/").json()["parent"] is None


def test_out_of_scope_looks_exactly_like_missing(tree, officer_api):
    out_of_scope = officer_api.get(f"{BASE}BV-TWH/")
    missing = officer_api.get(f"{BASE}KHONG-CO/")
    assert out_of_scope.status_code == missing.status_code == 404
    # The message names the code asked for, and nothing else differs.
    assert out_of_scope.json() == {
        "detail": missing.json()["detail"].replace("KHONG-CO", "BV-TWH"),
        "field": missing.json()["field"],
    }
    assert_refused(out_of_scope, 404)


def test_anonymous_is_refused(tree):
    response = APIClient().get(BASE)
    assert response.status_code in (401, 403)
    assert vietnamese(response.json()["detail"])


# --- Create -------------------------------------------------------------------------------------


def _new_unit(**overrides) -> dict:
    return {
        "code": "BV-XP", "name": "Công đoàn Bệnh viện Xanh Pôn", "kind": "grassroots_public",
        "parent": "CDN-HN", "valid_from": "2025-01-01", "province_code": 1, "address": "12 Chu Văn An",
        "reason": "Quyết định thành lập số 12",
    } | overrides


def test_create(tree, officer_api):
    before = snapshot_counts()
    response = officer_api.post(BASE, _new_unit(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["code"] == "BV-XP" and body["parent"] == "CDN-HN" and body["province_code"] == 1
    assert body["depth"] == tree.hanoi.depth + 1
    org = Organisation.objects.get(code="BV-XP")
    assert org.path.startswith(tree.hanoi.path)
    assert snapshot_counts() == (before[0] + 1, before[1] + 1, before[2] + 1, before[3] + 1)
    entry = AuditEntry.objects.get(model="organisations.organisation", object_id=str(org.pk))
    assert entry.reason == "Quyết định thành lập số 12"


@pytest.mark.parametrize(
    ("overrides", "field", "contains"),
    [
        ({"code": "BV-BM"}, "code", "đã được dùng"),
        ({"code": "bv-bm"}, "code", "đã được dùng"),
        ({"code": "mã có dấu"}, "code", "không hợp lệ"),
        ({"kind": "hospital"}, "kind", "hospital"),
        ({"valid_from": "2025-13-45"}, "valid_from", "YYYY-MM-DD"),
        ({"valid_from": "01/07/2025"}, "valid_from", "YYYY-MM-DD"),
        ({"valid_from": "0001-01-01"}, "valid_from", "ngoài khoảng"),
        ({"name": "   "}, "name", "Không được để trống"),
        ({"name": None}, "name", "null"),
        ({"province_code": 9999}, "province_code", "9999"),
        ({"province_code": "một"}, "province_code", "số nguyên"),
        ({"ward_code": 1, "province_code": 1}, "ward_code", ""),
    ],
)
def test_create_with_bad_input_is_refused_and_writes_nothing(tree, officer_api, overrides, field, contains):
    before = snapshot_counts()
    response = officer_api.post(BASE, _new_unit(**overrides), format="json")
    assert_refused(response, field=field, contains=contains)
    assert snapshot_counts() == before


def test_create_without_a_required_field_names_it(tree, officer_api):
    data = _new_unit()
    del data["name"]
    body = assert_refused(officer_api.post(BASE, data, format="json"), field="name")
    assert body["detail"] == "Tên tổ chức: Trường này là bắt buộc."


def test_create_under_a_parent_outside_scope_is_not_found(tree, officer_api):
    before = snapshot_counts()
    out_of_scope = officer_api.post(BASE, _new_unit(parent="CDN-HUE"), format="json")
    missing = officer_api.post(BASE, _new_unit(parent="KHONG-CO"), format="json")
    assert_refused(out_of_scope, 404, field="parent")
    assert out_of_scope.json()["detail"] == missing.json()["detail"].replace("KHONG-CO", "CDN-HUE")
    assert snapshot_counts() == before


def test_only_a_system_admin_creates_a_top_level_unit(tree, officer_api, api):
    before = snapshot_counts()
    assert_refused(officer_api.post(BASE, _new_unit(parent=None), format="json"), 403)
    assert snapshot_counts() == before
    assert api.post(BASE, _new_unit(parent=None, code="TOP"), format="json").status_code == 201


def test_a_viewer_may_not_create(tree, make_user):
    viewer = client_for(make_user(Role.VIEWER, tree.hanoi))
    before = snapshot_counts()
    assert_refused(viewer.post(BASE, _new_unit(), format="json"), 403)
    assert snapshot_counts() == before


@pytest.mark.parametrize(
    ("payload", "content_type"),
    [("{not json", "application/json"), ("[1, 2]", "application/json"), ("code=X", "application/x-www-form-urlencoded")],
)
def test_a_body_that_is_not_a_json_object_is_refused(tree, api, payload, content_type):
    before = snapshot_counts()
    response = api.generic("POST", BASE, payload, content_type=content_type)
    assert response.status_code in (400, 415)
    assert vietnamese(response.json()["detail"])
    assert snapshot_counts() == before


# --- Rename, move, merge, split -----------------------------------------------------------------


def test_rename(tree, officer_api):
    response = officer_api.post(
        f"{BASE}BV-BM/rename/", {"name": "Công đoàn Bệnh viện Bạch Mai (mới)", "on": "2025-07-01", "reason": "Đổi tên"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "Công đoàn Bệnh viện Bạch Mai (mới)"
    # The tree of an earlier day keeps the old name.
    old = officer_api.get(f"{BASE}tree/", {"on": "2025-06-30", "root": "BV-BM"}).json()
    new = officer_api.get(f"{BASE}tree/", {"on": "2025-07-01", "root": "BV-BM"}).json()
    assert old[0]["name"] == "Công đoàn Bệnh viện Bạch Mai"
    assert new[0]["name"] == "Công đoàn Bệnh viện Bạch Mai (mới)"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "Tên mới", "on": "2025-13-45"}, "on"),
        ({"name": "Tên mới", "on": "01/07/2025"}, "on"),
        ({"name": "", "on": "2025-07-01"}, "name"),
        ({"name": "Tên mới", "on": "2019-01-01"}, None),  # before the unit existed
    ],
)
def test_rename_with_bad_input_changes_nothing(tree, officer_api, data, field):
    before = snapshot_counts()
    assert_refused(officer_api.post(f"{BASE}BV-BM/rename/", data, format="json"), field=field)
    assert snapshot_counts() == before
    assert Organisation.objects.get(code="BV-BM").name == "Công đoàn Bệnh viện Bạch Mai"


def test_move(tree, officer_api):
    response = officer_api.post(f"{BASE}BV-BM-TM/move/", {"parent": "DUOC-HN", "on": "2025-07-01"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["parent"] == "DUOC-HN"
    assert Organisation.objects.get(code="BV-BM-TM").path.startswith(tree.hanoi_pharma.path)


def test_a_move_that_makes_a_cycle_is_refused(tree, officer_api):
    before = snapshot_counts()
    response = officer_api.post(f"{BASE}BV-BM/move/", {"parent": "BV-BM-TM", "on": "2025-07-01"}, format="json")
    assert_refused(response, field="parent", contains="vòng lặp")
    assert snapshot_counts() == before
    assert Organisation.objects.get(code="BV-BM").parent_id == tree.hanoi.pk


def test_a_move_under_a_unit_outside_scope_is_not_found(tree, officer_api):
    before = snapshot_counts()
    assert_refused(
        officer_api.post(f"{BASE}BV-BM/move/", {"parent": "CDN-HUE", "on": "2025-07-01"}, format="json"), 404, field="parent"
    )
    assert snapshot_counts() == before


def test_merge(tree, officer_api):
    response = officer_api.post(
        f"{BASE}BV-BM/merge/", {"sources": ["DUOC-HN"], "on": "2025-07-01", "reason": "Sáp nhập"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["code"] == "BV-BM"
    pharma = Organisation.objects.get(code="DUOC-HN")
    assert pharma.valid_to == date(2025, 6, 30)
    assert pharma.successor_id == tree.bach_mai.pk
    assert officer_api.get(f"{BASE}DUOC-HN/").json()["successor"] == "BV-BM"
    # The pharmacy's member now counts among the successor's.
    names = [m["person"]["full_name"] for m in officer_api.get(f"{BASE}BV-BM/members/", {"on": "2025-07-01"}).json()["results"]]
    assert "Phạm Ngọc Lan" in names


def test_merge_with_a_source_outside_scope_is_not_found_and_writes_nothing(tree, officer_api):
    before = snapshot_counts()
    response = officer_api.post(
        f"{BASE}BV-BM/merge/", {"sources": ["DUOC-HN", "BV-TWH"], "on": "2025-07-01"}, format="json"
    )
    assert_refused(response, 404, field="sources")
    assert snapshot_counts() == before
    assert Organisation.objects.get(code="DUOC-HN").valid_to is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"sources": [], "on": "2025-07-01"}, None),
        ({"sources": ["BV-BM"], "on": "2025-07-01"}, None),
        ({"sources": "DUOC-HN", "on": "2025-07-01"}, "sources"),
        ({"sources": ["DUOC-HN"], "on": "2025-02-30"}, "on"),
    ],
)
def test_merge_with_bad_input_writes_nothing(tree, officer_api, data, field):
    before = snapshot_counts()
    assert_refused(officer_api.post(f"{BASE}BV-BM/merge/", data, format="json"), field=field)
    assert snapshot_counts() == before


def test_split(tree, officer_api):
    for code in ("TM-A", "TM-B"):
        created = officer_api.post(BASE, _new_unit(code=code, name=f"Khoa {code}", kind="union_group", parent="BV-BM", valid_from="2025-07-01"), format="json")
        assert created.status_code == 201, created.content
    response = officer_api.post(f"{BASE}BV-BM-TM/split/", {"into": ["TM-A", "TM-B"], "on": "2025-07-01"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["valid_to"] == "2025-06-30"
    cardio = Organisation.objects.get(code="BV-BM-TM")
    assert set(cardio.events.get(kind="split").related.values_list("code", flat=True)) == {"TM-A", "TM-B"}


def test_split_into_one_unit_is_refused(tree, officer_api):
    officer_api.post(BASE, _new_unit(code="TM-A", kind="union_group", parent="BV-BM", valid_from="2025-07-01"), format="json")
    before = snapshot_counts()
    body = assert_refused(officer_api.post(f"{BASE}BV-BM-TM/split/", {"into": ["TM-A"], "on": "2025-07-01"}, format="json"))
    assert "hai" in body["detail"]
    assert snapshot_counts() == before


# --- Tree, history, members ---------------------------------------------------------------------


def test_tree_is_nested_and_scoped(tree, api, officer_api):
    roots = api.get(f"{BASE}tree/", {"on": "2024-01-01"}).json()
    assert [r["code"] for r in roots] == ["CDYTVN"]
    assert {c["code"] for c in roots[0]["children"]} == {"CDN-HN", "CDN-HUE"}
    officer_roots = officer_api.get(f"{BASE}tree/", {"on": "2024-01-01"}).json()
    assert [r["code"] for r in officer_roots] == ["CDN-HN"]
    bach_mai = next(c for c in officer_roots[0]["children"] if c["code"] == "BV-BM")
    assert [c["code"] for c in bach_mai["children"]] == ["BV-BM-TM"]
    assert api.get(f"{BASE}tree/", {"on": "2019-01-01"}).json() == []


def test_tree_with_a_root_outside_scope_or_a_bad_date(tree, officer_api):
    assert_refused(officer_api.get(f"{BASE}tree/", {"root": "BV-TWH"}), 404, field="root")
    assert_refused(officer_api.get(f"{BASE}tree/", {"on": "2025-13-45"}), field="on")


def test_history(tree, api, officer_api):
    api.post(f"{BASE}BV-BM/rename/", {"name": "Tên mới", "on": "2025-07-01", "reason": "Theo quyết định"}, format="json")
    body = officer_api.get(f"{BASE}BV-BM/history/").json()
    assert body["count"] == 2
    latest = body["results"][0]
    assert latest["action"] == "update" and latest["reason"] == "Theo quyết định"
    assert {"field": "name", "before": "Công đoàn Bệnh viện Bạch Mai", "after": "Tên mới"} in latest["changes"]
    assert body["results"][1]["action"] == "create"


def test_history_needs_the_audit_permission(tree, make_user, officer_api):
    viewer = client_for(make_user(Role.VIEWER, tree.hanoi))
    assert viewer.get(f"{BASE}BV-BM/").status_code == 200
    assert_refused(viewer.get(f"{BASE}BV-BM/history/"), 403)
    assert_refused(officer_api.get(f"{BASE}BV-TWH/history/"), 404)


def test_members(tree, officer_api):
    body = officer_api.get(f"{BASE}BV-BM/members/", {"on": "2025-01-01"}).json()
    assert body["count"] == 2
    assert [m["person"]["full_name"] for m in body["results"]] == ["Nguyễn Văn Đức", "Trần Thị Hòa"]
    assert body["results"][0]["organisation"]["code"] == "BV-BM-TM"
    assert body["results"][0]["card_number"] == "BM-0001"
    page = officer_api.get(f"{BASE}BV-BM/members/", {"on": "2025-01-01", "limit": 1, "offset": 1}).json()
    assert [m["person"]["full_name"] for m in page["results"]] == ["Trần Thị Hòa"]
    assert page["count"] == 2 and page["next"] is None and "limit=1" in page["previous"]
    first = officer_api.get(f"{BASE}BV-BM/members/", {"on": "2025-01-01", "limit": 1}).json()
    assert "offset=1" in first["next"] and first["previous"] is None
    assert officer_api.get(f"{BASE}BV-BM/members/", {"on": "2025-01-01", "offset": 10**30}).json()["results"] == []
    assert officer_api.get(f"{BASE}BV-BM/members/", {"on": "2019-01-01"}).json()["count"] == 0


def test_members_with_a_bad_date_or_outside_scope(tree, officer_api):
    assert_refused(officer_api.get(f"{BASE}BV-BM/members/", {"on": "01/07/2025"}), field="on")
    assert_refused(officer_api.get(f"{BASE}BV-TWH/members/"), 404)
