"""A union officer of Hà Nội signs in, finds a colleague by typing a name without diacritics,
and opens their page: the live search (htmx), the session, CSRF and the CSP working together in
a real Chromium."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PASSWORD
from thidua.core.models import Role

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed at /usr/bin/chromium"),
]


@pytest.fixture(autouse=True)
def _allow_sync_db_calls_beside_playwright(monkeypatch):
    """Playwright's sync API runs an event loop in this thread; Django then refuses database calls
    (fixture teardown included) unless told the caller is synchronous anyway."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def officer(transactional_db, tree, make_user):
    # transactional_db first: the live server's thread must see committed rows.
    return make_user(Role.UNION_OFFICER, tree.hanoi)


def test_officer_finds_a_colleague_and_opens_their_page(live_server, officer, tree):
    from playwright.sync_api import expect, sync_playwright

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
            expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
            page.screenshot(path=ARTIFACTS / "01-dang-nhap.png", full_page=True)

            page.get_by_label("Tên đăng nhập").fill(officer.username)
            page.get_by_label("Mật khẩu").fill(PASSWORD)
            page.get_by_role("button", name="Đăng nhập").click()
            page.wait_for_url(f"{live_server.url}/")
            expect(page.get_by_role("link", name="Công đoàn ngành Y tế Hà Nội")).to_be_visible()
            page.screenshot(path=ARTIFACTS / "02-trang-chu.png", full_page=True)

            # Typed, not submitted: the results arrive through htmx while the page stays put.
            page.get_by_role("searchbox").press_sequentially("nguyen van duc", delay=20)
            result = page.locator("#search-results").get_by_role("link", name="Nguyễn Văn Đức")
            expect(result).to_be_visible()
            assert page.url == f"{live_server.url}/"
            page.screenshot(path=ARTIFACTS / "03-ket-qua-tim.png", full_page=True)

            result.click()
            page.wait_for_url(f"{live_server.url}/nguoi/{tree.duc.pk}/")
            expect(page.get_by_role("heading", level=1)).to_have_text("Nguyễn Văn Đức")
            expect(page.locator(".lead")).to_contain_text("Khoa Tim mạch")
            page.screenshot(path=ARTIFACTS / "04-trang-ca-nhan.png", full_page=True)

            # The stylesheet was served and applied (the header is painted, not default white).
            header_colour = page.eval_on_selector(".site-header", "e => getComputedStyle(e).backgroundColor")
            assert header_colour not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")

            page.set_viewport_size({"width": 390, "height": 844})
            page.screenshot(path=ARTIFACTS / "05-trang-ca-nhan-dien-thoai.png", full_page=True)
        finally:
            browser.close()
    # No script errors and no Content-Security-Policy violations on the way.
    assert problems == []
