"""Proposals imported from a spreadsheet: matching people of the proposing unit, the pre-check in the preview, rows with
problems listed with their numbers, the confirmation, and who may reach an uploaded file's pages."""
from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from thidua.core.models import Role
from thidua.core.permissions import SYSTEM
from thidua.nominations import services
from thidua.nominations.imports import proposals_import
from thidua.nominations.models import Proposal
from thidua.nominations.tests.conftest import LDTT, ON, YEAR, good_year

CSV = (
    "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG\n"
    "STT,Họ và tên,Ngày sinh,CCCD,Năm thành tích,Tóm tắt thành tích,Lý do đề nghị dù chưa đủ điều kiện\n"
    "1,tran thi hoa,02/07/1990,,2024,Chăm sóc người bệnh tận tình,\n"
    "2,Nguyễn Văn Đức,,1085001234,2024,Mổ tim,\n"
    "3,Phạm Ngọc Lan,,,2024,,\n"
    "4,Trần Thị Hòa,02/07/1990,,2024,,\n"
    "5,Nguyễn Văn Đức,,001085001234,năm ngoái,,Đang chờ xếp loại\n"
).encode()


@pytest.fixture
def dossier(tree, hn_round):
    return services.dossier_create(actor=SYSTEM, round=hn_round, proposer=tree.bach_mai, award=LDTT, on=ON)


def _write(tmp_path, data: bytes = CSV):
    path = tmp_path / "de-nghi.csv"
    path.write_bytes(data)
    return path


def test_the_preview_matches_people_runs_the_pre_check_and_lists_problems_by_row(tree, dossier, tmp_path):
    good_year(tree.hoa)
    result = proposals_import(actor=SYSTEM, path=_write(tmp_path), dossier=dossier, on=ON)
    rows = {r.number: r for r in result.rows}
    assert rows[3].person == tree.hoa and rows[3].ok and rows[3].verdict == "eligible"
    assert rows[4].person == tree.duc and "Hãy ghi lý do đề nghị dù chưa đủ điều kiện" in rows[4].problems[0].message
    assert rows[4].problems[0].column == "Lý do đề nghị dù chưa đủ điều kiện"
    assert "Không tìm thấy «Phạm Ngọc Lan»" in rows[5].problems[0].message
    assert rows[6].problems[0].message == "Trùng với dòng 3"
    assert "Năm thành tích không hợp lệ" in rows[7].problems[0].message
    assert not Proposal.objects.exists()
    done = proposals_import(actor=SYSTEM, path=_write(tmp_path), dossier=dossier, on=ON, dry_run=False)
    assert done.created == 1 and done.committed
    proposal = Proposal.objects.get()
    assert (proposal.person, proposal.achievement, proposal.verdict) == (tree.hoa, "Chăm sóc người bệnh tận tình", "eligible")
    again = proposals_import(actor=SYSTEM, path=_write(tmp_path), dossier=dossier, on=ON)
    assert {r.number: r for r in again.rows}[3].problems[0].message == "Người này đã có trong hồ sơ"


def test_a_collective_award_cannot_be_imported(tree, hn_round, tmp_path):
    from thidua.core.errors import UserError

    collective = services.dossier_create(actor=SYSTEM, round=hn_round, proposer=tree.bach_mai, award="tap_the_lao_dong_tien_tien", on=ON)
    with pytest.raises(UserError, match="chỉ gồm cá nhân"):
        proposals_import(actor=SYSTEM, path=_write(tmp_path), dossier=collective, on=ON)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_upload_preview_confirm_on_the_pages(tree, dossier, bm_officer, make_user):
    good_year(tree.hoa, YEAR)
    client = _client(bm_officer)
    url = reverse("nominations-import", args=[dossier.pk])
    assert "Tải tệp mẫu" in client.get(url).content.decode()
    template = client.get(reverse("nominations-import-template", args=[dossier.pk]))
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxmlformats")
    wrong = client.post(url, {"tep": SimpleUploadedFile("ds.txt", b"x")})
    assert wrong.status_code == 400 and "không phải bảng tính" in wrong.content.decode()
    assert client.post(url, {}).status_code == 400
    uploaded = client.post(url, {"tep": SimpleUploadedFile("ds.csv", CSV)})
    assert uploaded.status_code == 302
    preview_url = uploaded["Location"]
    preview = client.get(preview_url).content.decode()
    assert "Dòng 5" in preview and "Không tìm thấy «Phạm Ngọc Lan»" in preview
    # Someone else, or a viewer, cannot reach this upload.
    other = make_user(Role.UNION_OFFICER, tree.bach_mai)
    assert _client(other).get(preview_url).status_code == 404
    assert _client(make_user(Role.VIEWER, tree.bach_mai)).get(preview_url).status_code == 403
    assert _client(make_user(Role.UNION_OFFICER, tree.hue)).get(preview_url).status_code == 404
    refused = client.post(preview_url, {})
    assert refused.status_code == 400 and "Danh sách còn dòng lỗi" in refused.content.decode()
    assert not Proposal.objects.exists()
    confirmed = client.post(preview_url, {"bo_qua_loi": "1"})
    assert confirmed.status_code == 302 and confirmed["Location"] == reverse("nominations-dossier", args=[dossier.pk])
    assert Proposal.objects.get().person == tree.hoa
    assert client.get(preview_url).status_code == 404  # the file is gone once imported
    assert client.get(reverse("nominations-import-preview", args=[dossier.pk, "bad"])).status_code == 404
