"""Helpers of the dossier tests: a yearly round of the Hà Nội sector union for 2024, people with their years recorded."""
from __future__ import annotations

from datetime import date

import pytest

from thidua.core.models import Role
from thidua.core.permissions import SYSTEM
from thidua.nominations.services import round_open
from thidua.people.services import appraisal_record

YEAR = 2024
OPENED = date(2025, 1, 2)
ON = date(2025, 1, 15)  # the proposal date for year 2024
DUE = date(2025, 1, 31)  # the grassroots unions' deadline
LDTT, CSTDCS, GIAY_KHEN = "lao_dong_tien_tien", "chien_si_thi_dua_co_so", "giay_khen"
BK_NATIONAL = "bang_khen_cong_doan_nganh_trung_uong"
DEADLINES = {"grassroots_public": DUE, "grassroots_business": DUE, "provincial_sector_union": date(2025, 2, 28)}


def good_year(person, year: int = YEAR) -> None:
    """A completed year, registered for emulation, no absence: Lao động tiên tiến for sure."""
    appraisal_record(actor=SYSTEM, person=person, year=year, rating="HTTNV", absent_days=0, maternity_days=0, registered=True)


@pytest.fixture
def hn_round(tree):
    return round_open(actor=SYSTEM, organisation=tree.hanoi, kind="yearly", title="Khen thưởng tổng kết năm 2024", year=YEAR,
                      on=OPENED, deadlines=DEADLINES)


@pytest.fixture
def bm_officer(tree, make_user):
    """A union officer of the Bạch Mai hospital's grassroots union."""
    return make_user(Role.UNION_OFFICER, tree.bach_mai)
