"""JSON API of dossiers (api_dossiers) and councils (api_councils): `register(router)` adds their viewsets."""
from thidua.nominations import api_councils, api_dossiers


def register(router) -> None:
    api_dossiers.register(router)
    api_councils.register(router)
