"""Pages of the councils: an organisation's councils, seats, opening a meeting, the secret vote, the close, the minutes."""
from __future__ import annotations

import pytest
from django.test import Client

from thidua.core.models import Role
from thidua.nominations.models import BallotCast, Council, Meeting, Proposal, Tally
from thidua.nominations.tests.test_councils import board  # noqa: F401  (fixture)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def officer(tree, make_user):
    return make_user(Role.EMULATION_OFFICER, tree.hanoi)


def _open(client, board, present=10):
    return client.post(f"/khen-thuong/hoi-dong/{board.council.pk}/phien-hop/moi/", {
        "bat_dau": "10/03/2025 08:00", "dia_diem": "Hội trường A", "co_mat": [str(s.pk) for s in board.seats[:present]],
        "de_nghi": [str(board.star.pk), str(board.plain.pk)],
    })


def test_an_officer_makes_a_council_and_a_bad_date_is_shown_again(tree, officer):
    client = _client(officer)
    refused = client.post(f"/khen-thuong/hoi-dong/to-chuc/{tree.hanoi.code}/", {"ten": "Hội đồng 2025", "tu_ngay": "31/02/2025"})
    assert refused.status_code == 400 and "Chưa có gì được ghi lại" in refused.content.decode()
    assert not Council.objects.exists()
    made = client.post(f"/khen-thuong/hoi-dong/to-chuc/{tree.hanoi.code}/", {"ten": "Hội đồng 2025", "tu_ngay": "01/01/2025"})
    council = Council.objects.get()
    assert made.status_code == 302 and made["Location"] == f"/khen-thuong/hoi-dong/{council.pk}/"
    added = client.post(f"/khen-thuong/hoi-dong/{council.pk}/thanh-vien/", {"nguoi": str(tree.hoa2.pk), "vai_tro": "chair"})
    assert added.status_code == 400 and council.seats.count() == 0  # Huế's midwife is not visible here
    added = client.post(f"/khen-thuong/hoi-dong/{council.pk}/thanh-vien/", {"nguoi": str(tree.hoa.pk), "vai_tro": "chair"})
    assert added.status_code == 302 and council.seats.get().person == tree.hoa
    page = client.get(f"/khen-thuong/hoi-dong/{council.pk}/").content.decode()
    assert "Trần Thị Hòa" in page and "Chủ tịch hội đồng" in page


def test_a_meeting_without_quorum_is_refused_on_the_page(board, officer):
    response = _open(_client(officer), board, present=6)
    assert response.status_code == 400
    assert "cần ít nhất 7/10 thành viên có mặt" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_member_votes_once_in_secret_then_the_officer_closes_and_downloads_the_minutes(board, officer, tree, make_user):
    client = _client(officer)
    opened = _open(client, board)
    meeting = Meeting.objects.get()
    assert opened.status_code == 302 and opened["Location"] == f"/khen-thuong/hoi-dong/phien/{meeting.pk}/"
    member = _client(board.users[1])
    awaiting = member.get("/khen-thuong/").content.decode()
    assert "Phiên họp chờ bạn bỏ phiếu" in awaiting and f"/khen-thuong/hoi-dong/phien/{meeting.pk}/" in awaiting
    assert "Phiên họp chờ bạn bỏ phiếu" not in client.get("/khen-thuong/").content.decode()  # the officer holds no seat
    page = member.get(f"/khen-thuong/hoi-dong/phien/{meeting.pk}/").content.decode()
    assert "Phiếu của bạn" in page and "Không đồng ý" in page
    assert member.post(f"/khen-thuong/hoi-dong/phien/{meeting.pk}/bo-phieu/",
                       {"de_nghi": str(board.plain.pk), "phieu": "dong_y"}).status_code == 302
    again = member.post(f"/khen-thuong/hoi-dong/phien/{meeting.pk}/bo-phieu/", {"de_nghi": str(board.plain.pk), "phieu": "khong_dong_y"})
    assert again.status_code == 400 and "Bạn đã bỏ phiếu cho đề nghị này." in again.content.decode()
    not_member = client.post(f"/khen-thuong/hoi-dong/phien/{meeting.pk}/bo-phieu/", {"de_nghi": str(board.plain.pk), "phieu": "dong_y"})
    assert not_member.status_code == 400 and "không phải thành viên Hội đồng có mặt" in not_member.content.decode()
    assert Tally.objects.get(meeting=meeting, proposal=board.plain).votes_for == 1 and BallotCast.objects.count() == 1
    assert client.get(f"/khen-thuong/hoi-dong/phien/{meeting.pk}/bien-ban.docx").status_code == 400  # not closed yet
    closed = client.post(f"/khen-thuong/hoi-dong/phien/{meeting.pk}/ket-thuc/", {"ket_thuc": "10/03/2025 11:00", "ket_luan": ""})
    assert closed.status_code == 302
    board.plain.refresh_from_db()
    assert board.plain.status == Proposal.Status.FAILED  # one vote of ten present
    assert "Phiên họp chờ bạn bỏ phiếu" not in member.get("/khen-thuong/").content.decode()  # closed: nothing awaits
    late = member.post(f"/khen-thuong/hoi-dong/phien/{meeting.pk}/bo-phieu/", {"de_nghi": str(board.star.pk), "phieu": "dong_y"})
    assert late.status_code == 400 and "đã kết thúc" in late.content.decode()
    minutes = client.get(f"/khen-thuong/hoi-dong/phien/{meeting.pk}/bien-ban.docx")
    assert minutes.status_code == 200 and minutes["Content-Type"].startswith("application/vnd.openxmlformats")
    result = client.get(f"/khen-thuong/hoi-dong/phien/{meeting.pk}/").content.decode()
    assert "Không thông qua" in result and "Nghị định 98/2023/NĐ-CP" in result


def test_a_vote_on_a_meeting_outside_the_scope_is_not_found(board, tree, make_user):
    from thidua.core.permissions import SYSTEM
    from thidua.nominations import councils
    from thidua.nominations.tests.scope_councils import MEETING_DAY, moment

    meeting = councils.meeting_open(actor=SYSTEM, council=board.council, starts_at=moment(MEETING_DAY), place="Hội trường",
                                    attendees=board.seats, proposals=[board.plain])
    stranger = _client(make_user(Role.COUNCIL_MEMBER, tree.hue))
    response = stranger.post(f"/khen-thuong/hoi-dong/phien/{meeting.pk}/bo-phieu/", {"de_nghi": str(board.plain.pk), "phieu": "dong_y"})
    assert response.status_code == 404 and BallotCast.objects.count() == 0


def test_a_recused_member_sees_no_vote_form_and_the_paper_count_checks_its_totals(board, officer):
    client = _client(officer)
    _open(client, board, present=8)
    meeting = Meeting.objects.get()
    refused = client.post(f"/khen-thuong/hoi-dong/phien/{meeting.pk}/kiem-phieu/", {"de_nghi": str(board.star.pk), "dong_y": "9",
                                                                                   "khong_dong_y": "0"})
    assert refused.status_code == 400 and "nhiều hơn số thành viên có mặt" in refused.content.decode()
    assert client.post(f"/khen-thuong/hoi-dong/phien/{meeting.pk}/khong-tham-gia/", {
        "de_nghi": str(board.star.pk), "thanh_vien": str(board.seats[3].pk), "ly_do": "Người thân"}).status_code == 302
    page = _client(board.users[3]).get(f"/khen-thuong/hoi-dong/phien/{meeting.pk}/").content.decode()
    assert "Bạn không tham gia biểu quyết đề nghị này." in page
