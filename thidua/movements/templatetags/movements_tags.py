"""The sections this app adds to the person and unit pages."""
from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def movements_person_section(context, person):
    """What the person page shows of movements ("" while there is nothing to show)."""
    return mark_safe("")


@register.simple_tag(takes_context=True)
def movements_org_section(context, org):
    """What the unit page shows of movements ("" while there is nothing to show)."""
    return mark_safe("")
