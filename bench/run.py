"""`make bench`: run the benchmarks on SQLite and on a throwaway PostgreSQL, then write docs/benchmarks.md.

    python -m bench.run [--members 1000000] [--people 1000000] [--only sqlite|postgres]
                        [--suite foundation|eligibility|imports|commendation|all] [--reuse] [--rows 100000 1000000] [--render]

The foundation suite (bench/suite.py) fills each database afresh by `thidua demo --members N` (that
is the demo benchmark itself). The eligibility suite (bench/eligibility.py) fills its own database
with N people and ten years of history each, and times the batch run against reading its rows.
The imports suite (bench/imports.py) imports a generated roster of --rows rows into the demo of
--members members (on SQLite the file the foundation suite leaves, reused when present; on PostgreSQL
a database `bench` of a throwaway cluster, copied as a template for each measurement) and compares
`thidua import members` with its floor and with django-import-export (the optional `bench` extra).
The commendation suite times a 5,000-recipient decision's Word file and merged certificate PDF
(bench/decision_documents.py) and the public verification page over 3,000,000 award records
(bench/verification.py; on SQLite the generated file is reused when present).
Each suite writes its own JSON under bench/out/; the page shows the latest figures of each.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from bench.imports import WRITE_VARIANTS, WRITTEN

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DOC = ROOT / "docs" / "benchmarks.md"

TARGETS = {
    "search_ms": 50.0,
    "search_ratio": 2.0,
    "unit_page_ms": 150.0,
    "demo_seconds": 600.0,
}


def run_sqlite(members: int, reuse: bool) -> dict:
    """With `reuse`, the database of an earlier run is kept and its demo timing carried over."""
    db = OUT / f"bench-{members}.sqlite3"
    out = OUT / "sqlite.json"
    previous = json.loads(out.read_text()).get("demo") if reuse and out.exists() else None
    if not (reuse and db.exists()):
        previous = None
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    subprocess.run([sys.executable, "-m", "bench.suite", "--members", str(members), "--out", str(out)], env=env, check=True, cwd=ROOT)
    results = json.loads(out.read_text())
    if previous and "seconds" in previous and "skipped" in results["demo"]:
        results["demo"] = previous
        out.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    return results


def run_postgres(members: int) -> dict:
    out = OUT / "postgres.json"
    subprocess.run(
        [sys.executable, "scripts/with_postgres.py", sys.executable, "-m", "bench.suite", "--members", str(members), "--out", str(out)],
        check=True, cwd=ROOT,
    )
    return json.loads(out.read_text())


def run_eligibility(people: int, database: str, reuse: bool) -> dict:
    """bench/eligibility.py on one database; with `reuse`, the SQLite data of an earlier run is kept."""
    out = OUT / f"eligibility-{database}.json"
    command = [sys.executable, "-m", "bench.eligibility", "--people", str(people), "--out", str(out)]
    if database == "sqlite":
        db = OUT / f"eligibility-{people}.sqlite3"
        if not (reuse and db.exists()):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
        subprocess.run(command, env={**os.environ, "DATABASE_URL": f"sqlite:///{db}"}, check=True, cwd=ROOT)
    else:
        subprocess.run([sys.executable, "scripts/with_postgres.py", *command], check=True, cwd=ROOT)
    return json.loads(out.read_text())


def run_imports(rows: list[int], members: int, database: str = "sqlite") -> None:
    """bench/imports.py on one database for each roster size: SQLite reuses bench/out/bench-{members}.sqlite3
    when present, PostgreSQL runs inside a throwaway cluster (scripts/with_postgres.py) and loads its demo
    there once. Each size leaves bench/out/imports-{database}-{rows}.json."""
    command = [sys.executable, "-m", "bench.imports", "--rows", *map(str, rows), "--members", str(members)]
    if database == "sqlite":
        subprocess.run(command, check=True, cwd=ROOT)
    else:
        subprocess.run([sys.executable, "scripts/with_postgres.py", *command, "--database", "postgres"], check=True, cwd=ROOT)


def run_commendation(database: str, recipients: int = 5000, records: int = 3_000_000) -> None:
    """bench/decision_documents.py and bench/verification.py on one database."""
    for module, extra in (("bench.decision_documents", ["--recipients", str(recipients)]),
                          ("bench.verification", ["--records", str(records)])):
        name = module.split(".")[1].replace("_", "-")
        command = [sys.executable, "-m", module, *extra, "--out", str(OUT / f"{name}-{database}.json")]
        if database == "postgres":
            command = [sys.executable, "scripts/with_postgres.py", *command]
        subprocess.run(command, check=True, cwd=ROOT)


def render_commendation() -> list[str]:
    lines = ["## Commendation: a decision's documents, the verification page", ""]
    documents = {db: OUT / f"decision-documents-{db}.json" for db in ("sqlite", "postgres")}
    verification = {db: OUT / f"verification-{db}.json" for db in ("sqlite", "postgres")}
    if not any(p.exists() for p in [*documents.values(), *verification.values()]):
        return lines + ["Not run yet (`python -m bench.run --suite commendation`).", ""]
    lines += [
        "`python -m bench.decision_documents` (bench/decision_documents.py): a provincial sector union's decision giving "
        "Giấy khen to N people, drafted and issued through the services (number, award records, verification codes); then, "
        "from the stored decision as the pages do it, (a) the Word file with its list (`decision_doc` + `decision_docx`) and "
        "(b) every certificate merged into one PDF for printing (`certificates_of` + `certificates_pdf`, pages rendered in "
        "two worker processes). Target: a + b within 60 s for 5.000 recipients.",
        "",
        "| database | recipients | (a) .docx | (b) certificates PDF | a + b (≤ 60 s) | drafting / issuing | |",
        "|---|---|---|---|---|---|---|",
    ]
    for db, path in documents.items():
        if path.exists():
            r = json.loads(path.read_text())
            lines.append(
                f"| {'SQLite' if db == 'sqlite' else 'PostgreSQL'} | {_n(r['recipients'])} ({_n(r['pages'])} pages) | "
                f"{r['docx_seconds']} s ({r['docx_bytes'] // 1024} KiB) | {r['pdf_seconds']} s ({r['pdf_bytes'] // 1024 // 1024} MiB) | "
                f"{r['total_seconds']} s | {r['draft_seconds']} / {r['issue_seconds']} s | {_verdict(r['met'])} |")
    lines += [
        "",
        "`python -m bench.verification` (bench/verification.py): 3.000.000 award records, each with its decision item and "
        "verification code (1 % revoked by revocation decisions), 1.000.000 people; the public page `/xac-minh/<code>/` asked "
        "through the whole Django stack (django.test.Client) for 500 known codes (half typed in lower case without dashes) "
        "and 100 unknown or forged ones. Target: at most 20 ms server time.",
        "",
        "| database | records | median (all) | p95 (all) | p95 known / unknown | CPU per request, median | load | |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for db, path in verification.items():
        if path.exists():
            r = json.loads(path.read_text())
            lines.append(
                f"| {'SQLite' if db == 'sqlite' else 'PostgreSQL'} | {_n(r['records'])} | {r['all']['median_ms']} ms | "
                f"{r['all']['p95_ms']} ms | {r['known']['p95_ms']} / {r['unknown']['p95_ms']} ms | {r['all_cpu']['median_ms']} ms | "
                f"{r['load_average']} | {_verdict(r['meets_target'])} |")
    return lines + [""]


def _n(value: int) -> str:
    """Thousands separated the Vietnamese way: 1.000.000."""
    return f"{value:,}".replace(",", ".")


def _verdict(ok: bool) -> str:
    return "đạt" if ok else "**KHÔNG ĐẠT**"


ELIGIBILITY_TARGETS = {"ratio": 3.0, "peak_rss_mib": 1024}


def render_eligibility(results: dict[str, dict]) -> list[str]:
    """The eligibility batch section: one row per database."""
    if not results:
        return []
    results = {name: results[name] for name in ("SQLite", "PostgreSQL") if name in results}
    lines = [
        "## Eligibility batch run",
        "",
        "`python -m bench.eligibility` (bench/eligibility.py), one process per database. The database holds N people, each "
        "employed in a department of the demo tree with up to ten years (2015–2024) of yearly appraisals, titles, some forms "
        "of commendation, initiatives and topics. In the same process: (a) reading the rows the batch reads — the "
        "population query, then per chunk of 2.000 people the same five queries, every row materialised as a tuple; "
        "(b) `eligibility_run` over the whole tree for 2024, proposed on 15/01/2025, with its default awards (facts, verdicts, "
        "inserting one result per person and award, one transaction). Peak memory is the process's `ru_maxrss`. A sample "
        "of the stored verdicts is checked against each person's verdicts from `evaluate`.",
        "",
        "| database | people judged | rows read | (a) read | (b) batch run | ratio b/a (≤ 3) | peak memory (< 1 GiB) | |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        ok = r["ratio"] <= ELIGIBILITY_TARGETS["ratio"] and r["peak_rss_mib"] < ELIGIBILITY_TARGETS["peak_rss_mib"]
        lines.append(
            f"| {name} | {_n(r['people_judged'])} × {len(r['awards'])} awards | {_n(r['read']['rows_total'])} "
            f"| {r['read']['seconds']} s | {r['batch_seconds']} s | {r['ratio']} | {r['peak_rss_mib']:.0f} MiB | {_verdict(ok)} |"
        )
    lines.append("")
    for name, r in results.items():
        counts = "; ".join(
            f"{award}: " + ", ".join(f"{verdict} {_n(n)}" for verdict, n in sorted(by.items())) for award, by in r["counts"].items()
        )
        generated = r.get("generated", {})
        made = (f"generated in {generated['seconds']} s: {_n(generated['appraisals'])} appraisals, {_n(generated['awards'])} award records, "
                f"{_n(generated['initiatives'])} initiatives" if "seconds" in generated else "data of an earlier run")
        lines.append(f"- {name}: {made}; read passes {r['read_all_seconds']} s (the fastest counts); "
                     f"{_n(r['results_stored'])} results stored ({counts}); {r['sample_checked']} stored verdicts checked against `evaluate`.")
    return lines + [""]


IMPORT_TARGETS = {"ratio_floor": 3.0, "ratio_die": 0.2}
IMPORT_FLOOR_NOTE = [
    "The floor ratio is not met, and (d) shows it cannot be with what the import has to store. Each new person is a row in "
    "four tables (person, employment, membership, audit entry) with sixteen indexes between them; (d) writes the rows (b) "
    "wrote with nothing else to do. As written, storing them alone takes more than five floors on either engine. Without "
    "the person's four name indexes (the searches by name, the lists' order and the duplicate checks use them) calamine's "
    "read plus the writes still takes more than three floors on both. Without those indexes and the audit entries both, "
    "PostgreSQL still takes more than three floors, and SQLite comes under three by less than half a second: the time left "
    "for parsing, checking and matching a hundred thousand rows, which take more than five seconds of "
    "Python. Also tried (26/11/2026): a page cache of 512 MiB instead of 128 MiB (SQLite's person inserts 2,7 → 2,2 s, for "
    "280 MiB more memory); PostgreSQL's shared_buffers at 1 GiB instead of 128 MiB (nothing measurable); writing one slice "
    "in a second thread while the next is checked (the 2 cores): the writer waits for the interpreter lock at every row, "
    "so 4,8 s of Python and 4,7 s of inserts took 9,5 s together, no gain.",
]
IMPORT_DATABASES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def render_imports(runs: list[dict]) -> list[str]:
    """The spreadsheet import section: one row per run (roster size and database)."""
    if not runs:
        return []
    lines = [
        "## Spreadsheet import",
        "",
        "`python -m bench.imports` (bench/imports.py). A roster as offices make them (xlsxwriter): two merged title rows, a "
        "header two rows tall, STT, Họ và tên, Ngày sinh (half as text dd/mm/yyyy, half as date cells), Giới tính, Số CCCD, "
        "Điện thoại, Đơn vị (a unit code under CDN-01), Chức danh nghề nghiệp, Ngày vào công đoàn; 2 % of the rows are people "
        "already stored, 0,1 % repeat a person of the file. The database already holds the demo's people. Each measurement "
        "is a child process (peak memory is its `ru_maxrss`): (a) the floor, python-calamine reading the file plus sqlite3 "
        "`executemany` of the raw rows into a plain table of a separate SQLite file; (b) `members_import`, the function "
        "`thidua import members FILE --org CDN-01` calls — parse, validate, dedupe against the stored people, insert, one "
        "transaction — on a copy of the database (SQLite: a copy of the file; PostgreSQL: `CREATE DATABASE work TEMPLATE bench` "
        "in a throwaway cluster, dropped afterwards); (c) django-import-export 4.4.3 with a plain `ModelResource` for Person "
        "(import id: CCCD; bench only, not in the app), reading the sheet through openpyxl from the header row on, importing "
        "row by row (its default) on another copy; it writes Person rows only (no employment, membership, audit entry, "
        "name-and-birth dedupe or suggestion), so it does less work than (b); (d) the write bound: the rows (b) wrote, read "
        "back and written again into fresh copies of the database as it was before the import, by the engine alone (SQLite "
        "`executemany` of the tuples, PostgreSQL COPY of their text) — as written, without the person's four name indexes, "
        "and without those and the audit entries. The floor (a) is the same for both databases.",
        "",
        "The import reads, checks, matches and writes the rows a slice of 10.000 at a time inside its one transaction, and "
        "keeps only the rows worth showing (problems, suggestions, the first thousand); a sheet of more than 200.000 rows is "
        "copied out of calamine to a temporary file first and calamine's copy of it freed. The ratios are set at 100.000 rows; "
        "the million-row roster is measured for its memory (and time), without django-import-export. Its peak is calamine's "
        "own, while it loads the sheet (896 MiB measured with calamine alone, 26/11/2026, 560 MiB once loaded); the rows are "
        "then checked, matched and written in about 620 MiB.",
        "",
        "| database | rows | people stored | (a) floor | (b) thidua import | (c) django-import-export | b/a (≤ 3) | b/c (≤ 0,2) | peak memory (b) | |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        limit = r["memory_target_mib"]
        ok_m = r["peak_rss_mib"] < limit
        checks = [ok_m]
        if "django_import_export" in r:
            ok_a = r["ratio_floor"] <= IMPORT_TARGETS["ratio_floor"]
            ok_c = r["ratio_die"] <= IMPORT_TARGETS["ratio_die"]
            checks += [ok_a, ok_c]
            die, ratio_a, ratio_c = (f"{r['django_import_export']['seconds']} s", f"{r['ratio_floor']} {_verdict(ok_a)}",
                                     f"{r['ratio_die']} {_verdict(ok_c)}")
        else:
            die, ratio_a, ratio_c = "—", f"{r['ratio_floor']} (no target)", "—"
        lines.append(
            f"| {IMPORT_DATABASES[r['database']]} ({r['database_mib']} MiB) | {_n(r['rows'])} | {_n(r['people_stored'])} | {r['floor']['seconds']} s "
            f"| {r['thidua']['seconds']} s | {die} | {ratio_a} | {ratio_c} | {r['peak_rss_mib']:.0f} MiB (< {limit} MiB) {_verdict(ok_m)} "
            f"| {_verdict(all(checks))} |"
        )
    lines.append("")
    for r in runs:
        t, d, f = r["thidua"], r.get("django_import_export"), r["floor"]
        lines.append(
            f"- {IMPORT_DATABASES[r['database']]}, {_n(r['rows'])} rows: floor read {f['read_seconds']} s of {f['seconds']} s ({f['peak_rss_mib']:.0f} MiB); thidua: "
            f"{_n(t['created'])} created, {_n(t['updated'])} updated, {_n(t['unchanged'])} unchanged, {_n(t['duplicates'])} duplicates, "
            f"{_n(t['errors'])} errors, {_n(t['suggestions'])} suggestions"
            + (f" (read and check {t['stages']['read_and_check']} s, duplicates and suggestions {t['stages']['match']} s, "
               f"writing {t['stages']['write']} s)" if "stages" in t else "")
            + (f"; django-import-export: read {d['read_seconds']} s, {', '.join(f'{k} {_n(v)}' for k, v in d['totals'].items())}, "
               f"{d['row_errors']} row errors, {d['peak_rss_mib']:.0f} MiB." if d else ".")
        )
    for r in runs:
        if "write_bound" in r:
            lines.append(_write_bound_line(r))
    lines += ["", *IMPORT_FLOOR_NOTE]
    return lines + [""]


def _write_bound_line(r: dict) -> str:
    """(d): each variant's seconds, its steps, and calamine's read plus it counted in floors."""
    floor, read = r["floor"]["seconds"], r["floor"]["read_seconds"]
    parts = []
    for name, label, _drop, _tables in WRITE_VARIANTS:
        v = r["write_bound"][name]
        steps = ", ".join(f"{WRITTEN.get(k, k)} {s} s" for k, s in v["steps"].items())
        bound = read + v["seconds"]
        parts.append(f"{label} {v['seconds']} s ({steps}), with the read {bound:.2f} s = {bound / floor:.2f} floors")
    return (f"- {IMPORT_DATABASES[r['database']]}, (d) the write bound of (b)'s {_n(r['rows'])} rows "
            f"({'COPY' if r['database'] == 'postgresql' else 'executemany'}, from the first row to the commit): " + "; ".join(parts) + ".")


def render(results: dict[str, dict], eligibility: dict[str, dict] | None = None, imports: list[dict] | None = None) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Page written {datetime.now():%d/%m/%Y %H:%M} by `make bench` (`python -m bench.run`) from the latest run of each "
        "suite (bench/out/*.json; a suite can be run alone with `--suite`), on this 2-core machine "
        f"({platform.python_implementation()} {platform.python_version()}). Server times are measured inside the "
        "process (no network). Ratios compare against a baseline measured in the same run.",
        "",
    ]
    for name, r in results.items():
        search_o, search_a = r["search_provincial_officer"], r["search_system_admin"]
        page, demo, sub = r["unit_page"], r["demo"], r["subtree"]
        lines += [
            f"## {name}",
            "",
            "| benchmark | figure | target | |",
            "|---|---|---|---|",
            f"| `thidua demo --members {_n(r['members'])}` | {demo.get('seconds', '—')} s ({demo.get('organisations', '—')} units) | < {TARGETS['demo_seconds']:.0f} s | {_verdict(demo.get('seconds', 1e9) < TARGETS['demo_seconds'])} |",
        ]
        for label, s in (("provincial officer", search_o), ("system administrator", search_a)):
            lines += [
                f"| name search, {label}: selector median / p95 | {s['selector']['median_ms']} / {s['selector']['p95_ms']} ms ({s['queries']} queries × 5) | ≤ {TARGETS['search_ms']:.0f} ms | {_verdict(s['selector']['p95_ms'] <= TARGETS['search_ms'])} |",
                f"| name search, {label}: hand-written SQL median / p95 | {s['hand_written_sql']['median_ms']} / {s['hand_written_sql']['p95_ms']} ms | baseline | |",
                f"| name search, {label}: ratio selector / SQL (median; p95) | {s['ratio_median']}; {s['ratio_p95']} | ≤ {TARGETS['search_ratio']:.0f} | {_verdict(max(s['ratio_median'], s['ratio_p95']) <= TARGETS['search_ratio'])} |",
            ]
        lines += [
            f"| unit page `{page['unit']}` ({_n(page['members_in_subtree'])} members in subtree): median / p95 | {page['first_page']['median_ms']} / {page['first_page']['p95_ms']} ms | ≤ {TARGETS['unit_page_ms']:.0f} ms | {_verdict(page['first_page']['p95_ms'] <= TARGETS['unit_page_ms'])} |",
            f"| same page, page 100 of the member list: median | {page['page_100']['median_ms']} ms | | |",
            f"| subtree of the national union ({_n(sub['units'])} units): count / ids, median | {sub['count_subtree']['median_ms']} / {sub['ids_subtree']['median_ms']} ms | | |",
            f"| whole tree as of a date: median | {sub['tree_as_of']['median_ms']} ms | | |",
            "",
        ]
    lines += render_eligibility(eligibility or {})
    lines += render_imports(imports or [])
    lines += render_commendation()
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--reuse", action="store_true", help="keep the SQLite database of the last run")
    parser.add_argument("--suite", choices=["foundation", "eligibility", "imports", "commendation", "all"], default="all")
    parser.add_argument("--people", type=int, default=1_000_000, help="people in the eligibility benchmark")
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000], help="rows of the rosters in the imports benchmark")
    parser.add_argument("--render", action="store_true", help="only rewrite the page from the JSON of earlier runs")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    results, eligibility = {}, {}
    if args.render:
        args.suite = "none"
    if args.suite in ("foundation", "all"):
        if args.only in (None, "sqlite"):
            results["SQLite"] = run_sqlite(args.members, args.reuse)
        if args.only in (None, "postgres"):
            results["PostgreSQL"] = run_postgres(args.members)
    if args.suite in ("eligibility", "all"):
        if args.only in (None, "sqlite"):
            eligibility["SQLite"] = run_eligibility(args.people, "sqlite", args.reuse)
        if args.only in (None, "postgres"):
            eligibility["PostgreSQL"] = run_eligibility(args.people, "postgres", args.reuse)
    for name, path in (("SQLite", OUT / "sqlite.json"), ("PostgreSQL", OUT / "postgres.json")):
        if name not in results and path.exists():
            results[name] = json.loads(path.read_text())
    for name, path in (("SQLite", OUT / "eligibility-sqlite.json"), ("PostgreSQL", OUT / "eligibility-postgres.json")):
        if name not in eligibility and path.exists():
            eligibility[name] = json.loads(path.read_text())
    if args.suite in ("imports", "all"):
        if args.only in (None, "sqlite"):
            run_imports(args.rows, args.members, "sqlite")
        if args.only in (None, "postgres"):
            run_imports(args.rows, args.members, "postgres")
    if args.suite in ("commendation", "all"):
        if args.only in (None, "sqlite"):
            run_commendation("sqlite")
        if args.only in (None, "postgres"):
            run_commendation("postgres")
    imports = [json.loads(p.read_text()) for p in sorted(
        [*OUT.glob("imports-sqlite-*.json"), *OUT.glob("imports-postgres-*.json")],
        key=lambda p: (int(p.stem.rsplit("-", 1)[1]), p.stem.startswith("imports-postgres")),
    )]
    DOC.write_text(render(results, eligibility, imports))
    print(f"Đã ghi {DOC}")


if __name__ == "__main__":
    main()
