"""Passwords, CSRF, sessions and headers as the deployed app has them."""
from django.conf import settings
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.test import Client, override_settings

from config.django import base


def test_passwords_are_hashed_with_argon2():
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        encoded = make_password("Mat-khau-rat-dai-2026")
        assert identify_hasher(encoded).algorithm == "argon2"
        assert encoded.startswith("argon2$argon2id$")
        assert check_password("Mat-khau-rat-dai-2026", encoded)


def test_login_without_csrf_token_is_refused(hanoi_officer):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/dang-nhap/", {"username": hanoi_officer.username, "password": "x"})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_api_writes_with_a_session_need_the_csrf_token(tree, hanoi_officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(hanoi_officer)
    response = client.post("/api/v1/organisations/BV-BM/rename/", {"name": "Tên mới", "on": "2025-01-01"}, content_type="application/json")
    assert response.status_code == 403
    tree.bach_mai.refresh_from_db()
    assert tree.bach_mai.name == "Công đoàn Bệnh viện Bạch Mai"


def test_sessions_end_when_the_browser_closes_and_after_eight_idle_hours(client, hanoi_officer):
    client.force_login(hanoi_officer)
    client.get("/")
    assert client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == 8 * 60 * 60
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_an_expired_session_must_log_in_again(client, hanoi_officer):
    client.force_login(hanoi_officer)
    session = client.session
    session.set_expiry(-1)
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_secure_headers_on_every_page(client, hanoi_officer):
    client.force_login(hanoi_officer)
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
