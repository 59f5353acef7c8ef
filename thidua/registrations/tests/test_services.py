"""Opening a round, registering one by one and in bulk, late registrations and withdrawals."""
from __future__ import annotations

from datetime import date

import pytest

from thidua.core.errors import Forbidden, NotFound, UserError
from thidua.core.models import AuditEntry, Role
from thidua.core.permissions import SYSTEM
from thidua.registrations.models import Registration, RegistrationRound
from thidua.registrations.services import (
    clean_registered_award,
    registration_bulk_create,
    registration_create,
    registration_withdraw,
    round_open,
)
from thidua.registrations.tests.conftest import AFTER, BEFORE, CSTDCS, DEADLINE, LDTT, TTLDTT, YEAR


def _audits(model: str) -> int:
    return AuditEntry.objects.filter(model=model).count()


# --- rounds ---------------------------------------------------------------------------------------


def test_a_sector_union_opens_a_round_for_its_subtree_and_it_is_audited(tree, hanoi_officer):
    round_ = round_open(actor=hanoi_officer, organisation=tree.hanoi, year=YEAR, deadline=DEADLINE, on=date(2025, 1, 2))
    assert round_.title == "Đăng ký thi đua năm 2025"
    entry = AuditEntry.objects.get(model="registrations.registrationround", object_id=str(round_.pk))
    assert entry.action == AuditEntry.Action.CREATE and entry.org_path == tree.hanoi.path


@pytest.mark.parametrize("deadline, message", [
    (date(2023, 12, 31), "không hợp với năm thi đua 2025"),
    (date(2026, 1, 1), "không hợp với năm thi đua 2025"),
])
def test_a_round_with_a_deadline_that_does_not_fit_is_refused(tree, deadline, message):
    with pytest.raises(UserError, match=message):
        round_open(actor=SYSTEM, organisation=tree.hanoi, year=YEAR, deadline=deadline, on=date(2025, 1, 2))
    assert not RegistrationRound.objects.exists()


def test_a_second_round_for_the_same_year_is_refused(tree, hn_round):
    with pytest.raises(UserError, match="đã mở đợt đăng ký thi đua năm 2025"):
        round_open(actor=SYSTEM, organisation=tree.hanoi, year=YEAR, deadline=DEADLINE, on=date(2025, 1, 2))
    assert RegistrationRound.objects.count() == 1


def test_a_viewer_cannot_open_a_round_and_an_outsider_does_not_see_the_unit(tree, make_user):
    with pytest.raises(Forbidden):
        round_open(actor=make_user(Role.VIEWER, tree.hanoi), organisation=tree.hanoi, year=YEAR, deadline=DEADLINE, on=date(2025, 1, 2))
    with pytest.raises(NotFound):
        round_open(actor=make_user(Role.UNION_OFFICER, tree.hue), organisation=tree.hanoi, year=YEAR, deadline=DEADLINE, on=date(2025, 1, 2))
    assert not RegistrationRound.objects.exists()


# --- registering ----------------------------------------------------------------------------------


def test_a_hospital_officer_registers_staff_in_bulk_in_the_sector_unions_round(tree, hn_round, bm_officer):
    made = registration_bulk_create(actor=bm_officer, round=hn_round, unit=tree.bach_mai, award=CSTDCS, on=BEFORE,
                                    people=[tree.duc, tree.hoa])
    assert sorted(r.person.full_name for r in made) == ["Nguyễn Văn Đức", "Trần Thị Hòa"]
    assert all(r.year == YEAR and not r.late and r.unit == tree.bach_mai for r in made)
    assert _audits("registrations.registration") == 2


def test_a_collective_registers_for_a_collective_title(tree, hn_round, bm_officer):
    made = registration_create(actor=bm_officer, round=hn_round, unit=tree.bach_mai, award=TTLDTT, on=BEFORE, organisation=tree.cardio)
    assert made.organisation == tree.cardio and made.person is None


@pytest.mark.parametrize("award, subject, message", [
    (TTLDTT, "person", "dành cho tập thể, không đăng ký cho cá nhân"),
    (LDTT, "organisation", "dành cho cá nhân, không đăng ký cho tập thể"),
    ("khong_co", "person", "không có trong danh mục"),
])
def test_an_award_of_the_wrong_kind_or_unknown_is_refused(tree, hn_round, award, subject, message):
    kwargs = {"organisation": tree.cardio} if subject == "organisation" else {"person": tree.duc}
    with pytest.raises(UserError, match=message):
        registration_create(actor=SYSTEM, round=hn_round, unit=tree.bach_mai, award=award, on=BEFORE, **kwargs)
    assert not Registration.objects.exists()


def test_an_award_not_in_force_in_the_year_is_refused():
    # «Thầy thuốc ưu tú» is in the catalogue from 20/06/2015.
    with pytest.raises(UserError, match="«Thầy thuốc ưu tú» không có hiệu lực trong năm 2014"):
        clean_registered_award("thay_thuoc_uu_tu", year=2014, subject="individual")
    assert clean_registered_award("thay_thuoc_uu_tu", year=2015, subject="individual").code == "thay_thuoc_uu_tu"


def test_a_person_registered_twice_for_the_same_award_and_year_is_refused(tree, hn_round, bm_officer):
    registration_create(actor=bm_officer, round=hn_round, unit=tree.bach_mai, award=CSTDCS, on=BEFORE, person=tree.duc)
    with pytest.raises(UserError, match="«Nguyễn Văn Đức» đã đăng ký «Chiến sĩ thi đua cơ sở» năm 2025"):
        registration_bulk_create(actor=bm_officer, round=hn_round, unit=tree.bach_mai, award=CSTDCS, on=BEFORE,
                                 people=[tree.hoa, tree.duc])
    # Nothing of the refused batch was written: Hòa is not registered either.
    assert list(Registration.objects.values_list("person__full_name", flat=True)) == ["Nguyễn Văn Đức"]
    # Another award the same year is fine.
    registration_create(actor=bm_officer, round=hn_round, unit=tree.bach_mai, award=LDTT, on=BEFORE, person=tree.duc)


def test_after_the_deadline_only_a_flagged_registration_with_a_reason_is_accepted(tree, hn_round, bm_officer):
    with pytest.raises(UserError, match="Đã quá hạn đăng ký \\(31/01/2025\\)") as refused:
        registration_create(actor=bm_officer, round=hn_round, unit=tree.bach_mai, award=CSTDCS, on=AFTER, person=tree.duc)
    assert refused.value.field == "late"
    with pytest.raises(UserError, match="ghi rõ lý do") as no_reason:
        registration_create(actor=bm_officer, round=hn_round, unit=tree.bach_mai, award=CSTDCS, on=AFTER, person=tree.duc,
                            late=True, late_reason="  ")
    assert no_reason.value.field == "late_reason"
    assert not Registration.objects.exists()
    late = registration_create(actor=bm_officer, round=hn_round, unit=tree.bach_mai, award=CSTDCS, on=AFTER, person=tree.duc,
                               late=True, late_reason="Mới chuyển công tác về khoa")
    assert late.late and late.late_reason == "Mới chuyển công tác về khoa"


def test_the_deadline_day_itself_is_on_time(tree, hn_round):
    on_time = registration_create(actor=SYSTEM, round=hn_round, unit=tree.bach_mai, award=CSTDCS, on=DEADLINE, person=tree.duc,
                                  late=True, late_reason="không cần")
    assert not on_time.late and on_time.late_reason == ""


def test_a_unit_registers_only_its_own_people_and_units(tree, hn_round):
    with pytest.raises(UserError, match="«Phạm Ngọc Lan» không công tác hoặc sinh hoạt công đoàn ở «Công đoàn Bệnh viện Bạch Mai»"):
        registration_create(actor=SYSTEM, round=hn_round, unit=tree.bach_mai, award=CSTDCS, on=BEFORE, person=tree.lan)
    with pytest.raises(UserError, match="không phải «Công đoàn Bệnh viện Bạch Mai» hay đơn vị trực thuộc"):
        registration_create(actor=SYSTEM, round=hn_round, unit=tree.bach_mai, award=TTLDTT, on=BEFORE, organisation=tree.hanoi_pharma)
    assert not Registration.objects.exists()


def test_a_unit_outside_the_rounds_subtree_cannot_register_in_it(tree, hn_round):
    with pytest.raises(UserError, match="không thuộc Công đoàn ngành Y tế Hà Nội"):
        registration_create(actor=SYSTEM, round=hn_round, unit=tree.hue_central, award=CSTDCS, on=BEFORE, person=tree.hoa2)


def test_an_officer_cannot_register_for_a_unit_outside_their_scope(tree, hn_round, bm_officer, make_user):
    with pytest.raises(NotFound):
        registration_create(actor=bm_officer, round=hn_round, unit=tree.hanoi_pharma, award=CSTDCS, on=BEFORE, person=tree.lan)
    with pytest.raises(Forbidden):
        registration_create(actor=make_user(Role.VIEWER, tree.bach_mai), round=hn_round, unit=tree.bach_mai, award=CSTDCS,
                            on=BEFORE, person=tree.hoa)
    assert not Registration.objects.exists()


def test_an_empty_selection_is_refused(tree, hn_round):
    with pytest.raises(UserError, match="Hãy chọn ít nhất một cá nhân hoặc tập thể"):
        registration_bulk_create(actor=SYSTEM, round=hn_round, unit=tree.bach_mai, award=CSTDCS, on=BEFORE)


# --- withdrawing ----------------------------------------------------------------------------------


def test_withdrawing_needs_a_reason_keeps_the_history_and_allows_registering_again(tree, hn_round, bm_officer):
    made = registration_create(actor=bm_officer, round=hn_round, unit=tree.bach_mai, award=CSTDCS, on=BEFORE, person=tree.duc)
    with pytest.raises(UserError, match="Hãy ghi lý do rút đăng ký"):
        registration_withdraw(actor=bm_officer, registration=made, on=date(2025, 3, 1), reason=" ")
    made.refresh_from_db()
    assert made.withdrawn_on is None
    registration_withdraw(actor=bm_officer, registration=made, on=date(2025, 3, 1), reason="Chuyển sang đăng ký Lao động tiên tiến")
    made.refresh_from_db()
    assert made.withdrawn_on == date(2025, 3, 1) and made.withdraw_reason.startswith("Chuyển sang")
    entry = AuditEntry.objects.filter(model="registrations.registration", object_id=str(made.pk), action="update").get()
    assert entry.reason == "Chuyển sang đăng ký Lao động tiên tiến" and entry.after["withdrawn_on"] == "2025-03-01"
    with pytest.raises(UserError, match="đã được rút ngày 01/03/2025"):
        registration_withdraw(actor=bm_officer, registration=made, on=date(2025, 3, 2), reason="lần nữa")
    again = registration_create(actor=bm_officer, round=hn_round, unit=tree.bach_mai, award=CSTDCS, on=date(2025, 1, 25), person=tree.duc)
    assert again.pk != made.pk


def test_a_viewer_cannot_withdraw(tree, hn_round, make_user):
    made = registration_create(actor=SYSTEM, round=hn_round, unit=tree.bach_mai, award=CSTDCS, on=BEFORE, person=tree.duc)
    with pytest.raises(Forbidden):
        registration_withdraw(actor=make_user(Role.VIEWER, tree.bach_mai), registration=made, on=date(2025, 3, 1), reason="x")
