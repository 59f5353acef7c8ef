"""The small adapter for what SQLite and PostgreSQL do differently."""
from __future__ import annotations

from django.db.models import Q


def prefix_q(field: str, prefix: str) -> Q:
    """Rows whose `field` starts with `prefix`, as an index range.

    Only for the ASCII key columns (paths, search and sort keys), which compare byte by byte on
    both engines: BINARY on SQLite, COLLATE "C" on PostgreSQL (see thidua.core.migrations_util).
    SQLite would never use an index for Django's `LIKE … ESCAPE`, a range it always does.
    """
    if not prefix:
        return Q()
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": upper})
