"""Reading a list out of a spreadsheet as offices really make them, driven by a mapping definition.

A `Mapping` names the columns a list may have (with their synonyms, parser and whether they are
required). `read_table` (or `stream_table`, a row at a time) finds the header row below any title
rows, follows merged header cells and a two-row "Ngày sinh / Nam | Nữ" header, ignores the "STT"
column, and yields `Row`s that keep the spreadsheet's own row number. Registrations, nominations and
other lists plug in with another `Mapping`; the parsing code stays the same.

Before calamine opens a file it is checked here: size, zip bombs, macros, formulas, binary junk.
"""
from __future__ import annotations

import codecs
import csv
import ctypes
import gc
import io
import itertools
import pickle
import re
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from django.conf import settings

from thidua.core.errors import UserError
from thidua.core.text import normalise, search_key

MAX_BYTES = 200 * 1024 * 1024
MAX_UNCOMPRESSED = 1024 * 1024 * 1024
MAX_RATIO = 200
HEADER_SCAN_ROWS = 30
SPOOL_ROWS = 200_000  # a longer sheet is copied out of calamine before it is read (see _spooled)
SPREADSHEET_SUFFIXES = {".xlsx", ".xls", ".ods", ".csv", ".xlsm"}


class ReadError(UserError):
    """The file cannot be read as a list: a Vietnamese sentence saying why and what to do."""


class CellError(ValueError):
    """A cell's value does not parse; the message is Vietnamese and names no column (added later)."""


# --- Cell parsers -----------------------------------------------------------------------------

def parse_text(value: Any) -> str:
    if type(value) is str:
        text = " ".join((value if value.isascii() else unicodedata.normalize("NFC", value)).split())
    elif value is None:
        return ""
    else:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, (date, datetime)):
            value = value.strftime("%d/%m/%Y")
        text = normalise(str(value))
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        text = text[1:]  # neutralised against formula injection by our own export
    return text


def parse_code(value: Any) -> str:
    """A code kept as text, as typed."""
    return parse_text(value)


def _digits_cell(value: Any, width: int) -> str | None:
    """A number cell holding a code whose leading zeros the spreadsheet dropped, padded back."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10 ** width:
        return str(value)
    return None


def parse_cccd(value: Any) -> str:
    """A CCCD typed into a number cell loses its leading zeros (001085001234 → 1085001234): padded
    back to 12 digits, since every CCCD starts with its province code ("001" for Hà Nội)."""
    digits = _digits_cell(value, 12)
    return digits.zfill(12) if digits is not None else parse_text(value)


def parse_phone(value: Any) -> str:
    """A phone number in a number cell loses its leading 0 (0912345678 → 912345678): put back."""
    digits = _digits_cell(value, 11)
    if digits is not None and len(digits) in (9, 10) and not digits.startswith("84"):
        return "0" + digits
    return digits if digits is not None else parse_text(value)


_DATE_PATTERNS = [
    (re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$"), "dmy"),
    (re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2})$"), "dmy2"),
    (re.compile(r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})(?:[ T].*)?$"), "ymd"),
]


def parse_date(value: Any, *, today: date | None = None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # A date cell without a date format: the spreadsheet's serial day number (1900 system).
        if 1 <= value < 2958466:
            from datetime import timedelta

            return date(1899, 12, 30) + timedelta(days=int(value))
        raise CellError(f"«{value}» không phải ngày")
    found = _date_from_text(str(value))
    if type(found) is tuple:  # a two-digit year: the latest century that does not put it in the future
        day, month, short = found
        year = 2000 + short if 2000 + short <= (today or date.today()).year else 1900 + short
        try:
            return date(year, month, day)
        except ValueError:
            raise CellError(f"«{normalise(str(value))}» không phải ngày hợp lệ (dạng dd/mm/yyyy)") from None
    return found


@lru_cache(maxsize=65536)
def _date_from_text(value: str) -> date | tuple[int, int, int] | None:
    """A roster repeats its dates (birthdays, joining days): each distinct text is read once.
    A two-digit year comes back as (day, month, year) for the caller to place in a century."""
    text = normalise(value)
    if not text:
        return None
    for pattern, kind in _DATE_PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        a, b, c = (int(g) for g in match.groups())
        if kind == "ymd":
            year, month, day = a, b, c
        else:
            day, month, year = a, b, c
            if kind == "dmy2":
                return day, month, year
        try:
            return date(year, month, day)
        except ValueError:
            break
    raise CellError(f"«{text}» không phải ngày hợp lệ (dạng dd/mm/yyyy)")


_MALE = {"nam", "m", "male", "trai", "ong", "1"}
_FEMALE = {"nu", "f", "female", "gai", "ba", "0"}


def parse_gender(value: Any) -> str:
    return _gender(value) if isinstance(value, str) else _gender_of(parse_text(value))


@lru_cache(maxsize=256)
def _gender(value: str) -> str:
    """A roster repeats two or three words: each distinct one is read once."""
    return _gender_of(parse_text(value))


def _gender_of(text: str) -> str:
    key = search_key(text)
    if not key:
        return ""
    if key in _MALE:
        return "male"
    if key in _FEMALE:
        return "female"
    raise CellError(f"«{text}» không phải giới tính (Nam hoặc Nữ)")


_MARKS = {"x", "v", "1", "co", "yes"}


def parse_date_or_mark(value: Any) -> tuple[date | None, bool]:
    """A cell of a "Nam" or "Nữ" column: a date of birth, or just a mark ("x") saying the gender."""
    if isinstance(value, str) and search_key(value) in _MARKS:
        return None, True
    parsed = parse_date(value)
    return parsed, parsed is not None


# --- The mapping ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    key: str
    label: str
    synonyms: tuple[str, ...] = ()
    parser: Callable[[Any], Any] = parse_text
    required: bool = False

    def names(self) -> set[str]:
        return {search_key(self.label), *(search_key(s) for s in self.synonyms)}


@dataclass(frozen=True)
class Mapping:
    """What one kind of list looks like: its columns, in the order a template or export writes them."""

    name: str
    columns: tuple[Column, ...]
    ignored: tuple[str, ...] = ("STT", "TT", "Số TT", "Số thứ tự")
    # Columns whose header is "Nam" or "Nữ" hold a date (or a mark) that also gives the gender.
    gender_columns: dict[str, str] = field(default_factory=lambda: {"nam": "male", "nu": "female"})

    def lookup(self) -> dict[str, Column]:
        table: dict[str, Column] = {}
        for column in self.columns:
            for name in column.names():
                table[name] = column
        return table

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass(slots=True)
class Row:
    number: int  # the spreadsheet's own row number, as the user sees it
    values: dict[str, Any]  # column key → raw cell value
    cells: list[Any]  # the whole row as read (maybe shorter than the header), for the problems sheet
    gender_from_column: str = ""  # "male"/"female" when a Nam/Nữ column was filled
    birth_from_column: Any = None
    birth_column_label: str = ""


@dataclass
class Table:
    headers: list[str]  # the header of each column as the user wrote it
    keys: dict[int, str]  # column index → column key
    labels: dict[str, str]  # column key → header as the user wrote it
    rows: list[Row]  # empty while the rows are streamed (stream_table)
    gender_columns: dict[int, tuple[str, str]] = field(default_factory=dict)  # index → (gender, header)
    size: int = 0  # rows below the header, blank ones included: the most there can be (for progress)


# --- Checks before opening --------------------------------------------------------------------

def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _check_zip(path: Path, suffix: str) -> None:
    """Refuse zip bombs, macros and formulas before calamine inflates anything."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise ReadError(f"Tệp «{path.name}» không phải bảng tính {suffix} hợp lệ (tệp hỏng hoặc sai định dạng).") from None
    max_total = _limit("THIDUA_IMPORT_MAX_UNCOMPRESSED", MAX_UNCOMPRESSED)
    with archive:
        infos = archive.infolist()
        total = sum(i.file_size for i in infos)
        packed = sum(i.compress_size for i in infos) or 1
        if total > max_total or (total > 10 * 1024 * 1024 and total / packed > MAX_RATIO):
            raise ReadError(f"Tệp «{path.name}» giải nén ra quá lớn ({total // (1024 * 1024)} MB): có thể là tệp độc hại, không nhập.")
        names = [i.filename.lower() for i in infos]
        if any(n.endswith("vbaproject.bin") or n.startswith("basic/") or n.startswith("scripts/") for n in names):
            raise ReadError(f"Tệp «{path.name}» có chứa macro: hãy lưu lại thành .xlsx (không macro) rồi nhập lại.")
        if suffix == ".xlsx":
            sheets = [i for i in infos if i.filename.lower().startswith("xl/worksheets/") and i.filename.lower().endswith(".xml")]
            needles = (b"<f>", b"<f ", b"<x:f>", b"<x:f ")
        else:
            sheets = [i for i in infos if i.filename.lower() == "content.xml"]
            needles = (b"table:formula=",)
        read = 0
        for info in sheets:
            tail = b""
            with archive.open(info) as stream:
                while chunk := stream.read(1 << 20):
                    read += len(chunk)
                    if read > max_total:
                        raise ReadError(f"Tệp «{path.name}» giải nén ra quá lớn: có thể là tệp độc hại, không nhập.")
                    window = tail + chunk
                    if any(n in window for n in needles):
                        raise ReadError(
                            f"Tệp «{path.name}» có chứa công thức: hãy sao chép và dán dạng giá trị (Paste Values) rồi nhập lại."
                        )
                    tail = chunk[-16:]


def check_file(path: Path) -> str:
    """The file's kind (its suffix), after the checks every upload goes through."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise ReadError(f"Không tìm thấy tệp «{path}».")
    if suffix not in SPREADSHEET_SUFFIXES:
        raise ReadError(f"Tệp «{path.name}» không phải bảng tính: chỉ nhận .xlsx, .xls, .ods hoặc .csv.")
    if suffix == ".xlsm":
        raise ReadError(f"Tệp «{path.name}» có chứa macro: hãy lưu lại thành .xlsx (không macro) rồi nhập lại.")
    size = path.stat().st_size
    max_bytes = _limit("THIDUA_IMPORT_MAX_BYTES", MAX_BYTES)
    if size > max_bytes:
        raise ReadError(f"Tệp «{path.name}» quá lớn ({size // (1024 * 1024)} MB): tối đa {max_bytes // (1024 * 1024)} MB.")
    if size == 0:
        raise ReadError(f"Tệp «{path.name}» rỗng.")
    with path.open("rb") as handle:
        head = handle.read(8)
    if suffix in (".xlsx", ".ods"):
        if not head.startswith(b"PK\x03\x04"):
            raise ReadError(f"Tệp «{path.name}» không phải bảng tính {suffix} hợp lệ (tệp hỏng hoặc sai định dạng).")
        _check_zip(path, suffix)
    elif suffix == ".xls":
        if not head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
            raise ReadError(f"Tệp «{path.name}» không phải bảng tính .xls hợp lệ (tệp hỏng hoặc sai định dạng).")
        data = path.read_bytes()
        if "_VBA_PROJECT".encode("utf-16-le") in data or b"_VBA_PROJECT" in data:
            raise ReadError(f"Tệp «{path.name}» có chứa macro: hãy lưu lại thành .xlsx (không macro) rồi nhập lại.")
    return suffix


# --- Reading cells ----------------------------------------------------------------------------

def _decode_csv(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith(codecs.BOM_UTF8):
        text = data[3:].decode("utf-8", errors="strict")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            from charset_normalizer import from_bytes

            best = from_bytes(data[: 1 << 20], cp_isolation=["cp1258", "cp1252", "utf_16", "windows_1258"]).best() or from_bytes(data[: 1 << 20]).best()
            if best is None:
                raise ReadError(f"Tệp «{path.name}» không phải văn bản CSV đọc được (có thể là tệp nhị phân).") from None
            text = data.decode(best.encoding, errors="replace")
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\r\n\t")
    if "\x00" in text[:65536] or controls > 8:
        raise ReadError(f"Tệp «{path.name}» không phải văn bản CSV đọc được (có thể là tệp nhị phân).")
    return text


def _csv_rows(path: Path) -> tuple[Iterator[list[Any]], int]:
    text = _decode_csv(path)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # Rows made as they are read; the count of line breaks is the most there can be (for progress).
    return _csv_read(csv.reader(io.StringIO(text), dialect), path), text.count("\n") + 1


def _csv_read(reader, path: Path) -> Iterator[list[Any]]:
    try:
        for row in reader:
            yield row
    except csv.Error:
        raise ReadError(f"Tệp «{path.name}» hỏng ở dòng {reader.line_num}: không đọc tiếp được.") from None


def _sheet_rows(path: Path, sheet: str | None) -> tuple[Iterator[list[Any]], int, list]:
    """The sheet's rows one at a time, from its first row (A1 on), its height and its merged ranges.

    calamine holds the sheet's cells in its own compact form; Python lists are made one row at a
    time as they are read, so a million rows never stand as Python objects all at once."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception:  # calamine raises several kinds for a broken file
        raise ReadError(f"Tệp «{path.name}» không phải bảng tính hợp lệ (tệp hỏng hoặc sai định dạng).") from None
    try:
        names = workbook.sheet_names
        if not names:
            raise ReadError(f"Tệp «{path.name}» không có trang tính nào.")
        if sheet is not None and sheet not in names:
            raise ReadError(f"Tệp «{path.name}» không có trang tính «{sheet}»: các trang có là {', '.join(names)}.")
        try:
            worksheet = workbook.get_sheet_by_name(sheet or names[0])
            merged = worksheet.merged_cell_ranges or []
        except CalamineError:
            raise ReadError(f"Không đọc được trang tính của tệp «{path.name}».") from None
    finally:
        workbook.close()
    height = worksheet.end[0] + 1 if worksheet.end else 0
    rows = _padded(worksheet.iter_rows(), worksheet.start[1] if worksheet.start else 0)
    if height > SPOOL_ROWS:
        rows = _spooled(rows)
        del worksheet  # with the rows copied out, calamine's copy of the sheet goes
        _return_freed_memory()
    return rows, height, merged


def _padded(rows: Iterator[list[Any]], left: int) -> Iterator[list[Any]]:
    """calamine gives every row from the first (blank ones above the data too) but only the columns
    from the first used one: the columns left of it are put back, so indexes match the merged ranges."""
    pad = [""] * left
    for row in rows:
        yield pad + row if left else row


def _spooled(rows: Iterator[list[Any]]) -> Iterator[list[Any]]:
    """The rows copied to a temporary file (gone with the process, whatever happens), to be read back
    a slice at a time: calamine holds a whole sheet in memory (about 570 MiB for a million rows of
    eleven columns), the file only what it is given. Only what was written here is ever read back."""
    spool = tempfile.TemporaryFile()
    while chunk := list(itertools.islice(rows, 10_000)):
        pickle.dump(chunk, spool, protocol=pickle.HIGHEST_PROTOCOL)
    spool.seek(0)
    return _read_back(spool)


def _read_back(spool) -> Iterator[list[Any]]:
    with spool:
        while True:
            try:
                chunk = pickle.load(spool)
            except EOFError:
                return
            yield from chunk


def _return_freed_memory() -> None:
    """Freed native memory goes back to the system at once (glibc keeps it otherwise)."""
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (AttributeError, OSError):  # not glibc
        pass


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_table(path: str | Path, mapping: Mapping, *, sheet: str | None = None) -> Table:
    """The whole list at once (small lists: training, registrations, proposals)."""
    table, rows = stream_table(path, mapping, sheet=sheet)
    table.rows = list(rows)
    return table


def stream_table(path: str | Path, mapping: Mapping, *, sheet: str | None = None) -> tuple[Table, Iterator[Row]]:
    """The list's header (a `Table` without rows, `size` its data rows at most) and its rows, read
    as they are asked for. Everything wrong with the file itself is raised before this returns."""
    path = Path(path)
    suffix = check_file(path)
    if suffix == ".csv":
        (source, height), merged = _csv_rows(path), []
    else:
        source, height, merged = _sheet_rows(path, sheet)
    head = list(itertools.islice(source, HEADER_SCAN_ROWS + 1))  # a second header row may follow the 30th
    if not any(not _blank(v) for row in head[:HEADER_SCAN_ROWS] for v in row):
        raise ReadError(f"Tệp «{path.name}» không có dữ liệu.")

    lookup = mapping.lookup()
    ignored = {search_key(i) for i in mapping.ignored}
    genders = mapping.gender_columns

    def score(row: list[Any]) -> int:
        return sum(1 for v in row if isinstance(v, str) and search_key(v) in lookup)

    best_index, best_score = None, 0
    for index, row in enumerate(head[:HEADER_SCAN_ROWS]):
        s = score(row)
        if s > best_score:
            best_index, best_score = index, s
    required = [c for c in mapping.columns if c.required]
    if best_index is None or best_score < 2:
        wanted = ", ".join(f"«{c.label}»" for c in required) or "các cột của danh sách"
        raise ReadError(f"Không tìm thấy dòng tiêu đề trong tệp «{path.name}»: cần có cột {wanted}.")

    header = [parse_text(v) for v in head[best_index]]
    width = max((len(r) for r in head), default=0)
    header += [""] * (width - len(header))
    # A blank header cell inside a merged range takes the name of the range's first cell.
    merged_anchor: dict[int, int] = {}
    for (r0, c0), (r1, c1) in merged:
        if r0 <= best_index <= r1:
            for c in range(c0 + 1, c1 + 1):
                merged_anchor[c] = c0
    # A second header row ("Nam" | "Nữ" under a merged "Ngày sinh") refines the first.
    data_start = best_index + 1
    if data_start < len(head):
        below = [parse_text(v) for v in head[data_start]] + [""] * width
        if any(search_key(v) in genders for v in below[:width]) and all(
            not v or search_key(v) in genders or search_key(v) in lookup for v in below[:width]
        ):
            for c in range(width):
                if below[c]:
                    header[c] = below[c]
            data_start += 1

    keys: dict[int, str] = {}
    labels: dict[str, str] = {}
    gender_cols: dict[int, tuple[str, str]] = {}
    for c, name in enumerate(header):
        key = search_key(name)
        if not key and c in merged_anchor:
            continue  # the rest of a merged title: nothing of its own
        if not key or key in ignored:
            continue
        if key in genders:
            gender_cols[c] = (genders[key], name)
            continue
        column = lookup.get(key)
        if column and column.key not in labels:
            keys[c], labels[column.key] = column.key, name
    missing = [c for c in required if c.key not in labels]
    if missing:
        raise ReadError(
            f"Tệp «{path.name}» thiếu cột {', '.join(f'«{c.label}»' for c in missing)} (dòng tiêu đề là dòng {best_index + 1})."
        )
    table = Table(headers=header, keys=keys, labels=labels, rows=[], gender_columns=gender_cols,
                  size=max(height - data_start, 0))
    return table, _data_rows(itertools.chain(head[data_start:], source), data_start, keys, gender_cols)


def _data_rows(raw_rows: Iterable[list[Any]], first: int, keys: dict[int, str],
               gender_cols: dict[int, tuple[str, str]]) -> Iterator[Row]:
    """The rows below the header that hold data, each with its spreadsheet row number (1-based)."""
    for index, raw in enumerate(raw_rows, first):
        if all(_blank(v) for v in raw):
            continue
        values = {key: (raw[c] if c < len(raw) else None) for c, key in keys.items()}
        if all(_blank(v) for v in values.values()) and not any(c < len(raw) and not _blank(raw[c]) for c in gender_cols):
            continue  # a footer: signatures, "Người lập biểu", a lone total
        row = Row(number=index + 1, values=values, cells=raw)
        for c, (gender, label) in gender_cols.items():
            value = raw[c] if c < len(raw) else None
            if not _blank(value):
                row.gender_from_column, row.birth_from_column, row.birth_column_label = gender, value, label
        yield row
