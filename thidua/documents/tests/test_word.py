"""The Word documents: NĐ 30/2020 texts and layout, read back with python-docx and LibreOffice."""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Mm

from thidua.documents.data import BallotLine, DecisionDoc, Letterhead, MinutesDoc, Recipient, SubmissionDoc
from thidua.documents.word import (
    decision_docx,
    minutes_docx,
    money_text,
    number_text,
    place_date_text,
    submission_docx,
)

LETTERHEAD = Letterhead(
    parent_body="Công đoàn Y tế Việt Nam",
    issuer="Công đoàn ngành Y tế Hà Nội",
    symbol="CĐYT",
    place="Hà Nội",
    signer_authority="TM. BAN CHẤP HÀNH",
    signer_title="CHỦ TỊCH",
    signer_name="Nguyễn Thị Hằng",
)
RECIPIENTS = [
    Recipient(1, "Khoa Hồi sức tích cực", "collective", "", "Bệnh viện Đa khoa Đống Đa", "Giấy khen", 1_000_000),
    Recipient(2, "Trần Văn Đức", "individual", "male", "Bác sĩ, Khoa Ngoại – Bệnh viện Thanh Nhàn", "Giấy khen",
              500_000),
    Recipient(3, "Lê Thị Ngọc Ánh", "individual", "female", "Điều dưỡng, Khoa Nội – Bệnh viện Xanh Pôn",
              "Giấy khen", 500_000),
    Recipient(4, "Phạm Thị Thuỷ", "individual", "female", "Hộ sinh, Khoa Sản – Bệnh viện Đống Đa", "Giấy khen",
              500_000),
    Recipient(5, "Tổ Công đoàn Dược", "collective", "", "Bệnh viện Thanh Nhàn", "Giấy khen", 1_000_000),
]


def _decision(**changes) -> DecisionDoc:
    values = dict(
        letterhead=LETTERHEAD,
        number=5,
        date=datetime.date(2026, 1, 5),
        subject="Về việc khen thưởng các tập thể, cá nhân có thành tích xuất sắc năm 2025",
        authority_line="Ban Chấp hành Công đoàn ngành Y tế Hà Nội",
        authority_name="Ban Chấp hành Công đoàn ngành Y tế Hà Nội",
        grounds=[
            "Căn cứ Điều lệ Công đoàn Việt Nam",
            "Căn cứ Quy chế thi đua, khen thưởng của Công đoàn ngành Y tế Hà Nội;",
            "Căn cứ Biên bản họp Hội đồng Thi đua – Khen thưởng ngày 02/01/2026.",
        ],
        proposer="Ban Tuyên giáo – Nữ công",
        award_name="Giấy khen",
        recipients=RECIPIENTS,
        receivers=["Như Điều 3", "Công đoàn Y tế Việt Nam (để b/c)"],
    )
    values.update(changes)
    return DecisionDoc(**values)


def _submission() -> SubmissionDoc:
    return SubmissionDoc(
        letterhead=LETTERHEAD,
        number=12,
        date=datetime.date(2026, 3, 9),
        subject="Đề nghị tặng Bằng khen của Ban Chấp hành Công đoàn Y tế Việt Nam năm 2025",
        to="Kính gửi: Ban Thường vụ Công đoàn Y tế Việt Nam",
        grounds=["Căn cứ Luật Thi đua, khen thưởng năm 2022", "Căn cứ Thông tư số 38/2018/TT-BYT"],
        body="Sau khi xem xét thành tích và biên bản họp Hội đồng Thi đua – Khen thưởng, Công đoàn ngành "
             "Y tế Hà Nội đề nghị khen thưởng các tập thể, cá nhân sau.",
        recipients=RECIPIENTS,
        receivers=["Như trên"],
    )


def _minutes() -> MinutesDoc:
    return MinutesDoc(
        letterhead=LETTERHEAD,
        number=None,
        date=datetime.date(2026, 1, 2),
        subject="Họp Hội đồng Thi đua – Khen thưởng xét khen thưởng năm 2025",
        started_at=datetime.datetime(2026, 1, 2, 8, 30),
        ended_at=datetime.datetime(2026, 1, 2, 10, 5),
        place="Phòng họp tầng 3, Công đoàn ngành Y tế Hà Nội",
        chair="Nguyễn Thị Hằng",
        secretary="Đỗ Minh Khuê",
        members_total=7,
        present=["Nguyễn Thị Hằng – Chủ tịch Hội đồng", "Vũ Quang Huy – Phó Chủ tịch", "Đỗ Minh Khuê – Thư ký",
                 "Bùi Thị Lan – Ủy viên", "Hoàng Văn Tuấn – Ủy viên", "Ngô Thị Yến – Ủy viên"],
        absent=["Đặng Văn Sơn (công tác)"],
        agenda="Xét, đề nghị tặng Giấy khen năm 2025",
        results=[
            BallotLine(1, "Trần Văn Đức", "Giấy khen", 6, 6, True),
            BallotLine(2, "Lê Thị Ngọc Ánh", "Giấy khen", 5, 6, True),
            BallotLine(3, "Phạm Thị Thuỷ", "Giấy khen", 3, 6, False),
        ],
        conclusion="Hội đồng thống nhất đề nghị tặng Giấy khen cho 2 cá nhân đạt trên 70% số phiếu đồng ý.",
    )


def _open(data: bytes):
    return Document(io.BytesIO(data))


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def _all_text(document) -> str:
    parts = _texts(document)
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


# --- small texts --------------------------------------------------------------------------------


def test_numbers_below_ten_get_a_leading_zero_and_no_spaces():
    assert number_text(5, "QĐ", "CĐYT") == "Số: 05/QĐ-CĐYT"
    assert number_text(123, "TTr", "CĐYT") == "Số: 123/TTr-CĐYT"


def test_a_decision_without_number_leaves_room_to_write_it():
    text = number_text(None, "QĐ", "CĐYT")
    assert text.startswith("Số:") and text.endswith("/QĐ-CĐYT")
    assert not any(ch.isdigit() for ch in text)
    assert "   " in text


def test_place_date_pads_days_below_ten_and_the_first_two_months_only():
    assert place_date_text("Hà Nội", datetime.date(2026, 1, 5)) == "Hà Nội, ngày 05 tháng 01 năm 2026"
    assert place_date_text("Hà Nội", datetime.date(2026, 2, 28)) == "Hà Nội, ngày 28 tháng 02 năm 2026"
    assert place_date_text("Huế", datetime.date(2025, 3, 9)) == "Huế, ngày 09 tháng 3 năm 2025"
    assert place_date_text("Huế", datetime.date(2025, 12, 31)) == "Huế, ngày 31 tháng 12 năm 2025"


def test_money_uses_dots_between_thousands():
    assert money_text(1_000_000) == "1.000.000 đ"
    assert money_text(500) == "500 đ"


# --- decision -----------------------------------------------------------------------------------


def test_decision_header_carries_issuer_number_national_title_and_date():
    document = _open(decision_docx(_decision()))
    header = document.tables[0]
    left = header.cell(0, 0).text.splitlines()
    right = header.cell(0, 1).text.splitlines()
    assert left[:2] == ["CÔNG ĐOÀN Y TẾ VIỆT NAM", "CÔNG ĐOÀN NGÀNH Y TẾ HÀ NỘI"]
    assert header.cell(1, 0).text == "Số: 05/QĐ-CĐYT"
    assert right[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert header.cell(1, 1).text == "Hà Nội, ngày 05 tháng 01 năm 2026"

    issuer = header.cell(0, 0).paragraphs[1].runs[0]
    parent = header.cell(0, 0).paragraphs[0].runs[0]
    assert issuer.bold and not parent.bold
    assert header.cell(1, 1).paragraphs[0].runs[0].italic
    # Borderless: the header is not a grid.
    assert 'w:val="nil"' in header._tbl.tblPr.xml


def test_decision_body_reads_as_a_decision():
    texts = _texts(_open(decision_docx(_decision())))
    assert "QUYẾT ĐỊNH" in texts and "QUYẾT ĐỊNH:" in texts
    assert texts.index("QUYẾT ĐỊNH") < texts.index("QUYẾT ĐỊNH:")
    assert "Về việc khen thưởng các tập thể, cá nhân có thành tích xuất sắc năm 2025" in texts
    assert "BAN CHẤP HÀNH CÔNG ĐOÀN NGÀNH Y TẾ HÀ NỘI" in texts


def test_grounds_are_italic_each_ending_with_semicolon_and_the_last_with_full_stop():
    document = _open(decision_docx(_decision()))
    grounds = [p for p in document.paragraphs if p.text.startswith(("Căn cứ", "Theo đề nghị"))]
    assert [p.text for p in grounds] == [
        "Căn cứ Điều lệ Công đoàn Việt Nam;",
        "Căn cứ Quy chế thi đua, khen thưởng của Công đoàn ngành Y tế Hà Nội;",
        "Căn cứ Biên bản họp Hội đồng Thi đua – Khen thưởng ngày 02/01/2026;",
        "Theo đề nghị của Ban Tuyên giáo – Nữ công.",
    ]
    assert all(run.italic for p in grounds for run in p.runs)


def test_articles_count_collectives_and_individuals_and_total_the_money():
    texts = _texts(_open(decision_docx(_decision())))
    first = next(t for t in texts if t.startswith("Điều 1."))
    assert "Tặng Giấy khen cho 2 tập thể và 3 cá nhân" in first
    assert "đã có thành tích xuất sắc năm 2025" in first
    second = next(t for t in texts if t.startswith("Điều 2."))
    assert "3.500.000 đ" in second
    assert any(t.startswith("Điều 3.") and "thi hành" in t for t in texts)


def test_without_money_execution_becomes_article_two():
    unpaid = [Recipient(1, "Nguyễn Văn An", "individual", "male", "Kỹ thuật viên", "Giấy khen", 0)]
    document = _open(decision_docx(_decision(recipients=unpaid, receivers=[])))
    texts = _texts(document)
    assert any(t.startswith("Điều 1.") and "cho 1 cá nhân" in t and "tập thể" not in t for t in texts)
    assert any(t.startswith("Điều 2.") and "thi hành" in t for t in texts)
    assert not any(t.startswith("Điều 3.") for t in texts)
    appendix = document.tables[-1]
    assert [c.text for c in appendix.rows[0].cells] == ["STT", "Họ và tên / Tên tập thể", "Chức vụ – đơn vị",
                                                        "Hình thức"]
    assert "- Như Điều 2;" in _all_text(document)


def test_recipients_appendix_lists_collectives_then_individuals_with_amounts():
    document = _open(decision_docx(_decision()))
    texts = _texts(document)
    assert "CÁC TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN" in texts
    assert ("(Kèm theo Quyết định số 05/QĐ-CĐYT ngày 05/01/2026 của Ban Chấp hành Công đoàn ngành Y tế Hà Nội)"
            in texts)
    table = document.tables[-1]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["STT", "Họ và tên / Tên tập thể", "Chức vụ – đơn vị", "Hình thức", "Số tiền (đ)"]
    assert len(rows) == 1 + 2 + 5 + 1  # heading, two group rows, five recipients, total
    assert rows[1][0] == "I. Tập thể (2)"
    assert [r[1] for r in rows[2:4]] == ["Khoa Hồi sức tích cực", "Tổ Công đoàn Dược"]
    assert rows[4][0] == "II. Cá nhân (3)"
    assert rows[6] == ["3", "Lê Thị Ngọc Ánh", "Điều dưỡng, Khoa Nội – Bệnh viện Xanh Pôn", "Giấy khen", "500.000"]
    assert rows[-1][-1] == "3.500.000"


def test_signer_and_receivers():
    document = _open(decision_docx(_decision()))
    closing = document.tables[1]
    left = closing.cell(0, 0).paragraphs
    assert left[0].text == "Nơi nhận:" and left[0].runs[0].bold and left[0].runs[0].italic
    assert [p.text for p in left[1:]] == ["- Như Điều 3;", "- Công đoàn Y tế Việt Nam (để b/c);", "- Lưu: VT."]
    signer = [p.text for p in closing.cell(0, 1).paragraphs if p.text]
    assert signer == ["TM. BAN CHẤP HÀNH", "CHỦ TỊCH", "Nguyễn Thị Hằng"]


def test_revocation_says_what_it_revokes():
    revoked = [RECIPIENTS[1]]
    doc = _decision(subject="Về việc thu hồi Giấy khen", revocation=True, recipients=revoked,
                    refers_to="thu hồi Quyết định số 05/QĐ-CĐYT ngày 05/01/2026")
    document = _open(decision_docx(doc))
    first = next(t for t in _texts(document) if t.startswith("Điều 1."))
    assert first.startswith("Điều 1. Thu hồi Giấy khen đã tặng cho 1 cá nhân tại Quyết định số 05/QĐ-CĐYT ngày "
                            "05/01/2026")
    assert "CÁC CÁ NHÂN BỊ THU HỒI GIẤY KHEN" in _texts(document)


def test_revoking_a_whole_decision_names_it_and_needs_a_reference():
    doc = _decision(subject="Về việc thu hồi Quyết định khen thưởng", revocation=True, recipients=[],
                    refers_to="Quyết định số 05/QĐ-CĐYT ngày 05/01/2026")
    document = _open(decision_docx(doc))
    assert "Điều 1. Thu hồi Quyết định số 05/QĐ-CĐYT ngày 05/01/2026." in _texts(document)
    assert len(document.sections) == 1  # nothing to attach
    with pytest.raises(ValueError, match="quyết định bị thu hồi"):
        decision_docx(_decision(revocation=True, refers_to=""))


def test_letterhead_without_parent_body_starts_with_the_issuer():
    bare = Letterhead("", "Công đoàn Bệnh viện Thanh Nhàn", "CĐBV", "Hà Nội", "TM. BAN CHẤP HÀNH", "CHỦ TỊCH",
                      "Vũ Thị Mai")
    header = _open(decision_docx(_decision(letterhead=bare, number=None))).tables[0]
    assert header.cell(0, 0).paragraphs[0].text == "CÔNG ĐOÀN BỆNH VIỆN THANH NHÀN"
    assert header.cell(1, 0).text == number_text(None, "QĐ", "CĐBV")


def test_correction_names_the_decision_it_amends():
    doc = _decision(refers_to="sửa đổi Quyết định số 05/QĐ-CĐYT ngày 05/01/2026", number=None)
    texts = _texts(_open(decision_docx(doc)))
    first = next(t for t in texts if t.startswith("Điều 1."))
    assert first.startswith("Điều 1. Sửa đổi Quyết định số 05/QĐ-CĐYT ngày 05/01/2026 như sau: tặng Giấy khen")


def test_page_is_a4_with_decree_margins_in_times_new_roman():
    document = _open(decision_docx(_decision()))
    for section in document.sections:
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                      section.right_margin)] == [20, 20, 30, 15]
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert 13 <= normal.font.size.pt <= 14
    runs = [run for p in document.paragraphs for run in p.runs]
    assert runs and all(run.font.name in (None, "Times New Roman") for run in runs)


def test_page_numbers_sit_in_the_header_from_page_two():
    document = _open(decision_docx(_decision()))
    first = document.sections[0]
    assert first.different_first_page_header_footer
    assert first.first_page_header.paragraphs[0].text == ""
    assert "PAGE" in first.header._element.xml
    # The appendix restarts its own numbering.
    appendix = document.sections[-1]
    assert len(document.sections) == 2
    assert 'w:start="1"' in appendix._sectPr.xml


def test_large_decision_lists_every_recipient():
    many = [Recipient(i, f"Nguyễn Văn Thành {i}", "individual", "male", "Bác sĩ", "Giấy khen", 200_000)
            for i in range(1, 1201)]
    table = _open(decision_docx(_decision(recipients=many))).tables[-1]
    assert len(table.rows) == 1 + 1 + 1200 + 1
    assert table.rows[-2].cells[1].text == "Nguyễn Văn Thành 1200"
    assert table.rows[-1].cells[-1].text == "240.000.000"


# --- submission and minutes ---------------------------------------------------------------------


def test_submission_addresses_the_level_above_and_lists_individuals_first():
    document = _open(submission_docx(_submission()))
    texts = _texts(document)
    assert document.tables[0].cell(1, 0).text == "Số: 12/TTr-CĐYT"
    assert document.tables[0].cell(1, 1).text == "Hà Nội, ngày 09 tháng 3 năm 2026"
    assert "TỜ TRÌNH" in texts
    assert "Kính gửi: Ban Thường vụ Công đoàn Y tế Việt Nam" in texts
    assert "Căn cứ Luật Thi đua, khen thưởng năm 2022;" in texts
    assert "Căn cứ Thông tư số 38/2018/TT-BYT." in texts
    assert "- Giấy khen: 3 cá nhân và 2 tập thể." in texts
    assert "Kính trình Ban Thường vụ Công đoàn Y tế Việt Nam xem xét, quyết định./." in texts
    rows = [[c.text for c in row.cells] for row in document.tables[-1].rows]
    assert rows[1][0] == "I. Cá nhân (3)" and rows[5][0] == "II. Tập thể (2)"


def test_minutes_record_time_attendance_and_ballot():
    document = _open(minutes_docx(_minutes()))
    texts = _texts(document)
    assert document.tables[0].cell(1, 0).text.endswith("/BB-CĐYT")
    assert "BIÊN BẢN" in texts
    assert "Thời gian bắt đầu: 08 giờ 30 phút, ngày 02/01/2026." in texts
    assert "Thành phần: có mặt 6/7 thành viên Hội đồng:" in texts
    assert "Vắng mặt: Đặng Văn Sơn (công tác)." in texts
    assert "Cuộc họp kết thúc vào 10 giờ 05 phút cùng ngày./." in texts
    ballot = [[c.text for c in row.cells] for row in document.tables[1].rows]
    assert ballot[2] == ["2", "Lê Thị Ngọc Ánh", "Giấy khen", "5/6", "83,3%", "Đạt"]
    assert ballot[3][-2:] == ["50%", "Không đạt"]
    signatures = document.tables[2]
    assert [p.text for p in signatures.cell(0, 0).paragraphs if p.text] == ["THƯ KÝ", "Đỗ Minh Khuê"]
    assert [p.text for p in signatures.cell(0, 1).paragraphs if p.text] == ["CHỦ TỌA", "Nguyễn Thị Hằng"]


# --- LibreOffice ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_texts(tmp_path_factory) -> dict[str, str]:
    """The three documents converted to PDF by LibreOffice (one run, private profile), as text."""
    folder = tmp_path_factory.mktemp("docx")
    files = {
        "decision": decision_docx(_decision()),
        "submission": submission_docx(_submission()),
        "minutes": minutes_docx(_minutes()),
    }
    for name, data in files.items():
        (folder / f"{name}.docx").write_bytes(data)
    profile = tmp_path_factory.mktemp("lo-profile")
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), *(str(folder / f"{name}.docx") for name in files)],
        check=True, capture_output=True, timeout=240,
    )
    texts = {}
    for name in files:
        pdf = folder / f"{name}.pdf"
        assert pdf.exists(), f"LibreOffice did not produce {pdf.name}"
        texts[name] = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                                     capture_output=True, text=True).stdout
    return texts


needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                                   reason="LibreOffice (soffice) and pdftotext are not installed")


@needs_soffice
def test_libreoffice_renders_the_decision_with_vietnamese_text(pdf_texts):
    text = pdf_texts["decision"]
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: 05/QĐ-CĐYT",
                     "QUYẾT ĐỊNH", "Lê Thị Ngọc Ánh", "Khoa Hồi sức tích cực", "3.500.000 đ", "Nguyễn Thị Hằng"):
        assert expected in text


@needs_soffice
def test_libreoffice_renders_the_submission_and_minutes(pdf_texts):
    assert "TỜ TRÌNH" in pdf_texts["submission"] and "Số: 12/TTr-CĐYT" in pdf_texts["submission"]
    assert "Phạm Thị Thuỷ" in pdf_texts["submission"]
    assert "BIÊN BẢN" in pdf_texts["minutes"] and "Không đạt" in pdf_texts["minutes"]
    assert "83,3%" in pdf_texts["minutes"]
