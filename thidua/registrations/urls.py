"""Pages of registrations: Đăng ký thi đua đầu năm."""
from django.urls import path

from thidua.registrations import views

urlpatterns = [
    path("dang-ky-thi-dua/", views.index, name="registrations-index"),
]
