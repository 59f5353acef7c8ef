"""The pages: a grassroots officer registers their staff from the roster; late registrations, withdrawals,
the person and unit sections, opening a round, the export."""
from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse

from thidua.core.models import Role
from thidua.core.permissions import SYSTEM
from thidua.registrations.models import Registration, RegistrationRound
from thidua.registrations.services import registration_create, round_open
from thidua.registrations.tests.conftest import BEFORE, CSTDCS, LDTT, TTLDTT


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def open_round(tree):
    """A round whose deadline is still ahead whatever today is."""
    from django.utils.timezone import localdate

    today = localdate()
    return round_open(actor=SYSTEM, organisation=tree.hanoi, year=today.year, deadline=date(today.year, 12, 31), on=today)


@pytest.fixture
def closed_round(tree):
    """A round whose deadline has passed whatever today is."""
    from django.utils.timezone import localdate

    year = localdate().year - 1
    return round_open(actor=SYSTEM, organisation=tree.hanoi, year=year, deadline=date(year, 1, 31), on=date(year, 1, 2))


def test_a_hospital_officer_ticks_people_picks_a_title_saves_and_sees_them_listed(tree, open_round, bm_officer):
    client = _client(bm_officer)
    index = client.get("/dang-ky-thi-dua/")
    assert open_round.title in index.content.decode()
    detail = client.get(f"/dang-ky-thi-dua/dot/{open_round.pk}/")
    url = reverse("registrations-unit", args=[open_round.pk, tree.bach_mai.code])
    assert url in detail.content.decode()
    page = client.get(url).content.decode()
    assert "Nguyễn Văn Đức" in page and "Trần Thị Hòa" in page and "Chiến sĩ thi đua cơ sở" in page
    response = client.post(url, {"loai": "ca_nhan", "danh_hieu": CSTDCS, "nguoi": [tree.duc.pk, tree.hoa.pk]})
    assert response.status_code == 302 and response["Location"] == url
    listed = client.get(url).content.decode()
    assert "Đã đăng ký «Chiến sĩ thi đua cơ sở» cho 2 cá nhân." in listed
    assert listed.count("Chiến sĩ thi đua cơ sở</a>") == 2
    assert set(Registration.objects.values_list("person__full_name", flat=True)) == {"Nguyễn Văn Đức", "Trần Thị Hòa"}


def test_a_refused_registration_shows_the_reason_and_writes_nothing(tree, open_round, bm_officer):
    registration_create(actor=SYSTEM, round=open_round, unit=tree.bach_mai, award=CSTDCS, on=open_round.opened_on, person=tree.duc)
    url = reverse("registrations-unit", args=[open_round.pk, tree.bach_mai.code])
    response = _client(bm_officer).post(url, {"loai": "ca_nhan", "danh_hieu": CSTDCS, "nguoi": [tree.hoa.pk, tree.duc.pk]})
    assert response.status_code == 400
    assert "«Nguyễn Văn Đức» đã đăng ký «Chiến sĩ thi đua cơ sở»" in response.content.decode()
    assert Registration.objects.count() == 1
    nobody = _client(bm_officer).post(url, {"loai": "ca_nhan", "danh_hieu": CSTDCS})
    assert nobody.status_code == 400 and "Hãy chọn ít nhất một cá nhân" in nobody.content.decode()


def test_after_the_deadline_the_page_asks_for_the_late_flag_and_shows_late_ones_flagged(tree, closed_round, bm_officer):
    client = _client(bm_officer)
    url = reverse("registrations-unit", args=[closed_round.pk, tree.bach_mai.code])
    refused = client.post(url, {"loai": "ca_nhan", "danh_hieu": LDTT, "nguoi": [tree.hoa.pk]})
    assert refused.status_code == 400 and "Đã quá hạn đăng ký" in refused.content.decode()
    assert not Registration.objects.exists()
    accepted = client.post(url, {"loai": "ca_nhan", "danh_hieu": LDTT, "nguoi": [tree.hoa.pk], "muon": "1",
                                 "ly_do_muon": "Nghỉ ốm đến hết tháng 2"})
    assert accepted.status_code == 302
    assert "Đăng ký muộn" in client.get(url).content.decode()
    assert Registration.objects.get().late_reason == "Nghỉ ốm đến hết tháng 2"


def test_a_collective_registers_from_the_same_page(tree, open_round, bm_officer):
    url = reverse("registrations-unit", args=[open_round.pk, tree.bach_mai.code])
    response = _client(bm_officer).post(url, {"loai": "tap_the", "danh_hieu": TTLDTT, "tap_the": [tree.cardio.pk]})
    assert response.status_code == 302
    assert Registration.objects.get().organisation == tree.cardio


def test_a_viewer_sees_the_roster_without_the_forms_and_cannot_post(tree, open_round, make_user):
    client = _client(make_user(Role.VIEWER, tree.bach_mai))
    url = reverse("registrations-unit", args=[open_round.pk, tree.bach_mai.code])
    assert "Lưu đăng ký" not in client.get(url).content.decode()
    assert client.post(url, {"loai": "ca_nhan", "danh_hieu": CSTDCS, "nguoi": [tree.hoa.pk]}).status_code == 403
    assert not Registration.objects.exists()


def test_withdrawing_on_the_registration_page(tree, open_round, bm_officer):
    made = registration_create(actor=SYSTEM, round=open_round, unit=tree.bach_mai, award=CSTDCS, on=open_round.opened_on, person=tree.duc)
    client = _client(bm_officer)
    url = reverse("registrations-withdraw", args=[made.pk])
    no_reason = client.post(url, {"ly_do": ""})
    assert no_reason.status_code == 400 and "Hãy ghi lý do rút đăng ký" in no_reason.content.decode()
    assert client.post(url, {"ly_do": "Chuyển công tác"}).status_code == 302
    made.refresh_from_db()
    assert made.withdraw_reason == "Chuyển công tác"
    assert "Đã rút" in client.get(reverse("registrations-detail", args=[made.pk])).content.decode()


def test_the_person_and_unit_pages_show_the_registrations(tree, hn_round, bm_officer):
    registration_create(actor=SYSTEM, round=hn_round, unit=tree.bach_mai, award=CSTDCS, on=BEFORE, person=tree.duc)
    registration_create(actor=SYSTEM, round=hn_round, unit=tree.bach_mai, award=TTLDTT, on=BEFORE, organisation=tree.bach_mai)
    client = _client(bm_officer)
    person = client.get(f"/nguoi/{tree.duc.pk}/").content.decode()
    assert "Đăng ký thi đua" in person and "Chiến sĩ thi đua cơ sở" in person
    unit = client.get(f"/to-chuc/{tree.bach_mai.code}/").content.decode()
    assert "Năm 2025: 1 cá nhân, 1 tập thể đã đăng ký" in unit
    assert reverse("registrations-unit", args=[hn_round.pk, tree.bach_mai.code]) in unit
    assert "Chưa đăng ký thi đua." in client.get(f"/nguoi/{tree.hoa.pk}/").content.decode()


def test_opening_a_round_from_the_page_and_its_errors(tree, hanoi_officer):
    client = _client(hanoi_officer)
    url = reverse("registrations-round-open", args=[tree.hanoi.code])
    bad = client.post(url, {"year": "2025", "deadline": "31/13/2025"})
    assert bad.status_code == 400 and "không hợp lệ: hãy viết theo dạng dd/mm/yyyy" in bad.content.decode()
    assert not RegistrationRound.objects.exists()
    response = client.post(url, {"year": "2025", "deadline": "31/01/2025", "title": "Đăng ký thi đua năm 2025 toàn ngành"})
    round_ = RegistrationRound.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("registrations-round", args=[round_.pk])
    assert round_.deadline == date(2025, 1, 31) and round_.title == "Đăng ký thi đua năm 2025 toàn ngành"


def test_the_export_lists_the_rounds_registrations_within_the_scope(tree, hn_round, bm_officer):
    from python_calamine import CalamineWorkbook

    registration_create(actor=SYSTEM, round=hn_round, unit=tree.bach_mai, award=CSTDCS, on=BEFORE, person=tree.duc)
    registration_create(actor=SYSTEM, round=hn_round, unit=tree.hanoi_pharma, award=LDTT, on=BEFORE, person=tree.lan)
    response = _client(bm_officer).get(reverse("registrations-round-export", args=[hn_round.pk]))
    assert response.status_code == 200
    rows = CalamineWorkbook.from_filelike(BytesIO(b"".join(response.streaming_content))).get_sheet_by_index(0).to_python()
    assert rows[0][:5] == ["STT", "Họ và tên / Tập thể", "Ngày sinh", "Số CCCD", "Danh hiệu đăng ký"]
    assert len(rows) == 2  # Lan of the pharmaceutical company is outside the hospital officer's scope
    assert rows[1][1] == "Nguyễn Văn Đức" and rows[1][3] == "001085001234" and rows[1][4] == "Chiến sĩ thi đua cơ sở"
    assert rows[1][2] == date(1985, 3, 14)
