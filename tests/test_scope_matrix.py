"""Every role × every page and endpoint × an object inside and outside the role's scope.

Each user holds one grant on Công đoàn ngành Y tế Hà Nội. Inside: a hospital and a nurse in Hà
Nội; outside: a hospital and a midwife in Huế, each with an eligibility run of its hospital. Outside,
every role on every route gets exactly the answer a missing object gets (404). Inside, reading is
open to every role, the change history to those who keep it, writing to those who manage, and
eligibility runs to those who manage commendations. Routes that hold no object of the tree are open
to every role or to system administrators only. The last test walks the URL configuration so that a
route added later without a row here fails the suite.
"""
from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from tests.scope_world import SCOPE_MODULES, build_world
from thidua.core.models import Role

VIEW, AUDIT, MANAGE, COMMEND, ADMIN = "view", "audit", "manage", "commend", "admin"
ALLOWED = {
    VIEW: set(Role),
    AUDIT: {Role.SYSTEM_ADMIN, Role.UNION_OFFICER, Role.EMULATION_OFFICER},
    MANAGE: {Role.SYSTEM_ADMIN, Role.UNION_OFFICER},
    COMMEND: {Role.SYSTEM_ADMIN, Role.UNION_OFFICER, Role.EMULATION_OFFICER},
    ADMIN: {Role.SYSTEM_ADMIN},
}

# Bodies of the eligibility writes: web forms (dd/mm/yyyy) and API requests (YYYY-MM-DD).
RUN_FORM = {"year": "2024", "on": "15/01/2025"}
RULE_FORM = {"kind": "min_months", "value": "10", "awards": "lao_dong_tien_tien", "since": "01/01/2024",
             "document": "Quy chế thi đua 12/QC-CĐ", "article": "Điều 5", "confidence": "V"}
RULE_BODY = {"kind": "min_months", "value": 10, "awards": ["lao_dong_tien_tien"], "since": "2024-01-01",
             "document": "Quy chế thi đua 12/QC-CĐ", "article": "Điều 5"}
CORRECTION_FORM = {"param": "quota.cstdcs.max_percent", "value": "20", "effective": "01/01/2025", "document": "Quyết định 1/QĐ",
                   "article": "Điều 1", "confidence": "V", "reason": "Kiểm thử"}
CORRECTION_BODY = {"param": "quota.cstdcs.max_percent", "value": 20, "effective": "2025-01-01", "document": "Quyết định 1/QĐ",
                   "article": "Điều 1", "reason": "Kiểm thử"}
CASE = {"award": "lao_dong_tien_tien", "year": 2024, "subject": {"kind": "individual", "years": {"2024": {"rating": "HTTNV"}}}}

# (route pattern as the resolver names it, method, path template, object kind, need, JSON body)
OBJECT_ROUTES = [
    ("to-chuc/<str:code>/", "get", "/to-chuc/{code}/", "org", VIEW, None),
    ("to-chuc/<str:code>/dieu-kien/", "get", "/to-chuc/{code}/dieu-kien/", "org", VIEW, None),
    ("to-chuc/<str:code>/lich-su/", "get", "/to-chuc/{code}/lich-su/", "org", AUDIT, None),
    ("nguoi/<int:pk>/", "get", "/nguoi/{pk}/", "person", VIEW, None),
    ("api/v1/^organisations/(?P<code>[^/]+)/$", "get", "/api/v1/organisations/{code}/", "org", VIEW, None),
    ("api/v1/^organisations/(?P<code>[^/]+)/history/$", "get", "/api/v1/organisations/{code}/history/", "org", AUDIT, None),
    ("api/v1/^organisations/(?P<code>[^/]+)/members/$", "get", "/api/v1/organisations/{code}/members/", "org", VIEW, None),
    ("api/v1/^organisations/(?P<code>[^/]+)/rename/$", "post", "/api/v1/organisations/{code}/rename/", "org", MANAGE,
     {"name": "Công đoàn mới đổi tên", "on": "2025-01-01", "reason": "Kiểm thử"}),
    ("api/v1/^organisations/(?P<code>[^/]+)/move/$", "post", "/api/v1/organisations/{code}/move/", "org", MANAGE,
     {"parent": "{parent}", "on": "2025-01-01"}),
    ("api/v1/^organisations/(?P<code>[^/]+)/merge/$", "post", "/api/v1/organisations/{code}/merge/", "org", MANAGE,
     {"sources": ["{sibling}"], "on": "2025-07-01"}),
    ("api/v1/^organisations/(?P<code>[^/]+)/split/$", "post", "/api/v1/organisations/{code}/split/", "org", MANAGE,
     {"into": ["{new1}", "{new2}"], "on": "2025-07-01"}),
    ("api/v1/^people/(?P<pk>[^/.]+)/$", "get", "/api/v1/people/{pk}/", "person", VIEW, None),
    ("api/v1/^people/(?P<pk>[^/.]+)/$", "patch", "/api/v1/people/{pk}/", "person", MANAGE, {"phone": "0912345678"}),
    ("api/v1/^people/(?P<pk>[^/.]+)/history/$", "get", "/api/v1/people/{pk}/history/", "person", AUDIT, None),
    # Eligibility
    ("to-chuc/<str:code>/xet-dieu-kien/", "get", "/to-chuc/{code}/xet-dieu-kien/", "org", VIEW, None),
    ("to-chuc/<str:code>/xet-dieu-kien/", "post", "/to-chuc/{code}/xet-dieu-kien/", "org", COMMEND, RUN_FORM),
    ("to-chuc/<str:code>/quy-dinh-rieng/", "get", "/to-chuc/{code}/quy-dinh-rieng/", "org", VIEW, None),
    ("to-chuc/<str:code>/quy-dinh-rieng/", "post", "/to-chuc/{code}/quy-dinh-rieng/", "org", MANAGE, RULE_FORM),
    ("xet-dieu-kien/<int:pk>/", "get", "/xet-dieu-kien/{pk}/", "run", VIEW, None),
    ("xet-dieu-kien/ket-qua/<int:pk>/", "get", "/xet-dieu-kien/ket-qua/{pk}/", "result", VIEW, None),
    ("api/v1/^organisations/(?P<code>[^/]+)/eligibility/$", "get", "/api/v1/organisations/{code}/eligibility/?year=2024", "org", VIEW, None),
    ("api/v1/^organisations/(?P<code>[^/]+)/rules/$", "get", "/api/v1/organisations/{code}/rules/", "org", VIEW, None),
    ("api/v1/^organisations/(?P<code>[^/]+)/rules/$", "post", "/api/v1/organisations/{code}/rules/", "org", MANAGE, RULE_BODY),
    ("api/v1/^people/(?P<pk>[^/.]+)/eligibility/$", "get", "/api/v1/people/{pk}/eligibility/?year=2024", "person", VIEW, None),
    ("api/v1/^eligibility-runs/(?P<pk>[^/.]+)/$", "get", "/api/v1/eligibility-runs/{pk}/", "run", VIEW, None),
    ("api/v1/^eligibility-runs/(?P<pk>[^/.]+)/results/$", "get", "/api/v1/eligibility-runs/{pk}/results/", "run", VIEW, None),
    # Spreadsheets: the import form and its template, the export
    ("to-chuc/<str:code>/nhap-danh-sach/", "get", "/to-chuc/{code}/nhap-danh-sach/", "org", MANAGE, None),
    ("to-chuc/<str:code>/nhap-danh-sach/mau.xlsx", "get", "/to-chuc/{code}/nhap-danh-sach/mau.xlsx", "org", MANAGE, None),
    ("to-chuc/<str:code>/xuat-doan-vien.xlsx", "get", "/to-chuc/{code}/xuat-doan-vien.xlsx", "org", VIEW, None),
]

# The import's upload and the pages of one uploaded file (a token tied to the user and the unit):
# (route, method, path template). Every one needs MANAGE on the unit.
IMPORT_ROUTES = [
    ("to-chuc/<str:code>/nhap-danh-sach/", "post", "/to-chuc/{code}/nhap-danh-sach/"),
    ("to-chuc/<str:code>/nhap-danh-sach/<str:token>/", "get", "/to-chuc/{code}/nhap-danh-sach/{token}/"),
    ("to-chuc/<str:code>/nhap-danh-sach/<str:token>/", "post", "/to-chuc/{code}/nhap-danh-sach/{token}/"),
    ("to-chuc/<str:code>/nhap-danh-sach/<str:token>/tien-do/", "get", "/to-chuc/{code}/nhap-danh-sach/{token}/tien-do/"),
    ("to-chuc/<str:code>/nhap-danh-sach/<str:token>/loi.xlsx", "get", "/to-chuc/{code}/nhap-danh-sach/{token}/loi.xlsx"),
]
IMPORT_CSV = "Họ và tên,Ngày sinh,Số CCCD\nNguyễn Thị Mới,01/02/1990,\nPhạm Văn Lỗi,01/02/1991,123\n".encode()

# Lists and searches: inside objects appear, outside ones never do.
LIST_ROUTES = [
    ("", "/", None, None),
    ("to-chuc/", "/to-chuc/", "org", "name"),
    ("nguoi/tim-kiem/", "/nguoi/tim-kiem/?q=hoa", "person", "name"),
    ("api/v1/^organisations/$", "/api/v1/organisations/?limit=500", "org", "code"),
    ("api/v1/^organisations/tree/$", "/api/v1/organisations/tree/?on=2025-01-01", "org", "code"),
    ("api/v1/^people/$", "/api/v1/people/?q=hoa", "person", "full_name"),
    ("api/v1/^people/$", "/api/v1/people/?limit=500", "person", "full_name"),
    ("api/v1/^eligibility-runs/$", "/api/v1/eligibility-runs/?limit=500", "org", "code"),
]
# Creation endpoints: inside a parent or unit in scope only.
CREATE_ROUTES = [
    ("api/v1/^organisations/$", "/api/v1/organisations/",
     {"code": "BV-MOI", "name": "Công đoàn Bệnh viện mới", "kind": "grassroots_public", "parent": "{unit}", "valid_from": "2024-01-01"},
     MANAGE),
    ("api/v1/^people/$", "/api/v1/people/",
     {"full_name": "Vũ Thị Mới", "unit": "{unit}", "start": "2024-01-01"}, MANAGE),
    ("api/v1/^eligibility-runs/$", "/api/v1/eligibility-runs/",
     {"organisation": "{unit}", "year": 2024, "on": "2025-01-15"}, COMMEND),
]
# Routes about no object of the tree: (route, method, path, need, body).
GLOBAL_ROUTES = [
    ("api/v1/^eligibility/catalogue/$", "get", "/api/v1/eligibility/catalogue/?on=2025-01-01", VIEW, None),
    ("api/v1/^eligibility/check/$", "post", "/api/v1/eligibility/check/", VIEW, CASE),
    ("api/v1/^parameter-corrections/$", "get", "/api/v1/parameter-corrections/", ADMIN, None),
    ("api/v1/^parameter-corrections/$", "post", "/api/v1/parameter-corrections/", ADMIN, CORRECTION_BODY),
    ("quy-dinh/tham-so/", "get", "/quy-dinh/tham-so/", ADMIN, None),
    ("quy-dinh/tham-so/", "post", "/quy-dinh/tham-so/", ADMIN, CORRECTION_FORM),
]
# Routes that hold no object of the tree.
OPEN_ROUTES = {
    "dang-nhap/", "dang-xuat/", "quan-tri/", "api/schema/", "api/docs/", "api/v1/", "api/v1/<drf_format_suffix:format>",
}
# The apps of the emulation year keep their rows beside their code (thidua/<app>/tests/scope.py).
for _module in SCOPE_MODULES:
    OBJECT_ROUTES += _module.ROUTES.get("object", [])
    LIST_ROUTES += _module.ROUTES.get("list", [])
    CREATE_ROUTES += _module.ROUTES.get("create", [])
    GLOBAL_ROUTES += _module.ROUTES.get("global", [])
ELSEWHERE = {route for module in SCOPE_MODULES for route in module.ROUTES.get("elsewhere", set())}
# DRF adds a ".json"-style twin of every API route; it reaches the same view.
FORMAT_SUFFIX = "\\.(?P<format>[a-z0-9]+)/?$"


@pytest.fixture
def world(tree):
    return build_world(tree)


def _fill(value, side):
    if isinstance(value, str):
        return value.format(**{k: v for k, v in side.items() if isinstance(v, str)})
    if isinstance(value, list):
        return [_fill(v, side) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, side) for k, v in value.items()}
    return value


def _client(user):
    client = APIClient()
    client.force_login(user)
    return client


def _request(client, method, path, body):
    if body is None:
        return getattr(client, method)(path)
    if not path.startswith("/api/"):
        return getattr(client, method)(path, body)  # a web form
    return getattr(client, method)(path, body, format="json")


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=[f"{r[1]} {r[2]}" for r in OBJECT_ROUTES])
def test_object_routes(route, role, world, tree, make_user):
    _, method, template, kind, need, body = route
    user = make_user(role, tree.hanoi)
    client = _client(user)
    for side_name, side in world.items():
        obj = side[kind]
        path = template.format(code=getattr(obj, "code", ""), pk=obj.pk)
        response = _request(client, method, path, _fill(body, side))
        if side_name == "out":
            missing = _request(client, method, template.format(code="KHONG-CO", pk=10**9), _fill(body, side))
            assert response.status_code == missing.status_code == 404, (path, response.status_code)
            if path.startswith("/api/"):
                assert set(response.json()) == set(missing.json()) == {"detail", "field"}
        elif role in ALLOWED[need]:
            # A web form that worked redirects to what it made (302).
            assert response.status_code in (200, 201, 302), (path, response.status_code, response.content[:300])
        else:
            assert response.status_code == 403, (path, response.status_code)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("route", LIST_ROUTES, ids=[r[1] for r in LIST_ROUTES])
def test_list_routes_show_only_the_scope(route, role, world, tree, make_user):
    _, path, kind, attribute = route
    client = _client(make_user(role, tree.hanoi))
    response = client.get(path)
    assert response.status_code == 200
    if kind is None:
        return
    text = response.content.decode()
    inside, outside = world["in"][kind], world["out"][kind]
    attr = {"name": "name" if kind == "org" else "full_name", "code": "code", "full_name": "full_name"}[attribute]
    assert getattr(inside, attr) in text
    assert getattr(outside, attr) not in text


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("route", CREATE_ROUTES, ids=[r[1] for r in CREATE_ROUTES])
def test_create_routes(route, role, world, tree, make_user):
    _, path, body, need = route
    client = _client(make_user(role, tree.hanoi))
    outside = client.post(path, _fill(body, world["out"]), format="json")
    assert outside.status_code == 404
    inside = client.post(path, _fill(body, world["in"]), format="json")
    assert inside.status_code == (201 if role in ALLOWED[need] else 403), inside.content[:300]


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("route", GLOBAL_ROUTES, ids=[f"{r[1]} {r[2]}" for r in GLOBAL_ROUTES])
def test_global_routes(route, role, tree, make_user):
    _, method, path, need, body = route
    response = _request(_client(make_user(role, tree.hanoi)), method, path, body)
    if role in ALLOWED[need]:
        assert response.status_code in (200, 201, 302), (path, response.status_code, response.content[:300])
    else:
        assert response.status_code == 403, (path, response.status_code)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("route", IMPORT_ROUTES, ids=[f"{r[1]} {r[2]}" for r in IMPORT_ROUTES])
def test_import_routes(route, role, world, tree, make_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from thidua.imports.views import stash_upload

    _, method, template = route
    user = make_user(role, tree.hanoi)
    client = _client(user)
    statuses = {}
    for side_name, side in world.items():
        org = side["org"]
        token = stash_upload(user=user, org=org, name="ds.csv", chunks=[IMPORT_CSV])
        if side_name == "in" and role in ALLOWED[MANAGE]:
            assert client.get(f"/to-chuc/{org.code}/nhap-danh-sach/{token}/").status_code == 200  # the preview
        path = template.format(code=org.code, token=token)
        body = {"tep": SimpleUploadedFile("ds.csv", IMPORT_CSV)} if template.endswith("nhap-danh-sach/") else {"bo_qua_loi": "1"}
        response = client.post(path, body) if method == "post" else client.get(path)
        statuses[side_name] = response.status_code
        if side_name == "out":
            missing_path = template.format(code="KHONG-CO", token=token)
            missing = client.post(missing_path, body) if method == "post" else client.get(missing_path)
            assert response.status_code == missing.status_code == 404, (path, response.status_code)
        elif role in ALLOWED[MANAGE]:
            assert response.status_code in (200, 302), (path, response.status_code, response.content[:300])
        else:
            assert response.status_code == 403, (path, response.status_code)


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, pattern)
        elif isinstance(entry, URLPattern):
            yield pattern.replace(FORMAT_SUFFIX, "/$")


def test_every_route_has_a_row_in_the_matrix():
    covered = (
        {r[0] for r in OBJECT_ROUTES} | {r[0] for r in LIST_ROUTES} | {r[0] for r in CREATE_ROUTES}
        | {r[0] for r in GLOBAL_ROUTES} | {r[0] for r in IMPORT_ROUTES} | OPEN_ROUTES | ELSEWHERE
    )
    uncovered = sorted(p for p in _patterns(get_resolver()) if p not in covered and not p.startswith("quan-tri/"))
    assert uncovered == []
