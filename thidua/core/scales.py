"""The scales the eligibility rules read, as database choices: ratings, discipline, recognition scope.

The codes are the rules engine's own (thidua.rules.model); a test keeps the two lists equal, so a
value stored here is always one the engine understands.
"""
from __future__ import annotations

from django.db import models

# Years a record may speak of: from the first emulation laws after 1975 to well past any proposal.
YEAR_MIN, YEAR_MAX = 1975, 2100


class Rating(models.TextChoices):
    """Mức độ hoàn thành nhiệm vụ (yearly appraisal of a person or a collective), best first."""

    HTXSNV = "HTXSNV", "Hoàn thành xuất sắc nhiệm vụ"
    HTTNV = "HTTNV", "Hoàn thành tốt nhiệm vụ"
    HTNV = "HTNV", "Hoàn thành nhiệm vụ"
    KHTNV = "KHTNV", "Không hoàn thành nhiệm vụ"


class Discipline(models.TextChoices):
    """Hình thức kỷ luật, lightest first."""

    KHIEN_TRACH = "khien_trach", "Khiển trách"
    CANH_CAO = "canh_cao", "Cảnh cáo"
    HA_BAC_LUONG = "ha_bac_luong", "Hạ bậc lương"
    GIANG_CHUC = "giang_chuc", "Giáng chức"
    CACH_CHUC = "cach_chuc", "Cách chức"
    BUOC_THOI_VIEC = "buoc_thoi_viec", "Buộc thôi việc"


class Scope(models.TextChoices):
    """The level at which an initiative or a research topic was recognised, narrowest first."""

    CO_SO = "co_so", "Cấp cơ sở"
    TINH = "tinh", "Cấp bộ, ban, ngành, tỉnh"
    TOAN_QUOC = "toan_quoc", "Toàn quốc"


class Confidence(models.TextChoices):
    """How sure a citation is (LEGAL_RULES.md): quoted text, secondary source, uncertain."""

    V = "V", "Đã đối chiếu văn bản"
    S = "S", "Theo nguồn thứ cấp"
    U = "U", "Chưa chắc chắn"


def choice_list(choices: type[models.TextChoices]) -> str:
    """«HTXSNV» (Hoàn thành xuất sắc nhiệm vụ), … — for messages that list the accepted values."""
    return ", ".join(f"«{value}» ({label.lower()})" for value, label in choices.choices)


def clean_year(value, *, field: str = "year", label: str = "Năm") -> int:
    """A whole year between YEAR_MIN and YEAR_MAX, or a UserError saying so."""
    from thidua.core.errors import UserError

    if isinstance(value, bool) or not isinstance(value, int) or not YEAR_MIN <= value <= YEAR_MAX:
        raise UserError(f"{label} «{value}» không hợp lệ: hãy nhập một năm từ {YEAR_MIN} đến {YEAR_MAX}.", field=field)
    return value


def clean_choice(value, choices: type[models.TextChoices], *, field: str, label: str, blank: bool = False) -> str:
    """One of the codes of `choices` (or "" when `blank`), or a UserError listing them."""
    from thidua.core.errors import UserError

    if value in (None, "") and blank:
        return ""
    if value not in choices.values:
        raise UserError(f"{label} «{value}» không hợp lệ. Các giá trị được nhận: {choice_list(choices)}.", field=field)
    return value


def clean_days(value, *, field: str, label: str) -> int | None:
    """A number of days in a year (0–366), or None when not recorded."""
    from thidua.core.errors import UserError

    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 366:
        raise UserError(f"{label} «{value}» không hợp lệ: hãy nhập số ngày từ 0 đến 366.", field=field)
    return value
