"""The sections this app adds to the person and unit pages: clusters and blocks, pacts."""
from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.timezone import localdate

from thidua.pacts.selectors import groupings_of_org, pacts_of_org, pacts_of_person

register = template.Library()


@register.simple_tag(takes_context=True)
def pacts_person_section(context, person):
    """The person's personal pacts the viewer may see ("" when there are none)."""
    request = context.get("request")
    pacts = list(pacts_of_person(actor=request.user, person=person)[:50]) if request else []
    if not pacts:
        return mark_safe("")
    return mark_safe(render_to_string("pacts/_person_section.html", {"pacts": pacts}, request=request))


@register.simple_tag(takes_context=True)
def pacts_org_section(context, org):
    """The unit's clusters and blocks today (with the year's leader) and its pacts of the year."""
    request = context.get("request")
    if request is None:
        return mark_safe("")
    today = localdate()
    groupings = groupings_of_org(actor=request.user, organisation=org, on=today)
    pacts = list(pacts_of_org(actor=request.user, organisation=org, year=today.year)[:50])
    if not groupings and not pacts:
        return mark_safe("")
    return mark_safe(render_to_string("pacts/_org_section.html", {"groupings": groupings, "pacts": pacts, "year": today.year},
                                      request=request))
