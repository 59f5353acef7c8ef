"""Helpers the API tests share: a client for a user, and the check that a refusal is Vietnamese and whole."""
from __future__ import annotations

import unicodedata

from rest_framework.test import APIClient


def vietnamese(text: str) -> bool:
    """A sentence with Vietnamese letters in it (DRF's English messages have none)."""
    return any(ch in "đĐ" or unicodedata.normalize("NFD", ch) != ch for ch in text)


def assert_refused(response, status: int = 400, *, field: str | None = None, contains: str = "") -> dict:
    """The API's error shape, {"detail", "field"}, with a Vietnamese detail."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"detail", "field"}
    assert vietnamese(body["detail"]), body
    if field is not None:
        assert body["field"] == field, body
    if contains:
        assert contains in body["detail"], body
    return body


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client
