"""The small adapter for what SQLite and PostgreSQL do differently. Nothing else branches on vendor."""
from __future__ import annotations

from django.db import connection
from django.db.models import Q


def prefix_q(field: str, prefix: str) -> Q:
    """Rows whose `field` starts with `prefix`, in a form each engine answers from an index.

    PostgreSQL: LIKE 'prefix%' uses the *_like (pattern_ops) index Django creates.
    SQLite: LIKE never uses an index with Django's ESCAPE clause and case-insensitive LIKE, but a
    range on the BINARY-collated column does. Keys passed here are ASCII, so the range is exact.
    """
    if not prefix:
        return Q()
    if connection.vendor == "sqlite":
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return Q(**{f"{field}__gte": prefix, f"{field}__lt": upper})
    return Q(**{f"{field}__startswith": prefix})


def is_sqlite() -> bool:
    return connection.vendor == "sqlite"
