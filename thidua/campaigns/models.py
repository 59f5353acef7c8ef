"""Phong trào thi đua: phát động, đợt cao điểm, hưởng ứng, mô hình, hội thi."""
from __future__ import annotations
