"""The spreadsheet import benchmark: `thidua import members` against its floor and django-import-export.

    python -m bench.imports [--rows 100000 1000000] [--members 1000000]   (→ bench/out/imports-sqlite-ROWS.json)
    python scripts/with_postgres.py python -m bench.imports --database postgres [--rows 100000 1000000] [--members 1000000]

1. A roster as Vietnamese offices make them (xlsxwriter, constant memory): two merged title rows, a
   blank line, a header two rows tall (each header cell merged over both rows), then STT, Họ và tên,
   Ngày sinh (half text "dd/mm/yyyy", half date cells), Giới tính, Số CCCD, Điện thoại, Đơn vị (a unit
   code of the demo tree under CDN-01), Chức danh nghề nghiệp, Ngày vào công đoàn. About 2 % of the
   rows are people already stored (same CCCD and data: "unchanged"), 0.1 % repeat a CCCD of the file.
2. The database already holding people: the demo of --members members (bench/out/bench-N.sqlite3,
   the file bench/suite.py leaves, reused when present; made by `thidua demo` otherwise). With
   --database postgres, DATABASE_URL names the maintenance database of a PostgreSQL server (the one
   scripts/with_postgres.py exports) and the demo goes into a database `bench` of that server.
3. One child process per measurement, its peak memory its own `ru_maxrss`:
   (a) floor: python-calamine reads the file, sqlite3 `executemany` inserts the raw rows into a plain
       table of a separate temporary SQLite file (the same floor whichever database is measured);
   (b) `members_import(…)`, the function `thidua import members` calls, with committed writes, on a
       copy of the database (so the baseline stays reusable; on PostgreSQL `CREATE DATABASE work
       TEMPLATE bench`, dropped afterwards);
   (c) django-import-export 4.4.3 (a ModelResource for Person, here in bench/ only) importing the same
       rows into the same model on another copy: tablib/openpyxl reads the sheet (from the header row:
       django-import-export knows no title rows), one row at a time as the library does by default.
   (d) the write bound: the rows (b) wrote, read back from its database, written again into fresh
       copies of the baseline with no Python work but handing them over (SQLite `executemany` of the
       tuples, PostgreSQL COPY of the text (b)'s database gives out), as they are and without some
       indexes or tables: what storing the import's rows costs the database by itself.
Targets: (b) ≤ 3 × (a); (b) ≤ (c) / 5; peak memory < 600 MiB at 100,000 rows, < 1 GiB at 1,000,000.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
ON = date(2026, 11, 25)
ORG = "CDN-01"
MIB = 1024 * 1024
HEADER = ("STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Điện thoại", "Đơn vị", "Chức danh nghề nghiệp", "Ngày vào công đoàn")
HEADER_ROW = 3  # 0-based: titles on 0 and 1, blank 2, header 3–4 (merged), data from 5
DIE_ROWS = 100_000  # the ratios are set at 100.000 rows; a million rows is measured for memory (and time) only
PROFESSIONS = ("Bác sĩ", "Điều dưỡng", "Dược sĩ", "Kỹ thuật viên", "Hộ sinh", "Nhân viên")


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.django.local")
    import django

    django.setup()


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# --- the roster -------------------------------------------------------------------------------------


def step_roster(rows: int, path: Path) -> dict:
    """Runs in a child with Django (unit codes and some stored people are read from the database)."""
    if path.exists():
        return {"rows": rows, "reused": True, "bytes": path.stat().st_size}  # the same roster as the last run
    _django()
    import xlsxwriter
    from faker.providers.person.vi_VN import Provider as Names

    from thidua.organisations.models import Organisation
    from thidua.people.models import Person
    from thidua.people.validation import CCCD_PROVINCE_CODES, century_gender_digit

    root = Organisation.objects.get(code=ORG)
    units = list(Organisation.objects.filter(path__startswith=root.path, valid_to__isnull=True, kind="union_group")
                 .order_by("path").values_list("code", flat=True))
    stored = list(Person.objects.filter(cccd__isnull=False, employments__organisation__path__startswith=root.path)
                  .values_list("full_name", "date_of_birth", "gender", "cccd", "phone")[: max(1, rows // 50)])
    provinces = sorted(CCCD_PROVINCE_CODES)
    rng = random.Random(2026)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Danh sách")
    bold = book.add_format({"bold": True, "align": "center", "valign": "vcenter", "border": 1, "text_wrap": True})
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    width = len(HEADER) - 1
    sheet.merge_range(0, 0, 0, width, "CÔNG ĐOÀN NGÀNH Y TẾ HÀ NỘI", bold)
    sheet.merge_range(1, 0, 1, width, "DANH SÁCH ĐOÀN VIÊN NĂM 2026", bold)
    # Each header cell merged over two rows. In constant-memory mode a row is flushed once the next one
    # is written, so the merges are registered directly (what merge_range does besides writing).
    for c, name in enumerate(HEADER):
        sheet.write_string(HEADER_ROW, c, name, bold)
    for c in range(len(HEADER)):
        sheet.write_blank(HEADER_ROW + 1, c, None, bold)
        sheet.merge.append([HEADER_ROW, c, HEADER_ROW + 1, c])
    seen: list[tuple] = []
    r = HEADER_ROW + 2
    for i in range(rows):
        if stored and i % 50 == 25:
            name, born, gender, cccd, phone = stored[(i // 50) % len(stored)]
        else:
            female = rng.random() < 0.68
            gender = "female" if female else "male"
            given = rng.choice(Names.first_names_female if female else Names.first_names_male)
            middle = "Thị" if female and rng.random() < 0.5 else rng.choice(Names.middle_names)
            name = f"{rng.choice(Names.last_names)} {middle} {given}"
            born = date(rng.randint(1962, 2004), rng.randint(1, 12), rng.randint(1, 28))
            cccd = f"{rng.choice(provinces)}{century_gender_digit(gender, born)}{born.year % 100:02d}{rng.randrange(10 ** 6):06d}"
            phone = f"09{rng.randrange(10 ** 8):08d}" if rng.random() < 0.8 else ""
            if seen and i % 1000 == 999:
                name, born, gender, cccd, phone = seen[rng.randrange(len(seen))]  # the same person twice in the file
            elif i % 100 == 0:
                seen.append((name, born, gender, cccd, phone))
        sheet.write_number(r, 0, i + 1)
        sheet.write_string(r, 1, name)
        if born and i % 2:
            sheet.write_datetime(r, 2, datetime(born.year, born.month, born.day), dates)
        elif born:
            sheet.write_string(r, 2, f"{born:%d/%m/%Y}")
        sheet.write_string(r, 3, {"male": "Nam", "female": "Nữ"}.get(gender, ""))
        sheet.write_string(r, 4, cccd or "")
        if phone:
            sheet.write_string(r, 5, phone)
        sheet.write_string(r, 6, units[i % len(units)])
        sheet.write_string(r, 7, PROFESSIONS[i % len(PROFESSIONS)])
        joined = date(rng.randint(2000, 2025), rng.randint(1, 12), rng.randint(1, 28))
        if i % 3 == 0:
            sheet.write_datetime(r, 8, datetime(joined.year, joined.month, joined.day), dates)
        else:
            sheet.write_string(r, 8, f"{joined:%d/%m/%Y}")
        r += 1
    sheet.write_string(r + 1, len(HEADER) + 1, "Người lập biểu")  # a footer beside the table, skipped by the reader
    book.close()
    return {"rows": rows, "units": len(units), "stored_people_in_file": min(len(stored), rows // 50), "bytes": path.stat().st_size}


# --- the measurements (each in its own child process) ------------------------------------------------


def step_floor(path: Path) -> dict:
    from python_calamine import CalamineWorkbook

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        book = CalamineWorkbook.from_path(str(path))
        rows = book.get_sheet_by_name(book.sheet_names[0]).to_python(skip_empty_area=False)
        book.close()
        read = time.perf_counter() - start
        data = rows[HEADER_ROW + 2:]
        db = sqlite3.connect(Path(tmp) / "floor.sqlite3")
        db.execute(f"CREATE TABLE roster ({', '.join(f'c{i}' for i in range(len(HEADER)))})")
        placeholders = ", ".join("?" * len(HEADER))
        db.executemany(f"INSERT INTO roster VALUES ({placeholders})", (tuple(r[: len(HEADER)]) + (None,) * (len(HEADER) - len(r)) for r in data))
        db.commit()
        seconds = time.perf_counter() - start
        stored = db.execute("SELECT count(*) FROM roster").fetchone()[0]
        db.close()
    return {"seconds": round(seconds, 2), "read_seconds": round(read, 2), "rows_stored": stored, "peak_rss_mib": round(_peak_mib(), 1)}


def step_thidua(path: Path, profile: str | None) -> dict:
    _django()
    from thidua.core.permissions import SYSTEM
    from thidua.imports.members import members_import
    from thidua.organisations.selectors import org_get
    from thidua.people.models import Person

    before = Person.objects.count()
    org = org_get(actor=SYSTEM, code=ORG)
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    # Where the time goes, from the import's own progress reports (each slice of rows is checked,
    # matched, then written): the time from one report to the next counts for the stage it names.
    stages = {"read_and_check": 0.0, "match": 0.0, "write": 0.0}
    current: list = [None, 0.0]

    def progress(percent: int, message: str) -> None:
        now = time.perf_counter()
        if current[0]:
            stages[current[0]] += now - current[1]
        stage = next((name for prefix, name in (("Đang đọc", "read_and_check"), ("Đang kiểm tra", "read_and_check"),
                                                 ("Đang tìm", "match"), ("Đang ghi", "write")) if message.startswith(prefix)), None)
        current[:] = [stage, now]

    start = time.perf_counter()
    # What `thidua import members FILE --org CDN-01 --on 2026-11-25` calls (cli.cmd_import_members).
    result = members_import(actor=SYSTEM, path=path, org=org, on=ON, progress=progress)
    seconds = time.perf_counter() - start
    stages = {name: round(value, 2) for name, value in stages.items()}
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    summary = result.summary()
    assert result.committed, [p for r in result.rows if r.status == "error" for p in r.problems][:5]
    return {
        "seconds": round(seconds, 2), "peak_rss_mib": round(_peak_mib(), 1), "people_before": before,
        "people_after": Person.objects.count(),
        **{k: summary[k] for k in ("rows", "created", "updated", "unchanged", "duplicates", "errors")},
        "suggestions": len(summary["suggestions"]), "stages": stages,
    }


def _person_resource():
    """A plain ModelResource for Person, as a django-import-export user would write it (bench only)."""
    from import_export import fields, resources, widgets

    from thidua.core.text import split_name
    from thidua.people.models import Person

    class NullableText(widgets.CharWidget):
        def clean(self, value, row=None, **kwargs):
            text = super().clean(value, row, **kwargs)
            return text.strip() or None if isinstance(text, str) else text

    class VietnameseDate(widgets.DateWidget):
        def __init__(self):
            super().__init__(format="%d/%m/%Y")

    class BlankText(widgets.CharWidget):
        def clean(self, value, row=None, **kwargs):
            return "" if value is None else str(value).strip()

    class GenderWidget(widgets.CharWidget):
        def clean(self, value, row=None, **kwargs):
            return {"nam": "male", "nữ": "female"}.get(str(value or "").strip().lower(), "")

    class PersonResource(resources.ModelResource):
        full_name = fields.Field(attribute="full_name", column_name="Họ và tên")
        date_of_birth = fields.Field(attribute="date_of_birth", column_name="Ngày sinh", widget=VietnameseDate())
        gender = fields.Field(attribute="gender", column_name="Giới tính", widget=GenderWidget())
        cccd = fields.Field(attribute="cccd", column_name="Số CCCD", widget=NullableText())
        phone = fields.Field(attribute="phone", column_name="Điện thoại", widget=BlankText())

        class Meta:
            model = Person
            fields = ("full_name", "date_of_birth", "gender", "cccd", "phone")
            import_id_fields = ("cccd",)
            skip_unchanged = True

        def get_instance(self, instance_loader, row):
            if not str(row.get("Số CCCD") or "").strip():
                return None
            return super().get_instance(instance_loader, row)

        def before_save_instance(self, instance, row, **kwargs):
            name = split_name(instance.full_name)
            instance.full_name, instance.family_name, instance.middle_name, instance.given_name = name.full, name.family, name.middle, name.given
            instance.search_full, instance.search_given_first, instance.sort_key = name.search_full, name.search_given_first, name.sort_key

    return PersonResource()


def step_die(path: Path) -> dict:
    _django()
    import tablib
    from openpyxl import load_workbook

    from thidua.people.models import Person

    before = Person.objects.count()
    start = time.perf_counter()
    book = load_workbook(str(path), read_only=True, data_only=True)  # what tablib's xlsx format does
    sheet = book.worksheets[0]
    dataset = tablib.Dataset()
    for i, row in enumerate(sheet.iter_rows(values_only=True)):
        if i == HEADER_ROW:
            dataset.headers = list(row)
        elif i >= HEADER_ROW + 2 and any(v is not None for v in row[:6]):
            dataset.append(list(row))
    book.close()
    read = time.perf_counter() - start
    result = _person_resource().import_data(dataset, dry_run=False, raise_errors=False, use_transactions=True)
    if result.has_errors():
        first = result.row_errors()[0][1][0].error if result.row_errors() else result.base_errors[0].error
        raise SystemExit(f"django-import-export rolled back: {first!r}")
    seconds = time.perf_counter() - start
    totals = {k: v for k, v in result.totals.items() if v}
    return {
        "seconds": round(seconds, 2), "read_seconds": round(read, 2), "peak_rss_mib": round(_peak_mib(), 1),
        "rows": len(dataset), "totals": totals, "row_errors": len(result.row_errors()),
        "people_before": before, "people_after": Person.objects.count(),
    }


def step_prepare(members: int) -> dict:
    _django()
    from django.core.management import call_command
    from django.db import connection

    from thidua.demo import demo_load
    from thidua.organisations.models import Organisation
    from thidua.people.models import Person

    call_command("migrate", verbosity=0)
    if not Organisation.objects.exists():
        demo_load(members=members, seed=2025, on=ON, progress=True)
        with connection.cursor() as cursor:  # the planner's statistics, as a server gathers them after a bulk load
            cursor.execute("ANALYZE")
    return {"people": Person.objects.count()}


# --- (d) the write bound -------------------------------------------------------------------------------

# What the import writes for each new person, in the order it writes it (table: how the page names it).
WRITTEN = {"people_person": "person", "people_employment": "employment", "people_membership": "membership",
           "core_auditentry": "audit"}
# The person's indexes for searching by name and for the name-and-birth probe (CCCD's stays: it is a constraint).
NAME_INDEXES = ("person_search_full_idx", "person_search_given_idx", "person_sort_idx", "person_birth_name_idx")
# (key in the results, how the page names it, indexes dropped, tables written)
WRITE_VARIANTS = (
    ("as_written", "as written", (), tuple(WRITTEN)),
    ("without_name_indexes", "without the person's four name indexes", NAME_INDEXES, tuple(WRITTEN)),
    ("without_name_indexes_and_audit", "without those indexes and without the audit entries", NAME_INDEXES,
     tuple(WRITTEN)[:3]),
)


def _write_bound(replay) -> dict:
    """Runs `replay(drop, tables)` for each variant: seconds from the first row handed over to the commit."""
    variants = {}
    for name, _label, drop, tables in WRITE_VARIANTS:
        print(f"(d) write bound: {name} …", flush=True)
        variants[name] = replay(drop, tables)
    return variants


def _sqlite_rows(base: Path, work: Path) -> dict[str, list[tuple]]:
    """The rows (b) added to each table: those of `work` past the highest id of `base`."""
    rows = {}
    with closing(sqlite3.connect(base)) as before, closing(sqlite3.connect(work)) as after:
        for table in WRITTEN:
            top = before.execute(f'SELECT coalesce(max(id), 0) FROM "{table}"').fetchone()[0]
            rows[table] = after.execute(f'SELECT * FROM "{table}" WHERE id > ? ORDER BY id', [top]).fetchall()
    return rows


def _sqlite_replay(base: Path, into: Path, rows: dict[str, list[tuple]]):
    def replay(drop: tuple[str, ...], tables: tuple[str, ...]) -> dict:
        db = sqlite3.connect(_copy(base, into), isolation_level=None)
        try:  # the pragmas of the app's connections (config/env.py) and of its bulk writes (thidua.core.db)
            for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "cache_size=-131072"):
                db.execute(f"PRAGMA {pragma}")
            for index in drop:
                db.execute(f'DROP INDEX "{index}"')
            seconds = {}
            start = time.perf_counter()
            db.execute("BEGIN IMMEDIATE")
            for table in tables:
                began = time.perf_counter()
                width = len(rows[table][0])
                db.executemany(f'INSERT INTO "{table}" VALUES ({", ".join("?" * width)})', rows[table])
                seconds[table] = round(time.perf_counter() - began, 2)
            began = time.perf_counter()
            db.execute("COMMIT")
            seconds["commit"] = round(time.perf_counter() - began, 2)
            return {"seconds": round(time.perf_counter() - start, 2), "steps": seconds}
        finally:
            db.close()
    return replay


def _postgres_rows(server: "_Postgres", base: str, work: str) -> dict[str, bytes]:
    """The rows (b) added to each table, as COPY's text: those of `work` past the highest id of `base`."""
    import psycopg

    rows = {}
    with psycopg.connect(server.url_of(base)) as before, psycopg.connect(server.url_of(work)) as after:
        for table in WRITTEN:
            top = before.execute(f'SELECT coalesce(max(id), 0) FROM "{table}"').fetchone()[0]
            with after.cursor().copy(f'COPY (SELECT * FROM "{table}" WHERE id > {int(top)} ORDER BY id) TO STDOUT') as copy:
                rows[table] = b"".join(bytes(block) for block in copy)
    return rows


def _postgres_replay(server: "_Postgres", base: str, rows: dict[str, bytes]):
    import psycopg

    def replay(drop: tuple[str, ...], tables: tuple[str, ...]) -> dict:
        server.drop("replay")
        server.create("replay", template=base)
        try:
            with psycopg.connect(server.url_of("replay")) as conn:
                for index in drop:
                    conn.execute(f'DROP INDEX "{index}"')
                conn.commit()
                seconds = {}
                start = time.perf_counter()
                for table in tables:
                    began = time.perf_counter()
                    with conn.cursor().copy(f'COPY "{table}" FROM STDIN') as copy:
                        copy.write(rows[table])
                    seconds[table] = round(time.perf_counter() - began, 2)
                began = time.perf_counter()
                conn.commit()
                seconds["commit"] = round(time.perf_counter() - began, 2)
                return {"seconds": round(time.perf_counter() - start, 2), "steps": seconds}
        finally:
            server.drop("replay")
    return replay


# --- the orchestration ------------------------------------------------------------------------------


def _child(step: str, *args: str, db: Path | None = None, url: str | None = None) -> dict:
    """One step in a child process; `db` (a SQLite file) or `url` is the database it gets as DATABASE_URL."""
    env = dict(os.environ)
    if db is not None:
        env["DATABASE_URL"] = f"sqlite:///{db}"
    elif url is not None:
        env["DATABASE_URL"] = url
    done = subprocess.run([sys.executable, "-m", "bench.imports", "--step", step, *args], env=env, cwd=ROOT,
                          check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _copy(db: Path, to: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{to}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(db, to)
    return to


class _Postgres:
    """The server DATABASE_URL names (its maintenance database): creates, copies and drops the bench databases.

    Each administrative statement runs on a connection of its own to the maintenance database, so
    none is left open on `bench` or `work`.
    """

    def __init__(self, url: str):
        self.url = url

    def url_of(self, name: str) -> str:
        return urlunsplit(urlsplit(self.url)._replace(path=f"/{name}"))

    def _query(self, query: str, *params) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            return conn.execute(query, params).fetchall()

    def _execute(self, statement) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:  # CREATE/DROP DATABASE: outside a transaction
            conn.execute(statement)

    def exists(self, name: str) -> bool:
        return bool(self._query("SELECT 1 FROM pg_database WHERE datname = %s", name))

    def size_mib(self, name: str) -> int:
        return round(self._query("SELECT pg_database_size(%s)", name)[0][0] / MIB)

    def wait_closed(self, name: str, timeout: float = 60.0) -> None:
        """Until no session is open on `name` (a child's connection may outlive its process by a moment)."""
        deadline = time.monotonic() + timeout
        while True:
            open_ = self._query("SELECT pid, application_name, state FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", name)
            if not open_:
                return
            if time.monotonic() > deadline:
                raise SystemExit(f"connections still open on {name!r}: {open_}")
            time.sleep(0.2)

    def create(self, name: str, template: str | None = None) -> None:
        from psycopg import sql

        if template:
            self.wait_closed(template)
            self._execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template)))
        else:
            self._execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def drop(self, name: str) -> None:
        from psycopg import sql

        self.wait_closed(name)
        self._execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def run_postgres(rows: int, members: int, profile: bool) -> dict:
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme not in ("postgres", "postgresql"):
        raise SystemExit("--database postgres needs DATABASE_URL=postgres://… (the maintenance database): "
                         "python scripts/with_postgres.py python -m bench.imports --database postgres")
    OUT.mkdir(parents=True, exist_ok=True)
    server = _Postgres(url)
    bench, work = server.url_of("bench"), server.url_of("work")
    reused = server.exists("bench")
    if not reused:
        server.create("bench")
    print(f"database: bench on PostgreSQL ({'reused' if reused else 'new demo'}) …", flush=True)
    people = _child("prepare", "--members", str(members), url=bench)["people"]
    roster = OUT / f"roster-{rows}.xlsx"
    print(f"roster: {roster.name} …", flush=True)
    made = _child("roster", "--rows", str(rows), "--file", str(roster), url=bench)
    results = {"database": "postgresql", "rows": rows, "members": members, "people_stored": people, "database_reused": reused,
               "database_mib": server.size_mib("bench"), "roster": made, "org": ORG, "on": ON.isoformat()}
    print("(a) floor …", flush=True)
    results["floor"] = _child("floor", "--file", str(roster))
    try:
        print("(b) thidua import members …", flush=True)
        args = ["--file", str(roster)] + (["--profile", str(OUT / f"imports-postgres-{rows}.prof")] if profile else [])
        server.drop("work")
        server.create("work", template="bench")
        results["thidua"] = _child("thidua", *args, url=work)
        if rows <= DIE_ROWS:
            written = _postgres_rows(server, "bench", "work")
            results["write_bound"] = _write_bound(_postgres_replay(server, "bench", written))
            del written
        server.drop("work")
        if rows <= DIE_ROWS:
            print("(c) django-import-export …", flush=True)
            server.create("work", template="bench")
            results["django_import_export"] = _child("die", "--file", str(roster), url=work)
    finally:
        server.drop("work")
    return _ratios(results, rows)


def _ratios(results: dict, rows: int) -> dict:
    a, b = results["floor"]["seconds"], results["thidua"]["seconds"]
    results["ratio_floor"] = round(b / a, 2)
    if "django_import_export" in results:
        results["ratio_die"] = round(b / results["django_import_export"]["seconds"], 3)
    results["memory_target_mib"] = 600 if rows <= 100_000 else 1024
    results["peak_rss_mib"] = results["thidua"]["peak_rss_mib"]
    return results


def run(rows: int, members: int, profile: bool) -> dict:
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / f"bench-{members}.sqlite3"
    reused = db.exists()
    print(f"database: {db.name} ({'reused' if reused else 'new demo'}) …", flush=True)
    people = _child("prepare", "--members", str(members), db=db)["people"]
    roster = OUT / f"roster-{rows}.xlsx"
    print(f"roster: {roster.name} …", flush=True)
    made = _child("roster", "--rows", str(rows), "--file", str(roster), db=db)
    results = {"database": "sqlite", "rows": rows, "members": members, "people_stored": people, "database_reused": reused,
               "database_mib": round(db.stat().st_size / MIB), "roster": made, "org": ORG, "on": ON.isoformat()}
    print("(a) floor …", flush=True)
    results["floor"] = _child("floor", "--file", str(roster))
    work = OUT / "imports-work.sqlite3"
    try:
        print("(b) thidua import members …", flush=True)
        args = ["--file", str(roster)] + (["--profile", str(OUT / f"imports-{rows}.prof")] if profile else [])
        results["thidua"] = _child("thidua", *args, db=_copy(db, work))
        if rows <= DIE_ROWS:
            written = _sqlite_rows(db, work)
            results["write_bound"] = _write_bound(_sqlite_replay(db, work, written))
            del written
            print("(c) django-import-export …", flush=True)
            results["django_import_export"] = _child("die", "--file", str(roster), db=_copy(db, work))
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{work}{suffix}").unlink(missing_ok=True)
    return _ratios(results, rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite",
                        help="postgres: DATABASE_URL names a PostgreSQL maintenance database (scripts/with_postgres.py)")
    parser.add_argument("--profile", nargs="?", const="yes", help="cProfile the thidua import (a .prof under bench/out)")
    parser.add_argument("--step", choices=["prepare", "roster", "floor", "thidua", "die"])
    parser.add_argument("--file")
    args = parser.parse_args()
    if args.step:
        path = Path(args.file) if args.file else None
        result = {
            "prepare": lambda: step_prepare(args.members),
            "roster": lambda: step_roster(args.rows[0], path),
            "floor": lambda: step_floor(path),
            "thidua": lambda: step_thidua(path, args.profile),
            "die": lambda: step_die(path),
        }[args.step]()
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()  # nothing left open on the database (PostgreSQL copies it as a template next)
        print(json.dumps(result, ensure_ascii=False, default=str))
        return
    for rows in args.rows:  # one database prepared, each roster size measured on it
        if args.database == "postgres":
            results = run_postgres(rows, args.members, bool(args.profile))
        else:
            results = run(rows, args.members, bool(args.profile))
        out = OUT / f"imports-{args.database}-{rows}.json"
        out.write_text(json.dumps(results, ensure_ascii=False, indent=2))
        print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
