"""API of training: Đào tạo, bồi dưỡng và trình độ chuyên môn."""
from __future__ import annotations


def register(router) -> None:
    """Add this app's viewsets to the API router (thidua/api_urls.py calls it)."""
