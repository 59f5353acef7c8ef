"""Councils: seats, meetings with a quorum, secret ballots, thresholds from the rules parameters, minutes."""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import pytest
from docx import Document

from thidua.core.errors import NotFound, UserError
from thidua.core.models import AuditEntry, Role
from thidua.core.permissions import SYSTEM
from thidua.nominations import councils
from thidua.nominations.models import BallotCast, Meeting, Proposal, Recusal, Seat, Tally
from thidua.nominations.tests.scope_councils import MEETING_DAY, add_people, council_with_seats, dossier_of, moment, propose

CSTD_TINH, LDTT = "chien_si_thi_dua_tinh", "lao_dong_tien_tien"


@dataclass
class Board:
    council: object
    seats: list
    users: list  # users[i] votes for seats[i]
    star: Proposal  # CSTĐ tỉnh for someone off the council: 90 % of all members
    plain: Proposal  # LĐTT for someone off the council: more than half of those present
    own: Proposal  # the chair's own proposal: the chair is recused from it


@pytest.fixture
def board(tree, make_user) -> Board:
    """A council of the Hà Nội sector union with 10 members, each with a voting account."""
    extra = add_people(tree.bach_mai, [f"Thành viên Số {i}" for i in range(1, 8)])
    people = [tree.hoa, tree.duc, tree.lan, *extra]
    users = [make_user(Role.COUNCIL_MEMBER, tree.hanoi) for _ in people]
    council, seats = council_with_seats(tree.hanoi, people, users={p.pk: u for p, u in zip(people, users)})
    outsider, other = add_people(tree.bach_mai, ["Đỗ Văn Khen", "Bùi Thị Thưởng"])
    dossier = dossier_of(tree.hanoi, tree.bach_mai, award=CSTD_TINH)
    star = propose(dossier, person=outsider)
    plain = propose(dossier_of(tree.hanoi, tree.bach_mai, award=LDTT), person=other)
    own = propose(dossier, person=tree.hoa)
    return Board(council, seats, users, star, plain, own)


def _open(board: Board, present: int = 10, proposals=None) -> Meeting:
    return councils.meeting_open(actor=SYSTEM, council=board.council, starts_at=moment(MEETING_DAY), place="Hội trường A",
                                 attendees=board.seats[:present], proposals=proposals or [board.star, board.plain, board.own])


def _vote(board: Board, meeting: Meeting, proposal: Proposal, approvals: int, refusals: int = 0, start: int = 1) -> None:
    """Seats from `start` on vote: first `approvals` for, then `refusals` against (seat 0 chairs and is left out)."""
    for i in range(start, start + approvals + refusals):
        councils.ballot_cast(actor=board.users[i], meeting=meeting, proposal=proposal, approve=i < start + approvals)


def _line(meeting: Meeting, proposal: Proposal):
    return next(line for line in councils.meeting_result(meeting=meeting).lines if line.proposal.pk == proposal.pk)


def _close(meeting: Meeting) -> Meeting:
    return councils.meeting_close(actor=SYSTEM, meeting=meeting, ends_at=moment(MEETING_DAY, 11), conclusion="Hội đồng nhất trí.")


# --- Councils and seats --------------------------------------------------------------------------------


def test_a_seat_is_only_for_someone_of_the_organisation(board, tree):
    with pytest.raises(UserError, match="không công tác hoặc sinh hoạt công đoàn"):
        councils.seat_add(actor=SYSTEM, council=board.council, person=tree.hoa2, role=Seat.Role.MEMBER)


def test_a_council_has_one_chair_and_an_account_votes_for_one_seat(tree, make_user):
    council, seats = council_with_seats(tree.hanoi, [tree.hoa])
    newcomer = add_people(tree.bach_mai, ["Lý Văn Mới"])[0]
    with pytest.raises(UserError, match="đã có Chủ tịch"):
        councils.seat_add(actor=SYSTEM, council=council, person=newcomer, role=Seat.Role.CHAIR)
    voter = make_user(Role.COUNCIL_MEMBER, tree.hanoi)
    councils.seat_add(actor=SYSTEM, council=council, person=newcomer, role=Seat.Role.MEMBER, user=voter)
    with pytest.raises(UserError, match="đã gắn với một thành viên khác"):
        councils.seat_add(actor=SYSTEM, council=council, person=tree.duc, role=Seat.Role.MEMBER, user=voter)
    with pytest.raises(UserError, match="đã là thành viên"):
        councils.seat_add(actor=SYSTEM, council=council, person=tree.hoa, role=Seat.Role.MEMBER)
    stranger = make_user(Role.COUNCIL_MEMBER, tree.hue)
    with pytest.raises(UserError, match="không thuộc"):
        councils.seat_add(actor=SYSTEM, council=council, person=tree.lan, role=Seat.Role.MEMBER, user=stranger)
    assert council.seats.count() == 2


def test_no_seat_is_added_once_the_council_has_met(board, tree):
    _open(board)
    newcomer = add_people(tree.bach_mai, ["Lý Văn Mới"])[0]
    with pytest.raises(UserError, match="đã họp"):
        councils.seat_add(actor=SYSTEM, council=board.council, person=newcomer, role=Seat.Role.MEMBER)


def test_an_officer_outside_the_organisation_cannot_make_a_council(tree, make_user):
    from thidua.core.errors import NotFound

    with pytest.raises(NotFound):
        councils.council_create(actor=make_user(Role.UNION_OFFICER, tree.hue), organisation=tree.hanoi, name="Hội đồng",
                                term_from=date(2025, 1, 1))


def test_a_term_that_ends_before_it_starts_is_refused(tree):
    with pytest.raises(UserError, match="không sớm hơn ngày bắt đầu"):
        councils.council_create(actor=SYSTEM, organisation=tree.hanoi, name="Hội đồng", term_from=date(2025, 1, 1),
                                term_to=date(2024, 1, 1))


# --- Opening a meeting ----------------------------------------------------------------------------------


def test_a_meeting_without_quorum_is_refused_and_nothing_is_written(board):
    audit_rows = AuditEntry.objects.count()
    with pytest.raises(UserError, match=r"cần ít nhất 7/10 thành viên có mặt .*Nghị định 98/2023/NĐ-CP.*mới có 6"):
        _open(board, present=6)
    assert Meeting.objects.count() == 0 and Tally.objects.count() == 0 and Recusal.objects.count() == 0
    assert AuditEntry.objects.count() == audit_rows
    assert _open(board, present=7).attendees.count() == 7  # 2/3 of 10 is 6,67: seven make the quorum


def test_only_proposals_held_by_the_council_organisation_go_on_the_agenda(board, tree, hanoi_officer):
    elsewhere = propose(dossier_of(tree.hue, tree.hue_central), person=tree.hoa2)
    with pytest.raises(UserError, match="1 đề nghị đã chọn"):  # a Huế subject is not named to a Hà Nội officer
        councils.meeting_open(actor=hanoi_officer, council=board.council, starts_at=moment(MEETING_DAY), place="Hội trường",
                              attendees=board.seats, proposals=[elsewhere])
    draft_elsewhere = propose(dossier_of(tree.hanoi, tree.bach_mai, status="draft"), person=tree.duc)
    with pytest.raises(UserError, match="Nguyễn Văn Đức"):
        _open(board, proposals=[draft_elsewhere])
    _open(board, proposals=[board.star])
    with pytest.raises(UserError, match="chưa có trong một phiên họp khác"):
        _open(board, proposals=[board.star])
    assert Meeting.objects.count() == 1


def test_a_meeting_outside_the_term_is_refused(board):
    board.council.term_to = date(2025, 2, 28)  # the meeting is on 10/03/2025
    board.council.save()
    with pytest.raises(UserError, match="ngoài nhiệm kỳ"):
        _open(board)
    assert Meeting.objects.count() == 0


def test_a_member_who_is_the_subject_or_works_in_the_collective_is_recused(board, tree):
    collective = propose(dossier_of(tree.hanoi, tree.bach_mai, award="tap_the_lao_dong_tien_tien"), organisation=tree.cardio)
    meeting = _open(board, proposals=[board.own, collective])
    recused = {(r.proposal_id, r.seat.person_id) for r in Recusal.objects.filter(meeting=meeting)}
    assert recused == {(board.own.pk, tree.hoa.pk), (collective.pk, tree.duc.pk)}  # Đức works in Khoa Tim mạch


# --- Voting ---------------------------------------------------------------------------------------------


def test_a_vote_is_counted_once_and_its_choice_is_not_kept_with_the_seat(board):
    meeting = _open(board)
    councils.ballot_cast(actor=board.users[1], meeting=meeting, proposal=board.plain, approve=False)
    with pytest.raises(UserError, match="Bạn đã bỏ phiếu cho đề nghị này."):
        councils.ballot_cast(actor=board.users[1], meeting=meeting, proposal=board.plain, approve=True)
    tally = Tally.objects.get(meeting=meeting, proposal=board.plain)
    assert (tally.votes_for, tally.votes_against) == (0, 1)
    assert {f.name for f in BallotCast._meta.concrete_fields} == {"id", "meeting", "proposal", "seat"}
    assert not AuditEntry.objects.filter(model="nominations.tally").exists()  # no trace of the count per vote


def test_a_recused_member_cannot_vote(board):
    meeting = _open(board)
    with pytest.raises(UserError, match="không tham gia biểu quyết"):
        councils.ballot_cast(actor=board.users[0], meeting=meeting, proposal=board.own, approve=True)
    councils.recuse(actor=SYSTEM, meeting=meeting, proposal=board.star, seat=board.seats[2], reason="Là người thân của người được đề nghị")
    with pytest.raises(UserError, match="không tham gia biểu quyết"):
        councils.ballot_cast(actor=board.users[2], meeting=meeting, proposal=board.star, approve=True)
    assert Tally.objects.get(meeting=meeting, proposal=board.star).votes_cast == 0
    assert Tally.objects.get(meeting=meeting, proposal=board.own).votes_cast == 0


def test_a_member_who_voted_cannot_be_recused_afterwards(board):
    meeting = _open(board)
    _vote(board, meeting, board.star, 1)
    with pytest.raises(UserError, match="phiếu kín không rút lại được"):
        councils.recuse(actor=SYSTEM, meeting=meeting, proposal=board.star, seat=board.seats[1], reason="Người thân")
    with pytest.raises(UserError, match="Hãy ghi lý do"):
        councils.recuse(actor=SYSTEM, meeting=meeting, proposal=board.star, seat=board.seats[2], reason="  ")
    assert not Recusal.objects.filter(proposal=board.star).exists()


def test_only_an_account_holding_a_seat_present_votes(board, tree, make_user):
    meeting = _open(board, present=8)
    officer = make_user(Role.UNION_OFFICER, tree.hanoi)
    for outsider in (officer, board.users[9]):  # an officer without a seat; a member who is absent
        with pytest.raises(UserError, match="không phải thành viên Hội đồng có mặt"):
            councils.ballot_cast(actor=outsider, meeting=meeting, proposal=board.plain, approve=True)
    assert BallotCast.objects.count() == 0


def test_no_vote_after_the_meeting_is_closed(board):
    meeting = _close(_open(board))
    with pytest.raises(UserError, match="đã kết thúc"):
        councils.ballot_cast(actor=board.users[1], meeting=meeting, proposal=board.plain, approve=True)
    with pytest.raises(UserError, match="đã kết thúc"):
        councils.tally_record(actor=SYSTEM, meeting=meeting, proposal=board.plain, votes_for=1, votes_against=0)
    with pytest.raises(UserError, match="đã kết thúc"):
        _close(meeting)


def test_paper_and_electronic_ballots_do_not_mix(board):
    meeting = _open(board, present=8)
    with pytest.raises(UserError, match=r"nhiều hơn số thành viên có mặt được biểu quyết \(8\)"):
        councils.tally_record(actor=SYSTEM, meeting=meeting, proposal=board.plain, votes_for=6, votes_against=3)
    with pytest.raises(UserError, match=r"biểu quyết \(7\)"):  # the chair is recused from her own proposal
        councils.tally_record(actor=SYSTEM, meeting=meeting, proposal=board.own, votes_for=8, votes_against=0)
    councils.tally_record(actor=SYSTEM, meeting=meeting, proposal=board.plain, votes_for=5, votes_against=3)
    with pytest.raises(UserError, match="kiểm phiếu giấy"):
        councils.ballot_cast(actor=board.users[1], meeting=meeting, proposal=board.plain, approve=True)
    _vote(board, meeting, board.star, 1)
    with pytest.raises(UserError, match="đã có phiếu bỏ trên phần mềm"):
        councils.tally_record(actor=SYSTEM, meeting=meeting, proposal=board.star, votes_for=8, votes_against=0)
    assert Tally.objects.get(meeting=meeting, proposal=board.star).votes_cast == 1


# --- Thresholds and the close ---------------------------------------------------------------------------


def test_ninety_percent_of_all_members_against_more_than_half_of_those_present(board):
    meeting = _open(board, present=8, proposals=[board.star, board.plain])
    _vote(board, meeting, board.star, 7, start=0)  # 7 of 8 present, but 9 of the 10 members are needed
    _vote(board, meeting, board.plain, 5, 3, start=0)  # 5 of 8 present: more than half
    star, plain = _line(meeting, board.star), _line(meeting, board.plain)
    assert (star.base, star.needed, star.passed) == (10, 9, False)
    assert "ít nhất 90 % tổng số thành viên Hội đồng" == star.threshold.text
    assert "Nghị định 98/2023/NĐ-CP" in star.threshold.citation and star.threshold.confidence == "U"
    assert (plain.base, plain.needed, plain.passed, plain.percent) == (8, 5, True, "62,5 %")
    _close(meeting)
    board.star.refresh_from_db()
    board.plain.refresh_from_db()
    assert (board.star.status, board.plain.status) == (Proposal.Status.FAILED, Proposal.Status.PASSED)
    assert AuditEntry.objects.filter(model="nominations.proposal", object_id=str(board.star.pk), reason__contains="cần 9").exists()


def test_exactly_half_of_those_present_is_not_enough(board):
    meeting = _open(board, present=8, proposals=[board.plain])
    _vote(board, meeting, board.plain, 4, 4, start=0)
    _close(meeting)
    board.plain.refresh_from_db()
    assert board.plain.status == Proposal.Status.FAILED


def test_the_old_decree_applies_to_a_meeting_before_2024(tree, make_user):
    council, seats = council_with_seats(tree.hanoi, [tree.hoa, tree.duc, tree.lan])
    council.term_from = date(2023, 1, 1)
    council.save()
    proposal = propose(dossier_of(tree.hanoi, tree.bach_mai, award=CSTD_TINH), person=add_people(tree.bach_mai, ["Hà Văn Cũ"])[0])
    meeting = councils.meeting_open(actor=SYSTEM, council=council, starts_at=moment(date(2023, 6, 1)), place="Hội trường",
                                    attendees=seats, proposals=[proposal])
    line = _line(meeting, proposal)
    assert line.threshold.citation == "Nghị định 91/2017/NĐ-CP, Điều 45, khoản 8" and line.threshold.confidence == "V"


def test_an_administrator_correction_changes_the_outcome(board):
    from thidua.commendations.services import parameter_correct

    meeting = _open(board, present=8, proposals=[board.star])
    _vote(board, meeting, board.star, 7, start=0)
    assert not _line(meeting, board.star).passed
    parameter_correct(actor=SYSTEM, param="council.approval.chien_si_thi_dua_tinh", value={"share": "3/4", "of": "present", "strict": False},
                      effective=date(2025, 1, 1), document="Quy chế 5/QC-CĐN", article="Điều 9", reason="Quy chế mới của Công đoàn ngành")
    line = _line(meeting, board.star)
    assert (line.base, line.needed, line.passed) == (8, 6, True)
    assert line.threshold.citation == "Quy chế 5/QC-CĐN, Điều 9"
    _close(meeting)
    board.star.refresh_from_db()
    assert board.star.status == Proposal.Status.PASSED


def test_a_malformed_correction_is_reported_not_guessed(board):
    from thidua.commendations.services import parameter_correct

    parameter_correct(actor=SYSTEM, param="council.quorum", value={"share": "hai phần ba", "of": "members"},
                      effective=date(2025, 1, 1), document="Quy chế 5/QC-CĐN", article="Điều 9", reason="Nhập nhầm")
    with pytest.raises(UserError, match="council.quorum"):
        _open(board)
    assert Meeting.objects.count() == 0


def test_closing_before_the_start_is_refused(board):
    meeting = _open(board)
    with pytest.raises(UserError, match="sớm hơn thời gian bắt đầu"):
        councils.meeting_close(actor=SYSTEM, meeting=meeting, ends_at=moment(MEETING_DAY, 7))
    meeting.refresh_from_db()
    assert not meeting.closed and Proposal.objects.filter(status=Proposal.Status.PROPOSED).count() == 3


# --- Minutes --------------------------------------------------------------------------------------------


def test_the_minutes_hold_the_tallies_and_wait_for_the_close(board):
    meeting = _open(board, present=9, proposals=[board.star, board.plain])
    with pytest.raises(UserError, match="chưa kết thúc"):
        councils.minutes_docx_bytes(meeting=meeting)
    _vote(board, meeting, board.star, 9, start=0)
    _vote(board, meeting, board.plain, 3, 6, start=0)
    meeting = _close(meeting)
    text = "\n".join(
        [p.text for p in Document(io.BytesIO(councils.minutes_docx_bytes(meeting=meeting))).paragraphs]
        + [cell.text for table in Document(io.BytesIO(councils.minutes_docx_bytes(meeting=meeting))).tables
           for row in table.rows for cell in row.cells]
    )
    assert "BIÊN BẢN" in text and "có mặt 9/10" in text
    assert "Đỗ Văn Khen" in text and "9/9" in text and "Bùi Thị Thưởng" in text and "3/9" in text
    assert "Không đạt" in text and "Đạt" in text
    assert "Thành viên Số 7" in text  # absent, named
    assert "Nghị định 98/2023/NĐ-CP" in text and "Hội đồng nhất trí." in text


def test_who_sees_a_meeting(board, tree, make_user):
    """The council's organisation's officers and those above, an administrator, the members seated; nobody else."""
    meeting = _open(board)
    for viewer in (make_user(Role.VIEWER, tree.hanoi), make_user(Role.SYSTEM_ADMIN, tree.national), board.users[0]):
        assert councils.meeting_get(actor=viewer, pk=meeting.pk) == meeting
    with pytest.raises(NotFound):
        councils.meeting_get(actor=make_user(Role.UNION_OFFICER, tree.hue), pk=meeting.pk)
