"""Registrations (đăng ký thi đua) as spreadsheets: the export of a round, and the import of a unit's list.

The import reads with the import machinery (thidua.imports.reading: `Mapping`, `read_table`), so
the header may sit below title rows and use the usual synonyms. Each row names a person (matched
by thidua.imports.people: CCCD, or the unaccented name and the date of birth, among the people of
the unit's subtree that year), the title registered for and, optionally, the unit (a unit below the
importing one). The preview
is the same reading without writing; the confirmation writes every valid row in one transaction
through the same checks as a registration made on the page. The export writes real date cells
and neutralises text a spreadsheet would run as a formula (thidua.imports.export).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction
from django.db.models import Q

from thidua.core.db import prefix_q
from thidua.core.errors import UserError
from thidua.core.permissions import Action, require
from thidua.core.text import search_key
from thidua.imports import results
from thidua.imports.export import Sheet
from thidua.imports.people import NoMatch, PeopleOf
from thidua.imports.results import Problem
from thidua.imports.reading import CellError, Column, Mapping, parse_cccd, parse_date, parse_text, read_table
from thidua.organisations.models import Organisation
from thidua.people.models import Employment, Membership, Person
from thidua.registrations.models import Registration, RegistrationRound
from thidua.registrations.selectors import registration_list
from thidua.registrations.services import clean_registered_award, registration_bulk_create
from thidua.rules import catalogue

REGISTRATIONS = Mapping(
    name="registrations",
    columns=(
        Column("full_name", "Họ và tên", ("Họ tên", "Họ, tên", "Tên cá nhân", "Họ và tên cá nhân"), required=True),
        Column("date_of_birth", "Ngày sinh", ("Ngày, tháng, năm sinh", "Ngày tháng năm sinh", "Sinh ngày"), parse_date),
        Column("cccd", "Số CCCD", ("CCCD", "Căn cước", "Số căn cước", "Số căn cước công dân", "Số định danh", "CCCD/CMND"), parse_cccd),
        Column("award", "Danh hiệu đăng ký", ("Danh hiệu", "Danh hiệu thi đua", "Đăng ký danh hiệu", "Danh hiệu, hình thức"),
               required=True),
        Column("unit", "Đơn vị", ("Khoa, phòng", "Khoa phòng", "Khoa/phòng", "Đơn vị công tác", "Tổ công đoàn", "Mã đơn vị")),
    ),
)
EXPORT_COLUMNS = ["STT", "Họ và tên / Tập thể", "Ngày sinh", "Số CCCD", "Danh hiệu đăng ký", "Mã danh hiệu", "Đơn vị đăng ký",
                  "Mã đơn vị", "Ngày đăng ký", "Đăng ký muộn", "Lý do đăng ký muộn", "Ngày rút", "Lý do rút"]


# --- Export -------------------------------------------------------------------------------------


def registrations_export(*, actor, round: RegistrationRound, out: str | Path) -> int:
    """Every registration of `round` the actor may see (withdrawn ones too, marked); returns how many."""
    sheet = Sheet(Path(out), "Đăng ký thi đua")
    sheet.header(EXPORT_COLUMNS)
    count = 0
    for r in registration_list(actor=actor, round=round):
        count += 1
        person = r.person
        sheet.row(count, [
            count, person.full_name if person else r.organisation.name, person.date_of_birth if person else None,
            (person.cccd or "") if person else "", r.award_name, r.award, r.unit.name, r.unit.code, r.registered_on,
            "Có" if r.late else "", r.late_reason, r.withdrawn_on, r.withdraw_reason,
        ])
    sheet.close()
    return count


def registrations_template(out: str | Path) -> None:
    sheet = Sheet(Path(out), "Đăng ký thi đua")
    sheet.header(["STT"] + [c.label for c in REGISTRATIONS.columns])
    sheet.close()


# --- Import -------------------------------------------------------------------------------------


@dataclass
class ImportRow:
    number: int
    full_name: str = ""
    award: str = ""
    award_name: str = ""
    person: Person | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def status(self) -> str:
        return "create" if self.ok else "error"


@dataclass
class ImportResult(results.ImportResult):
    created: int = 0  # registrations written by the confirmation

    @property
    def valid(self) -> list[ImportRow]:
        return [r for r in self.rows if r.ok]



def _award_index() -> dict[str, str]:
    """The catalogue by code and by unaccented name: «Chiến sĩ thi đua cơ sở», «chien si thi dua co so», «CSTĐCS»."""
    index = {}
    for code, award in catalogue().items():
        index[code] = code
        index[search_key(award.name)] = code
        initials = "".join(word[0] for word in search_key(award.name).split())
        index.setdefault(initials, code)
    return index


def _units_of(unit: Organisation) -> dict[str, Organisation]:
    index = {}
    for org in Organisation.objects.filter(prefix_q("path", unit.path)).order_by("-depth"):
        index[org.code.lower()] = org
        index[search_key(org.name)] = org  # nearer the top wins on a shared name
    return index


def registrations_import(*, actor, path: str | Path, round: RegistrationRound, unit: Organisation, on: date,
                         dry_run: bool = True, late: bool = False, late_reason: str = "") -> ImportResult:
    """Read a unit's registration list; with dry_run=False, register every valid row (all or none)."""
    require(actor, Action.MANAGE_COMMENDATIONS, unit)
    table = read_table(path, REGISTRATIONS)
    awards, units = _award_index(), _units_of(unit)
    people = PeopleOf(unit, year=round.year)
    labels = table.labels
    rows: list[ImportRow] = []
    seen: dict[tuple, int] = {}
    for raw in table.rows:
        row = ImportRow(raw.number)
        rows.append(row)

        def problem(key: str, value, message: str):
            column = labels.get(key) or REGISTRATIONS.column(key).label
            row.problems.append(Problem(raw.number, column, parse_text(value), message))

        row.full_name = parse_text(raw.values.get("full_name"))
        if not row.full_name:
            problem("full_name", "", "Thiếu họ và tên")
        try:
            born = parse_date(raw.values.get("date_of_birth"))
        except CellError as exc:
            problem("date_of_birth", raw.values.get("date_of_birth"), str(exc))
            born = None
        cccd = parse_cccd(raw.values.get("cccd")) if raw.values.get("cccd") not in (None, "") else ""
        award_text = parse_text(raw.values.get("award"))
        code = awards.get(search_key(award_text)) or awards.get(award_text)
        if not award_text:
            problem("award", "", "Thiếu danh hiệu đăng ký")
        elif code is None:
            problem("award", award_text, "Danh hiệu không có trong danh mục thi đua, khen thưởng")
        else:
            try:
                entry = clean_registered_award(code, year=round.year, subject="individual")
                row.award, row.award_name = entry.code, entry.name
            except UserError as exc:
                problem("award", award_text, exc.message)
        scope = unit
        unit_text = parse_text(raw.values.get("unit"))
        if unit_text:
            scope = units.get(unit_text.lower()) or units.get(search_key(unit_text))
            if scope is None:
                problem("unit", unit_text, f"Không có đơn vị này trong {unit.name}")
        person = None
        if row.full_name or cccd:
            try:
                person = people.find(cccd=cccd, name=row.full_name, born=born)
            except NoMatch as exc:
                problem(exc.field, {"cccd": cccd, "date_of_birth": born}.get(exc.field, row.full_name) or "", exc.message)
        if person is not None and scope is not None and scope != unit and not _works_in(person, scope, round.year):
            problem("unit", unit_text, f"{person.full_name} không công tác hoặc sinh hoạt ở {scope.name}")
        row.person = person
        if person is not None and row.award:
            key = (person.pk, row.award)
            if key in seen:
                problem("full_name", row.full_name, f"Trùng với dòng {seen[key]}")
            else:
                seen[key] = raw.number
                if Registration.objects.filter(person=person, award=row.award, year=round.year, withdrawn_on__isnull=True).exists():
                    problem("award", award_text, f"Đã đăng ký «{row.award_name}» năm {round.year}")
    result = ImportResult(rows, table)
    if dry_run:
        return result
    with transaction.atomic():
        by_award: dict[str, list[Person]] = {}
        for row in result.valid:
            by_award.setdefault(row.award, []).append(row.person)
        for code, group in by_award.items():
            result.created += len(registration_bulk_create(actor=actor, round=round, unit=unit, award=code, on=on, people=group,
                                                           late=late, late_reason=late_reason))
    result.committed = True
    return result


def _works_in(person: Person, unit: Organisation, year: int) -> bool:
    first, last = date(year, 1, 1), date(year, 12, 31)
    return (Employment.objects.filter(person=person, start__lte=last).filter(prefix_q("organisation__path", unit.path))
            .filter(Q(end__isnull=True) | Q(end__gte=first)).exists()
            or Membership.objects.filter(person=person, joined__lte=last).filter(prefix_q("org_path", unit.path))
            .filter(Q(left__isnull=True) | Q(left__gte=first)).exists())


def problems_report(result: ImportResult, out: str | Path) -> int:
    """The rows with problems and what is wrong with each: fix them and import the sheet again."""
    sheet = Sheet(Path(out), "Lỗi")
    sheet.header(["Dòng", "Họ và tên", "Cột", "Giá trị", "Lỗi"])
    r = 0
    for problem in result.problems:
        r += 1
        name = next((row.full_name for row in result.rows if row.number == problem.row), "")
        sheet.row(r, [problem.row, name, problem.column, problem.value, problem.message])
    sheet.close()
    return r
