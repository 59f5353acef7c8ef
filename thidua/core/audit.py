"""The audit log: every write service calls `audit_record` in the same transaction."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.db import models

from thidua.core.models import AuditEntry

# Fields that only mirror others (search and sort keys, the materialised path) are not history.
_SKIPPED = {"search_full", "search_given_first", "sort_key", "path", "org_path", "depth", "updated_at", "created_at"}


def _jsonable(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(obj: models.Model) -> dict:
    """The record's own field values, as JSON-ready data keyed by field name."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in _SKIPPED:
            continue
        data[field.attname] = _jsonable(getattr(obj, field.attname))
    return data


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model,
    before: dict | None,
    after: dict | None,
    reason: str = "",
    org_path: str = "",
) -> AuditEntry | None:
    """Leave a row for a create, update or delete. An update that changed nothing leaves none."""
    if action == AuditEntry.Action.UPDATE and before == after:
        return None
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "username", "") or "hệ thống",
        action=action,
        model=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        org_path=org_path,
        before=before,
        after=after,
        reason=reason or "",
    )
