"""Finding the person a typed line or a spreadsheet cell names: a CCCD, or a name with or without a
birth date, among the people of a unit's subtree the actor sees (thidua.imports.people, as every
list import matches people). Forms and the registration import both read authors and council
members this way."""
from __future__ import annotations

import re
from datetime import date

from thidua.core.errors import UserError
from thidua.core.text import normalise
from thidua.imports.people import NoMatch, PeopleOf
from thidua.organisations.models import Organisation
from thidua.people.models import Person
from thidua.people.selectors import person_visible

_CCCD = re.compile(r"^\d{12}$")
_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")


def split_line(text: str) -> tuple[str, str, date | None]:
    """("cccd", "", None) or ("", name, birth date or None) from "001085001234" or "Nguyễn Văn Đức, 14/03/1985"."""
    text = normalise(text)
    if _CCCD.match(text):
        return text, "", None
    born = None
    match = _DATE.search(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            born = date(year, month, day)
        except ValueError:
            raise UserError(f"Ngày sinh trong «{text}» không hợp lệ: hãy viết dd/mm/yyyy.", field="authors") from None
        text = text[:match.start()]
    return "", normalise(text.strip(" ,;-–()")), born


def find_person(*, actor, unit: Organisation, text: str = "", cccd: str = "", name: str = "", born: date | None = None,
                field: str = "authors") -> Person:
    """The one person a line names among the people linked to `unit`'s subtree (by CCCD anywhere the actor sees)."""
    if text:
        cccd, name, born = split_line(text)
    finder = PeopleOf(unit, people=person_visible(actor=actor), cccd_anywhere=True)
    try:
        return finder.find(cccd=cccd, name=name, born=born)
    except NoMatch as exc:
        raise UserError(exc.message + ".", field=field) from None


def find_people(*, actor, unit: Organisation, lines: str, field: str = "authors") -> list[Person]:
    """One person per non-empty line (or per «;»-separated item)."""
    items = [part for line in (lines or "").splitlines() for part in line.split(";")]
    return [find_person(actor=actor, unit=unit, text=item, field=field) for item in items if normalise(item)]
