"""Reading courses: only within the actor's scope, filters, and the year's counts on known data."""
from __future__ import annotations

from datetime import date

import pytest

from thidua.core.errors import NotFound, UserError
from thidua.core.models import Role
from thidua.core.permissions import SYSTEM
from thidua.people.services import person_create
from thidua.training.models import TrainingKind as K
from thidua.training.models import TrainingStatus as S
from thidua.training.selectors import training_counts, training_get, training_list, training_of_person
from thidua.training.services import training_record


def _course(person, unit, kind, start, end=None, status=S.STUDYING):
    return training_record(actor=SYSTEM, person=person, sending_unit=unit, kind=kind, institution="Trường Đại học Y Hà Nội",
                           start=start, end=end, status=status)


@pytest.fixture
def courses(tree):
    """Known data: courses of Bạch Mai (Đức in its cardiology department, Hòa), of the pharmaceutical
    company (Lan) and of Huế (Hoà), over 2023–2025."""
    extra = person_create(actor=SYSTEM, full_name="Vũ Minh Khoa", unit=tree.cardio, start=date(2020, 1, 1))
    return {
        # 2024 starts at Bạch Mai: Đức ×2 (CK I and a short course), Hòa (master's), Khoa (short course, dropped).
        "duc_ck1": _course(tree.duc, tree.cardio, K.SPECIALIST_1, date(2024, 9, 1)),
        "duc_short": _course(tree.duc, tree.bach_mai, K.SHORT_COURSE, date(2024, 3, 4), date(2024, 3, 15), S.GRADUATED),
        "hoa_master": _course(tree.hoa, tree.bach_mai, K.MASTER, date(2024, 10, 1)),
        "khoa_short": _course(extra, tree.bach_mai, K.SHORT_COURSE, date(2024, 5, 6), date(2024, 5, 10), S.DROPPED),
        # Started in 2023, graduated in 2024: counts as completed in 2024, sent in 2023.
        "hoa_politics": _course(tree.hoa, tree.bach_mai, K.POLITICS_INTERMEDIATE, date(2023, 2, 1), date(2024, 1, 31), S.GRADUATED),
        # Started 2024, graduates in 2025.
        "khoa_short2": _course(extra, tree.cardio, K.SHORT_COURSE, date(2024, 12, 20), date(2025, 1, 10), S.GRADUATED),
        # Another unit of Hà Nội, and Huế.
        "lan_short": _course(tree.lan, tree.hanoi_pharma, K.SHORT_COURSE, date(2024, 4, 1), date(2024, 4, 5), S.GRADUATED),
        "hoa2_ck2": _course(tree.hoa2, tree.hue_central, K.SPECIALIST_2, date(2024, 9, 1)),
    }


def _by_kind(counts):
    return {k.kind: (k.started, k.completed) for k in counts.by_kind if k.started or k.completed}


def test_counts_of_a_grassroots_union_for_a_year(tree, courses, hanoi_officer):
    counts = training_counts(actor=hanoi_officer, organisation=tree.bach_mai, year=2024)
    assert (counts.started, counts.completed) == (3, 2)  # Đức, Hòa, Khoa sent; Đức and Hòa completed
    assert _by_kind(counts) == {
        K.SPECIALIST_1: (1, 0),
        K.MASTER: (1, 0),
        K.SHORT_COURSE: (2, 1),  # Đức and Khoa sent (Khoa twice); Đức's ended in 2024, Khoa's 2025 one did not
        K.POLITICS_INTERMEDIATE: (0, 1),
    }
    assert [k.kind for k in counts.by_kind] == list(K.values)


def test_counts_follow_the_year_of_the_start_and_of_the_end(tree, courses):
    assert (training_counts(actor=SYSTEM, organisation=tree.bach_mai, year=2023).started,
            training_counts(actor=SYSTEM, organisation=tree.bach_mai, year=2023).completed) == (1, 0)
    counts_2025 = training_counts(actor=SYSTEM, organisation=tree.bach_mai, year=2025)
    assert (counts_2025.started, counts_2025.completed) == (0, 1)
    assert _by_kind(counts_2025) == {K.SHORT_COURSE: (0, 1)}


def test_counts_of_a_province_cover_its_subtree_and_nothing_else(tree, courses):
    counts = training_counts(actor=SYSTEM, organisation=tree.hanoi, year=2024)
    assert (counts.started, counts.completed) == (4, 3)  # with Lan of the company
    assert _by_kind(counts)[K.SHORT_COURSE] == (3, 2)
    assert K.SPECIALIST_2 not in _by_kind(counts)
    national = training_counts(actor=SYSTEM, organisation=tree.national, year=2024)
    assert (national.started, national.completed) == (5, 3)


def test_counts_of_a_department(tree, courses):
    counts = training_counts(actor=SYSTEM, organisation=tree.cardio, year=2024)
    assert (counts.started, counts.completed) == (2, 0)


def test_counts_outside_the_scope_are_not_found(tree, courses, hanoi_officer):
    with pytest.raises(NotFound):
        training_counts(actor=hanoi_officer, organisation=tree.hue_central, year=2024)


def test_counts_refuse_a_year_out_of_range(tree, hanoi_officer):
    with pytest.raises(UserError, match="Năm «1800» không hợp lệ"):
        training_counts(actor=hanoi_officer, organisation=tree.bach_mai, year=1800)


def test_lists_show_only_the_scope(tree, courses, make_user):
    viewer = make_user(Role.VIEWER, tree.bach_mai)
    visible = set(training_list(actor=viewer))
    assert courses["hoa_master"] in visible
    assert courses["lan_short"] not in visible and courses["hoa2_ck2"] not in visible
    with pytest.raises(NotFound):
        training_get(actor=viewer, pk=courses["hoa2_ck2"].pk)
    with pytest.raises(NotFound):
        training_get(actor=viewer, pk="abc")
    assert training_get(actor=viewer, pk=courses["duc_ck1"].pk) == courses["duc_ck1"]


def test_list_filters_by_year_kind_and_status(tree, courses):
    in_2025 = set(training_list(actor=SYSTEM, organisation=tree.bach_mai, year=2025))
    # Under way in 2025: the open CK I and master's, and the short course ending in January.
    assert in_2025 == {courses["duc_ck1"], courses["hoa_master"], courses["khoa_short2"]}
    assert set(training_list(actor=SYSTEM, organisation=tree.hanoi, kind=K.SHORT_COURSE, status=S.GRADUATED)) == {
        courses["duc_short"], courses["khoa_short2"], courses["lan_short"]}
    assert list(training_list(actor=SYSTEM, organisation=tree.cardio)) == [courses["khoa_short2"], courses["duc_ck1"]]
    with pytest.raises(UserError, match="Loại hình đào tạo «abc» không hợp lệ"):
        training_list(actor=SYSTEM, kind="abc")


def test_a_persons_courses_are_those_sent_by_units_in_scope(tree, courses, make_user):
    from thidua.people.services import employment_start

    # Hoà of Huế also worked at Bạch Mai for a while and was sent to a course by it.
    employment_start(actor=SYSTEM, person=tree.hoa2, unit=tree.bach_mai, start=date(2021, 1, 1))
    hanoi_course = _course(tree.hoa2, tree.bach_mai, K.SHORT_COURSE, date(2021, 6, 1))
    hanoi_viewer = make_user(Role.VIEWER, tree.hanoi)
    assert list(training_of_person(actor=hanoi_viewer, person=tree.hoa2)) == [hanoi_course]
    assert set(training_of_person(actor=SYSTEM, person=tree.hoa2)) == {hanoi_course, courses["hoa2_ck2"]}
