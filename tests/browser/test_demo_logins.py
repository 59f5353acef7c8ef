"""Every demo login printed by `make run` opens the app in a real browser, with its own scope."""
from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.test_journey import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from thidua.demo import DEMO_PASSWORD, DEMO_USERS, demo_load
from thidua.organisations.models import Organisation


@pytest.fixture(autouse=True)
def _sync_playwright_beside_django(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls here are plain sync code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.mark.browser
def test_each_demo_user_logs_in_and_sees_their_own_organisation(live_server, transactional_db):
    demo_load(members=300, seed=1, on=date(2026, 11, 25))
    # Read before the browser starts: inside Playwright's event loop the ORM would open a connection of
    # its own for that context, which nobody closes (PostgreSQL then cannot drop the test database).
    org_names = {code: Organisation.objects.get(code=code).name for _user, _role, code, _description in DEMO_USERS}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for username, _role, code, description in DEMO_USERS:
                context = browser.new_context()
                page = context.new_page()
                page.goto(f"{live_server.url}/")
                page.fill("input[name=username]", username)
                page.fill("input[name=password]", DEMO_PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_load_state()
                main = page.inner_text("main")
                assert description in main, username
                assert org_names[code] in main, username
                page.screenshot(path=str(ARTIFACTS / f"demo-{username}.png"))
                context.close()
        finally:
            browser.close()
