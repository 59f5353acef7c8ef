"""Top-level routes: the web pages, the REST API under /api/v1/, its schema and docs."""
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from thidua.core.api import api_docs_view

urlpatterns = [
    path("quan-tri/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", api_docs_view(), name="api-docs"),  # Swagger UI, no CDN (see the function)
    path("api/v1/", include("thidua.api_urls")),
    path("", include("thidua.core.urls")),
    path("", include("thidua.imports.urls")),  # spreadsheet import and export of a unit's members
    path("to-chuc/", include("thidua.organisations.urls")),
    path("nguoi/", include("thidua.people.urls")),
    path("", include("thidua.commendations.urls")),  # eligibility: runs, rules, parameter corrections
    # The emulation year
    path("", include("thidua.campaigns.urls")),  # movements launched, peak campaigns, responses, models, contests
    path("", include("thidua.registrations.urls")),  # registrations for titles at the start of the year
    path("", include("thidua.pacts.urls")),  # clusters and blocks, pacts, meetings, rankings
    path("", include("thidua.movements.urls")),  # initiatives and research topics, science councils
    path("", include("thidua.training.urls")),  # courses and qualifications
    path("", include("thidua.nominations.urls")),  # commendation rounds, dossiers up the tree, councils and ballots
    path("", include("thidua.decisions.urls")),  # numbered decisions, award records, certificates, verification
]

handler404 = "thidua.core.views.not_found"
handler403 = "thidua.core.views.forbidden"
handler400 = "thidua.core.views.bad_request"
handler500 = "thidua.core.views.server_error"
