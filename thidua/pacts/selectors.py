"""Reads about emulation clusters and blocks and emulation pacts, always within the actor's scope.

Visibility: a grouping is visible to whoever sees its owner or any of its members, past or present
(the members are peers who compete with each other; each of them sees the whole grouping). A pact
is visible to whoever sees the organisation that keeps it or any of its parties. Outside that, a
record is simply not found.

How a pact is scored (the final score)
--------------------------------------
Each party gives itself a self-score per target, and the other parties give it cross-scores;
every score lies between 0 and the target's weight, so a perfect party scores 100.

* A party's score on a target is the **average of the cross-scores** the other parties gave it on
  that target. Its self-score is shown beside it, for comparison, but does not count: a party
  does not mark its own work.
* A party's **final score** is the sum of those averages over all targets. Until every target has
  at least one cross-score, the final score is missing ("chưa chấm xong") and the party is ranked
  after those that have one.
* Ranking within a pact: highest final score first; equal scores share a rank (1, 2, 2, 4).
* The **year-end ranking of a grouping** ranks its members by the average of their final scores
  over the grouping's pacts of that year that they signed and that are fully scored (usually one
  pact a year, so it is that pact's final score). Members without such a score are listed last.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet

from thidua.core.db import prefix_q
from thidua.core.errors import NotFound
from thidua.core.permissions import Action, require, scope_paths, scope_q
from thidua.organisations.models import Organisation
from thidua.pacts.models import Grouping, GroupingLeader, GroupingMember, Meeting, Pact, PactDocument, PactParty, PactScore
from thidua.people.models import Person

TWO_PLACES = Decimal("0.01")


def _round(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


# --- Groupings ---------------------------------------------------------------------------------------


def grouping_visible(*, actor) -> QuerySet[Grouping]:
    if scope_paths(actor, Action.VIEW) is None:
        return Grouping.objects.all()
    members = GroupingMember.objects.filter(scope_q(actor, field="organisation__path"), grouping=OuterRef("pk"))
    return Grouping.objects.filter(scope_q(actor, field="owner__path") | Q(Exists(members)))


def grouping_get(*, actor, pk) -> Grouping:
    try:
        return grouping_visible(actor=actor).select_related("owner", "replaced_by").get(pk=pk)
    except (Grouping.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound("Không tìm thấy cụm, khối thi đua này trong phạm vi của bạn.") from None


def grouping_list(*, actor, year: int | None = None, kind: str = "") -> QuerySet[Grouping]:
    """Visible groupings, newest first; with `year`, those active at some time in that year."""
    query = grouping_visible(actor=actor).select_related("owner", "replaced_by")
    if year is not None:
        query = query.filter(valid_from__lte=date(year, 12, 31)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=date(year, 1, 1)))
    if kind:
        query = query.filter(kind=kind)
    return query.order_by("-valid_from", "name", "id")


def grouping_members(*, grouping: Grouping) -> list[GroupingMember]:
    """Every membership, past and present, in order of joining."""
    return list(grouping.members.select_related("organisation").order_by("joined", "organisation__name", "id"))


def grouping_members_on(*, grouping: Grouping, on: date) -> list[Organisation]:
    return [m.organisation for m in grouping_members(grouping=grouping) if m.is_active_on(on)]


def grouping_leaders(*, grouping: Grouping) -> list[tuple[int, Organisation | None, Organisation | None]]:
    """(year, leader, deputy), newest year first."""
    years: dict[int, dict[str, Organisation]] = defaultdict(dict)
    for row in grouping.leaders.select_related("organisation"):
        years[row.year][row.role] = row.organisation
    return [(y, years[y].get(GroupingLeader.Role.LEADER), years[y].get(GroupingLeader.Role.DEPUTY))
            for y in sorted(years, reverse=True)]


def grouping_meetings(*, grouping: Grouping) -> list[Meeting]:
    return list(grouping.meetings.prefetch_related("attendees", "documents").order_by("-held_on", "-id"))


def grouping_chain(*, actor, grouping: Grouping) -> tuple[list[Grouping], list[Grouping]]:
    """The visible groupings this one took over from (oldest first) and those that took over from it."""
    visible = grouping_visible(actor=actor)
    before, seen = [], {grouping.pk}
    current = grouping
    while True:
        previous = visible.filter(replaced_by=current).first()
        if previous is None or previous.pk in seen:
            break
        seen.add(previous.pk)
        before.insert(0, previous)
        current = previous
    after, current = [], grouping
    while current.replaced_by_id and current.replaced_by_id not in seen:
        nxt = visible.filter(pk=current.replaced_by_id).first()
        if nxt is None:
            break
        seen.add(nxt.pk)
        after.append(nxt)
        current = nxt
    return before, after


# --- Pacts -------------------------------------------------------------------------------------------


def pact_visible(*, actor) -> QuerySet[Pact]:
    if scope_paths(actor, Action.VIEW) is None:
        return Pact.objects.all()
    parties = PactParty.objects.filter(scope_q(actor, field="organisation__path"), pact=OuterRef("pk"))
    return Pact.objects.filter(scope_q(actor, field="organisation__path") | Q(Exists(parties)))


def pact_get(*, actor, pk) -> Pact:
    try:
        return pact_visible(actor=actor).select_related("organisation", "grouping").get(pk=pk)
    except (Pact.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound("Không tìm thấy giao ước này trong phạm vi của bạn.") from None


def pact_list(*, actor, year: int | None = None, grouping: Grouping | None = None, kind: str = "") -> QuerySet[Pact]:
    query = pact_visible(actor=actor).select_related("organisation", "grouping")
    if year is not None:
        query = query.filter(year=year)
    if grouping is not None:
        query = query.filter(grouping=grouping)
    if kind:
        query = query.filter(kind=kind)
    return query.order_by("-year", "title", "id")


def pact_parties(*, pact: Pact) -> list[PactParty]:
    return list(pact.parties.select_related("organisation", "person").order_by("id"))


def pacts_of_person(*, actor, person: Person) -> QuerySet[Pact]:
    return pact_visible(actor=actor).filter(parties__person=person).distinct().order_by("-year", "id")


def pact_document_get(*, actor, pk) -> PactDocument:
    """A stored document, when the pact or the meeting it belongs to is visible."""
    try:
        doc = PactDocument.objects.select_related("meeting").get(pk=pk)
    except (PactDocument.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound("Không tìm thấy văn bản này trong phạm vi của bạn.") from None
    try:
        if doc.pact_id:
            pact_get(actor=actor, pk=doc.pact_id)
        else:
            grouping_get(actor=actor, pk=doc.meeting.grouping_id)
    except NotFound:
        raise NotFound("Không tìm thấy văn bản này trong phạm vi của bạn.") from None
    return doc


# --- Results and ranking -----------------------------------------------------------------------------


@dataclass
class TargetResult:
    target_id: int
    title: str
    weight: int
    self_score: Decimal | None
    cross_scores: list[tuple[str, Decimal]]  # (scorer's label, score)
    cross_average: Decimal | None


@dataclass
class PartyResult:
    party: PactParty
    targets: list[TargetResult] = field(default_factory=list)
    self_total: Decimal | None = None
    final: Decimal | None = None
    rank: int | None = None

    @property
    def complete(self) -> bool:
        return self.final is not None


def _rank(rows: list, key) -> None:
    """Give `rank` to rows with a score (highest first, ties share a rank), None to the others."""
    rows.sort(key=lambda r: (key(r) is None, -(key(r) or 0)))
    previous, rank = None, 0
    for position, row in enumerate(rows, start=1):
        score = key(row)
        if score is None:
            row.rank = None
            continue
        if score != previous:
            rank, previous = position, score
        row.rank = rank


def pact_results(*, pact: Pact) -> list[PartyResult]:
    """Each party's self-scores, cross-scores and final score (see the module docstring), ranked."""
    parties = pact_parties(pact=pact)
    labels = {p.pk: p.label for p in parties}
    targets = list(pact.targets.order_by("position", "id"))
    scores: dict[tuple[int, int], list[PactScore]] = defaultdict(list)
    for score in PactScore.objects.filter(target__pact=pact).order_by("scorer_id"):
        scores[(score.party_id, score.target_id)].append(score)
    results = []
    for party in parties:
        result = PartyResult(party)
        self_values, cross_values = [], []
        for target in targets:
            given = scores.get((party.pk, target.pk), [])
            own = next((s.value for s in given if s.is_self), None)
            cross = [(labels.get(s.scorer_id, ""), s.value) for s in given if not s.is_self]
            average = _round(sum((v for _, v in cross), Decimal(0)) / len(cross)) if cross else None
            result.targets.append(TargetResult(target.pk, target.title, target.weight, own, cross, average))
            self_values.append(own)
            cross_values.append(average)
        if targets and all(v is not None for v in self_values):
            result.self_total = sum(self_values, Decimal(0))
        if targets and all(v is not None for v in cross_values):
            result.final = sum(cross_values, Decimal(0))
        results.append(result)
    _rank(results, lambda r: r.final)
    return results


@dataclass
class RankingRow:
    organisation: Organisation
    score: Decimal | None
    pacts: int  # the grouping's fully scored pacts of the year the member signed
    leader: bool = False
    rank: int | None = None


def grouping_ranking(*, actor, grouping: Grouping, year: int) -> list[RankingRow]:
    """The members of the year, ranked by their pact scores (see the module docstring)."""
    grouping = grouping_get(actor=actor, pk=grouping.pk)
    start, end = date(year, 1, 1), date(year, 12, 31)
    members = {m.organisation_id: m.organisation for m in grouping_members(grouping=grouping)
               if m.joined <= end and (m.left is None or m.left >= start)}
    finals: dict[int, list[Decimal]] = defaultdict(list)
    for pact in grouping.pacts.filter(year=year).order_by("id"):
        for result in pact_results(pact=pact):
            org_id = result.party.organisation_id
            members.setdefault(org_id, result.party.organisation)  # a signatory who left before the year ended
            if result.final is not None:
                finals[org_id].append(result.final)
    leader = grouping.leaders.filter(year=year, role=GroupingLeader.Role.LEADER).values_list("organisation_id", flat=True).first()
    rows = [RankingRow(org, _round(sum(finals[pk], Decimal(0)) / len(finals[pk])) if finals.get(pk) else None,
                       len(finals.get(pk, [])), leader=pk == leader)
            for pk, org in members.items()]
    rows.sort(key=lambda r: r.organisation.name)
    _rank(rows, lambda r: r.score)
    return rows


# --- Counts per unit and year ------------------------------------------------------------------------


@dataclass
class PactCounts:
    clusters: int  # groupings the unit was a member of at some time in the year
    clusters_led: int  # of those, the ones it led that year
    pacts: int  # pacts of the year signed by the unit or by anyone in its subtree
    pacts_by_kind: dict[str, int]
    meetings: int  # meetings held that year by the groupings the unit belonged to, while it belonged
    meetings_attended: int  # of those, the ones the unit attended


def pact_counts(*, actor, organisation: Organisation, year: int) -> PactCounts:
    """What a unit did with clusters and pacts in a year, counted in a few queries."""
    require(actor, Action.VIEW, organisation)
    start, end = date(year, 1, 1), date(year, 12, 31)
    memberships = list(GroupingMember.objects.filter(organisation=organisation, joined__lte=end).filter(
        Q(left__isnull=True) | Q(left__gte=start)))
    grouping_ids = {m.grouping_id for m in memberships}
    led = GroupingLeader.objects.filter(grouping_id__in=grouping_ids, year=year, organisation=organisation,
                                        role=GroupingLeader.Role.LEADER).values("grouping_id").distinct().count()
    pacts = Pact.objects.filter(year=year).filter(
        Exists(PactParty.objects.filter(prefix_q("organisation__path", organisation.path), pact=OuterRef("pk"))))
    by_kind = {kind: 0 for kind in Pact.Kind.values}
    for kind in pacts.values_list("kind", flat=True):
        by_kind[kind] += 1
    meetings = attended = 0
    for meeting in Meeting.objects.filter(grouping_id__in=grouping_ids, held_on__range=(start, end)).prefetch_related("attendees"):
        if any(m.grouping_id == meeting.grouping_id and m.is_active_on(meeting.held_on) for m in memberships):
            meetings += 1
            attended += any(a.pk == organisation.pk for a in meeting.attendees.all())
    return PactCounts(clusters=len(grouping_ids), clusters_led=led, pacts=sum(by_kind.values()), pacts_by_kind=by_kind,
                      meetings=meetings, meetings_attended=attended)


# --- Sections of the unit page -----------------------------------------------------------------------


@dataclass
class OrgGrouping:
    grouping: Grouping
    member: GroupingMember
    leader: Organisation | None


def groupings_of_org(*, actor, organisation: Organisation, on: date) -> list[OrgGrouping]:
    """The groupings the unit belongs to on `on`, with the year's leader."""
    visible = set(grouping_visible(actor=actor).values_list("pk", flat=True))
    rows = []
    for member in GroupingMember.objects.filter(organisation=organisation).select_related("grouping").order_by("joined"):
        if member.grouping_id in visible and member.is_active_on(on) and member.grouping.is_active_on(on):
            leader = member.grouping.leaders.filter(year=on.year, role=GroupingLeader.Role.LEADER).select_related("organisation").first()
            rows.append(OrgGrouping(member.grouping, member, leader.organisation if leader else None))
    return rows


def pacts_of_org(*, actor, organisation: Organisation, year: int) -> QuerySet[Pact]:
    """Pacts of the year the unit signed or keeps (its staff's and departments' pacts included)."""
    parties = PactParty.objects.filter(organisation=organisation, pact=OuterRef("pk"))
    return pact_visible(actor=actor).filter(year=year).filter(Q(organisation=organisation) | Q(Exists(parties))).order_by("kind", "title", "id")
