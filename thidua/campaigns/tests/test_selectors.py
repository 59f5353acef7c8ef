"""Selectors of movements: who sees which movement, the response table, and the counts per unit and year."""
from __future__ import annotations

from datetime import date

import pytest

from thidua.campaigns.models import TargetMode
from thidua.campaigns.selectors import (
    campaign_counts,
    movement_get,
    movement_list,
    movements_for_unit,
    person_campaigns,
    response_table,
)
from thidua.campaigns.services import contest_add, contest_entry_add, model_register, movement_launch, response_submit
from thidua.core.errors import NotFound
from thidua.core.models import Role
from thidua.core.permissions import SYSTEM

ON = date(2025, 3, 1)


def _launch(org, name, start=date(2025, 1, 1), end=date(2025, 12, 31), **extra):
    return movement_launch(actor=SYSTEM, organisation=org, name=name, start=start, end=end, launched_on=start, **extra)


def _names(movements):
    return sorted(m.name for m in movements)


def test_a_unit_sees_movements_that_target_it_or_that_its_subtree_launched(tree, make_user, partner):
    national = _launch(tree.national, "Toàn ngành")                     # above Bạch Mai, whole subtree
    hanoi = _launch(tree.hanoi, "Hà Nội, chỉ Dược", target_mode=TargetMode.CHOSEN, targets=[tree.hanoi_pharma])
    own = _launch(tree.bach_mai, "Bạch Mai tự phát động")
    dept = _launch(tree.cardio, "Khoa Tim mạch")                        # launched inside Bạch Mai's subtree
    hue = _launch(tree.hue, "Huế")
    joint = _launch(tree.national, "Chỉ Huế, phối hợp Sở Y tế Hà Nội", target_mode=TargetMode.CHOSEN,
                    targets=[tree.hue_central], partners=[partner])
    bach_mai = make_user(Role.VIEWER, tree.bach_mai)
    assert _names(movement_list(actor=bach_mai)) == _names([national, own, dept])
    pharma = make_user(Role.VIEWER, tree.hanoi_pharma)
    assert _names(movement_list(actor=pharma)) == _names([national, hanoi])
    hanoi_viewer = make_user(Role.VIEWER, tree.hanoi)
    assert _names(movement_list(actor=hanoi_viewer)) == _names([national, hanoi, own, dept, joint])
    hue_viewer = make_user(Role.VIEWER, tree.hue)
    assert _names(movement_list(actor=hue_viewer)) == _names([national, hue, joint])
    with pytest.raises(NotFound):
        movement_get(actor=bach_mai, pk=hue.pk)
    with pytest.raises(NotFound):
        movement_get(actor=bach_mai, pk=hanoi.pk)


def test_the_year_filter_keeps_movements_running_during_the_year(tree, make_user):
    long = _launch(tree.hanoi, "Giai đoạn 2021–2025", start=date(2021, 1, 1), end=date(2025, 12, 31))
    old = _launch(tree.hanoi, "Năm 2020", start=date(2020, 1, 1), end=date(2020, 12, 31))
    viewer = make_user(Role.VIEWER, tree.hanoi)
    assert _names(movement_list(actor=viewer, year=2023)) == [long.name]
    assert _names(movement_list(actor=viewer, year=2020)) == [old.name]
    assert list(movement_list(actor=viewer, year=2030)) == []


def test_the_response_table_lists_every_targeted_unit_with_or_without_a_response(tree, make_user):
    movement = _launch(tree.hanoi, "Xanh – Sạch – Đẹp")
    response_submit(actor=SYSTEM, movement=movement, organisation=tree.bach_mai, plan="Kế hoạch", on=ON)
    rows = response_table(actor=make_user(Role.VIEWER, tree.hanoi), movement=movement)
    assert [(r.organisation.code, r.responded) for r in rows] == [("BV-BM", True), ("BV-BM-TM", False), ("DUOC-HN", False)]
    # A unit's own officer sees only its part of the table.
    rows = response_table(actor=make_user(Role.VIEWER, tree.hanoi_pharma), movement=movement)
    assert [(r.organisation.code, r.responded) for r in rows] == [("DUOC-HN", False)]


def test_the_unit_section_lists_current_movements_and_whether_it_responded(tree, make_user):
    current = _launch(tree.hanoi, "Đang chạy")
    _launch(tree.hanoi, "Đã xong", start=date(2024, 1, 1), end=date(2024, 12, 31))
    other = _launch(tree.hanoi, "Chỉ Dược", target_mode=TargetMode.CHOSEN, targets=[tree.hanoi_pharma])
    response_submit(actor=SYSTEM, movement=current, organisation=tree.bach_mai, plan="Kế hoạch", on=ON)
    actor = make_user(Role.VIEWER, tree.hanoi)
    rows = movements_for_unit(actor=actor, organisation=tree.bach_mai, on=ON)
    assert [(r.movement.name, r.response is not None) for r in rows] == [("Đang chạy", True)]
    rows = movements_for_unit(actor=actor, organisation=tree.hanoi_pharma, on=ON)
    assert sorted((r.movement.name, r.response is not None) for r in rows) == [("Chỉ Dược", False), ("Đang chạy", False)]
    assert other.pk in {r.movement.pk for r in rows}


def test_the_person_section_lists_contest_entries_and_models(tree, make_user):
    movement = _launch(tree.hanoi, "Phong trào ảnh")
    contest = contest_add(actor=SYSTEM, movement=movement, name="Hội thi ảnh", judges=[tree.duc])
    entry = contest_entry_add(actor=SYSTEM, contest=contest, organisation=tree.bach_mai, title="Ảnh của Hòa", person=tree.hoa, on=ON)
    model = model_register(actor=SYSTEM, movement=movement, organisation=tree.bach_mai, name="Dân vận khéo", people=[tree.hoa], on=ON)
    found = person_campaigns(actor=make_user(Role.VIEWER, tree.bach_mai), person=tree.hoa)
    assert found.entries == [entry] and found.models == [model]
    nothing = person_campaigns(actor=make_user(Role.VIEWER, tree.bach_mai), person=tree.duc)
    assert nothing.entries == [] and nothing.models == []


def test_counts_per_unit_and_year_on_known_data(tree, make_user):
    # Launched in Hà Nội's subtree: two running in 2025 (one spanning 2024–2025), one only in 2024.
    span = _launch(tree.hanoi, "2024–2025", start=date(2024, 6, 1), end=date(2025, 6, 30))
    y2025 = _launch(tree.bach_mai, "Bạch Mai 2025")
    _launch(tree.hanoi, "Chỉ 2024", start=date(2024, 1, 1), end=date(2024, 12, 31))
    national = _launch(tree.national, "Toàn ngành 2025")
    _launch(tree.hue, "Huế 2025")
    # Responses: Bạch Mai to two movements in 2025, its department to one; Dược in 2024.
    response_submit(actor=SYSTEM, movement=span, organisation=tree.bach_mai, plan="KH", on=date(2025, 1, 5))
    response_submit(actor=SYSTEM, movement=national, organisation=tree.bach_mai, plan="KH", on=date(2025, 2, 5))
    response_submit(actor=SYSTEM, movement=y2025, organisation=tree.cardio, plan="KH", on=date(2025, 2, 6))
    response_submit(actor=SYSTEM, movement=span, organisation=tree.hanoi_pharma, plan="KH", on=date(2024, 7, 1))
    model_register(actor=SYSTEM, movement=national, organisation=tree.bach_mai, name="Dân vận khéo", on=date(2025, 4, 1))
    model_register(actor=SYSTEM, movement=national, organisation=tree.hanoi_pharma, name="Nhà thuốc thân thiện", on=date(2025, 4, 1))
    contest = contest_add(actor=SYSTEM, movement=national, name="Hội thi ảnh", judges=[tree.lan])
    for title in ("Ảnh 1", "Ảnh 2"):
        contest_entry_add(actor=SYSTEM, contest=contest, organisation=tree.bach_mai, title=title, on=date(2025, 5, 1))
    contest_entry_add(actor=SYSTEM, contest=contest, organisation=tree.cardio, title="Ảnh 3", person=tree.duc, on=date(2025, 5, 2))

    officer = make_user(Role.EMULATION_OFFICER, tree.hanoi)
    hanoi = campaign_counts(actor=officer, organisation=tree.hanoi, year=2025)
    assert (hanoi.launched, hanoi.targeting, hanoi.responses, hanoi.models, hanoi.contest_entries) == (2, 1, 3, 2, 3)
    bach_mai = campaign_counts(actor=officer, organisation=tree.bach_mai, year=2025)
    assert (bach_mai.launched, bach_mai.targeting, bach_mai.responses, bach_mai.models, bach_mai.contest_entries) == (1, 2, 3, 1, 3)
    pharma_2024 = campaign_counts(actor=officer, organisation=tree.hanoi_pharma, year=2024)
    assert (pharma_2024.launched, pharma_2024.targeting, pharma_2024.responses) == (0, 2, 1)
    with pytest.raises(NotFound):
        campaign_counts(actor=officer, organisation=tree.hue_central, year=2025)
