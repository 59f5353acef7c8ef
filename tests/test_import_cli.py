"""`thidua import members` and `thidua export members` as contracts/cli.md fixes them."""
import json
import unicodedata
import zipfile
from datetime import date, datetime

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from thidua.cli import main
from thidua.core.models import AuditEntry
from thidua.people.models import Employment, Membership, Person

ON = "2026-11-25"


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def import_json(capsys, path, *extra, org="BV-BM"):
    status, out, err = run(capsys, "import", "members", str(path), "--org", org, "--json", "--on", ON, *extra)
    return status, json.loads(out), err


def roster(path, rows, *, title=True, header=("STT", "Họ tên", "Ngày sinh", "Giới tính", "Số CCCD", "SĐT", "Khoa, phòng", "Ngày vào công đoàn", "Số thẻ đoàn viên")):
    """A roster as an office makes it: a merged title, an empty line, the header, then the rows."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Danh sách")
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    top = 0
    if title:
        sheet.merge_range(0, 0, 0, len(header) - 1, "DANH SÁCH ĐOÀN VIÊN CÔNG ĐOÀN BỆNH VIỆN BẠCH MAI")
        top = 2
    for c, name in enumerate(header):
        sheet.write_string(top, c, name)
    for r, row in enumerate(rows, start=top + 1):
        for c, value in enumerate(row):
            if isinstance(value, date):
                sheet.write_datetime(r, c, datetime(value.year, value.month, value.day), dates)
            elif value is not None:
                sheet.write_string(r, c, str(value))
    book.close()
    return path


ROWS = [
    # Excel rows 4.. (title on 1, blank 2, header 3)
    ("1", unicodedata.normalize("NFD", "Đỗ Thị Mai"), "05/06/1991", "Nữ", "001191004321", "0912 345 678", "Khoa Tim mạch", date(2015, 3, 1), "BM-0101"),
    ("2", "Vũ Văn Nam", date(1980, 1, 2), "Nam", "", "", "BV-BM-TM", "", ""),
    ("3", "Hồ Ngọc Ánh", "1988-12-31", "nu", "", "+84 98 765 4321", "", "1/2/10", ""),
]


def test_import_creates_people_with_employment_and_membership(tree, capsys, tmp_path):
    path = roster(tmp_path / "ds.xlsx", ROWS)
    before = Person.objects.count()
    status, summary, err = import_json(capsys, path)
    assert status == 0, err
    assert summary == {
        "rows": 3, "created": 3, "updated": 0, "unchanged": 0, "duplicates": 0, "errors": 0,
        "committed": True, "problems": [], "suggestions": [],
    }
    assert Person.objects.count() == before + 3
    mai = Person.objects.get(cccd="001191004321")
    assert mai.full_name == "Đỗ Thị Mai" and mai.date_of_birth == date(1991, 6, 5) and mai.gender == "female"
    assert mai.phone == "0912345678"
    employment = Employment.objects.get(person=mai)
    assert employment.organisation == tree.cardio and employment.start == date(2026, 11, 25)
    membership = Membership.objects.get(person=mai)
    assert membership.org_path == tree.cardio.path and membership.card_number == "BM-0101" and membership.joined == date(2015, 3, 1)
    anh = Person.objects.get(full_name="Hồ Ngọc Ánh")
    assert anh.date_of_birth == date(1988, 12, 31) and anh.phone == "0987654321"
    assert Employment.objects.get(person=anh).organisation == tree.bach_mai
    assert Membership.objects.get(person=anh).joined == date(2010, 2, 1)
    assert not Membership.objects.filter(person__full_name="Vũ Văn Nam").exists()
    assert AuditEntry.objects.filter(model="people.person", object_id=str(mai.pk), action="create").count() == 1
    # The same file again changes nothing.
    audit_rows = AuditEntry.objects.count()
    status, summary, _ = import_json(capsys, path)
    assert status == 0
    assert (summary["rows"], summary["created"], summary["unchanged"], summary["updated"]) == (3, 0, 3, 0)
    assert Person.objects.count() == before + 3 and AuditEntry.objects.count() == audit_rows


def test_errors_are_reported_with_spreadsheet_row_numbers_and_nothing_is_written(tree, capsys, tmp_path):
    rows = ROWS + [
        ("4", "Lý Văn Tư", "12/12/1979", "Nam", "0123", "", "", "", ""),
        ("5", "", "12/12/1979", "Nam", "", "", "", "", ""),
        ("6", "Mạc Thị Hạnh", "31/02/1990", "Nữ", "", "", "Khoa Không Có", "", ""),
        ("7", "Đỗ Thị Mai", "05/06/1991", "Nữ", "001191004321", "", "", "", ""),
    ]
    path = roster(tmp_path / "loi.xlsx", rows)
    before = Person.objects.count()
    report = tmp_path / "loi-report.xlsx"
    status, summary, err = import_json(capsys, path, "--report", str(report))
    assert status == 2 and "chưa ghi gì" in err
    assert (summary["rows"], summary["created"], summary["duplicates"], summary["errors"], summary["committed"]) == (7, 3, 1, 3, False)
    problems = [(p["row"], p["column"], p["value"]) for p in summary["problems"]]
    assert problems == [
        (7, "Số CCCD", "0123"),
        (8, "Họ tên", ""),
        (9, "Ngày sinh", "31/02/1990"),
        (9, "Khoa, phòng", "Khoa Không Có"),
        (10, "Số CCCD", "001191004321"),
    ]
    assert summary["problems"][0]["message"] == "Số CCCD phải có 12 chữ số"
    assert "dòng 4" in summary["problems"][-1]["message"]
    assert Person.objects.count() == before
    # The problems sheet: the original columns plus "Lỗi", ready to fix and import again.
    sheet = CalamineWorkbook.from_path(str(report)).get_sheet_by_index(0).to_python()
    assert sheet[0][-1] == "Lỗi" and "Họ tên" in sheet[0]
    assert [r[0] for r in sheet[1:]] == [7, 8, 9, 10]
    # --skip-invalid writes the valid rows; --dry-run never writes.
    status, summary, _ = import_json(capsys, path, "--dry-run", "--skip-invalid")
    assert status == 0 and summary["committed"] is False and Person.objects.count() == before
    status, summary, _ = import_json(capsys, path, "--skip-invalid")
    assert status == 0 and summary["committed"] is True and Person.objects.count() == before + 3


def test_dry_run_writes_nothing(tree, capsys, tmp_path):
    path = roster(tmp_path / "ds.xlsx", ROWS)
    before = Person.objects.count()
    status, summary, _ = import_json(capsys, path, "--dry-run")
    assert status == 0 and summary["created"] == 3 and summary["committed"] is False
    assert Person.objects.count() == before


def test_known_people_are_matched_by_cccd_and_name_and_birth(tree, capsys, tmp_path):
    rows = [
        ("1", "Nguyễn Văn Đức", "14/03/1985", "Nam", "001085001234", "0901234567", "BV-BM-TM", "", ""),  # phone added
        ("2", "Tran Thi Hoa", "02/07/1990", "Nữ", "", "", "", "", ""),  # typed without diacritics: the same person, unchanged
        ("3", "Trần Thị Hòa", "02/07/1990", "Nữ", "", "", "", "", ""),  # the same person again: a duplicate of row 5
        ("4", "Lê Thị Hoà", "20/01/1992", "Nữ", "", "", "", "", ""),  # same name and birth, in Huế
    ]
    path = roster(tmp_path / "known.xlsx", rows)
    status, summary, err = import_json(capsys, path)
    assert (summary["updated"], summary["unchanged"], summary["duplicates"]) == (1, 1, 2), summary
    assert summary["problems"][0]["row"] == 6 and "dòng 5" in summary["problems"][0]["message"]
    assert summary["problems"][1]["row"] == 7 and "đã có trong hệ thống" in summary["problems"][1]["message"]
    assert status == 0, err
    tree.duc.refresh_from_db()
    assert tree.duc.phone == "0901234567"


def test_close_names_are_suggested_never_merged_and_only_within_the_officers_subtree(tree, capsys, tmp_path):
    rows = [
        ("1", "Trần Thị Hoàn", "02/07/1990", "Nữ", "", "", "", "", ""),  # one letter from Trần Thị Hòa of Bạch Mai
        ("2", "Lê Thị Hoàn", "20/01/1992", "Nữ", "", "", "", "", ""),  # one letter from Lê Thị Hoà, who is in Huế
        ("3", "Đặng Văn Thắng", "09/09/1979", "Nam", "", "", "", "", ""),
        ("4", "Đặng Văn Thắn", "09/09/1979", "Nam", "", "", "", "", ""),  # a typo of the row above, same birthday
    ]
    status, summary, err = import_json(capsys, roster(tmp_path / "gan.xlsx", rows))
    assert status == 0, err
    assert summary["created"] == 4 and summary["duplicates"] == 0  # suggestions are never merged
    by_row = {s["row"]: s["message"] for s in summary["suggestions"]}
    assert f"mã {tree.hoa.pk}" in by_row[4] and "Trần Thị Hòa" in by_row[4]
    assert 5 not in by_row  # Huế is outside Bạch Mai: nobody there is named to this officer
    assert "dòng 6" in by_row[7]
    assert set(by_row) == {4, 7}
    assert Person.objects.filter(full_name="Trần Thị Hoàn").count() == 1


def test_number_cells_get_their_leading_zeros_back_and_impossible_birth_dates_are_errors(tree, capsys, tmp_path):
    path = tmp_path / "so.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    for c, name in enumerate(("Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Điện thoại")):
        sheet.write_string(0, c, name)
    sheet.write_row(1, 0, ["Ngô Thị Thu", "03/04/1993", "Nữ"])
    sheet.write_number(1, 3, 1193004321)  # 001193004321 typed into a number cell
    sheet.write_number(1, 4, 912345678)  # 0912345678
    sheet.write_row(2, 0, ["Mạc Văn Tương Lai", "01/01/2031", "Nam"])
    sheet.write_row(3, 0, ["Cao Văn Cổ", "31/12/1899", "Nam"])
    book.close()
    status, summary, err = import_json(capsys, path, "--skip-invalid")
    assert status == 0, err
    assert [(p["row"], p["column"]) for p in summary["problems"]] == [(3, "Ngày sinh"), (4, "Ngày sinh")]
    assert "không hợp lệ" in summary["problems"][0]["message"]
    thu = Person.objects.get(full_name="Ngô Thị Thu")
    assert (thu.cccd, thu.phone) == ("001193004321", "0912345678")
    assert not Person.objects.filter(full_name__in=["Mạc Văn Tương Lai", "Cao Văn Cổ"]).exists()


def test_the_audit_row_of_an_imported_person_is_the_persons_snapshot(tree, capsys, tmp_path):
    from thidua.core.audit import snapshot

    status, summary, err = import_json(capsys, roster(tmp_path / "ds.xlsx", ROWS))
    assert status == 0, err
    for person in Person.objects.filter(full_name__in=["Đỗ Thị Mai", "Vũ Văn Nam", "Hồ Ngọc Ánh"]):
        entry = AuditEntry.objects.get(model="people.person", object_id=str(person.pk), action="create")
        assert entry.after == snapshot(person)
        assert entry.org_path.startswith(tree.bach_mai.path)


def test_nam_nu_birth_columns_and_two_row_header(tree, capsys, tmp_path):
    path = tmp_path / "namnu.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.merge_range("A1:E1", "CÔNG ĐOÀN BỆNH VIỆN BẠCH MAI")
    sheet.merge_range("A3:A4", "TT")
    sheet.merge_range("B3:B4", "Họ và tên")
    sheet.merge_range("C3:D3", "Ngày sinh")
    sheet.write("C4", "Nam")
    sheet.write("D4", "Nữ")
    sheet.merge_range("E3:E4", "Căn cước")
    sheet.write_row("A5", ["1", "Phan Văn Hùng", "03/04/1975", "", "001075000111"])
    sheet.write_row("A6", ["2", "Đặng Thị Thu", "", "7/8/82", ""])
    book.close()
    status, summary, err = import_json(capsys, path)
    assert status == 0, (summary, err)
    assert summary["created"] == 2
    hung, thu = Person.objects.get(full_name="Phan Văn Hùng"), Person.objects.get(full_name="Đặng Thị Thu")
    assert (hung.gender, hung.date_of_birth, hung.cccd) == ("male", date(1975, 4, 3), "001075000111")
    assert (thu.gender, thu.date_of_birth) == ("female", date(1982, 8, 7))


def _cp1258(text):
    """Windows-1258 as Vietnamese Windows wrote it: ă â ê ô ơ ư đ precomposed, the tone a combining mark."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in text:
        marks = unicodedata.normalize("NFD", ch)
        tone = "".join(m for m in marks if m in tones)
        out.append(unicodedata.normalize("NFC", "".join(m for m in marks if m not in tones)) + tone)
    return "".join(out).encode("cp1258", errors="strict")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1258"])
def test_csv_in_several_encodings(tree, capsys, tmp_path, encoding):
    text = "Họ và tên;Ngày sinh;Giới tính;Đơn vị\nBùi Thị Lụa;01/02/1993;Nữ;Khoa Tim mạch\nTrịnh Văn Đông;1994-05-06;Nam;\n"
    if encoding == "cp1258":
        # Windows-1258 writes tones as combining marks: decomposed, then encoded.
        data = _cp1258(text)
    else:
        data = text.encode(encoding)
    path = tmp_path / "ds.csv"
    path.write_bytes(data)
    status, summary, err = import_json(capsys, path)
    assert status == 0, (summary, err)
    assert summary["created"] == 2
    lua = Person.objects.get(search_full="bui thi lua")
    assert lua.full_name == "Bùi Thị Lụa" and Employment.objects.get(person=lua).organisation == tree.cardio


def test_export_round_trip_and_formula_neutralisation(tree, capsys, tmp_path):
    tree.duc.phone = ""
    tree.duc.email = ""
    tree.duc.save()
    Employment.objects.filter(person=tree.hoa).update(position="=HYPERLINK(\"http://x\")")
    out = tmp_path / "xuat.xlsx"
    status, text, err = run(capsys, "export", "members", "--org", "BV-BM", str(out), "--on", ON)
    assert status == 0, err
    with zipfile.ZipFile(out) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert rows[0][:3] == ["STT", "Họ và tên", "Ngày sinh"]
    names = {r[1]: r for r in rows[1:]}
    assert set(names) == {"Nguyễn Văn Đức", "Trần Thị Hòa"}
    assert names["Nguyễn Văn Đức"][2] == date(1985, 3, 14)  # a real date cell
    assert names["Trần Thị Hòa"][rows[0].index("Chức vụ")] == "'=HYPERLINK(\"http://x\")"
    people, audit = Person.objects.count(), AuditEntry.objects.count()
    status, summary, err = import_json(capsys, out)
    assert status == 0, (summary, err)
    assert summary["unchanged"] == 2 and summary["rows"] == 2
    assert Person.objects.count() == people and AuditEntry.objects.count() == audit


# --- Bad input: a Vietnamese message, exit 2, nothing written --------------------------------------------

def _zip(path, members):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _bad_files(tmp_path):
    empty = tmp_path / "rong.xlsx"
    empty.write_bytes(b"")
    blank = tmp_path / "trang.xlsx"
    xlsxwriter.Workbook(str(blank)).close()
    no_header = tmp_path / "khong-tieu-de.xlsx"
    book = xlsxwriter.Workbook(str(no_header))
    book.add_worksheet().write_row("A1", ["abc", "def", "ghi"])
    book.close()
    formula = tmp_path / "cong-thuc.xlsx"
    book = xlsxwriter.Workbook(str(formula))
    sheet = book.add_worksheet()
    sheet.write_row("A1", ["Họ và tên", "Ngày sinh"])
    sheet.write_string("A2", "Ngô Văn Ba")
    sheet.write_formula("B2", "=DATE(1990,1,1)")
    book.close()
    macro = _zip(tmp_path / "macro.xlsx", {"[Content_Types].xml": "<x/>", "xl/vbaProject.bin": b"\0" * 10})
    xlsm = tmp_path / "macro.xlsm"
    xlsm.write_bytes(formula.read_bytes())
    bomb = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (64 * 1024 * 1024))
    junk = tmp_path / "rac.xlsx"
    junk.write_bytes(bytes(range(256)) * 40)
    junk_csv = tmp_path / "rac.csv"
    junk_csv.write_bytes(bytes(range(256)) * 40)
    big = tmp_path / "lon.xlsx"
    with big.open("wb") as handle:  # sparse: 201 MB on paper, nothing on disk
        handle.write(b"PK\x03\x04")
        handle.truncate(201 * 1024 * 1024)
    return [
        (empty, "rỗng"), (blank, "không có dữ liệu"), (no_header, "Không tìm thấy dòng tiêu đề"),
        (formula, "công thức"), (macro, "macro"), (xlsm, "macro"), (bomb, "giải nén ra quá lớn"),
        (junk, "không phải bảng tính"), (junk_csv, "không phải văn bản CSV"), (big, "quá lớn"),
        (tmp_path / "khong-co.xlsx", "Không tìm thấy tệp"),
    ]


def test_bad_input_exits_2_with_a_vietnamese_message_and_writes_nothing(tree, capsys, tmp_path):
    before = (Person.objects.count(), AuditEntry.objects.count())
    for path, message in _bad_files(tmp_path):
        status, out, err = run(capsys, "import", "members", str(path), "--org", "BV-BM", "--json")
        assert status == 2, (path.name, err)
        assert message in err and "Traceback" not in err, (path.name, err)
    assert (Person.objects.count(), AuditEntry.objects.count()) == before


def test_missing_sheet_exits_2(tree, capsys, tmp_path):
    path = roster(tmp_path / "ds.xlsx", ROWS)
    status, _, err = run(capsys, "import", "members", str(path), "--org", "BV-BM", "--sheet", "Trang 9")
    assert status == 2 and "không có trang tính «Trang 9»" in err


def test_unknown_org_exits_2(tree, capsys, tmp_path):
    path = roster(tmp_path / "ds.xlsx", ROWS)
    status, _, err = run(capsys, "import", "members", str(path), "--org", "KHONG-CO")
    assert status == 2 and "Không tìm thấy tổ chức" in err


# --- In the background: `import members --background`, `import status TOKEN [--follow] [--json]` ---------

TOKEN_LINE = "Mã việc nhập: "


def background_json(capsys, path, *extra, org="BV-BM"):
    """`import members … --background --json`: the token on stderr, the summary alone on stdout."""
    status, out, err = run(capsys, "import", "members", str(path), "--org", org, "--json", "--on", ON, "--background", *extra)
    token = err.split(TOKEN_LINE, 1)[1].split()[0] if TOKEN_LINE in err else None
    return status, (json.loads(out) if out.strip() else None), err, token


def status_json(capsys, token, *extra):
    status, out, err = run(capsys, "import", "status", token, "--json", *extra)
    return status, (json.loads(out) if out.strip() else None), err


def test_a_background_import_gives_the_summary_of_a_direct_run_and_writes_the_data(tree, capsys, tmp_path):
    path = roster(tmp_path / "ds.xlsx", ROWS)
    before = Person.objects.count()
    _, direct, _ = import_json(capsys, path, "--dry-run")
    status, summary, err, token = background_json(capsys, path, "--dry-run")
    assert status == 0, err
    assert summary == direct and summary["committed"] is False and Person.objects.count() == before
    assert "[100%] Đã kiểm tra xong" in err

    status, summary, err, token = background_json(capsys, path)
    assert status == 0, err
    assert summary == {**direct, "committed": True}
    assert Person.objects.count() == before + 3
    mai = Person.objects.get(cccd="001191004321")
    assert mai.full_name == "Đỗ Thị Mai" and mai.date_of_birth == date(1991, 6, 5) and mai.phone == "0912345678"
    assert Employment.objects.get(person=mai).organisation == tree.cardio and Employment.objects.get(person=mai).start == date(2026, 11, 25)
    assert Membership.objects.get(person=mai).card_number == "BM-0101"
    entry = AuditEntry.objects.get(model="people.person", object_id=str(mai.pk), action="create")
    assert entry.actor is None and "ds.xlsx" in entry.reason

    # Followed again later, the same job prints the same summary; without --follow, where it stands.
    status, again, err = status_json(capsys, token, "--follow")
    assert (status, again) == (0, summary), err
    status, job, _ = status_json(capsys, token)
    assert status == 0
    assert {k: job[k] for k in ("token", "org", "name", "mode", "state", "percent", "message")} == {
        "token": token, "org": "BV-BM", "name": "ds.xlsx", "mode": "import", "state": "done", "percent": 100,
        "message": "Đã nhập xong",
    }
    assert job["summary"] == summary
    status, text, _ = run(capsys, "import", "status", token)
    assert status == 0 and "Trạng thái: đã xong, 100% – Đã nhập xong" in text

    # The plain (not JSON) output is the direct run's too.
    status, text, err = run(capsys, "import", "members", str(path), "--org", "BV-BM", "--on", ON, "--background")
    assert status == 0 and "3 dòng: 0 thêm mới, 0 cập nhật, 3 không đổi, 0 trùng, 0 lỗi." in text
    assert Person.objects.count() == before + 3


def test_a_background_import_with_errors_exits_2_like_a_direct_run(tree, capsys, tmp_path):
    rows = ROWS + [
        ("4", "Lý Văn Tư", "12/12/1979", "Nam", "0123", "", "", "", ""),
        ("5", "Đỗ Thị Mai", "05/06/1991", "Nữ", "001191004321", "", "", "", ""),
    ]
    path = roster(tmp_path / "loi.xlsx", rows)
    before = Person.objects.count()
    direct_status, direct, direct_err = import_json(capsys, path)
    report = tmp_path / "bang-loi.xlsx"
    status, summary, err, token = background_json(capsys, path, "--report", str(report))
    assert (status, summary) == (direct_status, direct) == (2, direct)
    assert summary["problems"] and summary["problems"][0] == {"row": 7, "column": "Số CCCD", "value": "0123", "message": "Số CCCD phải có 12 chữ số"}
    assert (summary["errors"], summary["duplicates"]) == (1, 1)
    assert "[100%] Đã kiểm tra xong: 1 dòng lỗi, chưa ghi gì" in err and "Lỗi: tệp có 1 dòng lỗi, chưa ghi gì" in err
    assert Person.objects.count() == before
    sheet = CalamineWorkbook.from_path(str(report)).get_sheet_by_index(0).to_python()
    assert sheet[0][-1] == "Lỗi" and [r[0] for r in sheet[1:]] == [7, 8]
    assert status_json(capsys, token, "--follow")[0] == 2

    status, summary, err, _ = background_json(capsys, path, "--skip-invalid")
    assert status == 0 and summary["committed"] is True and summary["errors"] == 1, err
    assert Person.objects.count() == before + 3


def test_a_bad_file_in_the_background_exits_2_with_a_vietnamese_message(tree, capsys, tmp_path):
    junk = tmp_path / "rac.xlsx"
    junk.write_bytes(bytes(range(256)) * 40)
    before = (Person.objects.count(), AuditEntry.objects.count())
    status, summary, err, token = background_json(capsys, junk)
    assert status == 2 and summary is None
    assert "không phải bảng tính" in err and "Traceback" not in err
    status, job, _ = status_json(capsys, token)
    assert (status, job["state"], job["summary"]) == (0, "failed", None) and "không phải bảng tính" in job["message"]
    for argv, message in [
        ((str(tmp_path / "khong-co.xlsx"), "--org", "BV-BM"), "Không tìm thấy tệp"),
        ((str(junk), "--org", "KHONG-CO"), "Không tìm thấy tổ chức"),
        ((str(junk), "--org", "BV-BM", "--no-wait", "--report", str(tmp_path / "r.xlsx")), "--report cần chờ"),
    ]:
        status, _, err = run(capsys, "import", "members", *argv, "--background")
        assert status == 2 and message in err, err
    status, _, err = run(capsys, "import", "members", str(junk), "--org", "BV-BM", "--no-wait")
    assert status == 2 and "--no-wait chỉ dùng cùng --background" in err
    assert (Person.objects.count(), AuditEntry.objects.count()) == before


def test_no_wait_prints_the_token_and_status_follow_prints_each_new_stage(tree, capsys, tmp_path, monkeypatch):
    """The job waits in the queue (no worker yet); --follow polls it while the worker runs it."""
    from unittest import mock

    from thidua import cli
    from thidua.imports.tasks import import_job
    from thidua.imports.views import ProgressWriter

    path = roster(tmp_path / "ds.xlsx", ROWS)
    with mock.patch("thidua.imports.tasks.import_job") as queued:
        status, out, err = run(capsys, "import", "members", str(path), "--org", "BV-BM", "--on", ON, "--background", "--no-wait", "--skip-invalid")
    assert status == 0 and queued.call_count == 1
    token = out.strip()
    assert queued.call_args.args == (token, 0, "BV-BM", "import", True, ON)  # the system actor: user 0
    assert f"thidua import status {token} --follow" in err
    status, job, _ = status_json(capsys, token)
    assert (status, job["state"], job["percent"], job["message"]) == (0, "queued", 0, "Đang chờ đến lượt xử lý")
    assert Person.objects.count() == 4

    from django.conf import settings
    from pathlib import Path

    progress = ProgressWriter(Path(settings.THIDUA_UPLOAD_DIR) / token / "status.json", mode="import")
    worker = iter([
        lambda: progress(20, "Đang kiểm tra dòng 1–3 / 3"),
        lambda: None,  # nothing new: no new line
        lambda: progress(65, "Đang ghi vào cơ sở dữ liệu"),
        lambda: import_job(*queued.call_args.args),  # the rest of the real run (huey immediate)
    ])
    monkeypatch.setattr(cli, "_wait", lambda seconds: next(worker)())
    status, summary, err = status_json(capsys, token, "--follow")
    assert status == 0, err
    assert err.splitlines() == [
        "[  0%] Đang chờ đến lượt xử lý", "[ 20%] Đang kiểm tra dòng 1–3 / 3", "[ 65%] Đang ghi vào cơ sở dữ liệu",
        "[100%] Đã nhập xong",
    ]
    assert summary == {"rows": 3, "created": 3, "updated": 0, "unchanged": 0, "duplicates": 0, "errors": 0,
                       "committed": True, "problems": [], "suggestions": []}
    assert Person.objects.count() == 7


def test_status_of_an_unknown_job_exits_2_in_vietnamese(tree, capsys):
    for token in ("khong-co-viec-nhap-nao-ma-nay", "../../etc", "-x"):
        for extra in ((), ("--follow",), ("--json",)):
            status, out, err = run(capsys, "import", "status", *extra, "--", token)
            assert status == 2 and out == "", (token, extra, err)
            assert "Không tìm thấy việc nhập" in err and "Traceback" not in err, err


def test_status_follows_a_job_started_in_the_web_pages(tree, capsys, hanoi_officer, settings, tmp_path):
    from unittest import mock

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from thidua.imports.tasks import import_job

    settings.THIDUA_IMPORT_BACKGROUND_BYTES = 0
    client = Client()
    client.force_login(hanoi_officer)
    data = roster(tmp_path / "ds.xlsx", ROWS).read_bytes()
    with mock.patch("thidua.imports.tasks.import_job") as queued:
        response = client.post("/to-chuc/BV-BM/nhap-danh-sach/", {"tep": SimpleUploadedFile("bệnh viện.xlsx", data)})
    assert response.status_code == 302 and queued.call_count == 1
    token = response["Location"].rstrip("/").rsplit("/", 1)[1]
    status, job, _ = status_json(capsys, token)
    assert status == 0 and (job["org"], job["name"], job["mode"], job["state"]) == ("BV-BM", "bệnh viện.xlsx", "preview", "queued")

    import_job(*queued.call_args.args)  # the worker previews it
    status, summary, err = status_json(capsys, token, "--follow")
    assert status == 0, err
    assert summary == {"rows": 3, "created": 3, "updated": 0, "unchanged": 0, "duplicates": 0, "errors": 0,
                       "committed": False, "problems": [], "suggestions": []}
    client.post(response["Location"])  # confirmed in the page (huey immediate: imported at once)
    status, job, _ = status_json(capsys, token)
    assert (status, job["mode"], job["state"], job["summary"]["committed"], job["summary"]["created"]) == (0, "confirm", "done", True, 3)
