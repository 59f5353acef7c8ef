"""`make bench`: run bench/suite.py on SQLite and on a throwaway PostgreSQL, then write docs/benchmarks.md.

    python -m bench.run [--members 1000000] [--only sqlite|postgres] [--keep]

Each database is filled afresh by `thidua demo --members N` (that is the demo benchmark itself).
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


def _n(value: int) -> str:
    """Thousands separated the Vietnamese way: 1.000.000."""
    return f"{value:,}".replace(",", ".")


def _verdict(ok: bool) -> str:
    return "đạt" if ok else "**KHÔNG ĐẠT**"


def render(results: dict[str, dict]) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Latest run: {datetime.now():%d/%m/%Y %H:%M}, `make bench` (`python -m bench.run`), on this 2-core machine "
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
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--reuse", action="store_true", help="keep the SQLite database of the last run")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    results = {}
    if args.only in (None, "sqlite"):
        results["SQLite"] = run_sqlite(args.members, args.reuse)
    if args.only in (None, "postgres"):
        results["PostgreSQL"] = run_postgres(args.members)
    for name, path in (("SQLite", OUT / "sqlite.json"), ("PostgreSQL", OUT / "postgres.json")):
        if name not in results and path.exists():
            results[name] = json.loads(path.read_text())
    DOC.write_text(render(results))
    print(f"Đã ghi {DOC}")


if __name__ == "__main__":
    main()
