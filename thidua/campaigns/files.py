"""Files attached to movements and responses: PDF, Word (.docx) or images, size-limited.

The name's extension and the file's first bytes must agree, so a renamed executable is refused as
surely as a spreadsheet; the message says which kinds are accepted and how large they may be.
"""
from __future__ import annotations

from pathlib import Path

from django.conf import settings

from thidua.core.errors import UserError

# Extension → (content type, the bytes such a file starts with).
KINDS = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}
ACCEPT = ",".join(KINDS)
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "THIDUA_CAMPAIGN_FILE_MAX_BYTES", DEFAULT_MAX_BYTES))


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}".replace(".", ",").replace(",0", "") + " MB"


def check_upload(upload, *, field: str = "file") -> str:
    """The content type of an acceptable upload, or a UserError saying what is accepted."""
    name = getattr(upload, "name", "") or ""
    suffix = Path(name).suffix.lower()
    if suffix not in KINDS:
        raise UserError(
            f"Tệp «{name}» không được nhận: chỉ nhận văn bản PDF (.pdf), Word (.docx) hoặc ảnh (.jpg, .png).",
            field=field,
        )
    limit = max_bytes()
    if upload.size > limit:
        raise UserError(f"Tệp «{name}» quá lớn ({_megabytes(upload.size)}): mỗi tệp tối đa {_megabytes(limit)}.", field=field)
    if upload.size == 0:
        raise UserError(f"Tệp «{name}» rỗng: hãy chọn lại tệp.", field=field)
    content_type, magics = KINDS[suffix]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in magics):
        raise UserError(
            f"Tệp «{name}» không đúng định dạng {suffix}: nội dung tệp không phải {suffix.lstrip('.').upper()}. "
            "Hãy lưu lại tệp đúng định dạng rồi tải lên.",
            field=field,
        )
    return content_type
