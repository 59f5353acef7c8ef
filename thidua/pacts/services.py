"""Writes about emulation clusters and blocks (cụm, khối thi đua) and emulation pacts (giao ước).

Who may write:
* a grouping, its members, its end: MANAGE_COMMENDATIONS on the grouping's owner;
* its leaders, meetings and pacts: the owner's officers, or those of the year's leader (cụm
  trưởng), who in practice convenes the meetings and prepares the pact;
* a personal pact: the department's officers; a department's pact: the unit's officers;
* a score: the officers of the organisation of the party that gives it (its own self-score, or
  its cross-score of another party); a document: those who may manage the pact.

Every function checks all of its input before writing anything, raises a `UserError` with a
Vietnamese sentence when something is wrong, leaves an audit row per record written, and runs in
one transaction.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction

from thidua.core import files
from thidua.core.audit import audit_record, snapshot
from thidua.core.dates import format_date
from thidua.core.errors import Forbidden, NotFound, UserError
from thidua.core.models import AuditEntry
from thidua.core.permissions import Action, path_in_scope, require
from thidua.core.scales import clean_choice, clean_year
from thidua.core.text import normalise
from thidua.organisations.models import Organisation
from thidua.pacts.models import (
    Grouping,
    GroupingLeader,
    GroupingMember,
    Meeting,
    Pact,
    PactDocument,
    PactParty,
    PactScore,
    PactTarget,
)
from thidua.people.models import Employment, Person

CREATE, UPDATE = AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE
TOTAL_WEIGHT = 100
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
# What a signed pact or minutes may be: a scan (PDF) or a photo, told by its first bytes (thidua.core.files).
DOCUMENT_KINDS = (files.PDF, files.JPEG, files.PNG)


# --- Small checks ------------------------------------------------------------------------------------


def _text(value, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    text = normalise(value or "")
    if required and not text:
        raise UserError(f"Hãy nhập {label}.", field=field)
    if len(text) > max_length:
        raise UserError(f"{label.capitalize()} dài quá {max_length} ký tự.", field=field)
    return text


def _audit(actor, action, obj, *, before=None, after=None, reason="", org: Organisation) -> None:
    audit_record(actor=actor, action=action, obj=obj, before=before, after=after, reason=reason, org_path=org.path)


def _is_under(org: Organisation, root: Organisation) -> bool:
    return org.path.startswith(root.path) and org.pk != root.pk


def _year_overlaps(start: date, end: date | None, year: int) -> bool:
    return start <= date(year, 12, 31) and (end is None or end >= date(year, 1, 1))


def leader_of(grouping: Grouping, year: int, role: str = GroupingLeader.Role.LEADER) -> Organisation | None:
    row = grouping.leaders.filter(year=year, role=role).select_related("organisation").first()
    return row.organisation if row else None


def _sees_grouping(actor, grouping: Grouping) -> bool:
    if path_in_scope(actor, grouping.owner.path):
        return True
    return any(path_in_scope(actor, m.organisation.path) for m in grouping.members.select_related("organisation"))


def require_grouping_owner(actor, grouping: Grouping) -> None:
    """MANAGE_COMMENDATIONS on the owner; a member's officer, who sees the grouping, is only refused."""
    if path_in_scope(actor, grouping.owner.path, Action.MANAGE_COMMENDATIONS):
        return
    raise Forbidden() if _sees_grouping(actor, grouping) else NotFound()


def require_grouping_manager(actor, grouping: Grouping, year: int) -> None:
    """The owner's emulation officers, or those of the grouping's leader that year."""
    leader = leader_of(grouping, year)
    if leader is not None and path_in_scope(actor, leader.path, Action.MANAGE_COMMENDATIONS):
        return
    require_grouping_owner(actor, grouping)


def _active_member(grouping: Grouping, org: Organisation, on: date) -> GroupingMember | None:
    for member in grouping.members.filter(organisation=org):
        if member.is_active_on(on):
            return member
    return None


# --- Groupings ---------------------------------------------------------------------------------------


@transaction.atomic
def grouping_create(
    *,
    actor,
    kind: str,
    name: str,
    owner: Organisation,
    valid_from: date,
    valid_to: date | None = None,
    members: list[Organisation] | None = None,
    decision: str = "",
    note: str = "",
    replaces: Grouping | None = None,
    reason: str = "",
) -> Grouping:
    """Set up a cluster or block of units under `owner`, with its first members (joined on `valid_from`).

    `replaces`: the grouping this one takes over from; it is closed the day before `valid_from`
    (when still open) and keeps a link to this one, so its history stays visible.
    """
    require(actor, Action.MANAGE_COMMENDATIONS, owner)
    kind = clean_choice(kind, Grouping.Kind, field="kind", label="Loại cụm, khối")
    name = _text(name, field="name", label="tên cụm, khối", max_length=255)
    decision = _text(decision, field="decision", label="quyết định thành lập", max_length=255, required=False)
    note = _text(note, field="note", label="ghi chú", max_length=2000, required=False)
    if valid_to is not None and valid_to < valid_from:
        raise UserError(f"Ngày kết thúc {format_date(valid_to)} sớm hơn ngày bắt đầu {format_date(valid_from)}: hãy sửa lại.",
                        field="valid_to")
    if not owner.is_active_on(valid_from):
        raise UserError(f"{owner.name} không hoạt động vào ngày {format_date(valid_from)}, nên không thể thành lập cụm, khối từ ngày đó.",
                        field="valid_from")
    units = list(dict.fromkeys(members or []))
    for unit in units:
        _check_member_unit(grouping_owner=owner, org=unit, on=valid_from)
    if replaces is not None:
        require(actor, Action.MANAGE_COMMENDATIONS, replaces.owner)
        if replaces.replaced_by_id is not None:
            raise UserError(f"{replaces} đã được thay bằng {replaces.replaced_by}: mỗi cụm, khối chỉ được thay một lần.",
                            field="replaces")
        if replaces.valid_from >= valid_from:
            raise UserError(f"{replaces} bắt đầu từ {format_date(replaces.valid_from)}: cụm, khối thay thế phải bắt đầu sau ngày đó.",
                            field="valid_from")
    grouping = Grouping.objects.create(kind=kind, name=name, owner=owner, valid_from=valid_from, valid_to=valid_to,
                                       decision=decision, note=note)
    _audit(actor, CREATE, grouping, after=snapshot(grouping), reason=reason, org=owner)
    for unit in units:
        member = GroupingMember.objects.create(grouping=grouping, organisation=unit, joined=valid_from, left=valid_to)
        _audit(actor, CREATE, member, after=snapshot(member), reason=reason, org=owner)
    if replaces is not None:
        _close(actor, replaces, on=valid_from.fromordinal(valid_from.toordinal() - 1), replaced_by=grouping, reason=reason)
    return grouping


def _check_member_unit(*, grouping_owner: Organisation, org: Organisation, on: date) -> None:
    if not _is_under(org, grouping_owner):
        raise UserError(f"{org.name} không trực thuộc {grouping_owner.name}, nên không thể là thành viên cụm, khối do đơn vị này lập.",
                        field="members")
    if not org.is_active_on(on):
        raise UserError(f"{org.name} không hoạt động vào ngày {format_date(on)}: hãy chọn đơn vị khác hoặc ngày khác.",
                        field="members")


def _close(actor, grouping: Grouping, *, on: date, replaced_by: Grouping | None, reason: str) -> None:
    before = snapshot(grouping)
    if grouping.valid_to is None or grouping.valid_to > on:
        grouping.valid_to = on
    if replaced_by is not None:
        grouping.replaced_by = replaced_by
    grouping.save()
    _audit(actor, UPDATE, grouping, before=before, after=snapshot(grouping), reason=reason, org=grouping.owner)
    for member in grouping.members.filter(joined__lte=on).exclude(left__lte=on):
        before = snapshot(member)
        member.left = on
        member.save()
        _audit(actor, UPDATE, member, before=before, after=snapshot(member), reason=reason, org=grouping.owner)


@transaction.atomic
def grouping_end(*, actor, grouping: Grouping, on: date, replaced_by: Grouping | None = None, reason: str = "") -> Grouping:
    """Wind a grouping up on `on` (its last day), optionally naming the grouping that takes over."""
    require_grouping_owner(actor, grouping)
    if on < grouping.valid_from:
        raise UserError(f"Ngày kết thúc {format_date(on)} sớm hơn ngày thành lập {format_date(grouping.valid_from)}.", field="on")
    if grouping.valid_to is not None and grouping.valid_to < on:
        raise UserError(f"{grouping} đã kết thúc ngày {format_date(grouping.valid_to)}.", field="on")
    if replaced_by is not None:
        if replaced_by.pk == grouping.pk:
            raise UserError("Một cụm, khối không thể được thay bằng chính nó.", field="replaced_by")
        if grouping.replaced_by_id is not None:
            raise UserError(f"{grouping} đã được thay bằng {grouping.replaced_by}.", field="replaced_by")
        if replaced_by.valid_from <= grouping.valid_from:
            raise UserError(f"{replaced_by} bắt đầu trước {grouping}: cụm, khối thay thế phải bắt đầu sau.", field="replaced_by")
    _close(actor, grouping, on=on, replaced_by=replaced_by, reason=reason)
    return grouping


@transaction.atomic
def grouping_member_add(*, actor, grouping: Grouping, organisation: Organisation, joined: date, reason: str = "") -> GroupingMember:
    require_grouping_owner(actor, grouping)
    if not grouping.is_active_on(joined):
        raise UserError(f"{grouping} không hoạt động vào ngày {format_date(joined)}: hãy chọn ngày vào trong thời gian hoạt động của cụm, khối.",
                        field="joined")
    _check_member_unit(grouping_owner=grouping.owner, org=organisation, on=joined)
    for member in grouping.members.filter(organisation=organisation):
        if member.left is None or member.left >= joined:
            raise UserError(f"{organisation.name} đã là thành viên {grouping} từ ngày {format_date(member.joined)}.",
                            field="organisation")
    member = GroupingMember.objects.create(grouping=grouping, organisation=organisation, joined=joined, left=grouping.valid_to)
    _audit(actor, CREATE, member, after=snapshot(member), reason=reason, org=grouping.owner)
    return member


@transaction.atomic
def grouping_member_leave(*, actor, member: GroupingMember, left: date, reason: str = "") -> GroupingMember:
    grouping = member.grouping
    require_grouping_owner(actor, grouping)
    if left < member.joined:
        raise UserError(f"Ngày rời {format_date(left)} sớm hơn ngày vào {format_date(member.joined)}: hãy sửa lại.", field="left")
    if member.left is not None and member.left < left:
        raise UserError(f"{member.organisation.name} đã rời {grouping} ngày {format_date(member.left)}.", field="left")
    before = snapshot(member)
    member.left = left
    member.save()
    _audit(actor, UPDATE, member, before=before, after=snapshot(member), reason=reason, org=grouping.owner)
    return member


@transaction.atomic
def grouping_leader_set(*, actor, grouping: Grouping, year: int, organisation: Organisation,
                        role: str = GroupingLeader.Role.LEADER, reason: str = "") -> GroupingLeader:
    """Name the leader (or deputy) of a year; naming another one later replaces it (the rotation)."""
    require_grouping_owner(actor, grouping)
    role = clean_choice(role, GroupingLeader.Role, field="role", label="Vai trò")
    year = clean_year(year)
    if not _year_overlaps(grouping.valid_from, grouping.valid_to, year):
        raise UserError(f"{grouping} không hoạt động trong năm {year}.", field="year")
    if not any(_year_overlaps(m.joined, m.left, year) for m in grouping.members.filter(organisation=organisation)):
        raise UserError(f"{organisation.name} không phải thành viên {grouping} trong năm {year}, nên không thể làm "
                        f"{GroupingLeader.Role(role).label.lower()}.", field="organisation")
    other_role = GroupingLeader.Role.DEPUTY if role == GroupingLeader.Role.LEADER else GroupingLeader.Role.LEADER
    if grouping.leaders.filter(year=year, role=other_role, organisation=organisation).exists():
        raise UserError(f"{organisation.name} đã là {other_role.label.lower()} năm {year}: cụm trưởng và cụm phó phải là hai đơn vị khác nhau.",
                        field="organisation")
    row = grouping.leaders.filter(year=year, role=role).first()
    if row is None:
        row = GroupingLeader.objects.create(grouping=grouping, year=year, role=role, organisation=organisation)
        _audit(actor, CREATE, row, after=snapshot(row), reason=reason, org=grouping.owner)
    else:
        before = snapshot(row)
        row.organisation = organisation
        row.save()
        _audit(actor, UPDATE, row, before=before, after=snapshot(row), reason=reason, org=grouping.owner)
    return row


# --- Documents ---------------------------------------------------------------------------------------


@dataclass
class Upload:
    """A file as it came from a form or a request: its name and its bytes."""

    name: str
    content: bytes


def _clean_upload(upload: Upload, *, field: str = "file") -> tuple[str, str]:
    name = normalise(upload.name or "").replace("/", "_").replace("\\", "_")[:255]
    if not name:
        raise UserError("Tệp tải lên không có tên: hãy chọn lại tệp.", field=field)
    kind = files.check_file(name, upload.content or b"", kinds=DOCUMENT_KINDS, max_bytes=MAX_DOCUMENT_BYTES, field=field)
    return name, kind.content_type


def _document_snapshot(doc: PactDocument) -> dict:
    return {"name": doc.name, "content_type": doc.content_type, "size": doc.size,
            "pact_id": doc.pact_id, "meeting_id": doc.meeting_id}


def _store(actor, *, upload: Upload, name: str, content_type: str, org: Organisation, reason: str, **owner) -> PactDocument:
    doc = PactDocument.objects.create(name=name, content_type=content_type, size=len(upload.content), data=upload.content,
                                      uploaded_by=actor if getattr(actor, "pk", None) else None, **owner)
    _audit(actor, CREATE, doc, after=_document_snapshot(doc), reason=reason, org=org)
    return doc


# --- Meetings ----------------------------------------------------------------------------------------


@transaction.atomic
def meeting_record(
    *,
    actor,
    grouping: Grouping,
    held_on: date,
    place: str,
    attendees: list[Organisation],
    minutes: str = "",
    minutes_file: Upload | None = None,
    reason: str = "",
) -> Meeting:
    """A meeting (giao ban) of the grouping: only members on that day can attend."""
    require_grouping_manager(actor, grouping, held_on.year)
    place = _text(place, field="place", label="địa điểm họp", max_length=255)
    minutes = (minutes or "").strip()
    if len(minutes) > 20000:
        raise UserError("Biên bản dài quá 20.000 ký tự: hãy đính kèm tệp biên bản thay vì dán cả văn bản.", field="minutes")
    if not grouping.is_active_on(held_on):
        raise UserError(f"{grouping} không hoạt động vào ngày {format_date(held_on)}: hãy kiểm tra lại ngày họp.", field="held_on")
    units = list(dict.fromkeys(attendees or []))
    if not units:
        raise UserError("Hãy chọn ít nhất một đơn vị dự họp.", field="attendees")
    for unit in units:
        if _active_member(grouping, unit, held_on) is None:
            raise UserError(f"{unit.name} không phải thành viên {grouping} vào ngày {format_date(held_on)}, nên không thể ghi là dự họp.",
                            field="attendees")
    file_meta = _clean_upload(minutes_file, field="minutes_file") if minutes_file is not None else None
    meeting = Meeting.objects.create(grouping=grouping, held_on=held_on, place=place, minutes=minutes)
    meeting.attendees.set(units)
    _audit(actor, CREATE, meeting, after={**snapshot(meeting), "attendees": sorted(u.pk for u in units)}, reason=reason,
           org=grouping.owner)
    if file_meta is not None:
        _store(actor, upload=minutes_file, name=file_meta[0], content_type=file_meta[1], org=grouping.owner, reason=reason,
               meeting=meeting)
    return meeting


# --- Pacts -------------------------------------------------------------------------------------------


@dataclass
class TargetInput:
    title: str
    weight: int


@dataclass
class PartyInput:
    organisation: Organisation
    person: Person | None = None
    signatory: str = ""


def _clean_targets(targets: list[TargetInput]) -> list[TargetInput]:
    if not targets:
        raise UserError("Hãy nhập ít nhất một chỉ tiêu với trọng số của nó.", field="targets")
    cleaned = []
    for number, target in enumerate(targets, start=1):
        title = _text(target.title, field="targets", label=f"nội dung chỉ tiêu thứ {number}", max_length=500)
        weight = target.weight
        if isinstance(weight, bool) or not isinstance(weight, int) or weight <= 0:
            raise UserError(f"Trọng số của chỉ tiêu thứ {number} («{title}») phải là số nguyên dương.", field="targets")
        cleaned.append(TargetInput(title, weight))
    total = sum(t.weight for t in cleaned)
    if total != TOTAL_WEIGHT:
        raise UserError(f"Tổng trọng số các chỉ tiêu là {total}, phải đúng bằng {TOTAL_WEIGHT}: hãy điều chỉnh trọng số.",
                        field="targets")
    return cleaned


def _check_pact_dates(*, year: int, signed_on: date) -> int:
    year = clean_year(year)
    if signed_on.year not in (year - 1, year):
        raise UserError(f"Ngày ký {format_date(signed_on)} không thuộc năm {year} (hoặc cuối năm {year - 1}): hãy kiểm tra lại.",
                        field="signed_on")
    return year


def _create_pact(actor, *, kind, title, year, signed_on, organisation, grouping, parties: list[PartyInput],
                 targets: list[TargetInput], reason) -> Pact:
    pact = Pact.objects.create(kind=kind, title=title, year=year, signed_on=signed_on, organisation=organisation,
                               grouping=grouping)
    made_parties = [PactParty.objects.create(pact=pact, organisation=p.organisation, person=p.person,
                                             signatory=p.signatory) for p in parties]
    made_targets = [PactTarget.objects.create(pact=pact, position=i, title=t.title, weight=t.weight)
                    for i, t in enumerate(targets, start=1)]
    after = {**snapshot(pact),
             "parties": [[p.organisation_id, p.person_id, p.signatory] for p in made_parties],
             "targets": [[t.title, t.weight] for t in made_targets]}
    _audit(actor, CREATE, pact, after=after, reason=reason, org=organisation)
    return pact


@transaction.atomic
def pact_create_personal(*, actor, title: str, year: int, signed_on: date, person: Person, department: Organisation,
                         targets: list[TargetInput], head: str = "", reason: str = "") -> Pact:
    """A pact between a person and the head of their department (khoa, phòng), kept by the department."""
    require(actor, Action.MANAGE_COMMENDATIONS, department)
    title = _text(title, field="title", label="tên giao ước", max_length=500)
    year = _check_pact_dates(year=year, signed_on=signed_on)
    head = _text(head, field="head", label="họ tên trưởng khoa, phòng", max_length=150, required=False)
    works_there = Employment.objects.filter(person=person, organisation=department, start__lte=signed_on).exclude(
        end__lt=signed_on).exists()
    if not works_there:
        raise UserError(f"{person.full_name} không công tác tại {department.name} vào ngày {format_date(signed_on)}, "
                        "nên không thể ký giao ước với trưởng khoa, phòng này.", field="person")
    targets = _clean_targets(targets)
    parties = [PartyInput(department, person, person.full_name), PartyInput(department, None, head)]
    return _create_pact(actor, kind=Pact.Kind.PERSONAL, title=title, year=year, signed_on=signed_on, organisation=department,
                        grouping=None, parties=parties, targets=targets, reason=reason)


@transaction.atomic
def pact_create_department(*, actor, title: str, year: int, signed_on: date, department: Organisation, unit: Organisation,
                           targets: list[TargetInput], department_signatory: str = "", unit_signatory: str = "",
                           reason: str = "") -> Pact:
    """A pact between a department and its unit (the head of unit and the union chair), kept by the unit."""
    require(actor, Action.MANAGE_COMMENDATIONS, unit)
    title = _text(title, field="title", label="tên giao ước", max_length=500)
    year = _check_pact_dates(year=year, signed_on=signed_on)
    if not _is_under(department, unit):
        raise UserError(f"{department.name} không trực thuộc {unit.name}: giao ước khoa, phòng chỉ ký với đơn vị của mình.",
                        field="department")
    for org, field in ((department, "department"), (unit, "unit")):
        if not org.is_active_on(signed_on):
            raise UserError(f"{org.name} không hoạt động vào ngày ký {format_date(signed_on)}.", field=field)
    targets = _clean_targets(targets)
    parties = [PartyInput(department, None, _text(department_signatory, field="department_signatory", label="người ký",
                                                  max_length=150, required=False)),
               PartyInput(unit, None, _text(unit_signatory, field="unit_signatory", label="người ký", max_length=150,
                                            required=False))]
    return _create_pact(actor, kind=Pact.Kind.DEPARTMENT, title=title, year=year, signed_on=signed_on, organisation=unit,
                        grouping=None, parties=parties, targets=targets, reason=reason)


@transaction.atomic
def pact_create_grouping(*, actor, grouping: Grouping, title: str, year: int, signed_on: date, targets: list[TargetInput],
                         parties: list[Organisation] | None = None, reason: str = "") -> Pact:
    """A pact between units of a grouping; every signatory must be a member on the day of signing.

    `parties`: the signing units; all the members on `signed_on` when left out.
    """
    require_grouping_manager(actor, grouping, year if isinstance(year, int) else signed_on.year)
    title = _text(title, field="title", label="tên giao ước", max_length=500)
    year = _check_pact_dates(year=year, signed_on=signed_on)
    if not grouping.is_active_on(signed_on):
        raise UserError(f"{grouping} không hoạt động vào ngày ký {format_date(signed_on)}.", field="signed_on")
    if parties:
        units = list(dict.fromkeys(parties))
        for unit in units:
            if _active_member(grouping, unit, signed_on) is None:
                raise UserError(f"{unit.name} không phải thành viên {grouping} vào ngày {format_date(signed_on)}, "
                                "nên không thể ký giao ước của cụm, khối.", field="parties")
    else:
        units = [m.organisation for m in grouping.members.select_related("organisation") if m.is_active_on(signed_on)]
    if len(units) < 2:
        raise UserError("Giao ước của cụm, khối cần ít nhất hai đơn vị thành viên ký.", field="parties")
    targets = _clean_targets(targets)
    return _create_pact(actor, kind=Pact.Kind.GROUPING, title=title, year=year, signed_on=signed_on,
                        organisation=grouping.owner, grouping=grouping, parties=[PartyInput(u) for u in units],
                        targets=targets, reason=reason)


def require_pact_manager(actor, pact: Pact) -> None:
    if pact.grouping_id:
        require_grouping_manager(actor, pact.grouping, pact.year)
    else:
        require(actor, Action.MANAGE_COMMENDATIONS, pact.organisation)


@transaction.atomic
def pact_document_attach(*, actor, pact: Pact, upload: Upload, reason: str = "") -> PactDocument:
    """Attach a signed copy (PDF or image, at most MAX_DOCUMENT_BYTES) to a pact."""
    require_pact_manager(actor, pact)
    name, content_type = _clean_upload(upload)
    return _store(actor, upload=upload, name=name, content_type=content_type, org=pact.organisation, reason=reason, pact=pact)


# --- Scores ------------------------------------------------------------------------------------------


def _clean_score(value, target: PactTarget) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise UserError(f"Điểm «{str(value)[:20]}» không phải là số: hãy nhập một số từ 0 đến {target.weight}.", field="value") from None
    if not number.is_finite():
        raise UserError(f"Điểm «{value}» không hợp lệ: hãy nhập một số từ 0 đến {target.weight}.", field="value")
    if number < 0 or number > target.weight:
        raise UserError(f"Điểm {value} của chỉ tiêu «{target.title}» nằm ngoài khoảng cho phép: hãy nhập từ 0 đến "
                        f"{target.weight} (trọng số của chỉ tiêu).", field="value")
    if number != number.quantize(Decimal("0.01")):
        raise UserError(f"Điểm {value} có quá hai chữ số thập phân: hãy làm tròn, ví dụ {number.quantize(Decimal('0.01'))}.",
                        field="value")
    return number.quantize(Decimal("0.01"))


@transaction.atomic
def pact_score(*, actor, pact: Pact, target: PactTarget, party: PactParty, value, scorer: PactParty | None = None,
               reason: str = "") -> PactScore:
    """Record a year-end score of `party` on `target`.

    Without `scorer` it is the party's self-score; with one, it is `scorer`'s cross-score of `party`,
    and `scorer` must be another party of the same pact. Scoring again replaces the earlier score.
    """
    if target.pact_id != pact.pk:
        raise UserError("Chỉ tiêu này không thuộc giao ước đang chấm: hãy chọn chỉ tiêu trong danh sách.", field="target")
    if party.pact_id != pact.pk:
        raise UserError("Bên được chấm không ký giao ước này: hãy chọn một bên trong danh sách.", field="party")
    if scorer is None:
        scorer = party
    else:
        if scorer.pact_id != pact.pk:
            raise UserError("Bên chấm không ký giao ước này: hãy chọn một bên trong danh sách.", field="scorer")
        if scorer.pk == party.pk:
            raise UserError(f"{party.label} không thể chấm chéo cho chính mình: hãy nhập điểm này là điểm tự chấm.", field="scorer")
    if not path_in_scope(actor, scorer.organisation.path, Action.MANAGE_COMMENDATIONS):
        sees = path_in_scope(actor, pact.organisation.path) or any(
            path_in_scope(actor, p.organisation.path) for p in pact.parties.select_related("organisation"))
        raise Forbidden(f"Chỉ cán bộ thi đua của {scorer.organisation.name} được nhập điểm do bên này chấm.") if sees else NotFound()
    value = _clean_score(value, target)
    row = PactScore.objects.filter(target=target, party=party, scorer=scorer).first()
    if row is None:
        row = PactScore.objects.create(target=target, party=party, scorer=scorer, value=value)
        _audit(actor, CREATE, row, after=snapshot(row), reason=reason, org=scorer.organisation)
    else:
        before = snapshot(row)
        row.value = value
        row.save()
        _audit(actor, UPDATE, row, before=before, after=snapshot(row), reason=reason, org=scorer.organisation)
    return row
