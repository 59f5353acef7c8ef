"""Reads about initiatives, research topics and science councils, always within the actor's scope.

An initiative is seen by whoever sees the unit it was registered in; a council by whoever sees its
organisation. Outside the scope a record is simply not found. The council's rules — quorum,
recusal, how votes and scores make a result — live here too, as plain functions the services
(which refuse on them) and the pages (which show them) both read.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from math import ceil

from django.db.models import Count, Q, QuerySet

from thidua.core.db import prefix_q
from thidua.core.errors import NotFound
from thidua.core.permissions import Action, require, scope_q
from thidua.core.scales import Scope
from thidua.movements.models import Council, CouncilMeeting, CouncilMember, Initiative, InitiativeStep, Review
from thidua.organisations.models import Organisation, OrgKind
from thidua.people.models import Employment, Person

# --- The council's rules --------------------------------------------------------------------------

# Quorum: a council decides only when at least two thirds of its members attend. Councils of
# emulation and science in the union and the health sector adopt this two-thirds rule in their
# working regulations (quy chế làm việc), so that no result rests on a minority of the members
# appointed; a meeting below it may be recorded, but gives no result.
QUORUM = Fraction(2, 3)
# A vote approves with more than half of the members who attend and may vote (not recused).
# A score approves when the mean score of those members reaches PASS_SCORE out of SCORE_MAX.
SCORE_MIN, SCORE_MAX, PASS_SCORE = 0, 100, 50
# Chair + secretary + at least one other member: below three the two-thirds quorum means "everyone".
MIN_MEMBERS = 3


def quorum_needed(members: int) -> int:
    """The fewest attendees who make a quorum of `members` (two thirds, rounded up)."""
    return ceil(members * QUORUM)


def quorum_rule() -> str:
    return (f"Phiên họp chỉ được ra kết quả khi có ít nhất hai phần ba số thành viên hội đồng có mặt; "
            f"biểu quyết được thông qua khi quá nửa số thành viên có mặt (không phải rút) tán thành; "
            f"chấm điểm đạt khi điểm trung bình từ {PASS_SCORE}/{SCORE_MAX} trở lên.")


def _department_on(person_ids, on: date) -> dict[int, Organisation]:
    """person id → the department (khoa, phòng, tổ công đoàn) employing them on `on`, if any."""
    rows = (Employment.objects.filter(person_id__in=list(person_ids), start__lte=on)
            .filter(Q(end__isnull=True) | Q(end__gte=on)).select_related("organisation").order_by("person_id", "-start", "-id"))
    found: dict[int, Organisation] = {}
    for employment in rows:
        if employment.person_id not in found and employment.organisation.kind == OrgKind.UNION_GROUP:
            found[employment.person_id] = employment.organisation
    return found


def recusals(*, meeting: CouncilMeeting, initiative: Initiative) -> dict[int, str]:
    """council member id → why they must recuse from judging `initiative` at `meeting`.

    A member recuses when they are an author, or when they work (on the meeting's day) in the same
    department — a unit of kind "tổ công đoàn, khoa, phòng" — as an author: colleagues of one
    department judge each other's work too closely. People employed at a unit's own level (no
    department recorded) share no department with anyone.
    """
    members = list(meeting.council.members.select_related("person"))
    authors = list(initiative.authors.all())
    author_ids = {a.pk for a in authors}
    departments = _department_on({m.person_id for m in members} | author_ids, meeting.held_on)
    reasons: dict[int, str] = {}
    for member in members:
        if member.person_id in author_ids:
            reasons[member.pk] = f"là tác giả của {initiative.get_kind_display().lower()} này"
            continue
        mine = departments.get(member.person_id)
        if mine is None:
            continue
        for author in authors:
            if departments.get(author.pk) == mine:
                reasons[member.pk] = f"cùng {mine.name} với tác giả {author.full_name}"
                break
    return reasons


@dataclass
class MemberLine:
    member: CouncilMember
    present: bool
    recused: str  # why, or ""
    review: Review | None


@dataclass
class Tally:
    """Where one initiative stands at one meeting: who may judge, what they said, the result."""

    method: str
    members: int
    present: int
    needed: int
    lines: list[MemberLine] = field(default_factory=list)
    approvals: int = 0
    rejections: int = 0
    mean_score: float | None = None

    @property
    def quorum(self) -> bool:
        return self.present >= self.needed

    @property
    def voters(self) -> list[MemberLine]:
        return [line for line in self.lines if line.present and not line.recused]

    @property
    def missing(self) -> list[MemberLine]:
        return [line for line in self.voters if line.review is None]

    @property
    def approved(self) -> bool | None:
        """The council's result once every member who may judge has; None before."""
        voters = self.voters
        if not self.quorum or not voters or self.missing:
            return None
        if self.method == Council.Method.VOTE:
            return self.approvals * 2 > len(voters)
        return self.mean_score is not None and self.mean_score >= PASS_SCORE


def review_tally(*, meeting: CouncilMeeting, initiative: Initiative) -> Tally:
    """No scope check: callers have read the meeting through the actor's scope."""
    members = list(meeting.council.members.select_related("person").order_by("role", "id"))
    present = set(meeting.attendees.values_list("pk", flat=True))
    reviews = {r.member_id: r for r in Review.objects.filter(meeting=meeting, initiative=initiative)}
    reasons = recusals(meeting=meeting, initiative=initiative)
    tally = Tally(method=meeting.council.method, members=len(members), present=len(present), needed=quorum_needed(len(members)))
    order = {CouncilMember.Role.CHAIR: 0, CouncilMember.Role.SECRETARY: 1, CouncilMember.Role.MEMBER: 2}
    for member in sorted(members, key=lambda m: (order.get(m.role, 3), m.pk)):
        tally.lines.append(MemberLine(member, member.pk in present, reasons.get(member.pk, ""), reviews.get(member.pk)))
    counted = [line.review for line in tally.voters if line.review is not None]
    tally.approvals = sum(1 for r in counted if r.vote == Review.Vote.APPROVE)
    tally.rejections = sum(1 for r in counted if r.vote == Review.Vote.REJECT)
    scores = [r.score for r in counted if r.score is not None]
    tally.mean_score = round(sum(scores) / len(scores), 1) if scores else None
    return tally


# --- Initiatives --------------------------------------------------------------------------------


def initiative_visible(*, actor, action: Action = Action.VIEW) -> QuerySet[Initiative]:
    return Initiative.objects.filter(scope_q(actor, action, field="organisation__path"))


def initiative_get(*, actor, pk) -> Initiative:
    try:
        return initiative_visible(actor=actor).select_related("organisation").get(pk=pk)
    except (Initiative.DoesNotExist, ValueError, TypeError):
        raise NotFound("Không tìm thấy sáng kiến, đề tài này trong phạm vi của bạn.") from None


def initiative_list(*, actor, year: int | None = None, status: str | None = None, kind: str | None = None,
                    unit: Organisation | None = None) -> QuerySet[Initiative]:
    """Initiatives and topics in scope, filtered; `unit` keeps those of the unit and its subtree."""
    query = initiative_visible(actor=actor).select_related("organisation").prefetch_related("authors")
    if year is not None:
        query = query.filter(year=year)
    if status:
        query = query.filter(status=status)
    if kind:
        query = query.filter(kind=kind)
    if unit is not None:
        query = query.filter(prefix_q("organisation__path", unit.path))
    return query.order_by("-year", "organisation__path", "id")


def initiative_steps(*, initiative: Initiative) -> QuerySet[InitiativeStep]:
    return initiative.steps.select_related("meeting", "meeting__council").order_by("on", "id")


def initiative_meetings(*, initiative: Initiative) -> list[tuple[CouncilMeeting, Tally]]:
    """Each meeting that had the initiative on its agenda, with its tally."""
    meetings = initiative.meetings.select_related("council").order_by("held_on", "id")
    return [(meeting, review_tally(meeting=meeting, initiative=initiative)) for meeting in meetings]


def initiatives_of_person(*, actor, person: Person) -> QuerySet[Initiative]:
    return initiative_visible(actor=actor).filter(authors=person).select_related("organisation").order_by("-year", "id")


# --- Councils -----------------------------------------------------------------------------------


def council_visible(*, actor, action: Action = Action.VIEW) -> QuerySet[Council]:
    return Council.objects.filter(scope_q(actor, action, field="organisation__path"))


def council_get(*, actor, pk) -> Council:
    try:
        return council_visible(actor=actor).select_related("organisation").get(pk=pk)
    except (Council.DoesNotExist, ValueError, TypeError):
        raise NotFound("Không tìm thấy hội đồng này trong phạm vi của bạn.") from None


def council_list(*, actor, year: int | None = None, unit: Organisation | None = None) -> QuerySet[Council]:
    query = council_visible(actor=actor).select_related("organisation").annotate(member_count=Count("members", distinct=True))
    if year is not None:
        query = query.filter(year=year)
    if unit is not None:
        query = query.filter(prefix_q("organisation__path", unit.path))
    return query.order_by("-year", "organisation__path", "name", "id")


def council_members(*, council: Council) -> list[CouncilMember]:
    order = {CouncilMember.Role.CHAIR: 0, CouncilMember.Role.SECRETARY: 1, CouncilMember.Role.MEMBER: 2}
    return sorted(council.members.select_related("person"), key=lambda m: (order.get(m.role, 3), m.pk))


def meeting_get(*, actor, pk) -> CouncilMeeting:
    try:
        return (CouncilMeeting.objects.filter(scope_q(actor, field="council__organisation__path"))
                .select_related("council", "council__organisation").get(pk=pk))
    except (CouncilMeeting.DoesNotExist, ValueError, TypeError):
        raise NotFound("Không tìm thấy phiên họp này trong phạm vi của bạn.") from None


def council_candidates(*, council: Council) -> QuerySet[Initiative]:
    """Registered initiatives and topics a council may put on a meeting's agenda: its subtree, its year."""
    return (Initiative.objects.filter(prefix_q("organisation__path", council.organisation.path), year=council.year,
                                      status=Initiative.Status.REGISTERED)
            .select_related("organisation").order_by("organisation__path", "id"))


# --- Counts ---------------------------------------------------------------------------------------


@dataclass
class KindCounts:
    """How many of one kind, for a unit and year.

    registered: every one registered for the year; approved: those the council approved (whether
    now in progress or accepted); rejected; in_progress: now being carried out; accepted: accepted
    (nghiệm thu, công nhận), in total and by scope.
    """

    registered: int = 0
    approved: int = 0
    rejected: int = 0
    in_progress: int = 0
    accepted: int = 0
    accepted_by_scope: dict[str, int] = field(default_factory=lambda: {s: 0 for s in Scope.values})

    def as_dict(self) -> dict:
        return {"registered": self.registered, "approved": self.approved, "rejected": self.rejected,
                "in_progress": self.in_progress, "accepted": self.accepted, "accepted_by_scope": dict(self.accepted_by_scope)}


APPROVED_STATUSES = (Initiative.Status.APPROVED, Initiative.Status.IN_PROGRESS, Initiative.Status.ACCEPTED)


def initiative_counts(*, actor, organisation: Organisation, year: int) -> dict[str, KindCounts]:
    """"158 registered, 108 approved": the counts of `organisation`'s subtree for `year`, by kind
    ("initiative", "topic"), in one grouped query."""
    require(actor, Action.VIEW, organisation)
    counts = {kind: KindCounts() for kind in Initiative.Kind.values}
    rows = (Initiative.objects.filter(prefix_q("organisation__path", organisation.path), year=year).order_by()
            .values_list("kind", "status", "scope").annotate(n=Count("id")))
    for kind, status, scope, n in rows:
        c = counts[kind]
        c.registered += n
        if status in APPROVED_STATUSES:
            c.approved += n
        if status == Initiative.Status.REJECTED:
            c.rejected += n
        if status == Initiative.Status.IN_PROGRESS:
            c.in_progress += n
        if status == Initiative.Status.ACCEPTED:
            c.accepted += n
            if scope in c.accepted_by_scope:
                c.accepted_by_scope[scope] += n
    return counts
