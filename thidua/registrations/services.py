"""Writes of the start-of-year registration (đăng ký thi đua): open a round, register, withdraw.

Every function checks access through thidua.core.permissions, refuses bad input with a Vietnamese
sentence before writing anything, runs in one transaction and leaves an audit row per record.
"""
from __future__ import annotations

from datetime import date
from typing import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Q

from thidua.core.audit import audit_record, snapshot
from thidua.core.db import prefix_q
from thidua.core.errors import UserError
from thidua.core.models import AuditEntry
from thidua.core.permissions import Action, require
from thidua.core.scales import clean_year
from thidua.core.text import normalise
from thidua.organisations.models import Organisation
from thidua.people.models import Employment, Membership, Person
from thidua.registrations.models import Registration, RegistrationRound
from thidua.rules import catalogue

TEXT_MAX = 2000


def _fmt(on: date) -> str:
    return on.strftime("%d/%m/%Y")


def _check_date(value, *, field: str, label: str) -> date:
    if not isinstance(value, date):
        raise UserError(f"{label} «{value}» không hợp lệ: hãy nhập một ngày dạng dd/mm/yyyy.", field=field)
    return value


def _text(value, *, field: str, label: str, limit: int = TEXT_MAX) -> str:
    text = normalise(value or "")
    if len(text) > limit:
        raise UserError(f"{label} dài quá {limit} ký tự.", field=field)
    return text


# --- Rounds -------------------------------------------------------------------------------------


@transaction.atomic
def round_open(
    *,
    actor,
    organisation: Organisation,
    year: int,
    deadline: date,
    on: date,
    title: str = "",
    note: str = "",
    reason: str = "",
) -> RegistrationRound:
    """`organisation` calls its whole subtree to register for `year` by `deadline` (inclusive)."""
    require(actor, Action.MANAGE_COMMENDATIONS, organisation)
    year = clean_year(year, label="Năm thi đua")
    deadline = _check_date(deadline, field="deadline", label="Hạn đăng ký")
    on = _check_date(on, field="on", label="Ngày mở đợt")
    if deadline.year not in (year - 1, year):
        raise UserError(f"Hạn đăng ký {_fmt(deadline)} không hợp với năm thi đua {year}: "
                        f"hãy chọn một ngày trong năm {year} (hoặc cuối năm {year - 1}).", field="deadline")
    if not organisation.is_active_on(on):
        raise UserError(f"«{organisation.name}» không hoạt động vào ngày {_fmt(on)}: không mở đợt đăng ký được.", field="organisation")
    if RegistrationRound.objects.filter(organisation=organisation, year=year).exists():
        raise UserError(f"«{organisation.name}» đã mở đợt đăng ký thi đua năm {year}: hãy dùng đợt đã có.", field="year")
    title = _text(title, field="title", label="Tên đợt", limit=255) or f"Đăng ký thi đua năm {year}"
    round_ = RegistrationRound.objects.create(
        organisation=organisation, year=year, deadline=deadline, title=title, note=_text(note, field="note", label="Ghi chú"),
        opened_on=on, actor=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=round_, before=None, after=snapshot(round_),
                 reason=reason, org_path=organisation.path)
    return round_


# --- Registering --------------------------------------------------------------------------------


def _year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def clean_registered_award(code, *, year: int, subject: str):
    """The catalogue entry of `code`, in force during `year` and meant for `subject` ("individual"/"collective")."""
    award = catalogue().get(code) if isinstance(code, str) else None
    if award is None:
        raise UserError(f"Danh hiệu, hình thức «{code}» không có trong danh mục thi đua, khen thưởng: "
                        "hãy chọn một danh hiệu trong danh sách.", field="award")
    first, last = _year_bounds(year)
    if not any(p.since <= last and (p.until is None or p.until >= first) for p in award.in_force):
        raise UserError(f"«{award.name}» không có hiệu lực trong năm {year}: không đăng ký được cho năm này.", field="award")
    if award.subject not in (subject, "both"):
        who = "cá nhân" if subject == "individual" else "tập thể"
        other = "tập thể" if subject == "individual" else "cá nhân"
        raise UserError(f"«{award.name}» là danh hiệu, hình thức dành cho {other}, không đăng ký cho {who} được.", field="award")
    return award


def _check_unit(round_: RegistrationRound, unit: Organisation) -> None:
    if not unit.path.startswith(round_.organisation.path):
        raise UserError(f"«{unit.name}» không thuộc {round_.organisation.name}, nơi mở đợt đăng ký này: "
                        "hãy đăng ký trong đợt của cấp trên đơn vị mình.", field="unit")


def _linked_people(unit: Organisation, year: int, person_ids: Iterable[int]) -> set[int]:
    """Those of `person_ids` employed in or members of `unit`'s subtree at some time during `year`."""
    first, last = _year_bounds(year)
    ids = list(person_ids)
    employed = Employment.objects.filter(prefix_q("organisation__path", unit.path), person_id__in=ids, start__lte=last).filter(
        Q(end__isnull=True) | Q(end__gte=first)).values_list("person_id", flat=True)
    members = Membership.objects.filter(prefix_q("org_path", unit.path), person_id__in=ids, joined__lte=last).filter(
        Q(left__isnull=True) | Q(left__gte=first)).values_list("person_id", flat=True)
    return set(employed) | set(members)


def _check_deadline(round_: RegistrationRound, on: date, late: bool, late_reason: str) -> tuple[bool, str]:
    """(late flag, reason) to store: after the deadline both are required, before it neither is kept."""
    if on <= round_.deadline:
        return False, ""
    if not late or not late_reason:
        raise UserError(
            f"Đã quá hạn đăng ký ({_fmt(round_.deadline)}) của đợt «{round_.title}»: chỉ nhận đăng ký muộn khi "
            "đánh dấu «đăng ký muộn» và ghi rõ lý do.", field="late_reason" if late else "late")
    return True, late_reason


def _subject_name(person: Person | None, organisation: Organisation | None) -> str:
    return person.full_name if person is not None else organisation.name


def _refuse_twice(award, year: int, people: list[Person], organisations: list[Organisation]) -> None:
    taken = Registration.objects.filter(award=award.code, year=year, withdrawn_on__isnull=True).filter(
        Q(person__in=people) | Q(organisation__in=organisations)).select_related("person", "organisation", "round")
    names = sorted({_subject_name(r.person, r.organisation) for r in taken})
    if names:
        listed = ", ".join(f"«{n}»" for n in names)
        raise UserError(f"{listed} đã đăng ký «{award.name}» năm {year}: mỗi cá nhân, tập thể chỉ đăng ký một lần "
                        "cho một danh hiệu trong năm. Hãy bỏ chọn hoặc rút đăng ký cũ trước.", field="person" if people else "organisation")


@transaction.atomic
def registration_bulk_create(
    *,
    actor,
    round: RegistrationRound,
    unit: Organisation,
    award: str,
    on: date,
    people: Iterable[Person] = (),
    organisations: Iterable[Organisation] = (),
    late: bool = False,
    late_reason: str = "",
    reason: str = "",
) -> list[Registration]:
    """Register people of `unit` (or `unit` and units below it) for `award` in `round`, all or none."""
    require(actor, Action.MANAGE_COMMENDATIONS, unit)
    round_ = round
    _check_unit(round_, unit)
    on = _check_date(on, field="on", label="Ngày đăng ký")
    people = list({p.pk: p for p in people}.values())
    organisations = list({o.pk: o for o in organisations}.values())
    if not people and not organisations:
        raise UserError("Hãy chọn ít nhất một cá nhân hoặc tập thể để đăng ký.", field="person")
    if people and organisations:
        raise UserError("Đăng ký cá nhân và tập thể riêng từng lần: danh hiệu của cá nhân và của tập thể khác nhau.", field="organisation")
    entry = clean_registered_award(award, year=round_.year, subject="individual" if people else "collective")
    late_reason = _text(late_reason, field="late_reason", label="Lý do đăng ký muộn")
    late, late_reason = _check_deadline(round_, on, bool(late), late_reason)
    if people:
        linked = _linked_people(unit, round_.year, [p.pk for p in people])
        strangers = sorted(p.full_name for p in people if p.pk not in linked)
        if strangers:
            listed = ", ".join(f"«{n}»" for n in strangers)
            raise UserError(f"{listed} không công tác hoặc sinh hoạt công đoàn ở «{unit.name}» trong năm {round_.year}: "
                            "đơn vị chỉ đăng ký được người của mình.", field="person")
    for org in organisations:
        if not org.path.startswith(unit.path):
            raise UserError(f"«{org.name}» không phải «{unit.name}» hay đơn vị trực thuộc: đơn vị chỉ đăng ký được "
                            "tập thể của mình.", field="organisation")
        first, last = _year_bounds(round_.year)
        if org.valid_from > last or (org.valid_to is not None and org.valid_to < first):
            raise UserError(f"«{org.name}» không hoạt động trong năm {round_.year}: không đăng ký được.", field="organisation")
    _refuse_twice(entry, round_.year, people, organisations)
    stamp = actor if getattr(actor, "pk", None) else None
    created = []
    subjects = [(p, None) for p in people] + [(None, o) for o in organisations]
    for person, org in subjects:
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    round=round_, year=round_.year, award=entry.code, unit=unit, person=person, organisation=org,
                    registered_on=on, late=late, late_reason=late_reason, actor=stamp,
                )
        except IntegrityError:  # registered by someone else a moment ago
            raise UserError(f"«{_subject_name(person, org)}» đã đăng ký «{entry.name}» năm {round_.year}.", field="person") from None
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=registration, before=None, after=snapshot(registration),
                     reason=reason or late_reason, org_path=unit.path)
        created.append(registration)
    return created


def registration_create(
    *,
    actor,
    round: RegistrationRound,
    unit: Organisation,
    award: str,
    on: date,
    person: Person | None = None,
    organisation: Organisation | None = None,
    late: bool = False,
    late_reason: str = "",
    reason: str = "",
) -> Registration:
    """Register one person of `unit`, or one collective (`unit` or a unit below it), for `award` in `round`."""
    if (person is None) == (organisation is None):
        require(actor, Action.MANAGE_COMMENDATIONS, unit)
        raise UserError("Hãy chọn một cá nhân hoặc một tập thể (chỉ một) để đăng ký.", field="person")
    return registration_bulk_create(
        actor=actor, round=round, unit=unit, award=award, on=on, people=[person] if person else [],
        organisations=[organisation] if organisation else [], late=late, late_reason=late_reason, reason=reason,
    )[0]


@transaction.atomic
def registration_withdraw(*, actor, registration: Registration, on: date, reason: str) -> Registration:
    """Rút đăng ký: the registration stays as history and no longer counts."""
    require(actor, Action.MANAGE_COMMENDATIONS, registration.unit)
    on = _check_date(on, field="on", label="Ngày rút đăng ký")
    reason = _text(reason, field="reason", label="Lý do rút đăng ký")
    if not reason:
        raise UserError("Hãy ghi lý do rút đăng ký.", field="reason")
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.withdrawn_on is not None:
        raise UserError(f"Đăng ký này đã được rút ngày {_fmt(registration.withdrawn_on)}.", field="reason")
    if on < registration.registered_on:
        raise UserError(f"Ngày rút {_fmt(on)} sớm hơn ngày đăng ký {_fmt(registration.registered_on)}.", field="on")
    before = snapshot(registration)
    registration.withdrawn_on, registration.withdraw_reason = on, reason
    registration.save(update_fields=["withdrawn_on", "withdraw_reason"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=registration, before=before, after=snapshot(registration),
                 reason=reason, org_path=registration.unit.path)
    return registration
