"""Helpers of the registration tests: a round of the Hà Nội sector union for 2025."""
from __future__ import annotations

from datetime import date

import pytest

from thidua.core.models import Role
from thidua.core.permissions import SYSTEM
from thidua.registrations.services import round_open

YEAR = 2025
DEADLINE = date(2025, 1, 31)
BEFORE = date(2025, 1, 20)  # a day before the deadline
AFTER = date(2025, 2, 10)  # a day after it
LDTT, CSTDCS, TTLDTT = "lao_dong_tien_tien", "chien_si_thi_dua_co_so", "tap_the_lao_dong_tien_tien"


@pytest.fixture
def hn_round(tree):
    return round_open(actor=SYSTEM, organisation=tree.hanoi, year=YEAR, deadline=DEADLINE, on=date(2025, 1, 2))


@pytest.fixture
def hue_round(tree):
    return round_open(actor=SYSTEM, organisation=tree.hue, year=YEAR, deadline=DEADLINE, on=date(2025, 1, 2))


@pytest.fixture
def bm_officer(tree, make_user):
    """A union officer of the Bạch Mai hospital's grassroots union."""
    return make_user(Role.UNION_OFFICER, tree.bach_mai)
