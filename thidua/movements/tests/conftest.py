"""A science council of Bạch Mai for 2024 and the people it needs: members in two departments,
one of them the department of the author Nguyễn Văn Đức (Khoa Tim mạch)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from thidua.core.permissions import SYSTEM
from thidua.movements.models import Council, Initiative
from thidua.movements.services import council_create, initiative_register, meeting_record
from thidua.organisations.models import OrgKind
from thidua.organisations.services import org_create
from thidua.people.models import Person
from thidua.people.services import person_create

START = date(2020, 1, 1)
MEETING_DAY = date(2024, 3, 15)


@dataclass
class Board:
    council: Council
    chair: Person  # Khoa Nội
    secretary: Person  # Bạch Mai, no department
    colleague: Person  # Khoa Tim mạch, like the author Đức
    fourth: Person  # Khoa Nội
    fifth: Person  # Bạch Mai, no department
    item: Initiative  # Đức's initiative of 2024


@pytest.fixture
def board(tree) -> Board:
    internal = org_create(actor=SYSTEM, code="BV-BM-NOI", name="Khoa Nội", kind=OrgKind.UNION_GROUP, parent=tree.bach_mai,
                          valid_from=START)

    def person(name, unit, born):
        return person_create(actor=SYSTEM, full_name=name, unit=unit, start=START, date_of_birth=born)

    chair = person("Phan Văn Nam", internal, date(1970, 5, 1))
    secretary = person("Đỗ Thị Mai", tree.bach_mai, date(1980, 6, 2))
    colleague = person("Vũ Minh Khoa", tree.cardio, date(1975, 7, 3))
    fourth = person("Lý Thu Trang", internal, date(1982, 8, 4))
    fifth = person("Hồ Quang Hiếu", tree.bach_mai, date(1978, 9, 5))
    council = council_create(actor=SYSTEM, organisation=tree.bach_mai, year=2024, name="Hội đồng sáng kiến Bệnh viện Bạch Mai",
                             members=[(chair, "chair"), (secretary, "secretary"), (colleague, "member"), (fourth, "member"),
                                      (fifth, "member")])
    item = initiative_register(actor=SYSTEM, kind="initiative", title="Quy trình tiếp đón người bệnh tim mạch", year=2024,
                               organisation=tree.bach_mai, authors=[tree.duc], on=date(2024, 1, 20))
    return Board(council, chair, secretary, colleague, fourth, fifth, item)


def meet(board: Board, attendees=None, agenda=None, on: date = MEETING_DAY):
    attendees = attendees if attendees is not None else [board.chair, board.secretary, board.colleague, board.fourth, board.fifth]
    return meeting_record(actor=SYSTEM, council=board.council, held_on=on, attendees=attendees, agenda=agenda or [board.item])
