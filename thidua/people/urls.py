"""Routes: search for people by name, and one person's page."""
from django.urls import path

from thidua.people import views

urlpatterns = [
    path("tim-kiem/", views.person_search_view, name="person-search"),
    path("<int:pk>/", views.person_detail, name="person-detail"),
]
