"""Reads of the start-of-year registration (đăng ký thi đua), always within the actor's scope.

A round is visible to those who see the organisation that opened it and to everyone in its
subtree (a hospital's officers see the round their sector union opened). A registration is
visible to those who see the unit that made it. Outside, a record is simply not found.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet

from thidua.core.db import prefix_q
from thidua.core.errors import NotFound, UserError
from thidua.core.permissions import Action, path_ids, require, scope_or_above_q, scope_q
from thidua.core.scales import clean_year
from thidua.organisations.models import Organisation
from thidua.people.models import Employment, Membership, Person
from thidua.registrations.models import Registration, RegistrationRound
from thidua.rules import catalogue

ROSTER_LIMIT = 1000


def round_visible(*, actor) -> QuerySet[RegistrationRound]:
    rounds = RegistrationRound.objects.select_related("organisation")
    # Opened inside the scope, or by an organisation above it (the round covers the scope too).
    return rounds.filter(scope_or_above_q(actor, path_field="organisation__path", id_field="organisation_id"))


def round_get(*, actor, pk) -> RegistrationRound:
    try:
        return round_visible(actor=actor).get(pk=pk)
    except (RegistrationRound.DoesNotExist, ValueError, TypeError):
        raise NotFound("Không tìm thấy đợt đăng ký thi đua này trong phạm vi của bạn.") from None


def round_list(*, actor, year: int | None = None, organisation: Organisation | None = None) -> QuerySet[RegistrationRound]:
    rounds = round_visible(actor=actor)
    if year is not None:
        rounds = rounds.filter(year=year)
    if organisation is not None:
        rounds = rounds.filter(organisation=organisation)
    return rounds.order_by("-year", "organisation__path", "id")


def rounds_open_to(*, actor, unit: Organisation, year: int | None = None) -> list[RegistrationRound]:
    """The visible rounds whose subtree holds `unit` (opened by it or by an organisation above it)."""
    ids = path_ids([unit.path])
    rounds = round_visible(actor=actor).filter(organisation_id__in=ids)
    if year is not None:
        rounds = rounds.filter(year=year)
    return list(rounds.order_by("-year", "organisation__path"))


def units_of_round(*, actor, round: RegistrationRound, action: Action = Action.VIEW) -> list[Organisation]:
    """The units of the round's subtree where the actor may do `action` (to register in, say)."""
    units = Organisation.objects.filter(prefix_q("path", round.organisation.path)).filter(scope_q(actor, action))
    first, last = date(round.year, 1, 1), date(round.year, 12, 31)
    units = units.filter(valid_from__lte=last).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first))
    return list(units.order_by("path"))


# --- Registrations ------------------------------------------------------------------------------


def registration_visible(*, actor) -> QuerySet[Registration]:
    return Registration.objects.filter(scope_q(actor, Action.VIEW, field="unit__path")).select_related(
        "round", "round__organisation", "unit", "person", "organisation")


def registration_get(*, actor, pk) -> Registration:
    try:
        return registration_visible(actor=actor).get(pk=pk)
    except (Registration.DoesNotExist, ValueError, TypeError):
        raise NotFound("Không tìm thấy đăng ký thi đua này trong phạm vi của bạn.") from None


def registration_list(
    *,
    actor,
    round: RegistrationRound | None = None,
    unit: Organisation | None = None,
    year: int | None = None,
    person: Person | None = None,
    active_only: bool = False,
) -> QuerySet[Registration]:
    """Registrations the actor may see; with `unit`, those made anywhere in its subtree."""
    registrations = registration_visible(actor=actor)
    if round is not None:
        registrations = registrations.filter(round=round)
    if unit is not None:
        registrations = registrations.filter(prefix_q("unit__path", unit.path))
    if year is not None:
        registrations = registrations.filter(year=year)
    if person is not None:
        registrations = registrations.filter(person=person)
    if active_only:
        registrations = registrations.filter(withdrawn_on__isnull=True)
    return registrations.order_by("-year", "unit__path", "person__sort_key", "organisation__path", "award", "id")


def registrations_of_person(*, actor, person: Person) -> list[Registration]:
    return list(registration_list(actor=actor, person=person))


def registrations_of_collective(*, actor, organisation: Organisation) -> list[Registration]:
    """The registrations of the unit itself as a collective."""
    return list(registration_visible(actor=actor).filter(organisation=organisation).order_by("-year", "award", "id"))


# --- Counts -------------------------------------------------------------------------------------


@dataclass
class AwardCount:
    award: str
    name: str
    individuals: int = 0
    collectives: int = 0
    late: int = 0


@dataclass
class RegistrationCounts:
    """A unit's registrations for a year: everything registered by it and the units below it."""

    organisation: Organisation
    year: int
    individuals: int  # people registered (each once, whatever the number of awards)
    collectives: int  # collectives registered
    registrations: int  # registrations in force (a person registered for two awards counts twice)
    late: int  # of those, registered after the deadline
    withdrawn: int
    by_award: list[AwardCount] = field(default_factory=list)

    def award(self, code: str) -> AwardCount:
        for row in self.by_award:
            if row.award == code:
                return row
        return AwardCount(code, code)


def registration_counts(*, actor, organisation: Organisation, year: int) -> RegistrationCounts:
    """Registrations made in `organisation`'s subtree for `year`: people and collectives, per award, late ones."""
    require(actor, Action.VIEW, organisation)
    year = clean_year(year, label="Năm thi đua")
    rows = Registration.objects.filter(prefix_q("unit__path", organisation.path), year=year).filter(
        scope_q(actor, Action.VIEW, field="unit__path"))
    active = rows.filter(withdrawn_on__isnull=True)
    by_award: dict[str, AwardCount] = {}
    names = catalogue()
    for award, late, people, collectives in (
        active.order_by().values_list("award", "late").annotate(people=Count("person_id"), collectives=Count("organisation_id"))
    ):
        entry = by_award.setdefault(award, AwardCount(award, names[award].name if award in names else award))
        entry.individuals += people
        entry.collectives += collectives
        if late:
            entry.late += people + collectives
    order = {code: i for i, code in enumerate(names)}
    return RegistrationCounts(
        organisation=organisation,
        year=year,
        individuals=active.filter(person__isnull=False).values("person_id").distinct().count(),
        collectives=active.filter(organisation__isnull=False).values("organisation_id").distinct().count(),
        registrations=sum(a.individuals + a.collectives for a in by_award.values()),
        late=sum(a.late for a in by_award.values()),
        withdrawn=rows.filter(withdrawn_on__isnull=False).count(),
        by_award=sorted(by_award.values(), key=lambda a: order.get(a.award, len(order))),
    )


# --- The roster of a unit -----------------------------------------------------------------------


@dataclass
class RosterRow:
    person: Person
    unit: Organisation | None
    registered: list[Registration]


def roster(*, actor, unit: Organisation, round: RegistrationRound, limit: int = ROSTER_LIMIT) -> tuple[list[RosterRow], int]:
    """The people employed in or members of `unit`'s subtree during the round's year, in Vietnamese
    name order, each with their registrations of that year; and how many there are in all."""
    require(actor, Action.VIEW, unit)
    first, last = date(round.year, 1, 1), date(round.year, 12, 31)
    employed = Employment.objects.filter(prefix_q("organisation__path", unit.path), start__lte=last).filter(
        Q(end__isnull=True) | Q(end__gte=first))
    members = Membership.objects.filter(prefix_q("org_path", unit.path), joined__lte=last).filter(
        Q(left__isnull=True) | Q(left__gte=first))
    ids = set(employed.values_list("person_id", flat=True)) | set(members.values_list("person_id", flat=True))
    people = list(Person.objects.filter(pk__in=ids).order_by("sort_key", "id")[:limit])
    shown = [p.pk for p in people]
    units: dict[int, Organisation] = {}
    for employment in employed.filter(person_id__in=shown).select_related("organisation").order_by("person_id", "-start", "-id"):
        units.setdefault(employment.person_id, employment.organisation)
    for membership in members.filter(person_id__in=shown).select_related("organisation").order_by("person_id", "-joined", "-id"):
        units.setdefault(membership.person_id, membership.organisation)
    registered: dict[int, list[Registration]] = defaultdict(list)
    for registration in Registration.objects.filter(person_id__in=shown, year=round.year, withdrawn_on__isnull=True).order_by("award"):
        registered[registration.person_id].append(registration)
    return [RosterRow(p, units.get(p.pk), registered.get(p.pk, [])) for p in people], len(ids)


def collectives_of(*, actor, unit: Organisation, round: RegistrationRound) -> list[tuple[Organisation, list[Registration]]]:
    """`unit` and the units below it active during the round's year, with their registrations of that year."""
    require(actor, Action.VIEW, unit)
    first, last = date(round.year, 1, 1), date(round.year, 12, 31)
    units = list(Organisation.objects.filter(prefix_q("path", unit.path), valid_from__lte=last)
                 .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first)).order_by("path"))
    registered: dict[int, list[Registration]] = defaultdict(list)
    for registration in Registration.objects.filter(organisation__in=units, year=round.year, withdrawn_on__isnull=True).order_by("award"):
        registered[registration.organisation_id].append(registration)
    return [(u, registered.get(u.pk, [])) for u in units]


def clean_year_param(raw: str | None, *, default: int | None = None) -> int | None:
    text = (raw or "").strip()
    if not text:
        return default
    try:
        return clean_year(int(text), label="Năm thi đua")
    except ValueError:
        raise UserError(f"Năm «{text[:20]}» không hợp lệ: hãy nhập một năm, ví dụ 2025.", field="year") from None
