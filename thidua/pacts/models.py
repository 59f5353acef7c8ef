"""Giao ước thi đua, cụm và khối thi đua."""
from __future__ import annotations
