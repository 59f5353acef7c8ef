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


def insert_rows(model, fields: list[str], rows, *, per_statement: int = 500) -> int:
    """Insert plain tuples (values in the order of `fields`, ready for the database) in multi-row
    INSERT statements: the batch runs write millions of small rows, and building a model instance
    for each would cost more than evaluating it. Standard SQL, the same on SQLite and PostgreSQL.
    Returns the number of rows written."""
    from django.db import connection

    opts = model._meta
    columns = ", ".join(connection.ops.quote_name(opts.get_field(name).column) for name in fields)
    head = f"INSERT INTO {connection.ops.quote_name(opts.db_table)} ({columns}) VALUES "
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    written = 0
    rows = list(rows)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            batch = rows[start:start + per_statement]
            cursor.execute(head + ", ".join([one] * len(batch)), [value for row in batch for value in row])
            written += len(batch)
    return written
