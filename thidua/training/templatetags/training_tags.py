"""The sections training (đào tạo, bồi dưỡng) adds to the person and unit pages."""
from django import template
from django.template.loader import render_to_string
from django.utils.timezone import localdate

from thidua.core.permissions import Action, path_in_scope
from thidua.people.selectors import current_unit
from thidua.training.selectors import has_scan, training_counts, training_of_person

register = template.Library()


@register.simple_tag(takes_context=True)
def training_person_section(context, person):
    """The person's courses sent by units the user may see, and a link to record one."""
    request = context["request"]
    actor = request.user
    trainings = list(training_of_person(actor=actor, person=person))
    scans = has_scan(trainings)
    unit = current_unit(person=person, on=localdate())
    add_unit = unit if unit is not None and path_in_scope(actor, unit.path, Action.MANAGE_PEOPLE) else None
    return render_to_string("training/_person_section.html", {
        "person": person, "rows": [(t, t.pk in scans) for t in trainings], "add_unit": add_unit,
    }, request=request)


@register.simple_tag(takes_context=True)
def training_org_section(context, org):
    """This year's counts of the unit's subtree, with the way to its list of courses."""
    request = context["request"]
    actor = request.user
    counts = training_counts(actor=actor, organisation=org, year=localdate().year)
    return render_to_string("training/_org_section.html", {
        "org": org, "counts": counts, "can_manage": path_in_scope(actor, org.path, Action.MANAGE_PEOPLE),
    }, request=request)
