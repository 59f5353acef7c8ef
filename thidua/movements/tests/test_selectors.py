"""Counts per unit and year on known data, and the scope of the reads."""
from __future__ import annotations

from datetime import date

import pytest

from thidua.core.errors import NotFound
from thidua.core.models import Role
from thidua.core.permissions import SYSTEM
from thidua.movements.models import Initiative
from thidua.movements.selectors import initiative_counts, initiative_get, initiative_list, initiatives_of_person
from thidua.movements.services import initiative_record


def _make(tree, unit, kind, status, scope=None, year=2024):
    """One initiative of `unit` brought to `status` directly in the database (the counts read statuses only)."""
    item = initiative_record(actor=SYSTEM, kind=kind, title=f"{kind} {status}", year=year, organisation=unit,
                             authors=[tree.hoa2 if unit == tree.hue_central else tree.hoa])
    Initiative.objects.filter(pk=item.pk).update(status=status, accepted=status == "accepted", scope=scope)
    return item


@pytest.fixture
def known(tree):
    plan = [  # (unit, kind, status, scope, how many)
        (tree.bach_mai, "initiative", "registered", None, 3), (tree.bach_mai, "initiative", "approved", None, 2),
        (tree.cardio, "initiative", "rejected", None, 1), (tree.cardio, "initiative", "in_progress", None, 2),
        (tree.bach_mai, "initiative", "accepted", "co_so", 4), (tree.cardio, "initiative", "accepted", "tinh", 1),
        (tree.bach_mai, "topic", "registered", None, 2), (tree.bach_mai, "topic", "accepted", "toan_quoc", 1),
        (tree.hanoi_pharma, "topic", "rejected", None, 1), (tree.hue_central, "initiative", "accepted", "co_so", 5),
    ]
    for unit, kind, status, scope, n in plan:
        for _ in range(n):
            _make(tree, unit, kind, status, scope)
    _make(tree, tree.bach_mai, "initiative", "accepted", "co_so", year=2023)  # another year


def test_counts_of_a_grassroots_union_and_year(tree, known, hanoi_officer):
    counts = initiative_counts(actor=hanoi_officer, organisation=tree.bach_mai, year=2024)
    assert counts["initiative"].as_dict() == {"registered": 13, "approved": 9, "rejected": 1, "in_progress": 2, "accepted": 5,
                                              "accepted_by_scope": {"co_so": 4, "tinh": 1, "toan_quoc": 0}}
    assert counts["topic"].as_dict() == {"registered": 3, "approved": 1, "rejected": 0, "in_progress": 0, "accepted": 1,
                                         "accepted_by_scope": {"co_so": 0, "tinh": 0, "toan_quoc": 1}}
    provincial = initiative_counts(actor=hanoi_officer, organisation=tree.hanoi, year=2024)
    assert (provincial["topic"].registered, provincial["topic"].rejected) == (4, 1)
    assert provincial["initiative"].registered == 13  # Huế's five are elsewhere
    assert initiative_counts(actor=SYSTEM, organisation=tree.national, year=2024)["initiative"].accepted == 10
    assert initiative_counts(actor=hanoi_officer, organisation=tree.bach_mai, year=2023)["initiative"].accepted == 1


def test_reads_stay_in_the_scope(tree, known, hanoi_officer):
    with pytest.raises(NotFound):
        initiative_counts(actor=hanoi_officer, organisation=tree.hue_central, year=2024)
    hue_item = Initiative.objects.filter(organisation=tree.hue_central).first()
    with pytest.raises(NotFound):
        initiative_get(actor=hanoi_officer, pk=hue_item.pk)
    assert not initiative_list(actor=hanoi_officer).filter(organisation=tree.hue_central).exists()
    assert initiative_list(actor=hanoi_officer, year=2024, status="accepted", kind="initiative", unit=tree.cardio).count() == 1
    assert initiatives_of_person(actor=hanoi_officer, person=tree.hoa2).count() == 0
    assert initiatives_of_person(actor=SYSTEM, person=tree.hoa2).count() == 5
