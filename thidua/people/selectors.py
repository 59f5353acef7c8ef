"""Reads about people, always within the actor's scope.

A person is visible to an officer when any of their employments or memberships, past or present,
lies in the officer's part of the tree: the grassroots union that employed someone keeps seeing
the history it shares with them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from thidua.core.db import prefix_q
from thidua.core.errors import NotFound
from thidua.core.models import AuditEntry
from thidua.core.permissions import Action, scope_paths, scope_q
from thidua.core.text import search_key
from thidua.organisations.models import Organisation
from thidua.people.models import Employment, Membership, Person


def _linked_q(unit_condition: Q) -> Q:
    """People with a membership or an employment, past or present, in units meeting the condition.

    One EXISTS over both links (UNION ALL), not two EXISTS joined by OR: PostgreSQL turns an OR of
    EXISTS into hashed subplans that collect every linked person of the subtree first (a hundred
    thousand rows for a province), while one correlated EXISTS is checked row by row and stops a
    search after the fifty it needs.
    """
    memberships = Membership.objects.filter(unit_condition, person=OuterRef("pk")).values("person_id")
    employments = Employment.objects.filter(unit_condition, person=OuterRef("pk")).values("person_id")
    return Q(Exists(memberships.union(employments, all=True)))


def _in_scope_q(actor, action: Action = Action.VIEW) -> Q:
    if scope_paths(actor, action) is None:
        return Q()
    return _linked_q(scope_q(actor, action, field="organisation__path"))


def _under_q(org: Organisation) -> Q:
    return _linked_q(prefix_q("organisation__path", org.path))


def person_visible(*, actor, action: Action = Action.VIEW) -> QuerySet[Person]:
    return Person.objects.filter(_in_scope_q(actor, action))


def person_get(*, actor, pk) -> Person:
    try:
        return person_visible(actor=actor).get(pk=pk)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise NotFound("Không tìm thấy người này trong phạm vi của bạn.") from None


SEARCH_KEYS = ("search_given_first", "search_full")
# Stand-ins for the key bounds while the search statement is compiled (see _search_statement).
_LOW, _HIGH = "\x00thidua-low\x00", "\x00thidua-high\x00"


@lru_cache(maxsize=512)
def _search_statement(scope_roots: tuple[str, ...] | None, under_path: str | None, limit: int) -> tuple[str, tuple]:
    """The search as one SQL statement, compiled by the ORM once per scope and reused.

    Each key is an index range read in index order (LIMIT per branch); the union of both branches
    is ordered the Vietnamese way. Compiling the two filtered querysets costs more than running
    them, so the statement is kept with the key bounds as parameters.
    """
    people = Person.objects.all()
    if scope_roots is not None:
        roots = Q()
        for root in scope_roots:
            roots |= prefix_q("organisation__path", root)
        people = people.filter(_linked_q(roots))
    if under_path is not None:
        people = people.filter(_linked_q(prefix_q("organisation__path", under_path)))
    branches, params = [], []
    for column in SEARCH_KEYS:
        branch = people.filter(**{f"{column}__gte": _LOW, f"{column}__lt": _HIGH}).order_by(column, "id")[:limit]
        sql, branch_params = branch.query.sql_with_params()
        branches.append(sql)
        params += branch_params
    statement = (f"SELECT * FROM ({branches[0]}) AS given_first UNION SELECT * FROM ({branches[1]}) AS family_first "
                 f"ORDER BY sort_key, id LIMIT {int(limit)}")
    return statement, tuple(params)


def person_search(*, actor, query: str, under: Organisation | None = None, limit: int = 50) -> list[Person]:
    """People whose name starts with the query, in family-name-first or given-name-first order.

    "nguyen van duc" and "Nguyễn Văn Đức" find Nguyễn Văn Đức; "hoa" finds Hòa and Hoà; "duc
    nguyen" finds him too. Each key is read as an index range in index order, so a query matching
    a hundred thousand people costs no more than one matching fifty. When more than `limit` match,
    the result holds the first `limit` of each key's accent-free order, shown in Vietnamese order.
    """
    key = search_key(query)
    if not key:
        return []
    roots = scope_paths(actor, Action.VIEW)
    if roots == []:
        return []
    statement, params = _search_statement(
        tuple(roots) if roots is not None else None, under.path if under is not None else None, limit
    )
    upper = key[:-1] + chr(ord(key[-1]) + 1)
    bound = [key if p == _LOW else upper if p == _HIGH else p for p in params]
    return list(Person.objects.raw(statement, bound))


def _active_membership_q(on: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}joined__lte": on}) & (Q(**{f"{prefix}left__isnull": True}) | Q(**{f"{prefix}left__gte": on}))


def _subtree_unit_ids(org: Organisation) -> QuerySet:
    return Organisation.objects.filter(prefix_q("path", org.path)).values("pk")


def members_in_subtree(*, actor, org: Organisation, on: date) -> QuerySet[Membership]:
    """Memberships active on `on` anywhere under `org` (merged-away units included)."""
    return Membership.objects.filter(_active_membership_q(on), prefix_q("org_path", org.path), scope_q(actor, field="org_path"))


@dataclass
class UnitCount:
    organisation: Organisation
    members: int


def member_counts_by_child(*, actor, org: Organisation, children: list[Organisation], on: date) -> tuple[int, list[UnitCount]]:
    """Members of the whole subtree, and of each child's subtree, in one grouped index range."""
    per_path = (
        members_in_subtree(actor=actor, org=org, on=on)
        .order_by().values_list("org_path").annotate(n=Count("id")).values_list("org_path", "n")
    )
    # A unit's path names its ancestors: the segment just below `org` is the child it counts toward.
    below = org.depth + 1
    total, by_child = 0, {}
    for path, n in per_path:
        total += n
        segments = path.strip("/").split("/")
        if len(segments) > below:
            child_id = int(segments[below])
            by_child[child_id] = by_child.get(child_id, 0) + n
    return total, [UnitCount(child, by_child.get(child.pk, 0)) for child in children]


def member_page(*, actor, org: Organisation, on: date, offset: int = 0, limit: int = 50) -> list[Membership]:
    """One page of the subtree's members in Vietnamese name order.

    People are walked in the order of the sort-key index and kept when they hold an active
    membership under `org`, so the first pages of a 100,000-member union need no big sort.
    """
    memberships = members_in_subtree(actor=actor, org=org, on=on)
    people = list(
        Person.objects.filter(Exists(memberships.filter(person=OuterRef("pk"))))
        .order_by("sort_key", "id")[offset : offset + limit]
    )
    rows = {}
    for membership in memberships.filter(person__in=people).select_related("organisation").order_by("-joined"):
        rows.setdefault(membership.person_id, membership)
    page = []
    for person in people:
        membership = rows[person.pk]
        membership.person = person
        page.append(membership)
    return page


def employments_of(*, person: Person) -> QuerySet[Employment]:
    return person.employments.select_related("organisation").order_by("-start", "-id")


def memberships_of(*, person: Person) -> QuerySet[Membership]:
    return person.memberships.select_related("organisation").order_by("-joined", "-id")


def current_unit(*, person: Person, on: date) -> Organisation | None:
    employment = (
        person.employments.filter(Q(start__lte=on) & (Q(end__isnull=True) | Q(end__gte=on)))
        .select_related("organisation").order_by("-start").first()
    )
    return employment.organisation if employment else None


def person_history(*, person: Person) -> QuerySet[AuditEntry]:
    """Audit rows about the person and their employments and memberships."""
    emp_ids = [str(i) for i in person.employments.values_list("pk", flat=True)]
    mem_ids = [str(i) for i in person.memberships.values_list("pk", flat=True)]
    return AuditEntry.objects.filter(
        Q(model="people.person", object_id=str(person.pk))
        | Q(model="people.employment", object_id__in=emp_ids)
        | Q(model="people.membership", object_id__in=mem_ids)
    ).order_by("-at", "-id")


def current_units(*, people: list[Person], on: date) -> dict[int, Organisation]:
    """`current_unit` for many people in one query: person id → the unit employing them on `on`."""
    rows = (
        Employment.objects.filter(person__in=[p.pk for p in people])
        .filter(Q(start__lte=on) & (Q(end__isnull=True) | Q(end__gte=on)))
        .select_related("organisation")
        .order_by("person_id", "-start", "-id")
    )
    units: dict[int, Organisation] = {}
    for employment in rows:
        units.setdefault(employment.person_id, employment.organisation)
    return units


def person_list(*, actor, under: Organisation | None = None) -> QuerySet[Person]:
    """The people the actor may see, in Vietnamese alphabetical order; with `under`, only those who
    worked or were members somewhere in that unit's subtree (as `person_search` does)."""
    people = person_visible(actor=actor)
    if under is not None:
        people = people.filter(_under_q(under))
    return people.order_by("sort_key", "id")
