"""Files attached to movements and responses: PDF, Word (.docx) or images, size-limited.

The check itself is thidua.core.files: here the kinds a movement takes, its size limit
(THIDUA_CAMPAIGN_FILE_MAX_BYTES), and the rule that the name's extension and the file's first bytes
must agree, so a renamed executable is refused as surely as a spreadsheet. An accepted file is kept
in the database (`read_upload` gives what its row holds; docs/adr/0006-attached-files-in-the-database.md).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import PureWindowsPath

from django.conf import settings

from thidua.core import files
from thidua.core.text import normalise

KINDS = (files.PDF, files.DOCX, files.JPEG, files.PNG)
ACCEPT = files.accept(KINDS)
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "THIDUA_CAMPAIGN_FILE_MAX_BYTES", DEFAULT_MAX_BYTES))


def check_upload(upload, *, field: str = "file") -> str:
    """The content type of an acceptable upload, or a UserError saying what is accepted."""
    upload.seek(0)
    head = upload.read(files.HEAD_BYTES)
    upload.seek(0)
    kind = files.check_file(getattr(upload, "name", "") or "", head=head, size=upload.size, kinds=KINDS,
                            max_bytes=max_bytes(), field=field, match_name=True)
    return kind.content_type


@dataclass(frozen=True)
class Upload:
    """An accepted file as its row keeps it."""

    name: str
    content_type: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)


def file_name(raw: str, *, default: str) -> str:
    """The name a file is kept and offered for download under: the last part of what the browser sent."""
    return normalise(PureWindowsPath(raw or "").name)[:255] or default


def read_upload(upload, *, field: str, default_name: str = "tep") -> Upload:
    """An acceptable upload's name, content type and bytes; a UserError saying what is accepted otherwise."""
    content_type = check_upload(upload, field=field)
    upload.seek(0)
    return Upload(file_name(getattr(upload, "name", "") or "", default=default_name), content_type, upload.read())
