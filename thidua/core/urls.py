"""Routes: home, sign-in and sign-out."""
from django.urls import path

from thidua.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", views.login_view, name="login"),
    path("dang-xuat/", views.logout_view, name="logout"),
]
