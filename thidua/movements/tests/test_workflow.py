"""The council workflow: registered → approved or rejected by a council with a quorum → in progress →
accepted by a decision; recusal of authors and of their department's colleagues; bad input refused
in Vietnamese with nothing written."""
from __future__ import annotations

from datetime import date

import pytest

from thidua.core.errors import NotFound, UserError
from thidua.core.models import AuditEntry
from thidua.core.permissions import SYSTEM
from thidua.movements.models import Council, CouncilMeeting, Initiative, InitiativeStep, Review
from thidua.movements.selectors import quorum_needed, recusals, review_tally
from thidua.movements.services import (
    council_create,
    initiative_accept,
    initiative_decide,
    initiative_register,
    initiative_start,
    meeting_record,
    reviews_record,
)
from thidua.movements.tests.conftest import MEETING_DAY, meet

Status = Initiative.Status


def votes(board, meeting, *pairs):
    return reviews_record(actor=SYSTEM, meeting=meeting, initiative=board.item, reviews=[(p, v, None) for p, v in pairs])


def test_a_council_approves_and_a_decision_accepts_the_initiative(board, hanoi_officer):
    meeting = meet(board)
    # Vũ Minh Khoa works in Khoa Tim mạch with the author: he recuses; the other four vote.
    votes(board, meeting, (board.chair, "approve"), (board.secretary, "approve"), (board.fourth, "approve"), (board.fifth, "reject"))
    item = initiative_decide(actor=hanoi_officer, meeting=meeting, initiative=board.item, reason="Biên bản số 3")
    assert item.status == Status.APPROVED and not item.accepted
    item = initiative_start(actor=hanoi_officer, initiative=item, on=date(2024, 4, 1))
    assert item.status == Status.IN_PROGRESS
    item = initiative_accept(actor=hanoi_officer, initiative=item, scope="co_so", decision_number=" 125/QĐ-BV ",
                             decision_date=date(2024, 12, 20), reason="Nghiệm thu cuối năm")
    item.refresh_from_db()
    assert (item.status, item.accepted, item.scope, item.decision_number, item.decision_date) == (
        Status.ACCEPTED, True, "co_so", "125/QĐ-BV", date(2024, 12, 20))
    history = list(InitiativeStep.objects.filter(initiative=item).values_list("status", "on"))
    assert history == [(Status.REGISTERED, date(2024, 1, 20)), (Status.APPROVED, MEETING_DAY), (Status.IN_PROGRESS, date(2024, 4, 1)),
                       (Status.ACCEPTED, date(2024, 12, 20))]
    decided = InitiativeStep.objects.get(initiative=item, status=Status.APPROVED)
    assert decided.meeting == meeting and "3/4 thành viên tán thành" in decided.note and "5/5 thành viên có mặt" in decided.note
    changes = AuditEntry.objects.filter(model="movements.initiative", object_id=str(item.pk), action=AuditEntry.Action.UPDATE)
    assert [e.after["status"] for e in changes.order_by("id")] == ["approved", "in_progress", "accepted"]
    assert AuditEntry.objects.filter(model="movements.review").count() == 4


def test_half_the_votes_is_not_a_majority(board):
    meeting = meet(board)
    votes(board, meeting, (board.chair, "approve"), (board.secretary, "approve"), (board.fourth, "reject"), (board.fifth, "reject"))
    assert initiative_decide(actor=SYSTEM, meeting=meeting, initiative=board.item).status == Status.REJECTED
    with pytest.raises(UserError, match="đang ở trạng thái «Không được duyệt»"):
        initiative_start(actor=SYSTEM, initiative=board.item, on=date(2024, 4, 1))


def test_without_two_thirds_of_the_members_present_there_is_no_result(board):
    assert quorum_needed(5) == 4 and quorum_needed(3) == 2 and quorum_needed(9) == 6
    meeting = meet(board, attendees=[board.chair, board.secretary, board.fourth])
    votes(board, meeting, (board.chair, "approve"), (board.secretary, "approve"), (board.fourth, "approve"))
    with pytest.raises(UserError) as caught:
        initiative_decide(actor=SYSTEM, meeting=meeting, initiative=board.item)
    assert "3/5 thành viên có mặt, chưa đủ 4" in caught.value.message and caught.value.field == "meeting"
    board.item.refresh_from_db()
    assert board.item.status == Status.REGISTERED and board.item.steps.count() == 1


def test_four_of_five_make_a_quorum(board):
    meeting = meet(board, attendees=[board.chair, board.secretary, board.fourth, board.fifth])
    votes(board, meeting, (board.chair, "approve"), (board.secretary, "approve"), (board.fourth, "approve"), (board.fifth, "reject"))
    assert initiative_decide(actor=SYSTEM, meeting=meeting, initiative=board.item).status == Status.APPROVED


def test_a_member_who_has_not_voted_holds_the_result_back(board):
    meeting = meet(board)
    votes(board, meeting, (board.chair, "approve"), (board.secretary, "approve"), (board.fourth, "approve"))
    with pytest.raises(UserError, match="chưa biểu quyết, chấm điểm: Hồ Quang Hiếu"):
        initiative_decide(actor=SYSTEM, meeting=meeting, initiative=board.item)
    assert Initiative.objects.get(pk=board.item.pk).status == Status.REGISTERED


def test_a_colleague_of_the_authors_department_must_recuse_and_nothing_is_written(board):
    meeting = meet(board)
    assert recusals(meeting=meeting, initiative=board.item) == {
        board.council.members.get(person=board.colleague).pk: "cùng Khoa Tim mạch với tác giả Nguyễn Văn Đức"}
    with pytest.raises(UserError) as caught:
        votes(board, meeting, (board.chair, "approve"), (board.colleague, "approve"))
    assert "«Vũ Minh Khoa» phải rút khỏi việc xét" in caught.value.message and "cùng Khoa Tim mạch" in caught.value.message
    assert not Review.objects.exists() and not AuditEntry.objects.filter(model="movements.review").exists()
    tally = review_tally(meeting=meeting, initiative=board.item)
    assert [line.member.person for line in tally.voters] == [board.chair, board.secretary, board.fourth, board.fifth]


def test_an_author_on_the_council_must_recuse(tree, board):
    council = council_create(actor=SYSTEM, organisation=tree.bach_mai, year=2024, name="Hội đồng khoa học",
                             members=[(tree.duc, "chair"), (board.secretary, "secretary"), (board.fifth, "member")])
    meeting = meeting_record(actor=SYSTEM, council=council, held_on=MEETING_DAY, attendees=[tree.duc, board.secretary, board.fifth],
                             agenda=[board.item])
    with pytest.raises(UserError, match="«Nguyễn Văn Đức» phải rút khỏi việc xét .* vì là tác giả"):
        reviews_record(actor=SYSTEM, meeting=meeting, initiative=board.item, reviews=[(tree.duc, "approve", None)])
    assert not Review.objects.exists()


def test_a_vote_by_someone_not_on_the_council_or_absent_is_refused(tree, board):
    meeting = meet(board, attendees=[board.chair, board.secretary, board.fourth, board.colleague])
    with pytest.raises(UserError, match="«Trần Thị Hòa» không phải thành viên Hội đồng sáng kiến Bệnh viện Bạch Mai"):
        votes(board, meeting, (board.chair, "approve"), (tree.hoa, "approve"))
    with pytest.raises(UserError, match="«Hồ Quang Hiếu» không có mặt tại phiên họp ngày 15/03/2024"):
        votes(board, meeting, (board.fifth, "approve"))
    with pytest.raises(UserError, match="«bỏ phiếu trắng» không hợp lệ"):
        votes(board, meeting, (board.chair, "bỏ phiếu trắng"))
    assert not Review.objects.exists()


def test_a_member_may_correct_a_vote_before_the_result(board):
    meeting = meet(board)
    votes(board, meeting, (board.chair, "reject"))
    votes(board, meeting, (board.chair, "approve"))
    assert list(Review.objects.values_list("vote", flat=True)) == ["approve"]


@pytest.fixture
def scoring(tree, board):
    council = council_create(actor=SYSTEM, organisation=tree.bach_mai, year=2024, name="Hội đồng chấm điểm", method="score",
                             members=[(board.chair, "chair"), (board.secretary, "secretary"), (board.fifth, "member")])
    return meeting_record(actor=SYSTEM, council=council, held_on=MEETING_DAY, attendees=[board.chair, board.secretary, board.fifth],
                          agenda=[board.item])


@pytest.mark.parametrize("score", [101, -1, "80", None, True])
def test_scores_outside_0_to_100_are_refused(board, scoring, score):
    with pytest.raises(UserError) as caught:
        reviews_record(actor=SYSTEM, meeting=scoring, initiative=board.item, reviews=[(board.chair, None, 70), (board.fifth, None, score)])
    assert "hãy nhập một số nguyên từ 0 đến 100" in caught.value.message and caught.value.field == "score"
    assert not Review.objects.exists()


@pytest.mark.parametrize("scores, status", [((50, 40, 60), Status.APPROVED), ((49, 50, 48), Status.REJECTED)])
def test_a_mean_score_of_50_approves(board, scoring, scores, status):
    people = [board.chair, board.secretary, board.fifth]
    reviews_record(actor=SYSTEM, meeting=scoring, initiative=board.item, reviews=[(p, "", s) for p, s in zip(people, scores)])
    item = initiative_decide(actor=SYSTEM, meeting=scoring, initiative=board.item)
    assert item.status == status
    assert "điểm trung bình" in item.steps.get(status=status).note


def test_a_vote_is_refused_in_a_scoring_council(board, scoring):
    with pytest.raises(UserError, match="chấm điểm, không biểu quyết"):
        reviews_record(actor=SYSTEM, meeting=scoring, initiative=board.item, reviews=[(board.chair, "approve", None)])


def _approved(board):
    meeting = meet(board)
    votes(board, meeting, (board.chair, "approve"), (board.secretary, "approve"), (board.fourth, "approve"), (board.fifth, "approve"))
    return initiative_decide(actor=SYSTEM, meeting=meeting, initiative=board.item)


@pytest.mark.parametrize("changes, words, field", [
    ({"decision_number": ""}, "Chưa có quyết định công nhận", "decision_number"),
    ({"decision_date": None}, "Chưa có ngày của quyết định", "decision_date"),
    ({"scope": None}, "Phạm vi công nhận «None» không hợp lệ", "scope"),
    ({"scope": "huyen"}, "Phạm vi công nhận «huyen» không hợp lệ", "scope"),
    ({"decision_date": date(2024, 3, 1)}, "sớm hơn ngày hội đồng duyệt (15/03/2024)", "decision_date"),
    ({"decision_date": date(2023, 12, 1)}, "sớm hơn năm 2024", "decision_date"),
])
def test_acceptance_needs_a_decision_and_a_scope(board, changes, words, field):
    item = _approved(board)
    values = {"scope": "tinh", "decision_number": "12/QĐ-SYT", "decision_date": date(2024, 12, 1), **changes}
    with pytest.raises(UserError) as caught:
        initiative_accept(actor=SYSTEM, initiative=item, **values)
    assert words in caught.value.message and caught.value.field == field
    item.refresh_from_db()
    assert item.status == Status.APPROVED and not item.accepted and item.decision_number == ""
    assert not item.steps.filter(status=Status.ACCEPTED).exists()


def test_an_approved_initiative_may_be_accepted_at_once_but_a_registered_one_may_not(board):
    with pytest.raises(UserError, match="đang ở trạng thái «Đã đăng ký»"):
        initiative_accept(actor=SYSTEM, initiative=board.item, scope="co_so", decision_number="1/QĐ", decision_date=date(2024, 12, 1))
    item = _approved(board)
    assert initiative_accept(actor=SYSTEM, initiative=item, scope="tinh", decision_number="1/QĐ",
                             decision_date=date(2024, 12, 1)).status == Status.ACCEPTED


def test_a_decided_initiative_takes_no_more_votes_nor_a_second_result(board):
    item = _approved(board)
    meeting = CouncilMeeting.objects.get()
    with pytest.raises(UserError, match="đã có kết quả"):
        votes(board, meeting, (board.chair, "reject"))
    with pytest.raises(UserError, match="đang ở trạng thái «Được hội đồng duyệt»"):
        initiative_decide(actor=SYSTEM, meeting=meeting, initiative=item)
    with pytest.raises(UserError, match="đã có kết quả"):
        meet(board, agenda=[item])


@pytest.mark.parametrize("members, words", [
    (lambda b, t: [(b.chair, "chair"), (b.secretary, "secretary")], "ít nhất 3 thành viên"),
    (lambda b, t: [(b.chair, "chair"), (b.secretary, "chair"), (b.fifth, "member")], "đúng một chủ tịch (đang có 2)"),
    (lambda b, t: [(b.chair, "chair"), (b.secretary, "member"), (b.fifth, "member")], "đúng một thư ký (đang có 0)"),
    (lambda b, t: [(b.chair, "chair"), (b.secretary, "secretary"), (b.chair, "member")], "có tên hai lần"),
    (lambda b, t: [(b.chair, "chair"), (b.secretary, "secretary"), (b.fifth, "pho_chu_tich")], "Vai trò trong hội đồng «pho_chu_tich»"),
    (lambda b, t: [(b.chair, "chair"), (b.secretary, "secretary"), (t.hoa2, "member")], "Không tìm thấy thành viên «Lê Thị Hoà»"),
])
def test_bad_councils_are_refused(tree, board, hanoi_officer, members, words):
    with pytest.raises(UserError) as caught:
        council_create(actor=hanoi_officer, organisation=tree.bach_mai, year=2024, name="Hội đồng thứ hai", members=members(board, tree))
    assert words in caught.value.message
    assert Council.objects.count() == 1


def test_a_council_name_is_unique_per_unit_and_year_and_units_outside_are_not_found(tree, board, hanoi_officer):
    members = [(board.chair, "chair"), (board.secretary, "secretary"), (board.fifth, "member")]
    with pytest.raises(UserError, match="đã có hội đồng «Hội đồng sáng kiến Bệnh viện Bạch Mai» năm 2024"):
        council_create(actor=hanoi_officer, organisation=tree.bach_mai, year=2024, name="Hội đồng sáng kiến Bệnh viện Bạch Mai",
                       members=members)
    with pytest.raises(NotFound):
        council_create(actor=hanoi_officer, organisation=tree.hue_central, year=2024, name="Hội đồng", members=members)
    assert Council.objects.count() == 1


def test_bad_meetings_are_refused(tree, board):
    other_year = initiative_register(actor=SYSTEM, kind="topic", title="Đề tài năm sau", year=2025, organisation=tree.bach_mai,
                                     authors=[tree.hoa], on=date(2025, 1, 5))
    elsewhere = initiative_register(actor=SYSTEM, kind="topic", title="Đề tài ở Huế", year=2024, organisation=tree.hue_central,
                                    authors=[tree.hoa2], on=date(2024, 1, 5))
    cases = [
        ({"attendees": [board.chair, tree.hoa]}, "«Trần Thị Hòa» không phải thành viên"),
        ({"attendees": []}, "các thành viên có mặt"),
        ({"agenda": [other_year]}, "«Đề tài năm sau» không thuộc Công đoàn Bệnh viện Bạch Mai năm 2024"),
        ({"agenda": [elsewhere]}, "«Đề tài ở Huế» không thuộc"),
        ({"agenda": []}, "ít nhất một sáng kiến, đề tài"),
        ({"held_on": date(2030, 1, 1)}, "không thuộc năm 2024 của hội đồng"),
        ({"held_on": None}, "Hãy nhập ngày họp"),
    ]
    for changes, words in cases:
        values = {"council": board.council, "held_on": MEETING_DAY, "attendees": [board.chair], "agenda": [board.item], **changes}
        with pytest.raises(UserError) as caught:
            meeting_record(actor=SYSTEM, **values)
        assert words in caught.value.message, changes
    assert not CouncilMeeting.objects.exists()


def test_an_officer_of_huế_cannot_touch_the_council_of_bach_mai(tree, board, make_user):
    from thidua.core.models import Role

    officer = make_user(Role.UNION_OFFICER, tree.hue)
    with pytest.raises(NotFound):
        meeting_record(actor=officer, council=board.council, held_on=MEETING_DAY, attendees=[board.chair], agenda=[board.item])
    viewer = make_user(Role.VIEWER, tree.hanoi)
    from thidua.core.errors import Forbidden

    with pytest.raises(Forbidden):
        initiative_register(actor=viewer, kind="topic", title="Đề tài", year=2024, organisation=tree.bach_mai, authors=[tree.hoa],
                            on=date(2024, 1, 1))
    assert not CouncilMeeting.objects.exists() and Initiative.objects.count() == 1
