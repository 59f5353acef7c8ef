"""Pages about people: the name search and one person's page."""
from __future__ import annotations

from datetime import date

from django.urls import reverse

from conftest import START
from thidua.core.models import Role
from thidua.core.permissions import SYSTEM
from thidua.people.models import Membership
from thidua.people.services import employment_end, membership_transfer, person_update


def html_of(response) -> str:
    return response.content.decode()


# --- Search ----------------------------------------------------------------------------------------


def test_search_without_diacritics_finds_the_person(client, tree, hanoi_officer):
    client.force_login(hanoi_officer)
    response = client.get(reverse("person-search"), {"q": "nguyen van duc"})
    assert response.status_code == 200
    html = html_of(response)
    assert f'href="{reverse("person-detail", args=[tree.duc.pk])}">Nguyễn Văn Đức</a>' in html
    assert "14/03/1985" in html and "Khoa Tim mạch" in html
    assert "Trần Thị Hòa" not in html
    assert 'value="nguyen van duc"' in html  # the box keeps what was typed


def test_hoa_finds_both_spellings_nationally_but_only_hanoi_for_a_hanoi_officer(client, tree, make_user):
    client.force_login(make_user(Role.VIEWER, tree.national))
    national = html_of(client.get(reverse("person-search"), {"q": "hoa"}))
    assert "Trần Thị Hòa" in national and "Lê Thị Hoà" in national
    client.force_login(make_user(Role.UNION_OFFICER, tree.hanoi))
    hanoi = html_of(client.get(reverse("person-search"), {"q": "hoa"}))
    assert "Trần Thị Hòa" in hanoi and "Lê Thị Hoà" not in hanoi


def test_htmx_gets_only_the_results_fragment(client, tree, hanoi_officer):
    client.force_login(hanoi_officer)
    fragment = client.get(reverse("person-search"), {"q": "Đức"}, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    html = html_of(fragment)
    assert "<html" not in html and "Nguyễn Văn Đức" in html
    assert "HX-Request" in fragment["Vary"]
    # Back/forward in the browser asks for the whole page again.
    restore = client.get(reverse("person-search"), {"q": "Đức"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in html_of(restore)


def test_search_box_is_live_and_works_without_javascript(client, tree, hanoi_officer):
    client.force_login(hanoi_officer)
    html = html_of(client.get(reverse("person-search")))
    assert '<form method="get" action="/nguoi/tim-kiem/"' in html
    assert 'hx-get="/nguoi/tim-kiem/"' in html and "delay:" in html and 'hx-target="#search-results"' in html


def test_search_with_no_match_says_so(client, tree, hanoi_officer):
    client.force_login(hanoi_officer)
    html = html_of(client.get(reverse("person-search"), {"q": "xyz"}))
    assert "Không tìm thấy ai có họ tên bắt đầu bằng «xyz»" in html


# --- One person ------------------------------------------------------------------------------------


def test_person_page_shows_details_and_both_histories(client, tree, hanoi_officer):
    membership = Membership.objects.get(person=tree.duc)
    membership_transfer(actor=SYSTEM, membership=membership, to=tree.bach_mai, on=date(2024, 1, 1), reason="Chuyển khoa")
    client.force_login(hanoi_officer)
    response = client.get(reverse("person-detail", args=[tree.duc.pk]))
    assert response.status_code == 200
    html = html_of(response)
    for text in ("Nguyễn Văn Đức", "Nam", "14/03/1985", "001085001234", "Bác sĩ", "BM-0001"):
        assert text in html, text
    assert 'Hiện công tác tại <a href="/to-chuc/BV-BM-TM/">Khoa Tim mạch</a>' in html
    # Membership history: the transfer ended one row and opened another.
    assert "31/12/2023" in html and "Chuyển sinh hoạt" in html and "đang sinh hoạt" in html
    assert "Lịch sử thay đổi" in html and "Lý do: Chuyển khoa" in html


def test_person_page_shows_change_history_only_with_view_audit(client, tree, make_user):
    person_update(actor=SYSTEM, person=tree.duc, phone="0912345678", reason="Cập nhật số điện thoại")
    client.force_login(make_user(Role.VIEWER, tree.hanoi))
    viewer = html_of(client.get(reverse("person-detail", args=[tree.duc.pk])))
    assert "0912345678" in viewer and "Lịch sử thay đổi" not in viewer
    client.force_login(make_user(Role.UNION_OFFICER, tree.bach_mai))
    officer = html_of(client.get(reverse("person-detail", args=[tree.duc.pk])))
    assert "Lịch sử thay đổi" in officer and "Cập nhật số điện thoại" in officer
    assert '<th scope="row">Điện thoại</th><td class="before">—</td><td class="after">0912345678</td>' in officer


def test_person_page_after_employment_ended(client, tree, hanoi_officer):
    employment = tree.lan.employments.get()
    employment_end(actor=SYSTEM, employment=employment, end=date(2024, 5, 31))
    client.force_login(hanoi_officer)
    html = html_of(client.get(reverse("person-detail", args=[tree.lan.pk])))
    assert "Hiện không công tác ở đơn vị nào" in html and "31/05/2024" in html


def test_person_out_of_scope_is_not_found(client, tree, make_user):
    client.force_login(make_user(Role.UNION_OFFICER, tree.hue))
    assert client.get(reverse("person-detail", args=[tree.duc.pk])).status_code == 404
    assert client.get(reverse("person-detail", args=[tree.hoa2.pk])).status_code == 200
    response = client.get(reverse("person-detail", args=[999999]))
    assert response.status_code == 404
    assert "Không tìm thấy người này trong phạm vi của bạn." in html_of(response)


def test_person_who_left_stays_visible_to_the_unit_that_employed_them(client, tree, make_user):
    """Transferred to Huế: Bạch Mai still sees the history it shares with them, without a link to Huế."""
    from thidua.people.services import employment_start

    employment_end(actor=SYSTEM, employment=tree.hoa.employments.get(), end=date(2024, 12, 31))
    employment_start(actor=SYSTEM, person=tree.hoa, unit=tree.hue_central, start=date(2025, 1, 1))
    client.force_login(make_user(Role.UNION_OFFICER, tree.bach_mai))
    html = html_of(client.get(reverse("person-detail", args=[tree.hoa.pk])))
    assert "Hiện công tác tại Công đoàn Bệnh viện Trung ương Huế" in html
    assert 'href="/to-chuc/BV-TWH/"' not in html
    assert 'href="/to-chuc/BV-BM/">Công đoàn Bệnh viện Bạch Mai</a>' in html
    assert START.strftime("%d/%m/%Y") in html
