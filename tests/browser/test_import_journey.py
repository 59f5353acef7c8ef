"""The officer of a hospital's union uploads the roster the office keeps in Excel, sees the one row
with a wrong CCCD (by the spreadsheet's own row number), is refused when confirming with that error,
downloads the problems sheet, imports the valid rows, fixes the CCCD in the problems sheet, uploads
it again and imports the last person: the upload form, the preview, the download, the confirmation
and the result page working together in a real Chromium, small files read in the request."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.utils.timezone import localdate

from conftest import PASSWORD
from tests.browser.test_journey import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from thidua.core.models import AuditEntry, Role
from thidua.people.models import Employment, Membership, Person

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed at /usr/bin/chromium"),
]

ROSTER_NAME = "Danh sách đoàn viên BM.xlsx"
HEADER = ("STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Điện thoại", "Đơn vị", "Ngày vào công đoàn")
FIRST_DATA_ROW = 5  # two merged title rows, a blank row, the header on row 4
WRONG_CCCD, RIGHT_CCCD = "03009500123", "030095001234"  # 11 digits; the fix: Hải Dương, male 1900s, born 1995
PEOPLE = [
    # STT, name, born (date cell or typed text), gender, CCCD (province, century/gender digit, year), phone, unit, joined
    (1, "Phạm Minh Tuấn", date(1978, 5, 12), "Nam", "001078004512", "0912345678", "Khoa Tim mạch", date(2005, 3, 1)),
    (2, "Hoàng Thị Mai Anh", "23/09/1988", "Nữ", "036188002345", "0987 654 321", "", date(2012, 8, 15)),
    (3, "Đỗ Quang Huy", date(1995, 11, 4), "Nam", WRONG_CCCD, "0904111222", "Khoa Tim mạch", "01/07/2019"),
    (4, "Vũ Thị Thu Trang", "17/02/2001", "Nữ", "001301006789", "", "", date(2024, 1, 2)),
    (5, "Bùi Đức Long", date(1983, 6, 30), "Nam", "040083007890", "0936222333", "", date(2009, 10, 20)),
]
ERROR_ROW = FIRST_DATA_ROW + 2  # Đỗ Quang Huy, as Excel numbers it


def write_roster(path: Path) -> None:
    """The roster as a Vietnamese office makes it: merged titles, the header lower down, dates
    partly as date cells and partly typed as text, CCCD numbers as text (leading zeros)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Danh sách")
    bold = book.add_format({"bold": True, "align": "center"})
    head = book.add_format({"bold": True, "border": 1, "text_wrap": True})
    day = book.add_format({"num_format": "dd/mm/yyyy", "border": 1})
    cell = book.add_format({"border": 1})
    last = len(HEADER) - 1
    sheet.merge_range(0, 0, 0, last, "CÔNG ĐOÀN BỆNH VIỆN BẠCH MAI", bold)
    sheet.merge_range(1, 0, 1, last, "DANH SÁCH ĐOÀN VIÊN NĂM 2026", bold)
    for c, label in enumerate(HEADER):
        sheet.write_string(FIRST_DATA_ROW - 2, c, label, head)
    for r, person in enumerate(PEOPLE, start=FIRST_DATA_ROW - 1):
        for c, value in enumerate(person):
            if isinstance(value, date):
                sheet.write_datetime(r, c, datetime(value.year, value.month, value.day), day)
            elif isinstance(value, int):
                sheet.write_number(r, c, value, cell)
            else:
                sheet.write_string(r, c, value, cell)
    sheet.set_column(1, 1, 24)
    sheet.set_column(4, 6, 16)
    book.close()


def fix_problems_sheet(downloaded: Path, fixed: Path) -> None:
    """What the officer does in Excel: correct the CCCD in the problems sheet and save it."""
    from openpyxl import load_workbook

    book = load_workbook(downloaded)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header[0] == "Dòng" and header[-1] == "Lỗi", header
    assert header[1:-1] == list(HEADER), header  # the columns of the roster, as the office wrote them
    rows = list(sheet.iter_rows(min_row=2))
    assert [r[0].value for r in rows] == [ERROR_ROW]  # only the problem row, with its row number
    row = rows[0]
    assert row[header.index("Họ và tên")].value == "Đỗ Quang Huy"
    assert row[header.index("Số CCCD")].value == WRONG_CCCD
    assert "12 chữ số" in row[header.index("Lỗi")].value
    row[header.index("Số CCCD")].value = RIGHT_CCCD
    book.save(fixed)


@pytest.fixture(autouse=True)
def _allow_sync_db_calls_beside_playwright(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def officer(transactional_db, tree, make_user):
    # A union officer of the hospital's grassroots union: MANAGE_PEOPLE on Bạch Mai and below.
    return make_user(Role.UNION_OFFICER, tree.bach_mai)


def test_officer_imports_a_roster_fixing_a_wrong_cccd(live_server, officer, tree, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    roster = tmp_path / ROSTER_NAME
    write_roster(roster)
    assert roster.stat().st_size < settings.THIDUA_IMPORT_BACKGROUND_BYTES  # read in the request, no worker
    names = [p[1] for p in PEOPLE]
    assert not Person.objects.filter(full_name__in=names).exists()
    today = localdate()

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1200, "height": 800}, locale="vi-VN", accept_downloads=True)
            page = context.new_page()
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.set_default_timeout(15_000)

            def count(label: str):
                """The figure beside a label of the summary (Thêm mới, Lỗi, …)."""
                return page.locator("dl.facts > div").filter(has=page.get_by_text(label, exact=True)).locator("dd")

            # --- Sign in and find the import from the hospital's page.
            page.goto(f"{live_server.url}/dang-nhap/")
            page.get_by_label("Tên đăng nhập").fill(officer.username)
            page.get_by_label("Mật khẩu").fill(PASSWORD)
            page.get_by_role("button", name="Đăng nhập").click()
            page.wait_for_url(f"{live_server.url}/")
            page.get_by_role("link", name="Công đoàn Bệnh viện Bạch Mai").click()
            page.wait_for_url(f"{live_server.url}/to-chuc/{tree.bach_mai.code}/")
            page.get_by_role("link", name="Nhập danh sách").click()
            page.wait_for_url(f"{live_server.url}/to-chuc/{tree.bach_mai.code}/nhap-danh-sach/")
            expect(page.get_by_role("heading", level=1)).to_have_text("Nhập danh sách đoàn viên: Công đoàn Bệnh viện Bạch Mai")

            # --- Upload the roster.
            page.get_by_label("Tệp bảng tính").set_input_files(roster)
            page.get_by_role("button", name="Tải lên và xem trước").click()
            page.wait_for_url(f"{live_server.url}/to-chuc/{tree.bach_mai.code}/nhap-danh-sach/*/")
            preview_url = page.url
            expect(page.get_by_role("heading", level=1)).to_have_text(f"Xem trước: {ROSTER_NAME}")
            expect(count("Số dòng")).to_have_text("5")
            expect(count("Thêm mới")).to_have_text("4")
            expect(count("Lỗi")).to_have_text("1")

            # The wrong CCCD is shown on the roster's own row number, in Vietnamese; the others will be created.
            error_rows = page.locator("tr.import-error")
            expect(error_rows).to_have_count(1)
            error_row = error_rows.first
            expect(error_row.locator("td").first).to_have_text(str(ERROR_ROW))
            expect(error_row).to_contain_text("Đỗ Quang Huy")
            expect(error_row).to_contain_text(f"Cột «Số CCCD» ({WRONG_CCCD}): Số CCCD phải có 12 chữ số")
            expect(page.locator("tr.import-create")).to_have_count(4)
            tuan = page.locator("tr.import-create", has_text="Phạm Minh Tuấn")
            expect(tuan.locator("td").first).to_have_text(str(FIRST_DATA_ROW))
            expect(tuan).to_contain_text("Khoa Tim mạch")
            expect(tuan).to_contain_text("12/05/1978")
            page.screenshot(path=ARTIFACTS / "20-nhap-xem-truoc-loi.png", full_page=True)

            # --- Confirming while a row is wrong (without choosing to skip it) is refused, nothing written.
            skip = page.get_by_label("Bỏ qua 1 dòng lỗi và nhập các dòng còn lại")
            expect(skip).not_to_be_checked()
            page.get_by_role("button", name="Xác nhận nhập").click()
            expect(page.get_by_role("alert")).to_contain_text("Tệp có 1 dòng lỗi nên chưa ghi gì")
            assert page.url == preview_url
            expect(page.get_by_role("heading", level=1)).to_have_text(f"Xem trước: {ROSTER_NAME}")
            assert not Person.objects.filter(full_name__in=names).exists()

            # --- Download the problems sheet (before importing: it goes with the uploaded file).
            with page.expect_download() as info:
                page.get_by_role("link", name="Tải bảng lỗi (.xlsx)").click()
            download = info.value
            assert download.failure() is None
            assert download.suggested_filename == "Danh sách đoàn viên BM-loi.xlsx"
            downloaded = tmp_path / "tai-ve" / download.suggested_filename
            download.save_as(downloaded)

            # --- Import the four good rows, skipping the wrong one.
            page.get_by_label("Bỏ qua 1 dòng lỗi và nhập các dòng còn lại").check()
            page.get_by_role("button", name="Xác nhận nhập").click()
            expect(page.get_by_role("heading", level=1)).to_have_text(f"Đã nhập: {ROSTER_NAME}")
            expect(page.locator(".notice")).to_have_text(
                "Đã ghi vào cơ sở dữ liệu: 4 người thêm mới, 0 người cập nhật, bỏ qua 1 dòng lỗi.")
            expect(count("Thêm mới")).to_have_text("4")
            expect(count("Lỗi")).to_have_text("1")
            page.screenshot(path=ARTIFACTS / "21-nhap-ket-qua-bo-qua-loi.png", full_page=True)
            assert Person.objects.filter(full_name__in=names).count() == 4
            assert not Person.objects.filter(full_name="Đỗ Quang Huy").exists()

            # --- Fix the CCCD in the problems sheet and upload that sheet.
            fixed = tmp_path / "Danh sách đoàn viên BM-loi (đã sửa).xlsx"
            fix_problems_sheet(downloaded, fixed)
            page.get_by_role("link", name="Nhập tệp khác").click()
            page.wait_for_url(f"{live_server.url}/to-chuc/{tree.bach_mai.code}/nhap-danh-sach/")
            page.get_by_label("Tệp bảng tính").set_input_files(fixed)
            page.get_by_role("button", name="Tải lên và xem trước").click()
            page.wait_for_url(f"{live_server.url}/to-chuc/{tree.bach_mai.code}/nhap-danh-sach/*/")
            assert page.url != preview_url
            expect(page.get_by_role("heading", level=1)).to_have_text(f"Xem trước: {fixed.name}")
            expect(count("Số dòng")).to_have_text("1")
            expect(count("Thêm mới")).to_have_text("1")
            expect(count("Lỗi")).to_have_text("0")
            expect(page.locator("tr.import-error")).to_have_count(0)
            huy = page.locator("tr.import-create")
            expect(huy).to_have_count(1)
            expect(huy).to_contain_text("Đỗ Quang Huy")
            expect(huy).to_contain_text("04/11/1995")
            expect(huy).to_contain_text("Khoa Tim mạch")  # the unit came back through the problems sheet
            expect(page.get_by_role("link", name="Tải bảng lỗi (.xlsx)")).to_have_count(0)
            expect(page.get_by_label("Bỏ qua", exact=False)).to_have_count(0)
            page.screenshot(path=ARTIFACTS / "22-nhap-xem-truoc-da-sua.png", full_page=True)

            page.get_by_role("button", name="Xác nhận nhập").click()
            expect(page.get_by_role("heading", level=1)).to_have_text(f"Đã nhập: {fixed.name}")
            expect(page.locator(".notice")).to_have_text("Đã ghi vào cơ sở dữ liệu: 1 người thêm mới, 0 người cập nhật.")
            expect(count("Thêm mới")).to_have_text("1")
            expect(count("Lỗi")).to_have_text("0")
            page.screenshot(path=ARTIFACTS / "23-nhap-ket-qua.png", full_page=True)

            # --- The database: each person once, in the right unit, a member, and audited.
            people = {person.full_name: person for person in Person.objects.filter(full_name__in=names)}
            assert sorted(people) == sorted(names)
            assert Person.objects.filter(full_name__in=names).count() == len(names)
            for stt, name, born, gender, cccd, phone, unit_name, joined in PEOPLE:
                person = people[name]
                unit = tree.cardio if unit_name else tree.bach_mai
                assert person.cccd == (RIGHT_CCCD if cccd == WRONG_CCCD else cccd), name
                assert person.gender == ("male" if gender == "Nam" else "female"), name
                assert person.date_of_birth == (born if isinstance(born, date) else datetime.strptime(born, "%d/%m/%Y").date()), name
                assert person.phone == phone.replace(" ", ""), name
                employment = Employment.objects.get(person=person)
                assert (employment.organisation, employment.start, employment.end) == (unit, today, None), name
                membership = Membership.objects.get(person=person)
                joined_on = joined if isinstance(joined, date) else datetime.strptime(joined, "%d/%m/%Y").date()
                assert (membership.organisation, membership.joined, membership.left) == (unit, joined_on, None), name
                entry = AuditEntry.objects.get(model="people.person", object_id=str(person.pk), action=AuditEntry.Action.CREATE)
                assert entry.actor_id == officer.pk and entry.actor_name == officer.username, name
                assert entry.org_path == unit.path, name
                assert entry.after["full_name"] == name and entry.after["cccd"] == person.cccd, name
            reasons = {AuditEntry.objects.get(model="people.person", object_id=str(people[n].pk)).reason for n in names}
            assert reasons == {f"Nhập từ tệp {ROSTER_NAME} (trang web)", f"Nhập từ tệp {fixed.name} (trang web)"}

            # --- The imported colleague, found through the units' pages.
            page.get_by_role("link", name="Về trang đơn vị").click()
            page.wait_for_url(f"{live_server.url}/to-chuc/{tree.bach_mai.code}/")
            page.get_by_role("link", name="Khoa Tim mạch", exact=True).first.click()
            page.wait_for_url(f"{live_server.url}/to-chuc/{tree.cardio.code}/")
            members = page.locator("#doan-vien")
            expect(members.get_by_role("link", name="Phạm Minh Tuấn")).to_be_visible()
            members.get_by_role("link", name="Đỗ Quang Huy").click()
            page.wait_for_url(f"{live_server.url}/nguoi/{people['Đỗ Quang Huy'].pk}/")
            expect(page.get_by_role("heading", level=1)).to_have_text("Đỗ Quang Huy")
            expect(page.locator(".lead")).to_contain_text("Khoa Tim mạch")
            expect(page.locator("dl.facts")).to_contain_text(RIGHT_CCCD)
            page.screenshot(path=ARTIFACTS / "24-nhap-trang-ca-nhan.png", full_page=True)
        finally:
            # The ORM calls above ran inside Playwright's event loop, on a connection of that context:
            # closed here, or PostgreSQL could not drop the test database at the end of the suite.
            connections.close_all()
            browser.close()
    # No script errors or CSP violations; the one console line is Chromium reporting the 400 status
    # of the refused confirmation's page.
    assert problems == ["Failed to load resource: the server responded with a status of 400 (Bad Request)"]
