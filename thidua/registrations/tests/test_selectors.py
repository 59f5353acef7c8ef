"""Rounds and registrations as each officer sees them, the roster, and the counts per unit and year."""
from __future__ import annotations

from datetime import date

import pytest

from thidua.core.errors import NotFound
from thidua.core.models import Role
from thidua.core.permissions import SYSTEM
from thidua.registrations.selectors import (
    registration_counts,
    registration_get,
    registration_list,
    roster,
    round_get,
    round_list,
)
from thidua.registrations.services import registration_bulk_create, registration_create, registration_withdraw, round_open
from thidua.registrations.tests.conftest import AFTER, BEFORE, CSTDCS, LDTT, TTLDTT, YEAR


def test_a_hospital_officer_sees_the_sector_unions_round_but_not_another_provinces(tree, hn_round, hue_round, bm_officer):
    assert list(round_list(actor=bm_officer)) == [hn_round]
    assert round_get(actor=bm_officer, pk=hn_round.pk) == hn_round
    with pytest.raises(NotFound):
        round_get(actor=bm_officer, pk=hue_round.pk)


def test_a_registration_is_seen_only_within_the_scope_of_the_unit_that_made_it(tree, hn_round, hue_round, make_user):
    ours = registration_create(actor=SYSTEM, round=hn_round, unit=tree.bach_mai, award=CSTDCS, on=BEFORE, person=tree.hoa)
    theirs = registration_create(actor=SYSTEM, round=hue_round, unit=tree.hue_central, award=CSTDCS, on=BEFORE, person=tree.hoa2)
    officer = make_user(Role.VIEWER, tree.hanoi)
    assert list(registration_list(actor=officer)) == [ours]
    with pytest.raises(NotFound):
        registration_get(actor=officer, pk=theirs.pk)
    pharma = make_user(Role.UNION_OFFICER, tree.hanoi_pharma)
    assert list(registration_list(actor=pharma, round=hn_round)) == []


def test_the_roster_lists_the_units_people_with_what_they_registered(tree, hn_round, bm_officer):
    registration_create(actor=SYSTEM, round=hn_round, unit=tree.bach_mai, award=CSTDCS, on=BEFORE, person=tree.duc)
    rows, total = roster(actor=bm_officer, unit=tree.bach_mai, round=hn_round)
    assert total == 2
    assert [(r.person.full_name, r.unit.code, [x.award for x in r.registered]) for r in rows] == [
        ("Nguyễn Văn Đức", "BV-BM-TM", [CSTDCS]), ("Trần Thị Hòa", "BV-BM", []),
    ]


def test_counts_per_unit_and_year_on_known_data(tree, hn_round, make_user):
    # Bạch Mai: Đức (CSTĐCS + LĐTT), Hòa (LĐTT, late), the cardiology department (TTLĐTT);
    # a withdrawn one; Dược Hà Nội: Lan (LĐTT). Huế and another year are not counted.
    registration_bulk_create(actor=SYSTEM, round=hn_round, unit=tree.bach_mai, award=LDTT, on=BEFORE, people=[tree.duc])
    registration_create(actor=SYSTEM, round=hn_round, unit=tree.bach_mai, award=LDTT, on=AFTER, person=tree.hoa,
                        late=True, late_reason="Nghỉ phép đến tháng 2")
    registration_create(actor=SYSTEM, round=hn_round, unit=tree.bach_mai, award=CSTDCS, on=BEFORE, person=tree.duc)
    withdrawn = registration_create(actor=SYSTEM, round=hn_round, unit=tree.bach_mai, award=CSTDCS, on=BEFORE, person=tree.hoa)
    registration_withdraw(actor=SYSTEM, registration=withdrawn, on=date(2025, 3, 1), reason="Không đủ thời gian công tác")
    registration_create(actor=SYSTEM, round=hn_round, unit=tree.bach_mai, award=TTLDTT, on=BEFORE, organisation=tree.cardio)
    registration_create(actor=SYSTEM, round=hn_round, unit=tree.hanoi_pharma, award=LDTT, on=BEFORE, person=tree.lan)
    hue = round_open(actor=SYSTEM, organisation=tree.hue, year=YEAR, deadline=date(2025, 1, 31), on=date(2025, 1, 2))
    registration_create(actor=SYSTEM, round=hue, unit=tree.hue_central, award=LDTT, on=BEFORE, person=tree.hoa2)
    other_year = round_open(actor=SYSTEM, organisation=tree.hanoi, year=2026, deadline=date(2026, 1, 31), on=date(2026, 1, 2))
    registration_create(actor=SYSTEM, round=other_year, unit=tree.bach_mai, award=LDTT, on=date(2026, 1, 5), person=tree.hoa)

    bm = registration_counts(actor=SYSTEM, organisation=tree.bach_mai, year=YEAR)
    assert (bm.individuals, bm.collectives, bm.registrations, bm.late, bm.withdrawn) == (2, 1, 4, 1, 1)
    assert [(a.award, a.individuals, a.collectives, a.late) for a in bm.by_award] == [
        (TTLDTT, 0, 1, 0), (LDTT, 2, 0, 1), (CSTDCS, 1, 0, 0),
    ]
    hanoi = registration_counts(actor=SYSTEM, organisation=tree.hanoi, year=YEAR)
    assert (hanoi.individuals, hanoi.collectives, hanoi.award(LDTT).individuals) == (3, 1, 3)
    # An officer of the pharmaceutical company counts only what their scope holds.
    pharma = make_user(Role.UNION_OFFICER, tree.hanoi_pharma)
    mine = registration_counts(actor=pharma, organisation=tree.hanoi_pharma, year=YEAR)
    assert (mine.individuals, mine.registrations) == (1, 1)
    with pytest.raises(NotFound):
        registration_counts(actor=pharma, organisation=tree.bach_mai, year=YEAR)
