"""`thidua demo`: a believable union, the same for the same seed, loaded only once."""
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from thidua.core.permissions import scope_paths
from thidua.decisions.models import Decision
from thidua.demo import DEMO_USERS, demo_load
from thidua.nominations.models import Dossier
from thidua.organisations.models import Organisation, OrgKind
from thidua.people.models import Employment, Membership, Person
from thidua.people.validation import clean_cccd

ON = date(2026, 11, 25)


def _fingerprint():
    return (
        list(Organisation.objects.order_by("code").values_list("code", "name", "kind")),
        list(Person.objects.order_by("id").values_list("full_name", "gender", "date_of_birth", "cccd")),
    )


def test_demo_builds_a_believable_union_once(db):
    first = demo_load(members=600, seed=7, on=ON)
    assert first.loaded and first.people == 600
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert {OrgKind.CONFEDERATION, OrgKind.NATIONAL_SECTOR_UNION, OrgKind.PROVINCIAL_SECTOR_UNION,
            OrgKind.GRASSROOTS_PUBLIC, OrgKind.GRASSROOTS_BUSINESS, OrgKind.UNION_GROUP, OrgKind.PARTNER} <= kinds
    assert Organisation.objects.filter(name__startswith="Công đoàn Bệnh viện").exists()
    assert Organisation.objects.filter(name__startswith="Công đoàn Trung tâm").exists()
    assert Organisation.objects.filter(name__contains="Dược phẩm").exists()
    # The 2025 merger: Hà Nam and Nam Định now live under Ninh Bình.
    ninh_binh = Organisation.objects.get(code="CDN-37")
    assert set(Organisation.objects.filter(successor=ninh_binh).values_list("code", flat=True)) == {"CDN-35", "CDN-36"}
    # Every person works somewhere; most are members; names are family + middle + given.
    assert Employment.objects.values("person").distinct().count() == 600
    assert 500 < Membership.objects.count() < 600
    for person in Person.objects.all()[:100]:
        assert person.full_name == " ".join(p for p in (person.family_name, person.middle_name, person.given_name) if p)
        assert not person.full_name.startswith(("Bà", "Ông", "Quý"))
        if person.cccd:
            assert clean_cccd(person.cccd, gender=person.gender, born=person.date_of_birth) == person.cccd
    users = get_user_model().objects.filter(username__in=[u for u, *_ in DEMO_USERS])
    assert users.count() == len(DEMO_USERS)
    assert scope_paths(users.get(username="canbo.hanoi")) == [Organisation.objects.get(code="CDN-01").path]

    # One commendation route walked end to end: the hospital's dossier decided by the sector union, whose
    # certificates verify on the public page; another hospital's dossier still being drawn up.
    decision = Decision.objects.get()
    assert str(decision).startswith("Quyết định số 01/QĐ-CĐYT") and decision.issuer.code == "CDN-01"
    items = list(decision.items.all())
    assert len(items) == 3 and all(i.award_record and i.verification_code for i in items)
    assert sorted(Dossier.objects.values_list("status", flat=True)) == [Dossier.Status.DECIDED, Dossier.Status.DRAFT]
    assert Client().get(f"/xac-minh/{items[0].verification_code}/").status_code == 200

    again = demo_load(members=600, seed=7, on=ON)
    assert not again.loaded and Person.objects.count() == 600


class _Undo(Exception):
    """Raised to roll the first load back (to a savepoint of the test's transaction)."""


def test_demo_is_deterministic_for_a_seed(db):
    with pytest.raises(_Undo), transaction.atomic():
        demo_load(members=300, seed=11, on=ON)
        first = _fingerprint()
        raise _Undo
    assert not Organisation.objects.exists()
    demo_load(members=300, seed=11, on=ON)
    assert _fingerprint() == first
