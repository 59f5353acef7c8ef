"""This app's rows of the scope matrix (tests/test_scope_matrix.py merges them).

ROUTES has the same tables as the matrix, in the same shapes:
  "object": (route, method, path template with {code}/{pk}, object kind, need, body)
  "list":   (route, path, object kind or None, attribute)
  "create": (route, path, body, need)
  "global": (route, method, path, need, body)
  "elsewhere": {route, …} routes whose access this app tests in its own test module
`world(tree, inside, outside)` adds this app's objects (by kind) and strings to each side.

Objects: "training", a course of the side's nurse sent by the side's hospital (with a scan).
Strings: "trainee", that nurse's id (the person a new course is recorded for).
The upload of a training list and the pages of one uploaded list (a token tied to the user and
the unit) are tested in thidua/training/tests/test_sheets.py.
"""
from thidua.core.models import Role  # noqa: F401  (needs: "view", "audit", "manage", "commend", "admin")

VIEW, MANAGE = "view", "manage"
CREATE_FORM = {"person": "{trainee}", "kind": "short_course", "institution": "Trường Cán bộ Công đoàn", "start": "01/03/2025",
               "unit": "{unit}", "status": "studying"}
EDIT_FORM = {"kind": "master", "institution": "Trường Đại học Y Hà Nội", "start": "01/09/2024", "unit": "{unit}",
             "status": "studying", "speciality": "Điều dưỡng"}
END_FORM = {"status": "graduated", "end": "30/06/2026", "certificate_number": "ThS-2026-01", "certificate_date": "15/07/2026"}
CREATE_BODY = {"person": "{trainee}", "sending_unit": "{unit}", "kind": "short_course", "institution": "Trường Cán bộ Công đoàn",
               "start": "2025-03-01"}

ROUTES = {
    "object": [
        ("dao-tao/to-chuc/<str:code>/", "get", "/dao-tao/to-chuc/{code}/?nam=2024", "org", VIEW, None),
        ("dao-tao/to-chuc/<str:code>/them/", "get", "/dao-tao/to-chuc/{code}/them/", "org", MANAGE, None),
        ("dao-tao/to-chuc/<str:code>/them/", "post", "/dao-tao/to-chuc/{code}/them/", "org", MANAGE, CREATE_FORM),
        ("dao-tao/to-chuc/<str:code>/xuat.xlsx", "get", "/dao-tao/to-chuc/{code}/xuat.xlsx", "org", VIEW, None),
        ("dao-tao/to-chuc/<str:code>/nhap/", "get", "/dao-tao/to-chuc/{code}/nhap/", "org", MANAGE, None),
        ("dao-tao/to-chuc/<str:code>/nhap/mau.xlsx", "get", "/dao-tao/to-chuc/{code}/nhap/mau.xlsx", "org", MANAGE, None),
        ("dao-tao/<int:pk>/", "get", "/dao-tao/{pk}/", "training", VIEW, None),
        ("dao-tao/<int:pk>/sua/", "get", "/dao-tao/{pk}/sua/", "training", MANAGE, None),
        ("dao-tao/<int:pk>/sua/", "post", "/dao-tao/{pk}/sua/", "training", MANAGE, EDIT_FORM),
        ("dao-tao/<int:pk>/ket-thuc/", "get", "/dao-tao/{pk}/ket-thuc/", "training", MANAGE, None),
        ("dao-tao/<int:pk>/ket-thuc/", "post", "/dao-tao/{pk}/ket-thuc/", "training", MANAGE, END_FORM),
        ("dao-tao/<int:pk>/tep/", "get", "/dao-tao/{pk}/tep/", "training", VIEW, None),
        ("api/v1/^trainings/(?P<pk>[^/.]+)/$", "get", "/api/v1/trainings/{pk}/", "training", VIEW, None),
        ("api/v1/^trainings/(?P<pk>[^/.]+)/$", "patch", "/api/v1/trainings/{pk}/", "training", MANAGE,
         {"institution": "Học viện Quân y", "reason": "Kiểm thử"}),
        ("api/v1/^trainings/(?P<pk>[^/.]+)/end/$", "post", "/api/v1/trainings/{pk}/end/", "training", MANAGE,
         {"status": "graduated", "end": "2026-06-30"}),
        ("api/v1/^trainings/counts/$", "get", "/api/v1/trainings/counts/?organisation={code}&year=2024", "org", VIEW, None),
        ("api/v1/^trainings/$", "get", "/api/v1/trainings/?organisation={code}", "org", VIEW, None),
    ],
    "list": [
        ("dao-tao/", "/dao-tao/", "person", "full_name"),
        ("api/v1/^trainings/$", "/api/v1/trainings/?limit=500", "person", "full_name"),
    ],
    "create": [
        ("api/v1/^trainings/$", "/api/v1/trainings/", CREATE_BODY, MANAGE),
    ],
    "global": [("dao-tao/", "get", "/dao-tao/", VIEW, None)],
    "elsewhere": {
        "dao-tao/to-chuc/<str:code>/nhap/<str:token>/",
        "dao-tao/to-chuc/<str:code>/nhap/<str:token>/loi.xlsx",
    },
}


def world(tree, inside: dict, outside: dict) -> None:
    """A course of each side's nurse, sent by each side's hospital in 2024, with a scanned certificate."""
    from datetime import date

    from thidua.core.permissions import SYSTEM
    from thidua.training.models import TrainingKind
    from thidua.training.services import training_attach_file, training_record

    for side, person, unit in ((inside, tree.hoa, tree.bach_mai), (outside, tree.hoa2, tree.hue_central)):
        training = training_record(actor=SYSTEM, person=person, sending_unit=unit, kind=TrainingKind.MASTER,
                                   institution="Trường Đại học Y Hà Nội", speciality="Điều dưỡng", start=date(2024, 9, 1))
        training_attach_file(actor=SYSTEM, training=training, name="bang.pdf", content=b"%PDF-1.4\n%%EOF\n")
        side["training"] = training
        side["trainee"] = str(person.pk)


# The API operations this app adds to the OpenAPI schema (tests/test_schemathesis.py and
# thidua/core/tests/test_api.py check the schema lists exactly these beside the core ones).
API_OPERATIONS = {
    "GET /api/v1/trainings/",
    "POST /api/v1/trainings/",
    "GET /api/v1/trainings/{id}/",
    "PATCH /api/v1/trainings/{id}/",
    "POST /api/v1/trainings/{id}/end/",
    "GET /api/v1/trainings/counts/",
}
# Which object of `world` a real {id} under each API path is taken from (tests/test_schemathesis.py).
API_IDS = {
    "/api/v1/trainings/": "training",
}
