"""Dates as users write them (dd/mm/yyyy) and as the contracts fix them (YYYY-MM-DD)."""
from __future__ import annotations

from datetime import date, datetime

from thidua.core.errors import UserError


def parse_iso_date(value: str, *, field: str = "ngày") -> date:
    """YYYY-MM-DD, the form the command line and the API take."""
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d").date()
    except (ValueError, AttributeError):
        raise UserError(
            f"{field.capitalize()} «{value}» không hợp lệ: hãy viết theo dạng YYYY-MM-DD, ví dụ 2025-07-01.",
            field=field,
        ) from None


def parse_user_date(value: str, *, field: str = "ngày") -> date:
    """dd/mm/yyyy as typed in the pages; YYYY-MM-DD accepted too."""
    text = (value or "").strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise UserError(
        f"{field.capitalize()} «{value}» không hợp lệ: hãy viết theo dạng dd/mm/yyyy, ví dụ 01/07/2025.",
        field=field,
    )


def format_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""
