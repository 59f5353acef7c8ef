"""Pages about people: the name search (live with htmx, plain GET without JavaScript) and one person."""
from __future__ import annotations

from django.shortcuts import render
from django.utils.timezone import localdate
from django.views.decorators.vary import vary_on_headers

from thidua.commendations.selectors import eligibility_for_person
from thidua.commendations.views import eligibility_context, year_param
from thidua.core.permissions import Action, path_in_scope
from thidua.core.views import audit_rows, page
from thidua.people.selectors import (
    current_unit,
    current_units,
    employments_of,
    memberships_of,
    person_get,
    person_history,
    person_search,
)
from thidua.people.services import person_home_path

SEARCH_LIMIT = 50
QUERY_MAX = 100


@vary_on_headers("HX-Request")
@page
def person_search_view(request):
    today = localdate()
    q = (request.GET.get("q") or "").strip()[:QUERY_MAX]
    results = person_search(actor=request.user, query=q, limit=SEARCH_LIMIT) if q else []
    units = current_units(people=results, on=today)
    context = {
        "q": q,
        "results": [(person, units.get(person.pk)) for person in results],
        "truncated": len(results) >= SEARCH_LIMIT,
        "limit": SEARCH_LIMIT,
        "live": True,
    }
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        return render(request, "people/_search_results.html", context)
    return render(request, "people/search.html", context)


def _with_link(actor, rows):
    """Pair each employment or membership with whether its unit's page is open to the actor."""
    return [(row, path_in_scope(actor, row.organisation.path)) for row in rows]


@page
def person_detail(request, pk: int):
    actor = request.user
    today = localdate()
    person = person_get(actor=actor, pk=pk)
    unit = current_unit(person=person, on=today)
    # Audit rows about a person are filed under their latest unit; the same unit decides who reads them.
    home_path = unit.path if unit else person_home_path(person)
    can_view_audit = bool(home_path) and path_in_scope(actor, home_path, Action.VIEW_AUDIT)
    # Eligibility for a year (the previous one by default), as if proposed today.
    year, explicit_year = year_param(request, default=today.year - 1)
    verdicts = eligibility_for_person(actor=actor, person=person, year=year, on=today)
    return render(request, "people/detail.html", {
        "person": person,
        "today": today,
        "unit": unit,
        "unit_link": bool(unit and path_in_scope(actor, unit.path)),
        "employments": _with_link(actor, employments_of(person=person)),
        "memberships": _with_link(actor, memberships_of(person=person)),
        "can_view_audit": can_view_audit,
        "history": audit_rows(person_history(person=person)[:200], actor=actor) if can_view_audit else [],
        "eligibility": eligibility_context(verdicts, year=year, on=today, explicit=explicit_year),
    })
