"""Training lists in spreadsheets: the mapping, people matched as the members import matches them, one
transaction, row numbers as in the sheet, the problems report, the web flow and its access, the export."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.core.errors import Forbidden
from thidua.core.models import AuditEntry, Role
from thidua.core.permissions import SYSTEM
from thidua.people.services import person_create
from thidua.training.models import Training, TrainingKind, TrainingStatus
from thidua.training.services import training_record
from thidua.training.spreadsheets import parse_kind, training_export, training_import


def _xlsx(path: Path, rows: list[list], title_rows: int = 1) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    for r in range(title_rows):
        sheet.write_string(r, 0, "DANH SÁCH CÁN BỘ ĐƯỢC CỬ ĐI ĐÀO TẠO NĂM 2025")
    for r, row in enumerate(rows, start=title_rows):
        for c, value in enumerate(row):
            if isinstance(value, date):
                sheet.write_datetime(r, c, datetime(value.year, value.month, value.day), date_format)
            elif value is not None:
                sheet.write(r, c, value)
    book.close()
    return path


# Headers without diacritics, as many offices type them; a title row above.
HEADER = ["STT", "Ho va ten", "Ngay sinh", "So CCCD", "Loai hinh dao tao", "Chuyen nganh", "Co so dao tao", "Tu ngay",
          "Den ngay", "Don vi cu di"]


@pytest.mark.parametrize("text, kind", [
    ("Chuyên khoa cấp I", TrainingKind.SPECIALIST_1), ("CK2", TrainingKind.SPECIALIST_2), ("thac si", TrainingKind.MASTER),
    ("Tiến sĩ", TrainingKind.DOCTORATE), ("BSNT", TrainingKind.RESIDENT), ("Bồi dưỡng ngắn hạn", TrainingKind.SHORT_COURSE),
    ("Trung cấp LLCT", TrainingKind.POLITICS_INTERMEDIATE), ("Cao cấp lý luận chính trị", TrainingKind.POLITICS_ADVANCED),
])
def test_kinds_as_offices_write_them(text, kind):
    assert parse_kind(text) == kind


def test_a_list_is_imported_with_people_matched_by_cccd_or_name_and_birth_date(tree, tmp_path, hanoi_officer):
    path = _xlsx(tmp_path / "dao-tao.xlsx", [HEADER,
        [1, "Nguyen Van Duc", None, 1085001234, "CK1", "Nội tim mạch", "Trường Đại học Y Hà Nội", date(2025, 9, 1), None, "BV-BM-TM"],
        [2, "Trần Thị Hòa", date(1990, 7, 2), None, "Thạc sĩ", "Điều dưỡng", "Đại học Y Hà Nội", "01/10/2025", "30/09/2027", ""],
    ])
    result = training_import(actor=hanoi_officer, path=path, org=tree.bach_mai)
    assert result.committed and result.count("create") == 2
    duc = Training.objects.get(person=tree.duc)
    assert (duc.kind, duc.sending_unit, duc.start) == (TrainingKind.SPECIALIST_1, tree.cardio, date(2025, 9, 1))
    hoa = Training.objects.get(person=tree.hoa)
    assert (hoa.sending_unit, hoa.end, hoa.status) == (tree.bach_mai, date(2027, 9, 30), TrainingStatus.STUDYING)
    assert AuditEntry.objects.filter(model="training.training", actor=hanoi_officer).count() == 2


def test_row_errors_keep_the_sheets_numbers_and_nothing_is_written(tree, tmp_path, hanoi_officer):
    person_create(actor=SYSTEM, full_name="Trần Thị Hòa", unit=tree.hanoi_pharma, start=date(2020, 1, 1),
                  date_of_birth=date(1990, 7, 2))  # a namesake born the same day, in the same province
    path = _xlsx(tmp_path / "loi.xlsx", [HEADER,
        [1, "Nguyễn Văn Đức", date(1985, 3, 14), None, "CK1", "", "Trường Đại học Y Hà Nội", date(2025, 9, 1), None, ""],
        [2, "Người Không Có", date(1990, 1, 1), None, "Thạc sĩ", "", "Đại học Y Hà Nội", date(2025, 9, 1), None, ""],
        [3, "Nguyễn Văn Đức", date(1985, 3, 14), None, "Phó giáo sư", "", "Đại học Y Hà Nội", date(2025, 9, 1), None, ""],
        [4, "Nguyễn Văn Đức", date(1985, 3, 14), None, "Thạc sĩ", "", "Đại học Y Hà Nội", date(2025, 9, 1), date(2025, 1, 1), ""],
        [5, "Nguyễn Văn Đức", date(1985, 3, 14), None, "CK1", "", "Trường Đại học Y Hà Nội", date(2025, 9, 1), None, ""],
        [6, "Lê Thị Hoà", date(1992, 1, 20), None, "Thạc sĩ", "", "Đại học Huế", date(2025, 9, 1), None, ""],
        [7, "Nguyễn Văn Đức", date(1985, 3, 14), None, "Thạc sĩ", "", "Đại học Y Hà Nội", date(2025, 9, 1), None, "Khoa Nhi"],
    ])
    result = training_import(actor=hanoi_officer, path=path, org=tree.hanoi)
    assert not result.committed and not Training.objects.exists()
    messages = {r.number: " ".join(p.message for p in r.problems) for r in result.rows if r.problems}
    assert set(messages) == {4, 5, 6, 7, 8, 9}  # the title row is row 1, the header row 2
    assert "Không tìm thấy «Người Không Có», sinh ngày 01/01/1990 trong Công đoàn ngành Y tế Hà Nội" in messages[4]
    assert "«Phó giáo sư» không phải loại hình đào tạo" in messages[5]
    assert "sớm hơn ngày bắt đầu" in messages[6]
    assert "Trùng với dòng 3" in messages[7]
    assert "Không tìm thấy «Lê Thị Hoà»" in messages[8]  # a person of Huế is unknown to Hà Nội
    assert "Không tìm thấy đơn vị «Khoa Nhi»" in messages[9]


def test_namesakes_need_a_cccd(tree, tmp_path):
    person_create(actor=SYSTEM, full_name="Trần Thị Hòa", unit=tree.hanoi_pharma, start=date(2020, 1, 1),
                  date_of_birth=date(1990, 7, 2))
    path = _xlsx(tmp_path / "trung.xlsx", [HEADER,
        [1, "Tran Thi Hoa", date(1990, 7, 2), None, "Thạc sĩ", "", "Đại học Y Hà Nội", date(2025, 9, 1), None, ""]])
    result = training_import(actor=SYSTEM, path=path, org=tree.hanoi, dry_run=True)
    assert "hãy ghi số CCCD để phân biệt" in result.rows[0].problems[0].message
    # Within Bạch Mai alone there is only one.
    assert training_import(actor=SYSTEM, path=path, org=tree.bach_mai).committed


def test_skipping_the_bad_rows_writes_the_good_ones_in_one_go(tree, tmp_path):
    path = _xlsx(tmp_path / "mot-phan.xlsx", [HEADER,
        [1, "Nguyễn Văn Đức", date(1985, 3, 14), None, "CK1", "", "Trường Đại học Y Hà Nội", date(2025, 9, 1), None, ""],
        [2, "Người Không Có", None, None, "Thạc sĩ", "", "Đại học Y Hà Nội", date(2025, 9, 1), None, ""],
    ])
    result = training_import(actor=SYSTEM, path=path, org=tree.bach_mai, skip_invalid=True)
    assert result.committed and Training.objects.count() == 1


def test_a_failure_while_writing_leaves_nothing(tree, tmp_path, monkeypatch):
    from thidua.training import spreadsheets

    path = _xlsx(tmp_path / "hong.xlsx", [HEADER,
        [1, "Nguyễn Văn Đức", date(1985, 3, 14), None, "CK1", "", "Trường Đại học Y Hà Nội", date(2025, 9, 1), None, ""],
        [2, "Trần Thị Hòa", date(1990, 7, 2), None, "Thạc sĩ", "", "Đại học Y Hà Nội", date(2025, 9, 1), None, ""],
    ])
    real = spreadsheets.training_record
    calls = []

    def failing(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(spreadsheets, "training_record", failing)
    with pytest.raises(RuntimeError):
        training_import(actor=SYSTEM, path=path, org=tree.bach_mai)
    assert not Training.objects.exists()


def test_only_managers_import(tree, tmp_path, make_user):
    path = _xlsx(tmp_path / "x.xlsx", [HEADER])
    with pytest.raises(Forbidden):
        training_import(actor=make_user(Role.VIEWER, tree.hanoi), path=path, org=tree.bach_mai)


def test_the_export_has_real_dates_neutralised_text_and_reads_back(tree, tmp_path):
    from python_calamine import CalamineWorkbook

    training_record(actor=SYSTEM, person=tree.duc, sending_unit=tree.bach_mai, kind=TrainingKind.SPECIALIST_1,
                    institution="=HYPERLINK(\"http://x\")", start=date(2024, 9, 1), end=date(2026, 8, 31))
    training_record(actor=SYSTEM, person=tree.hoa2, sending_unit=tree.hue_central, kind=TrainingKind.MASTER,
                    institution="Đại học Huế", start=date(2024, 9, 1))
    out = tmp_path / "xuat.xlsx"
    assert training_export(actor=SYSTEM, org=tree.hanoi, out=out) == 1
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert rows[0][:5] == ["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Loại hình đào tạo"]
    assert rows[1][1] == "Nguyễn Văn Đức" and rows[1][3] == "001085001234" and rows[1][4] == "Chuyên khoa cấp I"
    assert rows[1][2] == date(1985, 3, 14) and rows[1][7] == date(2024, 9, 1)
    assert rows[1][6] == "'=HYPERLINK(\"http://x\")"
    # The export reads back (as a correction elsewhere would): the same course is found already recorded.
    again = training_import(actor=SYSTEM, path=out, org=tree.hanoi, dry_run=True)
    assert "đã có khóa này" in again.rows[0].problems[0].message


# --- The web flow -------------------------------------------------------------------------------------


def _upload(client, code: str, content: bytes, name: str = "ds.xlsx"):
    return client.post(f"/dao-tao/to-chuc/{code}/nhap/", {"tep": SimpleUploadedFile(name, content)})


def test_upload_preview_confirm(client, tree, tmp_path, hanoi_officer):
    client.force_login(hanoi_officer)
    path = _xlsx(tmp_path / "ds.xlsx", [HEADER,
        [1, "Nguyễn Văn Đức", date(1985, 3, 14), None, "CK1", "", "Trường Đại học Y Hà Nội", date(2025, 9, 1), None, ""],
        [2, "Người Không Có", None, None, "Thạc sĩ", "", "Đại học Y Hà Nội", date(2025, 9, 1), None, ""],
    ])
    response = _upload(client, "BV-BM", path.read_bytes())
    assert response.status_code == 302
    preview_url = response["Location"]
    preview = client.get(preview_url).content.decode()
    assert "1 khóa đào tạo sẽ được ghi, 1 dòng lỗi" in preview and "Không tìm thấy «Người Không Có»" in preview
    problems = client.get(preview_url + "loi.xlsx")
    assert problems.status_code == 200 and problems["Content-Type"].startswith("application/vnd.openxmlformats")
    refused = client.post(preview_url, {})
    assert refused.status_code == 400 and not Training.objects.exists()
    done = client.post(preview_url, {"bo_qua_loi": "1"})
    assert done.status_code == 200 and "Đã ghi 1 khóa đào tạo" in done.content.decode()
    assert Training.objects.get().person == tree.duc
    # Confirmed once: the file is gone, a second confirmation imports nothing more.
    assert client.post(preview_url, {"bo_qua_loi": "1"}).status_code == 404
    assert Training.objects.count() == 1


def test_an_unreadable_upload_is_refused_on_the_form(client, tree, hanoi_officer):
    client.force_login(hanoi_officer)
    response = _upload(client, "BV-BM", b"Chi co mot cot\nabc\n", name="ds.csv")
    assert response.status_code == 400 and "Không tìm thấy dòng tiêu đề" in response.content.decode()
    assert _upload(client, "BV-BM", b"x", name="ds.exe").status_code == 400


def test_the_uploaded_list_is_only_for_its_owner_and_unit(client, tree, tmp_path, make_user):
    owner = make_user(Role.UNION_OFFICER, tree.hanoi)
    client.force_login(owner)
    path = _xlsx(tmp_path / "ds.xlsx", [HEADER,
        [1, "Nguyễn Văn Đức", date(1985, 3, 14), None, "CK1", "", "Trường Đại học Y Hà Nội", date(2025, 9, 1), None, ""]])
    token = _upload(client, "BV-BM", path.read_bytes())["Location"].rstrip("/").rsplit("/", 1)[-1]
    for role, status in ((Role.UNION_OFFICER, 404), (Role.VIEWER, 403), (Role.EMULATION_OFFICER, 403)):
        client.force_login(make_user(role, tree.hanoi))
        for method, suffix in (("get", ""), ("post", ""), ("get", "loi.xlsx")):
            response = getattr(client, method)(f"/dao-tao/to-chuc/BV-BM/nhap/{token}/{suffix}")
            assert response.status_code == status, (role, method, suffix)
    client.force_login(owner)
    assert client.get(f"/dao-tao/to-chuc/DUOC-HN/nhap/{token}/").status_code == 404  # another unit
    assert client.get("/dao-tao/to-chuc/BV-BM/nhap/khong-phai-ma-hop-le/").status_code == 404
    assert client.get(f"/dao-tao/to-chuc/BV-BM/nhap/{token}/loi.xlsx").status_code == 404  # no problems in it
    hue = make_user(Role.UNION_OFFICER, tree.hue)
    client.force_login(hue)
    assert client.get(f"/dao-tao/to-chuc/BV-BM/nhap/{token}/").status_code == 404
    assert not Training.objects.exists()


def test_export_and_template_pages(client, tree, hanoi_officer):
    client.force_login(hanoi_officer)
    training_record(actor=SYSTEM, person=tree.duc, sending_unit=tree.bach_mai, kind=TrainingKind.SPECIALIST_1,
                    institution="Trường Đại học Y Hà Nội", start=date(2024, 9, 1))
    response = client.get("/dao-tao/to-chuc/BV-BM/xuat.xlsx?nam=2024")
    assert response.status_code == 200 and "dao-tao-BV-BM-2024" in response["Content-Disposition"]
    assert client.get("/dao-tao/to-chuc/BV-BM/nhap/mau.xlsx").status_code == 200
