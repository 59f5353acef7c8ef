"""Pages of commendation rounds and dossiers (khen thưởng), and the public comment page of a dossier."""
from django.urls import path

from thidua.nominations import imports, views_dossiers as views

urlpatterns = [
    path("khen-thuong/", views.index, name="nominations-index"),
    path("khen-thuong/to-chuc/<str:code>/mo-dot/", views.round_open_view, name="nominations-round-open"),
    path("khen-thuong/dot/<int:pk>/", views.round_detail, name="nominations-round"),
    path("khen-thuong/dot/<int:pk>/lap-ho-so/", views.dossier_create_view, name="nominations-dossier-create"),
    path("khen-thuong/ho-so/<int:pk>/", views.dossier_detail, name="nominations-dossier"),
    path("khen-thuong/ho-so/<int:pk>/de-nghi/", views.proposal_add_view, name="nominations-proposal-add"),
    path("khen-thuong/ho-so/<int:pk>/trinh/", views.dossier_submit_view, name="nominations-dossier-submit"),
    path("khen-thuong/ho-so/<int:pk>/tiep-nhan/", views.dossier_accept_view, name="nominations-dossier-accept"),
    path("khen-thuong/ho-so/<int:pk>/tra-lai/", views.dossier_return_view, name="nominations-dossier-return"),
    path("khen-thuong/ho-so/<int:pk>/trinh-tiep/", views.dossier_forward_view, name="nominations-dossier-forward"),
    path("khen-thuong/ho-so/<int:pk>/dinh-kem/", views.dossier_attach_view, name="nominations-dossier-attach"),
    path("khen-thuong/ho-so/<int:pk>/tep/<str:kind>/", views.dossier_file, name="nominations-dossier-file"),
    path("khen-thuong/ho-so/<int:pk>/phieu/", views.dossier_slip, name="nominations-dossier-slip"),
    path("khen-thuong/ho-so/<int:pk>/to-trinh.docx", views.submission_docx_view, name="nominations-dossier-submission"),
    path("khen-thuong/ho-so/<int:pk>/nhap/", imports.upload, name="nominations-import"),
    path("khen-thuong/ho-so/<int:pk>/nhap/mau.xlsx", imports.template, name="nominations-import-template"),
    path("khen-thuong/ho-so/<int:pk>/nhap/<str:token>/", imports.preview, name="nominations-import-preview"),
    path("khen-thuong/de-nghi/<int:pk>/rut/", views.proposal_remove_view, name="nominations-proposal-remove"),
    path("cong-khai/ho-so/<str:token>/", views.public_dossier, name="nominations-public"),
]
