"""Reads about movements (phong trào thi đua), always within the actor's scope.

An officer sees a movement when its launching organisation lies in their part of the tree, when it
asks a unit of their part of the tree to respond (the whole subtree of a launcher above them, or a
chosen unit inside their part), or when a partner body in their part launched it jointly. Outside
that, a movement is simply not found.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet

from thidua.campaigns.models import (
    Contest,
    ContestEntry,
    ContestScore,
    Movement,
    MovementDocument,
    MovementModel,
    MovementResponse,
    PeakCampaign,
    ResponsePlanFile,
    ResultReport,
    TargetMode,
)
from thidua.core.db import path_chain, prefix_q
from thidua.core.errors import NotFound
from thidua.core.permissions import Action, path_in_scope, scope_paths, scope_q
from thidua.organisations.models import Organisation, OrgKind
from thidua.people.models import Person

# --- Targeting ------------------------------------------------------------------------------------


def ancestor_ids(path: str) -> list[int]:
    """The ids of the units above the one with this path ("/1/7/42/" → [1, 7])."""
    return path_chain(path)[:-1]


def _period_q(start: date, end: date, prefix: str = "") -> Q:
    """Units active at some point between start and end."""
    return Q(**{f"{prefix}valid_from__lte": end}) & (Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": start}))


def movement_targets(*, movement: Movement) -> QuerySet[Organisation]:
    """The units asked to respond: the launcher's whole subtree (below it, active during the
    period, partner bodies left out) or the chosen units."""
    if movement.target_mode == TargetMode.CHOSEN:
        return movement.targets.all().order_by("path")
    launcher = movement.organisation
    return (
        Organisation.objects.filter(prefix_q("path", launcher.path), _period_q(movement.start, movement.end))
        .exclude(pk=launcher.pk).exclude(kind=OrgKind.PARTNER).order_by("path")
    )


def is_targeted(*, movement: Movement, organisation: Organisation) -> bool:
    if movement.target_mode == TargetMode.CHOSEN:
        return movement.targets.filter(pk=organisation.pk).exists()
    launcher = movement.organisation
    return (
        organisation.pk != launcher.pk
        and organisation.kind != OrgKind.PARTNER
        and organisation.path.startswith(launcher.path)
        and organisation.valid_from <= movement.end
        and (organisation.valid_to is None or organisation.valid_to >= movement.start)
    )


def targeting_q(organisation: Organisation) -> Q:
    """Movements that ask `organisation` itself to respond (the rule of `is_targeted`, as a filter)."""
    chosen = Movement.targets.through.objects.filter(movement=OuterRef("pk"), organisation=organisation)
    condition = Q(target_mode=TargetMode.CHOSEN) & Q(Exists(chosen))
    if organisation.kind != OrgKind.PARTNER:
        subtree = Q(target_mode=TargetMode.SUBTREE, organisation_id__in=ancestor_ids(organisation.path),
                    end__gte=organisation.valid_from)
        if organisation.valid_to is not None:
            subtree &= Q(start__lte=organisation.valid_to)
        condition |= subtree
    return condition


# --- Visibility -----------------------------------------------------------------------------------


def _visible_q(actor, action: Action = Action.VIEW) -> Q:
    roots = scope_paths(actor, action)
    if roots is None:
        return Q()
    if not roots:
        return Q(pk__in=[])
    above: set[int] = set()
    for root in roots:
        above.update(ancestor_ids(root))
    in_scope = scope_q(actor, action, field="organisation__path")
    chosen = Movement.targets.through.objects.filter(in_scope, movement=OuterRef("pk"))
    partners = Movement.partners.through.objects.filter(in_scope, movement=OuterRef("pk"))
    return (
        in_scope
        | Q(target_mode=TargetMode.SUBTREE, organisation_id__in=above)
        | Q(Exists(chosen))
        | Q(Exists(partners))
    )


def movement_visible(*, actor) -> QuerySet[Movement]:
    return Movement.objects.filter(_visible_q(actor))


def movement_get(*, actor, pk) -> Movement:
    try:
        return movement_visible(actor=actor).select_related("organisation").get(pk=pk)
    except (Movement.DoesNotExist, ValueError, TypeError):
        raise NotFound("Không tìm thấy phong trào này trong phạm vi của bạn.") from None


def year_q(year: int, prefix: str = "") -> Q:
    """Movements (or campaigns) whose period overlaps the year."""
    return Q(**{f"{prefix}start__lte": date(year, 12, 31), f"{prefix}end__gte": date(year, 1, 1)})


def movement_list(*, actor, year: int | None = None, under: Organisation | None = None) -> QuerySet[Movement]:
    """Movements the actor sees, newest first; with `year`, those running during it; with `under`,
    those launched in that unit's subtree or asking it to respond."""
    movements = movement_visible(actor=actor)
    if year is not None:
        movements = movements.filter(year_q(year))
    if under is not None:
        movements = movements.filter(prefix_q("organisation__path", under.path) | targeting_q(under))
    return movements.select_related("organisation").order_by("-start", "-id")


def movement_years(*, actor) -> list[int]:
    """The years some visible movement runs in, newest first (for the year filter)."""
    years: set[int] = set()
    for start, end in movement_visible(actor=actor).values_list("start", "end"):
        years.update(range(start.year, end.year + 1))
    return sorted(years, reverse=True)


def can_manage_movement(actor, movement: Movement) -> bool:
    return path_in_scope(actor, movement.organisation.path, Action.MANAGE_COMMENDATIONS)


def documents_of(*, movement: Movement) -> QuerySet[MovementDocument]:
    return movement.documents.order_by("id")


def document_get(*, actor, pk) -> MovementDocument:
    try:
        document = MovementDocument.objects.select_related("movement").get(pk=pk)
    except (MovementDocument.DoesNotExist, ValueError, TypeError):
        raise NotFound("Không tìm thấy tài liệu này trong phạm vi của bạn.") from None
    movement_get(actor=actor, pk=document.movement_id)
    return document


def campaigns_of(*, movement: Movement) -> QuerySet[PeakCampaign]:
    return movement.campaigns.order_by("start", "id")


def campaign_list(*, actor, movement: Movement | None = None) -> QuerySet[PeakCampaign]:
    campaigns = PeakCampaign.objects.filter(movement__in=movement_visible(actor=actor))
    if movement is not None:
        campaigns = campaigns.filter(movement=movement)
    return campaigns.select_related("movement").order_by("-start", "id")


def campaign_get(*, actor, pk) -> PeakCampaign:
    try:
        return campaign_list(actor=actor).get(pk=pk)
    except (PeakCampaign.DoesNotExist, ValueError, TypeError):
        raise NotFound("Không tìm thấy đợt thi đua này trong phạm vi của bạn.") from None


# --- Responses ------------------------------------------------------------------------------------


# Whether a response has its plan file, without reading the bytes.
_HAS_PLAN_FILE = Exists(ResponsePlanFile.objects.filter(response=OuterRef("pk")))


def response_list(*, actor, movement: Movement | None = None) -> QuerySet[MovementResponse]:
    """Responses to movements the actor sees (every unit's response is shown to whom sees the movement)."""
    responses = MovementResponse.objects.filter(movement__in=movement_visible(actor=actor))
    if movement is not None:
        responses = responses.filter(movement=movement)
    return (responses.select_related("organisation", "movement").prefetch_related("results")
            .annotate(has_plan_file=_HAS_PLAN_FILE).order_by("movement_id", "organisation__path"))


def response_get(*, actor, pk) -> MovementResponse:
    try:
        return response_list(actor=actor).get(pk=pk)
    except (MovementResponse.DoesNotExist, ValueError, TypeError):
        raise NotFound("Không tìm thấy bản hưởng ứng này trong phạm vi của bạn.") from None


def plan_file_get(*, actor, response_pk) -> ResponsePlanFile:
    """The plan file of a response the actor sees, bytes included."""
    response = response_get(actor=actor, pk=response_pk)
    try:
        return ResponsePlanFile.objects.get(response=response)
    except ResponsePlanFile.DoesNotExist:
        raise NotFound("Bản hưởng ứng này không có tệp kế hoạch.") from None


@dataclass
class ResponseRow:
    organisation: Organisation
    response: MovementResponse | None
    results: list[ResultReport] = field(default_factory=list)

    @property
    def responded(self) -> bool:
        return self.response is not None


def response_table(*, actor, movement: Movement) -> list[ResponseRow]:
    """Every targeted unit the actor sees, with its response (None: not yet), in tree order."""
    units = movement_targets(movement=movement).filter(scope_q(actor, field="path"))
    responses = {r.organisation_id: r for r in movement.responses.prefetch_related("results").annotate(has_plan_file=_HAS_PLAN_FILE)}
    rows = [ResponseRow(unit, responses.get(unit.pk)) for unit in units]
    for row in rows:
        if row.response is not None:
            row.results = list(row.response.results.all())
    return rows


def respondable_units(*, actor, movement: Movement) -> list[Organisation]:
    """Targeted units the actor may answer for and that have not responded yet."""
    done = movement.responses.values("organisation_id")
    return list(
        movement_targets(movement=movement)
        .filter(scope_q(actor, Action.MANAGE_COMMENDATIONS, field="path"))
        .exclude(pk__in=done)
    )


def managed_responses(*, actor, movement: Movement) -> list[MovementResponse]:
    """Responses the actor may add results to."""
    return list(movement.responses.filter(scope_q(actor, Action.MANAGE_COMMENDATIONS, field="organisation__path"))
                .select_related("organisation"))


def managed_targets(*, actor, movement: Movement) -> list[Organisation]:
    """Targeted units the actor may act for (register models, enter contests)."""
    return list(movement_targets(movement=movement).filter(scope_q(actor, Action.MANAGE_COMMENDATIONS, field="path")))


@dataclass
class UnitMovement:
    movement: Movement
    response: MovementResponse | None


def movements_for_unit(*, actor, organisation: Organisation, on: date) -> list[UnitMovement]:
    """Movements running on `on` that ask the unit to respond, and its response if any."""
    movements = (
        movement_visible(actor=actor).filter(targeting_q(organisation), start__lte=on, end__gte=on)
        .select_related("organisation").order_by("end", "id")
    )
    movements = list(movements)
    responses = {r.movement_id: r for r in MovementResponse.objects.filter(organisation=organisation, movement__in=movements)}
    return [UnitMovement(m, responses.get(m.pk)) for m in movements]


# --- Models and contests ----------------------------------------------------------------------------


def models_of(*, movement: Movement) -> QuerySet[MovementModel]:
    return movement.models.select_related("organisation").prefetch_related("people").order_by("registered_on", "id")


def contests_of(*, movement: Movement) -> QuerySet[Contest]:
    return movement.contests.order_by("id")


def contest_list(*, actor, movement: Movement | None = None) -> QuerySet[Contest]:
    contests = Contest.objects.filter(movement__in=movement_visible(actor=actor))
    if movement is not None:
        contests = contests.filter(movement=movement)
    return contests.select_related("movement").order_by("-id")


def contest_get(*, actor, pk) -> Contest:
    try:
        return contest_list(actor=actor).get(pk=pk)
    except (Contest.DoesNotExist, ValueError, TypeError):
        raise NotFound("Không tìm thấy hội thi này trong phạm vi của bạn.") from None


def entries_of(*, contest: Contest) -> QuerySet[ContestEntry]:
    return contest.entries.select_related("organisation", "person").order_by("id")


@dataclass
class RankedEntry:
    entry: ContestEntry
    rank: int | None
    average: Decimal | None
    scores: list[ContestScore]
    missing: int
    note: str = ""


def _two_places(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def vn_number(value: Decimal) -> str:
    """8.50 → "8,50" (Vietnamese decimal comma)."""
    return f"{value}".replace(".", ",")


def contest_results(*, contest: Contest) -> list[RankedEntry]:
    """Entries ranked by their average score, best first (1, 2, 2, 4: equal averages share a rank).

    The average is over the judges who scored the entry, to two places; an entry nobody scored has
    no rank. Each tie and each entry still waiting for some judges says so in `note`.
    """
    judges = contest.judges.count()
    rows = []
    for entry in entries_of(contest=contest).prefetch_related("scores__judge"):
        scores = list(entry.scores.all())
        average = _two_places(sum((s.score for s in scores), Decimal(0)) / len(scores)) if scores else None
        rows.append(RankedEntry(entry, None, average, scores, max(0, judges - len(scores))))
    scored = sorted((r for r in rows if r.average is not None), key=lambda r: (-r.average, r.entry.pk))
    for i, row in enumerate(scored):
        row.rank = scored[i - 1].rank if i and scored[i - 1].average == row.average else i + 1
    for row in scored:
        tied = [other for other in scored if other is not row and other.average == row.average]
        notes = []
        if tied:
            names = ", ".join(f"«{other.entry.title}»" for other in tied)
            notes.append(f"Đồng hạng {row.rank} với {names}: cùng điểm trung bình {vn_number(row.average)}.")
        if row.missing:
            notes.append(f"Còn {row.missing} giám khảo chưa chấm; điểm trung bình tính trên {len(row.scores)} điểm đã chấm.")
        row.note = " ".join(notes)
    unscored = [r for r in rows if r.average is None]
    for row in unscored:
        row.note = "Chưa có giám khảo nào chấm."
    return scored + unscored


# --- The person page --------------------------------------------------------------------------------


@dataclass
class PersonCampaigns:
    entries: list[ContestEntry]
    models: list[MovementModel]


def person_campaigns(*, actor, person: Person) -> PersonCampaigns:
    """Contest entries the person authored and models they take part in, in movements the actor sees."""
    visible = movement_visible(actor=actor)
    entries = list(ContestEntry.objects.filter(person=person, contest__movement__in=visible)
                   .select_related("contest__movement", "organisation").order_by("-submitted_on", "-id"))
    models = list(MovementModel.objects.filter(people=person, movement__in=visible)
                  .select_related("movement", "organisation").order_by("-registered_on", "-id"))
    return PersonCampaigns(entries, models)


# --- Counts per unit and year -----------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignCounts:
    launched: int
    targeting: int
    responses: int
    models: int
    contest_entries: int


def campaign_counts(*, actor, organisation: Organisation, year: int) -> CampaignCounts:
    """A unit's year in movements, for year-end reports.

    - launched: movements running during the year, launched by the unit or a unit below it;
    - targeting: movements running during the year that ask the unit itself to respond;
    - responses, models, contest_entries: made during the year (by the date of the response, of
      the model's registration, of the entry) by the unit or a unit below it.
    Only what the actor may see is counted; a unit outside the actor's scope is not found.
    """
    if not path_in_scope(actor, organisation.path):
        raise NotFound()
    visible = movement_visible(actor=actor)
    below = prefix_q("organisation__path", organisation.path)
    launched = visible.filter(below, year_q(year)).count()
    targeting = visible.filter(targeting_q(organisation), year_q(year)).count()
    responses = MovementResponse.objects.filter(below, movement__in=visible, responded_on__year=year).count()
    models = MovementModel.objects.filter(below, movement__in=visible, registered_on__year=year).count()
    entries = ContestEntry.objects.filter(below, contest__movement__in=visible, submitted_on__year=year).count()
    return CampaignCounts(launched, targeting, responses, models, entries)
