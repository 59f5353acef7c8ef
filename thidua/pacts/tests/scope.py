"""This app's rows of the scope matrix (tests/test_scope_matrix.py merges them).

ROUTES has the same tables as the matrix, in the same shapes:
  "object": (route, method, path template with {code}/{pk}, object kind, need, body)
  "list":   (route, path, object kind or None, attribute)
  "create": (route, path, body, need)
  "global": (route, method, path, need, body)
  "elsewhere": {route, …} routes whose access this app tests in its own test module
`world(tree, inside, outside)` adds this app's objects (by kind) and strings to each side.
"""
from thidua.core.models import Role  # noqa: F401  (needs: "view", "audit", "manage", "commend", "admin")

TARGETS = "Chuyên môn | 60\nCông đoàn | 40"

ROUTES = {
    "global": [
        ("cum-khoi/", "get", "/cum-khoi/", "view", None),
        ("cum-khoi/", "post", "/cum-khoi/", "commend",
         {"kind": "cluster", "name": "Cụm mới", "owner": "CDN-HN", "valid_from": "01/01/2025", "members": "BV-BM\nDUOC-HN"}),
        ("giao-uoc/", "get", "/giao-uoc/?nam=2025", "view", None),
        ("giao-uoc/", "post", "/giao-uoc/", "commend",
         {"kind": "department", "title": "Giao ước khoa Tim mạch", "year": "2025", "signed_on": "15/01/2025",
          "department": "BV-BM-TM", "unit": "BV-BM", "targets": TARGETS}),
    ],
    "object": [
        ("cum-khoi/<int:pk>/", "get", "/cum-khoi/{pk}/?nam=2025", "grouping", "view", None),
        ("cum-khoi/<int:pk>/xep-hang.xlsx", "get", "/cum-khoi/{pk}/xep-hang.xlsx?nam=2025", "grouping", "view", None),
        ("cum-khoi/<int:pk>/thanh-vien/", "post", "/cum-khoi/{pk}/thanh-vien/", "grouping", "commend",
         {"organisation": "{new1}", "joined": "01/08/2025"}),
        ("cum-khoi/thanh-vien/<int:pk>/roi/", "post", "/cum-khoi/thanh-vien/{pk}/roi/", "grouping_member", "commend",
         {"left": "31/12/2025"}),
        ("cum-khoi/<int:pk>/cum-truong/", "post", "/cum-khoi/{pk}/cum-truong/", "grouping", "commend",
         {"year": "2025", "organisation": "{unit}", "role": "leader"}),
        ("cum-khoi/<int:pk>/giao-ban/", "post", "/cum-khoi/{pk}/giao-ban/", "grouping", "commend",
         {"held_on": "13/08/2025", "place": "Sở Y tế", "attendees": "{unit}", "minutes": "Thống nhất chỉ tiêu."}),
        ("cum-khoi/<int:pk>/ket-thuc/", "post", "/cum-khoi/{pk}/ket-thuc/", "grouping", "commend", {"on": "31/12/2026"}),
        ("cum-khoi/<int:pk>/giao-uoc/", "post", "/cum-khoi/{pk}/giao-uoc/", "grouping", "commend",
         {"title": "Giao ước đợt cao điểm", "year": "2025", "signed_on": "10/02/2025", "targets": TARGETS}),
        ("giao-uoc/<int:pk>/", "get", "/giao-uoc/{pk}/", "pact", "view", None),
        ("giao-uoc/<int:pk>/cham-diem/", "post", "/giao-uoc/{pk}/cham-diem/", "pact", "commend",
         {"party": "{pact_party}", "target": "{pact_target}", "value": "50"}),
        ("giao-uoc/van-ban/<int:pk>/", "get", "/giao-uoc/van-ban/{pk}/", "pact_document", "view", None),
        ("api/v1/^groupings/(?P<pk>[^/.]+)/$", "get", "/api/v1/groupings/{pk}/", "grouping", "view", None),
        ("api/v1/^groupings/(?P<pk>[^/.]+)/ranking/$", "get", "/api/v1/groupings/{pk}/ranking/?year=2025", "grouping", "view", None),
        ("api/v1/^groupings/(?P<pk>[^/.]+)/members/$", "post", "/api/v1/groupings/{pk}/members/", "grouping", "commend",
         {"organisation": "{new1}", "joined": "2025-08-01"}),
        ("api/v1/^groupings/(?P<pk>[^/.]+)/leaders/$", "post", "/api/v1/groupings/{pk}/leaders/", "grouping", "commend",
         {"year": 2025, "organisation": "{unit}", "role": "leader"}),
        ("api/v1/^groupings/(?P<pk>[^/.]+)/meetings/$", "post", "/api/v1/groupings/{pk}/meetings/", "grouping", "commend",
         {"held_on": "2025-08-13", "place": "Sở Y tế", "attendees": ["{unit}"], "minutes": "Biên bản"}),
        ("api/v1/^pacts/(?P<pk>[^/.]+)/$", "get", "/api/v1/pacts/{pk}/", "pact", "view", None),
        ("api/v1/^pacts/(?P<pk>[^/.]+)/scores/$", "post", "/api/v1/pacts/{pk}/scores/", "pact", "commend",
         {"party": "{pact_party}", "target": "{pact_target}", "value": "50"}),
        ("api/v1/^pact-counts/$", "get", "/api/v1/pact-counts/?organisation={code}&year=2025", "org", "view", None),
    ],
    "create": [
        ("api/v1/^groupings/$", "/api/v1/groupings/",
         {"kind": "cluster", "name": "Cụm mới", "owner": "{pacts_owner}", "valid_from": "2025-01-01", "members": ["{unit}"]}, "commend"),
        ("api/v1/^pacts/$", "/api/v1/pacts/",
         {"grouping": "{grouping_id}", "title": "Giao ước", "year": 2025, "signed_on": "2025-02-10",
          "targets": [{"title": "Chuyên môn", "weight": 60}, {"title": "Công đoàn", "weight": 40}]}, "commend"),
    ],
    "list": [
        ("api/v1/^groupings/$", "/api/v1/groupings/?limit=500", "org", "name"),
        ("api/v1/^pacts/$", "/api/v1/pacts/?limit=500", "org", "name"),
    ],
    "elsewhere": {"giao-uoc/<int:pk>/van-ban/"},
}


def world(tree, inside: dict, outside: dict) -> None:
    """A cluster on each side (Hà Nội's hospitals; Huế's), a pact of 2025 in it, and its signed copy."""
    from datetime import date

    from thidua.core.permissions import SYSTEM
    from thidua.organisations.models import OrgKind
    from thidua.organisations.services import org_create
    from thidua.pacts.services import TargetInput, Upload, grouping_create, pact_create_grouping, pact_document_attach

    hue_second = org_create(actor=SYSTEM, code="BV-HUE-2", name="Công đoàn Bệnh viện Đa khoa Huế", kind=OrgKind.GRASSROOTS_PUBLIC,
                            parent=tree.hue, valid_from=date(2020, 1, 1))
    sides = ((inside, tree.hanoi, [tree.bach_mai, tree.hanoi_pharma], "Cụm thi đua các bệnh viện Hà Nội"),
             (outside, tree.hue, [tree.hue_central, hue_second], "Cụm thi đua các bệnh viện Huế"))
    for side, owner, members, name in sides:
        grouping = grouping_create(actor=SYSTEM, kind="cluster", name=name, owner=owner, valid_from=date(2024, 1, 1), members=members)
        pact = pact_create_grouping(actor=SYSTEM, grouping=grouping, title=f"Giao ước {name} năm 2025", year=2025,
                                    signed_on=date(2025, 2, 1), targets=[TargetInput("Chuyên môn", 60), TargetInput("Công đoàn", 40)])
        side["pacts_owner"] = owner.code
        side["grouping"] = grouping
        side["grouping_id"] = str(grouping.pk)
        side["grouping_member"] = grouping.members.order_by("id").first()
        side["pact"] = pact
        side["pact_party"] = str(pact.parties.get(organisation=members[0]).pk)
        side["pact_target"] = str(pact.targets.order_by("position").first().pk)
        side["pact_document"] = pact_document_attach(actor=SYSTEM, pact=pact, upload=Upload("giao-uoc.pdf", b"%PDF-1.4\n"))


# The API operations this app adds to the OpenAPI schema (tests/test_schemathesis.py and
# thidua/core/tests/test_api.py check the schema lists exactly these beside the core ones).
API_OPERATIONS = {
    "GET /api/v1/groupings/",
    "POST /api/v1/groupings/",
    "GET /api/v1/groupings/{id}/",
    "POST /api/v1/groupings/{id}/leaders/",
    "GET /api/v1/groupings/{id}/meetings/",
    "POST /api/v1/groupings/{id}/meetings/",
    "POST /api/v1/groupings/{id}/members/",
    "GET /api/v1/groupings/{id}/ranking/",
    "GET /api/v1/pact-counts/",
    "GET /api/v1/pacts/",
    "POST /api/v1/pacts/",
    "GET /api/v1/pacts/{id}/",
    "POST /api/v1/pacts/{id}/scores/",
}
# Which object of `world` a real {id} under each API path is taken from (tests/test_schemathesis.py).
API_IDS = {
    "/api/v1/groupings/": "grouping",
    "/api/v1/pacts/": "pact",
}
