"""The emulation year in a real Chromium (issue 5, item 7): the sector union launches a movement and
opens the year's registration round → the hospital's union officer finds the movement, responds and
registers the staff for titles → the hospital's emulation officer registers an initiative, sets up a
science council, records its meeting (one member absent, one recused as a colleague of the author),
the votes and the result, starts the initiative and accepts it by a numbered decision → the author's
page shows the initiative as recognised and the "Đủ điều kiện" section turns "Chiến sĩ thi đua cơ sở"
from "Chưa đủ" to "Đủ điều kiện" because of it.

Every step the sentence of the issue names goes through the pages; the set-up only prepares the tree,
the council's future members and the author's yearly appraisal. Two calendars meet here:
- the registration is dated today by the page, so the round is for next year (deadline 31/01 of next
  year, always ahead of today), and the movement runs through that year;
- the initiative and the eligibility use the fixed year 2023 of the initiatives' own test
  (thidua/movements/tests/test_eligibility.py): Đức rated HTXSNV in 2023, when (Law 2003) an
  excellent rating alone did not make a Chiến sĩ thi đua cơ sở — a recognised initiative did.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.utils.timezone import localdate

from conftest import PASSWORD
from tests.browser.test_journey import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from thidua.campaigns.models import Movement, MovementDocument, MovementResponse
from thidua.commendations.tests.conftest import record_years
from thidua.core.models import AuditEntry, Role
from thidua.core.permissions import SYSTEM
from thidua.movements.models import Council, CouncilMeeting, Initiative, Review
from thidua.organisations.models import OrgKind
from thidua.organisations.services import org_create
from thidua.people.services import person_create
from thidua.registrations.models import Registration, RegistrationRound

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed at /usr/bin/chromium"),
]

START = date(2020, 1, 1)
YEAR = 2023  # the initiative's year and the year judged (the set-up of the initiatives' eligibility test)
TITLE = "Rút ngắn thời gian chờ khám tim mạch"
COUNCIL = f"Hội đồng sáng kiến Bệnh viện Bạch Mai năm {YEAR}"
DECISION = "125/QĐ-BV"
CSTDCS = "Chiến sĩ thi đua cơ sở"
LDTT = "Lao động tiên tiến"


@pytest.fixture(autouse=True)
def _allow_sync_db_calls_beside_playwright(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def actors(transactional_db, tree, make_user):
    # transactional_db first: the live server's thread must see committed rows.
    return {
        "sector": make_user(Role.UNION_OFFICER, tree.hanoi),  # launches the movement, opens the round
        "hospital": make_user(Role.UNION_OFFICER, tree.bach_mai),  # responds, registers the staff
        "emulation": make_user(Role.EMULATION_OFFICER, tree.bach_mai),  # the initiative and its council
    }


@pytest.fixture
def members(tree):
    """The council's future members: two in Bạch Mai's departments (one of them Khoa Tim mạch, the
    author's), three at the hospital's own level."""
    internal = org_create(actor=SYSTEM, code="BV-BM-NOI", name="Khoa Nội", kind=OrgKind.UNION_GROUP, parent=tree.bach_mai,
                          valid_from=START)
    people = {}
    for name, unit, born in (("Phan Văn Nam", internal, date(1970, 5, 1)), ("Đỗ Thị Mai", tree.bach_mai, date(1980, 6, 2)),
                             ("Vũ Minh Khoa", tree.cardio, date(1975, 7, 3)), ("Lý Thu Trang", internal, date(1982, 8, 4)),
                             ("Hồ Quang Hiếu", tree.bach_mai, date(1978, 9, 5))):
        people[name] = person_create(actor=SYSTEM, full_name=name, unit=unit, start=START, date_of_birth=born)
    return people


def test_movement_registration_council_and_recognised_initiative(live_server, actors, members, tree, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    record_years(tree.duc, {YEAR: "HTXSNV"})  # excellent in 2023: not enough then without an initiative
    today = localdate()
    season = today.year + 1  # the year registered for: the page dates the registration today
    deadline = date(season, 1, 31)
    movement_name = f"Thi đua đổi mới phong cách, thái độ phục vụ người bệnh năm {season}"
    plan_pdf = tmp_path / "Kế hoạch phát động.pdf"
    plan_pdf.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

    def ngay(d: date) -> str:
        return d.strftime("%d/%m/%Y")

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800}, locale="vi-VN")
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.set_default_timeout(15_000)
            url = live_server.url
            messages = page.locator(".messages")

            def sign_in(user):
                page.goto(f"{url}/dang-nhap/")
                page.get_by_label("Tên đăng nhập").fill(user.username)
                page.get_by_label("Mật khẩu").fill(PASSWORD)
                page.get_by_role("button", name="Đăng nhập").click()
                page.wait_for_url(f"{url}/")
                expect(page.locator(".user-name")).to_have_text(user.username)

            def sign_out():
                page.get_by_role("button", name="Đăng xuất").click()
                page.wait_for_url(f"{url}/dang-nhap/")
                expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()

            def nav(name: str):
                page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name=name, exact=True).click()

            # === 1. The sector union launches the movement, jointly with the health department. ===
            sign_in(actors["sector"])
            nav("Phong trào")
            page.wait_for_url(f"{url}/phong-trao/")
            page.get_by_role("link", name="Phát động phong trào").click()
            page.wait_for_url(f"{url}/phong-trao/phat-dong/{tree.hanoi.code}/")
            expect(page.get_by_role("heading", level=2)).to_have_text("Phong trào của Công đoàn ngành Y tế Hà Nội")
            expect(page.get_by_label("Ngày phát động")).to_have_value(ngay(today))
            page.get_by_label("Tên phong trào").fill(movement_name)
            page.get_by_label("Chủ đề, nội dung").fill("Xây dựng hình ảnh người thầy thuốc thân thiện, hết lòng vì người bệnh.")
            page.get_by_label("Từ ngày").fill(ngay(date(season, 1, 1)))
            page.get_by_label("Đến ngày").fill(ngay(date(season, 12, 31)))
            expect(page.get_by_label("Toàn bộ các đơn vị trực thuộc của Công đoàn ngành Y tế Hà Nội")).to_be_checked()
            page.get_by_label("Cơ quan đồng phát động khác").fill("Sở Y tế Hà Nội")
            page.get_by_label("Tiêu chí (mỗi dòng một tiêu chí)").fill(
                "Không để người bệnh phàn nàn về thái độ phục vụ\nMỗi khoa, phòng có ít nhất một sáng kiến cải tiến")
            page.get_by_label("Văn bản đính kèm", exact=False).set_input_files(plan_pdf)
            page.screenshot(path=ARTIFACTS / "30-phat-dong-phong-trao.png", full_page=True)
            page.get_by_role("button", name="Phát động", exact=True).click()
            page.wait_for_url(f"{url}/phong-trao/*/")
            movement_url = page.url
            expect(messages).to_contain_text(f"Đã phát động phong trào «{movement_name}».")
            expect(page.get_by_role("heading", level=1)).to_have_text(movement_name)
            facts = page.locator("dl.facts")
            expect(facts).to_contain_text("Sở Y tế Hà Nội")
            expect(facts).to_contain_text(f"01/01/{season} – 31/12/{season}")
            expect(facts).to_contain_text("Toàn bộ các đơn vị trực thuộc Công đoàn ngành Y tế Hà Nội")
            expect(page.locator("#tai-lieu").get_by_role("link", name="Kế hoạch phát động.pdf")).to_be_visible()
            expect(page.locator("#huong-ung h2")).to_contain_text("(0 / 4 đã hưởng ứng)")  # two hospitals and two departments
            page.screenshot(path=ARTIFACTS / "31-phong-trao.png", full_page=True)

            # === 2. … and opens the registration round of next year through its page. ===
            nav("Đăng ký thi đua")
            page.wait_for_url(f"{url}/dang-ky-thi-dua/")
            page.get_by_role("link", name="Mở đợt đăng ký của Công đoàn ngành Y tế Hà Nội").click()
            page.wait_for_url(f"{url}/dang-ky-thi-dua/to-chuc/{tree.hanoi.code}/mo-dot/")
            page.get_by_label("Năm thi đua").fill(str(season))
            page.get_by_label("Hạn đăng ký").fill(ngay(deadline))
            page.get_by_label("Ghi chú (không bắt buộc)").fill("Các công đoàn cơ sở đăng ký danh hiệu cho cá nhân, tập thể.")
            page.get_by_role("button", name="Mở đợt đăng ký").click()
            page.wait_for_url(f"{url}/dang-ky-thi-dua/dot/*/")
            round_title = f"Đăng ký thi đua năm {season}"
            expect(messages).to_contain_text(f"Đã mở đợt «{round_title}», hạn đăng ký {ngay(deadline)}.")
            expect(page.get_by_role("heading", level=1)).to_have_text(round_title)
            sign_out()

            # === 3. The hospital's union officer finds the movement and responds. ===
            sign_in(actors["hospital"])
            nav("Phong trào")
            row = page.locator("tr", has_text=movement_name)
            expect(row).to_contain_text("Công đoàn ngành Y tế Hà Nội")
            expect(row).to_contain_text("Sắp diễn ra")
            page.screenshot(path=ARTIFACTS / "32-phong-trao-cua-benh-vien.png", full_page=True)
            row.get_by_role("link", name=movement_name).click()
            page.wait_for_url(movement_url)
            expect(page.locator("#huong-ung h2")).to_contain_text("(0 / 3 đã hưởng ứng)")  # Bạch Mai and its two departments
            page.get_by_label("Đơn vị hưởng ứng").select_option(label="Công đoàn Bệnh viện Bạch Mai")
            page.get_by_label("Kế hoạch hưởng ứng").fill("Tập huấn kỹ năng giao tiếp cho điều dưỡng; hòm thư góp ý ở mỗi khoa.")
            page.get_by_role("button", name="Hưởng ứng", exact=True).click()
            page.wait_for_url(f"{movement_url}#huong-ung")
            expect(messages).to_contain_text("Đã ghi nhận hưởng ứng của đơn vị.")
            expect(page.locator("#huong-ung tr", has_text="Công đoàn Bệnh viện Bạch Mai")).to_contain_text(
                f"Đã hưởng ứng ngày {ngay(today)}")
            expect(page.locator("#huong-ung h2")).to_contain_text("(1 / 3 đã hưởng ứng)")

            # === 4. … and registers the staff in the sector union's round, from the hospital's roster. ===
            nav("Đăng ký thi đua")
            page.wait_for_url(f"{url}/dang-ky-thi-dua/")
            rounds = page.locator("tr", has_text=round_title)
            expect(rounds).to_contain_text("Công đoàn ngành Y tế Hà Nội")
            expect(rounds).to_contain_text(ngay(deadline))
            rounds.get_by_role("link", name=round_title).click()
            page.wait_for_url(f"{url}/dang-ky-thi-dua/dot/*/")
            page.get_by_role("link", name="Công đoàn Bệnh viện Bạch Mai", exact=True).click()
            page.wait_for_url(f"{url}/dang-ky-thi-dua/dot/*/don-vi/{tree.bach_mai.code}/")
            expect(page.get_by_role("heading", level=1)).to_have_text(f"{round_title}: Công đoàn Bệnh viện Bạch Mai")
            individual = page.locator("#ca-nhan")
            individual.get_by_label("Danh hiệu đăng ký").select_option(label=LDTT)
            individual.get_by_label("Nguyễn Văn Đức", exact=True).check()
            individual.get_by_label("Trần Thị Hòa", exact=True).check()
            page.screenshot(path=ARTIFACTS / "33-dang-ky-danh-sach.png", full_page=True)
            individual.get_by_role("button", name="Lưu đăng ký").click()
            expect(messages).to_contain_text(f"Đã đăng ký «{LDTT}» cho 2 cá nhân.")
            individual = page.locator("#ca-nhan")
            individual.get_by_label("Danh hiệu đăng ký").select_option(label=CSTDCS)
            individual.get_by_label("Nguyễn Văn Đức", exact=True).check()
            individual.get_by_role("button", name="Lưu đăng ký").click()
            expect(messages).to_contain_text(f"Đã đăng ký «{CSTDCS}» cho 1 cá nhân.")
            expect(page.locator("#ca-nhan tr", has_text="Nguyễn Văn Đức")).to_contain_text(f"{CSTDCS}; {LDTT}")
            registered = page.locator("#da-dang-ky tbody tr")
            expect(registered).to_have_count(3)
            expect(registered.filter(has_text="Nguyễn Văn Đức")).to_have_count(2)
            expect(registered.filter(has_text="Trần Thị Hòa")).to_contain_text(LDTT)
            expect(page.locator("#da-dang-ky")).not_to_contain_text("Đăng ký muộn")
            page.screenshot(path=ARTIFACTS / "34-da-dang-ky.png", full_page=True)
            page.get_by_role("link", name="Về đợt đăng ký").click()
            page.wait_for_url(f"{url}/dang-ky-thi-dua/dot/*/")
            expect(page.locator("dl.facts dt", has_text="Đăng ký còn hiệu lực").locator("xpath=following-sibling::dd[1]")).to_have_text("3")
            expect(page.locator("table tbody tr")).to_have_count(3)
            sign_out()

            # === 5. The emulation officer registers Đức's initiative of 2023. ===
            sign_in(actors["emulation"])
            nav("Sáng kiến, đề tài")
            page.get_by_role("link", name="Đăng ký sáng kiến, đề tài", exact=True).click()
            page.wait_for_url(f"{url}/sang-kien/dang-ky/")
            page.get_by_label("Đơn vị áp dụng").select_option(label="Công đoàn Bệnh viện Bạch Mai")
            page.get_by_label("Năm", exact=True).fill(str(YEAR))
            page.get_by_label("Ngày đăng ký").fill("10/01/2023")
            page.get_by_label("Tên sáng kiến, đề tài").fill(TITLE)
            page.get_by_label("Tác giả").fill("Nguyễn Văn Đức, 14/03/1985")
            page.get_by_role("button", name="Đăng ký", exact=True).click()
            page.wait_for_url(f"{url}/sang-kien/*/")
            initiative_url = page.url
            expect(messages).to_contain_text(f"Đã đăng ký sáng kiến «{TITLE}».")
            expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
            expect(page.locator(".lead")).to_contain_text("Đã đăng ký")

            # === 6. … sets up the science council (members typed by name) … ===
            nav("Sáng kiến, đề tài")
            page.get_by_role("link", name="Lập hội đồng", exact=True).click()
            page.wait_for_url(f"{url}/sang-kien/hoi-dong/them/")
            page.get_by_label("Tổ chức lập hội đồng").select_option(label="Công đoàn Bệnh viện Bạch Mai")
            page.get_by_label("Năm", exact=True).fill(str(YEAR))
            page.get_by_label("Tên hội đồng").fill(COUNCIL)
            page.get_by_label("Chủ tịch hội đồng").fill("Phan Văn Nam")
            page.get_by_label("Thư ký hội đồng").fill("Đỗ Thị Mai")
            page.get_by_label("Ủy viên").fill("Vũ Minh Khoa\nLý Thu Trang\nHồ Quang Hiếu")
            page.get_by_role("button", name="Lập hội đồng").click()
            page.wait_for_url(f"{url}/sang-kien/hoi-dong/*/")
            expect(messages).to_contain_text(f"Đã lập {COUNCIL}.")
            expect(page.get_by_role("heading", level=2, name="Thành viên (5)")).to_be_visible()
            expect(page.locator("tr", has_text="Phan Văn Nam")).to_contain_text("Chủ tịch hội đồng")

            # === 7. … records its meeting: four of five present, the initiative on the agenda … ===
            page.get_by_label("Ngày họp").fill("15/03/2023")
            page.get_by_label("Lý Thu Trang (ủy viên)").uncheck()
            page.get_by_label(TITLE).check()
            page.get_by_label("Biên bản tóm tắt (không bắt buộc)").fill("Hội đồng nghe tác giả trình bày và biểu quyết.")
            page.get_by_role("button", name="Ghi phiên họp").click()
            page.wait_for_url(f"{url}/sang-kien/phien-hop/*/")
            meeting_url = page.url
            expect(messages).to_contain_text("Đã ghi phiên họp ngày 15/03/2023.")
            expect(page.locator(".lead")).to_contain_text("có mặt 4/5 thành viên (cần 4)")
            item = page.locator("section.card", has=page.get_by_role("heading", level=2, name=TITLE))
            # The author's colleague of Khoa Tim mạch recuses; the absent member cannot vote.
            expect(item.locator("tr", has_text="Vũ Minh Khoa").first).to_contain_text(
                "Rút khỏi việc xét: cùng Khoa Tim mạch với tác giả Nguyễn Văn Đức")
            expect(item.locator("tr", has_text="Lý Thu Trang").first).to_contain_text("Vắng mặt")

            # === 8. … the votes: two for, one against … ===
            item.get_by_label("Phan Văn Nam", exact=True).select_option(label="Tán thành")
            item.get_by_label("Đỗ Thị Mai", exact=True).select_option(label="Tán thành")
            item.get_by_label("Hồ Quang Hiếu", exact=True).select_option(label="Không tán thành")
            page.screenshot(path=ARTIFACTS / "35-bieu-quyet.png", full_page=True)
            item.get_by_role("button", name="Ghi biểu quyết").click()
            page.wait_for_url(meeting_url)
            expect(messages).to_contain_text(f"Đã ghi 3 ý kiến về «{TITLE}».")
            tally = "Tán thành 2, không tán thành 1 trên 3 thành viên được biểu quyết."
            expect(item).to_contain_text("Có mặt 4/5 thành viên (cần 4): đủ số lượng tối thiểu.")
            expect(item).to_contain_text(tally)

            # === 9. … and the council's result: approved. ===
            item.get_by_role("button", name="Ghi kết quả của hội đồng").click()
            page.wait_for_url(meeting_url)
            expect(messages).to_contain_text(f"Kết quả của hội đồng: «{TITLE}» — được hội đồng duyệt.")
            expect(item.locator(".badge")).to_have_text("Được hội đồng duyệt")
            expect(item).to_contain_text(tally)
            expect(item.get_by_role("button", name="Ghi biểu quyết")).to_have_count(0)
            page.screenshot(path=ARTIFACTS / "36-ket-qua-hoi-dong.png", full_page=True)

            # === 10. Approved is not yet recognised: the author's page, year 2023. ===
            item.get_by_role("link", name=TITLE).click()
            page.wait_for_url(initiative_url)
            expect(page.locator("ol.steps")).to_contain_text(f"{COUNCIL}: 2/3 thành viên tán thành; 4/5 thành viên có mặt.")
            page.locator("dl.facts").get_by_role("link", name="Nguyễn Văn Đức").click()
            page.wait_for_url(f"{url}/nguoi/{tree.duc.pk}/")
            initiatives = page.locator("#sang-kien")
            expect(initiatives.locator("tr", has_text=TITLE)).to_contain_text("Được hội đồng duyệt")
            eligibility = page.locator("#du-dieu-kien")
            expect(eligibility.get_by_role("heading", level=2)).to_have_text(f"Đủ điều kiện năm {today.year - 1}")
            eligibility.get_by_label("Năm xét").fill(str(YEAR))
            eligibility.get_by_role("button", name="Xem").click()
            page.wait_for_url(f"{url}/nguoi/{tree.duc.pk}/?nam={YEAR}#du-dieu-kien")
            eligibility = page.locator("#du-dieu-kien")
            expect(eligibility.get_by_role("heading", level=2)).to_have_text(f"Đủ điều kiện năm {YEAR}")
            verdict = eligibility.locator("details.verdict").filter(
                has=page.locator(".verdict-name").get_by_text(CSTDCS, exact=True))
            expect(verdict.locator("summary .badge")).to_have_text("Chưa đủ điều kiện")
            verdict.locator("summary").click()
            expect(verdict.locator(".criteria")).to_contain_text(
                f"Năm {YEAR} không có sáng kiến hoặc đề tài được công nhận, nghiệm thu")
            page.screenshot(path=ARTIFACTS / "37-tac-gia-truoc-cong-nhan.png", full_page=True)

            # === 11. The initiative is carried out, then accepted by a numbered decision at grassroots scope. ===
            page.locator("#sang-kien").get_by_role("link", name=TITLE).click()
            page.wait_for_url(initiative_url)
            page.get_by_label("Ngày bắt đầu triển khai").fill("01/04/2023")
            page.get_by_role("button", name="Chuyển sang đang triển khai").click()
            page.wait_for_url(initiative_url)
            expect(messages).to_contain_text("Đã chuyển sang đang triển khai.")
            expect(page.locator(".lead .badge")).to_have_text("Đang triển khai")
            page.get_by_label("Phạm vi công nhận").select_option(label="Cấp cơ sở")
            page.get_by_label("Số quyết định").fill(DECISION)
            page.get_by_label("Ngày quyết định").fill("20/12/2023")
            page.get_by_role("button", name="Ghi quyết định công nhận").click()
            page.wait_for_url(initiative_url)
            expect(messages).to_contain_text("Đã ghi quyết định công nhận, nghiệm thu.")
            expect(page.locator(".lead")).to_contain_text("Đã công nhận, nghiệm thu Cấp cơ sở")
            facts = page.locator("dl.facts")
            expect(facts.locator("div", has_text="Phạm vi công nhận")).to_contain_text("Cấp cơ sở")
            expect(facts).to_contain_text(f"Số {DECISION} ngày 20/12/2023")
            expect(page.locator("#xu-ly")).to_have_count(0)  # nothing left to do
            page.screenshot(path=ARTIFACTS / "38-da-cong-nhan.png", full_page=True)

            # === 12. The author's page: recognised, registered, and eligible because of it. ===
            facts.get_by_role("link", name="Nguyễn Văn Đức").click()
            page.wait_for_url(f"{url}/nguoi/{tree.duc.pk}/")
            row = page.locator("#sang-kien tr", has_text=TITLE)
            expect(row.locator(".badge")).to_have_text("Đã công nhận")
            expect(row).to_contain_text("Đã công nhận Cấp cơ sở")
            expect(row).to_contain_text(f"{DECISION} ngày 20/12/2023")
            registrations = page.locator("#dang-ky-thi-dua tbody tr")
            expect(registrations).to_have_count(2)
            expect(registrations.filter(has_text=CSTDCS)).to_contain_text(str(season))
            expect(registrations.filter(has_text=LDTT)).to_contain_text("Công đoàn Bệnh viện Bạch Mai")
            page.locator("#du-dieu-kien").get_by_label("Năm xét").fill(str(YEAR))
            page.locator("#du-dieu-kien").get_by_role("button", name="Xem").click()
            page.wait_for_url(f"{url}/nguoi/{tree.duc.pk}/?nam={YEAR}#du-dieu-kien")
            eligibility = page.locator("#du-dieu-kien")
            expect(eligibility.get_by_role("heading", level=2)).to_have_text(f"Đủ điều kiện năm {YEAR}")
            verdict = eligibility.locator("details.verdict").filter(
                has=page.locator(".verdict-name").get_by_text(CSTDCS, exact=True))
            expect(verdict.locator("summary .badge")).to_have_text("Đủ điều kiện")
            verdict.locator("summary").click()
            reason = verdict.locator("li.criterion", has_text="sáng kiến")
            expect(reason).to_have_count(1)
            expect(reason.locator(".criterion-text")).to_contain_text(f"Có sáng kiến cấp cơ sở năm {YEAR}")
            expect(reason).to_have_class("criterion criterion-met")
            page.screenshot(path=ARTIFACTS / "39-tac-gia-du-dieu-kien.png", full_page=True)
        finally:
            browser.close()
    assert problems == []

    # --- The database: what the pages wrote, each write audited under its actor. ---
    sector, hospital, emulation = actors["sector"], actors["hospital"], actors["emulation"]

    def audited(obj, actor, action=AuditEntry.Action.CREATE) -> AuditEntry:
        rows = AuditEntry.objects.filter(model=obj._meta.label_lower, object_id=str(obj.pk), action=action, actor=actor)
        assert rows.exists(), (obj, action)
        return rows.first()

    movement = Movement.objects.get(name=movement_name)
    assert (movement.organisation, movement.start, movement.end, movement.launched_on) == (
        tree.hanoi, date(season, 1, 1), date(season, 12, 31), today)
    assert movement.co_issuers == "Sở Y tế Hà Nội" and len(movement.criteria) == 2
    assert audited(movement, sector).org_path == tree.hanoi.path
    document = MovementDocument.objects.get(movement=movement)
    audited(document, sector)
    response = MovementResponse.objects.get(movement=movement)
    assert (response.organisation, response.responded_on) == (tree.bach_mai, today)
    assert audited(response, hospital).org_path == tree.bach_mai.path

    round_ = RegistrationRound.objects.get(organisation=tree.hanoi, year=season)
    assert (round_.deadline, round_.opened_on) == (deadline, today)
    audited(round_, sector)
    registrations = list(Registration.objects.filter(round=round_).order_by("award", "person__full_name"))
    assert [(r.award, r.person.full_name) for r in registrations] == [
        ("chien_si_thi_dua_co_so", "Nguyễn Văn Đức"),
        ("lao_dong_tien_tien", "Nguyễn Văn Đức"),
        ("lao_dong_tien_tien", "Trần Thị Hòa"),
    ]
    for registration in registrations:
        assert (registration.unit, registration.year, registration.registered_on, registration.late) == (
            tree.bach_mai, season, today, False)
        assert audited(registration, hospital).org_path == tree.bach_mai.path

    initiative = Initiative.objects.get(title=TITLE)
    assert list(initiative.authors.all()) == [tree.duc]
    assert (initiative.year, initiative.organisation, initiative.status, initiative.accepted, initiative.scope) == (
        YEAR, tree.bach_mai, Initiative.Status.ACCEPTED, True, "co_so")
    assert (initiative.decision_number, initiative.decision_date) == (DECISION, date(2023, 12, 20))
    assert [(s.status, s.on) for s in initiative.steps.order_by("id")] == [
        ("registered", date(2023, 1, 10)), ("approved", date(2023, 3, 15)),
        ("in_progress", date(2023, 4, 1)), ("accepted", date(2023, 12, 20)),
    ]
    audited(initiative, emulation)
    changes = AuditEntry.objects.filter(model="movements.initiative", object_id=str(initiative.pk), action=AuditEntry.Action.UPDATE,
                                        actor=emulation).order_by("id")
    assert [c.after["status"] for c in changes] == ["approved", "in_progress", "accepted"]
    council = Council.objects.get(name=COUNCIL)
    assert sorted(council.members.values_list("person__full_name", "role")) == sorted([
        ("Phan Văn Nam", "chair"), ("Đỗ Thị Mai", "secretary"), ("Vũ Minh Khoa", "member"), ("Lý Thu Trang", "member"),
        ("Hồ Quang Hiếu", "member"),
    ])
    audited(council, emulation)
    meeting = CouncilMeeting.objects.get(council=council)
    assert meeting.held_on == date(2023, 3, 15)
    assert sorted(meeting.attendees.values_list("person__full_name", flat=True)) == sorted(
        ["Phan Văn Nam", "Đỗ Thị Mai", "Vũ Minh Khoa", "Hồ Quang Hiếu"])
    audited(meeting, emulation)
    reviews = list(Review.objects.filter(meeting=meeting, initiative=initiative).select_related("member__person"))
    assert sorted((r.member.person.full_name, r.vote) for r in reviews) == sorted([
        ("Phan Văn Nam", "approve"), ("Đỗ Thị Mai", "approve"), ("Hồ Quang Hiếu", "reject")])
    for review in reviews:
        audited(review, emulation)
    assert members["Vũ Minh Khoa"].pk not in [r.member.person_id for r in reviews]
