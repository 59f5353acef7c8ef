"""Pages of movements: the list by year, launching from the browser, the movement page and its forms."""
from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.campaigns.models import ContestScore, Movement, MovementModel, MovementResponse, PeakCampaign, ResultReport
from thidua.campaigns.services import contest_add, contest_entry_add, movement_launch, response_submit
from thidua.campaigns.tests.conftest import PDF
from thidua.core.models import Role
from thidua.core.permissions import SYSTEM


def _client(client, user):
    client.force_login(user)
    return client


def test_the_list_filters_by_year_and_offers_launching_to_officers(client, tree, hanoi_emulation, movement, viewer):
    movement_launch(actor=SYSTEM, organisation=tree.hanoi, name="Phong trào năm 2023", start=date(2023, 1, 1),
                    end=date(2023, 12, 31), launched_on=date(2023, 1, 1))
    page = _client(client, hanoi_emulation).get("/phong-trao/?nam=2025").content.decode()
    assert movement.name in page and "Phong trào năm 2023" not in page and "Phát động phong trào" in page
    assert "Phong trào năm 2023" in client.get("/phong-trao/?nam=2023").content.decode()
    assert client.get("/phong-trao/?nam=abc").status_code == 400
    assert "Phát động phong trào" not in _client(client, viewer).get("/phong-trao/").content.decode()


def test_launch_from_the_browser_with_chosen_units_partner_and_a_document(client, tree, hanoi_emulation, partner):
    client = _client(client, hanoi_emulation)
    assert client.get("/phong-trao/phat-dong/").url == f"/phong-trao/phat-dong/{tree.hanoi.code}/"
    form = client.get(f"/phong-trao/phat-dong/{tree.hanoi.code}/").content.decode()
    assert "Công đoàn Bệnh viện Bạch Mai" in form and "Sở Y tế Hà Nội" in form and 'name="targets"' in form
    response = client.post(f"/phong-trao/phat-dong/{tree.hanoi.code}/", {
        "name": "Xanh – Sạch – Đẹp", "theme": "Bệnh viện xanh", "start": "01/03/2025", "end": "31/12/2025",
        "launched_on": "20/02/2025", "target_mode": "chosen", "targets": [tree.bach_mai.code], "partners": [partner.code],
        "criteria": "Khuôn viên xanh\nKhoa phòng sạch", "documents": [SimpleUploadedFile("ke-hoach.pdf", PDF)],
    })
    movement = Movement.objects.get()
    assert response.status_code == 302 and response.url == f"/phong-trao/{movement.pk}/"
    assert movement.start == date(2025, 3, 1) and movement.criteria == ["Khuôn viên xanh", "Khoa phòng sạch"]
    page = client.get(response.url).content.decode()
    assert "Đã phát động phong trào «Xanh – Sạch – Đẹp»" in page and "Sở Y tế Hà Nội" in page and "ke-hoach.pdf" in page
    document = movement.documents.get()
    download = client.get(f"/phong-trao/tai-lieu/{document.pk}/")
    assert download.status_code == 200 and download.content == PDF and download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="ke-hoach.pdf"'



def test_a_refused_launch_comes_back_with_the_message_and_the_typed_values(client, tree, hanoi_emulation):
    response = _client(client, hanoi_emulation).post(f"/phong-trao/phat-dong/{tree.hanoi.code}/", {
        "name": "Phong trào", "start": "31/12/2025", "end": "01/01/2025", "target_mode": "subtree",
        "documents": [SimpleUploadedFile("bang.xlsx", b"PK\x03\x04")],
    })
    text = response.content.decode()
    assert response.status_code == 400 and "sớm hơn ngày bắt đầu" in text and 'value="Phong trào"' in text
    response = client.post(f"/phong-trao/phat-dong/{tree.hanoi.code}/", {
        "name": "Phong trào", "start": "01/01/2025", "end": "31/12/2025", "target_mode": "subtree",
        "documents": [SimpleUploadedFile("bang.xlsx", b"PK\x03\x04")],
    })
    assert response.status_code == 400 and "chỉ nhận văn bản PDF" in response.content.decode()
    assert not Movement.objects.exists()


def test_a_movement_is_corrected_on_its_own_form_filled_with_what_is_stored(client, tree, hanoi_emulation, viewer, movement):
    from thidua.core.models import AuditEntry

    page = _client(client, hanoi_emulation).get(f"/phong-trao/{movement.pk}/sua/")
    text = page.content.decode()
    assert page.status_code == 200 and f'value="{movement.name}"' in text and 'value="31/12/2025"' in text
    assert "Tỷ lệ hài lòng trên 90%" in text and "Lưu thay đổi" in text
    refused = client.post(f"/phong-trao/{movement.pk}/sua/", {
        "name": "Tên mới", "start": "01/07/2025", "end": "30/06/2025", "target_mode": "subtree"})
    assert refused.status_code == 400 and "sớm hơn ngày bắt đầu" in refused.content.decode()
    movement.refresh_from_db()
    assert movement.end == date(2025, 12, 31) and movement.name != "Tên mới"
    saved = client.post(f"/phong-trao/{movement.pk}/sua/", {
        "name": "Tên mới", "start": "01/01/2025", "end": "30/11/2025", "target_mode": "subtree",
        "criteria": "Không để người bệnh phàn nàn", "reason": "Rút ngắn thời gian"})
    assert saved.status_code == 302 and saved["Location"] == f"/phong-trao/{movement.pk}/"
    movement.refresh_from_db()
    assert (movement.name, movement.end, movement.criteria) == ("Tên mới", date(2025, 11, 30), ["Không để người bệnh phàn nàn"])
    entry = AuditEntry.objects.filter(model="campaigns.movement", object_id=str(movement.pk), action="update").get()
    assert entry.reason == "Rút ngắn thời gian" and entry.after["name"] == "Tên mới"
    assert _client(client, viewer).get(f"/phong-trao/{movement.pk}/sua/").status_code == 403


def test_launching_is_refused_to_viewers_and_outside_the_scope(client, tree, viewer, hanoi_emulation):
    assert _client(client, viewer).get(f"/phong-trao/phat-dong/{tree.hanoi.code}/").status_code == 403
    assert client.get("/phong-trao/phat-dong/").status_code == 403
    assert _client(client, hanoi_emulation).get(f"/phong-trao/phat-dong/{tree.hue.code}/").status_code == 404


def test_the_movement_page_shows_who_responded_and_takes_the_forms(client, tree, hanoi_emulation, bm_officer, movement):
    client = _client(client, bm_officer)
    page = client.get(f"/phong-trao/{movement.pk}/").content.decode()
    assert "Chưa hưởng ứng" in page and "Hưởng ứng phong trào" in page and "Thêm đợt cao điểm" not in page
    response = client.post(f"/phong-trao/{movement.pk}/huong-ung/", {"don_vi": tree.bach_mai.code, "plan": "Kế hoạch 15/KH",
                                                                        "plan_file": SimpleUploadedFile("kh.pdf", PDF)})
    assert response.status_code == 302
    answer = MovementResponse.objects.get()
    assert answer.organisation == tree.bach_mai
    response = client.post(f"/phong-trao/huong-ung/{answer.pk}/ket-qua/", {"period": "Quý I/2025", "text": "Đã làm",
                                                                            "figures": "Số khoa tham gia: 12"})
    assert response.status_code == 302 and ResultReport.objects.get().figures == [{"label": "Số khoa tham gia", "value": 12}]
    bad = client.post(f"/phong-trao/huong-ung/{answer.pk}/ket-qua/", {"period": "Quý II", "text": "x", "figures": "mười hai"})
    assert bad.status_code == 400 and "tên chỉ tiêu: số" in bad.content.decode()
    page = client.get(f"/phong-trao/{movement.pk}/").content.decode()
    assert "Đã hưởng ứng ngày" in page and "Số khoa tham gia: 12" in page
    assert 'Tệp kế hoạch</a>' in page
    plan = client.get(f"/phong-trao/huong-ung/{answer.pk}/ke-hoach/")
    assert plan.status_code == 200 and plan.content == PDF and plan["Content-Type"] == "application/pdf"
    assert plan["Content-Disposition"] == 'attachment; filename="kh.pdf"'
    response = client.post(f"/phong-trao/{movement.pk}/mo-hinh/", {"don_vi": tree.bach_mai.code, "name": "Dân vận khéo",
                                                                      "people": "tran thi hoa"})
    assert response.status_code == 302 and list(MovementModel.objects.get().people.all()) == [tree.hoa]
    # Campaigns belong to the launcher.
    assert client.post(f"/phong-trao/{movement.pk}/dot-cao-diem/", {"name": "X", "start": "01/02/2025", "end": "02/02/2025"}).status_code == 404


def test_a_campaign_outside_the_period_is_refused_on_the_page(client, tree, hanoi_emulation, movement):
    client = _client(client, hanoi_emulation)
    response = client.post(f"/phong-trao/{movement.pk}/dot-cao-diem/", {"name": "Cao điểm", "start": "01/12/2025", "end": "15/01/2026"})
    assert response.status_code == 400 and "phải nằm trong thời gian của phong trào" in response.content.decode()
    assert not PeakCampaign.objects.exists()
    response = client.post(f"/phong-trao/{movement.pk}/dot-cao-diem/", {"name": "Cao điểm Tết", "start": "15/01/2025", "end": "10/02/2025"})
    assert response.status_code == 302 and "Cao điểm Tết" in client.get(response.url).content.decode()


def test_a_contest_from_the_page_entries_scores_and_ranking(client, tree, hanoi_emulation, bm_officer, movement):
    officer = _client(client, hanoi_emulation)
    response = officer.post(f"/phong-trao/{movement.pk}/hoi-thi/", {"name": "Hội thi ảnh", "score_min": "0", "score_max": "10",
                                                                     "judges": "Nguyễn Văn Đức"})
    assert response.status_code == 302
    contest = movement.contests.get()
    assert response.url == f"/phong-trao/hoi-thi/{contest.pk}/" and list(contest.judges.all()) == [tree.duc]
    entry = contest_entry_add(actor=bm_officer, contest=contest, organisation=tree.bach_mai, title="Nụ cười", person=tree.hoa,
                              on=date(2025, 3, 1))
    bad = officer.post(f"/phong-trao/hoi-thi/{contest.pk}/cham-diem/", {"entry": entry.pk, "judge": tree.duc.pk, "score": "11"})
    assert bad.status_code == 400 and "nằm ngoài thang điểm" in bad.content.decode() and not ContestScore.objects.exists()
    good = officer.post(f"/phong-trao/hoi-thi/{contest.pk}/cham-diem/", {"entry": entry.pk, "judge": tree.duc.pk, "score": "8,5"})
    assert good.status_code == 302
    page = officer.get(good.url).content.decode()
    assert "Nụ cười" in page and "8,50" in page


def test_the_response_table_as_a_spreadsheet(client, tree, viewer, movement):
    from io import BytesIO

    from python_calamine import CalamineWorkbook

    response_submit(actor=SYSTEM, movement=movement, organisation=tree.bach_mai, plan="=HYPERLINK(\"x\")", on=date(2025, 2, 1))
    response = _client(client, viewer).get(f"/phong-trao/{movement.pk}/huong-ung.xlsx")
    assert response.status_code == 200
    rows = CalamineWorkbook.from_filelike(BytesIO(b"".join(response.streaming_content))).get_sheet_by_index(0).to_python()
    assert rows[0][:4] == ["STT", "Đơn vị", "Mã đơn vị", "Đã hưởng ứng"]
    by_code = {row[2]: row for row in rows[1:]}
    assert by_code["BV-BM"][3] == "Có" and by_code["DUOC-HN"][3] == "Chưa"
    assert by_code["BV-BM"][5].startswith("'=")  # a formula stays text


def test_the_person_page_lists_contest_entries(client, tree, make_user, movement):
    contest = contest_add(actor=SYSTEM, movement=movement, name="Hội thi ảnh", judges=[tree.duc])
    contest_entry_add(actor=SYSTEM, contest=contest, organisation=tree.bach_mai, title="Ảnh của Hòa", person=tree.hoa, on=date(2025, 3, 1))
    client = _client(client, make_user(Role.VIEWER, tree.hanoi))
    person_page = client.get(f"/nguoi/{tree.hoa.pk}/").content.decode()
    assert "Ảnh của Hòa" in person_page and "Hội thi ảnh" in person_page
    assert "Bài dự thi" not in client.get(f"/nguoi/{tree.duc.pk}/").content.decode()


def test_the_unit_section_lists_running_movements(client, tree, make_user):
    from django.utils.timezone import localdate

    today = localdate()
    movement_launch(actor=SYSTEM, organisation=tree.hanoi, name="Đang diễn ra hôm nay", start=today, end=today,
                    launched_on=today)
    client = _client(client, make_user(Role.VIEWER, tree.hanoi))
    page = client.get(f"/to-chuc/{tree.bach_mai.code}/").content.decode()
    assert "Đang diễn ra hôm nay" in page and "Chưa hưởng ứng" in page
    assert "Đang diễn ra hôm nay" not in client.get(f"/to-chuc/{tree.hanoi.code}/").content.decode()


def test_adding_a_document_needs_the_launcher_right(client, tree, hanoi_emulation, viewer, hue_movement, movement):
    """The upload route's row of the scope matrix lives here (a file cannot ride in the matrix's shared bodies)."""
    upload = lambda: {"title": "Kế hoạch", "documents": SimpleUploadedFile("kh.pdf", PDF)}  # noqa: E731
    assert _client(client, viewer).post(f"/phong-trao/{movement.pk}/tai-lieu/", upload()).status_code == 403
    officer = _client(client, hanoi_emulation)
    assert officer.post(f"/phong-trao/{hue_movement.pk}/tai-lieu/", upload()).status_code == 404
    assert officer.post(f"/phong-trao/{10**9}/tai-lieu/", upload()).status_code == 404
    assert officer.post(f"/phong-trao/{movement.pk}/tai-lieu/", upload()).status_code == 302
    bad = officer.post(f"/phong-trao/{movement.pk}/tai-lieu/", {"documents": SimpleUploadedFile("a.exe", b"MZ")})
    assert bad.status_code == 400 and "chỉ nhận văn bản PDF" in bad.content.decode()
    assert movement.documents.count() == 1


def test_a_document_downloads_under_its_own_name_only_within_scope(client, tree, hanoi_emulation, hue_officer, movement):
    """The bytes come from the row; the name the browser sent (without its folder) is the download's name."""
    from thidua.campaigns.services import movement_document_add

    document = movement_document_add(actor=hanoi_emulation, movement=movement,
                                     upload=SimpleUploadedFile("C:\\Văn bản\\Kế hoạch số 1.pdf", PDF))
    download = _client(client, hanoi_emulation).get(f"/phong-trao/tai-lieu/{document.pk}/")
    assert download.status_code == 200 and download.content == PDF
    assert download["Content-Disposition"] == "attachment; filename*=utf-8''K%E1%BA%BF%20ho%E1%BA%A1ch%20s%E1%BB%91%201.pdf"
    assert _client(client, hue_officer).get(f"/phong-trao/tai-lieu/{document.pk}/").status_code == 404
