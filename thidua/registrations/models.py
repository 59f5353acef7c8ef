"""Đăng ký thi đua đầu năm."""
from __future__ import annotations
