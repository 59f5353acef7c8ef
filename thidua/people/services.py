"""Writes about people: the person, their employment, their union membership and their yearly appraisal."""
from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr

from thidua.core.audit import audit_record, snapshot
from thidua.core.db import prefix_q
from thidua.core.errors import UserError
from thidua.core.models import AuditEntry
from thidua.core.permissions import Action, require, require_path
from thidua.core.text import normalise, split_name
from thidua.organisations.models import Organisation
from thidua.people.models import Employment, Gender, Membership, Person, Profession, YearlyAppraisal
from thidua.people.validation import clean_cccd, clean_email, clean_phone


def person_home_path(person: Person) -> str:
    """The organisation path a person's audit rows are filed under: their latest unit."""
    link = (
        Membership.objects.filter(person=person).order_by("-joined", "-id").values_list("organisation__path", flat=True).first()
        or Employment.objects.filter(person=person).order_by("-start", "-id").values_list("organisation__path", flat=True).first()
    )
    return link or ""


def _apply_person_fields(person: Person, *, full_name, gender, date_of_birth, cccd, phone, email) -> None:
    name = split_name(full_name)
    if not name.given:
        raise UserError("Họ và tên không được để trống.", field="full_name")
    if len(name.full) > 150:
        raise UserError("Họ và tên dài quá 150 ký tự.", field="full_name")
    if gender and gender not in Gender.values:
        raise UserError(f"Giới tính «{gender}» không hợp lệ: chọn Nam hoặc Nữ.", field="gender")
    if date_of_birth is not None and not (date(1900, 1, 1) <= date_of_birth <= date(2100, 1, 1)):
        raise UserError(f"Ngày sinh {date_of_birth:%d/%m/%Y} không hợp lệ.", field="date_of_birth")
    person.full_name, person.family_name, person.middle_name, person.given_name = name.full, name.family, name.middle, name.given
    person.search_full, person.search_given_first, person.sort_key = name.search_full, name.search_given_first, name.sort_key
    person.gender = gender or ""
    person.date_of_birth = date_of_birth
    person.cccd = clean_cccd(cccd, gender=gender or "", born=date_of_birth)
    person.phone = clean_phone(phone)
    person.email = clean_email(email)
    if person.cccd and Person.objects.filter(cccd=person.cccd).exclude(pk=person.pk).exists():
        raise UserError(f"Số CCCD {person.cccd} đã có trong hệ thống, gắn với một người khác.", field="cccd")


def _save_person(person: Person) -> None:
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        raise UserError(f"Số CCCD {person.cccd} đã có trong hệ thống, gắn với một người khác.", field="cccd") from None


def _clean_profession(profession: str) -> str:
    if profession and profession not in Profession.values:
        raise UserError(f"Chức danh nghề nghiệp «{profession}» không hợp lệ.", field="profession")
    return profession


@transaction.atomic
def person_create(
    *,
    actor,
    full_name: str,
    unit: Organisation,
    start: date,
    gender: str = "",
    date_of_birth: date | None = None,
    cccd: str | None = None,
    phone: str = "",
    email: str = "",
    profession: str = "",
    position: str = "",
    member_since: date | None = None,
    card_number: str = "",
    reason: str = "",
) -> Person:
    """A new person working in `unit` from `start`, and a union member there if `member_since` is given."""
    require(actor, Action.MANAGE_PEOPLE, unit)
    if not unit.is_active_on(start):
        raise UserError(f"Đơn vị «{unit.name}» không hoạt động vào ngày {start:%d/%m/%Y}.", field="unit")
    person = Person()
    _apply_person_fields(person, full_name=full_name, gender=gender, date_of_birth=date_of_birth, cccd=cccd, phone=phone, email=email)
    _save_person(person)
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=person, before=None, after=snapshot(person), reason=reason, org_path=unit.path)
    employment_start(actor=actor, person=person, unit=unit, start=start, profession=profession, position=position, reason=reason)
    if member_since is not None:
        membership_join(actor=actor, person=person, organisation=unit, joined=member_since, card_number=card_number, reason=reason)
    return person


@transaction.atomic
def person_update(*, actor, person: Person, reason: str = "", **changes) -> Person:
    home = person_home_path(person)
    require_path(actor, Action.MANAGE_PEOPLE, home)
    allowed = {"full_name", "gender", "date_of_birth", "cccd", "phone", "email"}
    unknown = set(changes) - allowed
    if unknown:
        raise UserError(f"Không thể sửa trường: {', '.join(sorted(unknown))}.")
    before = snapshot(person)
    values = {field: getattr(person, field) for field in allowed}
    values.update(changes)
    _apply_person_fields(person, **values)
    _save_person(person)
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=person, before=before, after=snapshot(person), reason=reason, org_path=home)
    return person


@transaction.atomic
def employment_start(*, actor, person: Person, unit: Organisation, start: date, profession: str = "", position: str = "", reason: str = "") -> Employment:
    require(actor, Action.MANAGE_PEOPLE, unit)
    employment = Employment.objects.create(
        person=person, organisation=unit, start=start, profession=_clean_profession(profession), position=normalise(position)
    )
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=employment, before=None, after=snapshot(employment), reason=reason, org_path=unit.path)
    return employment


@transaction.atomic
def employment_end(*, actor, employment: Employment, end: date, reason: str = "") -> Employment:
    require(actor, Action.MANAGE_PEOPLE, employment.organisation)
    if end < employment.start:
        raise UserError(f"Ngày kết thúc {end:%d/%m/%Y} sớm hơn ngày bắt đầu {employment.start:%d/%m/%Y}.", field="end")
    before = snapshot(employment)
    employment.end = end
    employment.save(update_fields=["end"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=employment, before=before, after=snapshot(employment), reason=reason, org_path=employment.organisation.path)
    return employment


@transaction.atomic
def membership_join(*, actor, person: Person, organisation: Organisation, joined: date, card_number: str = "", reason: str = "") -> Membership:
    require(actor, Action.MANAGE_PEOPLE, organisation)
    if Membership.objects.filter(person=person, left__isnull=True).exists():
        raise UserError(f"{person.full_name} đang sinh hoạt ở một công đoàn khác: hãy chuyển sinh hoạt thay vì kết nạp mới.")
    membership = Membership.objects.create(
        person=person, organisation=organisation, joined=joined, card_number=(card_number or "").strip(), org_path=organisation.path
    )
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=membership, before=None, after=snapshot(membership), reason=reason, org_path=organisation.path)
    return membership


@transaction.atomic
def membership_end(*, actor, membership: Membership, on: date, end_reason: str, reason: str = "") -> Membership:
    require(actor, Action.MANAGE_PEOPLE, membership.organisation)
    if end_reason not in Membership.EndReason.values:
        raise UserError(f"Lý do rời «{end_reason}» không hợp lệ.", field="end_reason")
    if membership.left is not None:
        raise UserError("Quá trình sinh hoạt này đã kết thúc.")
    if on < membership.joined:
        raise UserError(f"Ngày rời {on:%d/%m/%Y} sớm hơn ngày vào {membership.joined:%d/%m/%Y}.", field="on")
    before = snapshot(membership)
    membership.left, membership.end_reason = on, end_reason
    membership.save(update_fields=["left", "end_reason"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=membership, before=before, after=snapshot(membership), reason=reason, org_path=membership.organisation.path)
    return membership


@transaction.atomic
def membership_transfer(*, actor, membership: Membership, to: Organisation, on: date, reason: str = "") -> Membership:
    """Chuyển sinh hoạt: the membership ends the day before `on` and a new one starts in `to`."""
    require(actor, Action.MANAGE_PEOPLE, to)
    membership_end(actor=actor, membership=membership, on=on - timedelta(days=1), end_reason=Membership.EndReason.TRANSFERRED, reason=reason)
    return membership_join(actor=actor, person=membership.person, organisation=to, joined=on, card_number=membership.card_number, reason=reason)


# --- yearly appraisals: what the eligibility rules read about a person's year ----------------------

_APPRAISAL_FIELDS = ("rating", "discipline", "absent_days", "maternity_days", "registered", "note")


def _clean_appraisal(values: dict) -> dict:
    from thidua.core.scales import Discipline, Rating, clean_choice, clean_days

    rating = clean_choice(values.get("rating"), Rating, field="rating", label="Xếp loại", blank=True)
    discipline = clean_choice(values.get("discipline"), Discipline, field="discipline", label="Hình thức kỷ luật", blank=True)
    absent = clean_days(values.get("absent_days"), field="absent_days", label="Số ngày nghỉ làm việc")
    maternity = clean_days(values.get("maternity_days"), field="maternity_days", label="Số ngày nghỉ thai sản")
    if maternity is not None and absent is not None and maternity > absent:
        raise UserError(f"Số ngày nghỉ thai sản ({maternity}) không thể lớn hơn tổng số ngày nghỉ ({absent}): "
                        "nghỉ thai sản là một phần của số ngày nghỉ.", field="maternity_days")
    registered = values.get("registered")
    if registered is not None and not isinstance(registered, bool):
        raise UserError("Đăng ký thi đua đầu năm chỉ nhận «có», «không» hoặc để trống khi chưa rõ.", field="registered")
    return {"rating": rating, "discipline": discipline, "absent_days": absent, "maternity_days": maternity,
            "registered": registered, "note": normalise(values.get("note") or "")}


@transaction.atomic
def appraisal_record(
    *,
    actor,
    person: Person,
    year: int,
    rating: str = "",
    discipline: str = "",
    absent_days: int | None = None,
    maternity_days: int | None = None,
    registered: bool | None = None,
    note: str = "",
    reason: str = "",
) -> YearlyAppraisal:
    """Record a person's year (rating, discipline, absence, registration), replacing what was recorded for it."""
    from thidua.core.scales import clean_year

    home = person_home_path(person)
    require_path(actor, Action.MANAGE_COMMENDATIONS, home)
    year = clean_year(year)
    values = _clean_appraisal({"rating": rating, "discipline": discipline, "absent_days": absent_days,
                               "maternity_days": maternity_days, "registered": registered, "note": note})
    appraisal = YearlyAppraisal.objects.select_for_update().filter(person=person, year=year).first()
    if appraisal is None:
        appraisal = YearlyAppraisal.objects.create(person=person, year=year, **values)
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=appraisal, before=None, after=snapshot(appraisal), reason=reason, org_path=home)
        return appraisal
    before = snapshot(appraisal)
    for name, value in values.items():
        setattr(appraisal, name, value)
    appraisal.save()
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=appraisal, before=before, after=snapshot(appraisal), reason=reason, org_path=home)
    return appraisal


@transaction.atomic
def appraisal_update(*, actor, appraisal: YearlyAppraisal, reason: str = "", **changes) -> YearlyAppraisal:
    """Change some fields of a recorded year; the others stay as they were."""
    unknown = set(changes) - set(_APPRAISAL_FIELDS)
    if unknown:
        raise UserError(f"Không thể sửa trường: {', '.join(sorted(unknown))}.")
    current = {name: getattr(appraisal, name) for name in _APPRAISAL_FIELDS}
    return appraisal_record(actor=actor, person=appraisal.person, year=appraisal.year, reason=reason, **{**current, **changes})


def membership_paths_follow(*, old_prefix: str, new_prefix: str, **_) -> None:
    """Keep the memberships' copy of their unit's path in step when a subtree moves (receiver of
    thidua.organisations.signals.subtree_moved, inside the same transaction)."""
    Membership.objects.filter(prefix_q("org_path", old_prefix)).update(
        org_path=Concat(Value(new_prefix), Substr("org_path", len(old_prefix) + 1))
    )
