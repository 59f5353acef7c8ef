"""Pages of movements: Sáng kiến, đề tài và hội đồng khoa học."""
from django.urls import path

from thidua.movements import views

urlpatterns = [
    path("sang-kien/", views.index, name="movements-index"),
]
