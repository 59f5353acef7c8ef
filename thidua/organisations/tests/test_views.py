"""Pages of the union tree: the tree as of a date, a unit with its members, and its history."""
from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from conftest import START
from thidua.core.models import Role
from thidua.core.permissions import SYSTEM
from thidua.organisations.services import org_merge, org_rename
from thidua.people.services import person_create

RENAMED = date(2025, 7, 1)
NEW_NAME = "Công đoàn Bệnh viện Bạch Mai (cơ sở 2)"


def html_of(response) -> str:
    return response.content.decode()


def without_tokens(html: str) -> str:
    """The page with its per-render CSRF tokens blanked, so two renders can be compared."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", html)


@pytest.fixture
def renamed(tree):
    org_rename(actor=SYSTEM, org=tree.bach_mai, name=NEW_NAME, on=RENAMED, reason="Theo Quyết định số 12/QĐ-CĐN")
    return tree


# --- The tree --------------------------------------------------------------------------------------


def test_tree_shows_the_names_of_the_chosen_day(client, renamed, hanoi_officer):
    client.force_login(hanoi_officer)
    before = html_of(client.get(reverse("org-tree"), {"ngay": "30/06/2025"}))
    after = html_of(client.get(reverse("org-tree"), {"ngay": "01/07/2025"}))
    assert "Công đoàn Bệnh viện Bạch Mai<" in before and NEW_NAME not in before
    assert NEW_NAME in after and "Công đoàn Bệnh viện Bạch Mai<" not in after
    # Nested and collapsible, each node linking to its unit page with the chosen date carried over.
    assert "<details" in before and "<summary>" in before
    assert 'href="/to-chuc/BV-BM/?ngay=30%2F06%2F2025"' in before
    assert 'value="30/06/2025"' in before


def test_tree_defaults_to_today(client, renamed, hanoi_officer):
    client.force_login(hanoi_officer)
    html = html_of(client.get(reverse("org-tree")))
    assert NEW_NAME in html
    assert 'href="/to-chuc/BV-BM/"' in html


def test_tree_leaves_out_units_not_yet_created(client, tree, hanoi_officer):
    client.force_login(hanoi_officer)
    html = html_of(client.get(reverse("org-tree"), {"ngay": "31/12/2019"}))
    assert "Khoa Tim mạch" not in html
    assert "Không có đơn vị nào" in html


def test_tree_stays_in_the_users_scope(client, tree, make_user):
    client.force_login(make_user(Role.UNION_OFFICER, tree.hue))
    html = html_of(client.get(reverse("org-tree")))
    assert "Công đoàn Bệnh viện Trung ương Huế" in html
    assert "Bạch Mai" not in html and "Hà Nội" not in html


@pytest.mark.parametrize("value", ["abc", "31/02/2025", "2025/07/01", "1/13/2025"])
def test_an_invalid_date_is_a_400_with_a_vietnamese_message(client, tree, hanoi_officer, value):
    client.force_login(hanoi_officer)
    for url in (reverse("org-tree"), reverse("org-detail", args=["BV-BM"])):
        response = client.get(url, {"ngay": value})
        assert response.status_code == 400
        html = html_of(response)
        assert f"Ngày xem «{value}» không hợp lệ" in html
        assert "dd/mm/yyyy" in html


# --- One unit --------------------------------------------------------------------------------------


@pytest.fixture
def more_people(tree):
    """Names whose Vietnamese order differs from code-point order and from family-name order."""
    person_create(actor=SYSTEM, full_name="Vũ Thị Dung", unit=tree.bach_mai, start=START, member_since=START)
    person_create(actor=SYSTEM, full_name="Hoàng Văn Em", unit=tree.cardio, start=START, member_since=START)
    # Works in the unit but is no union member: not counted.
    person_create(actor=SYSTEM, full_name="Đỗ Minh Anh", unit=tree.cardio, start=START)
    return tree


def test_unit_page_shows_children_with_member_counts(client, more_people, hanoi_officer):
    client.force_login(hanoi_officer)
    response = client.get(reverse("org-detail", args=["CDN-HN"]))
    assert response.status_code == 200
    html = html_of(response)
    rows = re.findall(r'<td><a href="/to-chuc/([A-Z-]+)/">[^<]+</a></td>\s*<td>[^<]*</td>\s*<td class="num">(\d+)</td>', html)
    # Bạch Mai: Đức and Em (Khoa Tim mạch), Hòa and Dung; the pharma company: Lan.
    assert rows == [("BV-BM", "4"), ("DUOC-HN", "1")]
    assert re.search(r'<td class="num total">5</td>', html)
    assert "Công đoàn Bệnh viện Trung ương Huế" not in html


def test_unit_page_lists_members_of_the_subtree_in_vietnamese_order(client, more_people, hanoi_officer):
    client.force_login(hanoi_officer)
    html = html_of(client.get(reverse("org-detail", args=["CDN-HN"])))
    members = re.findall(r'<td><a href="/nguoi/\d+/">([^<]+)</a></td>', html)
    # Given name first, đ after d, e after đ: not the order of the code points or of family names.
    assert members == ["Vũ Thị Dung", "Nguyễn Văn Đức", "Hoàng Văn Em", "Trần Thị Hòa", "Phạm Ngọc Lan"]
    assert "Đỗ Minh Anh" not in html
    # Each member's own unit is shown.
    assert re.search(r'Nguyễn Văn Đức</a></td>\s*<td>14/03/1985</td>\s*<td><a href="/to-chuc/BV-BM-TM/">Khoa Tim mạch</a>', html)


def test_unit_page_shows_its_facts_and_breadcrumbs(client, tree, hanoi_officer):
    client.force_login(hanoi_officer)
    html = html_of(client.get(reverse("org-detail", args=["bv-bm-tm"])))  # codes are case-insensitive
    assert "<h1>Khoa Tim mạch</h1>" in html
    assert "Tổ công đoàn, khoa, phòng" in html and "BV-BM-TM" in html and "01/01/2020" in html
    crumbs = html.split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert crumbs.index("Công đoàn ngành Y tế Hà Nội") < crumbs.index("Công đoàn Bệnh viện Bạch Mai")
    # The national union lies above the officer's scope: not in the breadcrumbs.
    assert "Công đoàn Y tế Việt Nam" not in crumbs
    hn = html_of(client.get(reverse("org-detail", args=["CDN-HN"])))
    assert "Thành phố Hà Nội" in hn


def test_unit_page_as_of_a_date_before_a_rename(client, renamed, hanoi_officer):
    client.force_login(hanoi_officer)
    html = html_of(client.get(reverse("org-detail", args=["BV-BM"]), {"ngay": "30/06/2025"}))
    assert "mang tên «Công đoàn Bệnh viện Bạch Mai»" in html
    assert "Đổi tên" in html and "Theo Quyết định số 12/QĐ-CĐN" in html
    today = html_of(client.get(reverse("org-detail", args=["BV-BM"])))
    assert "mang tên" not in today


def test_merged_units_link_both_ways(client, tree, hanoi_officer):
    org_merge(actor=SYSTEM, sources=[tree.hanoi_pharma], into=tree.bach_mai, on=date(2025, 8, 1), reason="Sắp xếp lại")
    client.force_login(hanoi_officer)
    successor = html_of(client.get(reverse("org-detail", args=["BV-BM"])))
    assert "Đơn vị đã hợp nhất, chia tách vào đây" in successor
    assert 'href="/to-chuc/DUOC-HN/">Công đoàn Công ty Cổ phần Dược phẩm Hà Nội</a>' in successor
    merged = html_of(client.get(reverse("org-detail", args=["DUOC-HN"])))
    assert "Đơn vị đã hợp nhất vào" in merged and 'href="/to-chuc/BV-BM/">Công đoàn Bệnh viện Bạch Mai</a>' in merged
    assert "không hoạt động vào ngày" in merged


def test_unit_page_paginates_members_fifty_a_page(client, tree, hanoi_officer):
    for i in range(51):
        person_create(actor=SYSTEM, full_name=f"Ngô Văn Thử {i:02d}", unit=tree.cardio, start=START, member_since=START)
    client.force_login(hanoi_officer)
    url = reverse("org-detail", args=["BV-BM-TM"])
    first = html_of(client.get(url))
    second = html_of(client.get(url, {"trang": 2}))
    names = lambda html: re.findall(r'<td><a href="/nguoi/\d+/">([^<]+)</a></td>', html)  # noqa: E731
    assert len(names(first)) == 50 and len(names(second)) == 2
    assert set(names(first)).isdisjoint(names(second))
    assert "Trang 1 / 2" in first and 'href="?trang=2#doan-vien"' in first
    assert '<td class="num">51</td>' in second
    assert client.get(url, {"trang": 3}).status_code == 400
    assert client.get(url, {"trang": "x"}).status_code == 400


def test_out_of_scope_unit_looks_exactly_like_a_missing_one(client, tree, make_user):
    client.force_login(make_user(Role.UNION_OFFICER, tree.hue))
    hidden = client.get(reverse("org-detail", args=["BV-BM"]))
    missing = client.get(reverse("org-detail", args=["ZZ-ZZ"]))
    assert hidden.status_code == missing.status_code == 404
    assert without_tokens(html_of(hidden)).replace("BV-BM", "ZZ-ZZ") == without_tokens(html_of(missing))
    assert "Không tìm thấy tổ chức có mã «BV-BM» trong phạm vi của bạn." in html_of(hidden)
    assert client.get(reverse("org-detail", args=["BV-TWH"])).status_code == 200


# --- History ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.VIEWER, Role.COUNCIL_MEMBER])
def test_history_is_forbidden_to_those_who_may_only_look(client, renamed, make_user, role):
    user = make_user(role, renamed.hanoi)
    client.force_login(user)
    assert client.get(reverse("org-detail", args=["BV-BM"])).status_code == 200
    response = client.get(reverse("org-history", args=["BV-BM"]))
    assert response.status_code == 403
    assert "Không có quyền truy cập" in html_of(response)
    assert "Lịch sử thay đổi" not in html_of(client.get(reverse("org-detail", args=["BV-BM"])))


@pytest.mark.parametrize("role", [Role.UNION_OFFICER, Role.EMULATION_OFFICER])
def test_history_shows_changes_who_when_and_why(client, renamed, make_user, role):
    client.force_login(make_user(role, renamed.hanoi))
    response = client.get(reverse("org-history", args=["BV-BM"]))
    assert response.status_code == 200
    html = html_of(response)
    assert re.search(
        r'<th scope="row">Tên</th><td class="before">Công đoàn Bệnh viện Bạch Mai</td>'
        r'<td class="after">Công đoàn Bệnh viện Bạch Mai \(cơ sở 2\)</td>', html)
    assert "Lý do: Theo Quyết định số 12/QĐ-CĐN" in html
    assert "bởi hệ thống" in html
    assert re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}</time>", html)
    # The creation row lists the first values, the parent by name.
    assert "Giá trị khi tạo" in html and "<td>Công đoàn ngành Y tế Hà Nội</td>" in html
    # Rows of other units are not mixed in.
    assert "Khoa Tim mạch" not in html.split("<h1>")[1]


def test_history_out_of_scope_is_not_found(client, renamed, make_user):
    client.force_login(make_user(Role.UNION_OFFICER, renamed.hue))
    assert client.get(reverse("org-history", args=["BV-BM"])).status_code == 404
