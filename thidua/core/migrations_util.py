"""Migration helper: byte-order collation for key columns on PostgreSQL (SQLite's BINARY is already so).

Path, search and sort keys hold only ASCII letters, digits, spaces and slashes. Under a locale
collation PostgreSQL ignores spaces and slashes at first level, so a range such as
['hoa', 'hob') would also catch 'ho anh'. With COLLATE "C" a prefix is an exact index range on
both engines, and `thidua.core.db.prefix_q` can use the same condition everywhere.
"""
from __future__ import annotations

from django.db import migrations


def binary_collation(table: str, columns: dict[str, int]) -> migrations.RunPython:
    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for column, length in columns.items():
            schema_editor.execute(f'ALTER TABLE {table} ALTER COLUMN {column} TYPE varchar({length}) COLLATE "C"')

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for column, length in columns.items():
            schema_editor.execute(f'ALTER TABLE {table} ALTER COLUMN {column} TYPE varchar({length}) COLLATE "default"')

    return migrations.RunPython(forwards, backwards)
