"""People, employment and membership: validation, uniqueness, transfers and their audit."""
from datetime import date

import pytest

from thidua.core.errors import Forbidden, NotFound, UserError
from thidua.core.models import AuditEntry, Role
from thidua.core.permissions import SYSTEM
from thidua.people.models import Employment, Membership, Person
from thidua.people.selectors import members_in_subtree, person_history
from thidua.people.services import membership_transfer, person_create, person_update


def _create(tree, **kwargs):
    args = {"full_name": "Đặng Thu Trang", "unit": tree.bach_mai, "start": date(2021, 3, 1), **kwargs}
    return person_create(actor=SYSTEM, **args)


def test_name_is_stored_as_typed_in_nfc_and_split(tree):
    person = _create(tree, full_name="  Đặng  Thu\u0300  Trang ".replace("Thu\u0300", "Thù"))
    assert person.full_name == "Đặng Thù Trang"
    assert (person.family_name, person.middle_name, person.given_name) == ("Đặng", "Thù", "Trang")
    assert person.search_full == "dang thu trang"


@pytest.mark.parametrize(
    "cccd, gender, born, message",
    [
        ("0123", "", None, "phải có đúng 12 chữ số"),
        ("00108500123A", "", None, "phải có đúng 12 chữ số"),
        ("003085001234", "", None, "không phải mã tỉnh"),
        ("001090001234", "male", date(1985, 1, 1), "năm sinh 1985"),
        ("001085001234", "female", date(1985, 1, 1), "chữ số thứ tư phải là «1»"),
    ],
)
def test_malformed_cccd_is_refused_and_nothing_is_written(tree, cccd, gender, born, message):
    counts = Person.objects.count(), Employment.objects.count(), AuditEntry.objects.count()
    with pytest.raises(UserError, match=message):
        _create(tree, cccd=cccd, gender=gender, date_of_birth=born)
    assert (Person.objects.count(), Employment.objects.count(), AuditEntry.objects.count()) == counts


def test_a_valid_cccd_with_separators_is_accepted(tree):
    person = _create(tree, cccd="079 1 95 012345", gender="female", date_of_birth=date(1995, 5, 5))
    assert person.cccd == "079195012345"


def test_cccd_is_unique_when_present(tree):
    with pytest.raises(UserError, match="đã có trong hệ thống"):
        _create(tree, cccd=tree.duc.cccd)
    _create(tree, full_name="Người Thứ Nhất")
    _create(tree, full_name="Người Thứ Hai")  # two people without a CCCD are fine
    assert Person.objects.filter(cccd__isnull=True).count() >= 2


def test_phone_and_email_are_checked(tree):
    assert _create(tree, phone="+84 912 345 678").phone == "0912345678"
    with pytest.raises(UserError, match="Số điện thoại"):
        _create(tree, phone="12345")
    with pytest.raises(UserError, match="thư điện tử"):
        _create(tree, email="khong-phai-email")


def test_update_is_audited_with_the_fields_before_and_after(tree, hanoi_officer):
    person_update(actor=hanoi_officer, person=tree.hoa, phone="0987654321", reason="Đoàn viên báo số mới")
    entry = AuditEntry.objects.filter(model="people.person", object_id=str(tree.hoa.pk), action="update").get()
    assert entry.before["phone"] == "" and entry.after["phone"] == "0987654321"
    assert entry.actor == hanoi_officer and entry.reason == "Đoàn viên báo số mới"
    assert entry in person_history(person=tree.hoa)


def test_an_update_that_changes_nothing_leaves_no_row(tree, hanoi_officer):
    before = AuditEntry.objects.count()
    person_update(actor=hanoi_officer, person=tree.hoa, phone=tree.hoa.phone)
    assert AuditEntry.objects.count() == before


def test_officers_cannot_touch_people_outside_their_subtree(tree, hanoi_officer, make_user):
    with pytest.raises(NotFound):
        person_update(actor=hanoi_officer, person=tree.hoa2, phone="0987654321")
    with pytest.raises(NotFound):
        person_create(actor=hanoi_officer, full_name="Ai Đó", unit=tree.hue_central, start=date(2024, 1, 1))
    viewer = make_user(Role.VIEWER, tree.hanoi)
    with pytest.raises(Forbidden):
        person_update(actor=viewer, person=tree.hoa, phone="0987654321")


def test_transfer_ends_one_membership_and_starts_another(tree):
    membership = tree.hoa.memberships.get()
    new = membership_transfer(actor=SYSTEM, membership=membership, to=tree.hanoi_pharma, on=date(2025, 3, 1))
    membership.refresh_from_db()
    assert membership.left == date(2025, 2, 28) and membership.end_reason == Membership.EndReason.TRANSFERRED
    assert new.organisation == tree.hanoi_pharma and new.joined == date(2025, 3, 1)
    in_bach_mai = members_in_subtree(actor=SYSTEM, org=tree.bach_mai, on=date(2025, 3, 1)).values_list("person_id", flat=True)
    assert tree.hoa.pk not in set(in_bach_mai)
    on_feb = members_in_subtree(actor=SYSTEM, org=tree.bach_mai, on=date(2025, 2, 28)).values_list("person_id", flat=True)
    assert tree.hoa.pk in set(on_feb)


def test_audit_rows_cannot_be_changed_or_deleted(tree):
    entry = AuditEntry.objects.first()
    entry.reason = "sửa lén"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="sửa lén")


def test_the_database_itself_refuses_to_update_an_audit_row(tree):
    from django.db import DatabaseError, connection, transaction

    entry = AuditEntry.objects.first()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET reason = 'x' WHERE id = %s", [entry.pk])
