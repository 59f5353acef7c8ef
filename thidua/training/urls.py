"""Pages of training: Đào tạo, bồi dưỡng và trình độ chuyên môn."""
from django.urls import path

from thidua.training import views

urlpatterns = [
    path("dao-tao/", views.index, name="training-index"),
]
