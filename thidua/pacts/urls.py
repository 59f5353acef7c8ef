"""Pages of pacts: Giao ước thi đua, cụm và khối thi đua."""
from django.urls import path

from thidua.pacts import views

urlpatterns = [
    path("cum-khoi/", views.index, name="pacts-index"),
]
