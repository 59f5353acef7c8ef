"""The Word decision benchmark: one commendation decision listing many recipients.

    python -m bench.documents [--recipients 5000] [--out bench/out/documents-5000.json]

A DecisionDoc with N recipients (about 5 % collectives, the rest individuals named family + middle +
given from Faker's vi_VN lists, each with a position and hospital and most with prize money) is
built once; then `decision_docx` is timed (best and median of --repeat runs) and the size of the
.docx reported. The budget: a 5,000-recipient decision, together with its 5,000-page certificate
PDF made elsewhere, well within 60 s.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from datetime import date
from pathlib import Path

from thidua.documents.data import DecisionDoc, Letterhead, Recipient
from thidua.documents.word import decision_docx

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
POSITIONS = ("Bác sĩ", "Điều dưỡng", "Dược sĩ", "Kỹ thuật viên", "Hộ sinh", "Nhân viên")
DEPARTMENTS = ("Khoa Nội", "Khoa Ngoại", "Khoa Sản", "Khoa Nhi", "Khoa Hồi sức tích cực", "Khoa Dược")
HOSPITALS = ("Bệnh viện Thanh Nhàn", "Bệnh viện Xanh Pôn", "Bệnh viện Đống Đa", "Bệnh viện Đức Giang",
             "Bệnh viện Tim Hà Nội", "Bệnh viện Phụ sản Hà Nội")
LETTERHEAD = Letterhead(
    parent_body="CÔNG ĐOÀN Y TẾ VIỆT NAM",
    issuer="CÔNG ĐOÀN NGÀNH Y TẾ HÀ NỘI",
    symbol="CĐYT",
    place="Hà Nội",
    signer_authority="TM. BAN CHẤP HÀNH",
    signer_title="CHỦ TỊCH",
    signer_name="Nguyễn Thị Hằng",
)


def recipients(count: int, seed: int = 6) -> list[Recipient]:
    from faker.providers.person.vi_VN import Provider as Names

    rng = random.Random(seed)
    out = []
    for index in range(1, count + 1):
        hospital = rng.choice(HOSPITALS)
        if rng.random() < 0.05:
            out.append(Recipient(index, f"{rng.choice(DEPARTMENTS)} – {hospital}", "collective", "", hospital,
                                 "Giấy khen", 1_000_000))
            continue
        female = rng.random() < 0.68
        given = rng.choice(Names.first_names_female if female else Names.first_names_male)
        middle = "Thị" if female and rng.random() < 0.5 else rng.choice(Names.middle_names)
        name = f"{rng.choice(Names.last_names)} {middle} {given}"
        position = f"{rng.choice(POSITIONS)}, {rng.choice(DEPARTMENTS)} – {hospital}"
        amount = rng.choice((0, 300_000, 500_000, 500_000))
        out.append(Recipient(index, name, "individual", "female" if female else "male", position, "Giấy khen",
                             amount))
    return out


def decision(count: int) -> DecisionDoc:
    return DecisionDoc(
        letterhead=LETTERHEAD,
        number=5,
        date=date(2026, 1, 5),
        subject="Về việc khen thưởng các tập thể, cá nhân có thành tích xuất sắc năm 2025",
        authority_line="BAN CHẤP HÀNH CÔNG ĐOÀN NGÀNH Y TẾ HÀ NỘI",
        authority_name="Ban Chấp hành Công đoàn ngành Y tế Hà Nội",
        grounds=["Căn cứ Điều lệ Công đoàn Việt Nam", "Căn cứ Quy chế thi đua, khen thưởng của Công đoàn ngành"],
        proposer="Ban Tuyên giáo – Nữ công",
        award_name="Giấy khen",
        recipients=recipients(count),
        receivers=["Như Điều 3", "Công đoàn Y tế Việt Nam (để b/c)"],
    )


def run(count: int, repeat: int) -> dict:
    doc = decision(count)
    timings, size = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        size = len(decision_docx(doc))
        timings.append(time.perf_counter() - started)
    return {
        "benchmark": "decision_docx",
        "recipients": count,
        "repeat": repeat,
        "seconds_best": round(min(timings), 3),
        "seconds_median": round(statistics.median(timings), 3),
        "bytes": size,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", help="also write the JSON to this file")
    args = parser.parse_args()
    result = run(args.recipients, args.repeat)
    if args.out:
        Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
