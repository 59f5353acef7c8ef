"""A decision with many recipients, from the database to its Word file and its certificates.

    python -m bench.decision_documents [--recipients 5000] [--out bench/out/decision-documents-sqlite.json]
    python scripts/with_postgres.py python -m bench.decision_documents --out bench/out/decision-documents-postgres.json

The issue's figure: a decision with 5,000 recipients produces its .docx and its merged certificate
PDF within 60 s on this machine. Without DATABASE_URL the database is a fresh SQLite file under
bench/out/. Set-up (not timed in the figure): a national union, a provincial sector union and ten
hospitals, N people employed in them (the services, one transaction), then the sector union's
decision through the services — `decision_draft` with the N people and `decision_issue` (number,
award records, verification codes); both are timed and reported beside the figure. Measured, each
from the stored decision as the pages do it:
  (a) the Word file: `decision_doc` (reads the list) + `decision_docx`;
  (b) the certificates: `certificates_of` (reads the list) + `certificates_pdf` (every page, merged).
The figure is a + b; peak memory is the process's ru_maxrss (the certificate workers are separate
processes and report their own).
"""
from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
TARGET_SECONDS = 60.0
ON = date(2026, 1, 15)
START = date(2015, 1, 1)


def _setup(recipients: int) -> None:
    if not os.environ.get("DATABASE_URL"):
        OUT.mkdir(parents=True, exist_ok=True)
        db = OUT / f"decision-documents-{recipients}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.django.local")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _people(recipients: int, seed: int = 2026):
    from django.db import transaction
    from faker.providers.person.vi_VN import Provider as Names

    from thidua.core.permissions import SYSTEM
    from thidua.organisations.models import OrgKind
    from thidua.organisations.services import org_create
    from thidua.people.models import Gender
    from thidua.people.services import person_create

    rng = random.Random(seed)
    with transaction.atomic():
        national = org_create(actor=SYSTEM, code="CDYTVN", name="Công đoàn Y tế Việt Nam", kind=OrgKind.NATIONAL_SECTOR_UNION,
                              parent=None, valid_from=START)
        sector = org_create(actor=SYSTEM, code="CDN-01", name="Công đoàn ngành Y tế Hà Nội", kind=OrgKind.PROVINCIAL_SECTOR_UNION,
                            parent=national, valid_from=START)
        hospitals = [org_create(actor=SYSTEM, code=f"CS-01-{i:03}", name=f"Công đoàn Bệnh viện Đa khoa số {i} Hà Nội",
                                kind=OrgKind.GRASSROOTS_PUBLIC, parent=sector, valid_from=START) for i in range(1, 11)]
        people = []
        for _ in range(recipients):
            female = rng.random() < 0.68
            given = rng.choice(Names.first_names_female if female else Names.first_names_male)
            middle = "Thị" if female and rng.random() < 0.5 else rng.choice(Names.middle_names)
            people.append(person_create(
                actor=SYSTEM, full_name=f"{rng.choice(Names.last_names)} {middle} {given}", unit=rng.choice(hospitals),
                start=START, gender=Gender.FEMALE if female else Gender.MALE, position="Điều dưỡng",
            ))
    return sector, people


def run(recipients: int) -> dict:
    from thidua.core.permissions import SYSTEM
    from thidua.decisions.certificates import certificates_of
    from thidua.decisions.selectors import decision_doc
    from thidua.decisions.services import ItemInput, decision_draft, decision_issue
    from thidua.documents.certificates import certificates_pdf
    from pypdf import PdfReader

    from thidua.documents.word import decision_docx

    started = time.perf_counter()
    sector, people = _people(recipients)
    prepared = time.perf_counter() - started

    started = time.perf_counter()
    draft = decision_draft(
        actor=SYSTEM, issuer=sector, award="giay_khen", on=ON,
        subject="Về việc khen thưởng các cá nhân có thành tích xuất sắc năm 2025",
        items=[ItemInput(person=p, year=2025, achievement="Đã có thành tích xuất sắc trong phong trào thi đua năm 2025",
                         amount=500_000) for p in people],
    )
    drafted = time.perf_counter() - started
    started = time.perf_counter()
    decision = decision_issue(actor=SYSTEM, decision=draft, on=ON, signer_name="Nguyễn Thị Hằng")
    issued = time.perf_counter() - started

    started = time.perf_counter()
    docx = decision_docx(decision_doc(decision=decision, on=ON))
    word_seconds = time.perf_counter() - started
    started = time.perf_counter()
    pdf = certificates_pdf(certificates_of(decision, "https://thidua.example.vn/"))
    pdf_seconds = time.perf_counter() - started

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    if pages != recipients:
        raise SystemExit(f"the merged PDF has {pages} pages for {recipients} recipients")
    total = word_seconds + pdf_seconds
    return {
        "recipients": recipients, "decision": decision.number_text, "pages": pages,
        "setup_seconds": round(prepared, 2), "draft_seconds": round(drafted, 2), "issue_seconds": round(issued, 2),
        "docx_seconds": round(word_seconds, 2), "docx_bytes": len(docx),
        "pdf_seconds": round(pdf_seconds, 2), "pdf_bytes": len(pdf),
        "total_seconds": round(total, 2), "target_seconds": TARGET_SECONDS, "met": total <= TARGET_SECONDS,
        "peak_memory_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "database": os.environ["DATABASE_URL"].split(":", 1)[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=5000)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    _setup(args.recipients)
    result = run(args.recipients)
    text = json.dumps(result, ensure_ascii=False, indent=2)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
