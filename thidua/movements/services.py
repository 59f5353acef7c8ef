"""Writes about emulation movements: for now, recording initiatives and research topics."""
from __future__ import annotations

from datetime import date

from django.db import transaction

from thidua.core.audit import audit_record, snapshot
from thidua.core.errors import UserError
from thidua.core.models import AuditEntry
from thidua.core.permissions import Action, require
from thidua.core.scales import Scope, clean_choice, clean_year
from thidua.core.text import normalise
from thidua.movements.models import Initiative
from thidua.organisations.models import Organisation
from thidua.people.models import Person
from thidua.people.selectors import person_visible


@transaction.atomic
def initiative_record(
    *,
    actor,
    kind: str,
    title: str,
    year: int,
    organisation: Organisation,
    authors: list[Person],
    scope: str | None = None,
    accepted: bool = False,
    decision_number: str = "",
    decision_date: date | None = None,
    reason: str = "",
) -> Initiative:
    """Record an initiative (sáng kiến) or a research topic (đề tài) with its authors.

    An initiative `accepted` (recognised) must say at which scope; a topic may be recorded before
    it is accepted (nghiệm thu) and its scope known.
    """
    require(actor, Action.MANAGE_COMMENDATIONS, organisation)
    kind = clean_choice(kind, Initiative.Kind, field="kind", label="Loại")
    title = normalise(title or "")
    if not title:
        raise UserError("Hãy nhập tên sáng kiến hoặc đề tài.", field="title")
    if len(title) > 500:
        raise UserError("Tên sáng kiến, đề tài dài quá 500 ký tự.", field="title")
    year = clean_year(year)
    scope = clean_choice(scope, Scope, field="scope", label="Phạm vi công nhận", blank=True) or None
    if not isinstance(accepted, bool):
        raise UserError("«Đã công nhận, nghiệm thu» chỉ nhận có hoặc không.", field="accepted")
    if kind == Initiative.Kind.INITIATIVE and accepted and scope is None:
        raise UserError("Sáng kiến đã được công nhận phải ghi phạm vi công nhận (cấp cơ sở, cấp bộ, ngành, tỉnh hoặc toàn quốc).", field="scope")
    if decision_date is not None and decision_date.year < year:
        raise UserError(f"Ngày quyết định {decision_date:%d/%m/%Y} sớm hơn năm {year} của sáng kiến, đề tài.", field="decision_date")
    people = list(dict.fromkeys(authors or []))
    if not people:
        raise UserError("Hãy chọn ít nhất một tác giả.", field="authors")
    visible = set(person_visible(actor=actor).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True))
    missing = [p for p in people if p.pk not in visible]
    if missing:
        raise UserError(f"Không tìm thấy tác giả «{missing[0]}» trong phạm vi của bạn.", field="authors")
    initiative = Initiative.objects.create(
        kind=kind, title=title, year=year, organisation=organisation, scope=scope, accepted=accepted,
        decision_number=normalise(decision_number or ""), decision_date=decision_date,
    )
    initiative.authors.set(people)
    after = {**snapshot(initiative), "authors": sorted(p.pk for p in people)}
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=initiative, before=None, after=after, reason=reason, org_path=organisation.path)
    return initiative
