"""The demo's commendation year: one route walked end to end, for a newcomer to look at.

The Hà Nội sector union (CDN-01) opened its yearly round; the first Hà Nội hospital (CS-01-001)
proposed three of its staff for the sector union's Giấy khen and submitted the dossier; the sector
union accepted it, its council met and counted a paper ballot, and the sector union issued the
decision, whose certificates can be printed and checked on the public page. A second hospital's
dossier is still being drawn up. Everything goes through the services, as an officer would.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from thidua.core.db import prefix_q
from thidua.core.permissions import SYSTEM
from thidua.decisions.services import decision_draft, decision_issue, document_settings_save
from thidua.nominations import councils, services
from thidua.nominations.models import Round, Seat
from thidua.organisations.models import OrgKind, Organisation
from thidua.people.models import Employment, Person

SECTOR, HOSPITAL, SECOND_HOSPITAL = "CDN-01", "CS-01-001", "CS-01-002"
AWARD = "giay_khen"
REASON = "Đơn vị đã bình xét, đề nghị theo thành tích năm (dữ liệu mẫu)"


def _staff(unit: Organisation, count: int, since: date, exclude: tuple[int, ...] = ()) -> list[Person]:
    """People working in `unit`'s subtree from `since` on."""
    ids = (Employment.objects.filter(prefix_q("organisation__path", unit.path), end__isnull=True, start__lte=since)
           .exclude(person_id__in=exclude).order_by("person_id").values_list("person_id", flat=True).distinct()[:count])
    return list(Person.objects.filter(pk__in=list(ids)).order_by("pk"))


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def load_commendation_year(on: date) -> None:
    """`on` is the demo's day; the round is for the year before it."""
    sector = Organisation.objects.get(code=SECTOR)
    hospital = Organisation.objects.get(code=HOSPITAL)
    year = on.year - 1
    opened = on - timedelta(days=40)
    document_settings_save(actor=SYSTEM, organisation=sector, parent_body="CÔNG ĐOÀN Y TẾ VIỆT NAM",
                           issuer="CÔNG ĐOÀN NGÀNH Y TẾ HÀ NỘI", symbol="CĐYT", place="Hà Nội", signer_name="Nguyễn Thị Thanh Hương")
    round_ = services.round_open(
        actor=SYSTEM, organisation=sector, kind=Round.Kind.YEARLY, title=f"Khen thưởng tổng kết năm {year}", year=year, on=opened,
        deadlines={OrgKind.GRASSROOTS_PUBLIC: on + timedelta(days=30), OrgKind.GRASSROOTS_BUSINESS: on + timedelta(days=30)},
    )
    dossier = services.dossier_create(actor=SYSTEM, round=round_, proposer=hospital, award=AWARD, on=opened + timedelta(days=5))
    proposed = _staff(hospital, 3, opened)
    for person in proposed:
        services.proposal_add(actor=SYSTEM, dossier=dossier, person=person, year=year, on=opened + timedelta(days=5),
                              achievement=f"Hoàn thành xuất sắc nhiệm vụ năm {year}", amount=300_000, override_reason=REASON)
    services.dossier_submit(actor=SYSTEM, dossier=dossier, on=opened + timedelta(days=10))
    services.dossier_accept(actor=SYSTEM, dossier=dossier, on=opened + timedelta(days=12))

    council = councils.council_create(actor=SYSTEM, organisation=sector, name="Hội đồng Thi đua – Khen thưởng Công đoàn ngành Y tế Hà Nội",
                                      term_from=date(on.year - 3, 1, 1))
    roles = [Seat.Role.CHAIR, Seat.Role.SECRETARY, Seat.Role.MEMBER, Seat.Role.MEMBER, Seat.Role.MEMBER]
    seats = [councils.seat_add(actor=SYSTEM, council=council, person=person, role=role)
             for person, role in zip(_staff(sector, 5, opened, exclude=tuple(p.pk for p in proposed)), roles)]
    day = opened + timedelta(days=20)
    agenda = list(dossier.proposals.all())
    meeting = councils.meeting_open(actor=SYSTEM, council=council, starts_at=_at(day, 8), place="Hội trường Công đoàn ngành",
                                    attendees=seats, proposals=agenda)
    for proposal in agenda:
        councils.tally_record(actor=SYSTEM, meeting=meeting, proposal=proposal, votes_for=len(seats), votes_against=0)
    councils.meeting_close(actor=SYSTEM, meeting=meeting, ends_at=_at(day, 10), conclusion="Nhất trí đề nghị khen thưởng.")

    draft = decision_draft(actor=SYSTEM, issuer=sector, award=AWARD, on=day + timedelta(days=3), dossiers=[dossier],
                           subject=f"Về việc tặng Giấy khen cho các cá nhân có thành tích xuất sắc năm {year}")
    decision_issue(actor=SYSTEM, decision=draft, on=day + timedelta(days=5), signer_name="Nguyễn Thị Thanh Hương")

    second = Organisation.objects.filter(code=SECOND_HOSPITAL).first()
    if second is not None:
        draft_dossier = services.dossier_create(actor=SYSTEM, round=round_, proposer=second, award=AWARD, on=on - timedelta(days=2))
        for person in _staff(second, 2, opened):
            services.proposal_add(actor=SYSTEM, dossier=draft_dossier, person=person, year=year, on=on - timedelta(days=2),
                                  achievement=f"Hoàn thành tốt nhiệm vụ năm {year}", override_reason=REASON)
