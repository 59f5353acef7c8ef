"""The sections this app adds to the person and unit pages: registrations (đăng ký thi đua)."""
from django import template
from django.template.loader import render_to_string

from thidua.core.permissions import Action, path_in_scope
from thidua.registrations import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def registrations_person_section(context, person):
    """The person's registrations the viewer may see, every year, late and withdrawn ones marked."""
    request = context.get("request")
    if request is None:
        return ""
    registrations = selectors.registrations_of_person(actor=request.user, person=person)
    return render_to_string("registrations/_person_section.html", {"registrations": registrations, "person": person},
                            request=request)


@register.simple_tag(takes_context=True)
def registrations_org_section(context, org):
    """The unit's counts for the latest round open to it, its own registrations as a collective, its rounds."""
    request = context.get("request")
    if request is None:
        return ""
    actor = request.user
    rounds = selectors.rounds_open_to(actor=actor, unit=org)
    counts = selectors.registration_counts(actor=actor, organisation=org, year=rounds[0].year) if rounds else None
    return render_to_string("registrations/_org_section.html", {
        "org": org, "rounds": rounds[:5], "counts": counts,
        "own": selectors.registrations_of_collective(actor=actor, organisation=org),
        "can_open": path_in_scope(actor, org.path, Action.MANAGE_COMMENDATIONS),
    }, request=request)
