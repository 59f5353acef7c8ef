"""Pages of commendation dossiers (urls_dossiers) and of the councils that vote on them (urls_councils)."""
from thidua.nominations.urls_councils import urlpatterns as council_patterns
from thidua.nominations.urls_dossiers import urlpatterns as dossier_patterns

urlpatterns = dossier_patterns + council_patterns
