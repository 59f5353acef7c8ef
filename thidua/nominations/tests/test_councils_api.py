"""The councils' API: a seat-holder's secret vote, the result with thresholds and citations, errors as {"detail", "field"}."""
from __future__ import annotations

from rest_framework.test import APIClient

from thidua.core.models import Role
from thidua.nominations.models import BallotCast, Meeting, Seat
from thidua.nominations.tests.test_councils import board  # noqa: F401  (fixture)


def _api(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def test_a_council_is_made_seated_and_meets_over_the_api(tree, make_user, board):
    officer = _api(make_user(Role.EMULATION_OFFICER, tree.hanoi))
    made = officer.post("/api/v1/commendation-councils/", {"organisation": tree.hanoi.code, "name": "Hội đồng 2025",
                                                            "term_from": "2025-01-01"}, format="json")
    assert made.status_code == 201
    seat = officer.post("/api/v1/commendation-council-seats/", {"council": made.json()["id"], "person": tree.hoa.pk, "role": "chair"},
                        format="json")
    assert seat.status_code == 201 and Seat.objects.get(pk=seat.json()["id"]).person == tree.hoa
    short = officer.post("/api/v1/commendation-council-meetings/", {
        "council": board.council.pk, "starts_at": "2025-03-10T08:00:00+07:00", "place": "Hội trường",
        "attendees": [s.pk for s in board.seats[:5]], "proposals": [board.star.pk]}, format="json")
    assert short.status_code == 400 and short.json()["field"] == "attendees" and "7/10" in short.json()["detail"]
    opened = officer.post("/api/v1/commendation-council-meetings/", {
        "council": board.council.pk, "starts_at": "2025-03-10T08:00:00+07:00", "place": "Hội trường",
        "attendees": [s.pk for s in board.seats], "proposals": [board.star.pk, board.plain.pk]}, format="json")
    assert opened.status_code == 201 and Meeting.objects.count() == 1


def test_a_member_votes_once_and_the_result_cites_the_threshold(tree, make_user, board):
    from thidua.core.permissions import SYSTEM
    from thidua.nominations import councils
    from thidua.nominations.tests.scope_councils import MEETING_DAY, moment

    meeting = councils.meeting_open(actor=SYSTEM, council=board.council, starts_at=moment(MEETING_DAY), place="Hội trường",
                                    attendees=board.seats, proposals=[board.star, board.own])
    member = _api(board.users[0])
    url = f"/api/v1/commendation-council-meetings/{meeting.pk}/"
    assert member.post(url + "vote/", {"proposal": board.star.pk, "approve": True}, format="json").status_code == 204
    twice = member.post(url + "vote/", {"proposal": board.star.pk, "approve": False}, format="json")
    assert twice.status_code == 400 and twice.json() == {"detail": "Bạn đã bỏ phiếu cho đề nghị này.", "field": "proposal"}
    recused = member.post(url + "vote/", {"proposal": board.own.pk, "approve": True}, format="json")
    assert recused.status_code == 400 and "không tham gia biểu quyết" in recused.json()["detail"]
    outsider = _api(make_user(Role.UNION_OFFICER, tree.hue)).post(url + "vote/", {"proposal": board.star.pk, "approve": True},
                                                                  format="json")
    assert outsider.status_code == 404 and set(outsider.json()) == {"detail", "field"}
    assert BallotCast.objects.count() == 1
    result = member.get(url + "result/").json()
    star = next(line for line in result["lines"] if line["proposal"] == board.star.pk)
    assert (star["votes_for"], star["base"], star["needed"], star["passed"]) == (1, 10, 9, False)
    assert star["threshold"] == "ít nhất 90 % tổng số thành viên Hội đồng" and "Nghị định 98/2023/NĐ-CP" in star["citation"]
    assert result["quorum_needed"] == 7
    closed = _api(make_user(Role.EMULATION_OFFICER, tree.hanoi)).post(url + "close/", {"ends_at": "2025-03-10T11:00:00+07:00"},
                                                                      format="json")
    assert closed.status_code == 200 and closed.json()["closed"] is True
    after = member.post(url + "vote/", {"proposal": board.star.pk, "approve": True}, format="json")
    assert after.status_code == 400 and "đã kết thúc" in after.json()["detail"]
