"""Provinces and wards after the 2025 reorganisation, from the `vietnam-provinces` package."""
from __future__ import annotations

from functools import lru_cache

from vietnam_provinces import Province, ProvinceCode, Ward, WardCode

from thidua.core.errors import UserError


@lru_cache(maxsize=1)
def provinces() -> list[tuple[int, str]]:
    return [(int(p.code), p.name) for p in Province.iter_all()]


def province_name(code: int | None) -> str:
    if code is None:
        return ""
    try:
        return Province.from_code(ProvinceCode(code)).name
    except ValueError:
        return ""


def ward_name(code: int | None) -> str:
    if code is None:
        return ""
    try:
        return Ward.from_code(WardCode(code)).name
    except ValueError:
        return ""


def validate_place(province_code: int | None, ward_code: int | None) -> None:
    if province_code is not None and not province_name(province_code):
        raise UserError(f"Mã tỉnh, thành phố {province_code} không có trong danh mục hành chính hiện hành.", field="province_code")
    if ward_code is None:
        return
    try:
        ward = Ward.from_code(WardCode(ward_code))
    except ValueError:
        raise UserError(f"Mã xã, phường {ward_code} không có trong danh mục hành chính hiện hành.", field="ward_code") from None
    if province_code is None or int(ward.province_code) != province_code:
        raise UserError(f"Xã, phường «{ward.name}» không thuộc tỉnh, thành phố đã chọn.", field="ward_code")
