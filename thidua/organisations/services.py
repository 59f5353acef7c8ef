"""Writes to the union tree. Each takes `actor=`, runs in one transaction and leaves audit rows."""
from __future__ import annotations

import re
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr

from thidua.core.audit import audit_record, snapshot
from thidua.core.errors import Forbidden, UserError
from thidua.core.models import AuditEntry
from thidua.core.permissions import Action, is_system_admin, require
from thidua.core.text import normalise, search_key
from thidua.organisations.models import Organisation, OrganisationEvent, OrganisationVersion, OrgKind, OrgYearlyAppraisal
from thidua.organisations.places import validate_place
from thidua.organisations.signals import subtree_moved

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,31}$")
KIND_LIST = ", ".join(OrgKind.values)
# Words the API uses as addresses beside organisation codes (/api/v1/organisations/tree/).
RESERVED_CODES = {"tree"}


def _clean_code(code: str) -> str:
    code = (code or "").strip()
    if not CODE_RE.match(code):
        raise UserError(
            f"Mã tổ chức «{code}» không hợp lệ: chỉ dùng chữ cái không dấu, chữ số, dấu chấm, gạch ngang "
            "hoặc gạch dưới, tối đa 32 ký tự.",
            field="code",
        )
    if code.lower() in RESERVED_CODES:
        raise UserError(f"Mã «{code}» là từ dành riêng của hệ thống, hãy chọn mã khác.", field="code")
    return code


def _clean_name(name: str) -> str:
    name = normalise(name)
    if not name:
        raise UserError("Tên tổ chức không được để trống.", field="name")
    if len(name) > 255:
        raise UserError("Tên tổ chức dài quá 255 ký tự.", field="name")
    return name


def _clean_kind(kind: str) -> str:
    if kind not in OrgKind.values:
        raise UserError(f"Loại tổ chức «{kind}» không hợp lệ. Các loại được dùng: {KIND_LIST}.", field="kind")
    return kind


def _open_version(org: Organisation, on: date) -> OrganisationVersion:
    return OrganisationVersion.objects.create(
        organisation=org, name=org.name, parent=org.parent, valid_from=on
    )


def _close_version(org: Organisation, on: date) -> None:
    """End the version in force on `on` the day before, or drop it if it starts that very day."""
    current = OrganisationVersion.objects.filter(organisation=org, valid_to__isnull=True).first()
    if current is None:
        return
    if on <= current.valid_from:
        if on < current.valid_from:
            raise UserError(
                f"Ngày hiệu lực {on:%d/%m/%Y} sớm hơn thay đổi gần nhất của «{org.name}» "
                f"({current.valid_from:%d/%m/%Y}).",
                field="on",
            )
        current.delete()
        return
    current.valid_to = on - timedelta(days=1)
    current.save(update_fields=["valid_to"])


def _set_path(org: Organisation, new_parent: Organisation | None) -> None:
    """Re-hang `org` (and with it its whole subtree) under `new_parent` in the current tree."""
    old_path, old_depth = org.path, org.depth
    new_path = f"{new_parent.path if new_parent else '/'}{org.pk}/"
    new_depth = new_parent.depth + 1 if new_parent else 0
    org.parent = new_parent
    org.path, org.depth = new_path, new_depth
    org.save(update_fields=["parent", "path", "depth", "updated_at"])
    if old_path and old_path != new_path:
        Organisation.objects.filter(path__startswith=old_path).exclude(pk=org.pk).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
            depth=F("depth") + (new_depth - old_depth),
        )
        subtree_moved.send(sender=Organisation, old_prefix=old_path, new_prefix=new_path)


def _event(kind, org, on, actor, reason, related=(), details=None) -> OrganisationEvent:
    event = OrganisationEvent.objects.create(
        kind=kind, organisation=org, effective=on, actor=actor if getattr(actor, "pk", None) else None,
        reason=reason or "", details=details or {},
    )
    if related:
        event.related.set(related)
    return event


def _require_active(org: Organisation, on: date, role: str) -> None:
    if not org.is_active_on(on):
        raise UserError(f"{role} «{org.name}» không còn hoạt động vào ngày {on:%d/%m/%Y}.")


@transaction.atomic
def org_create(
    *,
    actor,
    code: str,
    name: str,
    kind: str,
    parent: Organisation | None = None,
    valid_from: date,
    province_code: int | None = None,
    ward_code: int | None = None,
    address: str = "",
    reason: str = "",
) -> Organisation:
    code, name, kind = _clean_code(code), _clean_name(name), _clean_kind(kind)
    validate_place(province_code, ward_code)
    if parent is None:
        if not is_system_admin(actor):
            raise Forbidden("Chỉ quản trị hệ thống được tạo tổ chức cấp cao nhất.")
    else:
        require(actor, Action.MANAGE_ORGS, parent)
        _require_active(parent, valid_from, "Tổ chức cấp trên")
    if Organisation.objects.filter(code__iexact=code).exists():
        raise UserError(f"Mã tổ chức «{code}» đã được dùng cho một tổ chức khác.", field="code")
    org = Organisation(
        code=code, name=name, kind=kind, parent=parent, valid_from=valid_from,
        province_code=province_code, ward_code=ward_code, address=normalise(address),
        search_name=search_key(name), path="", depth=0,
    )
    try:
        with transaction.atomic():
            org.save()
    except IntegrityError:
        raise UserError(f"Mã tổ chức «{code}» đã được dùng cho một tổ chức khác.", field="code") from None
    _set_path(org, parent)
    _open_version(org, valid_from)
    _event(OrganisationEvent.Kind.CREATED, org, valid_from, actor, reason)
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=org, before=None, after=snapshot(org), reason=reason, org_path=org.path)
    return org


@transaction.atomic
def org_update_details(*, actor, org: Organisation, province_code=None, ward_code=None, address: str | None = None, reason: str = "") -> Organisation:
    """Corrections that are not events in the unit's life: its address."""
    require(actor, Action.MANAGE_ORGS, org)
    validate_place(province_code, ward_code)
    before = snapshot(org)
    org.province_code, org.ward_code = province_code, ward_code
    if address is not None:
        org.address = normalise(address)
    org.save()
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=org, before=before, after=snapshot(org), reason=reason, org_path=org.path)
    return org


@transaction.atomic
def org_rename(*, actor, org: Organisation, name: str, on: date, reason: str = "") -> Organisation:
    require(actor, Action.MANAGE_ORGS, org)
    name = _clean_name(name)
    _require_active(org, on, "Tổ chức")
    before = snapshot(org)
    _close_version(org, on)
    org.name, org.search_name = name, search_key(name)
    org.save(update_fields=["name", "search_name", "updated_at"])
    _open_version(org, on)
    _event(OrganisationEvent.Kind.RENAMED, org, on, actor, reason, details={"from": before["name"], "to": name})
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=org, before=before, after=snapshot(org), reason=reason, org_path=org.path)
    return org


def _was_above(org: Organisation, unit: Organisation, since: date) -> bool:
    """Whether `org` is above `unit` in the tree of some day from `since` on, following every parent
    a unit had in a version still in force on or after `since` (a backdated move must not make the
    history of those days a loop)."""
    seen, frontier = {unit.pk}, {unit.pk}
    while frontier:
        parents = set(
            OrganisationVersion.objects.filter(organisation_id__in=frontier, parent__isnull=False)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=since))
            .values_list("parent_id", flat=True)
        )
        if org.pk in parents:
            return True
        frontier = parents - seen
        seen |= parents
    return False


def _check_no_cycle(org: Organisation, new_parent: Organisation, on: date) -> None:
    if new_parent.pk == org.pk or new_parent.path.startswith(org.path) or _was_above(org, new_parent, on):
        raise UserError(
            f"Không thể đặt «{org.name}» trực thuộc «{new_parent.name}»: "
            "tổ chức cấp trên mới đang nằm trong chính nhánh của nó (tạo thành vòng lặp).",
            field="parent",
        )


@transaction.atomic
def org_move(*, actor, org: Organisation, new_parent: Organisation, on: date, reason: str = "") -> Organisation:
    require(actor, Action.MANAGE_ORGS, org)
    require(actor, Action.MANAGE_ORGS, new_parent)
    _check_no_cycle(org, new_parent, on)
    _require_active(org, on, "Tổ chức")
    _require_active(new_parent, on, "Tổ chức cấp trên mới")
    before = snapshot(org)
    old_parent = org.parent
    _close_version(org, on)
    _set_path(org, new_parent)
    _open_version(org, on)
    _event(OrganisationEvent.Kind.MOVED, org, on, actor, reason,
           details={"from": old_parent.code if old_parent else None, "to": new_parent.code})
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=org, before=before, after=snapshot(org), reason=reason, org_path=org.path)
    return org


def _close(org: Organisation, on: date, actor, reason: str, successor: Organisation | None) -> None:
    before = snapshot(org)
    _close_version(org, on)
    org.valid_to = on - timedelta(days=1)
    org.successor = successor
    org.save(update_fields=["valid_to", "successor", "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=org, before=before, after=snapshot(org), reason=reason, org_path=org.path)


def _move_children(source: Organisation, target: Organisation, on: date, actor, reason: str) -> None:
    for child in Organisation.objects.filter(parent=source, valid_to__isnull=True):
        if child.valid_from >= on:
            continue
        _close_version(child, on)
        _set_path(child, target)
        _open_version(child, on)
        _event(OrganisationEvent.Kind.MOVED, child, on, actor, reason, details={"from": source.code, "to": target.code})


@transaction.atomic
def org_merge(*, actor, sources: list[Organisation], into: Organisation, on: date, reason: str = "") -> Organisation:
    """Merge `sources` into `into` from `on`: each source closes the day before, its active
    children move under `into`, and the source itself hangs under `into` so its records stay
    reachable from the successor."""
    if not sources:
        raise UserError("Cần chọn ít nhất một tổ chức để hợp nhất.")
    require(actor, Action.MANAGE_ORGS, into)
    _require_active(into, on, "Tổ chức kế thừa")
    for source in sources:
        require(actor, Action.MANAGE_ORGS, source)
        if source.pk == into.pk:
            raise UserError(f"«{source.name}» không thể hợp nhất vào chính nó.")
        if into.path.startswith(source.path):
            raise UserError(f"Không thể hợp nhất «{source.name}» vào «{into.name}», một tổ chức nằm trong chính nhánh của nó.")
        _require_active(source, on, "Tổ chức được hợp nhất")
    for source in sources:
        _move_children(source, into, on, actor, reason)
        _close(source, on, actor, reason, successor=into)
        _set_path(source, into)
        _event(OrganisationEvent.Kind.MERGED, source, on, actor, reason, related=[into])
    _event(OrganisationEvent.Kind.MERGED, into, on, actor, reason, related=sources,
           details={"role": "successor"})
    return into


@transaction.atomic
def org_split(*, actor, source: Organisation, into: list[Organisation], on: date, reason: str = "") -> list[Organisation]:
    """Split `source` into the units `into` (created beforehand, valid from `on`). The source
    closes; its history stays where it was, linked to each successor by the split event."""
    if len(into) < 2:
        raise UserError("Chia tách cần ít nhất hai tổ chức kế thừa.")
    require(actor, Action.MANAGE_ORGS, source)
    _require_active(source, on, "Tổ chức được chia tách")
    for target in into:
        require(actor, Action.MANAGE_ORGS, target)
        if target.path.startswith(source.path):
            raise UserError(f"Tổ chức kế thừa «{target.name}» không được nằm trong nhánh của tổ chức bị chia tách.")
        _require_active(target, on, "Tổ chức kế thừa")
    if Organisation.objects.filter(parent=source, valid_to__isnull=True).exists():
        raise UserError(f"«{source.name}» còn tổ chức trực thuộc: hãy chuyển chúng sang các tổ chức kế thừa trước khi chia tách.")
    _close(source, on, actor, reason, successor=None)
    _event(OrganisationEvent.Kind.SPLIT, source, on, actor, reason, related=into)
    for target in into:
        _event(OrganisationEvent.Kind.SPLIT, target, on, actor, reason, related=[source], details={"role": "successor"})
    return into


@transaction.atomic
def org_appraisal_record(*, actor, organisation: Organisation, year: int, rating: str, note: str = "", reason: str = "") -> OrgYearlyAppraisal:
    """Record a unit's rating for a year (mức độ hoàn thành nhiệm vụ of the collective), replacing an earlier one."""
    from thidua.core.scales import Rating, clean_choice, clean_year

    require(actor, Action.MANAGE_COMMENDATIONS, organisation)
    year = clean_year(year)
    rating = clean_choice(rating, Rating, field="rating", label="Xếp loại")
    appraisal = OrgYearlyAppraisal.objects.select_for_update().filter(organisation=organisation, year=year).first()
    if appraisal is None:
        appraisal = OrgYearlyAppraisal.objects.create(organisation=organisation, year=year, rating=rating, note=normalise(note))
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=appraisal, before=None, after=snapshot(appraisal), reason=reason, org_path=organisation.path)
        return appraisal
    before = snapshot(appraisal)
    appraisal.rating, appraisal.note = rating, normalise(note)
    appraisal.save()
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=appraisal, before=before, after=snapshot(appraisal), reason=reason, org_path=organisation.path)
    return appraisal
