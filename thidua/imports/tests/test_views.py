"""The web round-trip on a unit: upload → preview → confirm → result, problems sheet, template, export."""
from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import pytest
import xlsxwriter
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from python_calamine import CalamineWorkbook

from thidua.core.models import Role
from thidua.people.models import Employment, Membership, Person

HEADER = ("STT", "Họ tên", "Ngày sinh", "Giới tính", "Số CCCD", "SĐT", "Khoa, phòng", "Số thẻ đoàn viên")
GOOD = [
    # Spreadsheet rows 4.. (title on 1, blank 2, header 3)
    ("1", "Đỗ Thị Mai", "05/06/1991", "Nữ", "001191004321", "0912 345 678", "Khoa Tim mạch", "BM-0101"),
    ("2", "Vũ Văn Nam", date(1980, 1, 2), "Nam", "", "", "BV-BM-TM", ""),
    ("3", "Nguyễn Văn Đức", "14/03/1985", "Nam", "001085001234", "", "", ""),  # already stored
]
BAD = GOOD + [
    ("4", "Hồ Ngọc Ánh", "31/12/1988", "Nữ", "123", "", "", ""),  # row 7: CCCD too short
    ("5", "Đỗ Thị Mai", "05/06/1991", "Nữ", "001191004321", "", "", ""),  # row 8: same CCCD as row 4
]


def workbook(rows, name="danh-sach.xlsx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Danh sách")
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.merge_range(0, 0, 0, len(HEADER) - 1, "DANH SÁCH ĐOÀN VIÊN CÔNG ĐOÀN BỆNH VIỆN BẠCH MAI")
    for c, label in enumerate(HEADER):
        sheet.write_string(2, c, label)
    for r, row in enumerate(rows, start=3):
        for c, value in enumerate(row):
            if isinstance(value, date):
                sheet.write_datetime(r, c, datetime(value.year, value.month, value.day), dates)
            elif value:
                sheet.write_string(r, c, value)
    book.close()
    return SimpleUploadedFile(name, buffer.getvalue())


def sheet_rows(content: bytes) -> list[list]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return book.get_sheet_by_index(0).to_python()


def download(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def officer_client(hanoi_officer):
    client = Client()
    client.force_login(hanoi_officer)
    return client


def upload(client, file, code="BV-BM"):
    return client.post(f"/to-chuc/{code}/nhap-danh-sach/", {"tep": file})


def uploads() -> list[Path]:
    root = Path(settings.THIDUA_UPLOAD_DIR)
    return [p for p in root.iterdir()] if root.is_dir() else []


def test_upload_preview_confirm_and_import_again(tree, officer_client):
    before = set(uploads())
    response = upload(officer_client, workbook(GOOD))
    assert response.status_code == 302, response.content[:500]
    assert len(set(uploads()) - before) == 1
    preview_url = response["Location"]
    assert preview_url.startswith("/to-chuc/BV-BM/nhap-danh-sach/")

    people = Person.objects.count()
    preview = officer_client.get(preview_url)
    assert preview.status_code == 200
    assert [(r["number"], r["status"]) for r in preview.context["rows"]] == [(4, "create"), (5, "create"), (6, "unchanged")]
    text = preview.content.decode()
    assert "Xem trước" in text and "Thêm mới" in text and "Không đổi" in text and "Xác nhận nhập" in text
    assert Person.objects.count() == people  # a preview writes nothing

    result = officer_client.post(preview_url)
    assert result.status_code == 200
    assert "Đã ghi vào cơ sở dữ liệu" in result.content.decode()
    assert Person.objects.count() == people + 2
    mai = Person.objects.get(cccd="001191004321")
    assert mai.date_of_birth == date(1991, 6, 5) and mai.phone == "0912345678"
    assert Employment.objects.get(person=mai).organisation == tree.cardio
    assert Membership.objects.get(person=mai).card_number == "BM-0101"
    folder = (set(uploads()) - before).pop()
    assert not list(folder.glob("tep.*")) and not (folder / "ten").exists()  # the spreadsheet is gone after the import
    assert "Đã ghi vào cơ sở dữ liệu" in officer_client.get(preview_url).content.decode()  # the result stays to read
    assert officer_client.post(preview_url).status_code == 404  # nothing left to import twice

    again = upload(officer_client, workbook(GOOD))
    assert again.status_code == 302
    preview = officer_client.get(again["Location"])
    assert {r["status"] for r in preview.context["rows"]} == {"unchanged"}
    officer_client.post(again["Location"])
    assert Person.objects.count() == people + 2


def test_rows_with_problems_block_the_import_and_the_problems_sheet_lists_them(tree, officer_client):
    response = upload(officer_client, workbook(BAD, "bệnh viện.xlsx"))
    assert response.status_code == 302
    preview_url = response["Location"]
    preview = officer_client.get(preview_url)
    rows = {r["number"]: r for r in preview.context["rows"]}
    assert rows[7]["status"] == "error" and "Số CCCD phải có 12 chữ số" in preview.content.decode()
    assert rows[8]["status"] == "duplicate" and "Trùng số CCCD với dòng 4" in preview.content.decode()
    assert preview.context["summary"]["errors"] == 1 and preview.context["summary"]["duplicates"] == 1

    sheet = officer_client.get(preview_url + "loi.xlsx")
    assert sheet.status_code == 200
    assert sheet["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert ".xlsx" in sheet["Content-Disposition"]
    table = sheet_rows(download(sheet))
    assert table[0][0] == "Dòng" and table[0][-1] == "Lỗi"
    assert [int(r[0]) for r in table[1:]] == [7, 8]
    assert "12 chữ số" in table[1][-1]

    people = Person.objects.count()
    refused = officer_client.post(preview_url)
    assert refused.status_code == 400
    assert "chưa ghi gì" in refused.content.decode()
    assert Person.objects.count() == people

    skipped = officer_client.post(preview_url, {"bo_qua_loi": "1"})
    assert skipped.status_code == 200
    assert Person.objects.count() == people + 2  # Mai and Nam; the error and the duplicate are left out
    # The rows left out can still be fetched from the result page, to fix and import again.
    assert "Tải bảng các dòng chưa nhập" in skipped.content.decode()
    left_out = sheet_rows(download(officer_client.get(preview_url + "loi.xlsx")))
    assert [int(r[0]) for r in left_out[1:]] == [7, 8]


@pytest.mark.parametrize("name, content, message", [
    ("rac.xlsx", b"\x00\x01 not a spreadsheet at all" * 20, "không phải bảng tính .xlsx hợp lệ"),
    ("ghi-chu.txt", b"Ho ten\nA", "chỉ nhận .xlsx, .xls, .ods hoặc .csv"),
    ("rong.csv", b"", "rỗng"),
    ("khong-tieu-de.csv", "a,b,c\n1,2,3\n".encode(), "Không tìm thấy dòng tiêu đề"),
])
def test_an_invalid_file_is_refused_in_vietnamese_and_nothing_is_kept(tree, officer_client, name, content, message):
    before, people = set(uploads()), Person.objects.count()
    response = upload(officer_client, SimpleUploadedFile(name, content))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Person.objects.count() == people
    assert set(uploads()) == before


def test_no_file_chosen(tree, officer_client):
    response = officer_client.post("/to-chuc/BV-BM/nhap-danh-sach/", {})
    assert response.status_code == 400
    assert "Hãy chọn một tệp bảng tính" in response.content.decode()


def test_a_too_large_upload_is_refused(tree, officer_client, settings):
    settings.THIDUA_IMPORT_MAX_BYTES = 1024
    response = upload(officer_client, SimpleUploadedFile("lon.csv", b"Ho ten,Ngay sinh\n" + b"A,1/1/1990\n" * 200))
    assert response.status_code == 400
    assert "quá lớn" in response.content.decode()


def test_a_viewer_may_not_import_and_another_province_sees_nothing(tree, make_user, hanoi_officer):
    viewer = Client()
    viewer.force_login(make_user(Role.VIEWER, tree.hanoi))
    assert viewer.get("/to-chuc/BV-BM/nhap-danh-sach/").status_code == 403
    assert upload(viewer, workbook(GOOD)).status_code == 403
    assert viewer.get("/to-chuc/BV-BM/nhap-danh-sach/mau.xlsx").status_code == 403
    assert viewer.get("/to-chuc/BV-BM/xuat-doan-vien.xlsx").status_code == 200  # reading is open

    hue = Client()
    hue.force_login(make_user(Role.UNION_OFFICER, tree.hue))
    assert hue.get("/to-chuc/BV-BM/nhap-danh-sach/").status_code == 404
    assert upload(hue, workbook(GOOD)).status_code == 404
    assert hue.get("/to-chuc/BV-BM/xuat-doan-vien.xlsx").status_code == 404


def test_an_upload_belongs_to_the_user_who_made_it(tree, officer_client, make_user):
    response = upload(officer_client, workbook(GOOD))
    other = Client()
    other.force_login(make_user(Role.UNION_OFFICER, tree.hanoi))
    assert other.get(response["Location"]).status_code == 404
    assert other.post(response["Location"]).status_code == 404
    assert officer_client.get("/to-chuc/BV-BM/nhap-danh-sach/khong-phai-ma/").status_code == 404


def test_the_template_downloads_with_the_vietnamese_headers(tree, officer_client):
    response = officer_client.get("/to-chuc/BV-BM/nhap-danh-sach/mau.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    table = sheet_rows(download(response))
    assert table[0][:3] == ["STT", "Họ và tên", "Ngày sinh"] and "Số CCCD" in table[0]
    assert len(table) == 1


def test_the_export_downloads_the_subtree(tree, officer_client):
    response = officer_client.get("/to-chuc/BV-BM/xuat-doan-vien.xlsx")
    assert response.status_code == 200
    assert "doan-vien-BV-BM" in response["Content-Disposition"]
    table = sheet_rows(download(response))
    names = {row[1] for row in table[1:]}
    assert names == {"Nguyễn Văn Đức", "Trần Thị Hòa"}


def test_the_unit_page_links_to_import_and_export(tree, officer_client, make_user):
    text = officer_client.get("/to-chuc/BV-BM/").content.decode()
    assert "/to-chuc/BV-BM/nhap-danh-sach/" in text and "/to-chuc/BV-BM/xuat-doan-vien.xlsx" in text
    viewer = Client()
    viewer.force_login(make_user(Role.VIEWER, tree.hanoi))
    text = viewer.get("/to-chuc/BV-BM/").content.decode()
    assert "/to-chuc/BV-BM/nhap-danh-sach/" not in text and "/to-chuc/BV-BM/xuat-doan-vien.xlsx" in text


def test_a_large_file_is_previewed_and_imported_by_the_worker(tree, officer_client, hanoi_officer, settings):
    """Above the threshold the job goes to huey (immediate in tests); the page polls its progress."""
    from unittest import mock

    settings.THIDUA_IMPORT_BACKGROUND_BYTES = 0
    with mock.patch("thidua.imports.tasks.import_job") as job:
        response = upload(officer_client, workbook(GOOD))  # queued, not run: the request returns at once
    assert job.call_count == 1 and job.call_args.args[3] == "preview"
    preview_url = response["Location"]
    waiting = officer_client.get(preview_url)
    assert waiting.status_code == 200 and "<progress" in waiting.content.decode()
    assert f'hx-get="{preview_url}tien-do/"' in waiting.content.decode()
    poll = officer_client.get(preview_url + "tien-do/")
    assert poll.status_code == 200 and "HX-Refresh" not in poll

    # The worker's run (huey in immediate mode runs the real task in this process).
    token = preview_url.rstrip("/").rsplit("/", 1)[1]
    from thidua.imports.tasks import import_job

    import_job(token, hanoi_officer.pk, "BV-BM", "preview", False, "2026-11-25")
    poll = officer_client.get(preview_url + "tien-do/")
    assert poll["HX-Refresh"] == "true"
    preview = officer_client.get(preview_url)
    assert [(r["number"], r["status"]) for r in preview.context["rows"]] == [(4, "create"), (5, "create"), (6, "unchanged")]

    people = Person.objects.count()
    result = officer_client.post(preview_url)  # huey immediate: the confirm job runs at once
    assert result.status_code == 200 and "Đã ghi vào cơ sở dữ liệu" in result.content.decode()
    assert Person.objects.count() == people + 2


# --- Progress: the job writes its stage and percent as it goes; the page shows them ---------------------

def _record_statuses(monkeypatch) -> list[dict]:
    """Every status.json the job writes, in order."""
    from thidua.imports import views

    written = []
    real = views._write_json

    def recording(path, data):
        if path.name == "status.json":
            written.append(dict(data))
        real(path, data)

    monkeypatch.setattr(views, "_write_json", recording)
    return written


def test_the_job_writes_each_stage_of_a_real_run_into_its_status(tree, officer_client, monkeypatch):
    written = _record_statuses(monkeypatch)
    response = upload(officer_client, workbook(GOOD))  # the preview runs in this request (a small file)
    assert response.status_code == 302
    percents, messages = [s["percent"] for s in written], [s["message"] for s in written]
    assert percents == sorted(percents) and percents[0] < 50 < percents[-1] == 100, written
    assert len(set(percents)) >= 3, written  # the bar moves through the stages, not only start and end
    assert "Đang đọc tệp" in messages and "Đang kiểm tra dòng 1–3 / 3" in messages and "Đang tìm người trùng" in messages
    assert [s["state"] for s in written[:-1]] == ["running"] * (len(written) - 1)
    assert written[-1] == {"mode": "preview", "state": "done", "percent": 100, "message": "Đã kiểm tra xong"}
    assert all(s["percent"] < 100 for s in written[:-1])  # 100 only once the outcome is kept

    written.clear()
    officer_client.post(response["Location"])  # the confirmation: a real import
    percents, messages = [s["percent"] for s in written], [s["message"] for s in written]
    assert percents == sorted(percents) and percents[-1] == 100, written
    assert messages.index("Đang tìm người trùng") < messages.index("Đang ghi vào cơ sở dữ liệu") < len(messages) - 1
    assert written[-1] == {"mode": "confirm", "state": "done", "percent": 100, "message": "Đã nhập xong"}


def test_a_failed_job_says_why_in_its_status(tree, officer_client, monkeypatch):
    written = _record_statuses(monkeypatch)
    response = upload(officer_client, SimpleUploadedFile("khong-tieu-de.csv", "a,b,c\n1,2,3\n".encode()))
    assert response.status_code == 400
    assert written[-1]["state"] == "failed" and written[-1]["percent"] == 100
    assert "Không tìm thấy dòng tiêu đề" in written[-1]["message"]


def test_the_progress_writer_writes_each_new_stage_at_once_and_row_steps_a_few_times_a_second(tmp_path):
    from thidua.imports.views import ProgressWriter

    clock = [100.0]
    writes = []
    status = ProgressWriter(tmp_path / "status.json", mode="import", clock=lambda: clock[0])
    real_write = status.write
    status.write = lambda state, message, **kw: (real_write(state, message, **kw), writes.append((status.percent, message)))

    status(0, "Đang đọc tệp")
    for step in range(50):  # fifty steps of the same stage within a tenth of a second: one write
        clock[0] += 0.002
        status(20 + step // 2, f"Đang kiểm tra dòng {step * 10_000 + 1}–{(step + 1) * 10_000} / 500.000")
    assert writes == [(0, "Đang đọc tệp"), (20, "Đang kiểm tra dòng 1–10000 / 500.000")]
    clock[0] += 0.3  # a while later, the next step of the same stage is shown
    status(45, "Đang kiểm tra dòng 490001–500000 / 500.000")
    status(50, "Đang tìm người trùng")  # a new stage is written at once
    status(40, "Đang ghi vào cơ sở dữ liệu")  # the bar never goes back
    status(100, "Đã nhập xong")  # …and 100 waits until the job has kept its outcome
    assert writes[2:] == [(45, "Đang kiểm tra dòng 490001–500000 / 500.000"), (50, "Đang tìm người trùng"),
                          (50, "Đang ghi vào cơ sở dữ liệu")]
    import json

    assert json.loads((tmp_path / "status.json").read_text(encoding="utf-8")) == {
        "mode": "import", "state": "running", "percent": 50, "message": "Đang ghi vào cơ sở dữ liệu"}
    status.write("done", "Đã nhập xong", percent=100)
    assert writes[-1] == (100, "Đã nhập xong")


def test_the_progress_fragment_shows_the_stage_and_the_percent(tree, officer_client, hanoi_officer, settings):
    from unittest import mock

    from thidua.imports.views import ProgressWriter

    settings.THIDUA_IMPORT_BACKGROUND_BYTES = 0
    with mock.patch("thidua.imports.tasks.import_job"):
        response = upload(officer_client, workbook(GOOD))
    preview_url = response["Location"]
    poll = officer_client.get(preview_url + "tien-do/")
    assert "Đang chờ đến lượt xử lý" in poll.content.decode() and 'value="0"' in poll.content.decode()

    token = preview_url.rstrip("/").rsplit("/", 1)[1]
    ProgressWriter(Path(settings.THIDUA_UPLOAD_DIR) / token / "status.json", mode="preview")(
        42, "Đang kiểm tra dòng 40.001–50.000 / 100.000")
    poll = officer_client.get(preview_url + "tien-do/")
    text = poll.content.decode()
    assert poll.status_code == 200 and "HX-Refresh" not in poll
    assert 'value="42"' in text and "Đang kiểm tra dòng 40.001–50.000 / 100.000 (42%)" in text
    page = officer_client.get(preview_url).content.decode()  # the page itself starts from the same status
    assert "Đang kiểm tra dòng 40.001–50.000 / 100.000" in page and 'hx-trigger="every 1s"' in page


def test_a_file_stashed_by_the_command_line_is_not_a_web_users_and_the_system_sees_every_job(tree, officer_client, hanoi_officer):
    from thidua.core.errors import NotFound
    from thidua.core.permissions import SYSTEM
    from thidua.imports.views import job_read, stash_upload

    token = stash_upload(user=SYSTEM, org=tree.bach_mai, name="ds.xlsx", chunks=[workbook(GOOD).read()])
    assert officer_client.get(f"/to-chuc/BV-BM/nhap-danh-sach/{token}/").status_code == 404
    assert officer_client.get(f"/to-chuc/BV-BM/nhap-danh-sach/{token}/tien-do/").status_code == 404
    web = upload(officer_client, workbook(GOOD))["Location"].rstrip("/").rsplit("/", 1)[1]
    job = job_read(web)  # the system actor: any job, whoever started it
    assert (job["org"], job["name"], job["state"], job["outcome"]["summary"]["created"]) == ("BV-BM", "danh-sach.xlsx", "done", 2)
    with pytest.raises(NotFound):
        job_read(web, user=hanoi_officer)
