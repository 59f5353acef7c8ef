"""API of movements: Sáng kiến, đề tài và hội đồng khoa học."""
from __future__ import annotations


def register(router) -> None:
    """Add this app's viewsets to the API router (thidua/api_urls.py calls it)."""
