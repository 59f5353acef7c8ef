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


def insert_rows(model, fields: list[str], rows) -> int:
    """Insert plain tuples (values in the order of `fields`, ready for the database) as fast as each
    engine takes them: the batch runs write millions of small rows, and a model instance for each
    would cost more than judging it. PostgreSQL: COPY; SQLite: one prepared INSERT run over all the
    rows in C. Returns the number of rows written."""
    from django.db import connection

    opts = model._meta
    quote = connection.ops.quote_name
    table = quote(opts.db_table)
    columns = ", ".join(quote(opts.get_field(name).column) for name in fields)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        rows = rows if isinstance(rows, list) else list(rows)
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})", rows)
        return len(rows)
