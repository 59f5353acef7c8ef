"""Training lists (danh sách cử đi đào tạo, bồi dưỡng) in spreadsheets: import and export.

The import reads a list with the shared machinery (thidua.imports.reading: `Mapping`, `read_table`),
finds each row's person with thidua.imports.people (the CCCD; else the unaccented name and the
date of birth, among the people who work or hold membership in the unit's subtree), checks every
row with the same rules as the services, and writes all valid rows in one transaction, each through
`training_record` (so each is audited). A person not found is a row error: a training list never
creates people. Row numbers are those of the sheet.

The export writes the courses of a unit's subtree with real date cells and formula neutralisation,
in the column order the import reads, so an exported list can be corrected and imported elsewhere.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db import transaction

from thidua.core.db import prefix_q
from thidua.core.errors import UserError
from thidua.core.permissions import Action, require
from thidua.core.text import search_key, split_name
from thidua.imports.export import Sheet
from thidua.imports.people import NoMatch, PeopleOf
from thidua.imports.results import ImportResult, Problem
from thidua.imports.reading import CellError, Column, Mapping, Table, parse_cccd, parse_code, parse_date, parse_text, read_table
from thidua.organisations.models import Organisation
from thidua.people.models import Person
from thidua.training.models import Training, TrainingKind, TrainingStatus
from thidua.training.services import clean_training, training_record

# Ways offices write each kind, compared without diacritics, case or spaces around.
_KIND_WORDS = {
    TrainingKind.SPECIALIST_1: ("ck1", "cki", "ck i", "ck 1", "chuyen khoa 1", "chuyen khoa i", "chuyen khoa cap 1", "bsck1",
                                "bs ck1", "bac si chuyen khoa cap i", "duoc si chuyen khoa cap i"),
    TrainingKind.SPECIALIST_2: ("ck2", "ckii", "ck ii", "ck 2", "chuyen khoa 2", "chuyen khoa ii", "chuyen khoa cap 2",
                                "bsck2", "bs ck2", "bac si chuyen khoa cap ii", "duoc si chuyen khoa cap ii"),
    TrainingKind.MASTER: ("ths", "thac sy", "cao hoc"),
    TrainingKind.DOCTORATE: ("ts", "tien sy", "nghien cuu sinh", "ncs"),
    TrainingKind.RESIDENT: ("bsnt", "noi tru", "bs noi tru"),
    TrainingKind.SHORT_COURSE: ("boi duong", "ngan han", "dao tao ngan han", "tap huan", "khoa ngan han", "boi duong ngan han"),
    TrainingKind.POLITICS_ELEMENTARY: ("so cap llct", "llct so cap", "so cap ly luan chinh tri", "so cap chinh tri"),
    TrainingKind.POLITICS_INTERMEDIATE: ("trung cap llct", "llct trung cap", "trung cap ly luan chinh tri", "trung cap chinh tri"),
    TrainingKind.POLITICS_ADVANCED: ("cao cap llct", "llct cao cap", "cao cap ly luan chinh tri", "cao cap chinh tri",
                                     "cu nhan chinh tri"),
    TrainingKind.OTHER: ("khac",),
}
_STATUS_WORDS = {
    TrainingStatus.STUDYING: ("dang hoc", "dang dao tao", "chua tot nghiep"),
    TrainingStatus.GRADUATED: ("da tot nghiep", "tot nghiep", "hoan thanh", "da hoan thanh", "da cap bang"),
    TrainingStatus.DROPPED: ("bo do", "thoi hoc", "bo hoc", "dung hoc"),
}


def _table(words: dict, choices) -> dict[str, str]:
    table = {}
    for value, label in choices:
        table[search_key(label)] = value
        table[value] = value
        for word in words.get(value, ()):
            table[search_key(word)] = value
    return table


_KINDS = _table(_KIND_WORDS, TrainingKind.choices)
_STATUSES = _table(_STATUS_WORDS, TrainingStatus.choices)


@lru_cache(maxsize=1024)
def _lookup_kind(key: str) -> str:
    return _KINDS.get(key) or _KINDS.get(key.replace(".", "").replace("-", " ").replace("  ", " "), "")


def parse_kind(value: Any) -> str:
    text = parse_text(value)
    if not text:
        return ""
    found = _lookup_kind(search_key(text))
    if not found:
        raise CellError(f"«{text}» không phải loại hình đào tạo đã biết (ví dụ: Chuyên khoa cấp I, Thạc sĩ, Bồi dưỡng ngắn hạn)")
    return found


def parse_status(value: Any) -> str:
    text = parse_text(value)
    if not text:
        return ""
    found = _STATUSES.get(search_key(text))
    if not found:
        raise CellError(f"«{text}» không phải tình trạng (Đang học, Đã tốt nghiệp hoặc Bỏ dở)")
    return found


TRAINING = Mapping(
    name="training",
    columns=(
        Column("full_name", "Họ và tên", ("Họ tên", "Ho va ten", "Ho ten", "Họ, tên", "Tên cán bộ", "Ten can bo"), required=True),
        Column("date_of_birth", "Ngày sinh", ("Ngay sinh", "Ngày, tháng, năm sinh", "Ngay thang nam sinh", "Sinh ngày"), parse_date),
        Column("cccd", "Số CCCD", ("So CCCD", "CCCD", "Căn cước", "Can cuoc", "Số căn cước công dân", "So can cuoc cong dan",
                                  "Số định danh", "So dinh danh"), parse_cccd),
        Column("kind", "Loại hình đào tạo", ("Loai hinh dao tao", "Loại hình", "Loai hinh", "Hình thức đào tạo",
                                            "Hinh thuc dao tao", "Trình độ đào tạo", "Trinh do dao tao", "Hệ đào tạo", "He dao tao"),
               parse_kind, required=True),
        Column("speciality", "Chuyên ngành", ("Chuyen nganh", "Ngành học", "Nganh hoc", "Chuyên ngành đào tạo",
                                             "Chuyen nganh dao tao")),
        Column("institution", "Cơ sở đào tạo", ("Co so dao tao", "Nơi đào tạo", "Noi dao tao", "Trường", "Truong",
                                               "Cơ sở đào tạo, bồi dưỡng", "Co so dao tao, boi duong"), required=True),
        Column("start", "Từ ngày", ("Tu ngay", "Ngày bắt đầu", "Ngay bat dau", "Thời gian bắt đầu", "Thoi gian bat dau"), parse_date,
               required=True),
        Column("end", "Đến ngày", ("Den ngay", "Ngày kết thúc", "Ngay ket thuc", "Thời gian kết thúc", "Thoi gian ket thuc"), parse_date),
        Column("sending_unit", "Đơn vị cử đi", ("Don vi cu di", "Đơn vị cử", "Don vi cu", "Mã đơn vị cử đi", "Ma don vi cu di",
                                              "Đơn vị", "Don vi")),
        Column("status", "Tình trạng", ("Tinh trang", "Kết quả", "Ket qua"), parse_status),
        Column("certificate_number", "Số văn bằng, chứng chỉ", ("So van bang, chung chi", "Số văn bằng", "So van bang",
                                                                "Số chứng chỉ", "So chung chi"), parse_code),
        Column("certificate_date", "Ngày cấp", ("Ngay cap", "Ngày cấp văn bằng", "Ngay cap van bang"), parse_date),
    ),
)
_PARSERS = {c.key: c.parser for c in TRAINING.columns}
_LABELS = {c.key: c.label for c in TRAINING.columns}
STATUS_LABELS = {"create": "Thêm mới", "error": "Lỗi"}


@dataclass(slots=True)
class RowResult:
    number: int
    status: str = "create"  # create or error
    data: dict = field(default_factory=dict)
    person: Person | None = None
    unit: Organisation | None = None
    problems: list[Problem] = field(default_factory=list)
    suggestion: str = ""  # kept for the shared problems sheet and row lists


def _display(value) -> str:
    if isinstance(value, (date, datetime)):
        return f"{value:%d/%m/%Y}"
    return parse_text(value)


def _unit_index(org: Organisation) -> dict[str, Organisation]:
    index: dict[str, Organisation] = {}
    for unit in Organisation.objects.filter(prefix_q("path", org.path)).order_by("-depth"):
        index[unit.code.lower()] = unit
        index[search_key(unit.name)] = unit  # nearer the top wins on a shared name
    return index


def _parse_row(row, table: Table, *, org: Organisation, units: dict, people: PeopleOf) -> RowResult:
    result = RowResult(number=row.number)

    failed: set[str] = set()

    def problem(key: str, value, message: str):
        failed.add(key)
        result.problems.append(Problem(row.number, table.labels.get(key) or _LABELS.get(key, key), _display(value), message))

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
    name = split_name(data.get("full_name") or "")
    data["full_name"] = name.full
    if not name.given:
        problem("full_name", "", "Họ và tên không được để trống")
    if not data.get("kind") and "kind" not in failed:
        problem("kind", "", "Hãy ghi loại hình đào tạo")
    if not data.get("start") and "start" not in failed:
        problem("start", "", "Hãy ghi ngày bắt đầu (Từ ngày)")
    unit = org
    text = data.get("sending_unit")
    if text:
        unit = units.get(text.lower()) or units.get(search_key(text))
        if unit is None:
            problem("sending_unit", text, f"Không tìm thấy đơn vị «{text}» trong {org.name} và các đơn vị trực thuộc")
    result.unit, result.data = unit, data
    if name.given:
        try:
            result.person = people.find(cccd=data.get("cccd") or "", name=name.full, born=data.get("date_of_birth"))
        except NoMatch as exc:
            problem(exc.field, data.get(exc.field) or "", exc.message)
    if not result.problems:
        values = {k: data.get(k) for k in ("kind", "speciality", "institution", "start", "end", "certificate_number",
                                          "certificate_date")}
        values.update(status=data.get("status") or TrainingStatus.STUDYING, sending_unit=unit, note="")
        try:
            result.data = {**data, **clean_training(values, person=result.person)}
        except UserError as exc:
            key = exc.field if exc.field in _LABELS else "full_name"
            problem(key, data.get(key) or "", exc.message.rstrip("."))
    if result.problems:
        result.status = "error"
    return result


def _against_stored_and_file(results: list[RowResult]) -> None:
    """The same course twice in the file, or already recorded, is an error of the later row."""
    seen: dict[tuple, int] = {}
    for r in results:
        if r.status != "create":
            continue
        key = (r.person.pk, r.data["kind"], r.data["start"])
        if key in seen:
            r.problems.append(Problem(r.number, _LABELS["full_name"], r.data["full_name"], f"Trùng với dòng {seen[key]} (cùng người, "
                                      "loại hình và ngày bắt đầu)"))
            r.status = "error"
            continue
        seen[key] = r.number
        if Training.objects.filter(person=r.person, kind=r.data["kind"], start=r.data["start"]).exists():
            r.problems.append(Problem(r.number, _LABELS["full_name"], r.data["full_name"],
                                      f"{r.data['full_name']} đã có khóa này (cùng loại hình, bắt đầu ngày {r.data['start']:%d/%m/%Y})"))
            r.status = "error"


def training_import(*, actor, path: str | Path, org: Organisation, dry_run: bool = False, skip_invalid: bool = False,
                    reason: str = "") -> ImportResult:
    """Read, check and (unless `dry_run`, or rows are wrong and `skip_invalid` is not given) record a training list."""
    require(actor, Action.MANAGE_PEOPLE, org)
    path = Path(path)
    table = read_table(path, TRAINING)
    units, people = _unit_index(org), PeopleOf(org)
    results = [_parse_row(row, table, org=org, units=units, people=people) for row in table.rows]
    _against_stored_and_file(results)
    outcome = ImportResult(rows=results, table=table)
    if dry_run or (outcome.has_errors and not skip_invalid):
        return outcome
    _write(actor=actor, results=results, reason=reason or f"Nhập từ tệp {path.name}")
    outcome.committed = True
    return outcome


@transaction.atomic
def _write(*, actor, results: list[RowResult], reason: str) -> None:
    for r in results:
        if r.status != "create":
            continue
        d = r.data
        training_record(actor=actor, person=r.person, sending_unit=d["sending_unit"], kind=d["kind"], institution=d["institution"],
                        start=d["start"], speciality=d["speciality"], end=d["end"], status=d["status"],
                        certificate_number=d["certificate_number"], certificate_date=d["certificate_date"], reason=reason)


# --- Export ---------------------------------------------------------------------------------------

EXPORT_COLUMNS = ["STT"] + [c.label for c in TRAINING.columns]


def training_export(*, actor, org: Organisation, out: str | Path, year: int | None = None, kind: str = "",
                    status: str = "") -> int:
    """The courses of `org`'s subtree (filtered as the list page filters them) as .xlsx; returns how many."""
    from thidua.training.selectors import training_list

    require(actor, Action.VIEW, org)
    trainings = training_list(actor=actor, organisation=org, year=year, kind=kind, status=status).order_by(
        "person__sort_key", "person_id", "start", "id")
    sheet = Sheet(Path(out), "Đào tạo")
    sheet.header(EXPORT_COLUMNS)
    count = 0
    for t in trainings.iterator(chunk_size=2000):
        count += 1
        p = t.person
        sheet.row(count, [count, p.full_name, p.date_of_birth, p.cccd or "", t.get_kind_display(), t.speciality, t.institution,
                          t.start, t.end, t.sending_unit.name, t.get_status_display(), t.certificate_number, t.certificate_date])
    sheet.close()
    return count


def training_template(out: str | Path) -> None:
    """An empty training list with the Vietnamese headers, to fill in and import."""
    sheet = Sheet(Path(out), "Đào tạo")
    sheet.header(EXPORT_COLUMNS)
    sheet.close()
