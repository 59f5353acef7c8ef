"""Pages of the councils (Hội đồng thi đua – khen thưởng), their meetings and secret ballots."""
from django.urls import path

from thidua.nominations import council_views as views

urlpatterns = [
    path("khen-thuong/hoi-dong/to-chuc/<str:code>/", views.org_councils, name="councils-org"),
    path("khen-thuong/hoi-dong/<int:pk>/", views.council_detail, name="councils-detail"),
    path("khen-thuong/hoi-dong/<int:pk>/thanh-vien/", views.seat_add, name="councils-seat-add"),
    path("khen-thuong/hoi-dong/<int:pk>/phien-hop/moi/", views.meeting_open, name="councils-meeting-open"),
    path("khen-thuong/hoi-dong/phien/<int:pk>/", views.meeting_detail, name="councils-meeting"),
    path("khen-thuong/hoi-dong/phien/<int:pk>/bo-phieu/", views.vote, name="councils-vote"),
    path("khen-thuong/hoi-dong/phien/<int:pk>/kiem-phieu/", views.tally, name="councils-tally"),
    path("khen-thuong/hoi-dong/phien/<int:pk>/khong-tham-gia/", views.recuse, name="councils-recuse"),
    path("khen-thuong/hoi-dong/phien/<int:pk>/ket-thuc/", views.close, name="councils-close"),
    path("khen-thuong/hoi-dong/phien/<int:pk>/bien-ban.docx", views.minutes, name="councils-minutes"),
]
