"""This app's rows of the scope matrix (tests/test_scope_matrix.py merges them).

ROUTES has the same tables as the matrix, in the same shapes:
  "object": (route, method, path template with {code}/{pk}, object kind, need, body)
  "list":   (route, path, object kind or None, attribute)
  "create": (route, path, body, need)
  "global": (route, method, path, need, body)
  "elsewhere": {route, …} routes whose access this app tests in its own test module
`world(tree, inside, outside)` adds this app's objects (by kind) and strings to each side.

Kinds added: "reg_round" (a round of the side's sector union), "registration" (one of its hospital's
nurse), "reg_unit" (the round's pk with the hospital's code: the unit's registration pages).
"""
from datetime import date
from types import SimpleNamespace

from thidua.core.models import Role  # noqa: F401  (needs: "view", "audit", "manage", "commend", "admin")

BULK_FORM = {"loai": "ca_nhan", "danh_hieu": "chien_si_thi_dua_co_so", "nguoi": "{reg_person}", "muon": "1",
             "ly_do_muon": "Kiểm thử đăng ký muộn"}
REG_BODY = {"round": "{reg_round_id}", "unit": "{unit}", "award": "chien_si_thi_dua_co_so", "person": "{reg_person}",
            "late": True, "late_reason": "Kiểm thử đăng ký muộn"}

ROUTES = {
    "global": [("dang-ky-thi-dua/", "get", "/dang-ky-thi-dua/", "view", None)],
    "object": [
        ("dang-ky-thi-dua/to-chuc/<str:code>/mo-dot/", "get", "/dang-ky-thi-dua/to-chuc/{code}/mo-dot/", "org", "commend", None),
        ("dang-ky-thi-dua/to-chuc/<str:code>/mo-dot/", "post", "/dang-ky-thi-dua/to-chuc/{code}/mo-dot/", "org", "commend",
         {"year": "2025", "deadline": "31/01/2025"}),
        ("dang-ky-thi-dua/dot/<int:pk>/", "get", "/dang-ky-thi-dua/dot/{pk}/", "reg_round", "view", None),
        ("dang-ky-thi-dua/dot/<int:pk>/xuat.xlsx", "get", "/dang-ky-thi-dua/dot/{pk}/xuat.xlsx", "reg_round", "view", None),
        ("dang-ky-thi-dua/dot/<int:pk>/don-vi/<str:code>/", "get", "/dang-ky-thi-dua/dot/{pk}/don-vi/{code}/", "reg_unit", "view", None),
        ("dang-ky-thi-dua/dot/<int:pk>/don-vi/<str:code>/", "post", "/dang-ky-thi-dua/dot/{pk}/don-vi/{code}/", "reg_unit", "commend",
         BULK_FORM),
        ("dang-ky-thi-dua/dot/<int:pk>/don-vi/<str:code>/nhap/", "get", "/dang-ky-thi-dua/dot/{pk}/don-vi/{code}/nhap/", "reg_unit",
         "commend", None),
        ("dang-ky-thi-dua/dot/<int:pk>/don-vi/<str:code>/nhap/mau.xlsx", "get",
         "/dang-ky-thi-dua/dot/{pk}/don-vi/{code}/nhap/mau.xlsx", "reg_unit", "commend", None),
        ("dang-ky-thi-dua/dang-ky/<int:pk>/", "get", "/dang-ky-thi-dua/dang-ky/{pk}/", "registration", "view", None),
        ("dang-ky-thi-dua/dang-ky/<int:pk>/rut/", "post", "/dang-ky-thi-dua/dang-ky/{pk}/rut/", "registration", "commend",
         {"ly_do": "Kiểm thử rút đăng ký"}),
        # API
        ("api/v1/^registration-rounds/(?P<pk>[^/.]+)/$", "get", "/api/v1/registration-rounds/{pk}/", "reg_round", "view", None),
        ("api/v1/^registration-rounds/(?P<pk>[^/.]+)/counts/$", "get", "/api/v1/registration-rounds/{pk}/counts/", "reg_round",
         "view", None),
        ("api/v1/^registrations/(?P<pk>[^/.]+)/$", "get", "/api/v1/registrations/{pk}/", "registration", "view", None),
        ("api/v1/^registrations/(?P<pk>[^/.]+)/withdraw/$", "post", "/api/v1/registrations/{pk}/withdraw/", "registration",
         "commend", {"reason": "Kiểm thử rút đăng ký"}),
    ],
    "list": [
        ("api/v1/^registrations/$", "/api/v1/registrations/?limit=500", "person", "full_name"),
    ],
    "create": [
        ("api/v1/^registration-rounds/$", "/api/v1/registration-rounds/",
         {"organisation": "{unit}", "year": 2025, "deadline": "2025-01-31"}, "commend"),
        ("api/v1/^registrations/$", "/api/v1/registrations/", REG_BODY, "commend"),
    ],
    # The pages of one uploaded file (a token tied to the user, the round and the unit): test_imports.py.
    "elsewhere": {
        "dang-ky-thi-dua/dot/<int:pk>/don-vi/<str:code>/nhap/<str:token>/",
        "dang-ky-thi-dua/dot/<int:pk>/don-vi/<str:code>/nhap/<str:token>/loi.xlsx",
    },
}


def world(tree, inside: dict, outside: dict) -> None:
    """A 2025 round of each side's sector union, and its hospital's nurse registered for Lao động tiên tiến."""
    from thidua.core.permissions import SYSTEM
    from thidua.registrations.services import registration_create, round_open

    for side, union, hospital, nurse in ((inside, tree.hanoi, tree.bach_mai, tree.hoa), (outside, tree.hue, tree.hue_central, tree.hoa2)):
        round_ = round_open(actor=SYSTEM, organisation=union, year=2025, deadline=date(2025, 1, 31), on=date(2025, 1, 2))
        side["reg_round"] = round_
        side["registration"] = registration_create(actor=SYSTEM, round=round_, unit=hospital, award="lao_dong_tien_tien",
                                                   on=date(2025, 1, 20), person=nurse)
        side["reg_unit"] = SimpleNamespace(pk=round_.pk, code=hospital.code)
        side["reg_person"] = str(nurse.pk)
        side["reg_round_id"] = str(round_.pk)

# tests/test_schemathesis.py calls the API with the ids of these inside objects.
API_IDS = {"/api/v1/registration-rounds/": "reg_round", "/api/v1/registrations/": "registration"}

# The API operations this app adds to the OpenAPI schema (tests/test_schemathesis.py and
# thidua/core/tests/test_api.py check the schema lists exactly these beside the core ones).
API_OPERATIONS = {
    "GET /api/v1/registration-rounds/",
    "POST /api/v1/registration-rounds/",
    "GET /api/v1/registration-rounds/{id}/",
    "GET /api/v1/registration-rounds/{id}/counts/",
    "GET /api/v1/registrations/",
    "POST /api/v1/registrations/",
    "GET /api/v1/registrations/{id}/",
    "POST /api/v1/registrations/{id}/withdraw/",
}
