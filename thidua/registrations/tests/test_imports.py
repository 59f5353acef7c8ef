"""A unit's registration list from a spreadsheet: matching people, preview, confirmation, problems sheet,
and who may reach an uploaded file's pages (the routes the scope matrix leaves to this module)."""
from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from thidua.core.models import Role
from thidua.core.permissions import SYSTEM
from thidua.registrations.models import Registration
from thidua.registrations.spreadsheets import registrations_import

CSV = (
    "DANH SÁCH ĐĂNG KÝ THI ĐUA NĂM 2025\n"
    "STT,Họ và tên,Ngày sinh,Số CCCD,Danh hiệu đăng ký,Đơn vị\n"
    "1,Nguyen Van Duc,,1085001234,Chiến sĩ thi đua cơ sở,Khoa Tim mạch\n"
    "2,tran thi hoa,02/07/1990,,lao dong tien tien,\n"
    "3,Phạm Ngọc Lan,,,Lao động tiên tiến,\n"
    "4,Trần Thị Hòa,02/07/1990,,Danh hiệu không có,\n"
    "5,Trần Thị Hòa,02/07/1990,,Tập thể lao động tiên tiến,\n"
).encode()


def _write(tmp_path, data: bytes = CSV):
    path = tmp_path / "dang-ky.csv"
    path.write_bytes(data)
    return path


def test_people_are_matched_by_cccd_or_unaccented_name_and_birth_date_within_the_unit(tree, hn_round, tmp_path):
    result = registrations_import(actor=SYSTEM, path=_write(tmp_path), round=hn_round, unit=tree.bach_mai, on=hn_round.opened_on)
    rows = {r.number: r for r in result.rows}
    assert rows[3].person == tree.duc and rows[3].award == "chien_si_thi_dua_co_so" and rows[3].ok
    assert rows[4].person == tree.hoa and rows[4].award == "lao_dong_tien_tien" and rows[4].ok
    assert "Không tìm thấy «Phạm Ngọc Lan» trong Công đoàn Bệnh viện Bạch Mai" in rows[5].problems[0].message
    assert rows[6].problems[0].message == "Danh hiệu không có trong danh mục thi đua, khen thưởng"
    assert "dành cho tập thể" in rows[7].problems[0].message
    assert not Registration.objects.exists()  # a preview writes nothing


def test_confirming_registers_the_valid_rows_in_one_go(tree, hn_round, tmp_path):
    result = registrations_import(actor=SYSTEM, path=_write(tmp_path), round=hn_round, unit=tree.bach_mai, on=hn_round.opened_on,
                                  dry_run=False)
    assert result.created == 2
    assert set(Registration.objects.values_list("person__full_name", "award")) == {
        ("Nguyễn Văn Đức", "chien_si_thi_dua_co_so"), ("Trần Thị Hòa", "lao_dong_tien_tien")}
    again = registrations_import(actor=SYSTEM, path=_write(tmp_path), round=hn_round, unit=tree.bach_mai, on=hn_round.opened_on)
    assert "Đã đăng ký «Chiến sĩ thi đua cơ sở» năm 2025" in {p.message for p in again.problems}


def _upload(client, round_, unit, data=CSV):
    base = f"/dang-ky-thi-dua/dot/{round_.pk}/don-vi/{unit.code}/nhap/"
    response = client.post(base, {"tep": SimpleUploadedFile("dang-ky.csv", data)})
    assert response.status_code == 302, response.content[:300]
    return base, response["Location"]


def test_upload_preview_confirm_and_problems_sheet_in_the_pages(tree, hn_round, bm_officer):
    from python_calamine import CalamineWorkbook

    client = Client()
    client.force_login(bm_officer)
    base, preview = _upload(client, hn_round, tree.bach_mai)
    page = client.get(preview).content.decode()
    assert "2 dòng hợp lệ, 3 lỗi" in page and "Chưa có gì được ghi lại" in page
    sheet = client.get(preview + "loi.xlsx")
    rows = CalamineWorkbook.from_filelike(BytesIO(b"".join(sheet.streaming_content))).get_sheet_by_index(0).to_python()
    assert rows[0] == ["Dòng", "Họ và tên", "Cột", "Giá trị", "Lỗi"] and len(rows) == 4
    refused = client.post(preview, {})
    assert refused.status_code == 400 and "còn dòng lỗi" in refused.content.decode()
    assert not Registration.objects.exists()
    # The round's deadline (31/01/2025) is past: the list goes in only as late registrations, with a reason.
    late = client.post(preview, {"bo_qua_loi": "1"})
    assert late.status_code == 400 and "Đã quá hạn đăng ký (31/01/2025)" in late.content.decode()
    assert not Registration.objects.exists()
    done = client.post(preview, {"bo_qua_loi": "1", "muon": "1", "ly_do_muon": "Danh sách gửi chậm"})
    assert done.status_code == 302 and Registration.objects.count() == 2
    assert set(Registration.objects.values_list("late", "late_reason")) == {(True, "Danh sách gửi chậm")}
    assert "Đã nhập" in client.get(preview).content.decode()


@pytest.mark.parametrize("suffix", ["", "loi.xlsx"])
def test_an_uploaded_file_is_reached_only_by_its_uploader_on_its_unit(tree, hn_round, bm_officer, make_user, suffix):
    owner = Client()
    owner.force_login(bm_officer)
    base, preview = _upload(owner, hn_round, tree.bach_mai)
    token = preview.rstrip("/").rsplit("/", 1)[1]
    colleague = Client()
    colleague.force_login(make_user(Role.UNION_OFFICER, tree.bach_mai))
    assert colleague.get(preview + suffix).status_code == 404  # another user's file is missing to them
    viewer = Client()
    viewer.force_login(make_user(Role.VIEWER, tree.bach_mai))
    assert viewer.get(preview + suffix).status_code == 403
    hue = Client()
    hue.force_login(make_user(Role.UNION_OFFICER, tree.hue))
    assert hue.get(preview + suffix).status_code == 404
    other_unit = f"/dang-ky-thi-dua/dot/{hn_round.pk}/don-vi/{tree.hanoi_pharma.code}/nhap/{token}/{suffix}"
    hanoi = Client()
    hanoi.force_login(bm_officer)
    assert hanoi.get(other_unit).status_code == 404
    assert owner.get(preview + suffix).status_code == 200


def test_a_file_that_is_not_a_list_is_refused_in_vietnamese(tree, hn_round, bm_officer):
    client = Client()
    client.force_login(bm_officer)
    base, preview = _upload(client, hn_round, tree.bach_mai, data=b"chi co mot dong\n")
    response = client.get(preview)
    assert response.status_code == 400 and "Không tìm thấy dòng tiêu đề" in response.content.decode()
