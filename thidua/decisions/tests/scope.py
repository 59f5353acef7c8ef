"""This app's rows of the scope matrix (tests/test_scope_matrix.py merges them): the decisions' own rows and
those of the certificates (scope_certificates); see thidua/registrations/tests/scope.py for the shapes.

Kinds added on each side: "decision" (a Giấy khen of the side's sector union to its hospital's nurse,
issued 08/01/2026), "decision_draft" (a draft of the union for the same nurse), "decision_item" (the
draft's line), "dn_dossier" (a dossier the union holds, the nurse's proposal passed by the council).
Strings: "dn_person" (the nurse's id), "dn_issued_item" (the issued decision's line).
"""
from datetime import date

from thidua.decisions.tests import scope_certificates

SIGNER_FORM = {"ngay": "01/03/2026", "nguoi_ky": "Nguyễn Văn Chủ", "chuc_vu": "CHỦ TỊCH", "tham_quyen": "TM. BAN CHẤP HÀNH"}
RECEIVED_FORM = {"co_quan": "Tổng Liên đoàn Lao động Việt Nam", "so": "125/QĐ-TLĐ", "ngay": "03/02/2026",
                 "danh_hieu": "bang_khen_tong_lien_doan", "nam": "2025", "nguoi": "{dn_person}"}
SETTINGS_FORM = {"co_quan": "Công đoàn bệnh viện", "ky_hieu": "CĐBV", "dia_danh": "Hà Nội", "chuc_vu": "Chủ tịch"}
ITEM_BODY = {"person": "{dn_person}", "year": 2025}

_OWN = {
    "global": [("khen-thuong/quyet-dinh/", "get", "/khen-thuong/quyet-dinh/", "view", None)],
    "object": [
        ("khen-thuong/quyet-dinh/to-chuc/<str:code>/du-thao/", "get", "/khen-thuong/quyet-dinh/to-chuc/{code}/du-thao/", "org",
         "commend", None),
        ("khen-thuong/quyet-dinh/to-chuc/<str:code>/du-thao/", "post", "/khen-thuong/quyet-dinh/to-chuc/{code}/du-thao/", "org",
         "commend", {"danh_hieu": "giay_khen"}),
        ("khen-thuong/quyet-dinh/to-chuc/<str:code>/ghi-nhan/", "get", "/khen-thuong/quyet-dinh/to-chuc/{code}/ghi-nhan/", "org",
         "commend", None),
        ("khen-thuong/quyet-dinh/to-chuc/<str:code>/ghi-nhan/", "post", "/khen-thuong/quyet-dinh/to-chuc/{code}/ghi-nhan/", "org",
         "commend", RECEIVED_FORM),
        ("khen-thuong/quyet-dinh/to-chuc/<str:code>/thiet-lap/", "get", "/khen-thuong/quyet-dinh/to-chuc/{code}/thiet-lap/", "org",
         "commend", None),
        ("khen-thuong/quyet-dinh/to-chuc/<str:code>/thiet-lap/", "post", "/khen-thuong/quyet-dinh/to-chuc/{code}/thiet-lap/", "org",
         "commend", SETTINGS_FORM),
        ("khen-thuong/quyet-dinh/to-chuc/<str:code>/thong-ke/", "get", "/khen-thuong/quyet-dinh/to-chuc/{code}/thong-ke/", "org",
         "view", None),
        ("khen-thuong/quyet-dinh/ho-so/<int:pk>/du-thao/", "get", "/khen-thuong/quyet-dinh/ho-so/{pk}/du-thao/", "dn_dossier",
         "view", None),
        ("khen-thuong/quyet-dinh/ho-so/<int:pk>/du-thao/", "post", "/khen-thuong/quyet-dinh/ho-so/{pk}/du-thao/", "dn_dossier",
         "commend", {"trich_yeu": "Về việc tặng Giấy khen năm 2025"}),
        ("khen-thuong/quyet-dinh/<int:pk>/", "get", "/khen-thuong/quyet-dinh/{pk}/", "decision", "view", None),
        ("khen-thuong/quyet-dinh/<int:pk>/", "get", "/khen-thuong/quyet-dinh/{pk}/", "decision_draft", "view", None),
        ("khen-thuong/quyet-dinh/<int:pk>/sua/", "post", "/khen-thuong/quyet-dinh/{pk}/sua/", "decision_draft", "commend",
         {"trich_yeu": "Về việc tặng Giấy khen năm 2025 (sửa)", "can_cu": "Căn cứ Điều lệ Công đoàn Việt Nam"}),
        ("khen-thuong/quyet-dinh/<int:pk>/them/", "post", "/khen-thuong/quyet-dinh/{pk}/them/", "decision_draft", "commend",
         {"tap_the": "{unit}", "nam": "2025"}),
        ("khen-thuong/quyet-dinh/<int:pk>/ban-hanh/", "post", "/khen-thuong/quyet-dinh/{pk}/ban-hanh/", "decision_draft", "commend",
         SIGNER_FORM),
        ("khen-thuong/quyet-dinh/<int:pk>/thu-hoi/", "get", "/khen-thuong/quyet-dinh/{pk}/thu-hoi/", "decision", "commend", None),
        ("khen-thuong/quyet-dinh/<int:pk>/thu-hoi/", "post", "/khen-thuong/quyet-dinh/{pk}/thu-hoi/", "decision", "commend",
         {**SIGNER_FORM, "ly_do": "Kiểm thử thu hồi"}),
        ("khen-thuong/quyet-dinh/<int:pk>/dinh-chinh/", "get", "/khen-thuong/quyet-dinh/{pk}/dinh-chinh/", "decision", "commend", None),
        ("khen-thuong/quyet-dinh/<int:pk>/quyet-dinh.docx", "get", "/khen-thuong/quyet-dinh/{pk}/quyet-dinh.docx", "decision",
         "view", None),
        ("khen-thuong/quyet-dinh/muc/<int:pk>/xoa/", "post", "/khen-thuong/quyet-dinh/muc/{pk}/xoa/", "decision_item", "commend", {}),
        # API
        ("api/v1/^decisions/(?P<pk>[^/.]+)/$", "get", "/api/v1/decisions/{pk}/", "decision", "view", None),
        ("api/v1/^decisions/(?P<pk>[^/.]+)/issue/$", "post", "/api/v1/decisions/{pk}/issue/", "decision_draft", "commend",
         {"signer_name": "Nguyễn Văn Chủ", "on": "2026-01-08"}),
        ("api/v1/^decisions/(?P<pk>[^/.]+)/revoke/$", "post", "/api/v1/decisions/{pk}/revoke/", "decision", "commend",
         {"signer_name": "Nguyễn Văn Chủ", "on": "2026-03-01", "reason": "Kiểm thử thu hồi"}),
        ("api/v1/^decisions/(?P<pk>[^/.]+)/correct/$", "post", "/api/v1/decisions/{pk}/correct/", "decision", "commend",
         {"signer_name": "Nguyễn Văn Chủ", "on": "2026-03-01", "reason": "Kiểm thử đính chính",
          "corrections": [{"item": "{dn_issued_item}", "amount": 100000}]}),
        ("api/v1/^decisions/counts/$", "get", "/api/v1/decisions/counts/?organisation={code}&from=2026-01-01&to=2026-12-31", "org",
         "view", None),
    ],
    "list": [
        ("api/v1/^decisions/$", "/api/v1/decisions/?limit=500", "person", "full_name"),
    ],
    "create": [
        ("api/v1/^decisions/$", "/api/v1/decisions/",
         {"issuer": "{unit}", "award": "giay_khen", "on": "2026-01-05", "items": [ITEM_BODY]}, "commend"),
        ("api/v1/^decisions/received/$", "/api/v1/decisions/received/",
         {"received_by": "{unit}", "issuer_name": "Tổng Liên đoàn Lao động Việt Nam", "number_text": "125/QĐ-TLĐ",
          "issued_on": "2026-02-03", "award": "bang_khen_tong_lien_doan", "items": [ITEM_BODY]}, "commend"),
    ],
    # The correction form names its fields after the lines of the decision: test_views.py checks its access.
    "elsewhere": {"khen-thuong/quyet-dinh/<int:pk>/dinh-chinh/"},
}


_PARTS = (_OWN, scope_certificates.ROUTES)
ROUTES: dict = {key: [row for part in _PARTS for row in part.get(key, [])] for key in ("object", "list", "create", "global")}
ROUTES["elsewhere"] = {route for part in _PARTS for route in part.get("elsewhere", set())}


def world(tree, inside, outside) -> None:
    """Each side's sector union: a dossier, an issued decision and a draft for its hospital's nurse; then the certificates'."""
    from thidua.core.permissions import SYSTEM
    from thidua.decisions.services import ItemInput, decision_draft, decision_issue
    from thidua.nominations.models import Dossier, Proposal, Round

    for side, union, hospital, nurse in ((inside, tree.hanoi, tree.bach_mai, tree.hoa), (outside, tree.hue, tree.hue_central, tree.hoa2)):
        round_ = Round.objects.create(organisation=union, kind=Round.Kind.YEARLY, title="Khen thưởng năm 2025 (quyết định)",
                                      year=2025, opened_on=date(2025, 11, 1))
        dossier = Dossier.objects.create(round=round_, proposer=hospital, holder=union, award="giay_khen",
                                         status=Dossier.Status.ACCEPTED, title="Đề nghị tặng Giấy khen năm 2025")
        Proposal.objects.create(dossier=dossier, person=nurse, award="giay_khen", year=2025, status=Proposal.Status.PASSED)
        side["dn_dossier"] = dossier
        issued = decision_draft(actor=SYSTEM, issuer=union, award="giay_khen", subject="Về việc tặng Giấy khen năm 2025",
                                on=date(2026, 1, 5), items=[ItemInput(person=nurse, year=2025)])
        side["decision"] = decision_issue(actor=SYSTEM, decision=issued, on=date(2026, 1, 8), signer_name="Nguyễn Văn Chủ")
        side["dn_issued_item"] = str(issued.items.get().pk)
        draft = decision_draft(actor=SYSTEM, issuer=union, award="giay_khen", subject="Về việc tặng Giấy khen (dự thảo)",
                               on=date(2026, 1, 5), items=[ItemInput(person=nurse, year=2025)])
        side["decision_draft"] = draft
        side["decision_item"] = draft.items.get()
        side["dn_person"] = str(nurse.pk)
    scope_certificates.world(tree, inside, outside)


# tests/test_schemathesis.py calls the API with the ids of these inside objects.
API_IDS = {"/api/v1/decisions/": "decision", **scope_certificates.API_IDS}

# The API operations this app adds to the OpenAPI schema.
API_OPERATIONS = {
    "GET /api/v1/decisions/",
    "POST /api/v1/decisions/",
    "GET /api/v1/decisions/{id}/",
    "POST /api/v1/decisions/{id}/issue/",
    "POST /api/v1/decisions/{id}/revoke/",
    "POST /api/v1/decisions/{id}/correct/",
    "POST /api/v1/decisions/received/",
    "GET /api/v1/decisions/counts/",
} | scope_certificates.API_OPERATIONS
