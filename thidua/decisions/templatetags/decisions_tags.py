"""The sections this app adds to the person and unit pages: awards from decisions, decisions of a unit."""
from datetime import date

from django import template
from django.template.loader import render_to_string
from django.utils.timezone import localdate

from thidua.core.permissions import Action, path_in_scope
from thidua.decisions import selectors
from thidua.rules import catalogue

register = template.Library()


@register.simple_tag(takes_context=True)
def decisions_person_section(context, person):
    """The person's awards from issued or recorded decisions, revoked ones marked; links where the decision is visible."""
    request = context.get("request")
    if request is None:
        return ""
    actor = request.user
    names = catalogue()
    rows = []
    for item in selectors.award_items_of_person(person=person):
        owner = item.decision.owner
        rows.append({"item": item, "award_name": names[item.award].name if item.award in names else item.award,
                     "visible": path_in_scope(actor, owner.path)})
    return render_to_string("decisions/_person_section.html", {"items": rows, "person": person}, request=request)


@register.simple_tag(takes_context=True)
def decisions_org_section(context, org):
    """The decisions issued or recorded by the unit, and the awards of its subtree this year in sentences."""
    request = context.get("request")
    if request is None:
        return ""
    actor = request.user
    year = localdate().year
    rows = selectors.award_counts(actor=actor, organisation=org, date_from=date(year, 1, 1), date_to=date(year, 12, 31))
    return render_to_string("decisions/_org_section.html", {
        "org": org, "year": year, "sentences": selectors.award_sentences(rows),
        "decisions": selectors.decisions_issued_by(actor=actor, organisation=org, limit=10),
        "can_manage": path_in_scope(actor, org.path, Action.MANAGE_COMMENDATIONS),
    }, request=request)
