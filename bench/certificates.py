"""The certificate printing benchmark: one decision's certificates as a single PDF.

    python -m bench.certificates [--count 5000] [--out bench/out/certificates-5000.json]

Builds --count certificates with Vietnamese names (family + middle + given, as people are written
here), times `certificates_pdf` for the full design and reports its peak memory (the largest
`ru_maxrss` of this process and of its worker processes). Prints JSON; with --out also writes it.
Target: 5,000 certificates in well under 45 s on two cores (with the decision's .docx, 60 s).
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

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương")
MIDDLE_MALE = ("Văn", "Hữu", "Đức", "Minh", "Quang", "Thành", "Xuân")
MIDDLE_FEMALE = ("Thị", "Ngọc", "Thu", "Thanh", "Hồng", "Diệu", "Bích")
GIVEN_MALE = ("An", "Bảo", "Cường", "Dũng", "Đạt", "Hiếu", "Hưng", "Khánh", "Long", "Phúc", "Quý", "Sơn", "Thắng", "Việt")
GIVEN_FEMALE = ("Anh", "Châu", "Diễm", "Giang", "Hằng", "Hương", "Lan", "Linh", "Mai", "Nga", "Nhung", "Thảo", "Trang", "Yến")
POSITIONS = ("Bác sĩ", "Điều dưỡng", "Dược sĩ", "Kỹ thuật viên", "Hộ sinh", "Nhân viên")
UNITS = ("Khoa Nội tổng hợp", "Khoa Ngoại", "Khoa Hồi sức tích cực", "Khoa Nhi", "Khoa Sản", "Phòng Điều dưỡng")


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.django.local")
    import django

    django.setup()


def build(count: int, seed: int = 6):
    from thidua.documents.certificates import Certificate
    from thidua.documents.data import Letterhead

    rng = random.Random(seed)
    letterhead = Letterhead(
        parent_body="CÔNG ĐOÀN Y TẾ VIỆT NAM",
        issuer="CÔNG ĐOÀN NGÀNH Y TẾ HÀ NỘI",
        symbol="CĐYT",
        place="Hà Nội",
        signer_authority="TM. BAN CHẤP HÀNH",
        signer_title="CHỦ TỊCH",
        signer_name="Trần Thị Hồng Nhung",
    )
    certs = []
    for index in range(count):
        female = rng.random() < 0.7
        name = " ".join((
            rng.choice(FAMILY),
            rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE),
            rng.choice(GIVEN_FEMALE if female else GIVEN_MALE),
        ))
        code = f"{rng.getrandbits(20):05X}-{rng.getrandbits(20):05X}-{index:04d}"
        certs.append(Certificate(
            letterhead=letterhead,
            award_name="Giấy khen",
            recipient_name=name,
            recipient_kind="individual",
            gender="female" if female else "male",
            position_unit=f"{rng.choice(POSITIONS)}, {rng.choice(UNITS)} – Bệnh viện Đa khoa Xanh Pôn",
            achievement="Đã có thành tích xuất sắc trong phong trào thi đua năm 2025",
            decision_text="05/QĐ-CĐYT",
            decision_date=date(2026, 1, 5),
            golden_book_number=str(1000 + index),
            verification_code=code,
            verification_url=f"https://thidua.congdoanytehanoi.vn/xac-minh/{code}",
        ))
    return certs


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    _django()
    from pypdf import PdfReader

    from thidua.documents.certificates import certificates_pdf

    certs = build(args.count)
    started = time.perf_counter()
    pdf = certificates_pdf(certs)
    seconds = time.perf_counter() - started
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    peak_kib = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    result = {
        "benchmark": "certificates_pdf",
        "certificates": args.count,
        "pages": pages,
        "seconds": round(seconds, 2),
        "ms_per_certificate": round(seconds * 1000 / args.count, 2),
        "pdf_mib": round(len(pdf) / 2**20, 2),
        "peak_rss_mib": round(peak_kib / 1024, 1),
        "cpus": os.cpu_count(),
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
