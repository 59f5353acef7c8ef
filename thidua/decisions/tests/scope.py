"""This app's rows of the scope matrix (tests/test_scope_matrix.py merges them); see thidua/registrations/tests/scope.py."""

ROUTES: dict = {"object": [], "list": [], "create": [], "global": [], "elsewhere": set()}
API_OPERATIONS: set = set()
API_IDS: dict = {}


def world(tree, inside, outside) -> None:
    pass
