"""The REST API, version 1."""
from rest_framework.routers import DefaultRouter

from thidua.commendations.api import EligibilityRunViewSet, EligibilityViewSet, ParameterCorrectionViewSet
from thidua.organisations.api import OrganisationViewSet
from thidua.people.api import PersonViewSet

router = DefaultRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("people", PersonViewSet, basename="person")
router.register("eligibility", EligibilityViewSet, basename="eligibility")
router.register("eligibility-runs", EligibilityRunViewSet, basename="eligibility-run")
router.register("parameter-corrections", ParameterCorrectionViewSet, basename="parameter-correction")

urlpatterns = router.urls
