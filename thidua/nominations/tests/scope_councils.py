"""Scope-matrix rows of the councils (Hội đồng thi đua – khen thưởng); see thidua/registrations/tests/scope.py
for the shapes. The helpers here also build the councils of thidua/nominations/tests/test_councils*.py.

Kinds added on each side (Hà Nội inside, Huế outside), all of the side's sector union:
  "hd_council" (3 seats, with meetings), "hd_council_free" (no meeting yet: seats can still be added),
  "hd_meeting" (open; its first proposal's subject sits on the council and is recused),
  "hd_meeting_closed" (voted and closed), "hd_council_list" (the council's name, for the list row).
Strings: hd_council_id, hd_council_free_id, hd_seat_person (someone of the union without a seat),
  hd_seat1..3 (the council's seats), hd_free (a proposal on no meeting), hd_proposal (one on the open
  meeting), hd_seat_voter (a present seat not recused from it).
"""
from datetime import date, datetime
from types import SimpleNamespace

from django.utils import timezone

ROUTES: dict = {
    "object": [
        ("khen-thuong/hoi-dong/to-chuc/<str:code>/", "get", "/khen-thuong/hoi-dong/to-chuc/{code}/", "org", "view", None),
        ("khen-thuong/hoi-dong/to-chuc/<str:code>/", "post", "/khen-thuong/hoi-dong/to-chuc/{code}/", "org", "commend",
         {"ten": "Hội đồng thi đua – khen thưởng kiểm thử", "tu_ngay": "01/01/2025"}),
        ("khen-thuong/hoi-dong/<int:pk>/", "get", "/khen-thuong/hoi-dong/{pk}/", "hd_council", "view", None),
        ("khen-thuong/hoi-dong/<int:pk>/thanh-vien/", "post", "/khen-thuong/hoi-dong/{pk}/thanh-vien/", "hd_council_free", "commend",
         {"nguoi": "{hd_seat_person}", "vai_tro": "member"}),
        ("khen-thuong/hoi-dong/<int:pk>/phien-hop/moi/", "get", "/khen-thuong/hoi-dong/{pk}/phien-hop/moi/", "hd_council", "commend", None),
        ("khen-thuong/hoi-dong/<int:pk>/phien-hop/moi/", "post", "/khen-thuong/hoi-dong/{pk}/phien-hop/moi/", "hd_council", "commend",
         {"bat_dau": "20/03/2025 08:00", "dia_diem": "Phòng họp tầng 2", "co_mat": ["{hd_seat1}", "{hd_seat2}", "{hd_seat3}"],
          "de_nghi": ["{hd_free}"]}),
        ("khen-thuong/hoi-dong/phien/<int:pk>/", "get", "/khen-thuong/hoi-dong/phien/{pk}/", "hd_meeting", "view", None),
        ("khen-thuong/hoi-dong/phien/<int:pk>/kiem-phieu/", "post", "/khen-thuong/hoi-dong/phien/{pk}/kiem-phieu/", "hd_meeting",
         "commend", {"de_nghi": "{hd_proposal}", "dong_y": "1", "khong_dong_y": "0"}),
        ("khen-thuong/hoi-dong/phien/<int:pk>/khong-tham-gia/", "post", "/khen-thuong/hoi-dong/phien/{pk}/khong-tham-gia/", "hd_meeting",
         "commend", {"de_nghi": "{hd_proposal}", "thanh_vien": "{hd_seat_voter}", "ly_do": "Có quan hệ gia đình với người được đề nghị"}),
        ("khen-thuong/hoi-dong/phien/<int:pk>/ket-thuc/", "post", "/khen-thuong/hoi-dong/phien/{pk}/ket-thuc/", "hd_meeting", "commend",
         {"ket_thuc": "10/03/2025 11:00", "ket_luan": "Hội đồng nhất trí."}),
        ("khen-thuong/hoi-dong/phien/<int:pk>/bien-ban.docx", "get", "/khen-thuong/hoi-dong/phien/{pk}/bien-ban.docx", "hd_meeting_closed",
         "view", None),
        # API
        ("api/v1/^commendation-councils/(?P<pk>[^/.]+)/$", "get", "/api/v1/commendation-councils/{pk}/", "hd_council", "view", None),
        ("api/v1/^commendation-council-meetings/(?P<pk>[^/.]+)/$", "get", "/api/v1/commendation-council-meetings/{pk}/", "hd_meeting", "view", None),
        ("api/v1/^commendation-council-meetings/(?P<pk>[^/.]+)/result/$", "get", "/api/v1/commendation-council-meetings/{pk}/result/", "hd_meeting", "view", None),
        ("api/v1/^commendation-council-meetings/(?P<pk>[^/.]+)/tally/$", "post", "/api/v1/commendation-council-meetings/{pk}/tally/", "hd_meeting", "commend",
         {"proposal": "{hd_proposal}", "votes_for": 1, "votes_against": 0}),
        ("api/v1/^commendation-council-meetings/(?P<pk>[^/.]+)/recuse/$", "post", "/api/v1/commendation-council-meetings/{pk}/recuse/", "hd_meeting", "commend",
         {"proposal": "{hd_proposal}", "seat": "{hd_seat_voter}", "reason": "Có quan hệ gia đình với người được đề nghị"}),
        ("api/v1/^commendation-council-meetings/(?P<pk>[^/.]+)/close/$", "post", "/api/v1/commendation-council-meetings/{pk}/close/", "hd_meeting", "commend",
         {"ends_at": "2025-03-10T11:00:00+07:00"}),
    ],
    "list": [
        ("api/v1/^commendation-councils/$", "/api/v1/commendation-councils/?limit=500", "hd_council_list", "code"),
    ],
    "create": [
        ("api/v1/^commendation-councils/$", "/api/v1/commendation-councils/", {"organisation": "{unit}", "name": "Hội đồng kiểm thử", "term_from": "2025-01-01"},
         "commend"),
        ("api/v1/^commendation-council-seats/$", "/api/v1/commendation-council-seats/", {"council": "{hd_council_free_id}", "person": "{hd_seat_person}", "role": "member"},
         "commend"),
        ("api/v1/^commendation-council-meetings/$", "/api/v1/commendation-council-meetings/",
         {"council": "{hd_council_id}", "starts_at": "2025-03-20T08:00:00+07:00", "place": "Phòng họp tầng 2",
          "attendees": ["{hd_seat1}", "{hd_seat2}", "{hd_seat3}"], "proposals": ["{hd_free}"]}, "commend"),
    ],
    "global": [],
    # A vote is not a matter of role but of the seat the account holds: test_councils_views.py and
    # test_councils_api.py check it, inside and outside.
    "elsewhere": {
        "khen-thuong/hoi-dong/phien/<int:pk>/bo-phieu/",
        "api/v1/^commendation-council-meetings/(?P<pk>[^/.]+)/vote/$",
    },
}

API_OPERATIONS: set = {
    "GET /api/v1/commendation-councils/",
    "POST /api/v1/commendation-councils/",
    "GET /api/v1/commendation-councils/{id}/",
    "POST /api/v1/commendation-council-seats/",
    "POST /api/v1/commendation-council-meetings/",
    "GET /api/v1/commendation-council-meetings/{id}/",
    "POST /api/v1/commendation-council-meetings/{id}/vote/",
    "POST /api/v1/commendation-council-meetings/{id}/tally/",
    "POST /api/v1/commendation-council-meetings/{id}/recuse/",
    "POST /api/v1/commendation-council-meetings/{id}/close/",
    "GET /api/v1/commendation-council-meetings/{id}/result/",
}
API_IDS: dict = {"/api/v1/commendation-councils/": "hd_council", "/api/v1/commendation-council-meetings/": "hd_meeting"}

TERM_FROM = date(2025, 1, 1)
MEETING_DAY = date(2025, 3, 10)
YEAR = 2025


def moment(day: date, hour: int = 8, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def add_people(unit, names: list[str]) -> list:
    from thidua.core.permissions import SYSTEM
    from thidua.people.services import person_create

    return [person_create(actor=SYSTEM, full_name=name, unit=unit, start=date(2020, 1, 1), member_since=date(2020, 1, 1))
            for name in names]


def dossier_of(union, proposer, award: str = "chien_si_thi_dua_co_so", status: str = "submitted"):
    """A dossier of `proposer` held by `union` (ORM only: the dossiers' services are another module's)."""
    from thidua.nominations.models import Dossier, Round

    round_ = Round.objects.filter(organisation=union, year=YEAR).first() or Round.objects.create(
        organisation=union, kind=Round.Kind.YEARLY, title=f"Khen thưởng năm {YEAR}", year=YEAR, opened_on=date(2025, 1, 5))
    return Dossier.objects.create(round=round_, proposer=proposer, holder=union, award=award, status=status,
                                  title=f"Đề nghị {award} – {proposer.name}", submitted_on=date(2025, 2, 1))


def propose(dossier, *, person=None, organisation=None, award: str | None = None):
    from thidua.nominations.models import Proposal

    return Proposal.objects.create(dossier=dossier, person=person, organisation=organisation, award=award or dossier.award, year=YEAR)


def council_with_seats(union, people: list, *, name: str = "", users: dict | None = None):
    """A council of `union` from 01/01/2025: the first person chairs, the second keeps the minutes, the rest are members."""
    from thidua.core.permissions import SYSTEM
    from thidua.nominations.councils import council_create, seat_add
    from thidua.nominations.models import Seat

    council = council_create(actor=SYSTEM, organisation=union, name=name or f"Hội đồng thi đua – khen thưởng {union.name}",
                             term_from=TERM_FROM)
    roles = [Seat.Role.CHAIR, Seat.Role.SECRETARY]
    seats = [seat_add(actor=SYSTEM, council=council, person=person, role=roles[i] if i < len(roles) else Seat.Role.MEMBER,
                      user=(users or {}).get(person.pk)) for i, person in enumerate(people)]
    return council, seats


def world(tree, inside, outside) -> None:
    from thidua.core.permissions import SYSTEM
    from thidua.nominations.councils import meeting_close, meeting_open, tally_record

    hue_people = add_people(tree.hue_central, ["Hồ Văn Quang", "Ngô Thị Thu", "Đặng Văn Bình"])
    hanoi_extra = add_people(tree.bach_mai, ["Vũ Thị Mai"])
    sides = (
        (inside, tree.hanoi, tree.bach_mai, [tree.hoa, tree.duc, tree.lan], hanoi_extra[0]),
        (outside, tree.hue, tree.hue_central, [tree.hoa2, hue_people[0], hue_people[1]], hue_people[2]),
    )
    for side, union, hospital, people, spare in sides:
        council, seats = council_with_seats(union, people)
        free_council, _ = council_with_seats(union, people[:1], name=f"Hội đồng kiện toàn – {union.name}")
        dossier = dossier_of(union, hospital)
        subject_seated = propose(dossier, person=people[0])  # its subject chairs the council: recused
        on_open = propose(dossier, person=spare)
        closed_one = propose(dossier_of(union, hospital, award="lao_dong_tien_tien"), person=spare)
        free = propose(dossier_of(union, hospital, award="giay_khen"), person=spare)
        meeting = meeting_open(actor=SYSTEM, council=council, starts_at=moment(MEETING_DAY), place="Hội trường",
                               attendees=seats, proposals=[subject_seated, on_open])
        done = meeting_open(actor=SYSTEM, council=council, starts_at=moment(MEETING_DAY, 14), place="Hội trường",
                            attendees=seats, proposals=[closed_one])
        tally_record(actor=SYSTEM, meeting=done, proposal=closed_one, votes_for=3, votes_against=0)
        meeting_close(actor=SYSTEM, meeting=done, ends_at=moment(MEETING_DAY, 16))
        side.update({
            "hd_council": council, "hd_council_free": free_council, "hd_meeting": meeting, "hd_meeting_closed": done,
            "hd_council_list": SimpleNamespace(code=council.name),
            "hd_council_id": str(council.pk), "hd_council_free_id": str(free_council.pk), "hd_seat_person": str(people[1].pk),
            "hd_seat1": str(seats[0].pk), "hd_seat2": str(seats[1].pk), "hd_seat3": str(seats[2].pk),
            "hd_free": str(free.pk), "hd_proposal": str(on_open.pk), "hd_seat_voter": str(seats[1].pk),
        })
