"""Importing a roster of members: validate each row, find duplicates, write everything in one transaction.

Each row is classed create, update, unchanged, duplicate or error. A row is the same person as one
already stored when the CCCD is the same; or, for someone already linked to the `--org` subtree, when
the unaccented name and the date of birth are the same (or the name alone, when no date is given).
A name-and-birth match with someone elsewhere is a duplicate the user decides on; a close name with
the same date of birth (rapidfuzz), among the subtree's people or the file's earlier rows, is only
suggested. Nothing is ever merged silently.

A hundred thousand rows against a million stored people: the rows are parsed with the cycle
collector paused, each kind of lookup is one index probe per row (lists of values joined to the
table), and the new rows go in as plain tuples with ids reserved beforehand (see thidua.core.db).
A million rows: they are read, checked, matched and written a slice at a time, and only the rows
worth showing are kept, so memory grows with what the user has to look at, not with the file.
"""
from __future__ import annotations

import itertools
import json
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Callable

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from thidua.core.db import bulk_writes, insert_rows, many_objects, prefix_q, prefix_range, reserve_ids
from thidua.core.errors import UserError
from thidua.core.models import AuditEntry
from thidua.core.permissions import Action, require
from thidua.core.templatetags.vn import so
from thidua.core.text import PersonName, search_key, split_name
from thidua.imports.reading import (
    CellError, Column, Mapping, Table, parse_cccd, parse_code, parse_date, parse_date_or_mark, parse_gender, parse_phone, parse_text,
    stream_table,
)
from thidua.imports import results
from thidua.imports.results import SHOWN_PLAIN_ROWS, Problem
from thidua.organisations.models import Organisation
from thidua.people.models import Employment, Membership, Person, Profession
from thidua.people.validation import clean_cccd, clean_email, clean_phone


@lru_cache(maxsize=4096)
def parse_profession(value) -> str:
    """A roster repeats a handful of titles: each distinct one is matched once."""
    text = search_key(parse_text(value))
    if not text:
        return ""
    for choice, label in Profession.choices:
        key = search_key(label)
        if text == key or text == choice or text.startswith(key + " "):
            return choice
    return Profession.OTHER


MEMBERS = Mapping(
    name="members",
    columns=(
        Column("full_name", "Họ và tên", ("Họ tên", "Họ và tên đoàn viên", "Tên đoàn viên", "Họ, tên"), required=True),
        Column("date_of_birth", "Ngày sinh", ("Ngày, tháng, năm sinh", "Ngày tháng năm sinh", "Sinh ngày"), parse_date),
        Column("gender", "Giới tính", ("Phái", "Nam/Nữ", "Nam, Nữ"), parse_gender),
        Column("cccd", "Số CCCD", ("CCCD", "Căn cước", "Số căn cước", "Số căn cước công dân", "Số định danh", "CCCD/CMND"), parse_cccd),
        Column("phone", "Điện thoại", ("SĐT", "Số điện thoại", "ĐT", "Di động"), parse_phone),
        Column("email", "Email", ("Thư điện tử", "E-mail")),
        Column("unit", "Đơn vị", ("Khoa, phòng", "Khoa phòng", "Khoa/phòng", "Đơn vị công tác", "Tổ công đoàn")),
        Column("unit_code", "Mã đơn vị", ("Mã khoa, phòng",)),
        Column("profession", "Chức danh nghề nghiệp", ("Chức danh", "Nghề nghiệp")),
        Column("position", "Chức vụ", ()),
        Column("member_since", "Ngày vào công đoàn", ("Ngày kết nạp", "Ngày vào CĐ", "Ngày kết nạp công đoàn"), parse_date),
        Column("card_number", "Số thẻ đoàn viên", ("Số thẻ", "Số thẻ ĐV", "Mã thẻ"), parse_code),
    ),
)

Progress = Callable[[int, str], None]
SLICE_ROWS = 10_000  # rows read, checked, matched and written together; progress is reported once a slice

PERSON_FIELDS = ("full_name", "gender", "date_of_birth", "cccd", "phone", "email")


@dataclass(slots=True)
class RowResult:
    number: int
    status: str = "create"  # create, update, unchanged, duplicate, error
    data: dict = field(default_factory=dict)
    unit: Organisation | None = None
    person: Person | None = None
    changes: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    suggestion: str = ""
    name: PersonName | None = None
    key: str = ""  # the unaccented name
    cells: list | None = None  # the row as read, for the problems sheet


@dataclass(slots=True)
class Kept:
    """A row with something to say (a problem, a suggestion), or among the first rows the pages list,
    once its slice is done: what the pages, the summary and the problems sheet read of it."""

    number: int
    status: str
    problems: list[Problem]
    suggestion: str
    full_name: str
    born: date | None
    unit_name: str
    changes: tuple[str, ...]
    cells: list | None  # the row as read, when it has problems (for the problems sheet)

    @classmethod
    def of(cls, r: RowResult) -> "Kept":
        return cls(r.number, r.status, r.problems, r.suggestion, r.data.get("full_name") or "", r.data.get("date_of_birth"),
                   r.unit.name if r.unit else "", tuple(sorted(r.changes)), r.cells if r.problems else None)


class ImportResult(results.ImportResult):
    """A members import: each row is created, updated, unchanged, a duplicate or an error."""

    counts = (("created", "create"), ("updated", "update"), ("unchanged", "unchanged"), ("duplicates", "duplicate"),
              ("errors", "error"))


def _display(value) -> str:
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return parse_text(value)


_PARSERS = {c.key: c.parser for c in MEMBERS.columns}
_LABELS = {c.key: c.label for c in MEMBERS.columns}
EARLIEST_BIRTH = date(1900, 1, 1)


def _parse_row(row, table: Table, units: dict[str, Organisation], org: Organisation, on: date) -> RowResult:
    result = RowResult(number=row.number, cells=row.cells)
    problems = result.problems

    def problem(key_or_label: str, value, message: str, *, label: str | None = None):
        column = label or table.labels.get(key_or_label) or _LABELS[key_or_label]
        problems.append(Problem(row.number, column, _display(value), message))

    data: dict = {}
    for key, raw in row.values.items():
        if raw is None:
            data[key] = None
            continue
        try:
            data[key] = _PARSERS[key](raw)
        except CellError as exc:
            problem(key, raw, f"{table.labels[key]}: {exc}")
            data[key] = None
    if row.birth_from_column is not None:
        try:
            born, marked = parse_date_or_mark(row.birth_from_column)
        except CellError as exc:
            problem("", row.birth_from_column, f"Ngày sinh: {exc}", label=row.birth_column_label)
        else:
            if born and not data.get("date_of_birth"):
                data["date_of_birth"] = born
            if marked and not data.get("gender"):
                data["gender"] = row.gender_from_column
    born = data.get("date_of_birth")
    if born and not EARLIEST_BIRTH <= born <= on:
        problem("date_of_birth", born, f"Ngày sinh {born:%d/%m/%Y} không hợp lệ (phải từ 01/01/1900 đến {on:%d/%m/%Y})")
        data["date_of_birth"] = born = None
    name = split_name(data.get("full_name") or "")
    if not name.given:
        problem("full_name", "", "Họ và tên không được để trống")
    elif len(name.full) > 150:
        problem("full_name", name.full, "Họ và tên dài quá 150 ký tự")
    data["full_name"] = name.full
    result.name, result.key = name, name.search_full
    gender = data.get("gender") or ""
    if data.get("cccd"):
        raw = data["cccd"]
        try:
            data["cccd"] = clean_cccd(raw, gender=gender, born=born)
        except UserError as exc:
            digits = "".join(ch for ch in raw if ch.isdigit())
            problem("cccd", raw, "Số CCCD phải có 12 chữ số" if len(digits) != 12 or digits != raw.replace(" ", "").replace(".", "") else exc.message)
    for key, cleaner in (("phone", clean_phone), ("email", clean_email)):
        if data.get(key):
            try:
                data[key] = cleaner(data[key])
            except UserError as exc:
                problem(key, data[key], exc.message)
    data["gender"] = gender
    for key in ("phone", "email", "position", "card_number"):
        data[key] = data.get(key) or ""
    data["profession"] = parse_profession(data.get("profession"))
    unit = org
    for key in ("unit_code", "unit"):
        text = data.get(key)
        if text:
            found = units.get(text.lower()) or units.get(search_key(text))
            if found is None:
                problem(key, text, f"Không tìm thấy đơn vị «{text}» trực thuộc {org.name}")
            else:
                unit = found
            break
    result.unit, result.data = unit, data
    if problems:
        result.status = "error"
    return result


def _unit_index(org: Organisation, on: date) -> dict[str, Organisation]:
    index: dict[str, Organisation] = {}
    subtree = Organisation.objects.filter(prefix_q("path", org.path)).order_by("-depth")
    for unit in subtree:
        if not unit.is_active_on(on):
            continue
        index[unit.code.lower()] = unit
        index[search_key(unit.name)] = unit  # nearer the top wins on a shared name
    return index


def _chunks(items: list, size: int = 500):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _has_diacritics(text: str) -> bool:
    return not text.isascii()


def _changes(person: Person, data: dict) -> dict:
    changes = {}
    for key in PERSON_FIELDS:
        value = data.get(key)
        if value in (None, ""):
            continue  # an empty cell never erases what is stored
        if key == "full_name" and search_key(value) == person.search_full and not _has_diacritics(value):
            continue  # a name typed without diacritics never strips them from the stored one
        if getattr(person, key) != value:
            changes[key] = value
    return changes


class _Matcher:
    """Classes each valid row, a slice at a time, against the file's earlier rows and the people
    stored before the import began (`horizon`: the highest id then), so a slice never matches the
    people that the slices before it have just written."""

    def __init__(self, org: Organisation, on: date):
        self.org, self.on = org, on
        self.horizon = Person.objects.aggregate(top=Max("pk"))["top"] or 0
        # The rows seen so far, compactly (a million rows are held here): CCCD as a number; unaccented
        # name under its date of birth.
        self.seen_cccd: dict[int, int] = {}
        self.seen_name: dict[date, dict[str, int]] = {}
        self.seen_person: dict[int, int] = {}
        self.known: dict[date, tuple[list[str], list[int]]] | None = None  # the subtree's people by birth date
        self.earlier: dict[date, tuple[list[str], list[int]]] = {}  # the file's new people by birth date

    def match(self, results: list[RowResult]) -> None:
        live = [r for r in results if r.status != "error"]
        by_cccd = {p.cccd: p for p in _people(self._probe(("cccd",), {(r.data["cccd"],) for r in live if r.data.get("cccd")}))}
        # Same name and date of birth: an index probe per row. A row without a date of birth can only be
        # someone of the same name already linked to the subtree.
        wanted = self._probe(("date_of_birth", "search_full"), {(r.data["date_of_birth"], r.key) for r in live if r.data.get("date_of_birth")})
        unborn = sorted({r.key for r in live if not r.data.get("date_of_birth")})
        for chunk in _chunks(unborn):
            wanted += [pk for pk in Person.objects.filter(search_full__in=chunk).values_list("pk", flat=True) if pk <= self.horizon]
        by_name: dict[str, list[Person]] = {}
        for person in _people(wanted):
            by_name.setdefault(person.search_full, []).append(person)
        linked_ids = _linked([p.pk for group in by_name.values() for p in group], self.org)

        seen_cccd, seen_name, seen_person = self.seen_cccd, self.seen_name, self.seen_person
        for r in live:
            data, key = r.data, r.key
            cccd, born = data.get("cccd"), data.get("date_of_birth")

            def duplicate(column: str, value, message: str):
                r.status = "duplicate"
                r.problems.append(Problem(r.number, column, _display(value), message))

            if cccd and int(cccd) in seen_cccd:
                duplicate("Số CCCD", cccd, f"Trùng số CCCD với dòng {seen_cccd[int(cccd)]}")
                continue
            same_day = seen_name.get(born) if born else None
            if same_day and key in same_day:
                duplicate("Họ và tên", data["full_name"], f"Trùng họ tên và ngày sinh với dòng {same_day[key]}")
                continue
            person = by_cccd.get(cccd) if cccd else None
            if person is None and key in by_name:
                same_name = [p for p in by_name[key] if not (cccd and p.cccd and p.cccd != cccd)]
                if born:
                    same = [p for p in same_name if p.date_of_birth == born]
                    ours = [p for p in same if p.pk in linked_ids]
                    if len(ours) == 1:
                        person = ours[0]
                    elif same:
                        duplicate("Họ và tên", data["full_name"], f"Trùng họ tên và ngày sinh với người đã có trong hệ thống (mã {same[0].pk})")
                        continue
                else:
                    ours = [p for p in same_name if p.pk in linked_ids]
                    if len(ours) == 1:
                        person = ours[0]
                    elif ours:  # which of them? a new one would only add to the confusion
                        duplicate("Họ và tên", data["full_name"], f"Có {len(ours)} người tên «{data['full_name']}» trong "
                                  f"{self.org.name}: hãy ghi ngày sinh hoặc số CCCD để phân biệt")
                        continue
            if person is not None and person.pk in seen_person:
                duplicate("Họ và tên", data["full_name"], f"Cùng một người với dòng {seen_person[person.pk]}")
                continue
            if cccd:
                seen_cccd[int(cccd)] = r.number
            if born:
                (same_day if same_day is not None else seen_name.setdefault(born, {}))[key] = r.number
            if person is not None:
                seen_person[person.pk] = r.number
                r.person, r.changes = person, _changes(person, data)
                r.status = "update" if r.changes else "unchanged"
            else:
                r.status = "create"
        self._suggest([r for r in live if r.status == "create"])

    def _probe(self, columns: tuple[str, ...], keys: set[tuple]) -> list[int]:
        """Ids of the people stored before the import whose `columns` hold one of `keys`: the keys joined
        to the table, so each is one probe of an index. PostgreSQL takes them as arrays (one statement
        for the slice), SQLite as a list of values (a thousand keys a statement)."""
        quote = connection.ops.quote_name
        table = quote(Person._meta.db_table)
        on = " AND ".join(f"p.{quote(c)} = v.c{i}" for i, c in enumerate(columns))
        names = ", ".join(f"c{i}" for i in range(len(columns)))
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                arrays = ", ".join(f"%s::{'date' if c == 'date_of_birth' else 'text'}[]" for c in columns)
                cursor.execute(f"SELECT p.id FROM unnest({arrays}) AS v({names}) JOIN {table} p ON {on}",
                               [list(values) for values in zip(*keys)] if keys else [[] for _ in columns])
                rows = cursor.fetchall()
            else:
                rows = []
                row = "(" + ", ".join(["%s"] * len(columns)) + ")"
                for chunk in _chunks(sorted(keys), 1000):
                    cursor.execute(f"WITH v({names}) AS (VALUES {', '.join([row] * len(chunk))}) SELECT p.id FROM v JOIN {table} p ON {on}",
                                   [value for key in chunk for value in key])
                    rows += cursor.fetchall()
        # The horizon is applied here: as a condition it would lead SQLite's planner off the index.
        return [r[0] for r in rows if r[0] <= self.horizon]

    def _suggest(self, creates: list[RowResult]) -> None:
        """A close name with the same date of birth is pointed out, never merged: among the people now
        working in or members of the subtree (the officer's own people, whom the officer can check;
        nobody outside the officer's scope is named), and among the earlier rows of the file."""
        from rapidfuzz import fuzz, process

        if not any(r.data.get("date_of_birth") for r in creates):
            return
        if self.known is None:  # read once, before anything of this import is written
            self.known = {}
            for pk, key, born in _subtree_people(self.org, EARLIEST_BIRTH, self.on):
                keys, pks = self.known.get(born) or self.known.setdefault(born, ([], []))
                keys.append(key)
                pks.append(pk)
        known, earlier = self.known, self.earlier
        found: list[tuple[RowResult, int]] = []
        for r in creates:
            born = r.data.get("date_of_birth")
            if not born:
                continue
            if born in known:
                keys, pks = known[born]
                best = process.extractOne(r.key, keys, scorer=fuzz.ratio, score_cutoff=SUGGEST_SCORE)
                if best:
                    found.append((r, pks[best[2]]))
                    continue
            if born in earlier:
                keys, numbers = earlier[born]
                best = process.extractOne(r.key, keys, scorer=fuzz.ratio, score_cutoff=SUGGEST_SCORE)
                if best:
                    r.suggestion = f"Có thể trùng với dòng {numbers[best[2]]}, cùng ngày sinh {born:%d/%m/%Y}: hãy kiểm tra"
            keys, numbers = earlier.get(born) or earlier.setdefault(born, ([], []))
            keys.append(r.key)
            numbers.append(r.number)
        names: dict[int, str] = {}
        for chunk in _chunks(sorted({pk for _, pk in found})):
            names.update(Person.objects.filter(pk__in=chunk).values_list("pk", "full_name"))
        for r, pk in found:
            born = r.data["date_of_birth"]
            r.suggestion = f"Có thể trùng với «{names[pk]}» (mã {pk}), cùng ngày sinh {born:%d/%m/%Y}: hãy kiểm tra"


def _people(ids) -> list[Person]:
    people: list[Person] = []
    for chunk in _chunks(sorted(set(ids))):
        people += Person.objects.filter(pk__in=chunk).order_by("pk")
    return people


def _linked(person_ids, org: Organisation) -> set[int]:
    """Those of `person_ids` who work in or are members of the `org` subtree (ever)."""
    linked: set[int] = set()
    for chunk in _chunks(sorted(person_ids)):
        linked.update(Employment.objects.filter(person_id__in=chunk).filter(prefix_q("organisation__path", org.path)).values_list("person_id", flat=True))
        linked.update(Membership.objects.filter(person_id__in=chunk).filter(prefix_q("org_path", org.path)).values_list("person_id", flat=True))
    return linked


SUGGEST_SCORE = 85  # rapidfuzz ratio of the unaccented names, out of 100


def _subtree_people(org: Organisation, born_from: date, born_to: date):
    """(id, unaccented name, date of birth) of everyone now a member of or working in the subtree,
    born in the range: one statement, the two links united by the database."""
    person, membership, employment, organisation = (
        connection.ops.quote_name(m._meta.db_table) for m in (Person, Membership, Employment, Organisation))
    low, high = prefix_range(org.path)
    sql = (
        f"SELECT p.id, p.search_full, p.date_of_birth FROM {person} p WHERE p.date_of_birth BETWEEN %s AND %s AND p.id IN ("
        f" SELECT m.person_id FROM {membership} m WHERE m.org_path >= %s AND m.org_path < %s AND m.{connection.ops.quote_name('left')} IS NULL"
        f" UNION SELECT e.person_id FROM {employment} e JOIN {organisation} o ON o.id = e.organisation_id"
        f" WHERE o.path >= %s AND o.path < %s AND e.{connection.ops.quote_name('end')} IS NULL)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [born_from, born_to, low, high, low, high])
        while rows := cursor.fetchmany(10000):
            for pk, key, born in rows:
                yield pk, key, born if isinstance(born, date) else date.fromisoformat(born)


def members_import(
    *, actor, path: str | Path, org: Organisation, on: date, dry_run: bool = False, skip_invalid: bool = False,
    sheet: str | None = None, reason: str = "", progress: Progress | None = None,
) -> ImportResult:
    """`progress(percent, message)`, when given, is told how far the import has gone (0–100)."""
    require(actor, Action.MANAGE_PEOPLE, org)
    with many_objects():
        return _import(actor=actor, path=Path(path), org=org, on=on, dry_run=dry_run, skip_invalid=skip_invalid, sheet=sheet,
                       reason=reason or f"Nhập từ tệp {Path(path).name}", report=progress or (lambda percent, message: None))


def _import(*, actor, path: Path, org: Organisation, on: date, dry_run: bool, skip_invalid: bool, sheet: str | None,
            reason: str, report: Progress) -> ImportResult:
    """The rows are read, checked, matched and (unless `dry_run`) written a slice at a time, inside
    one transaction: an error row found late rolls back what the slices before it wrote, unless
    `skip_invalid`. What a slice leaves behind is only what the summary and the pages show."""
    report(0, "Đang đọc tệp")
    table, rows = stream_table(path, MEMBERS, sheet=sheet)
    units = _unit_index(org, on)
    tally: Counter = Counter()
    outcome = ImportResult(rows=[], table=table, tally=tally, total=0)
    with bulk_writes(), (nullcontext() if dry_run else transaction.atomic()):
        matcher = _Matcher(org, on)
        writer = None if dry_run else _Writer(actor=actor, on=on, reason=reason)
        done, size, plain, failed = 0, max(table.size, 1), 0, False
        while batch := list(itertools.islice(rows, SLICE_ROWS)):
            step = 90 * len(batch) // size // 3  # a third of the slice's share of the bar for each stage
            report(5 + 90 * done // size, f"Đang kiểm tra dòng {so(done + 1)}–{so(done + len(batch))} / {so(size)}")
            results = [_parse_row(row, table, units, org, on) for row in batch]
            report(5 + 90 * done // size + step, "Đang tìm người trùng")
            matcher.match(results)
            failed = failed or (not skip_invalid and any(r.status == "error" for r in results))
            if writer and not failed:  # after an error row only the checking goes on
                report(5 + 90 * done // size + 2 * step, "Đang ghi vào cơ sở dữ liệu")
                writer.write(results)
            for r in results:  # the rest is counted, not kept: a million rows would weigh
                tally[r.status] += 1
                noted = bool(r.problems or r.suggestion)
                if noted or plain < SHOWN_PLAIN_ROWS:
                    plain += not noted
                    outcome.rows.append(Kept.of(r))
            done += len(batch)
            outcome.total = done
        if writer and failed:
            transaction.set_rollback(True)  # nothing of a file with errors is written
        elif writer:
            outcome.committed = True
    report(100, "Đã nhập xong" if outcome.committed else "Đã kiểm tra xong")
    return outcome


def _audit_after(values: dict) -> dict:
    """What snapshot(person) gives for a person just created from these values."""
    born = values["date_of_birth"]
    return {**values, "date_of_birth": born.isoformat() if born else None}


PERSON_COLUMNS = ["id", "full_name", "family_name", "middle_name", "given_name", "gender", "date_of_birth", "cccd", "phone",
                  "email", "search_full", "search_given_first", "sort_key", "created_at", "updated_at"]


class _Writer:
    """Writes a slice's rows inside the import's transaction. New people go in as plain tuples through
    insert_rows (COPY / executemany) with ids taken beforehand: a model instance per row would cost
    more than the row. Updates go through the people services, one by one (they are few)."""

    def __init__(self, *, actor, on: date, reason: str):
        self.actor, self.on, self.reason = actor, on, reason
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())
        self.actor_id = actor.pk if getattr(actor, "pk", None) else None
        self.actor_name = getattr(actor, "username", "") or "hệ thống"

    def write(self, results: list[RowResult]) -> None:
        from thidua.people.services import membership_join, person_update

        creates = [r for r in results if r.status == "create"]
        now, on, reason = self.now, self.on, self.reason
        people, employments, memberships, entries = [], [], [], []
        for r, pk in zip(creates, reserve_ids(Person, len(creates))):
            d, name, unit = r.data, r.name, r.unit
            values = {"full_name": name.full, "family_name": name.family, "middle_name": name.middle, "given_name": name.given,
                      "gender": d["gender"], "date_of_birth": d.get("date_of_birth"), "cccd": d.get("cccd") or None,
                      "phone": d["phone"], "email": d["email"]}
            people.append((pk, *values.values(), r.key, name.search_given_first, name.sort_key, now, now))
            employments.append((pk, unit.pk, on, None, d["profession"], d["position"]))
            if d.get("member_since") or d["card_number"]:
                memberships.append((pk, unit.pk, d.get("member_since") or on, None, d["card_number"], unit.path, ""))
            entries.append((now, self.actor_id, self.actor_name, AuditEntry.Action.CREATE, "people.person", str(pk), name.full[:300],
                            unit.path, None, json.dumps(_audit_after(values)), reason))
        insert_rows(Person, PERSON_COLUMNS, people)
        insert_rows(Employment, ["person", "organisation", "start", "end", "profession", "position"], employments)
        insert_rows(Membership, ["person", "organisation", "joined", "left", "card_number", "org_path", "end_reason"], memberships)
        insert_rows(AuditEntry, ["at", "actor", "actor_name", "action", "model", "object_id", "object_repr", "org_path",
                                 "before", "after", "reason"], entries)
        for r in results:
            if r.status == "update":
                person_update(actor=self.actor, person=r.person, reason=reason, **r.changes)
                d = r.data
                if (d.get("member_since") or d["card_number"]) and not Membership.objects.filter(person=r.person, left__isnull=True).exists():
                    membership_join(actor=self.actor, person=r.person, organisation=r.unit, joined=d.get("member_since") or on,
                                    card_number=d["card_number"], reason=reason)
