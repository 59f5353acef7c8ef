"""The REST API, version 1."""
from rest_framework.routers import DefaultRouter

from thidua.campaigns import api as campaigns_api
from thidua.commendations.api import EligibilityRunViewSet, EligibilityViewSet, ParameterCorrectionViewSet
from thidua.decisions import api as decisions_api
from thidua.movements import api as movements_api
from thidua.nominations import api as nominations_api
from thidua.organisations.api import OrganisationViewSet
from thidua.pacts import api as pacts_api
from thidua.people.api import PersonViewSet
from thidua.registrations import api as registrations_api
from thidua.training import api as training_api

router = DefaultRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("people", PersonViewSet, basename="person")
router.register("eligibility", EligibilityViewSet, basename="eligibility")
router.register("eligibility-runs", EligibilityRunViewSet, basename="eligibility-run")
router.register("parameter-corrections", ParameterCorrectionViewSet, basename="parameter-correction")
# The emulation year: each app adds its own viewsets.
# Commendation: dossiers and councils, then decisions.
for app_api in (campaigns_api, registrations_api, pacts_api, movements_api, training_api, nominations_api, decisions_api):
    app_api.register(router)

urlpatterns = router.urls
