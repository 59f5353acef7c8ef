"""Spreadsheets of initiatives and topics: a year's list exported, a registration list imported.

The import reads with thidua.imports.reading (`Mapping`, `read_table`: header rows found below
titles, "STT" ignored, the sheet's own row numbers kept) and registers each row through
`initiative_register`. A list with problems writes nothing, unless the officer chooses to skip the
rows with problems; each problem names its row and says what to fix.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction

from thidua.core.errors import UserError
from thidua.core.permissions import Action, require
from thidua.core.text import search_key
from thidua.imports.export import Sheet
from thidua.imports.reading import Column, Mapping, parse_text, read_table
from thidua.movements.authors import find_person
from thidua.movements.models import Initiative
from thidua.movements.selectors import initiative_list
from thidua.movements.services import initiative_register
from thidua.organisations.models import Organisation
from thidua.organisations.selectors import org_subtree

REGISTRATIONS = Mapping(
    name="Đăng ký sáng kiến, đề tài",
    columns=(
        Column("title", "Tên sáng kiến/đề tài", ("Tên sáng kiến", "Tên đề tài", "Tên sáng kiến, đề tài", "Tên"), required=True),
        Column("kind", "Loại", ("Loại hình", "Sáng kiến/Đề tài")),
        Column("authors", "Tác giả", ("Tác giả, đồng tác giả", "Tên tác giả", "Chủ nhiệm đề tài"), required=True),
        Column("unit", "Đơn vị", ("Đơn vị áp dụng", "Khoa, phòng", "Mã đơn vị")),
        Column("year", "Năm", ("Năm đăng ký",)),
    ),
)

EXPORT_COLUMNS = ["STT", "Tên sáng kiến/đề tài", "Loại", "Tác giả", "Đơn vị", "Năm", "Trạng thái", "Phạm vi công nhận",
                  "Số quyết định", "Ngày quyết định", "Ngày đăng ký"]

_KINDS = {"sang kien": Initiative.Kind.INITIATIVE, "initiative": Initiative.Kind.INITIATIVE, "sk": Initiative.Kind.INITIATIVE,
          "de tai": Initiative.Kind.TOPIC, "de tai khoa hoc": Initiative.Kind.TOPIC, "de tai nckh": Initiative.Kind.TOPIC,
          "topic": Initiative.Kind.TOPIC, "dt": Initiative.Kind.TOPIC}


def initiatives_export(*, actor, year: int, unit: Organisation | None = None, out: str | Path) -> int:
    """A year's initiatives and topics in scope (of `unit`'s subtree if given); returns how many rows."""
    sheet = Sheet(Path(out), f"Sáng kiến, đề tài {year}")
    sheet.header(EXPORT_COLUMNS)
    count = 0
    for item in initiative_list(actor=actor, year=year, unit=unit):
        count += 1
        authors = "; ".join(f"{a.full_name}" + (f", {a.date_of_birth:%d/%m/%Y}" if a.date_of_birth else "") for a in item.authors.all())
        sheet.row(count, [count, item.title, item.get_kind_display(), authors, item.organisation.name, item.year,
                          item.get_status_display(), item.get_scope_display() if item.scope else "", item.decision_number,
                          item.decision_date, item.registered_on])
    sheet.close()
    return count


@dataclass
class ImportResult:
    created: list[Initiative] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (row number, message)


def _kind(value) -> str:
    text = parse_text(value)
    if not text:
        return Initiative.Kind.INITIATIVE
    found = _KINDS.get(search_key(text))
    if found is None:
        raise UserError(f"Loại «{text}» không rõ: hãy ghi «Sáng kiến» hoặc «Đề tài».", field="kind")
    return found


def _year(value, default: int) -> int:
    if value in (None, ""):
        return default
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = parse_text(value)
    if not text.isdigit():
        raise UserError(f"Năm «{text}» không hợp lệ: hãy ghi một năm, ví dụ {default}.", field="year")
    return int(text)


def _unit_of(value, unit: Organisation, units: dict[str, Organisation]) -> Organisation:
    text = parse_text(value)
    if not text:
        return unit
    found = units.get(text.upper()) or units.get(search_key(text))
    if found is None:
        raise UserError(f"Không tìm thấy đơn vị «{text}» trong {unit.name}: hãy ghi mã hoặc tên đơn vị trực thuộc.", field="unit")
    return found


def registrations_import(*, actor, unit: Organisation, path: str | Path, on: date, commit: bool = False) -> ImportResult:
    """Register every row of the list in `unit`'s subtree; with problems nothing is written unless `commit`."""
    require(actor, Action.MANAGE_COMMENDATIONS, unit)
    table = read_table(path, REGISTRATIONS)
    units: dict[str, Organisation] = {}
    for org in org_subtree(actor=actor, org=unit):
        units[org.code.upper()] = org
        units.setdefault(search_key(org.name), org)
    result = ImportResult()
    planned = []
    for row in table.rows:
        try:
            title = parse_text(row.values.get("title"))
            if not title:
                raise UserError("Thiếu tên sáng kiến, đề tài.", field="title")
            kind = _kind(row.values.get("kind"))
            cells = [part for part in parse_text(row.values.get("authors")).split(";") if part.strip()]
            if not cells:
                raise UserError("Thiếu tác giả: ghi số CCCD, hoặc họ và tên kèm ngày sinh.", field="authors")
            where = _unit_of(row.values.get("unit"), unit, units)
            authors = [find_person(actor=actor, unit=unit, text=cell) for cell in cells]
            planned.append((row.number, dict(kind=kind, title=title, year=_year(row.values.get("year"), on.year),
                                             organisation=where, authors=authors)))
        except UserError as exc:
            result.problems.append((row.number, exc.message))
    if not table.rows:
        raise UserError("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.", field="tep")
    if result.problems and not commit:
        return result
    with transaction.atomic():
        for number, values in planned:
            sid = transaction.savepoint()
            try:
                result.created.append(initiative_register(actor=actor, on=on, reason="Nhập từ danh sách đăng ký", **values))
            except UserError as exc:
                transaction.savepoint_rollback(sid)
                result.problems.append((number, exc.message))
                if not commit:
                    transaction.set_rollback(True)
                    result.created = []
                    break
            else:
                transaction.savepoint_commit(sid)
    result.problems.sort()
    return result
