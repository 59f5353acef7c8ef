"""API of pacts: Giao ước thi đua, cụm và khối thi đua."""
from __future__ import annotations


def register(router) -> None:
    """Add this app's viewsets to the API router (thidua/api_urls.py calls it)."""
