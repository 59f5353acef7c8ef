"""Pages of emulation clusters and blocks (cụm, khối thi đua) and emulation pacts (giao ước thi đua)."""
from django.urls import path

from thidua.pacts import views

urlpatterns = [
    path("cum-khoi/", views.index, name="pacts-index"),
    path("cum-khoi/<int:pk>/", views.grouping_detail, name="pacts-grouping"),
    path("cum-khoi/<int:pk>/thanh-vien/", views.grouping_member_add, name="pacts-member-add"),
    path("cum-khoi/thanh-vien/<int:pk>/roi/", views.grouping_member_leave, name="pacts-member-leave"),
    path("cum-khoi/<int:pk>/cum-truong/", views.grouping_leader, name="pacts-leader"),
    path("cum-khoi/<int:pk>/giao-ban/", views.grouping_meeting, name="pacts-meeting"),
    path("cum-khoi/<int:pk>/ket-thuc/", views.grouping_end, name="pacts-end"),
    path("cum-khoi/<int:pk>/giao-uoc/", views.grouping_pact, name="pacts-grouping-pact"),
    path("cum-khoi/<int:pk>/xep-hang.xlsx", views.grouping_ranking_xlsx, name="pacts-ranking-xlsx"),
    path("giao-uoc/", views.pact_index, name="pacts-pacts"),
    path("giao-uoc/<int:pk>/", views.pact_detail, name="pacts-pact"),
    path("giao-uoc/<int:pk>/cham-diem/", views.pact_score, name="pacts-score"),
    path("giao-uoc/<int:pk>/van-ban/", views.pact_document, name="pacts-document-upload"),
    path("giao-uoc/van-ban/<int:pk>/", views.document_download, name="pacts-document"),
]
