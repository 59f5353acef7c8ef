"""Pages of the start-of-year registration (đăng ký thi đua)."""
from django.urls import path

from thidua.registrations import imports, views

urlpatterns = [
    path("dang-ky-thi-dua/", views.index, name="registrations-index"),
    path("dang-ky-thi-dua/to-chuc/<str:code>/mo-dot/", views.round_open_view, name="registrations-round-open"),
    path("dang-ky-thi-dua/dot/<int:pk>/", views.round_detail, name="registrations-round"),
    path("dang-ky-thi-dua/dot/<int:pk>/xuat.xlsx", views.round_export, name="registrations-round-export"),
    path("dang-ky-thi-dua/dot/<int:pk>/don-vi/<str:code>/", views.unit_register, name="registrations-unit"),
    path("dang-ky-thi-dua/dot/<int:pk>/don-vi/<str:code>/nhap/", imports.upload, name="registrations-import"),
    path("dang-ky-thi-dua/dot/<int:pk>/don-vi/<str:code>/nhap/mau.xlsx", imports.template, name="registrations-import-template"),
    path("dang-ky-thi-dua/dot/<int:pk>/don-vi/<str:code>/nhap/<str:token>/", imports.preview, name="registrations-import-preview"),
    path("dang-ky-thi-dua/dot/<int:pk>/don-vi/<str:code>/nhap/<str:token>/loi.xlsx", imports.problems,
         name="registrations-import-problems"),
    path("dang-ky-thi-dua/dang-ky/<int:pk>/", views.registration_detail, name="registrations-detail"),
    path("dang-ky-thi-dua/dang-ky/<int:pk>/rut/", views.registration_withdraw_view, name="registrations-withdraw"),
]
