"""API of registrations: Đăng ký thi đua đầu năm."""
from __future__ import annotations


def register(router) -> None:
    """Add this app's viewsets to the API router (thidua/api_urls.py calls it)."""
