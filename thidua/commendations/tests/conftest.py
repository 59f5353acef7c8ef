"""Helpers for the eligibility tests: record a person's years and awards through the services."""
from __future__ import annotations

from datetime import date

import pytest

from thidua.commendations.services import award_record_add
from thidua.core.permissions import SYSTEM
from thidua.movements.services import initiative_record
from thidua.people.services import appraisal_record

ON = date(2025, 1, 15)  # the proposal date for year 2024


def record_years(person, ratings: dict[int, str], **extra):
    for year, rating in ratings.items():
        appraisal_record(actor=SYSTEM, person=person, year=year, rating=rating, absent_days=extra.get("absent_days", 0),
                         maternity_days=0, registered=extra.get("registered", True))


def give(person, award: str, year: int, **extra):
    return award_record_add(actor=SYSTEM, award=award, year=year, person=person, decision_number=f"{year}/QĐ-BV",
                            decision_date=date(year + 1, 1, 10), issuing_body="Giám đốc bệnh viện", **extra)


def initiative(person, unit, year: int, scope: str = "co_so", kind: str = "initiative"):
    return initiative_record(actor=SYSTEM, kind=kind, title=f"Cải tiến quy trình năm {year}", year=year, organisation=unit,
                             authors=[person], scope=scope, accepted=True)


@pytest.fixture
def helpers():
    class H:
        pass

    h = H()
    h.record_years, h.give, h.initiative, h.ON = record_years, give, initiative, ON
    return h
