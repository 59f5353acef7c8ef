"""Pages of commendation decisions (quyết định khen thưởng); the certificate and verification pages are in
urls_certificates."""
from django.urls import path

from thidua.decisions import views
from thidua.decisions.urls_certificates import urlpatterns as certificate_patterns

urlpatterns = [
    path("khen-thuong/quyet-dinh/", views.index, name="decisions-index"),
    path("khen-thuong/quyet-dinh/to-chuc/<str:code>/du-thao/", views.draft_new, name="decisions-draft-new"),
    path("khen-thuong/quyet-dinh/to-chuc/<str:code>/ghi-nhan/", views.record_received, name="decisions-received"),
    path("khen-thuong/quyet-dinh/to-chuc/<str:code>/thiet-lap/", views.settings_view, name="decisions-settings"),
    path("khen-thuong/quyet-dinh/to-chuc/<str:code>/thong-ke/", views.counts, name="decisions-counts"),
    path("khen-thuong/quyet-dinh/ho-so/<int:pk>/du-thao/", views.draft_from_dossier, name="decisions-draft-from-dossier"),
    path("khen-thuong/quyet-dinh/<int:pk>/", views.detail, name="decisions-detail"),
    path("khen-thuong/quyet-dinh/<int:pk>/sua/", views.draft_edit, name="decisions-draft-edit"),
    path("khen-thuong/quyet-dinh/<int:pk>/them/", views.item_add, name="decisions-item-add"),
    path("khen-thuong/quyet-dinh/<int:pk>/ban-hanh/", views.issue, name="decisions-issue"),
    path("khen-thuong/quyet-dinh/<int:pk>/thu-hoi/", views.revoke, name="decisions-revoke"),
    path("khen-thuong/quyet-dinh/<int:pk>/dinh-chinh/", views.correct, name="decisions-correct"),
    path("khen-thuong/quyet-dinh/<int:pk>/quyet-dinh.docx", views.docx, name="decisions-docx"),
    path("khen-thuong/quyet-dinh/muc/<int:pk>/xoa/", views.item_remove, name="decisions-item-remove"),
] + certificate_patterns
