"""The sections this app adds to the person and unit pages: the unit's current movements and
whether it responded; the contest entries and models a person takes part in."""
from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.timezone import localdate

from thidua.campaigns.selectors import movements_for_unit, person_campaigns

register = template.Library()


@register.simple_tag(takes_context=True)
def campaigns_person_section(context, person):
    """Contest entries and models of the person in movements the user sees ("" when there are none)."""
    request = context.get("request")
    if request is None:
        return mark_safe("")
    found = person_campaigns(actor=request.user, person=person)
    if not found.entries and not found.models:
        return mark_safe("")
    return mark_safe(render_to_string("campaigns/_person_section.html", {"found": found, "person": person}, request=request))


@register.simple_tag(takes_context=True)
def campaigns_org_section(context, org):
    """Movements running today that ask the unit to respond, and whether it has ("" when none)."""
    request = context.get("request")
    if request is None:
        return mark_safe("")
    rows = movements_for_unit(actor=request.user, organisation=org, on=localdate())
    if not rows:
        return mark_safe("")
    return mark_safe(render_to_string("campaigns/_org_section.html", {"rows": rows, "org": org}, request=request))
