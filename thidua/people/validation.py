"""Checks on personal data: CCCD numbers, phone numbers, e-mail addresses."""
from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from thidua.core.errors import UserError

# The first three digits of a CCCD number are the code of the province where the birth was
# registered: the 63 codes in use before the 2025 mergers, kept unchanged on issued cards
# (Thông tư 59/2021/TT-BCA, Điều 7, khoản 1 and its list of province codes).
CCCD_PROVINCE_CODES = frozenset({
    "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020",
    "022", "024", "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038",
    "040", "042", "044", "045", "046", "048", "049", "051", "052", "054", "056", "058", "060",
    "062", "064", "066", "067", "068", "070", "072", "074", "075", "077", "079", "080", "082",
    "083", "084", "086", "087", "089", "091", "092", "093", "094", "095", "096",
})
_DIGITS_RE = re.compile(r"^\d{12}$")
_PHONE_RE = re.compile(r"^0\d{9,10}$")


def century_gender_digit(gender: str, born: date) -> str:
    """The fourth digit: century of birth and sex (same article, khoản 2): 1900s 0/1, 2000s 2/3, …"""
    century_index = (born.year - 1900) // 100
    return str(century_index * 2 + (1 if gender == "female" else 0))


def clean_cccd(value: str | None, *, gender: str = "", born: date | None = None) -> str | None:
    """A 12-digit CCCD number, checked against its structure; None when left empty."""
    text = value if value and value.isdigit() else re.sub(r"[\s.\-]", "", value or "")
    if not text:
        return None
    if not _DIGITS_RE.match(text):
        raise UserError(f"Số CCCD «{value}» không hợp lệ: số CCCD phải có đúng 12 chữ số.", field="cccd")
    if text[:3] not in CCCD_PROVINCE_CODES:
        raise UserError(f"Số CCCD «{value}» không hợp lệ: ba chữ số đầu «{text[:3]}» không phải mã tỉnh nơi đăng ký khai sinh.", field="cccd")
    if born is not None and text[4:6] != f"{born.year % 100:02d}":
        raise UserError(f"Số CCCD «{value}» không khớp với năm sinh {born.year}: chữ số thứ 5 và 6 phải là «{born.year % 100:02d}».", field="cccd")
    if born is not None and gender in ("male", "female") and born.year >= 1900:
        expected = century_gender_digit(gender, born)
        if text[3] != expected:
            raise UserError(f"Số CCCD «{value}» không khớp với giới tính và năm sinh: chữ số thứ tư phải là «{expected}».", field="cccd")
    return text


def clean_phone(value: str | None) -> str:
    text = value if value and value.isdigit() else re.sub(r"[\s.\-()]", "", value or "")
    if not text:
        return ""
    if text.startswith("+84"):
        text = "0" + text[3:]
    elif text.startswith("84") and len(text) in (11, 12):
        text = "0" + text[2:]
    if not _PHONE_RE.match(text):
        raise UserError(f"Số điện thoại «{value}» không hợp lệ: cần 10 hoặc 11 chữ số, bắt đầu bằng 0 hoặc +84.", field="phone")
    return text


def clean_email(value: str | None) -> str:
    text = (value or "").strip()
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError:
        raise UserError(f"Địa chỉ thư điện tử «{value}» không hợp lệ.", field="email") from None
    return text.lower()
