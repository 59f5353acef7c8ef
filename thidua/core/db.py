"""The small adapter for what SQLite and PostgreSQL do differently."""
from __future__ import annotations

from contextlib import contextmanager

from django.db import connection
from django.db.models import Q


def path_chain(path: str) -> list[int]:
    """The ids on a materialised path, from the top down to the unit itself ("/1/7/42/" → [1, 7, 42])."""
    return [int(part) for part in path.strip("/").split("/") if part]


def prefix_q(field: str, prefix: str) -> Q:
    """Rows whose `field` starts with `prefix`, as an index range.

    Only for the ASCII key columns (paths, search and sort keys), which compare byte by byte on
    both engines: BINARY on SQLite, COLLATE "C" on PostgreSQL (see thidua.core.migrations_util).
    SQLite would never use an index for Django's `LIKE … ESCAPE`, a range it always does.
    """
    if not prefix:
        return Q()
    low, high = prefix_range(prefix)
    return Q(**{f"{field}__gte": low, f"{field}__lt": high})


def prefix_range(prefix: str) -> tuple[str, str]:
    """The keys starting with a non-empty `prefix` are those >= low and < high."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def insert_rows(model, fields: list[str], rows) -> int:
    """Insert plain tuples (values in the order of `fields`, ready for the database) as fast as each
    engine takes them: the batch runs write millions of small rows, and a model instance for each
    would cost more than judging it. PostgreSQL: COPY; SQLite: one prepared INSERT run over all the
    rows in C. Returns the number of rows written."""
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


def reserve_ids(model, count: int) -> list[int]:
    """`count` fresh primary keys for rows about to be inserted with insert_rows, inside a transaction.

    PostgreSQL hands them out from the table's own sequence. SQLite: the transaction holds the
    write lock from its first statement (transaction_mode IMMEDIATE), so nobody else can take the
    numbers after the table's high-water mark before we commit; AUTOINCREMENT never reuses them.
    """
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, model._meta.pk.column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        assert connection.in_atomic_block, "reserve_ids needs the transaction that inserts the rows"
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        found = cursor.fetchone()
        cursor.execute(f"SELECT max({connection.ops.quote_name(model._meta.pk.column)}) FROM {connection.ops.quote_name(table)}")
        start = max(found[0] if found else 0, cursor.fetchone()[0] or 0) + 1
    return list(range(start, start + count))


@contextmanager
def many_objects():
    """Python's cycle collector pauses the program again and again while a large batch builds
    hundreds of thousands of small objects none of which form cycles: it waits until the end."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def bulk_writes():
    """A large write on SQLite keeps the pages of the indexes it touches in memory (128 MiB at most
    instead of 2 MiB): inserting 100.000 people into a table of a million is then twice as fast."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size = -131072")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")
