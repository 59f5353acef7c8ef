"""Reads of commendation rounds and dossiers, always within the actor's scope.

A round is visible to those who see the organisation that opened it and to everyone in its subtree
(a hospital's officers see their sector union's round). A dossier is visible to those who see the
proposing unit and to those who see the organisation holding it now. Outside, a record is simply
not found. The public page reads a dossier by its public token only, and shows minimal data.
"""
from __future__ import annotations

from django.db.models import Q, QuerySet

from thidua.core.db import prefix_q
from thidua.core.errors import NotFound
from thidua.core.permissions import Action, scope_or_above_q, scope_q
from thidua.nominations.models import Dossier, Proposal, PublicComment, Round, Step
from thidua.organisations.models import Organisation
from thidua.people.models import Person

PUBLIC_UNKNOWN = "Mã công khai không tồn tại."


# --- Rounds -------------------------------------------------------------------------------------


def round_visible(*, actor) -> QuerySet[Round]:
    rounds = Round.objects.select_related("organisation").prefetch_related("deadlines")
    # Opened inside the scope, or by an organisation above it (the round covers the scope too).
    return rounds.filter(scope_or_above_q(actor, path_field="organisation__path", id_field="organisation_id"))


def round_get(*, actor, pk) -> Round:
    try:
        return round_visible(actor=actor).get(pk=pk)
    except (Round.DoesNotExist, ValueError, TypeError):
        raise NotFound("Không tìm thấy đợt khen thưởng này trong phạm vi của bạn.") from None


def round_list(*, actor, year: int | None = None, organisation: Organisation | None = None) -> QuerySet[Round]:
    rounds = round_visible(actor=actor)
    if year is not None:
        rounds = rounds.filter(year=year)
    if organisation is not None:
        rounds = rounds.filter(organisation=organisation)
    return rounds.order_by("-year", "-opened_on", "organisation__path", "id")


def units_of_round(*, actor, round: Round) -> list[Organisation]:
    """The units of the round's subtree whose officers the actor is (to propose from), active on the round's opening day."""
    units = Organisation.objects.filter(prefix_q("path", round.organisation.path)).filter(
        scope_q(actor, Action.MANAGE_COMMENDATIONS)).exclude(kind="union_group")
    return [u for u in units.order_by("path") if u.valid_to is None or u.valid_to >= round.opened_on]


# --- Dossiers -----------------------------------------------------------------------------------


def dossier_visible(*, actor) -> QuerySet[Dossier]:
    return Dossier.objects.filter(
        scope_q(actor, Action.VIEW, field="proposer__path") | scope_q(actor, Action.VIEW, field="holder__path")
    ).select_related("round", "round__organisation", "proposer", "holder", "forwarded_from")


def dossier_get(*, actor, pk) -> Dossier:
    try:
        return dossier_visible(actor=actor).get(pk=pk)
    except (Dossier.DoesNotExist, ValueError, TypeError):
        raise NotFound("Không tìm thấy hồ sơ đề nghị này trong phạm vi của bạn.") from None


def dossier_list(*, actor, round: Round | None = None, status: str | None = None) -> QuerySet[Dossier]:
    dossiers = dossier_visible(actor=actor)
    if round is not None:
        dossiers = dossiers.filter(round=round)
    if status:
        dossiers = dossiers.filter(status=status)
    return dossiers.order_by("-created_at", "-id")


def dossiers_of_round(*, actor, round: Round) -> list[Dossier]:
    return list(dossier_list(actor=actor, round=round).order_by("proposer__path", "award", "id"))


def dossiers_to_handle(*, actor) -> list[Dossier]:
    """The dossiers waiting for the actor: drafts and returned ones of units they manage, submitted and accepted
    ones held by organisations they manage."""
    waiting = (Dossier.Status.DRAFT, Dossier.Status.RETURNED, Dossier.Status.SUBMITTED, Dossier.Status.ACCEPTED)
    return list(dossier_visible(actor=actor).filter(status__in=waiting).filter(
        scope_q(actor, Action.MANAGE_COMMENDATIONS, field="holder__path")).order_by("status", "-submitted_on", "-id"))


def proposals_of(dossier: Dossier, *, include_withdrawn: bool = True) -> list[Proposal]:
    proposals = dossier.proposals.select_related("person", "organisation", "source").order_by("id")
    if not include_withdrawn:
        proposals = proposals.exclude(status=Proposal.Status.WITHDRAWN)
    return list(proposals)


def steps_of(dossier: Dossier) -> list[Step]:
    return list(dossier.steps.select_related("at_organisation").order_by("created_at", "id"))


def comments_of(*, actor, dossier: Dossier) -> list[PublicComment]:
    dossier_get(actor=actor, pk=dossier.pk)
    return list(dossier.public_comments.order_by("received_at", "id"))


def proposal_get(*, actor, pk) -> Proposal:
    try:
        proposal = Proposal.objects.select_related("dossier", "person", "organisation").get(pk=pk)
    except (Proposal.DoesNotExist, ValueError, TypeError):
        raise NotFound("Không tìm thấy đề nghị này trong phạm vi của bạn.") from None
    dossier_get(actor=actor, pk=proposal.dossier_id)
    return proposal


def proposals_of_person(*, actor, person: Person) -> list[Proposal]:
    """Every proposal of the person in a dossier the actor may see, latest first."""
    dossiers = dossier_visible(actor=actor).values("pk")
    return list(Proposal.objects.filter(person=person, dossier__in=dossiers).select_related(
        "dossier", "dossier__round", "dossier__proposer", "dossier__holder").order_by("-year", "-id"))


def proposals_of_org(*, actor, organisation: Organisation) -> list[Proposal]:
    """Every proposal of the unit itself as a collective, in a dossier the actor may see, latest first."""
    dossiers = dossier_visible(actor=actor).values("pk")
    return list(Proposal.objects.filter(organisation=organisation, dossier__in=dossiers).select_related(
        "dossier", "dossier__round", "dossier__proposer", "dossier__holder").order_by("-year", "-id"))


def dossiers_of_org(*, actor, organisation: Organisation, limit: int = 10) -> list[Dossier]:
    """The latest dossiers proposed or held by the unit."""
    return list(dossier_visible(actor=actor).filter(Q(proposer=organisation) | Q(holder=organisation)).order_by("-id")[:limit])


# --- The public page ----------------------------------------------------------------------------


def dossier_by_token(token: str) -> Dossier:
    """A dossier put to public comment, by its token; anything else is simply unknown."""
    if not token or len(token) > 32:
        raise NotFound(PUBLIC_UNKNOWN)
    try:
        return Dossier.objects.select_related("round", "proposer", "holder").get(public_token=token, comment_until__isnull=False)
    except Dossier.DoesNotExist:
        raise NotFound(PUBLIC_UNKNOWN) from None
