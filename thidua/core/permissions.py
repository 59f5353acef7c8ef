"""Access, decided in one place: which roles may do what, on which part of the union tree.

A grant gives a role on one organisation and its whole subtree. Selectors filter with
`scope_q`; services call `require`. Outside one's scope a record is simply not found, so a
caller cannot tell "not allowed" from "missing".
"""
from __future__ import annotations

from enum import Enum

from django.db.models import Q

from thidua.core.db import path_chain, prefix_q
from thidua.core.errors import Forbidden, NotFound
from thidua.core.models import Role, RoleGrant


class Action(str, Enum):
    VIEW = "view"
    MANAGE_ORGS = "manage_orgs"
    MANAGE_PEOPLE = "manage_people"
    VIEW_AUDIT = "view_audit"
    # Record appraisals, awards and initiatives; run eligibility over a subtree.
    MANAGE_COMMENDATIONS = "manage_commendations"


ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.SYSTEM_ADMIN: frozenset(Action),
    Role.UNION_OFFICER: frozenset({Action.VIEW, Action.MANAGE_ORGS, Action.MANAGE_PEOPLE, Action.VIEW_AUDIT, Action.MANAGE_COMMENDATIONS}),
    Role.EMULATION_OFFICER: frozenset({Action.VIEW, Action.VIEW_AUDIT, Action.MANAGE_COMMENDATIONS}),
    Role.COUNCIL_MEMBER: frozenset({Action.VIEW}),
    Role.VIEWER: frozenset({Action.VIEW}),
}


class SystemActor:
    """The actor of the command line and of data loading: the whole tree, every action."""

    pk = None
    id = None
    username = "hệ thống"
    is_authenticated = True
    is_superuser = True

    def __str__(self) -> str:
        return self.username


SYSTEM = SystemActor()


def _grants(actor) -> list[tuple[str, str]]:
    """(role, organisation path) pairs of the actor, read once per actor object."""
    cached = getattr(actor, "_thidua_grants", None)
    if cached is None:
        cached = list(
            RoleGrant.objects.filter(user_id=actor.pk).values_list("role", "organisation__path")
        )
        try:
            actor._thidua_grants = cached
        except AttributeError:
            pass
    return cached


def forget_grants(actor) -> None:
    if hasattr(actor, "_thidua_grants"):
        del actor._thidua_grants


def has_everything(actor) -> bool:
    return bool(actor is SYSTEM or getattr(actor, "is_superuser", False))


def scope_paths(actor, action: Action = Action.VIEW) -> list[str] | None:
    """The smallest set of subtree roots where `actor` may do `action`; None means everywhere."""
    if has_everything(actor):
        return None
    if actor is None or not getattr(actor, "is_authenticated", False):
        return []
    paths = sorted({path for role, path in _grants(actor) if action in ROLE_ACTIONS.get(role, ())})
    roots: list[str] = []
    for path in paths:
        if not any(path.startswith(root) for root in roots):
            roots.append(path)
    return roots


def scope_q(actor, action: Action = Action.VIEW, field: str = "path") -> Q:
    """A filter keeping rows whose organisation path (`field`) lies in the actor's scope.

    For an actor who sees the whole tree it is the empty Q(), which vanishes when or-ed with another
    condition (Q() | c is c): callers widening the scope with "or …" test `scope_paths(...) is None` first.
    """
    roots = scope_paths(actor, action)
    if roots is None:
        return Q()
    if not roots:
        return Q(pk__in=[])
    condition = Q()
    for root in roots:
        condition |= prefix_q(field, root)
    return condition


def path_ids(paths) -> set[int]:
    """Ids of every organisation on the given materialised paths: the units themselves and all above them."""
    return {org_id for path in paths for org_id in path_chain(path)}


def scope_or_above_q(actor, action: Action = Action.VIEW, *, path_field: str, id_field: str) -> Q:
    """Rows of an organisation inside the actor's scope or above it: a call made by a higher level
    (a round, a campaign) reaches the actor's units too."""
    roots = scope_paths(actor, action)
    if roots is None:
        return Q()
    if not roots:
        return Q(pk__in=[])
    return scope_q(actor, action, field=path_field) | Q(**{f"{id_field}__in": path_ids(roots)})


def path_in_scope(actor, path: str, action: Action = Action.VIEW) -> bool:
    roots = scope_paths(actor, action)
    return roots is None or bool(path) and any(path.startswith(root) for root in roots)


def require_path(actor, action: Action, path: str) -> None:
    """Raise NotFound when `path` is outside what the actor may see, Forbidden when they may only look."""
    if not path_in_scope(actor, path, Action.VIEW):
        raise NotFound()
    if not path_in_scope(actor, path, action):
        raise Forbidden()


def require(actor, action: Action, org) -> None:
    require_path(actor, action, org.path)


def is_system_admin(actor) -> bool:
    return has_everything(actor) or any(role == Role.SYSTEM_ADMIN for role, _ in _grants(actor))


def roles_of(actor) -> list[str]:
    if has_everything(actor):
        return [Role.SYSTEM_ADMIN]
    return sorted({role for role, _ in _grants(actor)})
