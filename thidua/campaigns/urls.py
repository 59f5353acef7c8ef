"""Routes of movements: the list, launching, one movement and its forms, contests, files, export."""
from django.urls import path

from thidua.campaigns import views

urlpatterns = [
    path("phong-trao/", views.index, name="campaigns-index"),
    path("phong-trao/phat-dong/", views.launch_choose, name="campaigns-launch-choose"),
    path("phong-trao/phat-dong/<str:code>/", views.launch, name="campaigns-launch"),
    path("phong-trao/<int:pk>/", views.detail, name="campaigns-detail"),
    path("phong-trao/<int:pk>/sua/", views.edit, name="campaigns-edit"),
    path("phong-trao/<int:pk>/dot-cao-diem/", views.campaign_add, name="campaigns-campaign-add"),
    path("phong-trao/<int:pk>/huong-ung/", views.respond, name="campaigns-respond"),
    path("phong-trao/<int:pk>/mo-hinh/", views.model_add, name="campaigns-model-add"),
    path("phong-trao/<int:pk>/hoi-thi/", views.contest_add, name="campaigns-contest-add"),
    path("phong-trao/<int:pk>/tai-lieu/", views.document_add, name="campaigns-document-add"),
    path("phong-trao/<int:pk>/huong-ung.xlsx", views.export_responses, name="campaigns-export"),
    path("phong-trao/huong-ung/<int:pk>/ket-qua/", views.result_add, name="campaigns-result-add"),
    path("phong-trao/huong-ung/<int:pk>/ke-hoach/", views.plan_download, name="campaigns-plan"),
    path("phong-trao/mo-hinh/<int:pk>/cong-nhan/", views.model_recognise, name="campaigns-model-recognise"),
    path("phong-trao/tai-lieu/<int:pk>/", views.document_download, name="campaigns-document"),
    path("phong-trao/hoi-thi/<int:pk>/", views.contest_detail, name="campaigns-contest"),
    path("phong-trao/hoi-thi/<int:pk>/bai-du-thi/", views.entry_add, name="campaigns-entry-add"),
    path("phong-trao/hoi-thi/<int:pk>/giam-khao/", views.judge_add, name="campaigns-judge-add"),
    path("phong-trao/hoi-thi/<int:pk>/cham-diem/", views.score_add, name="campaigns-score-add"),
]
