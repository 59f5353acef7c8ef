"""Writing spreadsheets: the `Sheet` every list exports with, the members of a subtree, and the
problems sheet of an import.

Headers are Vietnamese, dates are real date cells shown dd/mm/yyyy, and any text a spreadsheet
would take for a formula (starting with =, +, - or @) is written with a leading apostrophe-like
quote so it stays text (formula injection).
"""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from django.db.models import Q

from thidua.core.db import prefix_q
from thidua.imports.members import MEMBERS
from thidua.imports.results import ImportResult
from thidua.organisations.models import Organisation
from thidua.people.models import Employment, Gender, Membership, Person, Profession

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text that a spreadsheet would run as a formula, made plain text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


class Sheet:
    """One xlsx sheet written row by row: bold frozen Vietnamese headers, dates as real date cells
    shown dd/mm/yyyy, numbers as numbers, and text never taken for a formula or a link."""

    def __init__(self, path: Path, title: str):
        import xlsxwriter

        self.book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False})
        self.sheet = self.book.add_worksheet(title)
        self.date_format = self.book.add_format({"num_format": "dd/mm/yyyy"})
        self.header_format = self.book.add_format({"bold": True, "text_wrap": True, "valign": "top", "border": 1})

    def header(self, labels: list[str]) -> None:
        for c, label in enumerate(labels):
            self.sheet.write_string(0, c, label, self.header_format)
            self.sheet.set_column(c, c, max(12, len(label) + 2))
        self.sheet.freeze_panes(1, 0)

    def row(self, r: int, values: list) -> None:
        for c, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, datetime):
                value = value.date()
            if isinstance(value, date):
                self.sheet.write_datetime(r, c, datetime(value.year, value.month, value.day), self.date_format)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                self.sheet.write_number(r, c, value)
            else:
                self.sheet.write_string(r, c, neutralise(str(value)))

    def close(self) -> None:
        self.book.close()


EXPORT_COLUMNS = ["STT"] + [c.label for c in MEMBERS.columns]


def members_export(*, actor, org: Organisation, on: date, out: str | Path) -> int:
    """The people working or holding membership in `org`'s subtree on `on`; returns how many."""
    from thidua.core.permissions import Action, require

    require(actor, Action.VIEW, org)
    active_emp = Q(start__lte=on) & (Q(end__isnull=True) | Q(end__gte=on))
    active_mem = Q(joined__lte=on) & (Q(left__isnull=True) | Q(left__gte=on))
    employments = {}
    for e in Employment.objects.filter(active_emp, prefix_q("organisation__path", org.path)).select_related("organisation").order_by("person_id", "-start", "-id"):
        employments.setdefault(e.person_id, e)
    memberships = {}
    for m in Membership.objects.filter(active_mem, prefix_q("org_path", org.path)).select_related("organisation").order_by("person_id", "-joined", "-id"):
        memberships.setdefault(m.person_id, m)
    ids = set(employments) | set(memberships)
    people = Person.objects.filter(pk__in=ids).order_by("sort_key", "id") if len(ids) < 30000 else [
        p for p in Person.objects.order_by("sort_key", "id").iterator() if p.pk in ids
    ]
    genders, professions = dict(Gender.choices), dict(Profession.choices)
    sheet = Sheet(Path(out), "Đoàn viên")
    sheet.header(EXPORT_COLUMNS)
    count = 0
    for person in people:
        e, m = employments.get(person.pk), memberships.get(person.pk)
        unit = e.organisation if e else m.organisation
        count += 1
        sheet.row(count, [
            count, person.full_name, person.date_of_birth, genders.get(person.gender, ""), person.cccd or "",
            person.phone, person.email, unit.name, unit.code,
            professions.get(e.profession, "") if e else "", e.position if e else "",
            m.joined if m else None, m.card_number if m else "",
        ])
    sheet.close()
    return count


def problems_report(result: ImportResult, out: str | Path) -> int:
    """The rows with problems, as read, plus a "Lỗi" column: fix them and import the sheet again."""
    table = result.table
    keep = [i for i, h in enumerate(table.headers) if h]
    sheet = Sheet(Path(out), "Lỗi")
    sheet.header(["Dòng"] + [table.headers[i] for i in keep] + ["Lỗi"])
    by_number = {row.number: row for row in table.rows}  # lists read whole; a streamed one keeps its cells on each row
    r = 0
    for row in result.rows:
        if not row.problems:
            continue
        r += 1
        cells = getattr(row, "cells", None)
        cells = cells if cells is not None else by_number[row.number].cells
        sheet.row(r, [row.number] + [cells[i] if i < len(cells) else None for i in keep] + ["; ".join(p.message for p in row.problems)])
    sheet.close()
    return r


def members_template(out: str | Path) -> None:
    """An empty members sheet with the Vietnamese headers, to fill in and import."""
    sheet = Sheet(Path(out), "Đoàn viên")
    sheet.header(EXPORT_COLUMNS)
    sheet.close()
