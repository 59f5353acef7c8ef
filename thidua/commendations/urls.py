"""Routes: eligibility runs of a unit and their results, organisation rules, parameter corrections."""
from django.urls import path

from thidua.commendations import views

urlpatterns = [
    path("to-chuc/<str:code>/xet-dieu-kien/", views.org_eligibility_runs, name="org-eligibility-runs"),
    path("to-chuc/<str:code>/quy-dinh-rieng/", views.org_rules_view, name="org-rules"),
    path("xet-dieu-kien/<int:pk>/", views.eligibility_run_view, name="eligibility-run"),
    path("xet-dieu-kien/ket-qua/<int:pk>/", views.eligibility_result_view, name="eligibility-result"),
    path("quy-dinh/tham-so/", views.parameter_corrections, name="parameter-corrections"),
]
