"""The eligibility batch benchmark, against the database DATABASE_URL names.

    DATABASE_URL=sqlite:///bench/out/eligibility-100000.sqlite3 python -m bench.eligibility --people 100000 --out bench/out/eligibility-sqlite.json
    python scripts/with_postgres.py python -m bench.eligibility --people 100000 --out bench/out/eligibility-postgres.json

1. Generation (a child process, so its memory is not counted): the demo union tree for N members,
   then N people employed in its departments, each with up to ten years of yearly appraisals
   (2015–2024; fewer only for the 5 % hired after 2015), titles and some forms of commendation,
   initiatives and topics, written with multi-row INSERTs.
2. In one process, timed:
   (a) reading: the population query, then for every chunk of 2,000 people the very queries the
       batch run makes (thidua.commendations.records.chunk_rows: employment, appraisals of the
       window, awards, authorship, initiatives), every row materialised as a tuple, nothing else;
   (b) the batch run `eligibility_run(…)` over the whole tree for 2024, proposed on 15/01/2025, with
       its default awards: facts, verdicts, inserting the results, one transaction.
   Then the ratio (b)/(a) (target ≤ 3) and the peak resident memory (ru_maxrss; target < 1 GiB).
   A sample of stored verdicts is checked against each person's verdicts from `evaluate`.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.django.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Max  # noqa: E402

from thidua.commendations.batch import DEFAULT_CHUNK  # noqa: E402
from thidua.commendations.models import AwardRecord, EligibilityResult, EligibilityRun  # noqa: E402
from thidua.commendations.records import chunk_rows, population_ids  # noqa: E402
from thidua.commendations.selectors import eligibility_for_person  # noqa: E402
from thidua.commendations.services import eligibility_run  # noqa: E402
from thidua.core.db import insert_rows  # noqa: E402
from thidua.core.permissions import SYSTEM  # noqa: E402
from thidua.core.text import split_name  # noqa: E402
from thidua.movements.models import Initiative  # noqa: E402
from thidua.organisations.models import Organisation  # noqa: E402
from thidua.people.models import Employment, Person, YearlyAppraisal  # noqa: E402
from thidua.rules import catalogue  # noqa: E402

YEAR, ON = 2024, date(2025, 1, 15)
HISTORY = range(2015, 2025)
ROOT_CODE = "TLDLD"
GIB = 1024 ** 3


# --- generation -------------------------------------------------------------------------------------


def _names(rng: random.Random, count: int) -> list:
    from faker.providers.person.vi_VN import Provider as Names

    out = []
    for _ in range(count):
        female = rng.random() < 0.68
        given = rng.choice(Names.first_names_female if female else Names.first_names_male)
        middle = "Thị" if female and rng.random() < 0.5 else rng.choice(Names.middle_names)
        name = split_name(f"{rng.choice(Names.last_names)} {middle} {given}")
        out.append((name, "female" if female else "male"))
    return out


def _pick(rng: random.Random, table: list[tuple[float, object]]):
    roll = rng.random()
    for weight, value in table:
        roll -= weight
        if roll < 0:
            return value
    return table[-1][1]


OTHER_RATINGS = [(0.82, "HTTNV"), (0.14, "HTNV"), (0.04, "KHTNV")]  # each person is HTXSNV in 3 %–40 % of years
DISCIPLINES = [(0.992, ""), (0.005, "khien_trach"), (0.002, "canh_cao"), (0.001, "ha_bac_luong")]
SCOPES = [(0.85, "co_so"), (0.13, "tinh"), (0.02, "toan_quoc")]
PROFESSIONS = ["doctor", "nurse", "nurse", "nurse", "technician", "midwife", "pharmacist", "administration", "worker", "other"]


def generate(people: int, seed: int = 2025) -> dict:
    """Fill an empty database (or leave a filled one alone)."""
    from thidua.demo import _Builder

    call_command("migrate", verbosity=0)
    if Person.objects.exists():
        return {"skipped": "database already holds data", "people": Person.objects.count()}
    started = time.perf_counter()
    rng = random.Random(seed)
    with transaction.atomic():
        builder = _Builder(seed, ON, progress=True)
        units = builder.tree(people)
    departments = [d.pk for _, depts, _ in units for d in depts]
    names = _names(rng, 20_000)
    forms = [c for c, a in catalogue().items() if a.category == "form" and a.subject in ("individual", "both")]
    stamp = datetime(2025, 1, 1, tzinfo=timezone.utc)
    ops = connection.ops
    now_db = ops.adapt_datetimefield_value(stamp)
    day = ops.adapt_datefield_value
    person_id = (Person.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    initiative_id = (Initiative.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    counts = {"people": 0, "appraisals": 0, "awards": 0, "initiatives": 0}
    batch = 5000
    last_report = time.monotonic()
    for first in range(0, people, batch):
        size = min(batch, people - first)
        persons, jobs, appraisals, awards, initiatives, authors = [], [], [], [], [], []
        for i in range(size):
            pid = person_id + first + i
            name, gender = names[rng.randrange(len(names))]
            born = date(rng.randint(1966, 2000), rng.randint(1, 12), rng.randint(1, 28))
            persons.append((pid, name.full, name.family, name.middle, name.given, gender, day(born), None, "", "",
                            name.search_full, name.search_given_first, name.sort_key, now_db, now_db))
            if rng.random() < 0.95:
                start = date(1990, 1, 1) + timedelta(days=rng.randrange(9131))  # up to 2014
            else:
                start = date(2015, 1, 1) + timedelta(days=rng.randrange(3468))  # up to 30/06/2024
            end = start + timedelta(days=rng.randrange(1, 200)) if start.year == 2024 and rng.random() < 0.1 else None
            unit = departments[(first + i) % len(departments)]
            jobs.append((pid, unit, "", rng.choice(PROFESSIONS), day(start), day(end) if end else None))
            excellent = rng.choice((0.03, 0.1, 0.2, 0.4))
            for year in HISTORY:
                if year < start.year:
                    continue
                rating = "HTXSNV" if rng.random() < excellent else _pick(rng, OTHER_RATINGS)
                roll = rng.random()
                absent = 0 if roll < 0.7 else rng.randint(1, 10) if roll < 0.9 else rng.randint(11, 39) if roll < 0.98 else rng.randint(40, 180)
                maternity = absent if gender == "female" and absent >= 120 else 0
                registered = True if rng.random() < 0.96 else (False if rng.random() < 0.75 else None)
                appraisals.append((pid, year, rating, _pick(rng, DISCIPLINES), absent, maternity, registered, "", now_db, now_db))
                if rng.random() < 0.025:
                    iid = initiative_id
                    initiative_id += 1
                    kind = "initiative" if rng.random() < 0.8 else "topic"
                    accepted = rng.random() < 0.85
                    initiatives.append((iid, kind, f"Sáng kiến {iid}", year, unit, _pick(rng, SCOPES) if accepted else None, accepted,
                                        f"{iid}/QĐ" if accepted else "", day(date(year, 12, 1)) if accepted else None, now_db,
                                        "accepted" if accepted else "registered"))
                    authors.append((iid, pid))
                if year < YEAR:
                    if rating in ("HTXSNV", "HTTNV") and rng.random() < 0.5:
                        awards.append(("lao_dong_tien_tien", year, pid, f"{year}/QĐ-LĐTT", day(date(year + 1, 1, 10)), "Thủ trưởng đơn vị", "", now_db))
                    if rating == "HTXSNV" and rng.random() < 0.3:
                        awards.append(("chien_si_thi_dua_co_so", year, pid, f"{year}/QĐ-CSTĐ", day(date(year + 1, 1, 10)), "Thủ trưởng đơn vị", "", now_db))
                    if forms and rng.random() < 0.02:
                        awards.append((rng.choice(forms), year, pid, f"{year}/QĐ-KT", day(date(year, 12, 20)), "Công đoàn ngành", "", now_db))
        with transaction.atomic():
            insert_rows(Person, ["id", "full_name", "family_name", "middle_name", "given_name", "gender", "date_of_birth", "cccd", "phone",
                                 "email", "search_full", "search_given_first", "sort_key", "created_at", "updated_at"], persons)
            insert_rows(Employment, ["person", "organisation", "position", "profession", "start", "end"], jobs)
            insert_rows(YearlyAppraisal, ["person", "year", "rating", "discipline", "absent_days", "maternity_days", "registered", "note",
                                          "created_at", "updated_at"], appraisals)
            insert_rows(AwardRecord, ["award", "year", "person", "decision_number", "decision_date", "issuing_body", "revoke_reason",
                                      "created_at"], awards)
            insert_rows(Initiative, ["id", "kind", "title", "year", "organisation", "scope", "accepted", "decision_number",
                                     "decision_date", "created_at", "status"], initiatives)
            insert_rows(Initiative.authors.through, ["initiative", "person"], authors)
        counts["people"] += size
        counts["appraisals"] += len(appraisals)
        counts["awards"] += len(awards)
        counts["initiatives"] += len(initiatives)
        if time.monotonic() - last_report > 10:
            print(f"  … {counts['people']:,} / {people:,} người".replace(",", "."), file=sys.stderr, flush=True)
            last_report = time.monotonic()
    with connection.cursor() as cursor:
        for statement in ops.sequence_reset_sql(no_style(), [Person, Initiative]):
            cursor.execute(statement)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    counts["organisations"] = Organisation.objects.count()
    counts["seconds"] = round(time.perf_counter() - started, 1)
    return counts


# --- measurement ------------------------------------------------------------------------------------


def _rss_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # Linux reports KiB


def read_pass(root: Organisation, chunk: int = DEFAULT_CHUNK) -> dict:
    """The batch's reads and nothing else: the same queries, each row materialised as a tuple."""
    started = time.perf_counter()
    ids = population_ids(root, YEAR)
    rows = {}
    for first in range(0, len(ids), chunk):
        for name, found in chunk_rows(ids[first:first + chunk], YEAR):
            rows[name] = rows.get(name, 0) + len(found)
    return {"seconds": round(time.perf_counter() - started, 2), "people": len(ids), "rows": rows, "rows_total": sum(rows.values())}


def _clear_runs() -> None:
    with transaction.atomic():
        EligibilityResult.objects.all()._raw_delete(EligibilityResult.objects.db)
        EligibilityRun.objects.all()._raw_delete(EligibilityRun.objects.db)


def check_sample(run: EligibilityRun, root: Organisation, size: int = 300) -> int:
    """Stored verdicts of a sample of people against each person's verdicts straight from the engine."""
    population = population_ids(root, run.year)
    ids = list(population[:: max(1, len(population) // size)])[:size]
    checked = 0
    for person_id in ids:
        stored = dict(EligibilityResult.objects.filter(run=run, person_id=person_id).values_list("award", "verdict"))
        for result in eligibility_for_person(actor=SYSTEM, person=person_id, year=run.year, on=run.on):
            if result.award in stored:
                assert stored[result.award] == result.verdict.value, (person_id, result.award, stored[result.award], result.verdict.value)
                checked += 1
    return checked


def measure(repeat_read: int = 2) -> dict:
    root = Organisation.objects.get(code=ROOT_CODE)
    _clear_runs()
    print("đọc dữ liệu …", flush=True)
    reads = [read_pass(root) for _ in range(repeat_read)]  # the first also warms the caches
    read = min(reads, key=lambda r: r["seconds"])
    rss_read = _rss_mib()
    print(f"  {read['seconds']} s, {read['rows_total']:,} dòng; chạy xét …".replace(",", "."), flush=True)
    started = time.perf_counter()
    run = eligibility_run(actor=SYSTEM, organisation=root, year=YEAR, on=ON, reason="Đo hiệu năng")
    batch_seconds = round(time.perf_counter() - started, 2)
    rss_batch = _rss_mib()
    print(f"  {batch_seconds} s; kiểm tra mẫu …", flush=True)
    checked = check_sample(run, root)
    return {
        "year": YEAR, "on": ON.isoformat(), "awards": run.awards, "people_judged": run.people,
        "results_stored": EligibilityResult.objects.filter(run=run).count(),
        "read": read, "read_all_seconds": [r["seconds"] for r in reads],
        "batch_seconds": batch_seconds, "ratio": round(batch_seconds / read["seconds"], 2),
        "peak_rss_mib_after_read": rss_read, "peak_rss_mib": rss_batch,
        "counts": run.counts, "sample_checked": checked,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--out", required=True)
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Hãy chỉ định cơ sở dữ liệu đo bằng biến DATABASE_URL (dữ liệu đo sẽ được ghi vào đó).")
    if args.generate_only:
        print(json.dumps(generate(args.people)))
        return
    # Generation runs in a child process: its memory is not the batch's.
    child = subprocess.run([sys.executable, "-m", "bench.eligibility", "--people", str(args.people), "--out", args.out, "--generate-only"],
                           check=True, stdout=subprocess.PIPE, text=True)
    generated = json.loads(child.stdout.strip().splitlines()[-1])
    results = {"database": connection.vendor, "people": args.people, "debug": settings.DEBUG, "generated": generated}
    results.update(measure())
    results["targets"] = {"ratio": 3.0, "peak_rss_mib": 1024}
    with open(args.out, "w") as handle:
        json.dump(results, handle, ensure_ascii=False, indent=2)
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
