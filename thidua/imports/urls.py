"""Routes: import a members list into a unit (upload, preview, confirm, problems sheet, template) and export it."""
from django.urls import path

from thidua.imports import views

urlpatterns = [
    path("to-chuc/<str:code>/nhap-danh-sach/", views.import_upload, name="import-upload"),
    path("to-chuc/<str:code>/nhap-danh-sach/mau.xlsx", views.import_template, name="import-template"),
    path("to-chuc/<str:code>/nhap-danh-sach/<str:token>/", views.import_preview, name="import-preview"),
    path("to-chuc/<str:code>/nhap-danh-sach/<str:token>/tien-do/", views.import_progress, name="import-progress"),
    path("to-chuc/<str:code>/nhap-danh-sach/<str:token>/loi.xlsx", views.import_problems, name="import-problems"),
    path("to-chuc/<str:code>/xuat-doan-vien.xlsx", views.members_export_view, name="members-export"),
]
