"""Pages of the union tree: the tree as of a date, one unit with its members, and its history."""
from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import EmptyPage, Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.timezone import localdate

from thidua.commendations.selectors import eligibility_for_unit
from thidua.commendations.views import eligibility_context, year_param
from thidua.core.dates import format_date
from thidua.core.errors import UserError
from thidua.core.permissions import Action, path_in_scope, require
from thidua.core.views import PAGE_SIZE, audit_rows, date_param, date_query, page, page_param
from thidua.organisations.selectors import (
    org_ancestors,
    org_children,
    org_events,
    org_get,
    org_history,
    org_predecessors,
    org_tree_as_of,
    org_version_on,
)
from thidua.people.selectors import member_counts_by_child, member_page


@page
def org_tree(request):
    on, explicit = date_param(request)
    return render(request, "organisations/tree.html", {
        "nodes": org_tree_as_of(actor=request.user, on=on),
        "on": on,
        "date_query": date_query(on, explicit),
    })


def _linkable(actor, orgs) -> list[tuple[object, bool]]:
    """Pair each unit with whether the actor may open its page (predecessors of a split may not)."""
    return [(o, path_in_scope(actor, o.path)) for o in orgs]


@page
def org_detail(request, code: str):
    actor = request.user
    on, explicit = date_param(request)
    number = page_param(request)
    org = org_get(actor=actor, code=code)
    children = org_children(actor=actor, org=org, on=on)
    total, counts = member_counts_by_child(actor=actor, org=org, children=children, on=on)
    pages = max(1, -(-total // PAGE_SIZE))
    if number > pages:
        raise UserError(f"Không có trang {number}: danh sách đoàn viên chỉ có {pages} trang.")
    offset = (number - 1) * PAGE_SIZE
    members = member_page(actor=actor, org=org, on=on, offset=offset, limit=PAGE_SIZE)
    version = org_version_on(org=org, on=on)
    events = list(org_events(org=org))
    # The unit's collective eligibility counts its whole subtree: it loads after the page (htmx).
    year, explicit_year = year_param(request, default=localdate().year - 1)
    return render(request, "organisations/detail.html", {
        "org": org,
        "on": on,
        "explicit": explicit,
        "date_query": date_query(on, explicit),
        "name_on_date": version.name if version and version.name != org.name else "",
        "active": org.is_active_on(on),
        "ancestors": org_ancestors(actor=actor, org=org),
        "successor": org.successor,
        "successor_link": bool(org.successor and path_in_scope(actor, org.successor.path)),
        "predecessors": _linkable(actor, org_predecessors(org=org)),
        "events": [(e, _linkable(actor, e.related.all())) for e in events],
        "counts": counts,
        "total": total,
        "members": members,
        "offset": offset,
        "page_number": number,
        "pages": pages,
        "member_query": urlencode({"ngay": format_date(on)}) if explicit else "",
        "can_view_audit": path_in_scope(actor, org.path, Action.VIEW_AUDIT),
        "can_import": path_in_scope(actor, org.path, Action.MANAGE_PEOPLE),
        "eligibility_url": reverse("org-eligibility", args=[org.code]) + "?" + urlencode(
            {"nam": year, **({"ngay": format_date(on)} if explicit else {})}),
    })


@page
def org_eligibility_view(request, code: str):
    """The unit's collective awards for a year: the fragment the unit page loads, or a page of its own."""
    actor = request.user
    org = org_get(actor=actor, code=code)
    on, explicit = date_param(request)
    today = localdate()
    year, explicit_year = year_param(request, default=today.year - 1)
    verdicts = eligibility_for_unit(actor=actor, organisation=org, year=year, on=today)
    context = {
        "org": org,
        "ancestors": org_ancestors(actor=actor, org=org),
        "eligibility": eligibility_context(verdicts, year=year, on=today, explicit=explicit_year,
                                          keep={"ngay": format_date(on)} if explicit else None),
        "eligibility_links": [
            (reverse("org-eligibility-runs", args=[org.code]), "Các đợt xét điều kiện"),
            (reverse("org-rules", args=[org.code]), "Quy định riêng của đơn vị"),
        ],
    }
    htmx = getattr(request, "htmx", None)
    template = "organisations/_eligibility.html" if htmx and not htmx.history_restore_request else "organisations/eligibility.html"
    return render(request, template, context)


@page
def org_history_view(request, code: str):
    actor = request.user
    org = org_get(actor=actor, code=code)
    require(actor, Action.VIEW_AUDIT, org)
    paginator = Paginator(org_history(org=org), PAGE_SIZE)
    try:
        current = paginator.page(page_param(request))
    except EmptyPage:
        raise UserError(f"Không có trang này: lịch sử thay đổi chỉ có {paginator.num_pages} trang.") from None
    return render(request, "organisations/history.html", {
        "org": org,
        "ancestors": org_ancestors(actor=actor, org=org),
        "rows": audit_rows(current.object_list, actor=actor),
        "page_obj": current,
    })
