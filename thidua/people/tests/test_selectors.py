"""Search without diacritics, Vietnamese name order, and scope on people."""
from datetime import date

from thidua.core.models import Role
from thidua.core.permissions import SYSTEM
from thidua.people.selectors import member_counts_by_child, member_page, person_get, person_search, person_visible
from thidua.people.services import person_create

import pytest

from thidua.core.errors import NotFound


def _names(people):
    return [p.full_name for p in people]


@pytest.mark.parametrize("query", ["nguyen van duc", "Nguyễn Văn Đức", "NGUYEN VAN DUC", "nguyen  van", "duc", "Đức nguyễn", "nguyễn văn đ"])
def test_search_ignores_case_and_diacritics(tree, query):
    assert _names(person_search(actor=SYSTEM, query=query)) == ["Nguyễn Văn Đức"]


def test_hoa_finds_both_spellings_of_the_tone(tree):
    assert sorted(_names(person_search(actor=SYSTEM, query="hoa"))) == ["Lê Thị Hoà", "Trần Thị Hòa"]


def test_search_stays_inside_the_officers_subtree(tree, hanoi_officer):
    assert _names(person_search(actor=hanoi_officer, query="hoa")) == ["Trần Thị Hòa"]


def test_search_of_nothing_finds_nothing(tree):
    assert person_search(actor=SYSTEM, query="  ") == []
    assert person_search(actor=SYSTEM, query="xyz") == []


def test_people_list_in_vietnamese_alphabetical_order(tree):
    for name in ["Trần Văn Bình", "Lê Thị Ánh", "Nguyễn Văn An", "Đỗ Thị Ân", "Vũ Đình Đạt", "Hồ Văn Dũng"]:
        person_create(actor=SYSTEM, full_name=name, unit=tree.bach_mai, start=date(2021, 1, 1), member_since=date(2021, 1, 1))
    names = _names(m.person for m in member_page(actor=SYSTEM, org=tree.bach_mai, on=date(2024, 1, 1)))
    assert names == [
        "Nguyễn Văn An", "Lê Thị Ánh", "Đỗ Thị Ân", "Trần Văn Bình", "Hồ Văn Dũng", "Vũ Đình Đạt",
        "Nguyễn Văn Đức", "Trần Thị Hòa",
    ]
    assert _names(person_visible(actor=SYSTEM).filter(pk__in=[tree.hoa.pk, tree.hoa2.pk])) == ["Lê Thị Hoà", "Trần Thị Hòa"]


def test_member_counts_per_child_cover_the_whole_subtree(tree):
    total, counts = member_counts_by_child(actor=SYSTEM, org=tree.hanoi, children=[tree.bach_mai, tree.hanoi_pharma], on=date(2024, 1, 1))
    assert total == 3
    assert {c.organisation.code: c.members for c in counts} == {"BV-BM": 2, "DUOC-HN": 1}


def test_person_outside_scope_is_not_found_like_a_missing_one(tree, make_user):
    viewer = make_user(Role.VIEWER, tree.hue)
    assert person_get(actor=viewer, pk=tree.hoa2.pk) == tree.hoa2
    with pytest.raises(NotFound) as outside:
        person_get(actor=viewer, pk=tree.duc.pk)
    with pytest.raises(NotFound) as missing:
        person_get(actor=viewer, pk=10**9)
    assert outside.value.message == missing.value.message


def test_a_user_without_grants_sees_nobody(tree, django_user_model):
    nobody = django_user_model.objects.create_user("khongquyen", password="x")
    assert person_visible(actor=nobody).count() == 0
    assert person_search(actor=nobody, query="hoa") == []


def test_members_follow_their_unit_when_it_moves(tree):
    from thidua.organisations.services import org_move
    from thidua.people.selectors import members_in_subtree

    org_move(actor=SYSTEM, org=tree.bach_mai, new_parent=tree.hue, on=date(2025, 1, 1))
    tree.hue.refresh_from_db()
    tree.hanoi.refresh_from_db()
    on = date(2025, 6, 1)
    in_hue = set(members_in_subtree(actor=SYSTEM, org=tree.hue, on=on).values_list("person_id", flat=True))
    in_hanoi = set(members_in_subtree(actor=SYSTEM, org=tree.hanoi, on=on).values_list("person_id", flat=True))
    assert {tree.duc.pk, tree.hoa.pk, tree.hoa2.pk} <= in_hue
    assert in_hanoi == {tree.lan.pk}
