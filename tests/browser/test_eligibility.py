"""An emulation officer of Hà Nội starts an eligibility run for a hospital, reads a row's reasons
(loaded by htmx when the row is opened), then reads a colleague's "Đủ điều kiện" section: the
forms, htmx and the CSP working together in a real Chromium."""
from __future__ import annotations

from pathlib import Path

import pytest
from django.utils.timezone import localdate

from conftest import PASSWORD
from tests.browser.test_journey import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from thidua.commendations.tests.conftest import record_years
from thidua.core.models import Role

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed at /usr/bin/chromium"),
]


@pytest.fixture(autouse=True)
def _allow_sync_db_calls_beside_playwright(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def officer(transactional_db, tree, make_user):
    return make_user(Role.EMULATION_OFFICER, tree.hanoi)


def test_officer_runs_eligibility_and_reads_the_reasons(live_server, officer, tree):
    from playwright.sync_api import expect, sync_playwright

    last_year = localdate().year - 1
    record_years(tree.duc, {last_year - 1: "HTXSNV", last_year: "HTXSNV"})
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800}, locale="vi-VN")
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.set_default_timeout(10_000)

            page.goto(f"{live_server.url}/dang-nhap/")
            page.get_by_label("Tên đăng nhập").fill(officer.username)
            page.get_by_label("Mật khẩu").fill(PASSWORD)
            page.get_by_role("button", name="Đăng nhập").click()
            page.wait_for_url(f"{live_server.url}/")

            page.goto(f"{live_server.url}/to-chuc/{tree.bach_mai.code}/xet-dieu-kien/")
            expect(page.get_by_label("Năm xét")).to_have_value(str(last_year))
            page.get_by_role("button", name="Bắt đầu xét").click()
            page.wait_for_url(f"{live_server.url}/xet-dieu-kien/*/")
            expect(page.locator(".messages")).to_contain_text("cho 2 người")
            page.screenshot(path=ARTIFACTS / "10-dot-xet.png", full_page=True)

            # Opening a row's <details> asks the server for its reasons (htmx), recomputed now.
            row = page.locator("tr", has_text="Nguyễn Văn Đức").filter(has_text="Chiến sĩ thi đua cơ sở")
            row.get_by_text("Xem lý do").click()
            expect(row.locator(".reasons-body .criteria")).to_contain_text("Căn cứ:")
            page.screenshot(path=ARTIFACTS / "11-ly-do.png", full_page=True)

            row.get_by_role("link", name="Nguyễn Văn Đức").click()
            page.wait_for_url(f"{live_server.url}/nguoi/{tree.duc.pk}/*")
            section = page.locator("#du-dieu-kien")
            expect(section.get_by_role("heading", level=2)).to_have_text(f"Đủ điều kiện năm {last_year}")
            verdict = section.locator("details.verdict", has_text="Chiến sĩ thi đua cơ sở").first
            verdict.locator("summary").click()
            expect(verdict.locator(".criteria")).to_be_visible()
            expect(verdict.locator(".badge")).to_have_text("Đủ điều kiện")
            page.screenshot(path=ARTIFACTS / "12-du-dieu-kien.png", full_page=True)
        finally:
            browser.close()
    assert problems == []
