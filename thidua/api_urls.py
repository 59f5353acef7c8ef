"""The REST API, version 1."""
from rest_framework.routers import DefaultRouter

from thidua.organisations.api import OrganisationViewSet
from thidua.people.api import PersonViewSet

router = DefaultRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("people", PersonViewSet, basename="person")

urlpatterns = router.urls
