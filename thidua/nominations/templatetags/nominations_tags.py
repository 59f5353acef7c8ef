"""The sections this app adds to the person and unit pages: proposals and dossiers of commendation."""
from django import template
from django.template.loader import render_to_string

from thidua.core.permissions import Action, path_in_scope
from thidua.nominations import selectors
from thidua.nominations.routing import award_entry

register = template.Library()


def _named(proposals):
    for p in proposals:
        p.award_name = award_entry(p.award).name
    return proposals


@register.simple_tag(takes_context=True)
def nominations_person_section(context, person):
    """The person's proposals in dossiers the viewer may see, with their status."""
    request = context.get("request")
    if request is None:
        return ""
    proposals = _named(selectors.proposals_of_person(actor=request.user, person=person))
    return render_to_string("nominations/_person_section.html", {"proposals": proposals, "person": person}, request=request)


@register.simple_tag(takes_context=True)
def nominations_org_section(context, org):
    """The unit's latest dossiers (proposed or held), its own proposals as a collective, the link to open a round."""
    request = context.get("request")
    if request is None:
        return ""
    actor = request.user
    return render_to_string("nominations/_org_section.html", {
        "org": org, "dossiers": selectors.dossiers_of_org(actor=actor, organisation=org),
        "proposals": _named(selectors.proposals_of_org(actor=actor, organisation=org)),
        "can_open": path_in_scope(actor, org.path, Action.MANAGE_COMMENDATIONS),
    }, request=request)
