"""Scope-matrix rows; see thidua/registrations/tests/scope.py for the shapes."""

ROUTES: dict = {"object": [], "list": [], "create": [], "global": [], "elsewhere": set()}
API_OPERATIONS: set = set()
API_IDS: dict = {}


def world(tree, inside, outside) -> None:
    pass
