"""This app's rows of the scope matrix (tests/test_scope_matrix.py merges them).

ROUTES has the same tables as the matrix, in the same shapes:
  "object": (route, method, path template with {code}/{pk}, object kind, need, body)
  "list":   (route, path, object kind or None, attribute)
  "create": (route, path, body, need)
  "global": (route, method, path, need, body)
  "elsewhere": {route, …} routes whose access this app tests in its own test module
`world(tree, inside, outside)` adds this app's objects (by kind) and strings to each side.
"""
from thidua.core.models import Role  # noqa: F401  (needs: "view", "audit", "manage", "commend", "admin")

ROUTES = {
    "global": [("phong-trao/", "get", "/phong-trao/", "view", None)],
}


def world(tree, inside: dict, outside: dict) -> None:
    """No objects yet."""
