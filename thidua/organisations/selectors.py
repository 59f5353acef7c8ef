"""Reads of the union tree, always within the actor's scope."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet

from thidua.core.db import path_chain, prefix_q
from thidua.core.errors import NotFound
from thidua.core.models import AuditEntry, RoleGrant
from thidua.core.permissions import Action, scope_q
from thidua.core.text import search_key, sort_key
from thidua.organisations.models import Organisation, OrganisationEvent, OrganisationVersion


def org_visible(*, actor, action: Action = Action.VIEW) -> QuerySet[Organisation]:
    return Organisation.objects.filter(scope_q(actor, action))


def org_get(*, actor, code: str | None = None, pk: int | None = None) -> Organisation:
    """One organisation by code or id; outside the actor's scope it is simply not found."""
    query = org_visible(actor=actor)
    try:
        if code is not None:
            return query.get(code__iexact=(code or "").strip())
        return query.get(pk=pk)
    except (Organisation.DoesNotExist, ValueError, TypeError):
        if code is not None:
            raise NotFound(f"Không tìm thấy tổ chức có mã «{code}» trong phạm vi của bạn.") from None
        raise NotFound() from None


def active_on_q(on: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": on}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": on})
    )


def org_subtree(*, actor, org: Organisation, on: date | None = None, include_self: bool = True) -> QuerySet[Organisation]:
    """Every unit under `org` in the current tree (merged-away units included unless `on` is given)."""
    query = org_visible(actor=actor).filter(prefix_q("path", org.path))
    if not include_self:
        query = query.exclude(pk=org.pk)
    if on is not None:
        query = query.filter(active_on_q(on))
    return query


def org_list(*, actor, under: Organisation | None = None, on: date | None = None, q: str = "") -> QuerySet[Organisation]:
    query = org_subtree(actor=actor, org=under, on=on) if under else org_visible(actor=actor)
    if on is not None and not under:
        query = query.filter(active_on_q(on))
    if q:
        key = search_key(q)
        query = query.filter(Q(search_name__contains=key) | Q(code__iexact=q.strip()))
    return query.order_by("path")


def org_children(*, actor, org: Organisation, on: date) -> list[Organisation]:
    children = list(org_visible(actor=actor).filter(parent=org).filter(active_on_q(on)))
    return sorted(children, key=lambda o: sort_key(o.name))


def org_ancestors(*, actor, org: Organisation) -> list[Organisation]:
    """The chain from the top of the actor's visible tree down to `org`'s parent."""
    ids = path_chain(org.path)[:-1]
    found = {o.pk: o for o in org_visible(actor=actor).filter(pk__in=ids)}
    return [found[i] for i in ids if i in found]


def org_predecessors(*, org: Organisation) -> list[Organisation]:
    """Units whose records now belong with `org`: merged into it or split off into it, recursively."""
    seen: dict[int, Organisation] = {}
    frontier = [org.pk]
    while frontier:
        merged = Organisation.objects.filter(successor_id__in=frontier)
        split_sources = Organisation.objects.filter(
            events__kind=OrganisationEvent.Kind.SPLIT,
            events__related__in=frontier,
            valid_to__isnull=False,
        )
        frontier = []
        for unit in list(merged) + list(split_sources):
            if unit.pk not in seen and unit.pk != org.pk:
                seen[unit.pk] = unit
                frontier.append(unit.pk)
    return sorted(seen.values(), key=lambda o: (o.valid_to or date.max, o.name))


def org_events(*, org: Organisation) -> QuerySet[OrganisationEvent]:
    return org.events.prefetch_related("related").order_by("effective", "id")


@dataclass
class TreeNode:
    organisation_id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    children: list["TreeNode"] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "id": self.organisation_id, "code": self.code, "name": self.name, "kind": self.kind,
            "children": [c.as_dict() for c in self.children],
        }


def org_tree_as_of(*, actor, on: date, root: Organisation | None = None) -> list[TreeNode]:
    """The tree as it stood on `on`: names and parents of that day, units active that day."""
    versions = (
        OrganisationVersion.objects.filter(active_on_q(on))
        .filter(active_on_q(on, "organisation__"))
        .filter(scope_q(actor, field="organisation__path"))
        .values_list("organisation_id", "organisation__code", "name", "organisation__kind", "parent_id")
    )
    nodes = {oid: TreeNode(oid, code, name, kind, parent) for oid, code, name, kind, parent in versions}
    roots: list[TreeNode] = []
    for node in nodes.values():
        parent = nodes.get(node.parent_id)
        (parent.children if parent else roots).append(node)
    for node in nodes.values():
        node.children.sort(key=lambda n: sort_key(n.name))
    roots.sort(key=lambda n: sort_key(n.name))
    if root is not None:
        node = nodes.get(root.pk)
        return [node] if node else []
    return roots


# --- Reads added for the web pages -------------------------------------------------------------


def org_version_on(*, org: Organisation, on: date) -> OrganisationVersion | None:
    """The unit's name and parent as they stood on `on` (None before it existed or after it closed)."""
    return (
        OrganisationVersion.objects.filter(organisation=org)
        .filter(active_on_q(on))
        .select_related("parent")
        .order_by("-valid_from")
        .first()
    )


def org_history(*, org: Organisation) -> QuerySet[AuditEntry]:
    """Audit rows about the unit itself, newest first. Callers check VIEW_AUDIT first."""
    return AuditEntry.objects.filter(model="organisations.organisation", object_id=str(org.pk)).order_by("-at", "-id")


def org_grants_of(*, actor) -> list[RoleGrant]:
    """The actor's role grants with their organisations, top of the tree first."""
    if getattr(actor, "pk", None) is None:
        return []
    return list(
        RoleGrant.objects.filter(user_id=actor.pk).select_related("organisation").order_by("organisation__path", "role")
    )
