"""Pages of initiatives, research topics and science councils (sáng kiến, đề tài, hội đồng khoa học)."""
from django.urls import path

from thidua.movements import views

urlpatterns = [
    path("sang-kien/", views.index, name="movements-index"),
    path("sang-kien/dang-ky/", views.register, name="movements-register"),
    path("sang-kien/xuat.xlsx", views.export, name="movements-export"),
    path("sang-kien/nhap/", views.import_list, name="movements-import"),
    path("sang-kien/<int:pk>/", views.detail, name="movements-detail"),
    path("sang-kien/<int:pk>/trien-khai/", views.start, name="movements-start"),
    path("sang-kien/<int:pk>/cong-nhan/", views.accept, name="movements-accept"),
    path("sang-kien/hoi-dong/", views.councils, name="movements-councils"),
    path("sang-kien/hoi-dong/them/", views.council_new, name="movements-council-new"),
    path("sang-kien/hoi-dong/<int:pk>/", views.council, name="movements-council"),
    path("sang-kien/hoi-dong/<int:pk>/phien-hop/", views.meeting_new, name="movements-meeting-new"),
    path("sang-kien/phien-hop/<int:pk>/", views.meeting, name="movements-meeting"),
    path("sang-kien/phien-hop/<int:pk>/bieu-quyet/", views.meeting_reviews, name="movements-reviews"),
    path("sang-kien/phien-hop/<int:pk>/ket-qua/", views.meeting_decide, name="movements-decide"),
]
