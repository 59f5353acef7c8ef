"""The verification benchmark: the public page a certificate's QR code opens, over millions of awards.

    python -m bench.verification [--records 3000000] [--out bench/out/verification-sqlite.json]
    python scripts/with_postgres.py python -m bench.verification --out bench/out/verification-postgres.json

Without DATABASE_URL the database is the SQLite file bench/out/verification-<records>.sqlite3
(reused when it already holds the data); with it, the database it names (it must be empty, or hold
an earlier run's data).

1. Generation, in one transaction: a national union and 20 provincial sector unions (the services),
   then --records / 3 people, --records / 1,000 issued decisions of 1,000 items each spread over the
   unions and the years 2016–2025, and for every item its award record and a random verification
   code of the real alphabet (1 % of the records revoked, each by a revocation decision referring to
   the original, as decision_revoke leaves them), written with the engine's bulk insert
   (thidua.core.db.insert_rows: executemany on SQLite, COPY on PostgreSQL) in batches of 50,000.
2. Measurement: django.test.Client asks /xac-minh/<code>/ for --lookups random known codes (typed in
   lower case without dashes half the time, as people type them) and --unknown codes that are not
   stored (half of them forged: a stored code with one character changed), shuffled, after a warm-up;
   each request's time through the whole Django stack (middleware, view, template). Printed and
   written as JSON: median and 95th percentile for known, unknown and all (wall clock), the process's
   CPU time per request and the load average during the run (on a shared 2-core machine the wall
   clock also measures the neighbours); the target is a median and a p95 of at most 20 ms. The query
   plan of the lookup shows the unique index on the code.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import random
import statistics
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
TARGET_MS = 20.0
BATCH = 50_000
ITEMS_PER_DECISION = 1000
UNIONS = 20
YEARS = range(2016, 2026)
REVOKED = 0.01


def _setup(records: int) -> None:
    if not os.environ.get("DATABASE_URL"):
        OUT.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{OUT / f'verification-{records}.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.django.local")
    import django

    django.setup()


def _names(rng: random.Random, count: int) -> list:
    from faker.providers.person.vi_VN import Provider as Names

    from thidua.core.text import split_name

    out = []
    for _ in range(count):
        female = rng.random() < 0.68
        given = rng.choice(Names.first_names_female if female else Names.first_names_male)
        middle = "Thị" if female and rng.random() < 0.5 else rng.choice(Names.middle_names)
        out.append((split_name(f"{rng.choice(Names.last_names)} {middle} {given}"), "female" if female else "male"))
    return out


def _code(rng: random.Random) -> str:
    from thidua.decisions.services import CODE_ALPHABET, CODE_LENGTH, format_verification_code

    return format_verification_code("".join(rng.choices(CODE_ALPHABET, k=CODE_LENGTH)))


def generate(records: int, lookups: int, seed: int = 2026) -> dict:
    """Fill an empty database; the known codes to look up are picked while the items are written."""
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from thidua.commendations.models import AwardRecord
    from thidua.core.db import insert_rows
    from thidua.core.permissions import SYSTEM
    from thidua.decisions.models import Decision, DecisionItem
    from thidua.organisations.models import OrgKind
    from thidua.organisations.services import org_create
    from thidua.people.models import Person

    call_command("migrate", verbosity=0)
    if DecisionItem.objects.exists():
        return {"skipped": "database already holds data"}
    started = time.perf_counter()
    rng = random.Random(seed)
    ops = connection.ops
    now = ops.adapt_datetimefield_value(datetime(2026, 1, 1, tzinfo=timezone.utc))
    day = ops.adapt_datefield_value
    people = max(1, records // 3)
    decisions = -(-records // ITEMS_PER_DECISION)
    wanted = set(rng.sample(range(records), min(lookups, records)))
    known: list[str] = []
    with transaction.atomic():
        national = org_create(actor=SYSTEM, code="CDYTVN", name="Công đoàn Y tế Việt Nam", kind=OrgKind.NATIONAL_SECTOR_UNION,
                              parent=None, valid_from=date(2010, 1, 1))
        unions = [org_create(actor=SYSTEM, code=f"CDN-{i:02d}", name=f"Công đoàn ngành Y tế số {i}", parent=national,
                             kind=OrgKind.PROVINCIAL_SECTOR_UNION, valid_from=date(2010, 1, 1)) for i in range(1, UNIONS + 1)]
        names = _names(rng, 20_000)
        for first in range(0, people, BATCH):
            rows = []
            for pid in range(first + 1, min(people, first + BATCH) + 1):
                name, gender = names[rng.randrange(len(names))]
                born = date(rng.randint(1966, 2000), rng.randint(1, 12), rng.randint(1, 28))
                rows.append((pid, name.full, name.family, name.middle, name.given, gender, day(born), None, "", "",
                             name.search_full, name.search_given_first, name.sort_key, now, now))
            insert_rows(Person, ["id", "full_name", "family_name", "middle_name", "given_name", "gender", "date_of_birth", "cccd",
                                 "phone", "email", "search_full", "search_given_first", "sort_key", "created_at", "updated_at"], rows)
        numbers: dict[tuple[int, int], int] = {}
        rows = []
        shown: list[tuple] = []  # (number text, date, issuer) of each decision, copied onto its award records
        for did in range(1, decisions + 1):
            union = unions[did % UNIONS]
            year = YEARS[did % len(YEARS)]
            number = numbers[(union.pk, year)] = numbers.get((union.pk, year), 0) + 1
            number_text = f"{number:02d}/QĐ-{union.code}"
            issued_on = date(year, 1 + did % 12, 1 + did % 28)
            shown.append((number_text, day(issued_on), union.name))
            rows.append((did, "award", "issued", union.pk, union.name, year, number, number_text, day(issued_on),
                         f"Tặng Giấy khen năm {year - 1}", "giay_khen", "", "TM. BAN CHẤP HÀNH", "CHỦ TỊCH", "Nguyễn Văn Ký", "", now))
        insert_rows(Decision, ["id", "kind", "status", "issuer", "issuer_name", "year", "number", "number_text", "issued_on", "subject",
                               "award", "grounds", "signer_authority", "signer_title", "signer_name", "reason", "created_at"], rows)
        revocations: dict[int, list[tuple[int, int]]] = {}  # decision → its revoked (item, person)
        for first in range(0, records, BATCH):
            awards, items = [], []
            for index in range(first, min(records, first + BATCH)):
                rid = index + 1
                did = index // ITEMS_PER_DECISION + 1
                number_text, issued_on, issuer = shown[did - 1]
                person = rng.randint(1, people)
                revoked = day(date(2026, 6, 1)) if rng.random() < REVOKED else None
                if revoked:
                    revocations.setdefault(did, []).append((rid, person))
                awards.append((rid, "giay_khen", 2025, person, number_text, issued_on, issuer, revoked, "", now))
                code = _code(rng)
                items.append((rid, did, person, "giay_khen", 2025, "Điều dưỡng, Khoa Nội", "", 0, rid, code))
                if index in wanted:
                    known.append(code)
            insert_rows(AwardRecord, ["id", "award", "year", "person", "decision_number", "decision_date", "issuing_body", "revoked_on",
                                      "revoke_reason", "created_at"], awards)
            insert_rows(DecisionItem, ["id", "decision", "person", "award", "year", "position_unit", "achievement", "amount",
                                       "award_record", "verification_code"], items)
            print(f"  … {min(records, first + BATCH):,} / {records:,} khen thưởng".replace(",", "."), file=sys.stderr, flush=True)
        _revoke(revocations, unions, numbers, now, day)
        with connection.cursor() as cursor:
            for statement in ops.sequence_reset_sql(no_style(), [Person, Decision, AwardRecord, DecisionItem]):
                cursor.execute(statement)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {"seconds": round(time.perf_counter() - started, 1), "people": people, "decisions": decisions, "records": records,
            "known_codes": known}


def _revoke(revocations: dict, unions: list, numbers: dict, now, day) -> None:
    """For each decision with revoked records, a revocation decision of the same issuer in 2026 referring
    to it, whose items target the revoked items (as decision_revoke leaves them)."""
    from thidua.core.db import insert_rows
    from thidua.decisions.models import Decision, DecisionItem

    decision_id = Decision.objects.order_by("-id").values_list("id", flat=True).first()
    item_id = DecisionItem.objects.order_by("-id").values_list("id", flat=True).first()
    decisions, items = [], []
    for original, revoked in revocations.items():
        decision_id += 1
        union = unions[original % UNIONS]
        number = numbers[(union.pk, 2026)] = numbers.get((union.pk, 2026), 0) + 1
        decisions.append((decision_id, "revocation", "issued", union.pk, union.name, 2026, number, f"{number:02d}/QĐ-{union.code}",
                          day(date(2026, 6, 1)), "Thu hồi Giấy khen", "giay_khen", "", "TM. BAN CHẤP HÀNH", "CHỦ TỊCH",
                          "Nguyễn Văn Ký", "Kê khai thành tích không đúng", original, now))
        for target, person in revoked:
            item_id += 1
            items.append((item_id, decision_id, person, "giay_khen", 2025, "", "", 0, target))
    insert_rows(Decision, ["id", "kind", "status", "issuer", "issuer_name", "year", "number", "number_text", "issued_on", "subject",
                           "award", "grounds", "signer_authority", "signer_title", "signer_name", "reason", "refers_to", "created_at"],
                decisions)
    insert_rows(DecisionItem, ["id", "decision", "person", "award", "year", "position_unit", "achievement", "amount", "target"], items)


def _sample_known(count: int, rng: random.Random) -> list[str]:
    """Codes of a reused database: spread over the whole table by id."""
    from thidua.decisions.models import DecisionItem

    top = DecisionItem.objects.order_by("-id").values_list("id", flat=True).first() or 0
    ids = rng.sample(range(1, top + 1), min(2 * count, top))  # revocations' items carry no code: draw more
    codes = DecisionItem.objects.filter(id__in=ids, verification_code__isnull=False).values_list("verification_code", flat=True)
    return list(codes)[:count]


def _typed(code: str, rng: random.Random) -> str:
    return code.lower().replace("-", "") if rng.random() < 0.5 else code


def _forged(code: str, rng: random.Random) -> str:
    from thidua.decisions.services import CODE_ALPHABET

    chars = list(code)
    at = rng.choice([i for i, ch in enumerate(chars) if ch != "-"])
    chars[at] = rng.choice([ch for ch in CODE_ALPHABET if ch != chars[at]])
    return "".join(chars)


def _stats(times: list[float]) -> dict:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {"count": len(ordered), "median_ms": round(statistics.median(ordered), 2), "p95_ms": round(p95, 2),
            "max_ms": round(ordered[-1], 2)}


def _plan(code: str) -> list[str]:
    from django.db import connection

    from thidua.decisions.certificates import verification_query

    sql, params = verification_query(code)[:1].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(("EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ") + sql, params)
        return [" ".join(str(part) for part in row) for row in cursor.fetchall()]


def measure(known: list[str], unknown: int, seed: int = 7) -> dict:
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from thidua.decisions.models import DecisionItem

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    logging.getLogger("django.request").setLevel(logging.ERROR)  # one "Not Found" line per unknown code otherwise
    rng = random.Random(seed)
    fake = [_forged(rng.choice(known), rng) if i % 2 else _code(rng) for i in range(unknown)]
    stored = set(DecisionItem.objects.filter(verification_code__in=fake).values_list("verification_code", flat=True))
    fake = [code for code in fake if code not in stored]  # a forgery that happens to exist is no forgery
    requests = [(_typed(code, rng), 200) for code in known] + [(code, 404) for code in fake]
    rng.shuffle(requests)
    client = Client()
    for code, _ in requests[:20]:  # warm-up: templates compiled, connection open, pages cached
        client.get(f"/xac-minh/{code}/")
    times: dict[int, list[float]] = {200: [], 404: []}
    cpu: list[float] = []
    load_before = os.getloadavg()[0]
    for code, expected in requests:
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(f"/xac-minh/{code}/")
        elapsed = (time.perf_counter() - started) * 1000
        cpu.append((time.process_time() - started_cpu) * 1000)
        if response.status_code != expected:
            raise SystemExit(f"/xac-minh/{code}/ answered {response.status_code}, expected {expected}")
        times[expected].append(elapsed)
    everything = _stats(times[200] + times[404])
    return {
        "database": connection.vendor,
        "known": _stats(times[200]), "unknown": _stats(times[404]), "all": everything,
        # The Django process's own CPU time per request (SQLite's work included, a PostgreSQL server's not):
        # what the figure would be on an idle machine; the load average says how busy this one was.
        "all_cpu": _stats(cpu), "load_average": round((load_before + os.getloadavg()[0]) / 2, 2),
        "target_ms": TARGET_MS, "meets_target": everything["median_ms"] <= TARGET_MS and everything["p95_ms"] <= TARGET_MS,
        "query_plan": _plan(known[0]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=3_000_000)
    parser.add_argument("--lookups", type=int, default=500)
    parser.add_argument("--unknown", type=int, default=100)
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    _setup(args.records)
    generated = generate(args.records, args.lookups)
    known = generated.pop("known_codes", None) or _sample_known(args.lookups, random.Random(3))
    results = {"records": args.records, "generation": generated, **measure(known, args.unknown)}
    text = json.dumps(results, ensure_ascii=False, indent=2)
    if args.out:
        Path(args.out).write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
