"""Certificates as PDF: what is printed, in what order, where, and the QR code that verifies it."""
from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import replace
from datetime import date

import pytest
import segno
from pypdf import PdfReader

from thidua.documents import certificates
from thidua.documents.certificates import (
    A3_LANDSCAPE,
    DEFAULT_OVERLAY,
    QR_BORDER,
    Certificate,
    FieldPosition,
    OverlayLayout,
    certificate_pdf,
    certificates_pdf,
    qr_svg,
    salutation,
)
from thidua.documents.data import Letterhead

MM = 72 / 25.4  # PDF points per millimetre
LETTERHEAD = Letterhead(
    parent_body="CÔNG ĐOÀN Y TẾ VIỆT NAM",
    issuer="CÔNG ĐOÀN NGÀNH Y TẾ HÀ NỘI",
    symbol="CĐYT",
    place="Hà Nội",
    signer_authority="TM. BAN CHẤP HÀNH",
    signer_title="CHỦ TỊCH",
    signer_name="Trần Thị Hồng Nhung",
)


def make_cert(**changes) -> Certificate:
    cert = Certificate(
        letterhead=LETTERHEAD,
        award_name="Giấy khen",
        recipient_name="Nguyễn Thị Ánh Tuyết",
        recipient_kind="individual",
        gender="female",
        position_unit="Điều dưỡng trưởng, Khoa Hồi sức tích cực",
        achievement="Đã có thành tích xuất sắc trong phong trào thi đua năm 2025",
        decision_text="05/QĐ-CĐYT",
        decision_date=date(2026, 1, 5),
        golden_book_number="",
        verification_code="ABCD-EFGH-JKLM",
        verification_url="https://thidua.congdoanyte.vn/xac-minh/ABCD-EFGH-JKLM",
    )
    return replace(cert, **changes)


def pages_of(pdf: bytes):
    return PdfReader(io.BytesIO(pdf)).pages


def text_of(pdf: bytes, page: int = 0) -> str:
    return pages_of(pdf)[page].extract_text()


def line_positions(page) -> dict[str, tuple[float, float]]:
    """Each piece of text on the page with where it starts, in points from the bottom-left corner."""
    found = {}

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.setdefault(text.strip(), (x, y))

    page.extract_text(visitor_text=visit)
    return found


def position_of(page, fragment: str) -> tuple[float, float]:
    matches = [where for text, where in line_positions(page).items() if fragment in text]
    assert matches, f"{fragment!r} is not on the page"
    return matches[0]


@pytest.mark.parametrize(
    ("kind", "gender", "expected"),
    [
        ("individual", "male", "Ông"),
        ("individual", "female", "Bà"),
        ("individual", "", ""),
        ("collective", "", ""),
        ("collective", "female", ""),
    ],
)
def test_salutation_follows_gender_for_individuals_only(kind, gender, expected):
    assert salutation(kind, gender) == expected


def test_salutation_rejects_an_unknown_kind_of_recipient():
    with pytest.raises(ValueError):
        salutation("department", "male")


def test_certificate_page_prints_the_certificate_text_in_order():
    cert = make_cert(golden_book_number="125")
    text = text_of(certificate_pdf(cert))

    expected_order = [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BAN CHẤP HÀNH CÔNG ĐOÀN NGÀNH Y TẾ HÀ NỘI",
        "TẶNG",
        "GIẤY KHEN",
        "Bà Nguyễn Thị Ánh Tuyết",
    ]
    positions = [text.index(piece) for piece in expected_order]
    assert positions == sorted(positions)
    for piece in (
        "Điều dưỡng trưởng, Khoa Hồi sức tích cực",
        "Đã có thành tích xuất sắc trong phong trào thi đua năm 2025",
        "Quyết định số 05/QĐ-CĐYT ngày 05/01/2026",
        "Số sổ vàng: 125",
        "Mã xác minh: ABCD-EFGH-JKLM",
        "https://thidua.congdoanyte.vn/xac-minh/ABCD-EFGH-JKLM",
        "Hà Nội, ngày 05 tháng 01 năm 2026",
        "TM. BAN CHẤP HÀNH",
        "CHỦ TỊCH",
        "Trần Thị Hồng Nhung",
    ):
        assert piece in text


def test_certificate_page_is_a4_landscape_and_a3_when_the_form_says_so():
    a4 = pages_of(certificate_pdf(make_cert()))[0].mediabox
    assert (float(a4.width), float(a4.height)) == pytest.approx((297 * MM, 210 * MM), abs=0.5)

    a3_pdf = certificate_pdf(make_cert(), page=A3_LANDSCAPE)
    a3 = pages_of(a3_pdf)[0].mediabox
    assert (float(a3.width), float(a3.height)) == pytest.approx((420 * MM, 297 * MM), abs=0.5)
    assert "Bà Nguyễn Thị Ánh Tuyết" in text_of(a3_pdf)


def test_a_man_is_ông_a_collective_has_no_salutation_and_no_golden_book_line_when_none():
    man = text_of(certificate_pdf(make_cert(recipient_name="Lê Văn Đức", gender="male")))
    assert "Ông Lê Văn Đức" in man
    assert "Số sổ vàng" not in man

    collective = text_of(certificate_pdf(make_cert(
        recipient_name="Khoa Hồi sức tích cực", recipient_kind="collective", gender="", position_unit="Bệnh viện Bạch Mai",
    )))
    assert "Khoa Hồi sức tích cực" in collective
    assert "Ông Khoa" not in collective and "Bà Khoa" not in collective


def test_explicit_authority_line_replaces_the_one_derived_from_the_letterhead():
    text = text_of(certificate_pdf(make_cert(authority="BAN THƯỜNG VỤ CÔNG ĐOÀN Y TẾ VIỆT NAM", award_name="Bằng khen")))
    assert "BAN THƯỜNG VỤ CÔNG ĐOÀN Y TẾ VIỆT NAM" in text
    assert "BẰNG KHEN" in text


NAMES = ["Nguyễn Văn An", "Trần Thị Bích", "Lê Hoàng Cường", "Phạm Thu Diễm", "Đỗ Quang Huy"]


def test_merged_pdf_has_one_page_per_certificate_in_order():
    certs = [make_cert(recipient_name=name, verification_code=f"CODE-{k}") for k, name in enumerate(NAMES)]
    pages = pages_of(certificates_pdf(certs))
    assert len(pages) == len(NAMES)
    for k, (page, name) in enumerate(zip(pages, NAMES)):
        text = page.extract_text()
        assert name in text and f"Mã xác minh: CODE-{k}" in text
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert [other for other in NAMES if other in text] == [name]


def test_large_batch_is_split_over_worker_processes_and_keeps_order(monkeypatch):
    # Two pages per chunk forces three chunks through the process pool and the pypdf merge.
    monkeypatch.setattr(certificates, "CHUNK_PAGES", 2)
    certs = [
        make_cert(recipient_name=name, achievement=f"Thành tích năm {2020 + k}") for k, name in enumerate(NAMES)
    ]
    pages = pages_of(certificates_pdf(certs))
    assert len(pages) == len(NAMES)
    for k, (page, name) in enumerate(zip(pages, NAMES)):
        text = page.extract_text()
        assert name in text and f"Thành tích năm {2020 + k}" in text
        assert [other for other in NAMES if other in text] == [name]


def test_certificates_pdf_refuses_an_empty_list():
    with pytest.raises(ValueError, match="Không có"):
        certificates_pdf([])


def test_overlay_prints_only_the_fields_for_a_preprinted_blank():
    text = text_of(certificate_pdf(make_cert(golden_book_number="125"), overlay=DEFAULT_OVERLAY))
    for piece in (
        "Bà Nguyễn Thị Ánh Tuyết",
        "Điều dưỡng trưởng, Khoa Hồi sức tích cực",
        "Đã có thành tích xuất sắc trong phong trào thi đua năm 2025",
        "Quyết định số 05/QĐ-CĐYT ngày 05/01/2026",
        "Số sổ vàng: 125",
        "Hà Nội, ngày 05 tháng 01 năm 2026",
        "CHỦ TỊCH",
        "Trần Thị Hồng Nhung",
        "Mã xác minh: ABCD-EFGH-JKLM",
    ):
        assert piece in text
    for printed_on_the_blank in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập", "GIẤY KHEN", "TẶNG"):
        assert printed_on_the_blank not in text


def test_moving_a_field_in_the_overlay_moves_it_on_the_page():
    layout = DEFAULT_OVERLAY.as_json()
    layout["fields"]["recipient"] = {"x_mm": 40, "y_mm": 80, "font_size_pt": 20, "width_mm": 150, "align": "left"}
    before = position_of(pages_of(certificate_pdf(make_cert(), overlay=OverlayLayout.from_json(layout)))[0], "Ánh Tuyết")

    layout["fields"]["recipient"].update(x_mm=90, y_mm=100)
    after = position_of(pages_of(certificate_pdf(make_cert(), overlay=OverlayLayout.from_json(layout)))[0], "Ánh Tuyết")

    # 50 mm to the right and 20 mm further down the page (PDF y grows upwards).
    assert after[0] - before[0] == pytest.approx(50 * MM, abs=1)
    assert before[1] - after[1] == pytest.approx(20 * MM, abs=1)
    assert before[0] == pytest.approx(40 * MM, abs=1)


def test_overlay_layout_survives_a_json_round_trip():
    assert OverlayLayout.from_json(DEFAULT_OVERLAY.as_json()) == DEFAULT_OVERLAY


def _layout_with(field: str, **box) -> dict:
    layout = DEFAULT_OVERLAY.as_json()
    layout["fields"][field] = {**layout["fields"][field], **box}
    return layout


@pytest.mark.parametrize(
    ("layout", "message"),
    [
        (_layout_with("recipient", x_mm=-5), "không được âm"),
        (_layout_with("signer_name", x_mm=250, width_mm=110), "nằm ngoài trang 297×210 mm"),
        (_layout_with("qr", y_mm=200), "nằm ngoài trang"),
        (_layout_with("achievement", align="justify"), "Căn lề"),
        (_layout_with("position_unit", font_size_pt="to"), "phải là một số"),
        ({**DEFAULT_OVERLAY.as_json(), "fields": {**DEFAULT_OVERLAY.as_json()["fields"], "seal": {
            "x_mm": 1, "y_mm": 1, "font_size_pt": 10, "width_mm": 10}}}, "trường không xác định: seal"),
        ({**DEFAULT_OVERLAY.as_json(), "fields": {
            name: box for name, box in DEFAULT_OVERLAY.as_json()["fields"].items() if name != "qr"}}, "thiếu vị trí"),
        ({"fields": {}}, "kích thước trang"),
        ([], "không hợp lệ"),
    ],
)
def test_bad_overlay_layout_is_refused_with_a_vietnamese_message(layout, message):
    with pytest.raises(ValueError, match=message):
        OverlayLayout.from_json(layout)


def test_overlay_field_position_can_be_built_directly():
    with pytest.raises(ValueError, match="Độ rộng"):
        OverlayLayout(297, 210, {**DEFAULT_OVERLAY.fields, "qr": FieldPosition(10, 10, 0, 0)})


def test_qr_svg_is_deterministic_and_depends_on_the_url():
    first = qr_svg("https://thidua.congdoanyte.vn/xac-minh/AAAA-BBBB")
    assert first == qr_svg("https://thidua.congdoanyte.vn/xac-minh/AAAA-BBBB")
    assert first != qr_svg("https://thidua.congdoanyte.vn/xac-minh/AAAA-CCCC")
    assert first.startswith("<svg") and "<path" in first


def _render_gray(pdf: bytes, dpi: int, tmp_path) -> tuple[int, int, bytes]:
    source = tmp_path / "page.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-singlefile", str(source), str(tmp_path / "page")], check=True)
    data = (tmp_path / "page.pgm").read_bytes()
    # Binary PGM: "P5", width, height, maximum value, then one byte per pixel.
    fields = data.split(maxsplit=4)
    width, height = int(fields[1]), int(fields[2])
    return width, height, fields[4][-width * height:]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils) to look at the page")
def test_printed_qr_code_carries_the_verification_url(tmp_path):
    """Reads the QR modules back off the printed page and compares them with the URL's code."""
    url = "https://thidua.congdoanyte.vn/xac-minh/ABCD-EFGH-JKLM"
    pdf = certificate_pdf(make_cert(verification_url=url), overlay=DEFAULT_OVERLAY)
    dpi = 300
    width, _, pixels = _render_gray(pdf, dpi, tmp_path)

    expected = certificates._qr(url).matrix
    box = DEFAULT_OVERLAY.fields["qr"]
    modules = len(expected) + 2 * QR_BORDER
    module_mm = box.width_mm / modules
    read = []
    for row in range(len(expected)):
        y_mm = box.y_mm + (row + QR_BORDER + 0.5) * module_mm
        line = []
        for col in range(len(expected)):
            x_mm = box.x_mm + (col + QR_BORDER + 0.5) * module_mm
            pixel = pixels[round(y_mm / 25.4 * dpi) * width + round(x_mm / 25.4 * dpi)]
            line.append(1 if pixel < 128 else 0)
        read.append(tuple(line))
    assert read == [tuple(row) for row in expected]
    assert read != [tuple(row) for row in certificates._qr(url + "X").matrix]


def test_qr_code_is_drawn_on_the_full_design_page():
    page = pages_of(certificate_pdf(make_cert()))[0]
    images = list(page.images)
    assert len(images) == 1
    side = len(segno.make_qr("https://thidua.congdoanyte.vn/xac-minh/ABCD-EFGH-JKLM", error="m").matrix)
    assert images[0].image.size == (side + 2 * QR_BORDER, side + 2 * QR_BORDER)
