"""Fixtures shared by every test: a small union tree, people in it, and users holding each role."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from thidua.core.models import Role
from thidua.core.permissions import SYSTEM
from thidua.core.services import user_create_with_role
from thidua.organisations.models import Organisation, OrgKind
from thidua.organisations.services import org_create
from thidua.people.models import Gender, Person, Profession
from thidua.people.services import person_create

START = date(2020, 1, 1)
TODAY = date(2026, 11, 25)
PASSWORD = "Mat-khau-thu-2026"


@dataclass
class Tree:
    national: Organisation
    hanoi: Organisation
    hue: Organisation
    bach_mai: Organisation
    hanoi_pharma: Organisation
    cardio: Organisation
    hue_central: Organisation
    duc: Person
    hoa: Person
    hoa2: Person
    lan: Person


def _org(code, name, kind, parent=None, **extra):
    return org_create(actor=SYSTEM, code=code, name=name, kind=kind, parent=parent, valid_from=START, **extra)


@pytest.fixture
def tree(db) -> Tree:
    national = _org("CDYTVN", "Công đoàn Y tế Việt Nam", OrgKind.NATIONAL_SECTOR_UNION)
    hanoi = _org("CDN-HN", "Công đoàn ngành Y tế Hà Nội", OrgKind.PROVINCIAL_SECTOR_UNION, national, province_code=1)
    hue = _org("CDN-HUE", "Công đoàn ngành Y tế Huế", OrgKind.PROVINCIAL_SECTOR_UNION, national, province_code=46)
    bach_mai = _org("BV-BM", "Công đoàn Bệnh viện Bạch Mai", OrgKind.GRASSROOTS_PUBLIC, hanoi)
    pharma = _org("DUOC-HN", "Công đoàn Công ty Cổ phần Dược phẩm Hà Nội", OrgKind.GRASSROOTS_BUSINESS, hanoi)
    cardio = _org("BV-BM-TM", "Khoa Tim mạch", OrgKind.UNION_GROUP, bach_mai)
    hue_central = _org("BV-TWH", "Công đoàn Bệnh viện Trung ương Huế", OrgKind.GRASSROOTS_PUBLIC, hue)
    duc = person_create(
        actor=SYSTEM, full_name="Nguyễn Văn Đức", unit=cardio, start=START, gender=Gender.MALE,
        date_of_birth=date(1985, 3, 14), cccd="001085001234", profession=Profession.DOCTOR,
        member_since=START, card_number="BM-0001",
    )
    hoa = person_create(
        actor=SYSTEM, full_name="Trần Thị Hòa", unit=bach_mai, start=START, gender=Gender.FEMALE,
        date_of_birth=date(1990, 7, 2), profession=Profession.NURSE, member_since=START,
    )
    hoa2 = person_create(
        actor=SYSTEM, full_name="Lê Thị Hoà", unit=hue_central, start=START, gender=Gender.FEMALE,
        date_of_birth=date(1992, 1, 20), profession=Profession.MIDWIFE, member_since=START,
    )
    lan = person_create(
        actor=SYSTEM, full_name="Phạm Ngọc Lan", unit=pharma, start=START, gender=Gender.FEMALE,
        profession=Profession.PHARMACIST, member_since=START,
    )
    return Tree(national, hanoi, hue, bach_mai, pharma, cardio, hue_central, duc, hoa, hoa2, lan)


@pytest.fixture
def make_user(db):
    """make_user(role, organisation) → a user holding that one grant."""
    counter = {"n": 0}

    def make(role: str, organisation: Organisation):
        counter["n"] += 1
        return user_create_with_role(
            actor=SYSTEM, username=f"{role}-{organisation.code}-{counter['n']}".lower(), password=PASSWORD,
            role=role, organisation=organisation, validate=False,
        )

    return make


@pytest.fixture
def hanoi_officer(tree, make_user):
    return make_user(Role.UNION_OFFICER, tree.hanoi)


@pytest.fixture(scope="session", autouse=True)
def _upload_folder():
    """Uploaded spreadsheets of the web import live in a throwaway folder, removed after the run."""
    import shutil

    from django.conf import settings

    yield
    shutil.rmtree(settings.THIDUA_UPLOAD_DIR, ignore_errors=True)
