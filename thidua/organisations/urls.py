"""Routes: the union tree as of a date, one unit, and its change history."""
from django.urls import path

from thidua.organisations import views

urlpatterns = [
    path("", views.org_tree, name="org-tree"),
    path("<str:code>/", views.org_detail, name="org-detail"),
    path("<str:code>/lich-su/", views.org_history_view, name="org-history"),
    path("<str:code>/dieu-kien/", views.org_eligibility_view, name="org-eligibility"),
]
