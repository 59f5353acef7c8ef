"""The rows eligibility reads, for a chunk of people at a time, as plain tuples.

Five queries per chunk (employment, yearly appraisals of the window, awards not revoked, authorship
of initiatives and topics, then those of the window), each an index lookup per row. The single-person selectors
read one person through the same queries; the batch run reads chunks of a few thousand; the
benchmark times the very same queries alone as its baseline. No access check here: callers have
checked the actor's scope before asking.
"""
from __future__ import annotations

from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet

from thidua.commendations.facts import window
from thidua.commendations.models import AwardRecord
from thidua.core.db import prefix_q
from thidua.movements.models import Initiative
from thidua.organisations.models import Organisation
from thidua.people.models import Employment, YearlyAppraisal
from thidua.registrations.models import Registration


def population_query(root: Organisation, year: int) -> QuerySet:
    """Ids of everyone employed somewhere in `root`'s subtree at some time during `year`, in id order."""
    return (
        Employment.objects.filter(prefix_q("organisation__path", root.path))
        .filter(Q(start__lte=date(year, 12, 31)) & (Q(end__isnull=True) | Q(end__gte=date(year, 1, 1))))
        .values_list("person_id", flat=True)
        .distinct()
        .order_by("person_id")
    )


def population_ids(root: Organisation, year: int) -> array:
    """The population of a run as a compact array of ids (8 bytes each), read in one streamed query."""
    ids = array("q")
    ids.extend(population_query(root, year).iterator(chunk_size=10_000))
    return ids


def chunk_queries(person_ids, year: int) -> dict[str, QuerySet]:
    """The queries reading everything eligibility needs about these people to judge `year`.

    "authorship" gives (person id, initiative id); the initiatives themselves are read next by
    primary key (`initiative_query`). Joining the two in one statement lets the planners scan all
    initiatives instead, once per chunk.
    """
    first, last = window(year)
    ids = list(person_ids)
    return {
        "employments": Employment.objects.filter(person_id__in=ids).order_by()
        .values_list("person_id", "organisation_id", "start", "end", "profession", "position"),
        "appraisals": YearlyAppraisal.objects.filter(person_id__in=ids, year__gte=first, year__lte=last).order_by()
        .values_list("person_id", "year", "rating", "discipline", "absent_days", "maternity_days", "registered"),
        "awards": AwardRecord.objects.filter(person_id__in=ids, revoked_on__isnull=True).order_by()
        .values_list("person_id", "award", "year"),
        "authorship": Initiative.authors.through.objects.filter(person_id__in=ids).order_by().values_list("person_id", "initiative_id"),
        # Registrations (đăng ký thi đua) of the judged year, not withdrawn: what organisation rules may require.
        "registrations": Registration.objects.filter(person_id__in=ids, year=year, withdrawn_on__isnull=True).order_by()
        .values_list("person_id", "award", "year"),
    }


def initiative_query(initiative_ids, year: int) -> QuerySet:
    first, last = window(year)
    return (Initiative.objects.filter(pk__in=list(initiative_ids), year__gte=first, year__lte=last).order_by()
            .values_list("pk", "year", "kind", "scope", "accepted"))


def chunk_rows(person_ids, year: int):
    """(name, rows) for each query of a chunk, every row a plain tuple, in the order they are read."""
    authorship = None
    for name, query in chunk_queries(person_ids, year).items():
        rows = list(query)
        if name == "authorship":
            authorship = rows
        else:
            yield name, rows
    initiatives = list(initiative_query({i for _, i in authorship}, year)) if authorship else []
    yield "initiatives", initiatives
    yield "authorship", authorship or []


@dataclass
class ChunkRows:
    """A chunk's rows grouped by person: person id → list of tuples (without the person id)."""

    employments: dict[int, list] = field(default_factory=lambda: defaultdict(list))
    appraisals: dict[int, list] = field(default_factory=lambda: defaultdict(list))
    awards: dict[int, list] = field(default_factory=lambda: defaultdict(list))
    initiatives: dict[int, list] = field(default_factory=lambda: defaultdict(list))
    registrations: dict[int, list] = field(default_factory=lambda: defaultdict(list))


_NONE: list = []


def read_chunk(person_ids, year: int) -> ChunkRows:
    grouped = ChunkRows()
    initiatives: dict[int, tuple] = {}
    for name, rows in chunk_rows(person_ids, year):
        if name == "initiatives":
            initiatives = {row[0]: row[1:] for row in rows}
        elif name == "authorship":
            for person_id, initiative_id in rows:
                found = initiatives.get(initiative_id)
                if found is not None:
                    grouped.initiatives[person_id].append(found)
        else:
            target = getattr(grouped, name)
            for row in rows:
                target[row[0]].append(row[1:])
    return grouped


def rows_of(rows: ChunkRows, person_id: int) -> tuple[list, list, list, list]:
    return (
        rows.employments.get(person_id, _NONE), rows.appraisals.get(person_id, _NONE),
        rows.awards.get(person_id, _NONE), rows.initiatives.get(person_id, _NONE),
    )


def registrations_of(rows: ChunkRows, person_id: int) -> list:
    """(award, year) of the person's registrations read with the chunk (a known list, empty when none)."""
    return rows.registrations.get(person_id, _NONE)
