"""Đào tạo, bồi dưỡng và trình độ chuyên môn."""
from __future__ import annotations
