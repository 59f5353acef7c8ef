"""The sections this app adds to the person and unit pages: initiatives and research topics."""
from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.timezone import localdate

from thidua.core.permissions import Action, path_in_scope
from thidua.movements.selectors import initiative_counts, initiative_list, initiatives_of_person

register = template.Library()


@register.simple_tag(takes_context=True)
def movements_person_section(context, person):
    """The person's initiatives and topics (within the viewer's scope), with their status; "" when none."""
    request = context.get("request")
    items = list(initiatives_of_person(actor=request.user, person=person)[:100])
    if not items:
        return mark_safe("")
    return render_to_string("movements/_person_section.html", {"items": items}, request=request)


@register.simple_tag(takes_context=True)
def movements_org_section(context, org):
    """The counts of the unit's subtree for the current year and the year before, and its latest items."""
    request = context.get("request")
    actor = request.user
    if not path_in_scope(actor, org.path):
        return mark_safe("")
    year = localdate().year
    rows = []
    for y in (year, year - 1):
        counts = initiative_counts(actor=actor, organisation=org, year=y)
        rows += [(y, kind, c) for kind, c in counts.items() if c.registered]
    latest = list(initiative_list(actor=actor, unit=org)[:10])
    if not rows and not latest:
        return mark_safe("")
    return render_to_string("movements/_org_section.html", {
        "org": org, "rows": rows, "latest": latest, "year": year,
        "can_manage": path_in_scope(actor, org.path, Action.MANAGE_COMMENDATIONS),
    }, request=request)
