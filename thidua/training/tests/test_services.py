"""Recording, correcting and ending courses: access, every bad input refused in Vietnamese with nothing written, audit."""
from __future__ import annotations

import re
from datetime import date

import pytest

from thidua.core.errors import Forbidden, NotFound, UserError
from thidua.core.models import AuditEntry, Role
from thidua.core.permissions import SYSTEM
from thidua.training.models import Training, TrainingFile, TrainingKind, TrainingStatus
from thidua.training.services import (
    training_attach_file,
    training_end,
    training_record,
    training_remove_file,
    training_update,
)

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _record(actor, tree, **extra):
    values = {"person": tree.duc, "sending_unit": tree.bach_mai, "kind": TrainingKind.SPECIALIST_1,
              "institution": "Trường Đại học Y Hà Nội", "speciality": "Nội tim mạch", "start": date(2024, 9, 1)}
    values.update(extra)
    return training_record(actor=actor, **values)


def test_an_officer_records_a_course_of_a_person_of_the_unit_with_an_audit_row(tree, hanoi_officer):
    training = _record(hanoi_officer, tree, reason="Quyết định cử đi học số 12/QĐ-BV")
    assert training.status == TrainingStatus.STUDYING
    assert training.sending_unit == tree.bach_mai
    entry = AuditEntry.objects.get(model="training.training", object_id=str(training.pk))
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.actor == hanoi_officer
    assert entry.org_path == tree.bach_mai.path
    assert entry.after["institution"] == "Trường Đại học Y Hà Nội"
    assert entry.reason == "Quyết định cử đi học số 12/QĐ-BV"


def test_a_member_of_a_child_unit_may_be_sent_by_the_parent(tree, hanoi_officer):
    # Đức works in the cardiology department, a union group under Bạch Mai.
    assert _record(hanoi_officer, tree, sending_unit=tree.bach_mai).person == tree.duc


@pytest.mark.parametrize("extra, field, words", [
    ({"end": date(2024, 8, 31)}, "end", "sớm hơn ngày bắt đầu"),
    ({"kind": "phd"}, "kind", "Loại hình đào tạo «phd» không hợp lệ"),
    ({"status": "finished"}, "status", "Tình trạng «finished» không hợp lệ"),
    ({"institution": "  "}, "institution", "Hãy nhập cơ sở đào tạo"),
    ({"start": None}, "start", "Hãy nhập ngày bắt đầu"),
    ({"status": TrainingStatus.GRADUATED}, "end", "Hãy nhập ngày kết thúc"),
    ({"certificate_number": "CK1-0001"}, "certificate_number", "Chỉ ghi số và ngày cấp văn bằng"),
    ({"status": TrainingStatus.GRADUATED, "end": date(2026, 9, 1), "certificate_number": "A1",
      "certificate_date": date(2024, 1, 1)}, "certificate_date", "sớm hơn ngày bắt đầu khóa học"),
    ({"start": date(2019, 6, 1)}, "sending_unit", "không hoạt động vào ngày 01/06/2019"),
    ({"person_name": "hoa2"}, "sending_unit", "không công tác hay sinh hoạt công đoàn ở Công đoàn Bệnh viện Bạch Mai"),
    ({"sending_unit_name": "hanoi_pharma"}, "sending_unit", "không công tác hay sinh hoạt công đoàn"),
    ({"institution": "x" * 256}, "institution", "dài quá 255 ký tự"),
    ({"start": date(1800, 1, 1)}, "start", "không hợp lệ"),
])
def test_bad_input_is_refused_in_vietnamese_and_nothing_is_written(tree, extra, field, words):
    extra = dict(extra)
    if "person_name" in extra:
        extra["person"] = getattr(tree, extra.pop("person_name"))
    if "sending_unit_name" in extra:
        extra["sending_unit"] = getattr(tree, extra.pop("sending_unit_name"))
    with pytest.raises(UserError) as caught:
        _record(SYSTEM, tree, **extra)
    assert caught.value.field == field
    assert words in caught.value.message
    assert not Training.objects.exists()
    assert not AuditEntry.objects.filter(model="training.training").exists()


def test_the_person_must_belong_to_the_sending_unit_on_the_start_date(tree):
    from thidua.people.services import employment_end, employment_start, membership_end

    # Hòa leaves Bạch Mai at the end of 2023 and joins the pharmaceutical company.
    employment_end(actor=SYSTEM, employment=tree.hoa.employments.get(), end=date(2023, 12, 31))
    membership_end(actor=SYSTEM, membership=tree.hoa.memberships.get(), on=date(2023, 12, 31), end_reason="transferred")
    employment_start(actor=SYSTEM, person=tree.hoa, unit=tree.hanoi_pharma, start=date(2024, 1, 1))
    with pytest.raises(UserError, match="Vào ngày 01/03/2024, Trần Thị Hòa không công tác"):
        _record(SYSTEM, tree, person=tree.hoa, start=date(2024, 3, 1))
    # Sent while she still worked there: accepted.
    assert _record(SYSTEM, tree, person=tree.hoa, start=date(2023, 3, 1)).pk
    # And the company may send her after she joined it.
    assert _record(SYSTEM, tree, person=tree.hoa, sending_unit=tree.hanoi_pharma, start=date(2024, 3, 1)).pk


def test_the_same_course_twice_is_refused(tree):
    _record(SYSTEM, tree)
    with pytest.raises(UserError, match="đã có khóa chuyên khoa cấp i bắt đầu ngày 01/09/2024"):
        _record(SYSTEM, tree)
    assert Training.objects.count() == 1


@pytest.mark.parametrize("role", [Role.EMULATION_OFFICER, Role.VIEWER, Role.COUNCIL_MEMBER])
def test_only_those_who_manage_people_record(tree, make_user, role):
    with pytest.raises(Forbidden):
        _record(make_user(role, tree.hanoi), tree)
    assert not Training.objects.exists()


def test_a_unit_outside_the_scope_is_not_found(tree, make_user):
    hue_officer = make_user(Role.UNION_OFFICER, tree.hue)
    with pytest.raises(NotFound):
        _record(hue_officer, tree)


def test_update_changes_only_what_is_given_and_is_audited(tree, hanoi_officer):
    training = _record(hanoi_officer, tree)
    training_update(actor=hanoi_officer, training=training, institution="Học viện Quân y", reason="Sửa nhầm")
    training.refresh_from_db()
    assert training.institution == "Học viện Quân y"
    assert training.speciality == "Nội tim mạch"
    entry = AuditEntry.objects.filter(model="training.training", action=AuditEntry.Action.UPDATE).get()
    assert entry.before["institution"] == "Trường Đại học Y Hà Nội"
    assert entry.after["institution"] == "Học viện Quân y"


def test_update_refuses_an_end_before_the_start_and_keeps_the_record(tree):
    training = _record(SYSTEM, tree)
    with pytest.raises(UserError, match="sớm hơn ngày bắt đầu"):
        training_update(actor=SYSTEM, training=Training.objects.get(pk=training.pk), end=date(2020, 1, 1))
    training.refresh_from_db()
    assert training.end is None
    assert not AuditEntry.objects.filter(model="training.training", action=AuditEntry.Action.UPDATE).exists()


def test_moving_a_course_to_a_unit_outside_the_officers_scope_is_refused(tree, make_user):
    officer = make_user(Role.UNION_OFFICER, tree.bach_mai)
    training = _record(officer, tree)
    with pytest.raises(NotFound):
        training_update(actor=officer, training=training, sending_unit=tree.hanoi)
    training.refresh_from_db()
    assert training.sending_unit == tree.bach_mai


def test_unknown_fields_cannot_be_changed(tree):
    training = _record(SYSTEM, tree)
    with pytest.raises(UserError, match="Không thể sửa trường: person"):
        training_update(actor=SYSTEM, training=training, person=tree.hoa)


def test_ending_a_course_as_graduated_with_its_certificate(tree, hanoi_officer):
    training = _record(hanoi_officer, tree)
    training_end(actor=hanoi_officer, training=training, status=TrainingStatus.GRADUATED, end=date(2026, 8, 31),
                 certificate_number="CK1/2026/0123", certificate_date=date(2026, 10, 1))
    training.refresh_from_db()
    assert (training.status, training.end, training.certificate_number) == (TrainingStatus.GRADUATED, date(2026, 8, 31), "CK1/2026/0123")
    with pytest.raises(UserError, match="đã kết thúc"):
        training_end(actor=hanoi_officer, training=training, status=TrainingStatus.DROPPED, end=date(2026, 9, 1))


@pytest.mark.parametrize("status, end, words", [
    (TrainingStatus.STUDYING, date(2025, 1, 1), "«Đã tốt nghiệp» hoặc «Bỏ dở»"),
    (TrainingStatus.DROPPED, None, "Hãy nhập ngày kết thúc"),
    (TrainingStatus.DROPPED, date(2024, 1, 1), "sớm hơn ngày bắt đầu"),
])
def test_ending_badly_is_refused(tree, status, end, words):
    training = _record(SYSTEM, tree)
    with pytest.raises(UserError, match=words):
        training_end(actor=SYSTEM, training=training, status=status, end=end)
    training.refresh_from_db()
    assert training.status == TrainingStatus.STUDYING


def test_a_scan_is_attached_replaced_and_removed_with_audit_rows_without_its_bytes(tree, hanoi_officer):
    training = _record(hanoi_officer, tree)
    scan = training_attach_file(actor=hanoi_officer, training=training, name="C:\\scan\\bang.PDF", content=PDF)
    assert (scan.name, scan.content_type, scan.size) == ("bang.pdf", "application/pdf", len(PDF))
    scan = training_attach_file(actor=hanoi_officer, training=training, name="anh.png", content=PNG)
    assert TrainingFile.objects.get().content_type == "image/png"
    training_remove_file(actor=hanoi_officer, training=training)
    assert not TrainingFile.objects.exists()
    entries = AuditEntry.objects.filter(model="training.trainingfile").order_by("id")
    assert [e.action for e in entries] == [AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE, AuditEntry.Action.DELETE]
    assert all("data" not in (e.after or {}) and "data" not in (e.before or {}) for e in entries)


@pytest.mark.parametrize("content, words", [
    (b"", "Tệp «x.pdf» rỗng"),
    (b"MZ\x90\x00 not a scan", "nội dung tệp không phải PDF. Hãy lưu lại tệp dưới dạng văn bản PDF, ảnh JPEG hoặc ảnh PNG"),
    (b"%PDF-" + b"0" * (5 * 1024 * 1024), "Tệp «x.pdf» quá lớn (5,1 MB): mỗi tệp tối đa 5 MB."),
])
def test_a_bad_scan_is_refused(tree, content, words):
    training = _record(SYSTEM, tree)
    with pytest.raises(UserError, match=re.escape(words)) as caught:
        training_attach_file(actor=SYSTEM, training=training, name="x.pdf", content=content)
    assert caught.value.field == "file"
    assert not TrainingFile.objects.exists()


def test_a_viewer_cannot_attach_a_scan(tree, make_user):
    training = _record(SYSTEM, tree)
    with pytest.raises(Forbidden):
        training_attach_file(actor=make_user(Role.VIEWER, tree.hanoi), training=training, name="x.pdf", content=PDF)
