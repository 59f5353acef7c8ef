"""Sign-in, the home page, the error pages and the page-wide rules (CSP, no inline code)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone as dt_timezone
from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.urls import reverse

from conftest import PASSWORD
from thidua.core.models import Role
from thidua.core.permissions import SYSTEM
from thidua.organisations.services import org_rename


class InlineCodeFinder(HTMLParser):
    """Collects everything a strict Content-Security-Policy would block."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        if "style" in names:
            self.problems.append(f"style attribute on <{tag}>")
        self.problems += [f"{name} on <{tag}>" for name in names if name.startswith("on") or name.startswith("hx-on")]
        if tag == "style":
            self.problems.append("<style> block")
        if tag == "script":
            src = dict(attrs).get("src")
            if not src:
                self.problems.append("inline <script>")
            else:
                self.scripts.append(src)


def inline_code(html: str) -> InlineCodeFinder:
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder


# --- Sign-in ---------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name,kwargs", [
    ("home", {}), ("org-tree", {}), ("org-detail", {"code": "X"}), ("org-history", {"code": "X"}),
    ("person-search", {}), ("person-detail", {"pk": 1}),
])
def test_every_page_requires_login(client, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.django_db
def test_htmx_request_without_session_sends_the_tab_to_login(client):
    response = client.get(reverse("person-search"), {"q": "duc"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("login") + "?next=")


def test_login_page_is_vietnamese(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Tên đăng nhập" in html and "Mật khẩu" in html


def test_login_with_the_right_password_opens_home(client, hanoi_officer):
    response = client.post(reverse("login"), {"username": hanoi_officer.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert hanoi_officer.username in home.content.decode()


def test_wrong_password_says_so_in_vietnamese(client, hanoi_officer):
    response = client.post(reverse("login"), {"username": hanoi_officer.username, "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_five_wrong_passwords_lock_the_account_out(client, hanoi_officer):
    for _ in range(4):
        response = client.post(reverse("login"), {"username": hanoi_officer.username, "password": "sai-mat-khau"})
        assert response.status_code == 200
    response = client.post(reverse("login"), {"username": hanoi_officer.username, "password": "sai-mat-khau"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Tài khoản tạm khoá đăng nhập" in html
    assert "15 phút" in html
    # Locked: even the right password is refused now.
    response = client.post(reverse("login"), {"username": hanoi_officer.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post(client, hanoi_officer):
    client.force_login(hanoi_officer)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


# --- Home --------------------------------------------------------------------------------------------


def test_home_lists_the_users_grants(client, tree, make_user):
    user = make_user(Role.UNION_OFFICER, tree.hanoi)
    from thidua.core.services import role_grant

    role_grant(actor=SYSTEM, user=user, role=Role.VIEWER, organisation=tree.hue_central)
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    assert "Cán bộ công đoàn" in html and "Người xem" in html
    assert f'href="{reverse("org-detail", args=["CDN-HN"])}"' in html
    assert f'href="{reverse("org-detail", args=["BV-TWH"])}"' in html
    assert "Công đoàn ngành Y tế Huế<" not in html  # only the granted unit, not its parent
    assert 'name="q"' in html  # the search box


def test_home_without_grants_says_what_to_do(client, django_user_model):
    user = django_user_model.objects.create_user(username="moi", password=PASSWORD)
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    assert "chưa được phân quyền" in html


# --- Layout, CSP, errors --------------------------------------------------------------------------


def test_pages_send_csp_and_carry_no_inline_code(client, tree, hanoi_officer):
    org_rename(actor=SYSTEM, org=tree.bach_mai, name="Công đoàn Bệnh viện Bạch Mai mới", on=date(2025, 7, 1), reason="thử")
    client.force_login(hanoi_officer)
    urls = [
        reverse("home"), reverse("org-tree"), reverse("org-detail", args=["BV-BM"]),
        reverse("org-history", args=["BV-BM"]), reverse("person-search") + "?q=hoa",
        reverse("person-detail", args=[tree.duc.pk]), reverse("org-detail", args=["KHONG-CO"]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp and "'unsafe-inline'" not in csp
        finder = inline_code(response.content.decode())
        assert finder.problems == [], (url, finder.problems)
    home = client.get(reverse("home")).content.decode()
    assert "/static/thidua/htmx-2.0.11.min.js" in inline_code(home).scripts
    assert "includeIndicatorStyles&quot;:false" in home or '"includeIndicatorStyles":false' in home


def test_the_checker_catches_inline_code():
    finder = inline_code('<p style="color:red" onclick="x()"></p><script>alert(1)</script><style>p{}</style>')
    assert len(finder.problems) == 4


def test_layout_has_the_navigation(client, hanoi_officer):
    client.force_login(hanoi_officer)
    html = client.get(reverse("home")).content.decode()
    for text in ("Thi đua – Khen thưởng", "Trang chủ", "Cây tổ chức", "Tìm người", 'href="/api/docs/"', "Đăng xuất"):
        assert text in html
    assert f'action="{reverse("logout")}"' in html and 'method="post"' in html
    assert "hx-headers" in html and "X-CSRFToken" in html


def test_unknown_address_gives_the_vietnamese_404(client, hanoi_officer):
    client.force_login(hanoi_officer)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_error_handlers_render_in_vietnamese(rf, db):
    from django.contrib.auth.models import AnonymousUser

    from thidua.core import views

    request = rf.get("/")
    request.user = AnonymousUser()
    assert "Yêu cầu không hợp lệ" in views.bad_request(request).content.decode()
    assert "Không có quyền truy cập" in views.forbidden(request).content.decode()
    response = views.server_error(request)
    assert response.status_code == 500 and "Lỗi hệ thống" in response.content.decode()


# --- The vn filters ---------------------------------------------------------------------------------


def render(template: str, **context) -> str:
    return Template("{% load vn %}" + template).render(Context(context))


def test_vn_filters():
    assert render("{{ d|ngay }}", d=date(2025, 7, 1)) == "01/07/2025"
    assert render("{{ d|ngay }}", d="2025-07-01") == "01/07/2025"
    assert render("{{ d|ngay }}", d=None) == ""
    # 17:05 UTC is 00:05 the next day in Hà Nội.
    assert render("{{ t|ngay_gio }}", t=datetime(2025, 6, 30, 17, 5, tzinfo=dt_timezone.utc)) == "01/07/2025 00:05"
    assert render("{{ n|tien }}", n=1000000) == "1.000.000 đ"
    assert render("{{ n|tien }}", n=500) == "500 đ"
    assert render("{{ n|so }}", n=1234567) == "1.234.567"
    assert render("{{ n|so }}", n=-1500) == "-1.500"
    assert render("{{ t|phut }}", t=timedelta(minutes=15)) == "15 phút"
