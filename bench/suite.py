"""The foundation benchmarks, run in one process against the database DATABASE_URL names.

    DATABASE_URL=sqlite:///bench/out/bench.sqlite3 python -m bench.suite --members 1000000 --out bench/out/sqlite.json

1. `thidua demo --members N` into an empty database: wall time.
2. Name search over N people: the selector behind the search page and API against a hand-written
   indexed SQL query returning the same rows, side by side, median and 95th percentile.
3. The unit page of the provincial union with the most members: full server time through Django's
   test client (middleware, scope, queries, template), median and 95th percentile.
4. Subtree queries over the whole tree (tens of thousands of units).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from datetime import date

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.django.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from thidua.core.text import search_key  # noqa: E402
from thidua.demo import demo_load  # noqa: E402
from thidua.organisations.models import Organisation  # noqa: E402
from thidua.people.models import Membership, Person  # noqa: E402
from thidua.people.selectors import person_search  # noqa: E402

ON = date(2026, 11, 25)


def _timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _summary(samples: list[float]) -> dict:
    samples = sorted(samples)
    return {
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.95))], 2),
        "max_ms": round(samples[-1], 2),
        "n": len(samples),
    }


def bench_demo(members: int) -> dict:
    call_command("migrate", verbosity=0)
    if Organisation.objects.exists():
        return {"skipped": "database already holds data", "people": Person.objects.count()}
    start = time.perf_counter()
    result = demo_load(members=members, seed=2025, on=ON, progress=True)
    seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 1), "people": result.people, "organisations": result.organisations}


def _raw_search_sql() -> str:
    """The hand-written query: the same two index-ordered ranges, the same scope test, the same order."""
    scope = (
        "EXISTS (SELECT 1 FROM people_membership m JOIN organisations_organisation o ON o.id = m.organisation_id"
        " WHERE m.person_id = p.id AND o.path >= %s AND o.path < %s"
        " UNION ALL SELECT 1 FROM people_employment e JOIN organisations_organisation o ON o.id = e.organisation_id"
        " WHERE e.person_id = p.id AND o.path >= %s AND o.path < %s)"
    )
    columns = ", ".join(f"p.{f.column}" for f in Person._meta.concrete_fields)
    branch = (f"SELECT {columns} FROM people_person p WHERE p.{{key}} >= %s AND p.{{key}} < %s AND {scope}"
              " ORDER BY p.{key}, p.id LIMIT 50")
    return (f"SELECT * FROM (SELECT * FROM ({branch.format(key='search_given_first')}) a"
            f" UNION SELECT * FROM ({branch.format(key='search_full')}) b) c ORDER BY sort_key, id LIMIT 50")


def _raw_params(key: str, root: str) -> list[str]:
    upper, root_upper = key[:-1] + chr(ord(key[-1]) + 1), root[:-1] + chr(ord(root[-1]) + 1)
    branch = [key, upper, root, root_upper, root, root_upper]
    return branch + branch


def bench_search(officer, root: Organisation, repeat: int = 5) -> dict:
    rng = random.Random(7)
    sample_ids = rng.sample(range(1, Person.objects.order_by("-id").values_list("id", flat=True).first() or 1), 30)
    names = list(Person.objects.filter(id__in=sample_ids).values_list("full_name", "given_name", "family_name", "middle_name"))
    queries = []
    for full, given, family, middle in names:
        queries += [full, search_key(full), f"{search_key(given)} {search_key(family)}", f"{family} {middle}"]
    queries += ["hoa", "Hòa", "nguyen van duc", "Đức"]
    sql = _raw_search_sql()
    selector_ms, raw_ms, rows_checked = [], [], 0
    for query in queries:
        key = search_key(query)
        selector_rows = [p.pk for p in person_search(actor=officer, query=query)]
        with connection.cursor() as cursor:
            cursor.execute(sql, _raw_params(key, root.path))
            raw_rows = [row[0] for row in cursor.fetchall()]
        assert selector_rows == raw_rows, f"different rows for {query!r}"
        rows_checked += len(raw_rows)

        def run_raw():
            with connection.cursor() as cursor:
                cursor.execute(sql, _raw_params(key, root.path))
                [Person(*row) for row in cursor.fetchall()]

        selector_ms += _timed(lambda: person_search(actor=officer, query=query), repeat)
        raw_ms += _timed(run_raw, repeat)
    selector, raw = _summary(selector_ms), _summary(raw_ms)
    return {
        "queries": len(queries), "rows_compared": rows_checked, "selector": selector, "hand_written_sql": raw,
        "ratio_median": round(selector["median_ms"] / raw["median_ms"], 2),
        "ratio_p95": round(selector["p95_ms"] / raw["p95_ms"], 2),
    }


def bench_unit_page(username: str, repeat: int = 15) -> dict:
    from django.contrib.auth import get_user_model

    counts = {}
    for union in Organisation.objects.filter(kind="provincial_sector_union", valid_to__isnull=True):
        counts[union.code] = Membership.objects.filter(
            organisation__path__startswith=union.path, left__isnull=True
        ).count()
    code = max(counts, key=counts.get)
    call_command("collectstatic", interactive=False, verbosity=0)  # as `thidua serve` does
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=username))
    url = f"/to-chuc/{code}/"
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    client.get(url + "?trang=20")
    times = _timed(lambda: client.get(url), repeat)
    later_page = _timed(lambda: client.get(url + "?trang=100"), 5)
    return {"unit": code, "members_in_subtree": counts[code], "first_page": _summary(times), "page_100": _summary(later_page)}


def bench_subtree(repeat: int = 20) -> dict:
    from thidua.core.permissions import SYSTEM
    from thidua.organisations.selectors import org_subtree, org_tree_as_of

    units = Organisation.objects.count()
    national = Organisation.objects.get(code="CDYTVN")
    count_ms = _timed(lambda: org_subtree(actor=SYSTEM, org=national, on=ON).count(), repeat)
    ids_ms = _timed(lambda: list(org_subtree(actor=SYSTEM, org=national).values_list("pk", flat=True)), repeat)
    tree_ms = _timed(lambda: org_tree_as_of(actor=SYSTEM, on=ON), 3)
    return {"units": units, "count_subtree": _summary(count_ms), "ids_subtree": _summary(ids_ms), "tree_as_of": _summary(tree_ms)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    from django.contrib.auth import get_user_model

    results = {"database": connection.vendor, "members": args.members, "debug": settings.DEBUG}
    print("demo …", flush=True)
    results["demo"] = bench_demo(args.members)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    officer = get_user_model().objects.get(username="canbo.hanoi")
    root = Organisation.objects.get(code="CDN-01")
    admin = get_user_model().objects.get(username="quantri")
    print("search …", flush=True)
    results["search_provincial_officer"] = bench_search(officer, root)
    results["search_system_admin"] = bench_search(admin, Organisation.objects.get(code="TLDLD"))
    print("unit page …", flush=True)
    results["unit_page"] = bench_unit_page("canbo.hanoi")
    print("subtree …", flush=True)
    results["subtree"] = bench_subtree()
    with open(args.out, "w") as handle:
        json.dump(results, handle, ensure_ascii=False, indent=2)
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
