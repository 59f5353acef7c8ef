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

VIEW, COMMEND = "view", "commend"
COUNCIL_FORM = {"unit": "CDN-HN", "year": "2024", "name": "Hội đồng khoa học ngành", "method": "vote",
                "chair": "Trần Thị Hòa", "secretary": "Nguyễn Văn Đức", "members": "Phạm Ngọc Lan"}
REGISTER_FORM = {"unit": "BV-BM", "kind": "topic", "title": "Đề tài mới", "year": "2024", "on": "10/01/2024",
                 "authors": "Trần Thị Hòa"}
INITIATIVE_BODY = {"kind": "initiative", "title": "Sáng kiến qua API", "year": 2024, "organisation": "{unit}",
                   "authors": ["{author}"], "registered_on": "2024-01-10"}

ROUTES = {
    "object": [
        ("sang-kien/<int:pk>/", "get", "/sang-kien/{pk}/", "initiative", VIEW, None),
        ("sang-kien/<int:pk>/trien-khai/", "post", "/sang-kien/{pk}/trien-khai/", "approved", COMMEND, {"on": "01/04/2024"}),
        ("sang-kien/<int:pk>/cong-nhan/", "post", "/sang-kien/{pk}/cong-nhan/", "approved", COMMEND,
         {"scope": "co_so", "decision_number": "12/QĐ-BV", "decision_date": "20/12/2024"}),
        ("sang-kien/hoi-dong/<int:pk>/", "get", "/sang-kien/hoi-dong/{pk}/", "council", VIEW, None),
        ("sang-kien/hoi-dong/<int:pk>/phien-hop/", "post", "/sang-kien/hoi-dong/{pk}/phien-hop/", "council", COMMEND,
         {"held_on": "20/03/2024", "attendees": "{chair}", "agenda": "{open_item}"}),
        ("sang-kien/phien-hop/<int:pk>/", "get", "/sang-kien/phien-hop/{pk}/", "meeting", VIEW, None),
        ("sang-kien/phien-hop/<int:pk>/bieu-quyet/", "post", "/sang-kien/phien-hop/{pk}/bieu-quyet/", "meeting", COMMEND,
         {"initiative": "{open_item}", "member": "{chair}", "value": "approve"}),
        ("sang-kien/phien-hop/<int:pk>/ket-qua/", "post", "/sang-kien/phien-hop/{pk}/ket-qua/", "meeting", COMMEND,
         {"initiative": "{voted_item}"}),
        ("api/v1/^initiatives/(?P<pk>[^/.]+)/$", "get", "/api/v1/initiatives/{pk}/", "initiative", VIEW, None),
        ("api/v1/^initiatives/(?P<pk>[^/.]+)/start/$", "post", "/api/v1/initiatives/{pk}/start/", "approved", COMMEND,
         {"on": "2024-04-01"}),
        ("api/v1/^initiatives/(?P<pk>[^/.]+)/accept/$", "post", "/api/v1/initiatives/{pk}/accept/", "approved", COMMEND,
         {"scope": "tinh", "decision_number": "12/QĐ-SYT", "decision_date": "2024-12-20"}),
        ("api/v1/^science-councils/(?P<pk>[^/.]+)/$", "get", "/api/v1/science-councils/{pk}/", "council", VIEW, None),
        ("api/v1/^science-councils/(?P<pk>[^/.]+)/meetings/$", "post", "/api/v1/science-councils/{pk}/meetings/", "council", COMMEND,
         {"held_on": "2024-03-20", "attendees": ["{chair_person}"], "agenda": ["{open_item}"]}),
        ("api/v1/^council-meetings/(?P<pk>[^/.]+)/$", "get", "/api/v1/council-meetings/{pk}/", "meeting", VIEW, None),
        ("api/v1/^council-meetings/(?P<pk>[^/.]+)/reviews/$", "post", "/api/v1/council-meetings/{pk}/reviews/", "meeting", COMMEND,
         {"initiative": "{open_item}", "reviews": [{"person": "{chair_person}", "vote": "approve"}]}),
        ("api/v1/^council-meetings/(?P<pk>[^/.]+)/decide/$", "post", "/api/v1/council-meetings/{pk}/decide/", "meeting", COMMEND,
         {"initiative": "{voted_item}"}),
        ("api/v1/^initiatives/counts/$", "get", "/api/v1/initiatives/counts/?organisation={code}&year=2024", "org", VIEW, None),
    ],
    "list": [
        ("sang-kien/", "/sang-kien/?nam=2024", "org", "name"),
        ("sang-kien/hoi-dong/", "/sang-kien/hoi-dong/?nam=2024", "org", "name"),
        ("sang-kien/xuat.xlsx", "/sang-kien/xuat.xlsx?nam=2024", None, None),
        ("api/v1/^initiatives/$", "/api/v1/initiatives/?year=2024&limit=500", "org", "code"),
        ("api/v1/^science-councils/$", "/api/v1/science-councils/?limit=500", "org", "code"),
    ],
    "create": [
        ("api/v1/^initiatives/$", "/api/v1/initiatives/", INITIATIVE_BODY, COMMEND),
        ("api/v1/^science-councils/$", "/api/v1/science-councils/",
         {"organisation": "{unit}", "year": 2024, "name": "Hội đồng qua API", "method": "score",
          "members": [{"person": "{chair_person}", "role": "chair"}, {"person": "{secretary_person}", "role": "secretary"},
                      {"person": "{third_person}", "role": "member"}]}, COMMEND),
    ],
    "global": [
        ("sang-kien/dang-ky/", "get", "/sang-kien/dang-ky/", COMMEND, None),
        ("sang-kien/dang-ky/", "post", "/sang-kien/dang-ky/", COMMEND, REGISTER_FORM),
        ("sang-kien/hoi-dong/them/", "get", "/sang-kien/hoi-dong/them/", COMMEND, None),
        ("sang-kien/hoi-dong/them/", "post", "/sang-kien/hoi-dong/them/", COMMEND, COUNCIL_FORM),
        ("sang-kien/nhap/", "get", "/sang-kien/nhap/", COMMEND, None),
    ],
    # The import's upload: tests/test_views.py (thidua/movements) checks it inside and outside the scope.
    "elsewhere": {"sang-kien/nhap/"},
}


def world(tree, inside: dict, outside: dict) -> None:
    """On each side: a council of three with a meeting, one initiative on its agenda still open, one
    every member has voted on, and one already approved (to start or accept)."""
    from datetime import date

    from thidua.core.permissions import SYSTEM
    from thidua.movements.services import (
        council_create,
        initiative_decide,
        initiative_register,
        meeting_record,
        reviews_record,
    )
    from thidua.people.services import person_create

    for side, prefix in ((inside, "Bạch Mai"), (outside, "Huế")):
        org = side["org"]
        people = [person_create(actor=SYSTEM, full_name=f"{name} {prefix}", unit=org, start=date(2020, 1, 1))
                  for name in ("Chủ tịch", "Thư ký", "Ủy viên")]
        council = council_create(actor=SYSTEM, organisation=org, year=2024, name=f"Hội đồng sáng kiến {prefix}",
                                 members=list(zip(people, ["chair", "secretary", "member"])))

        def register(title):
            return initiative_register(actor=SYSTEM, kind="initiative", title=f"{title} {prefix}", year=2024, organisation=org,
                                       authors=[side["person"]], on=date(2024, 1, 10))

        open_item, voted, approved = register("Sáng kiến chờ xét"), register("Sáng kiến đã biểu quyết"), register("Sáng kiến đã duyệt")
        meeting = meeting_record(actor=SYSTEM, council=council, held_on=date(2024, 3, 15), attendees=people,
                                 agenda=[open_item, voted, approved])
        for item in (voted, approved):
            reviews_record(actor=SYSTEM, meeting=meeting, initiative=item, reviews=[(p, "approve", None) for p in people])
        initiative_decide(actor=SYSTEM, meeting=meeting, initiative=approved)
        chair = council.members.get(role="chair")
        side.update({
            "initiative": open_item, "approved": approved, "council": council, "meeting": meeting,
            "open_item": str(open_item.pk), "voted_item": str(voted.pk), "chair": str(chair.pk),
            "chair_person": str(people[0].pk), "secretary_person": str(people[1].pk), "third_person": str(people[2].pk),
            "author": str(side["person"].pk),
        })


# The API operations this app adds to the OpenAPI schema (tests/test_schemathesis.py and
# thidua/core/tests/test_api.py check the schema lists exactly these beside the core ones).
API_OPERATIONS = {
    "GET /api/v1/initiatives/",
    "POST /api/v1/initiatives/",
    "GET /api/v1/initiatives/{id}/",
    "POST /api/v1/initiatives/{id}/start/",
    "POST /api/v1/initiatives/{id}/accept/",
    "GET /api/v1/initiatives/counts/",
    "GET /api/v1/science-councils/",
    "POST /api/v1/science-councils/",
    "GET /api/v1/science-councils/{id}/",
    "POST /api/v1/science-councils/{id}/meetings/",
    "GET /api/v1/council-meetings/{id}/",
    "POST /api/v1/council-meetings/{id}/reviews/",
    "POST /api/v1/council-meetings/{id}/decide/",
}
# Which object of `world` a real {id} under each API path is taken from (tests/test_schemathesis.py).
API_IDS = {
    "/api/v1/initiatives/": "initiative",
    "/api/v1/science-councils/": "council",
    "/api/v1/council-meetings/": "meeting",
}
