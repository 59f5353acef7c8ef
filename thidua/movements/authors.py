"""Finding the person a typed line or a spreadsheet cell names: a CCCD, or a name with or without a
birth date, among the people of a unit's subtree the actor sees. Forms and the registration import
both read authors and council members this way."""
from __future__ import annotations

import re
from datetime import date

from thidua.core.db import prefix_q
from thidua.core.errors import UserError
from thidua.core.text import normalise, search_key
from thidua.organisations.models import Organisation
from thidua.people.models import Employment, Membership, Person
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
    people = person_visible(actor=actor)
    if cccd:
        found = list(people.filter(cccd=cccd)[:2])
        if not found:
            raise UserError(f"Không tìm thấy người có số CCCD {cccd} trong phạm vi của bạn.", field=field)
        return found[0]
    if not name:
        raise UserError("Hãy ghi họ và tên (kèm ngày sinh nếu trùng tên) hoặc số CCCD.", field=field)
    linked = (set(Employment.objects.filter(prefix_q("organisation__path", unit.path)).values_list("person_id", flat=True))
              | set(Membership.objects.filter(prefix_q("organisation__path", unit.path)).values_list("person_id", flat=True)))
    query = people.filter(search_full=search_key(name), pk__in=linked)
    if born:
        query = query.filter(date_of_birth=born)
    found = list(query.order_by("id")[:3])
    when = f" sinh ngày {born:%d/%m/%Y}" if born else ""
    if not found:
        raise UserError(f"Không tìm thấy «{name}»{when} trong {unit.name}: hãy kiểm tra lại họ tên, ngày sinh hoặc ghi số CCCD.",
                        field=field)
    if len(found) > 1:
        raise UserError(f"Có {len(found)} người tên «{name}»{when} trong {unit.name}: hãy ghi thêm ngày sinh hoặc số CCCD.",
                        field=field)
    return found[0]


def find_people(*, actor, unit: Organisation, lines: str, field: str = "authors") -> list[Person]:
    """One person per non-empty line (or per «;»-separated item)."""
    items = [part for line in (lines or "").splitlines() for part in line.split(";")]
    return [find_person(actor=actor, unit=unit, text=item, field=field) for item in items if normalise(item)]
