"""Attached files (tệp đính kèm): the kinds of document the platform accepts, and the one check of an upload.

A file is told by its first bytes, never by its name or the browser's word, so a renamed executable
is refused as surely as a spreadsheet. Each app says which kinds it takes and how large a file may
be; `check_file` says in one Vietnamese sentence what was wrong: an empty file, a file too large
(sizes written the Vietnamese way, "5,5 MB"), or a file that is none of the kinds accepted, naming
them. Where the name's extension must agree with the content as well (`match_name`), a PDF named
«anh.png» is refused too.

A Word (.docx) file is a ZIP archive, and its first bytes are those of any ZIP (an Excel workbook,
say): accept it only together with `match_name`, so the name tells it from other archives.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import PureWindowsPath

from thidua.core.errors import UserError
from thidua.core.text import normalise

MB = 1024 * 1024
KB = 1024
HEAD_BYTES = 16  # enough of a file's start to tell every kind below


@dataclass(frozen=True)
class FileKind:
    """A kind of document: what it is called, its content type and suffixes, and how it starts."""

    content_type: str
    suffix: str  # canonical, given to a stored file
    magics: tuple[bytes, ...]  # a file of this kind starts with one of these
    name: str  # in a Vietnamese sentence: "PDF", "ảnh JPEG"
    image: bool = False
    other_suffixes: tuple[str, ...] = ()  # further extensions a name of this kind may carry

    @property
    def suffixes(self) -> tuple[str, ...]:
        return (self.suffix, *self.other_suffixes)

    def starts(self, head: bytes) -> bool:
        return any(head.startswith(magic) for magic in self.magics)


PDF = FileKind("application/pdf", ".pdf", (b"%PDF-",), "PDF")
DOCX = FileKind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", (b"PK\x03\x04",),
                "Word (.docx)")
JPEG = FileKind("image/jpeg", ".jpg", (b"\xff\xd8\xff",), "ảnh JPEG", image=True, other_suffixes=(".jpeg",))
PNG = FileKind("image/png", ".png", (b"\x89PNG\r\n\x1a\n",), "ảnh PNG", image=True)
KINDS = (PDF, DOCX, JPEG, PNG)  # every kind, in the order a message lists them


def accept(kinds) -> str:
    """The `accept` attribute of a file input taking these kinds: ".pdf,.jpg,.jpeg"."""
    return ",".join(suffix for kind in _ordered(kinds) for suffix in kind.suffixes)


def format_size(n: int, *, up: bool = False) -> str:
    """A size the Vietnamese way, one decimal at most: "5 MB", "5,5 MB", "1.023,5 KB" (rounded up if `up`)."""
    if n < KB:
        return f"{n} byte"
    unit, scale = ("MB", MB) if n >= MB else ("KB", KB)
    tenths = n * 10 / scale
    tenths = math.ceil(tenths) if up else math.floor(tenths)
    whole, tenth = divmod(tenths, 10)
    text = f"{whole:,}".replace(",", ".")
    return f"{text},{tenth} {unit}" if tenth else f"{text} {unit}"


def kinds_text(kinds) -> str:
    """The kinds named in a sentence: "văn bản PDF, Word (.docx), ảnh JPEG hoặc ảnh PNG"."""
    ordered = _ordered(kinds)
    documents = [kind.name for kind in ordered if not kind.image]
    if documents:
        documents[0] = "văn bản " + documents[0]
    names = documents + [kind.name for kind in ordered if kind.image]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " hoặc " + names[-1]


def check_file(
    name: str | None,
    content: bytes | None = None,
    *,
    head: bytes | None = None,
    size: int | None = None,
    kinds,
    max_bytes: int,
    field: str = "file",
    match_name: bool = False,
) -> FileKind:
    """The kind of an acceptable file, or a `UserError` on `field` saying what is wrong and what to do.

    Give the file's bytes as `content`, or (for a large upload not yet read) its first bytes as
    `head` (at least HEAD_BYTES of them) and its `size`. With `match_name`, the name's extension
    must be one of the kinds' and the content must be of that very kind.
    """
    if content is not None:
        head, size = content[:HEAD_BYTES], len(content)
    if head is None or size is None:
        raise TypeError("check_file needs the content, or the head and the size")
    allowed = _ordered(kinds)
    if DOCX in allowed and not match_name:
        raise ValueError("a Word (.docx) file starts as any ZIP does: accept it only with match_name")
    base = normalise(PureWindowsPath(name or "").name)  # a browser may send "C:\scan\bang.pdf"; Windows paths split on / too
    label = f"Tệp «{base}»" if base else "Tệp đính kèm"
    suffix = PureWindowsPath(base).suffix.lower()
    named = next((kind for kind in KINDS if suffix in kind.suffixes), None)
    if match_name and named not in allowed:
        raise UserError(f"{label} không được nhận: chỉ nhận {kinds_text(allowed)}.", field=field)
    if size == 0:
        raise UserError(f"{label} rỗng: hãy chọn lại tệp.", field=field)
    found = next((kind for kind in allowed if kind.starts(head)), None)
    if match_name and found is not named:
        raise UserError(_mismatch(label, suffix, named, head, allowed), field=field)
    if found is None:
        if named in allowed:
            raise UserError(_mismatch(label, suffix, named, head, allowed), field=field)
        raise UserError(f"{label} không được nhận: chỉ nhận {kinds_text(allowed)}.", field=field)
    if size > max_bytes:
        raise UserError(f"{label} quá lớn ({format_size(size, up=True)}): mỗi tệp tối đa {format_size(max_bytes)}. "
                        "Hãy quét hoặc chụp lại với độ phân giải thấp hơn rồi tải lên lại.", field=field)
    return found


def _mismatch(label: str, suffix: str, named: FileKind, head: bytes, allowed: list[FileKind]) -> str:
    actual = next((kind for kind in allowed if kind.starts(head)), None)
    if actual is not None:  # the content is fine, the name is not
        return (f"{label} không đúng định dạng {suffix}: nội dung tệp là {actual.name}. "
                f"Hãy đổi đuôi tên tệp thành {actual.suffix} rồi tải lên lại.")
    return (f"{label} không đúng định dạng {suffix}: nội dung tệp không phải {named.name}. "
            f"Hãy lưu lại tệp dưới dạng {kinds_text(allowed)} rồi tải lên lại.")


def _ordered(kinds) -> list[FileKind]:
    chosen = set(kinds)
    return [kind for kind in KINDS if kind in chosen]
