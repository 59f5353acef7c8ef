"""A long roster is read, checked, matched and written a slice at a time, in one transaction: the
outcome must be the one of a roster taken whole."""
from datetime import date

import pytest
import xlsxwriter

from thidua.core.models import AuditEntry
from thidua.core.permissions import SYSTEM
from thidua.imports import members
from thidua.imports.members import members_import
from thidua.imports.reading import read_table
from thidua.people.models import Employment, Person

ON = date(2026, 11, 25)


def roster(path, rows, *, first_row=0, first_col=0):
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Danh sách")
    sheet.write_row(first_row, first_col, ["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Khoa, phòng"])
    for r, row in enumerate(rows, start=first_row + 1):
        sheet.write_row(r, first_col, row)
    book.close()
    return path


ROWS = [
    ["Trần Văn Khoa", "12/03/1985", "Nam", "001085001111", "Khoa Tim mạch"],
    ["Lê Thị Hạnh", "01/02/1990", "Nữ", "", "Khoa Tim mạch"],
    ["Phan Minh Tú", "", "Nam", "", "Khoa Tim mạch"],
    ["Ngô Thị Bích", "04/05/1979", "Nữ", "001179002222", "Khoa Tim mạch"],
    ["Đào Văn Sơn", "06/07/1992", "Nam", "", "Khoa Tim mạch"],
]


@pytest.fixture
def small_slices(monkeypatch):
    monkeypatch.setattr(members, "SLICE_ROWS", 2)


def summary(result) -> dict:
    return {k: v for k, v in result.summary().items() if k != "committed"}


def test_an_error_in_the_last_slice_undoes_what_the_first_slices_wrote(tree, tmp_path, small_slices):
    path = roster(tmp_path / "ds.xlsx", ROWS[:4] + [["Đào Văn Sơn", "06/07/1992", "Nam", "12345", "Khoa Tim mạch"]])
    people, entries, jobs = Person.objects.count(), AuditEntry.objects.count(), Employment.objects.count()
    result = members_import(actor=SYSTEM, path=path, org=tree.bach_mai, on=ON)
    assert not result.committed and result.count("error") == 1
    assert [p.row for p in result.problems] == [6]
    assert (Person.objects.count(), AuditEntry.objects.count(), Employment.objects.count()) == (people, entries, jobs)

    result = members_import(actor=SYSTEM, path=path, org=tree.bach_mai, on=ON, skip_invalid=True)
    assert result.committed and result.count("create") == 4
    assert Person.objects.count() == people + 4


def test_slices_give_what_the_preview_of_the_whole_file_gives(tree, tmp_path, monkeypatch):
    # A later row repeats an earlier one's name without a birth date: the earlier row's person, written
    # by an earlier slice, is not someone "already stored" for it (the preview never wrote it).
    rows = ROWS + [["Phan Minh Tú", "", "Nam", "", "Khoa Tim mạch"], ["Trần Văn Khoa", "12/03/1985", "Nam", "", "Khoa Tim mạch"]]
    path = roster(tmp_path / "ds.xlsx", rows)
    whole = members_import(actor=SYSTEM, path=path, org=tree.bach_mai, on=ON, dry_run=True)
    monkeypatch.setattr(members, "SLICE_ROWS", 1)
    written = members_import(actor=SYSTEM, path=path, org=tree.bach_mai, on=ON)
    assert written.committed
    assert summary(written) == summary(whole)
    assert [r.status for r in written.rows] == ["create"] * 6 + ["duplicate"]
    assert Person.objects.filter(search_full="phan minh tu").count() == 2  # two rows, two people: never merged silently

    again = members_import(actor=SYSTEM, path=path, org=tree.bach_mai, on=ON, dry_run=True)
    assert again.count("create") == 0  # the same file again adds nobody
    assert [p.message for p in again.problems][:2] == [
        "Có 2 người tên «Phan Minh Tú» trong Công đoàn Bệnh viện Bạch Mai: hãy ghi ngày sinh hoặc số CCCD để phân biệt"] * 2


def test_past_the_first_rows_a_row_with_nothing_to_say_is_counted_not_kept(tree, tmp_path, monkeypatch, small_slices):
    monkeypatch.setattr(members, "SHOWN_PLAIN_ROWS", 2)
    rows = ROWS[:4] + [["Ngô Thị Bích", "04/05/1979", "Nữ", "001179002222", "Khoa Tim mạch"]]
    result = members_import(actor=SYSTEM, path=roster(tmp_path / "ds.xlsx", rows), org=tree.bach_mai, on=ON, dry_run=True)
    assert [(r.number, r.status, r.full_name) for r in result.rows] == [
        (2, "create", "Trần Văn Khoa"), (3, "create", "Lê Thị Hạnh"), (6, "duplicate", "Ngô Thị Bích")]
    assert result.summary()["rows"] == 5 and result.count("create") == 4 and result.count("duplicate") == 1
    assert result.problems[0].message == "Trùng số CCCD với dòng 5"
    assert result.rows[-1].cells == ["Ngô Thị Bích", "04/05/1979", "Nữ", "001179002222", "Khoa Tim mạch"]  # for the problems sheet


def test_a_table_that_does_not_start_in_a1_keeps_the_row_numbers_the_user_sees(tmp_path):
    table = read_table(roster(tmp_path / "ds.xlsx", ROWS[:2], first_row=3, first_col=2), members.MEMBERS)
    assert [r.number for r in table.rows] == [5, 6]
    assert table.labels["full_name"] == "Họ và tên" and table.keys[2] == "full_name"


def test_a_long_sheet_copied_out_of_calamine_reads_the_same(tmp_path, monkeypatch):
    from thidua.imports import reading

    path = roster(tmp_path / "ds.xlsx", ROWS, first_row=2, first_col=1)
    direct = read_table(path, members.MEMBERS)
    monkeypatch.setattr(reading, "SPOOL_ROWS", 3)
    spools = []
    monkeypatch.setattr(reading, "_spooled", lambda rows, copy=reading._spooled: spools.append(1) or copy(rows))
    spooled = read_table(path, members.MEMBERS)
    assert spools == [1]
    assert [(r.number, r.values, r.cells) for r in spooled.rows] == [(r.number, r.values, r.cells) for r in direct.rows]
    assert [r.number for r in spooled.rows] == [4, 5, 6, 7, 8] and spooled.size == direct.size == 5


def test_a_csv_broken_past_the_first_slice_is_refused_and_nothing_is_written(tree, tmp_path, small_slices):
    from thidua.imports.reading import ReadError

    lines = ["Họ và tên,Ngày sinh,Số CCCD"] + [f"{r[0]},{r[1]},{r[3]}" for r in ROWS[:4]] + ["Lê Văn Huy," + "x" * 200_000 + ","]
    path = tmp_path / "ds.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    people, entries = Person.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ReadError) as refused:
        members_import(actor=SYSTEM, path=path, org=tree.bach_mai, on=ON)
    assert refused.value.message == "Tệp «ds.csv» hỏng ở dòng 6: không đọc tiếp được."
    assert (Person.objects.count(), AuditEntry.objects.count()) == (people, entries)
