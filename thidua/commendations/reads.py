"""Reads the eligibility pages and API need beyond thidua.commendations.selectors.

Kept apart only because selectors.py was being finished in parallel; each function belongs there
(same habits: keyword-only, scope checked first, "outside" looks like "missing").
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from thidua.commendations.models import EligibilityResult, OrganisationRule, ParameterCorrection
from thidua.commendations.selectors import eligibility_run_get, eligibility_run_list
from thidua.core.db import prefix_q
from thidua.core.errors import Forbidden, NotFound
from thidua.core.permissions import Action, is_system_admin, require
from thidua.organisations.models import Organisation

ADMIN_ONLY = "Chỉ quản trị hệ thống được xem và điều chỉnh tham số của quy định thi đua, khen thưởng."


def eligibility_runs_under(*, actor, organisation: Organisation) -> QuerySet:
    """The runs over `organisation` and every unit under it, newest first."""
    require(actor, Action.VIEW, organisation)
    return eligibility_run_list(actor=actor).filter(prefix_q("organisation__path", organisation.path))


@dataclass(frozen=True)
class StoredResult:
    id: int
    run_id: int
    person_id: int
    full_name: str
    award: str
    verdict: str


def eligibility_result_get(*, actor, pk) -> StoredResult:
    """One stored result of a run in the actor's scope (what it is about, not its reasons)."""
    try:
        row = EligibilityResult.objects.values_list("id", "run_id", "person_id", "person__full_name", "award", "verdict").get(pk=pk)
    except (EligibilityResult.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    eligibility_run_get(actor=actor, pk=row[1])  # the run decides the scope
    return StoredResult(*row)


def parameter_correction_list(*, actor) -> QuerySet[ParameterCorrection]:
    """Every correction of a rules parameter, newest first (system administrators only)."""
    if not is_system_admin(actor):
        raise Forbidden(ADMIN_ONLY)
    return ParameterCorrection.objects.select_related("actor").order_by("-created_at", "-id")


def organisation_rule_list(*, actor, organisation: Organisation) -> list[OrganisationRule]:
    """The stricter rules that apply to `organisation`'s subtree: its own and its ancestors', oldest first."""
    require(actor, Action.VIEW, organisation)
    ids = [int(part) for part in organisation.path.strip("/").split("/") if part]
    rules = OrganisationRule.objects.filter(organisation_id__in=ids).select_related("organisation", "actor")
    depth = {org_id: i for i, org_id in enumerate(ids)}
    return sorted(rules, key=lambda r: (depth.get(r.organisation_id, 0), r.since, r.pk))
