"""Template filters for the Vietnamese way of writing dates, times, numbers and money.

    {% load vn %}
    {{ person.date_of_birth|ngay }}   → 14/03/1985
    {{ entry.at|ngay_gio }}           → 25/11/2026 14:05 (Asia/Ho_Chi_Minh)
    {{ 1000000|tien }}                → 1.000.000 đ
    {{ 12345|so }}                    → 12.345
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def ngay(value) -> str:
    """A date (or an ISO date string from the audit log) as dd/mm/yyyy; empty stays empty."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return value.strftime("%d/%m/%Y")


@register.filter
def ngay_gio(value) -> str:
    """A moment as dd/mm/yyyy HH:MM in the project's time zone (Asia/Ho_Chi_Minh)."""
    if value in (None, ""):
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y %H:%M")


@register.filter
def so(value) -> str:
    """An integer with dots between thousands, as Vietnamese write it: 1.000.000."""
    if value in (None, ""):
        return ""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{number:,}".replace(",", ".")


@register.filter
def tien(value) -> str:
    """Integer đồng: 1.000.000 đ."""
    text = so(value)
    return f"{text} đ" if text else ""


@register.filter
def phut(value) -> str:
    """A duration in whole minutes: '15 phút' (used by the lock-out page)."""
    if isinstance(value, timedelta):
        return f"{int(value.total_seconds() // 60)} phút"
    return "" if value in (None, "") else str(value)
