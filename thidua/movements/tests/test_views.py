"""The pages: the list and its filters, an initiative, a council, a meeting, the forms end to end
(register → council → meeting → votes → result → acceptance), refusals shown again in Vietnamese,
the person and unit sections, and the spreadsheet export and import."""
from __future__ import annotations

import html
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.core.models import Role
from thidua.core.permissions import SYSTEM
from thidua.movements.models import Council, CouncilMeeting, Initiative, Review
from thidua.movements.services import initiative_record
from thidua.movements.tests.conftest import meet


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def officer_client(client, hanoi_officer):
    client.force_login(hanoi_officer)
    return client


def test_the_whole_workflow_through_the_forms(tree, board, officer_client):
    c = officer_client
    response = c.post("/sang-kien/dang-ky/", {"unit": "BV-BM", "kind": "topic", "title": "Đề tài chăm sóc người bệnh",
                                              "year": "2024", "on": "10/01/2024", "authors": "Trần Thị Hòa\n001085001234"})
    assert response.status_code == 302
    topic = Initiative.objects.get(title="Đề tài chăm sóc người bệnh")
    assert set(topic.authors.all()) == {tree.hoa, tree.duc} and topic.status == "registered"
    page = text(c.get(f"/sang-kien/hoi-dong/{board.council.pk}/"))
    assert "Đề tài chăm sóc người bệnh" in page and "Số thành viên tối thiểu có mặt để ra kết quả: 4" in page
    members = {m.person_id: m.pk for m in board.council.members.all()}
    response = c.post(f"/sang-kien/hoi-dong/{board.council.pk}/phien-hop/", {
        "held_on": "15/03/2024", "attendees": [str(pk) for pk in members.values()], "agenda": [str(topic.pk)]})
    meeting = CouncilMeeting.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/sang-kien/phien-hop/{meeting.pk}/"
    page = text(c.get(f"/sang-kien/phien-hop/{meeting.pk}/"))
    # Vũ Minh Khoa works in Khoa Tim mạch with the author Đức: he recuses, and the form has no field for him.
    assert "Rút khỏi việc xét: cùng Khoa Tim mạch với tác giả Nguyễn Văn Đức" in page
    voters = [board.chair, board.secretary, board.fourth, board.fifth]
    response = c.post(f"/sang-kien/phien-hop/{meeting.pk}/bieu-quyet/", {
        "initiative": str(topic.pk), "member": [str(members[p.pk]) for p in voters], "value": ["approve", "approve", "approve", "reject"]})
    assert response.status_code == 302 and Review.objects.count() == 4
    response = c.post(f"/sang-kien/phien-hop/{meeting.pk}/ket-qua/", {"initiative": str(topic.pk)})
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.status == "approved"
    response = c.post(f"/sang-kien/{topic.pk}/cong-nhan/", {"scope": "tinh", "decision_number": "", "decision_date": ""})
    assert response.status_code == 400 and "Chưa có quyết định công nhận" in text(response)
    response = c.post(f"/sang-kien/{topic.pk}/cong-nhan/", {"scope": "tinh", "decision_number": "45/QĐ-SYT", "decision_date": "20/12/2024"})
    assert response.status_code == 302
    page = text(c.get(f"/sang-kien/{topic.pk}/"))
    assert "Đã công nhận, nghiệm thu" in page and "Số 45/QĐ-SYT ngày 20/12/2024" in page and "3/4 thành viên tán thành" in page
    person_page = text(c.get(f"/nguoi/{tree.hoa.pk}/"))
    assert "Đề tài chăm sóc người bệnh" in person_page and "Đã công nhận" in person_page and "Cấp bộ, ban, ngành, tỉnh" in person_page


def test_a_vote_of_a_recused_member_sent_by_hand_is_refused_and_shown(board, officer_client):
    meeting = meet(board)
    members = {m.person_id: m.pk for m in board.council.members.all()}
    response = officer_client.post(f"/sang-kien/phien-hop/{meeting.pk}/bieu-quyet/", {
        "initiative": str(board.item.pk), "member": [str(members[board.chair.pk]), str(members[board.colleague.pk])],
        "value": ["approve", "approve"]})
    assert response.status_code == 400
    assert "«Vũ Minh Khoa» phải rút khỏi việc xét" in text(response) and not Review.objects.exists()


def test_a_result_without_quorum_is_refused_on_the_page(board, officer_client):
    meeting = meet(board, attendees=[board.chair, board.secretary])
    response = officer_client.post(f"/sang-kien/phien-hop/{meeting.pk}/ket-qua/", {"initiative": str(board.item.pk)})
    assert response.status_code == 400 and "chưa đủ 4" in text(response)
    assert "chưa đủ số lượng tối thiểu" in text(officer_client.get(f"/sang-kien/phien-hop/{meeting.pk}/"))


def test_bad_forms_are_shown_again_with_nothing_written(tree, board, officer_client):
    response = officer_client.post("/sang-kien/dang-ky/", {"unit": "BV-TWH", "kind": "topic", "title": "X", "year": "2024",
                                                           "on": "10/01/2024", "authors": "Lê Thị Hoà"})
    assert response.status_code == 400 and "Không tìm thấy đơn vị có mã «BV-TWH»" in text(response)
    response = officer_client.post("/sang-kien/dang-ky/", {"unit": "BV-BM", "kind": "topic", "title": "X", "year": "2024",
                                                           "on": "10/01/2024", "authors": "Người Không Có"})
    assert response.status_code == 400 and "Không tìm thấy «Người Không Có»" in text(response)
    response = officer_client.post("/sang-kien/hoi-dong/them/", {"unit": "BV-BM", "year": "2024", "name": "Hội đồng 2",
                                                                 "chair": "Trần Thị Hòa", "secretary": "", "members": ""})
    assert response.status_code == 400 and "ít nhất 3 thành viên" in text(response)
    assert Initiative.objects.count() == 1 and Council.objects.count() == 1


def test_the_list_filters_and_counts(tree, board, officer_client):
    initiative_record(actor=SYSTEM, kind="topic", title="Đề tài đã nghiệm thu", year=2024, organisation=tree.bach_mai,
                      authors=[tree.hoa], accepted=True, scope="co_so")
    page = text(officer_client.get("/sang-kien/?nam=2024&don_vi=BV-BM"))
    assert "Quy trình tiếp đón người bệnh tim mạch" in page and "Đề tài đã nghiệm thu" in page
    assert "Số liệu năm 2024: Công đoàn Bệnh viện Bạch Mai" in page
    page = text(officer_client.get("/sang-kien/?nam=2024&loai=topic"))
    assert "Đề tài đã nghiệm thu" in page and "Quy trình tiếp đón" not in page
    page = text(officer_client.get("/sang-kien/?nam=2024&trang_thai=registered"))
    assert "Đề tài đã nghiệm thu" not in page and "Quy trình tiếp đón" in page
    assert officer_client.get("/sang-kien/?trang_thai=xyz").status_code == 400
    org_page = text(officer_client.get("/to-chuc/BV-BM/"))
    assert "Sáng kiến, đề tài" in org_page and "Quy trình tiếp đón người bệnh tim mạch" in org_page


def test_the_export_holds_the_years_list(tree, board, officer_client):
    from python_calamine import CalamineWorkbook

    initiative_record(actor=SYSTEM, kind="initiative", title="=HYPERLINK(\"x\")", year=2024, organisation=tree.bach_mai,
                      authors=[tree.hoa])
    initiative_record(actor=SYSTEM, kind="topic", title="Ở Huế", year=2024, organisation=tree.hue_central, authors=[tree.hoa2])
    response = officer_client.get("/sang-kien/xuat.xlsx?nam=2024")
    assert response.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content))).get_sheet_by_index(0).to_python()
    assert rows[0][:4] == ["STT", "Tên sáng kiến/đề tài", "Loại", "Tác giả"]
    titles = [r[1] for r in rows[1:]]
    assert "Quy trình tiếp đón người bệnh tim mạch" in titles and "'=HYPERLINK(\"x\")" in titles and "Ở Huế" not in titles
    first = rows[1 + titles.index("Quy trình tiếp đón người bệnh tim mạch")]
    assert first[3] == "Nguyễn Văn Đức, 14/03/1985" and first[6] == "Đã đăng ký" and first[10] == date(2024, 1, 20)


CSV = ("Danh sách đăng ký sáng kiến năm 2025\n"
       "STT,Tên sáng kiến/đề tài,Loại,Tác giả,Đơn vị,Năm\n"
       "1,Cải tiến phát thuốc,Sáng kiến,001085001234,,2025\n"
       "2,Nghiên cứu nhiễm khuẩn,Đề tài,\"Trần Thị Hòa, 02/07/1990; Nguyễn Văn Đức\",BV-BM-TM,2025\n")


def _upload(client, body: str, **extra):
    return client.post("/sang-kien/nhap/", {"unit": "BV-BM", "on": "05/01/2025",
                                            "tep": SimpleUploadedFile("ds.csv", body.encode()), **extra})


def test_a_registration_list_is_imported(tree, officer_client):
    response = _upload(officer_client, CSV)
    assert response.status_code == 302
    topic = Initiative.objects.get(title="Nghiên cứu nhiễm khuẩn")
    assert (topic.kind, topic.year, topic.organisation, topic.registered_on) == ("topic", 2025, tree.cardio, date(2025, 1, 5))
    assert set(topic.authors.all()) == {tree.hoa, tree.duc}
    assert Initiative.objects.get(title="Cải tiến phát thuốc").authors.get() == tree.duc


def test_a_list_with_a_bad_row_writes_nothing_unless_told_to_skip_it(tree, officer_client):
    bad = CSV + "3,Sáng kiến lạ,Bài báo,Lê Thị Hoà,,2025\n"
    response = _upload(officer_client, bad)
    assert response.status_code == 400
    page = text(response)
    assert "Dòng 5: Loại «Bài báo» không rõ" in page and not Initiative.objects.exists()
    bad = CSV + "3,Sáng kiến lạ,Sáng kiến,Lê Thị Hoà,,2025\n"
    assert "Dòng 5: Không tìm thấy «Lê Thị Hoà» trong Công đoàn Bệnh viện Bạch Mai" in text(_upload(officer_client, bad))
    assert _upload(officer_client, bad, bo_qua_loi="1").status_code == 302
    assert Initiative.objects.count() == 2


def test_the_import_outside_the_scope_or_without_the_right_is_refused(tree, make_user, client):
    client.force_login(make_user(Role.UNION_OFFICER, tree.hanoi))
    response = client.post("/sang-kien/nhap/", {"unit": "BV-TWH", "on": "05/01/2025", "tep": SimpleUploadedFile("ds.csv", CSV.encode())})
    assert response.status_code == 400 and "Không tìm thấy đơn vị có mã «BV-TWH»" in text(response)
    client.force_login(make_user(Role.VIEWER, tree.hanoi))
    assert client.post("/sang-kien/nhap/", {"unit": "BV-BM", "on": "05/01/2025",
                                            "tep": SimpleUploadedFile("ds.csv", CSV.encode())}).status_code == 403
    assert not Initiative.objects.exists()
