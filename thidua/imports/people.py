"""Finding the person a row of a list names, the same way for every list that names people.

A row names someone by CCCD or, without one (or with a CCCD nobody holds), by the unaccented name
and the date of birth, among the people who work or hold membership in a unit's subtree (during
`year` when given). One match is the person; none or several is a `NoMatch` whose Vietnamese
message says what to write, and whose `field` is the column to blame. Nothing is guessed.
"""
from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from thidua.core.db import prefix_q
from thidua.core.errors import UserError
from thidua.core.text import search_key
from thidua.organisations.models import Organisation
from thidua.people.models import Employment, Membership, Person


class NoMatch(UserError):
    """No one, or more than one, fits the row: `field` is "cccd", "full_name" or "date_of_birth"."""


class PeopleOf:
    """The people linked to `org`'s subtree (in `year`, if given), among `people` (default: everyone).

    With `cccd_anywhere`, a CCCD finds its holder among `people` even outside the subtree (forms
    naming council members); otherwise the holder must be linked to the subtree too."""

    def __init__(self, org: Organisation, *, year: int | None = None, people: QuerySet | None = None,
                 cccd_anywhere: bool = False):
        self.org, self.cccd_anywhere = org, cccd_anywhere
        self.people = people if people is not None else Person.objects.all()
        employed = Employment.objects.filter(prefix_q("organisation__path", org.path))
        members = Membership.objects.filter(prefix_q("org_path", org.path))
        if year is not None:
            first, last = date(year, 1, 1), date(year, 12, 31)
            employed = employed.filter(start__lte=last).filter(Q(end__isnull=True) | Q(end__gte=first))
            members = members.filter(joined__lte=last).filter(Q(left__isnull=True) | Q(left__gte=first))
        self.linked = Q(pk__in=employed.values("person_id")) | Q(pk__in=members.values("person_id"))

    def find(self, *, cccd: str = "", name: str = "", born: date | None = None) -> Person:
        """The one person the row names, or `NoMatch`."""
        where = f"{self.org.name} và các đơn vị trực thuộc"
        if cccd.isdigit() and 9 <= len(cccd) < 12:  # leading zeros lost on the way (a CSV saved from a number cell)
            cccd = cccd.zfill(12)
        if cccd:
            holders = self.people.filter(cccd=cccd)
            found = list((holders if self.cccd_anywhere else holders.filter(self.linked))[:1])
            if found:
                return found[0]
            if not name or holders.exists():
                scope = "phạm vi của bạn" if self.cccd_anywhere else where
                raise NoMatch(f"Không tìm thấy người có số CCCD {cccd} trong {scope}", field="cccd")
        if not name:
            raise NoMatch("Hãy ghi họ và tên (kèm ngày sinh nếu trùng tên) hoặc số CCCD", field="full_name")
        same = self.people.filter(self.linked, search_full=search_key(name))
        if born:
            same = same.filter(date_of_birth=born)
        if cccd:  # a CCCD nobody holds: not someone whose stored CCCD is another
            same = same.filter(Q(cccd__isnull=True) | Q(cccd=""))
        found = list(same.order_by("id")[:2])
        if len(found) == 1:
            return found[0]
        if not found:
            when = f", sinh ngày {born:%d/%m/%Y}" if born else ""
            raise NoMatch(f"Không tìm thấy «{name}»{when} trong {where}: hãy kiểm tra họ tên, ngày sinh, số CCCD, "
                          "hoặc thêm người này vào danh sách đoàn viên trước", field="full_name")
        if born:
            raise NoMatch(f"Có nhiều người tên «{name}» cùng ngày sinh {born:%d/%m/%Y} trong {where}: "
                          "hãy ghi số CCCD để phân biệt", field="full_name")
        raise NoMatch(f"Có nhiều người tên «{name}» trong {where}: hãy ghi ngày sinh hoặc số CCCD để phân biệt",
                      field="date_of_birth")
