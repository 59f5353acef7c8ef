"""This app's rows of the scope matrix (tests/test_scope_matrix.py merges them).

ROUTES has the same tables as the matrix, in the same shapes:
  "object": (route, method, path template with {code}/{pk}, object kind, need, body)
  "list":   (route, path, object kind or None, attribute)
  "create": (route, path, body, need)
  "global": (route, method, path, need, body)
  "elsewhere": {route, …} routes whose access this app tests in its own test module
`world(tree, inside, outside)` adds this app's objects (by kind) and strings to each side.

Inside, Công đoàn ngành Y tế Hà Nội launched a movement for its whole subtree (Dược Hà Nội has
responded, registered a model and entered its contest); outside, Công đoàn ngành Y tế Huế did the
same in its own subtree. Every write of the matrix is made for Bạch Mai ({unit}).
"""
from __future__ import annotations

from types import SimpleNamespace

from thidua.core.models import Role  # noqa: F401  (needs: "view", "audit", "manage", "commend", "admin")

VIEW, COMMEND = "view", "commend"
LAUNCH_FORM = {"name": "Phong trào mới của đơn vị", "start": "01/01/2025", "end": "31/12/2025", "target_mode": "subtree"}
LAUNCH_BODY = {"organisation": "{unit}", "name": "Phong trào mới qua API", "start": "2025-01-01", "end": "2025-12-31",
               "target_mode": "subtree"}

ROUTES = {
    "global": [
        ("phong-trao/", "get", "/phong-trao/", VIEW, None),
        ("phong-trao/phat-dong/", "get", "/phong-trao/phat-dong/", COMMEND, None),
    ],
    "list": [
        ("phong-trao/", "/phong-trao/", "movement_title", "code"),
        ("phong-trao/", "/phong-trao/?nam=2025", "movement_title", "code"),
        ("api/v1/^movements/$", "/api/v1/movements/?limit=500", "movement_title", "code"),
        ("api/v1/^peak-campaigns/$", "/api/v1/peak-campaigns/?limit=500", "campaign_title", "code"),
        ("api/v1/^movement-responses/$", "/api/v1/movement-responses/?limit=500", "response_plan", "code"),
        ("api/v1/^contests/$", "/api/v1/contests/?limit=500", "contest_title", "code"),
    ],
    "create": [
        ("api/v1/^movements/$", "/api/v1/movements/", LAUNCH_BODY, COMMEND),
        ("api/v1/^peak-campaigns/$", "/api/v1/peak-campaigns/",
         {"movement": "{movement_id}", "name": "Đợt cao điểm", "start": "2025-02-01", "end": "2025-02-10"}, COMMEND),
        ("api/v1/^movement-responses/$", "/api/v1/movement-responses/",
         {"movement": "{movement_id}", "organisation": "{unit}", "plan": "Kế hoạch hưởng ứng"}, COMMEND),
        ("api/v1/^contests/$", "/api/v1/contests/", {"movement": "{movement_id}", "name": "Hội thi ảnh"}, COMMEND),
    ],
    "object": [
        ("phong-trao/phat-dong/<str:code>/", "get", "/phong-trao/phat-dong/{code}/", "org", COMMEND, None),
        ("phong-trao/phat-dong/<str:code>/", "post", "/phong-trao/phat-dong/{code}/", "org", COMMEND, LAUNCH_FORM),
        ("phong-trao/<int:pk>/", "get", "/phong-trao/{pk}/", "movement", VIEW, None),
        ("phong-trao/<int:pk>/sua/", "get", "/phong-trao/{pk}/sua/", "movement", COMMEND, None),
        ("phong-trao/<int:pk>/sua/", "post", "/phong-trao/{pk}/sua/", "movement", COMMEND,
         {"name": "Phong trào đã sửa tên", "start": "01/01/2025", "end": "31/12/2025", "target_mode": "subtree",
          "reason": "Kiểm thử quyền sửa"}),
        ("phong-trao/<int:pk>/huong-ung.xlsx", "get", "/phong-trao/{pk}/huong-ung.xlsx", "movement", VIEW, None),
        ("phong-trao/<int:pk>/dot-cao-diem/", "post", "/phong-trao/{pk}/dot-cao-diem/", "movement", COMMEND,
         {"name": "Cao điểm Tết", "start": "15/01/2025", "end": "10/02/2025"}),
        ("phong-trao/<int:pk>/huong-ung/", "post", "/phong-trao/{pk}/huong-ung/", "movement", COMMEND,
         {"don_vi": "{unit}", "plan": "Kế hoạch hưởng ứng"}),
        ("phong-trao/<int:pk>/mo-hinh/", "post", "/phong-trao/{pk}/mo-hinh/", "movement", COMMEND,
         {"don_vi": "{unit}", "name": "Dân vận khéo"}),
        ("phong-trao/<int:pk>/hoi-thi/", "post", "/phong-trao/{pk}/hoi-thi/", "movement", COMMEND,
         {"name": "Hội thi ảnh", "score_min": "0", "score_max": "10"}),
        ("phong-trao/huong-ung/<int:pk>/ket-qua/", "post", "/phong-trao/huong-ung/{pk}/ket-qua/", "response", COMMEND,
         {"period": "Quý I/2025", "text": "Đã triển khai", "figures": "Số khoa tham gia: 3"}),
        ("phong-trao/huong-ung/<int:pk>/ke-hoach/", "get", "/phong-trao/huong-ung/{pk}/ke-hoach/", "response", VIEW, None),
        ("phong-trao/mo-hinh/<int:pk>/cong-nhan/", "post", "/phong-trao/mo-hinh/{pk}/cong-nhan/", "model", COMMEND,
         {"recognition": "Mô hình Dân vận khéo cấp ngành"}),
        ("phong-trao/tai-lieu/<int:pk>/", "get", "/phong-trao/tai-lieu/{pk}/", "document", VIEW, None),
        ("phong-trao/hoi-thi/<int:pk>/", "get", "/phong-trao/hoi-thi/{pk}/", "contest", VIEW, None),
        ("phong-trao/hoi-thi/<int:pk>/bai-du-thi/", "post", "/phong-trao/hoi-thi/{pk}/bai-du-thi/", "contest", COMMEND,
         {"don_vi": "{unit}", "title": "Bài dự thi mới"}),
        ("phong-trao/hoi-thi/<int:pk>/giam-khao/", "post", "/phong-trao/hoi-thi/{pk}/giam-khao/", "contest", COMMEND,
         {"judge": "{new_judge}"}),
        ("phong-trao/hoi-thi/<int:pk>/cham-diem/", "post", "/phong-trao/hoi-thi/{pk}/cham-diem/", "contest", COMMEND,
         {"entry": "{entry_id}", "judge": "{judge_id}", "score": "8,5"}),
        # API
        ("api/v1/^movements/(?P<pk>[^/.]+)/$", "get", "/api/v1/movements/{pk}/", "movement", VIEW, None),
        ("api/v1/^movements/(?P<pk>[^/.]+)/$", "patch", "/api/v1/movements/{pk}/", "movement", COMMEND, {"theme": "Chủ đề mới"}),
        ("api/v1/^movements/(?P<pk>[^/.]+)/response-table/$", "get", "/api/v1/movements/{pk}/response-table/", "movement", VIEW, None),
        ("api/v1/^peak-campaigns/(?P<pk>[^/.]+)/$", "get", "/api/v1/peak-campaigns/{pk}/", "campaign", VIEW, None),
        ("api/v1/^movement-responses/(?P<pk>[^/.]+)/$", "get", "/api/v1/movement-responses/{pk}/", "response", VIEW, None),
        ("api/v1/^movement-responses/(?P<pk>[^/.]+)/results/$", "post", "/api/v1/movement-responses/{pk}/results/", "response",
         COMMEND, {"period": "Quý I/2025", "text": "Đã triển khai", "figures": [{"label": "Số khoa", "value": 3}]}),
        ("api/v1/^contests/(?P<pk>[^/.]+)/$", "get", "/api/v1/contests/{pk}/", "contest", VIEW, None),
        ("api/v1/^contests/(?P<pk>[^/.]+)/results/$", "get", "/api/v1/contests/{pk}/results/", "contest", VIEW, None),
        ("api/v1/^contests/(?P<pk>[^/.]+)/entries/$", "post", "/api/v1/contests/{pk}/entries/", "contest", COMMEND,
         {"organisation": "{unit}", "title": "Bài dự thi qua API"}),
        ("api/v1/^contests/(?P<pk>[^/.]+)/scores/$", "post", "/api/v1/contests/{pk}/scores/", "contest", COMMEND,
         {"entry": "{entry_id}", "judge": "{judge_id}", "score": "8.5"}),
    ],
    # The upload of a document carries a file: tested in thidua/campaigns/tests/test_views.py.
    "elsewhere": {"phong-trao/<int:pk>/tai-lieu/"},
}


def world(tree, inside: dict, outside: dict) -> None:
    from datetime import date

    from django.core.files.uploadedfile import SimpleUploadedFile

    from thidua.campaigns.services import (
        contest_add,
        contest_entry_add,
        model_register,
        movement_launch,
        response_submit,
    )
    from thidua.core.permissions import SYSTEM

    pdf = b"%PDF-1.4\n%%EOF\n"
    for side, launcher, responder, judge, new_judge, label in (
        (inside, tree.hanoi, tree.hanoi_pharma, tree.duc, tree.lan, "Hà Nội"),
        (outside, tree.hue, tree.hue_central, tree.hoa2, None, "Huế"),
    ):
        movement = movement_launch(
            actor=SYSTEM, organisation=launcher, name=f"Phong trào kiểm thử của {label}", start=date(2025, 1, 1),
            end=date(2025, 12, 31), launched_on=date(2025, 1, 1), documents=[SimpleUploadedFile("kh.pdf", pdf)],
        )
        response = response_submit(actor=SYSTEM, movement=movement, organisation=responder, plan=f"Kế hoạch hưởng ứng ở {label}",
                                    on=date(2025, 1, 20), plan_file=SimpleUploadedFile("kh.pdf", pdf))
        model = model_register(actor=SYSTEM, movement=movement, organisation=responder, name=f"Mô hình {label}", on=date(2025, 2, 1))
        contest = contest_add(actor=SYSTEM, movement=movement, name=f"Hội thi ảnh {label}", judges=[judge])
        entry = contest_entry_add(actor=SYSTEM, contest=contest, organisation=responder, title=f"Ảnh {label}", on=date(2025, 3, 1))
        from thidua.campaigns.services import campaign_add

        campaign = campaign_add(actor=SYSTEM, movement=movement, name=f"Cao điểm {label}", start=date(2025, 1, 15),
                                end=date(2025, 2, 10))
        side.update({
            "movement": movement, "response": response, "model": model, "contest": contest,
            "document": movement.documents.get(), "campaign": campaign,
            "movement_title": SimpleNamespace(code=movement.name), "campaign_title": SimpleNamespace(code=campaign.name),
            "response_plan": SimpleNamespace(code=response.plan), "contest_title": SimpleNamespace(code=contest.name),
            "movement_id": str(movement.pk), "entry_id": str(entry.pk), "judge_id": str(judge.pk),
            "new_judge": new_judge.full_name if new_judge else "Không Có Ai",
        })


# The API operations this app adds to the OpenAPI schema (tests/test_schemathesis.py and
# thidua/core/tests/test_api.py check the schema lists exactly these beside the core ones).
API_OPERATIONS = {
    "GET /api/v1/movements/",
    "POST /api/v1/movements/",
    "GET /api/v1/movements/{id}/",
    "PATCH /api/v1/movements/{id}/",
    "GET /api/v1/movements/{id}/response-table/",
    "GET /api/v1/peak-campaigns/",
    "POST /api/v1/peak-campaigns/",
    "GET /api/v1/peak-campaigns/{id}/",
    "GET /api/v1/movement-responses/",
    "POST /api/v1/movement-responses/",
    "GET /api/v1/movement-responses/{id}/",
    "POST /api/v1/movement-responses/{id}/results/",
    "GET /api/v1/contests/",
    "POST /api/v1/contests/",
    "GET /api/v1/contests/{id}/",
    "GET /api/v1/contests/{id}/results/",
    "POST /api/v1/contests/{id}/entries/",
    "POST /api/v1/contests/{id}/scores/",
}
# Which object of `world` a real {id} under each API path is taken from (tests/test_schemathesis.py).
API_IDS = {
    "/api/v1/movements/": "movement",
    "/api/v1/peak-campaigns/": "campaign",
    "/api/v1/movement-responses/": "response",
    "/api/v1/contests/": "contest",
}
