"""Files attached to movements and responses: PDF, Word (.docx) or images, size-limited.

The check itself is thidua.core.files: here the kinds a movement takes, its size limit
(THIDUA_CAMPAIGN_FILE_MAX_BYTES), and the rule that the name's extension and the file's first bytes
must agree, so a renamed executable is refused as surely as a spreadsheet.
"""
from __future__ import annotations

from django.conf import settings

from thidua.core import files

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
