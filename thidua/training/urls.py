"""Routes of training (đào tạo, bồi dưỡng): lists, one course and its forms, spreadsheets."""
from django.urls import path

from thidua.training import sheet_views, views

urlpatterns = [
    path("dao-tao/", views.index, name="training-index"),
    path("dao-tao/to-chuc/<str:code>/", views.org_trainings, name="training-org"),
    path("dao-tao/to-chuc/<str:code>/them/", views.training_create, name="training-create"),
    path("dao-tao/to-chuc/<str:code>/xuat.xlsx", sheet_views.training_export_view, name="training-export"),
    path("dao-tao/to-chuc/<str:code>/nhap/", sheet_views.training_import_upload, name="training-import"),
    path("dao-tao/to-chuc/<str:code>/nhap/mau.xlsx", sheet_views.training_import_template, name="training-import-template"),
    path("dao-tao/to-chuc/<str:code>/nhap/<str:token>/", sheet_views.training_import_preview, name="training-import-preview"),
    path("dao-tao/to-chuc/<str:code>/nhap/<str:token>/loi.xlsx", sheet_views.training_import_problems,
         name="training-import-problems"),
    path("dao-tao/<int:pk>/", views.training_detail, name="training-detail"),
    path("dao-tao/<int:pk>/sua/", views.training_edit, name="training-edit"),
    path("dao-tao/<int:pk>/ket-thuc/", views.training_finish, name="training-finish"),
    path("dao-tao/<int:pk>/tep/", views.training_file, name="training-file"),
]
