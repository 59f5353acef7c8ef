"""Scope-matrix rows of the rounds and dossiers (see thidua/registrations/tests/scope.py for the shapes).

Kinds added on each side (Hà Nội inside, Huế outside): "nm_round" (a yearly round of the sector union, deadlines in
2030), "nm_round_org" (the sector union), "nm_draft" (its hospital's Lao động tiên tiến draft with the nurse proposed
and a minutes file), "nm_empty" (a draft Giấy khen dossier with nobody yet), "nm_proposal" (the nurse's proposal),
"nm_submitted" (a Giấy khen dossier submitted to the sector union), "nm_forwardable" (a Bằng khen of the national
union held by the sector union, its proposal passed by the council), "nm_dossier" (= nm_submitted).
"""
from datetime import date

ROUND_FORM = {"kind": "yearly", "title": "Khen thưởng năm 2024", "year": "2024", "han_grassroots_public": "31/12/2030"}
PROPOSAL_FORM = {"nguoi": "{nm_person}", "nam": "2024", "ly_do": "Kiểm thử đề nghị"}
REASON = {"ly_do": "Kiểm thử"}
BODY = {"reason": "Kiểm thử"}
D = "/khen-thuong/ho-so/{pk}/"

ROUTES = {
    "global": [("khen-thuong/", "get", "/khen-thuong/", "view", None)],
    "object": [
        ("khen-thuong/to-chuc/<str:code>/mo-dot/", "get", "/khen-thuong/to-chuc/{code}/mo-dot/", "org", "commend", None),
        ("khen-thuong/to-chuc/<str:code>/mo-dot/", "post", "/khen-thuong/to-chuc/{code}/mo-dot/", "org", "commend", ROUND_FORM),
        ("khen-thuong/dot/<int:pk>/", "get", "/khen-thuong/dot/{pk}/", "nm_round", "view", None),
        ("khen-thuong/dot/<int:pk>/lap-ho-so/", "post", "/khen-thuong/dot/{pk}/lap-ho-so/", "nm_round", "commend",
         {"proposer": "{unit}", "award": "lao_dong_tien_tien"}),
        ("khen-thuong/ho-so/<int:pk>/", "get", D, "nm_dossier", "view", None),
        ("khen-thuong/ho-so/<int:pk>/de-nghi/", "get", D + "de-nghi/", "nm_empty", "commend", None),
        ("khen-thuong/ho-so/<int:pk>/de-nghi/", "post", D + "de-nghi/", "nm_empty", "commend", PROPOSAL_FORM),
        ("khen-thuong/ho-so/<int:pk>/trinh/", "post", D + "trinh/", "nm_draft", "commend", REASON),
        ("khen-thuong/ho-so/<int:pk>/tiep-nhan/", "post", D + "tiep-nhan/", "nm_submitted", "commend", REASON),
        ("khen-thuong/ho-so/<int:pk>/tra-lai/", "post", D + "tra-lai/", "nm_submitted", "commend", REASON),
        ("khen-thuong/ho-so/<int:pk>/trinh-tiep/", "post", D + "trinh-tiep/", "nm_forwardable", "commend", REASON),
        ("khen-thuong/ho-so/<int:pk>/tep/<str:kind>/", "get", D + "tep/bien-ban/", "nm_draft", "view", None),
        ("khen-thuong/ho-so/<int:pk>/phieu/", "get", D + "phieu/", "nm_dossier", "view", None),
        ("khen-thuong/ho-so/<int:pk>/to-trinh.docx", "get", D + "to-trinh.docx", "nm_dossier", "view", None),
        ("khen-thuong/ho-so/<int:pk>/nhap/", "get", D + "nhap/", "nm_draft", "commend", None),
        ("khen-thuong/ho-so/<int:pk>/nhap/mau.xlsx", "get", D + "nhap/mau.xlsx", "nm_draft", "commend", None),
        ("khen-thuong/de-nghi/<int:pk>/rut/", "post", "/khen-thuong/de-nghi/{pk}/rut/", "nm_proposal", "commend", REASON),
        # API
        ("api/v1/^commendation-rounds/(?P<pk>[^/.]+)/$", "get", "/api/v1/commendation-rounds/{pk}/", "nm_round", "view", None),
        ("api/v1/^dossiers/(?P<pk>[^/.]+)/$", "get", "/api/v1/dossiers/{pk}/", "nm_dossier", "view", None),
        ("api/v1/^dossiers/(?P<pk>[^/.]+)/submit/$", "post", "/api/v1/dossiers/{pk}/submit/", "nm_draft", "commend", BODY),
        ("api/v1/^dossiers/(?P<pk>[^/.]+)/accept/$", "post", "/api/v1/dossiers/{pk}/accept/", "nm_submitted", "commend", BODY),
        ("api/v1/^dossiers/(?P<pk>[^/.]+)/return/$", "post", "/api/v1/dossiers/{pk}/return/", "nm_submitted", "commend", BODY),
        ("api/v1/^dossiers/(?P<pk>[^/.]+)/forward/$", "post", "/api/v1/dossiers/{pk}/forward/", "nm_forwardable", "commend", BODY),
        ("api/v1/^proposals/(?P<pk>[^/.]+)/$", "delete", "/api/v1/proposals/{pk}/", "nm_proposal", "commend", None),
    ],
    "list": [
        ("api/v1/^commendation-rounds/$", "/api/v1/commendation-rounds/?limit=500", "nm_round_org", "code"),
        ("api/v1/^dossiers/$", "/api/v1/dossiers/?limit=500", "person", "full_name"),
    ],
    "create": [
        ("api/v1/^commendation-rounds/$", "/api/v1/commendation-rounds/",
         {"organisation": "{unit}", "kind": "yearly", "title": "Khen thưởng năm 2024", "year": 2024,
          "deadlines": {"grassroots_public": "2030-12-31"}}, "commend"),
        ("api/v1/^dossiers/$", "/api/v1/dossiers/", {"round": "{nm_round_id}", "proposer": "{unit}", "award": "lao_dong_tien_tien"},
         "commend"),
        ("api/v1/^proposals/$", "/api/v1/proposals/",
         {"dossier": "{nm_empty_id}", "person": "{nm_person}", "year": 2024, "override_reason": "Kiểm thử"}, "commend"),
    ],
    # Uploads (a file in the body), an uploaded file's pages (a token tied to the user and the dossier) and the public page
    # (no sign-in, a token): test_dossiers_views.py and test_imports.py.
    "elsewhere": {
        "khen-thuong/ho-so/<int:pk>/dinh-kem/",
        "khen-thuong/ho-so/<int:pk>/nhap/<str:token>/",
        "cong-khai/ho-so/<str:token>/",
    },
}


def world(tree, inside: dict, outside: dict) -> None:
    from thidua.core.permissions import SYSTEM
    from thidua.nominations import services
    from thidua.nominations.models import Proposal

    on = date(2025, 1, 15)
    for side, union, hospital, nurse in ((inside, tree.hanoi, tree.bach_mai, tree.hoa), (outside, tree.hue, tree.hue_central, tree.hoa2)):
        round_ = services.round_open(actor=SYSTEM, organisation=union, kind="yearly", title=f"Khen thưởng năm 2024 – {union.name}",
                                     year=2024, on=date(2025, 1, 2), deadlines={"grassroots_public": date(2030, 12, 31)})

        def dossier(award):
            return services.dossier_create(actor=SYSTEM, round=round_, proposer=hospital, award=award, on=on)

        def propose(d):
            return services.proposal_add(actor=SYSTEM, dossier=d, person=nurse, year=2024, override_reason="Kiểm thử", on=on)

        draft = dossier("lao_dong_tien_tien")
        proposal = propose(draft)
        from django.core.files.uploadedfile import SimpleUploadedFile

        services.dossier_attach(actor=SYSTEM, dossier=draft, kind="minutes", uploaded_file=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4"))
        empty = dossier("giay_khen")
        submitted = dossier("giay_khen")
        propose(submitted)
        services.dossier_submit(actor=SYSTEM, dossier=submitted, on=on)
        forwardable = dossier("bang_khen_cong_doan_nganh_trung_uong")
        Proposal.objects.filter(pk=propose(forwardable).pk).update(status=Proposal.Status.PASSED)
        services.dossier_submit(actor=SYSTEM, dossier=forwardable, on=on)
        Proposal.objects.filter(dossier=forwardable).update(status=Proposal.Status.PASSED)
        side.update({
            "nm_round": round_, "nm_round_org": union, "nm_round_id": str(round_.pk), "nm_draft": draft, "nm_empty": empty,
            "nm_empty_id": str(empty.pk), "nm_proposal": proposal, "nm_submitted": submitted, "nm_dossier": submitted,
            "nm_forwardable": forwardable, "nm_person": str(nurse.pk),
        })


API_IDS = {"/api/v1/commendation-rounds/": "nm_round", "/api/v1/dossiers/": "nm_dossier", "/api/v1/proposals/": "nm_proposal"}

API_OPERATIONS = {
    "GET /api/v1/commendation-rounds/",
    "POST /api/v1/commendation-rounds/",
    "GET /api/v1/commendation-rounds/{id}/",
    "GET /api/v1/dossiers/",
    "POST /api/v1/dossiers/",
    "GET /api/v1/dossiers/{id}/",
    "POST /api/v1/dossiers/{id}/submit/",
    "POST /api/v1/dossiers/{id}/accept/",
    "POST /api/v1/dossiers/{id}/return/",
    "POST /api/v1/dossiers/{id}/forward/",
    "POST /api/v1/proposals/",
    "DELETE /api/v1/proposals/{id}/",
}
