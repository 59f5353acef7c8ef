"""Pages of campaigns: Phong trào thi đua: phát động, đợt cao điểm, hưởng ứng, mô hình, hội thi."""
from django.urls import path

from thidua.campaigns import views

urlpatterns = [
    path("phong-trao/", views.index, name="campaigns-index"),
]
