"""This app's rows of the scope matrix: those of the dossiers (scope_dossiers) and of the councils (scope_councils)."""
from thidua.nominations.tests import scope_councils, scope_dossiers

_PARTS = (scope_dossiers, scope_councils)
ROUTES: dict = {
    key: [row for part in _PARTS for row in part.ROUTES.get(key, [])] for key in ("object", "list", "create", "global")
}
ROUTES["elsewhere"] = {route for part in _PARTS for route in part.ROUTES.get("elsewhere", set())}
API_OPERATIONS: set = {label for part in _PARTS for label in part.API_OPERATIONS}
API_IDS: dict = {prefix: kind for part in _PARTS for prefix, kind in part.API_IDS.items()}


def world(tree, inside, outside) -> None:
    """Dossiers first: the councils' meetings put the dossiers' proposals on their agenda."""
    for part in _PARTS:
        part.world(tree, inside, outside)
