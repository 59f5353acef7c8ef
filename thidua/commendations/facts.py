"""From records to the rules' `Subject`: one person's or one unit's facts, built from plain tuples.

The person page and the batch run both read plain rows from the database (thidua.commendations.records)
and hand them here, so a person judged alone and in a run over a million people is judged on exactly
the same facts. No ORM objects, no queries: this is the hot loop of the batch run.

How records become facts:
- A year with a `YearlyAppraisal` row is a year the platform holds: its rating, discipline (empty =
  none), absence, registration; the titles and initiatives of that year are then known lists (empty
  when none). A year without a row is unknown (MISSING) field by field, unless titles or
  initiatives were recorded for it.
- Time at the unit (`months_at_unit`) is counted from the employment periods, merged where one
  follows the next without a gap (a transfer between units is continuous work): the calendar months
  of the year fully covered. `hired_on` is the start of that continuous employment.
- Physicians' years of service (`Service`): an approximation from the platform's own employment
  periods: direct professional years are those in a clinical profession (doctor, physician
  assistant, nurse, midwife, technician, pharmacist), sector years are all employment (every unit
  of the platform is in the health sector); work before the first recorded employment is not
  counted, so both are lower bounds. "Manager" is read from the position held on the reference
  date (giám đốc, trưởng …, phó …).
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache
from typing import Iterable

from thidua.core.text import search_key
from thidua.rules.model import MISSING, Achievement, AwardHeld, Service, Subject, YearRecord

WINDOW = 10  # years of history read for a judged year: the longest look-back of the rules fits in it
PHYSICIAN_TITLES = frozenset({"thay_thuoc_uu_tu", "thay_thuoc_nhan_dan"})
CLINICAL = frozenset({"doctor", "physician_assistant", "nurse", "midwife", "technician", "pharmacist"})
_MANAGER_RE = re.compile(r"\b(giam doc|truong|pho|chu tich|thu truong)\b")
_ONE_DAY = timedelta(days=1)
_INTERN_LIMIT = 200_000
_EMPTY_YEAR = YearRecord()  # a year outside the window: every fact unknown, as Subject.year gives


def window(year: int) -> tuple[int, int]:
    """First and last year of history read to judge `year`."""
    return year - WINDOW + 1, year


def reference_date(year: int, on: date) -> date:
    """The day whose unit and employment count for a judged year: its last day, or the proposal if earlier."""
    return min(date(year, 12, 31), on)


# --- employment ----------------------------------------------------------------------------------


def merged_periods(employments: Iterable[tuple]) -> list[tuple[date, date | None]]:
    """Employment periods (start, end) merged where one starts by the day after the other ends."""
    periods = sorted((e[1], e[2]) for e in employments)
    merged: list[list] = []
    for start, end in periods:
        if merged:
            last = merged[-1]
            if last[1] is None or start <= last[1] + _ONE_DAY:
                if last[1] is not None and (end is None or end > last[1]):
                    last[1] = end
                continue
        merged.append([start, end])
    return [(s, e) for s, e in merged]


def hired_on(periods: list[tuple[date, date | None]], ref: date):
    """Start of the continuous employment holding `ref`, or the last one before it, or the first one."""
    if not periods:
        return MISSING
    before = [p for p in periods if p[0] <= ref]
    return (before[-1] if before else periods[0])[0]


def _month_end(year: int, month: int) -> date:
    return date(year + (month == 12), month % 12 + 1, 1) - _ONE_DAY


def months_in_year(periods: list[tuple[date, date | None]], year: int) -> int:
    """Calendar months of `year` fully covered by the (merged) employment periods."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    months = 0
    for start, end in periods:
        if start > last or (end is not None and end < first):
            continue
        if start <= first and (end is None or end >= last):
            return 12
        for month in range(1, 13):
            if start <= date(year, month, 1) and (end is None or end >= _month_end(year, month)):
                months += 1
    return min(months, 12)


def current_employment(employments: list[tuple], ref: date) -> tuple | None:
    """The employment held on `ref` (the latest started), else the last started before it, else the first."""
    if len(employments) < 2:
        return employments[0] if employments else None
    ordered = sorted(employments, key=lambda e: (e[1], e[0]))
    holding = [e for e in ordered if e[1] <= ref and (e[2] is None or e[2] >= ref)]
    if holding:
        return holding[-1]
    before = [e for e in ordered if e[1] <= ref]
    return before[-1] if before else ordered[0]


def _years_between(periods, until: date) -> int:
    days = 0
    for start, end in periods:
        if start > until:
            continue
        days += ((min(end, until) if end else until) - start).days + 1
    return int(days / 365.25)


def service_of(employments: list[tuple], periods, on: date, current: tuple | None) -> Service:
    key = tuple((e[1], e[2], e[3] in CLINICAL) for e in employments)
    return _service(key, tuple(periods), on, current[4] if current else "")


@lru_cache(maxsize=65536)
def _service(employments: tuple, periods: tuple, on: date, position: str) -> Service:
    clinical = merged_periods((None, start, end) for start, end, is_clinical in employments if is_clinical)
    manager = bool(position and _MANAGER_RE.search(search_key(position)))
    return Service(direct_years=_years_between(clinical, on), sector_years=_years_between(periods, on), manager=manager)


# --- a person ------------------------------------------------------------------------------------


def _year_record(key: tuple) -> YearRecord:
    """key: (appraisal values or None, titles or None, initiatives or None, topics or None, months)."""
    row, titles, inits, topics, months = key
    known = row is not None
    if known:
        rating, discipline, absent, maternity, registered = row
        values = {
            "rating": rating or MISSING, "discipline": discipline or None,
            "absent_days": MISSING if absent is None else absent,
            "maternity_days": MISSING if maternity is None else maternity,
            "registered": MISSING if registered is None else registered,
        }
    else:
        values = {}
    listed = known or inits is not None or topics is not None
    values["titles"] = titles if titles is not None else (() if known else MISSING)
    values["initiatives"] = inits if inits is not None else (() if listed else MISSING)
    values["topics"] = topics if topics is not None else (() if listed else MISSING)
    values["months_at_unit"] = months
    return YearRecord(**values)


class Interner:
    """Shares equal YearRecords between people: most years of most people look alike."""

    def __init__(self):
        self.records: dict[tuple, YearRecord] = {}

    def year(self, key: tuple) -> YearRecord:
        record = self.records.get(key)
        if record is None:
            if len(self.records) >= _INTERN_LIMIT:
                self.records.clear()
            record = self.records[key] = _year_record(key)
        return record


@lru_cache(maxsize=65536)
def _employment_window(periods: tuple, first: int, last: int, ref: date) -> tuple:
    """(hired_on, months at the unit for each year of the window), shared by everyone hired alike."""
    if not periods:
        return MISSING, (MISSING,) * (last - first + 1)
    return hired_on(list(periods), ref), tuple(months_in_year(periods, y) for y in range(first, last + 1))


class PersonFacts:
    """One person's facts for judging `year` on `on`, computed when first read.

    Attribute for attribute what the rules read of a `Subject` (`year(y)`, `years`, `hired_on`,
    `awards`, …), so the batch's verdict memo can read the few facts a title needs without building
    the rest; `subject()` gives the full Subject, with exactly the same values, for the pages.

    employments: (organisation_id, start, end, profession, position)
    appraisals:  (year, rating, discipline, absent_days, maternity_days, registered), any years
    awards:      (award code, year) of records not revoked
    initiatives: (year, kind, scope, accepted), kind "initiative" or "topic"
    categories:  award code → "title" or "form" (the catalogue's category)
    registrations: (award code, year) registered for and not withdrawn; None when not read (unknown)
    """

    kind = "individual"
    science_tasks = MISSING

    def __init__(self, *, year: int, on: date, employments: list, appraisals: list, awards: list, initiatives: list,
                 categories: dict[str, str], interner: Interner | None = None, registrations: list | None = None):
        self._year, self._on = year, on
        self._registrations = registrations
        self._first, self._last = window(year)
        self._employments, self._appraisals, self._awards, self._initiatives = employments, appraisals, awards, initiatives
        self._categories = categories
        self._interner = interner or Interner()
        self._records: dict[int, YearRecord] = {}
        self._window = None
        self._current = False

    # --- employment --------------------------------------------------------------------------
    def _employment(self) -> tuple:
        if self._window is None:
            periods = tuple(merged_periods(self._employments))
            self._window = (periods,) + _employment_window(periods, self._first, self._last, reference_date(self._year, self._on))
        return self._window

    @property
    def current(self) -> tuple | None:
        """The employment held on the reference date (its unit is the one whose rules apply)."""
        if self._current is False:
            self._current = current_employment(self._employments, reference_date(self._year, self._on))
        return self._current

    @property
    def hired_on(self):
        return self._employment()[1]

    @property
    def service(self):
        if not self._employments:
            return MISSING
        return service_of(self._employments, self._employment()[0], self._on, self.current)

    @property
    def profession(self):
        current = self.current
        return (current[3] or MISSING) if current else MISSING

    # --- years ---------------------------------------------------------------------------------
    def year(self, y: int) -> YearRecord:
        record = self._records.get(y)
        if record is None:
            if not self._first <= y <= self._last:
                return _EMPTY_YEAR
            record = self._records[y] = self._build_year(y)
        return record

    def _build_year(self, y: int) -> YearRecord:
        row = titles = inits = topics = None
        for appraisal in self._appraisals:
            if appraisal[0] == y:
                row = appraisal[1:]
                break
        for code, award_year in self._awards:
            if award_year == y and self._categories.get(code) == "title":
                titles = tuple(sorted(titles + (code,))) if titles else (code,)
        for init_year, kind, scope, accepted in self._initiatives:
            if init_year != y:
                continue
            if kind == "topic":
                topics = (topics or ()) + (Achievement(scope, bool(accepted)),)
            elif accepted:  # an initiative counts once recognised; an unrecognised one is no initiative yet
                inits = (inits or ()) + (Achievement(scope, True),)
        key = (row, titles, inits, topics, self._employment()[2][y - self._first])
        return self._interner.records.get(key) or self._interner.year(key)

    @property
    def years(self) -> dict[int, YearRecord]:
        return {y: self.year(y) for y in range(self._first, self._last + 1)}

    # --- awards --------------------------------------------------------------------------------
    @property
    def awards(self) -> tuple:
        forms = [AwardHeld(code, y) for code, y in self._awards if y <= self._year and self._categories.get(code) != "title"]
        return tuple(sorted(forms, key=_award_order)) if len(forms) > 1 else tuple(forms)

    @property
    def physician_titles(self) -> tuple:
        held = [AwardHeld(code, y) for code, y in self._awards if y <= self._year and code in PHYSICIAN_TITLES]
        return tuple(sorted(held, key=_award_order))

    @property
    def registrations(self):
        """(award, year) registered for in the judged year (the only year the rules ask about, so the batch's
        memo shares verdicts between people registered alike); MISSING when not read from the database."""
        return registrations_in_window(self._registrations, self._year, self._year)

    def subject(self) -> Subject:
        return Subject(kind=self.kind, hired_on=self.hired_on, years=self.years, awards=self.awards, service=self.service,
                       physician_titles=self.physician_titles, profession=self.profession, registrations=self.registrations)


def person_subject(*, year: int, on: date, employments, appraisals, awards, initiatives, categories: dict[str, str],
                   interner: Interner | None = None) -> Subject:
    """The Subject of one person for judging `year` on `on` (see PersonFacts for the rows it takes)."""
    return PersonFacts(year=year, on=on, employments=list(employments), appraisals=list(appraisals), awards=list(awards),
                       initiatives=list(initiatives), categories=categories, interner=interner).subject()


def _award_order(held: AwardHeld):
    return held.year, held.award


def registrations_in_window(rows, first: int, last: int):
    """The registration fact: sorted (award, year) pairs of years first..last, MISSING when the rows were not read."""
    if rows is None:
        return MISSING
    return tuple(sorted({(code, y) for code, y in rows if first <= y <= last}))


# --- a unit --------------------------------------------------------------------------------------


def unit_subject(
    *,
    year: int,
    ratings: dict[int, str],
    awards: Iterable[tuple],
    members: dict,
    categories: dict[str, str],
    registrations: Iterable[tuple] | None = None,
) -> Subject:
    """The Subject of one collective for judging `year`.

    ratings: year → rating from OrgYearlyAppraisal; awards: (code, year) of records not revoked;
    members: the member counts of `year` (members, members_completed, members_ldtt, members_cstdcs,
    members_disciplined), any of them MISSING when not all members' records are there.
    """
    first, last = window(year)
    titles: dict[int, list[str]] = {}
    forms = []
    for code, award_year in awards:
        if award_year > year:
            continue
        if categories.get(code) == "title":
            if award_year >= first:
                titles.setdefault(award_year, []).append(code)
        else:
            forms.append(AwardHeld(code, award_year))
    years = {}
    for y in range(first, last + 1):
        known = y in ratings
        values = {
            "rating": ratings[y] if known else MISSING,
            "titles": tuple(sorted(titles[y])) if y in titles else (() if known else MISSING),
        }
        if y == year:
            values.update(members)
        years[y] = YearRecord(**values)
    return Subject(kind="collective", years=years, awards=tuple(sorted(forms, key=lambda a: (a.year, a.award))),
                   registrations=registrations_in_window(registrations, year, year))
