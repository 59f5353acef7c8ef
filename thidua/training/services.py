"""Writes about training (đào tạo, bồi dưỡng): record a course, correct it, end it, attach its scan.

Every write needs MANAGE_PEOPLE on the sending unit (on both units when a course changes hands),
is checked whole before anything is written, runs in one transaction and leaves an audit row
filed under the sending unit.
"""
from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from thidua.core import files
from thidua.core.audit import audit_record, snapshot
from thidua.core.db import prefix_q
from thidua.core.errors import UserError
from thidua.core.models import AuditEntry
from thidua.core.permissions import Action, require
from thidua.core.scales import choice_list
from thidua.core.text import normalise
from thidua.organisations.models import Organisation
from thidua.people.models import Employment, Membership, Person
from thidua.training.models import Training, TrainingFile, TrainingKind, TrainingStatus

EARLIEST, LATEST = date(1950, 1, 1), date(2100, 12, 31)
FILE_MAX_BYTES = 5 * 1024 * 1024
# What a scan may be, told by its first bytes (thidua.core.files), never by its name or the browser's word.
FILE_KINDS = (files.PDF, files.JPEG, files.PNG)
EDITABLE = ("kind", "speciality", "institution", "start", "end", "status", "sending_unit", "certificate_number",
            "certificate_date", "note")


def file_max_bytes() -> int:
    return int(getattr(settings, "THIDUA_TRAINING_FILE_MAX_BYTES", FILE_MAX_BYTES))


def _text(value, *, label: str, field: str, max_length: int, required: bool = False) -> str:
    text = normalise(value or "")
    if required and not text:
        raise UserError(f"Hãy nhập {label}.", field=field)
    if len(text) > max_length:
        raise UserError(f"{label[:1].upper()}{label[1:]} dài quá {max_length} ký tự.", field=field)
    return text


def _date(value, *, label: str, field: str) -> date | None:
    if value is None:
        return None
    if not isinstance(value, date):
        raise UserError(f"{label[:1].upper()}{label[1:]} không hợp lệ: hãy nhập một ngày dạng dd/mm/yyyy.", field=field)
    if not EARLIEST <= value <= LATEST:
        raise UserError(f"{label[:1].upper()}{label[1:]} {value:%d/%m/%Y} không hợp lệ: phải từ {EARLIEST:%d/%m/%Y} "
                        f"đến {LATEST:%d/%m/%Y}.", field=field)
    return value


def person_linked_on(person: Person, unit: Organisation, on: date) -> bool:
    """Whether `person` works in, or is a union member of, somewhere in `unit`'s subtree on `on`."""
    under = unit.path
    works = Employment.objects.filter(person=person, start__lte=on).filter(Q(end__isnull=True) | Q(end__gte=on)).filter(
        prefix_q("organisation__path", under))
    member = Membership.objects.filter(person=person, joined__lte=on).filter(Q(left__isnull=True) | Q(left__gte=on)).filter(
        prefix_q("org_path", under))
    return works.exists() or member.exists()


def clean_training(values: dict, *, person: Person) -> dict:
    """Every field of a course checked together; the first problem is a UserError naming its field."""
    kind = values.get("kind") or ""
    if kind not in TrainingKind.values:
        raise UserError(f"Loại hình đào tạo «{kind}» không hợp lệ. Các giá trị được nhận: {choice_list(TrainingKind)}.",
                        field="kind")
    status = values.get("status") or TrainingStatus.STUDYING
    if status not in TrainingStatus.values:
        raise UserError(f"Tình trạng «{status}» không hợp lệ. Các giá trị được nhận: {choice_list(TrainingStatus)}.",
                        field="status")
    unit = values.get("sending_unit")
    if not isinstance(unit, Organisation):
        raise UserError("Hãy chọn đơn vị cử đi học.", field="sending_unit")
    start = _date(values.get("start"), label="ngày bắt đầu", field="start")
    if start is None:
        raise UserError("Hãy nhập ngày bắt đầu khóa học (dd/mm/yyyy).", field="start")
    end = _date(values.get("end"), label="ngày kết thúc", field="end")
    if end is not None and end < start:
        raise UserError(f"Ngày kết thúc {end:%d/%m/%Y} sớm hơn ngày bắt đầu {start:%d/%m/%Y}: hãy sửa lại một trong hai ngày.",
                        field="end")
    if status != TrainingStatus.STUDYING and end is None:
        what = "tốt nghiệp" if status == TrainingStatus.GRADUATED else "thôi học"
        raise UserError(f"Hãy nhập ngày kết thúc (ngày {what}) của khóa học.", field="end")
    number = _text(values.get("certificate_number"), label="số văn bằng, chứng chỉ", field="certificate_number", max_length=64)
    issued = _date(values.get("certificate_date"), label="ngày cấp văn bằng, chứng chỉ", field="certificate_date")
    if (number or issued) and status != TrainingStatus.GRADUATED:
        raise UserError("Chỉ ghi số và ngày cấp văn bằng, chứng chỉ khi khóa học đã tốt nghiệp: hãy chọn tình trạng "
                        "«Đã tốt nghiệp» hoặc bỏ trống hai ô này.", field="certificate_number" if number else "certificate_date")
    if issued is not None and issued < start:
        raise UserError(f"Ngày cấp văn bằng {issued:%d/%m/%Y} sớm hơn ngày bắt đầu khóa học {start:%d/%m/%Y}.",
                        field="certificate_date")
    if not unit.is_active_on(start):
        raise UserError(f"Đơn vị «{unit.name}» không hoạt động vào ngày {start:%d/%m/%Y}: hãy chọn đơn vị đã cử đi học "
                        "vào ngày đó.", field="sending_unit")
    if not person_linked_on(person, unit, start):
        raise UserError(f"Vào ngày {start:%d/%m/%Y}, {person.full_name} không công tác hay sinh hoạt công đoàn ở "
                        f"{unit.name} hoặc đơn vị trực thuộc: đơn vị chỉ cử đi học người của mình. Hãy kiểm tra ngày "
                        "bắt đầu, đơn vị cử đi, hoặc ghi quá trình công tác của người này trước.", field="sending_unit")
    return {
        "kind": kind, "status": status, "sending_unit": unit, "start": start, "end": end,
        "speciality": _text(values.get("speciality"), label="chuyên ngành", field="speciality", max_length=200),
        "institution": _text(values.get("institution"), label="cơ sở đào tạo", field="institution", max_length=255, required=True),
        "certificate_number": number, "certificate_date": issued,
        "note": _text(values.get("note"), label="ghi chú", field="note", max_length=2000),
    }


def _duplicate_check(person: Person, values: dict, exclude: int | None = None) -> None:
    same = Training.objects.filter(person=person, kind=values["kind"], start=values["start"])
    if exclude is not None:
        same = same.exclude(pk=exclude)
    if same.exists():
        raise UserError(f"{person.full_name} đã có khóa {TrainingKind(values['kind']).label.lower()} bắt đầu ngày "
                        f"{values['start']:%d/%m/%Y}: hãy sửa khóa đã ghi thay vì ghi thêm.", field="start")


@transaction.atomic
def training_record(
    *,
    actor,
    person: Person,
    sending_unit: Organisation,
    kind: str,
    institution: str,
    start: date,
    speciality: str = "",
    end: date | None = None,
    status: str = TrainingStatus.STUDYING,
    certificate_number: str = "",
    certificate_date: date | None = None,
    note: str = "",
    reason: str = "",
) -> Training:
    """A course of `person`, sent by `sending_unit` (where they must work or be a member on `start`)."""
    require(actor, Action.MANAGE_PEOPLE, sending_unit)
    values = clean_training({"kind": kind, "institution": institution, "start": start, "speciality": speciality, "end": end,
                     "status": status, "sending_unit": sending_unit, "certificate_number": certificate_number,
                     "certificate_date": certificate_date, "note": note}, person=person)
    _duplicate_check(person, values)
    training = Training.objects.create(person=person, **values)
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=training, before=None, after=snapshot(training),
                 reason=reason, org_path=sending_unit.path)
    return training


@transaction.atomic
def training_update(*, actor, training: Training, reason: str = "", **changes) -> Training:
    """Correct some fields of a course; the others stay. A new sending unit needs the right on both units."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise UserError(f"Không thể sửa trường: {', '.join(sorted(unknown))}.")
    require(actor, Action.MANAGE_PEOPLE, training.sending_unit)
    values = {name: getattr(training, name) for name in EDITABLE}
    values.update(changes)
    if isinstance(values["sending_unit"], Organisation) and values["sending_unit"].pk != training.sending_unit_id:
        require(actor, Action.MANAGE_PEOPLE, values["sending_unit"])
    values = clean_training(values, person=training.person)
    _duplicate_check(training.person, values, exclude=training.pk)
    before = snapshot(training)
    for name, value in values.items():
        setattr(training, name, value)
    training.save()
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=training, before=before, after=snapshot(training),
                 reason=reason, org_path=training.sending_unit.path)
    return training


@transaction.atomic
def training_end(
    *,
    actor,
    training: Training,
    status: str,
    end: date,
    certificate_number: str = "",
    certificate_date: date | None = None,
    reason: str = "",
) -> Training:
    """A course that was being studied ends: graduated (with its certificate, if known) or dropped."""
    require(actor, Action.MANAGE_PEOPLE, training.sending_unit)
    if training.status != TrainingStatus.STUDYING:
        raise UserError(f"Khóa học này đã kết thúc ({training.get_status_display().lower()}): hãy dùng trang sửa nếu cần "
                        "sửa thông tin.", field="status")
    if status not in (TrainingStatus.GRADUATED, TrainingStatus.DROPPED):
        raise UserError("Khi kết thúc khóa học, hãy chọn «Đã tốt nghiệp» hoặc «Bỏ dở».", field="status")
    if end is None:
        raise UserError("Hãy nhập ngày kết thúc khóa học (dd/mm/yyyy).", field="end")
    return training_update(actor=actor, training=training, reason=reason, status=status, end=end,
                           certificate_number=certificate_number, certificate_date=certificate_date)


def _file_snapshot(scan: TrainingFile | None) -> dict | None:
    """What the audit log keeps of a scan: its name, kind and size, never its bytes."""
    if scan is None:
        return None
    return {"training_id": scan.training_id, "name": scan.name, "content_type": scan.content_type, "size": scan.size}


@transaction.atomic
def training_attach_file(*, actor, training: Training, name: str, content: bytes, reason: str = "") -> TrainingFile:
    """Attach (or replace) the scanned certificate of a course: a PDF, JPEG or PNG within the size limit."""
    require(actor, Action.MANAGE_PEOPLE, training.sending_unit)
    kind = files.check_file(name, content or b"", kinds=FILE_KINDS, max_bytes=file_max_bytes(), field="file")
    stem = normalise((name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).rsplit(".", 1)[0][:150] or "van-bang"
    scan = TrainingFile.objects.select_for_update().filter(training=training).first()
    before = _file_snapshot(scan)
    if scan is None:
        scan = TrainingFile(training=training)
    scan.name, scan.content_type, scan.size, scan.data = stem + kind.suffix, kind.content_type, len(content), content
    scan.save()
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE, obj=scan,
                 before=before, after=_file_snapshot(scan), reason=reason, org_path=training.sending_unit.path)
    return scan


@transaction.atomic
def training_remove_file(*, actor, training: Training, reason: str = "") -> None:
    require(actor, Action.MANAGE_PEOPLE, training.sending_unit)
    scan = TrainingFile.objects.filter(training=training).first()
    if scan is None:
        raise UserError("Khóa học này chưa có bản scan văn bằng, chứng chỉ.", field="file")
    before = _file_snapshot(scan)
    audit_record(actor=actor, action=AuditEntry.Action.DELETE, obj=scan, before=before, after=None, reason=reason,
                 org_path=training.sending_unit.path)
    scan.delete()
