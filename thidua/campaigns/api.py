"""API of campaigns: Phong trào thi đua: phát động, đợt cao điểm, hưởng ứng, mô hình, hội thi."""
from __future__ import annotations


def register(router) -> None:
    """Add this app's viewsets to the API router (thidua/api_urls.py calls it)."""
