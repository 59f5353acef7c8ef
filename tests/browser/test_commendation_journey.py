"""The commendation route in a real Chromium (issue 6): a grassroots officer proposes → the sector
union's council votes → a decision is issued → its certificate's QR page verifies.

- The hospital's union officer (Công đoàn Bệnh viện Bạch Mai) finds the sector union's round under
  "Khen thưởng", makes a dossier for Giấy khen, proposes the nurse Trần Thị Hòa (the rules engine's
  pre-check and its reasons show on the dossier) and submits it: a Giấy khen in the sector union's
  round is the sector union's to confer, so the dossier goes up to Công đoàn ngành Y tế Hà Nội.
- The sector union's emulation officer finds it among the dossiers to handle, accepts it, goes to
  its council from the dossier and opens a meeting with the three members present and Hòa on the
  agenda.
- Two members vote "Đồng ý" with their own accounts; the first one also votes again from a tab left
  open before her vote and gets the Vietnamese refusal (status 400, the count unchanged).
- The officer ends the vote (passed: 2 of 3 present, more than half needed), downloads the minutes
  (.docx with the tally), drafts the decision from the dossier, issues it as number 01 of the year,
  and downloads its certificates as PDF; the verification address printed on it is read back.
- Signed out, anyone opening that address sees the award confirmed with no personal data; a forged
  code (one character changed) gets "Mã xác minh không tồn tại." and a 404.

The set-up holds only what the organisations had before: the tree, the sector union's round (the
year before today, deadline ahead), its council of three with their voting accounts, and Hòa's
yearly appraisal (the ground the rules engine reads for a Giấy khen).
"""
from __future__ import annotations

import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django.utils.timezone import localdate

from conftest import PASSWORD, START
from tests.browser.test_journey import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from thidua.commendations.models import AwardRecord
from thidua.commendations.tests.conftest import record_years
from thidua.core.models import AuditEntry, Role
from thidua.core.permissions import SYSTEM
from thidua.decisions.models import Decision, DecisionItem
from thidua.decisions.services import CODE_ALPHABET
from thidua.nominations import councils
from thidua.nominations.models import BallotCast, Dossier, Meeting, Proposal, Seat, Step
from thidua.nominations.services import round_open
from thidua.organisations.models import OrgKind
from thidua.people.models import Gender
from thidua.people.services import person_create

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed at /usr/bin/chromium"),
]

GK = "Giấy khen"
HOSPITAL = "Công đoàn Bệnh viện Bạch Mai"
SECTOR = "Công đoàn ngành Y tế Hà Nội"
COUNCIL = f"Hội đồng thi đua – khen thưởng {SECTOR}"
NUMBER = "01/QĐ-CDN-HN"  # the first decision of the sector union's year; its code CDN-HN is the default symbol
ACHIEVEMENT = "Hoàn thành xuất sắc nhiệm vụ điều dưỡng; tham gia đội phản ứng nhanh cấp cứu ngoại viện."
SIGNER = "Nguyễn Văn Ký"
MEMBERS = (("Lê Văn Thành", Seat.Role.CHAIR, Gender.MALE), ("Ngô Thị Hạnh", Seat.Role.SECRETARY, Gender.FEMALE),
           ("Đinh Công Minh", Seat.Role.MEMBER, Gender.MALE))
VERIFY_URL = re.compile(r"https?://[^\s]+?/xac-minh/[A-Z0-9]{4}(?:-[A-Z0-9]{4}){3}/")


@pytest.fixture(autouse=True)
def _allow_sync_db_calls_beside_playwright(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def actors(transactional_db, tree, make_user):
    # transactional_db first: the live server's thread must see committed rows.
    return {
        "hospital": make_user(Role.UNION_OFFICER, tree.bach_mai),  # proposes
        "sector": make_user(Role.EMULATION_OFFICER, tree.hanoi),  # accepts, convenes, decides
    }


@pytest.fixture
def round_(actors, tree):
    """The sector union's yearly round for last year, opened today, the hospitals' deadline a month ahead."""
    today = localdate()
    return round_open(actor=SYSTEM, organisation=tree.hanoi, kind="yearly", title=f"Khen thưởng năm {today.year - 1}",
                      year=today.year - 1, on=today, deadlines={str(OrgKind.GRASSROOTS_PUBLIC): today + timedelta(days=30)})


@pytest.fixture
def council(actors, tree, make_user):
    """The sector union's council: three people of the sector union, each seat tied to their own account."""
    made = councils.council_create(actor=SYSTEM, organisation=tree.hanoi, name=COUNCIL, term_from=START)
    seats = []
    for i, (name, role, gender) in enumerate(MEMBERS):
        person = person_create(actor=SYSTEM, full_name=name, unit=tree.hanoi, start=START, gender=gender,
                               date_of_birth=date(1970 + i, 4, 10))
        user = make_user(Role.COUNCIL_MEMBER, tree.hanoi)
        seats.append(councils.seat_add(actor=SYSTEM, council=made, person=person, role=role, user=user))
    return made, seats


def test_proposal_council_vote_decision_and_verified_certificate(live_server, actors, round_, council, tree, tmp_path, settings):
    from docx import Document
    from playwright.sync_api import expect, sync_playwright
    from pypdf import PdfReader

    settings.THIDUA_PUBLIC_URL = ""  # the printed address is then the live server's own (the request's host)
    today = localdate()
    year = today.year - 1
    record_years(tree.hoa, {year: "HTXSNV"})  # her appraisal of the year proposed: the Giấy khen's ground
    council_, seats = council
    members = [seat.user for seat in seats]

    def ngay(d: date) -> str:
        return d.strftime("%d/%m/%Y")

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1200, "height": 800}, locale="vi-VN", accept_downloads=True)
        context.set_default_timeout(20_000)  # the certificate PDF is rendered by WeasyPrint on request

        def watched(tab):
            tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            tab.on("pageerror", lambda e: problems.append(str(e)))
            return tab

        page = watched(context.new_page())
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

        try:
            # === 1. The hospital's officer makes a dossier for Giấy khen in the sector union's round. ===
            sign_in(actors["hospital"])
            nav("Khen thưởng")
            page.wait_for_url(f"{url}/khen-thuong/")
            row = page.locator("tr", has_text=round_.title)
            expect(row).to_contain_text(SECTOR)
            expect(row).to_contain_text(ngay(today))
            row.get_by_role("link", name=round_.title).click()
            page.wait_for_url(f"{url}/khen-thuong/dot/{round_.pk}/")
            expect(page.get_by_role("heading", level=1)).to_have_text(round_.title)
            page.get_by_label("Đơn vị đề nghị").select_option(label=HOSPITAL)
            page.get_by_label("Danh hiệu, hình thức đề nghị").select_option(label=GK)
            page.get_by_role("button", name="Lập hồ sơ").click()
            page.wait_for_url(f"{url}/khen-thuong/ho-so/*/")
            dossier_url = page.url
            dossier_title = f"Đề nghị tặng {GK} – {round_.title}"
            expect(messages).to_contain_text(f"Đã lập hồ sơ «{dossier_title}».")
            expect(page.get_by_role("heading", level=1)).to_have_text(dossier_title)
            expect(page.locator("main")).to_contain_text(f"nơi đang xử lý: {HOSPITAL} · trạng thái: Đang lập")

            # === 2. … proposes the nurse Hòa, found by typing her name without diacritics. ===
            page.get_by_role("link", name="Thêm đề nghị").click()
            page.wait_for_url(f"{dossier_url}de-nghi/")
            expect(page.get_by_role("heading", level=1)).to_have_text(f"Thêm đề nghị: {GK}")
            page.get_by_label(f"Tìm người trong {HOSPITAL}").fill("tran thi hoa")
            page.get_by_role("button", name="Tìm", exact=True).click()
            page.get_by_role("link", name="Trần Thị Hòa").click()
            expect(page.locator("form").filter(has_text="Cá nhân:")).to_contain_text("Cá nhân: Trần Thị Hòa")
            expect(page.get_by_label("Năm thành tích")).to_have_value(str(year))
            page.get_by_label("Tiền thưởng (đồng)").fill("300.000")
            page.get_by_label("Tóm tắt thành tích").fill(ACHIEVEMENT)
            page.get_by_role("button", name="Thêm vào hồ sơ").click()
            page.wait_for_url(dossier_url)
            expect(messages).to_contain_text("Đã thêm đề nghị vào hồ sơ.")
            proposal_row = page.locator("tr", has_text="Trần Thị Hòa")
            expect(proposal_row).to_contain_text(ACHIEVEMENT)
            # The pre-check: its verdict and the reasons with their citations.
            expect(proposal_row).to_contain_text("Đủ điều kiện")
            expect(proposal_row.locator("li").first).to_contain_text("✓")
            expect(proposal_row.locator("li").first).to_contain_text(str(year))
            expect(proposal_row.locator("li").first).to_contain_text("Luật Thi đua, khen thưởng")
            expect(proposal_row).to_contain_text("Đề nghị")
            page.screenshot(path=ARTIFACTS / "40-ho-so-de-nghi.png", full_page=True)

            # === 3. … and submits it: it goes up to the sector union, whose Giấy khen it is. ===
            page.get_by_role("button", name="Trình hồ sơ").click()
            page.wait_for_url(dossier_url)
            expect(messages).to_contain_text("Đã trình hồ sơ.")
            expect(page.locator("main")).to_contain_text(f"nơi đang xử lý: {SECTOR} · trạng thái: Đã trình · trình ngày {ngay(today)}")
            expect(page.locator("tr", has_text=f"Trình {SECTOR}.")).to_contain_text(HOSPITAL)
            expect(page.get_by_role("button", name="Trình hồ sơ")).to_have_count(0)
            expect(page.get_by_role("link", name="Thêm đề nghị")).to_have_count(0)
            sign_out()

            # === 4. The sector union's officer finds it among the dossiers to handle and accepts it. ===
            sign_in(actors["sector"])
            nav("Khen thưởng")
            page.wait_for_url(f"{url}/khen-thuong/")
            to_handle = page.locator("section.card", has=page.get_by_role("heading", name="Hồ sơ cần xử lý"))
            waiting = to_handle.locator("tr", has_text=dossier_title)
            expect(waiting).to_contain_text(HOSPITAL)
            expect(waiting).to_contain_text("Đã trình")
            waiting.get_by_role("link", name=dossier_title).click()
            page.wait_for_url(dossier_url)
            page.get_by_label("Lý do, ghi chú (bắt buộc khi trả lại)").fill("Hồ sơ đủ thành phần.")
            page.get_by_role("button", name="Tiếp nhận").click()
            page.wait_for_url(dossier_url)
            expect(messages).to_contain_text("Đã tiếp nhận hồ sơ.")
            expect(page.locator("main")).to_contain_text(f"nơi đang xử lý: {SECTOR} · trạng thái: Đã tiếp nhận")
            expect(page.locator("tr", has_text="Hồ sơ đủ thành phần.")).to_contain_text(SECTOR)
            expect(page.get_by_role("link", name="Lập dự thảo quyết định")).to_have_count(0)  # nothing passed yet

            # === 5. … goes to the council from the dossier and opens a meeting. ===
            page.get_by_role("link", name=f"Hội đồng thi đua – khen thưởng của {SECTOR}").click()
            page.wait_for_url(f"{url}/khen-thuong/hoi-dong/to-chuc/{tree.hanoi.code}/")
            page.get_by_role("link", name=COUNCIL).click()
            page.wait_for_url(f"{url}/khen-thuong/hoi-dong/{council_.pk}/")
            for name, role, _ in MEMBERS:
                cells = page.locator("tr", has_text=name).locator("td")
                expect(cells).to_have_text([name, Seat.Role(role).label, "Có tài khoản"])
            page.get_by_role("link", name="Mở phiên họp").click()
            page.wait_for_url(f"{url}/khen-thuong/hoi-dong/{council_.pk}/phien-hop/moi/")
            # Started half an hour ago, so that "now", the default end, comes after it.
            starts = timezone.localtime() - timedelta(minutes=30)
            page.get_by_label("Thời gian bắt đầu").fill(starts.strftime("%d/%m/%Y %H:%M"))
            page.get_by_label("Địa điểm").fill("Phòng họp tầng 3, Công đoàn ngành Y tế Hà Nội")
            for name, role, _ in MEMBERS:
                expect(page.get_by_label(f"{name} – {Seat.Role(role).label}")).to_be_checked()
            page.get_by_label(f"Trần Thị Hòa – {GK} – hồ sơ «{dossier_title}»").check()
            page.screenshot(path=ARTIFACTS / "41-mo-phien-hop.png", full_page=True)
            page.get_by_role("button", name="Mở phiên họp").click()
            page.wait_for_url(f"{url}/khen-thuong/hoi-dong/phien/*/")
            meeting_url = page.url
            expect(messages).to_contain_text("Đã mở phiên họp.")
            facts = page.locator("dl.facts")
            expect(facts).to_contain_text("3/3 thành viên (cần ít nhất 2: ít nhất 2/3 tổng số thành viên Hội đồng")
            expect(facts).to_contain_text("Đang bỏ phiếu")
            line = page.locator("tbody tr", has_text="Trần Thị Hòa")
            expect(line).to_contain_text(GK)
            expect(line).to_contain_text("Chưa đủ ngưỡng")
            sign_out()

            # === 6. The chair votes from her own account, reaching the meeting from her organisation's page. ===
            sign_in(members[0])
            page.get_by_role("link", name=SECTOR).first.click()
            page.wait_for_url(f"{url}/to-chuc/{tree.hanoi.code}/")
            page.get_by_role("link", name="Hội đồng thi đua – khen thưởng", exact=True).click()
            page.wait_for_url(f"{url}/khen-thuong/hoi-dong/to-chuc/{tree.hanoi.code}/")
            expect(page.get_by_role("heading", name="Lập Hội đồng mới")).to_have_count(0)  # a member sets up no council
            page.get_by_role("link", name=COUNCIL).click()
            page.locator("a[href*='/khen-thuong/hoi-dong/phien/']").click()
            page.wait_for_url(meeting_url)
            ballot = page.locator("section.card", has=page.get_by_role("heading", name=re.compile("^Phiếu của bạn")))
            expect(ballot.get_by_role("heading")).to_have_text(f"Phiếu của bạn ({MEMBERS[0][0]} – Chủ tịch hội đồng)")
            expect(page.get_by_role("button", name="Kết thúc bỏ phiếu")).to_have_count(0)  # not the member's to close
            # A second tab opened on the meeting before she votes: its buttons stay on screen afterwards.
            stale = watched(context.new_page())
            stale.goto(meeting_url)
            ballot.get_by_role("button", name="Đồng ý", exact=True).click()
            page.wait_for_url(meeting_url)
            expect(messages).to_contain_text("Đã ghi nhận phiếu của bạn.")
            expect(ballot).to_contain_text("Bạn đã bỏ phiếu cho đề nghị này.")
            expect(ballot.get_by_role("button")).to_have_count(0)  # the form is gone once voted
            expect(line.locator("td").nth(3)).to_have_text("1")

            # … and votes again from the older tab: refused in Vietnamese, nothing counted.
            with stale.expect_response(lambda r: r.url.endswith("/bo-phieu/")) as second:
                stale.get_by_role("button", name="Đồng ý", exact=True).click()
            assert second.value.status == 400
            expect(stale.locator(".alert-error")).to_contain_text("Bạn đã bỏ phiếu cho đề nghị này.")
            expect(stale.locator("tbody tr", has_text="Trần Thị Hòa").locator("td").nth(3)).to_have_text("1")
            stale.screenshot(path=ARTIFACTS / "42-bo-phieu-lan-hai.png", full_page=True)
            stale.close()
            sign_out()

            # === 7. The secretary votes too, from the link she was sent. ===
            sign_in(members[1])
            page.goto(meeting_url)
            ballot.get_by_role("button", name="Đồng ý", exact=True).click()
            page.wait_for_url(meeting_url)
            expect(messages).to_contain_text("Đã ghi nhận phiếu của bạn.")
            expect(line.locator("td").nth(3)).to_have_text("2")
            expect(line).to_contain_text("Đủ ngưỡng")
            sign_out()

            # === 8. The officer ends the vote: passed against its threshold; the minutes. ===
            sign_in(actors["sector"])
            page.goto(dossier_url)
            page.get_by_role("link", name=f"Hội đồng thi đua – khen thưởng của {SECTOR}").click()
            page.get_by_role("link", name=COUNCIL).click()
            page.locator("a[href*='/khen-thuong/hoi-dong/phien/']").click()
            page.wait_for_url(meeting_url)
            page.get_by_label("Kết luận (không bắt buộc)").fill("Hội đồng thống nhất đề nghị tặng Giấy khen.")
            page.get_by_role("button", name="Kết thúc bỏ phiếu").click()
            page.wait_for_url(meeting_url)
            expect(messages).to_contain_text("Đã kết thúc bỏ phiếu. Kết quả của từng đề nghị đã được ghi.")
            expect(facts).to_contain_text("Đã kết thúc bỏ phiếu")
            expect(line.locator(".badge")).to_have_text("Thông qua")
            expect(line).to_contain_text("66,7 % (2/3)")
            expect(line).to_contain_text("quá một nửa số thành viên có mặt tham gia biểu quyết: cần 2 phiếu")
            expect(line).to_contain_text("Mặc định của phần mềm")  # the threshold's citation
            page.screenshot(path=ARTIFACTS / "43-ket-qua-bo-phieu.png", full_page=True)
            with page.expect_download() as minutes_download:
                page.get_by_role("link", name="Tải biên bản (.docx)").click()
            minutes = minutes_download.value
            assert minutes.failure() is None
            assert minutes.suggested_filename == f"bien-ban-hoi-dong-{tree.hanoi.code}-{starts:%d-%m-%Y}.docx"
            minutes_path = tmp_path / minutes.suggested_filename
            minutes.save_as(minutes_path)
            assert minutes_path.read_bytes()[:2] == b"PK"
            document = Document(str(minutes_path))
            texts = [p.text for p in document.paragraphs]
            rows = [[c.text for c in r.cells] for t in document.tables for r in t.rows]
            # The tally: 2 for out of the 2 ballots cast (the share of the minutes is of the ballots cast), passed.
            assert ["1", "Trần Thị Hòa", GK, "2/2", "100%", "Đạt"] in rows, rows
            whole = "\n".join(texts + [c for r in rows for c in r])
            for name, _, _ in MEMBERS:
                assert name in whole
            assert "Hội đồng thống nhất đề nghị tặng Giấy khen." in whole

            # === 9. From the dossier: the draft decision, issued as number 01. ===
            page.goto(dossier_url)
            expect(proposal_row).to_contain_text("Hội đồng thông qua")
            page.get_by_role("link", name="Lập dự thảo quyết định").click()
            page.wait_for_url(f"{url}/khen-thuong/quyet-dinh/ho-so/*/du-thao/")
            expect(page.locator("tr", has_text="Trần Thị Hòa")).to_contain_text("Hội đồng thông qua")
            page.get_by_role("button", name=f"Lập dự thảo quyết định của {SECTOR}").click()
            page.wait_for_url(f"{url}/khen-thuong/quyet-dinh/*/")
            decision_url = page.url
            expect(messages).to_contain_text(f"Đã lập dự thảo quyết định từ hồ sơ «{dossier_title}».")
            expect(page.get_by_role("heading", level=1)).to_have_text("Dự thảo quyết định")
            expect(page.locator("dl.facts")).to_contain_text("(chưa có số: dự thảo)")
            items = page.locator("section.card", has=page.get_by_role("heading", name=re.compile("^Danh sách kèm theo")))
            expect(items.locator("tbody tr")).to_have_count(1)
            expect(items.locator("tbody tr")).to_contain_text("Trần Thị Hòa")
            expect(items.locator("tbody tr")).to_contain_text("300.000")
            expect(page.get_by_label("Ngày ban hành")).to_have_value(ngay(today))
            page.get_by_label("Họ tên người ký").fill(SIGNER)
            page.get_by_role("button", name="Ban hành quyết định").click()
            page.wait_for_url(decision_url)
            expect(messages).to_contain_text(f"Đã ban hành Quyết định số {NUMBER} ngày {ngay(today)}.")
            expect(page.get_by_role("heading", level=1)).to_have_text(f"Quyết định số {NUMBER} ngày {ngay(today)}")
            facts = page.locator("dl.facts")
            expect(facts).to_contain_text(NUMBER)
            expect(facts).to_contain_text(SIGNER)
            expect(items.locator("tbody tr")).to_contain_text("Mã ")
            expect(page.get_by_role("button", name="Ban hành quyết định")).to_have_count(0)  # issued: no more changes
            page.screenshot(path=ARTIFACTS / "44-quyet-dinh.png", full_page=True)

            # === 10. Its certificates as one PDF; the verification address printed on it. ===
            page.get_by_role("link", name="In giấy khen").click()
            page.wait_for_url(f"{decision_url}giay-chung-nhan/")
            expect(page.get_by_role("heading", level=1)).to_have_text(f"In giấy khen: Quyết định số {NUMBER} ngày {ngay(today)}")
            pdf_link = page.get_by_role("link", name="Tải PDF trên giấy trắng (đủ khung, quốc hiệu)")
            expect(pdf_link).to_be_visible()
            response = page.request.get(url + pdf_link.get_attribute("href"))  # the browser's session
            assert response.status == 200 and response.headers["content-type"] == "application/pdf"
            reader = PdfReader(io.BytesIO(response.body()))
            assert len(reader.pages) == 1
            text = reader.pages[0].extract_text()
            assert "Bà Trần Thị Hòa" in text
            assert GK.upper() in text
            assert f"Quyết định số {NUMBER} ngày {ngay(today)}" in text
            found = VERIFY_URL.findall(text.replace("\n", ""))
            assert len(found) == 1, text
            verify_url = found[0]
            assert verify_url.startswith(f"{url}/xac-minh/")
            code = verify_url.rstrip("/").rsplit("/", 1)[1]
            assert f"Mã xác minh: {code}" in text
            expect(page.locator("tr", has_text="Trần Thị Hòa").get_by_role("link", name=code)).to_be_visible()

            # … and Hòa's page lists the award in its decisions.
            page.goto(decision_url)
            items.get_by_role("link", name="Trần Thị Hòa").click()
            page.wait_for_url(f"{url}/nguoi/{tree.hoa.pk}/")
            awarded = page.locator("#khen-thuong-theo-quyet-dinh tbody tr")
            expect(awarded).to_have_count(1)
            expect(awarded).to_contain_text(GK)
            expect(awarded).to_contain_text(f"Số {NUMBER} ngày {ngay(today)}")
            expect(awarded).to_contain_text(SECTOR)
            sign_out()

            # === 11. Anyone with the certificate: its QR address confirms the award. ===
            visit = page.goto(verify_url)
            assert visit.status == 200
            expect(page.locator(".user-name")).to_have_count(0)
            expect(page.get_by_role("heading", level=2, name="Khen thưởng có trong hồ sơ")).to_be_visible()
            confirmed = page.locator("dl.facts")
            expect(confirmed).to_contain_text(f"{GK} (năm {year})")
            expect(confirmed).to_contain_text("Trần Thị Hòa")
            expect(confirmed).to_contain_text(f"Số {NUMBER} ngày {ngay(today)}")
            expect(confirmed).to_contain_text(SECTOR)
            expect(confirmed).to_contain_text(code)
            shown = page.locator("main").inner_text()
            for private in ("02/07/1990", "1990", "CCCD", "Căn cước", "Ngày sinh", "điện thoại"):
                assert private not in shown, private
            page.screenshot(path=ARTIFACTS / "45-xac-minh.png", full_page=True)

            # … and a forged code (one character changed) is unknown.
            first = code[0]
            forged = next(ch for ch in CODE_ALPHABET if ch != first) + code[1:]
            visit = page.goto(f"{url}/xac-minh/{forged}/")
            assert visit.status == 404
            expect(page.locator(".alert-error")).to_have_text("Mã xác minh không tồn tại.")
            expect(page.locator("dl.facts")).to_have_count(0)
            expect(page.locator("main")).not_to_contain_text("Trần Thị Hòa")
        except Exception:
            page.screenshot(path=ARTIFACTS / "49-khen-thuong-loi.png", full_page=True)
            raise
        finally:
            browser.close()
    # No script errors and no CSP violations; the console lines are Chromium reporting the refused
    # second vote (400) and the forged code (404).
    assert problems == ["Failed to load resource: the server responded with a status of 400 (Bad Request)",
                        "Failed to load resource: the server responded with a status of 404 (Not Found)"], problems

    # --- The database: what the pages wrote, each write audited under its actor. ---
    hospital, sector = actors["hospital"], actors["sector"]

    def audited(obj, actor, action=AuditEntry.Action.CREATE) -> AuditEntry:
        rows = AuditEntry.objects.filter(model=obj._meta.label_lower, object_id=str(obj.pk), action=action, actor=actor)
        assert rows.exists(), (obj, action, actor)
        return rows.first()

    dossier = Dossier.objects.get(round=round_, proposer=tree.bach_mai)
    assert (dossier.award, dossier.holder, dossier.status, dossier.submitted_on) == ("giay_khen", tree.hanoi,
                                                                                     Dossier.Status.DECIDED, today)
    assert audited(dossier, hospital).org_path == tree.bach_mai.path
    assert [c.after["status"] for c in AuditEntry.objects.filter(
        model="nominations.dossier", object_id=str(dossier.pk), action=AuditEntry.Action.UPDATE).order_by("id")] == [
        "submitted", "accepted", "decided"]
    audited(dossier, sector, AuditEntry.Action.UPDATE)
    assert [(s.status, s.at_organisation) for s in Step.objects.filter(dossier=dossier).order_by("id")] == [
        ("draft", tree.bach_mai), ("submitted", tree.bach_mai), ("accepted", tree.hanoi), ("decided", tree.hanoi)]

    proposal = Proposal.objects.get(dossier=dossier)
    assert (proposal.person, proposal.year, proposal.amount, proposal.verdict, proposal.status, proposal.override_reason) == (
        tree.hoa, year, 300_000, "eligible", Proposal.Status.DECIDED, "")
    assert proposal.achievement == ACHIEVEMENT
    audited(proposal, hospital)
    assert [c.after["status"] for c in AuditEntry.objects.filter(
        model="nominations.proposal", object_id=str(proposal.pk), action=AuditEntry.Action.UPDATE, actor=sector
    ).order_by("id")] == ["passed", "decided"]

    meeting = Meeting.objects.get(council=council_)
    assert meeting.closed and sorted(meeting.attendees.values_list("pk", flat=True)) == sorted(s.pk for s in seats)
    audited(meeting, sector)
    tally = meeting.tallies.get(proposal=proposal)
    assert (tally.votes_for, tally.votes_against) == (2, 0)
    ballots = BallotCast.objects.filter(meeting=meeting, proposal=proposal)
    assert sorted(ballots.values_list("seat_id", flat=True)) == [seats[0].pk, seats[1].pk]  # one each: the second refused
    for ballot_cast, member in zip(ballots.order_by("seat_id"), members[:2]):
        audited(ballot_cast, member)

    decision = Decision.objects.get(issuer=tree.hanoi, status=Decision.Status.ISSUED)
    assert (decision.number, decision.number_text, decision.year, decision.issued_on, decision.signer_name) == (
        1, NUMBER, today.year, today, SIGNER)
    audited(decision, sector)
    audited(decision, sector, AuditEntry.Action.UPDATE)
    item = DecisionItem.objects.get(decision=decision)
    assert (item.person, item.proposal, item.year, item.amount, item.verification_code) == (tree.hoa, proposal, year, 300_000, code)
    record = AwardRecord.objects.get(person=tree.hoa, award="giay_khen")
    assert (record.year, record.decision_number, record.decision_date, record.issuing_body, record.revoked_on) == (
        year, NUMBER, today, SECTOR, None)
    assert item.award_record == record
    audited(record, sector)
