"""Certificates of issued decisions (PDF, merged, on a pre-printed blank) and certificate forms (phôi)."""
from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.test import Client
from pypdf import PdfReader

from thidua.commendations.models import AwardRecord
from thidua.core.errors import Forbidden, NotFound, UserError
from thidua.core.models import AuditEntry, Role
from thidua.core.permissions import SYSTEM
from thidua.decisions import certificates as certs
from thidua.decisions.models import CertificateForm, Decision, DecisionItem, DocumentSettings
from thidua.decisions.tests.scope_certificates import POSITIONS_FORM, issued_decision
from thidua.documents.certificates import DEFAULT_OVERLAY

HEADING = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


@pytest.fixture
def decision(tree):
    """05/QĐ-CDN-HN of 05/01/2026: Giấy khen to Trần Thị Hòa, Nguyễn Văn Đức and the Bạch Mai union."""
    decision, _ = issued_decision(issuer=tree.hanoi, person=tree.hoa, number=5, code="HHHH-AAAA-2222-3333",
                                  on=date(2026, 1, 5), year=2025)
    record = AwardRecord.objects.create(award="giay_khen", year=2025, person=tree.duc, decision_number=decision.number_text,
                                        decision_date=decision.issued_on, issuing_body=decision.issuer_name)
    DecisionItem.objects.create(decision=decision, person=tree.duc, award="giay_khen", year=2025, award_record=record,
                                position_unit="Bác sĩ, Khoa Tim mạch", verification_code="DDDD-UUUU-CCCC-2345",
                                achievement="Đã có thành tích xuất sắc trong công tác phòng, chống dịch COVID-19")
    record = AwardRecord.objects.create(award="giay_khen", year=2025, organisation=tree.bach_mai,
                                        decision_number=decision.number_text, decision_date=decision.issued_on,
                                        issuing_body=decision.issuer_name)
    DecisionItem.objects.create(decision=decision, organisation=tree.bach_mai, award="giay_khen", year=2025, award_record=record,
                                position_unit="Công đoàn ngành Y tế Hà Nội", verification_code="BBBB-MMMM-2345-6789")
    return decision


@pytest.fixture
def officer_client(tree, make_user):
    client = Client()
    client.force_login(make_user(Role.UNION_OFFICER, tree.hanoi))
    return client


def _pages(response) -> list[str]:
    assert response["Content-Type"] == "application/pdf", response.content[:300]
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]


def _revoke(item: DecisionItem, on=date(2026, 3, 2)) -> None:
    AwardRecord.objects.filter(pk=item.award_record_id).update(revoked_on=on, revoke_reason="Kiểm thử")


# --- What goes on a certificate ----------------------------------------------------------------------


def test_certificate_for_an_individual(decision, tree, settings):
    settings.THIDUA_PUBLIC_URL = "https://thidua.congdoanyte.vn/"
    item = decision.items.get(person=tree.hoa)
    cert = certs.certificate_for(item, certs.public_base_url())
    assert cert.recipient_name == "Trần Thị Hòa" and cert.recipient_kind == "individual" and cert.gender == "female"
    assert cert.award_name == "Giấy khen"
    assert cert.decision_text == "05/QĐ-CDN-HN" and cert.decision_date == date(2026, 1, 5)
    assert cert.achievement == "Đã có thành tích xuất sắc trong phong trào thi đua năm 2025"
    assert cert.position_unit == "Điều dưỡng, Công đoàn Bệnh viện"
    assert cert.verification_url == "https://thidua.congdoanyte.vn/xac-minh/HHHH-AAAA-2222-3333/"
    assert cert.letterhead.issuer == "CÔNG ĐOÀN NGÀNH Y TẾ HÀ NỘI"
    assert (cert.letterhead.signer_title, cert.letterhead.signer_name) == ("CHỦ TỊCH", "Nguyễn Văn Ký")
    assert cert.issuing_authority == "BAN CHẤP HÀNH CÔNG ĐOÀN NGÀNH Y TẾ HÀ NỘI"


def test_certificate_for_a_collective_keeps_its_own_achievement_and_document_settings(decision, tree):
    DocumentSettings.objects.create(organisation=tree.hanoi, parent_body="CÔNG ĐOÀN Y TẾ VIỆT NAM",
                                    issuer="CÔNG ĐOÀN NGÀNH Y TẾ THÀNH PHỐ HÀ NỘI", symbol="CĐYT", place="Hà Nội")
    collective = certs.certificate_for(decision.items.get(organisation=tree.bach_mai), "http://localhost")
    assert collective.recipient_kind == "collective" and collective.gender == ""
    assert collective.recipient_name == "Công đoàn Bệnh viện Bạch Mai"
    assert collective.letterhead.issuer == "CÔNG ĐOÀN NGÀNH Y TẾ THÀNH PHỐ HÀ NỘI"
    assert collective.letterhead.place == "Hà Nội"
    doctor = certs.certificate_for(decision.items.get(person=tree.duc), "http://localhost")
    assert doctor.achievement == "Đã có thành tích xuất sắc trong công tác phòng, chống dịch COVID-19"
    assert doctor.verification_url == "http://localhost/xac-minh/DDDD-UUUU-CCCC-2345/"


def test_the_request_host_is_used_without_a_public_url_setting(decision, tree, officer_client, settings):
    settings.THIDUA_PUBLIC_URL = ""
    item = decision.items.get(person=tree.hoa)
    page = _pages(officer_client.get(f"/khen-thuong/quyet-dinh/muc/{item.pk}/giay-chung-nhan.pdf"))[0]
    assert "http://testserver/xac-minh/HHHH-AAAA-2222-3333/" in page.replace("\n", "")


# --- PDFs ---------------------------------------------------------------------------------------------


def test_one_items_certificate(decision, tree, officer_client):
    item = decision.items.get(person=tree.hoa)
    response = officer_client.get(f"/khen-thuong/quyet-dinh/muc/{item.pk}/giay-chung-nhan.pdf")
    assert response.status_code == 200
    pages = _pages(response)
    assert len(pages) == 1
    text = pages[0]
    assert "Bà Trần Thị Hòa" in text
    assert "GIẤY KHEN" in text and HEADING in text
    assert "Quyết định số 05/QĐ-CDN-HN ngày 05/01/2026" in text
    assert "Mã xác minh: HHHH-AAAA-2222-3333" in text


def test_a_decisions_certificates_in_one_pdf_one_page_each(decision, officer_client):
    response = officer_client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/giay-chung-nhan.pdf")
    pages = _pages(response)
    assert len(pages) == decision.items.count() == 3
    # The decision's list order on every database: collectives first, then people as they were added.
    for page, name in zip(pages, ["Công đoàn Bệnh viện Bạch Mai", "Trần Thị Hòa", "Nguyễn Văn Đức"], strict=True):
        assert name in page
    assert "Ông Nguyễn Văn Đức" in "".join(pages)


def test_revoked_items_are_left_out_and_have_no_certificate(decision, tree, officer_client):
    doctor = decision.items.get(person=tree.duc)
    _revoke(doctor)
    pages = _pages(officer_client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/giay-chung-nhan.pdf"))
    assert len(pages) == 2 and not any("Nguyễn Văn Đức" in p for p in pages)
    response = officer_client.get(f"/khen-thuong/quyet-dinh/muc/{doctor.pk}/giay-chung-nhan.pdf")
    assert response.status_code == 400
    assert "đã bị thu hồi ngày 02/03/2026" in response.content.decode()


def test_an_item_without_an_award_record_has_no_certificate(decision, tree, officer_client):
    item = decision.items.get(person=tree.duc)
    DecisionItem.objects.filter(pk=item.pk).update(award_record=None, verification_code=None)
    response = officer_client.get(f"/khen-thuong/quyet-dinh/muc/{item.pk}/giay-chung-nhan.pdf")
    assert response.status_code == 400 and "chưa có khen thưởng được ghi nhận" in response.content.decode()
    assert len(_pages(officer_client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/giay-chung-nhan.pdf"))) == 2


def test_all_revoked_means_nothing_to_print(decision, officer_client):
    for item in decision.items.all():
        _revoke(item)
    response = officer_client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/giay-chung-nhan.pdf")
    assert response.status_code == 400
    assert "đã bị thu hồi: không còn giấy khen để in" in response.content.decode()


@pytest.mark.parametrize("change, message", [
    ({"status": Decision.Status.DRAFT}, "chưa ban hành"),
    ({"kind": Decision.Kind.REVOCATION}, "là quyết định thu hồi, hủy bỏ"),
])
def test_drafts_and_revocations_have_no_certificates(decision, officer_client, change, message):
    Decision.objects.filter(pk=decision.pk).update(**change)
    response = officer_client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/giay-chung-nhan.pdf")
    assert response.status_code == 400 and message in response.content.decode()
    item = decision.items.first()
    response = officer_client.get(f"/khen-thuong/quyet-dinh/muc/{item.pk}/giay-chung-nhan.pdf")
    assert response.status_code == 400 and message in response.content.decode()


def test_a_correcting_decision_has_certificates_for_its_new_awards(decision, officer_client):
    Decision.objects.filter(pk=decision.pk).update(kind=Decision.Kind.CORRECTION)
    response = officer_client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/giay-chung-nhan.pdf")
    assert response.status_code == 200 and len(_pages(response)) == 3
    assert "no-store" in response["Cache-Control"]


def test_a_received_decision_is_printed_by_its_issuer(decision, tree, officer_client):
    Decision.objects.filter(pk=decision.pk).update(issuer=None, received_by=tree.hanoi, issuer_name="Công đoàn Y tế Việt Nam")
    response = officer_client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/giay-chung-nhan.pdf")
    assert response.status_code == 400
    assert "do «Công đoàn Y tế Việt Nam» ban hành và chỉ được ghi nhận tại đây" in response.content.decode()


def test_on_a_pre_printed_blank_only_the_fields_are_printed(decision, tree, officer_client):
    form = certs.certificate_form_save(actor=SYSTEM, organisation=tree.hanoi, name="Phôi A4", layout_json=DEFAULT_OVERLAY.as_json())
    pages = _pages(officer_client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/giay-chung-nhan.pdf?phoi={form.pk}"))
    assert len(pages) == 3
    assert "Bà Trần Thị Hòa" in pages[1] and "Mã xác minh: HHHH-AAAA-2222-3333" in pages[1]
    assert all(HEADING not in page and "GIẤY KHEN" not in page for page in pages)


def test_a_form_of_an_ancestor_can_be_used_but_not_one_outside(decision, tree, make_user):
    national = certs.certificate_form_save(actor=SYSTEM, organisation=tree.national, name="Phôi ngành",
                                           layout_json=DEFAULT_OVERLAY.as_json())
    hue = certs.certificate_form_save(actor=SYSTEM, organisation=tree.hue, name="Phôi Huế", layout_json=DEFAULT_OVERLAY.as_json())
    client = Client()
    client.force_login(make_user(Role.UNION_OFFICER, tree.national))
    url = f"/khen-thuong/quyet-dinh/{decision.pk}/giay-chung-nhan.pdf"
    assert client.get(url, {"phoi": national.pk}).status_code == 200
    assert client.get(url, {"phoi": hue.pk}).status_code == 404  # not on the issuer's chain
    assert client.get(url, {"phoi": "abc"}).status_code == 404


def test_the_printing_page_lists_items_and_forms(decision, tree, officer_client):
    _revoke(decision.items.get(person=tree.duc))
    certs.certificate_form_save(actor=SYSTEM, organisation=tree.hanoi, name="Phôi A4 năm 2026", layout_json=DEFAULT_OVERLAY.as_json())
    response = officer_client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/giay-chung-nhan/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "In cả quyết định (2 giấy khen)" in text
    assert "Phôi A4 năm 2026" in text
    assert "Đã bị thu hồi ngày 02/03/2026." in text
    assert "/xac-minh/HHHH-AAAA-2222-3333/" in text


# --- Certificate forms: the service -----------------------------------------------------------------


def test_saving_a_form_validates_and_audits(tree, hanoi_officer):
    form = certs.certificate_form_save(actor=hanoi_officer, organisation=tree.hanoi, name="  Phôi   A4 ",
                                       layout_json=DEFAULT_OVERLAY.as_json())
    assert form.name == "Phôi A4" and form.layout == DEFAULT_OVERLAY.as_json()
    moved = DEFAULT_OVERLAY.as_json()
    moved["fields"]["recipient"]["y_mm"] = 95
    certs.certificate_form_save(actor=hanoi_officer, organisation=tree.hanoi, name="Phôi A4", layout_json=moved, form=form)
    form.refresh_from_db()
    assert form.layout["fields"]["recipient"]["y_mm"] == 95
    entries = AuditEntry.objects.filter(model="decisions.certificateform", object_id=str(form.pk))
    assert sorted(entries.values_list("action", flat=True)) == sorted([AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE])


def _layout(**changes) -> dict:
    layout = DEFAULT_OVERLAY.as_json()
    for field, values in changes.items():
        layout["fields"][field].update(values)
    return layout


@pytest.mark.parametrize("name, layout, message", [
    ("Phôi", _layout(recipient={"x_mm": -5}), "không được âm"),
    ("Phôi", _layout(achievement={"x_mm": 200}), "nằm ngoài trang"),
    ("Phôi", _layout(signer_name={"font_size_pt": 0}), "Cỡ chữ"),
    ("Phôi", {**DEFAULT_OVERLAY.as_json(), "fields": {**DEFAULT_OVERLAY.as_json()["fields"], "logo": {"x_mm": 1, "y_mm": 1, "width_mm": 5}}},
     "trường không xác định"),
    ("Phôi", {"fields": {}}, "thiếu kích thước trang"),
    ("   ", DEFAULT_OVERLAY.as_json(), "Hãy đặt tên cho mẫu phôi"),
    ("x" * 300, DEFAULT_OVERLAY.as_json(), "dài quá 255 ký tự"),
])
def test_bad_forms_are_refused_and_nothing_is_written(tree, hanoi_officer, name, layout, message):
    with pytest.raises(UserError) as refused:
        certs.certificate_form_save(actor=hanoi_officer, organisation=tree.hanoi, name=name, layout_json=layout)
    assert message in refused.value.message
    assert not CertificateForm.objects.exists() and not AuditEntry.objects.filter(model="decisions.certificateform").exists()


def test_only_officers_in_scope_save_forms(tree, make_user):
    with pytest.raises(Forbidden):
        certs.certificate_form_save(actor=make_user(Role.VIEWER, tree.hanoi), organisation=tree.hanoi, name="Phôi",
                                    layout_json=DEFAULT_OVERLAY.as_json())
    with pytest.raises(NotFound):
        certs.certificate_form_save(actor=make_user(Role.UNION_OFFICER, tree.hanoi), organisation=tree.hue, name="Phôi",
                                    layout_json=DEFAULT_OVERLAY.as_json())
    assert not CertificateForm.objects.exists()


# --- Certificate forms: the pages ------------------------------------------------------------------------


def test_creating_a_form_starts_from_the_default_positions(tree, officer_client):
    response = officer_client.post(f"/khen-thuong/phoi/to-chuc/{tree.hanoi.code}/", {"ten": "Phôi A3", "kho": "a3"})
    form = CertificateForm.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/khen-thuong/phoi/{form.pk}/"
    assert (form.layout["page_width_mm"], form.layout["page_height_mm"]) == (420.0, 297.0)
    assert form.layout["fields"]["recipient"]["y_mm"] > DEFAULT_OVERLAY.fields["recipient"].y_mm
    listing = officer_client.get(f"/khen-thuong/phoi/to-chuc/{tree.hanoi.code}/").content.decode()
    assert "Phôi A3" in listing and "420 × 297 mm" in listing


@pytest.mark.parametrize("body, message", [
    ({"ten": "", "kho": "a4"}, "Hãy đặt tên cho mẫu phôi"),
    ({"ten": "Phôi", "kho": "a0"}, "Hãy chọn khổ giấy"),
])
def test_a_refused_new_form_is_shown_again(tree, officer_client, body, message):
    response = officer_client.post(f"/khen-thuong/phoi/to-chuc/{tree.hanoi.code}/", body)
    assert response.status_code == 400 and message in response.content.decode()
    assert not CertificateForm.objects.exists()


def test_editing_positions(tree, officer_client):
    form = certs.certificate_form_save(actor=SYSTEM, organisation=tree.hanoi, name="Phôi A4", layout_json=DEFAULT_OVERLAY.as_json())
    page = officer_client.get(f"/khen-thuong/phoi/{form.pk}/").content.decode()
    assert 'name="recipient-y" value="88"' in page and 'name="trang-rong" value="297"' in page
    body = {**POSITIONS_FORM, "ten": "Phôi A4 mới", "recipient-y": "92,5", "recipient-can": "left"}
    response = officer_client.post(f"/khen-thuong/phoi/{form.pk}/", body)
    assert response.status_code == 302
    form.refresh_from_db()
    assert form.name == "Phôi A4 mới"
    assert form.layout["fields"]["recipient"] == {"x_mm": 40.0, "y_mm": 92.5, "font_size_pt": 20.0, "width_mm": 217.0, "align": "left"}


@pytest.mark.parametrize("changes, message, marked", [
    ({"recipient-y": "abc"}, "không phải là một số", "recipient-y"),
    ({"recipient-y": ""}, "Hãy nhập cách mép trên (mm) của trường «Họ tên người được khen»", "recipient-y"),
    ({"trang-cao": "nan"}, "không phải là một số", "trang-cao"),
    ({"qr-x": "290"}, "nằm ngoài trang", None),
    ({"decision-x": "-3"}, "không được âm", None),
    ({"place_date-can": "justify"}, "Căn lề", None),
])
def test_refused_positions_are_shown_again_with_the_reason(tree, officer_client, changes, message, marked):
    form = certs.certificate_form_save(actor=SYSTEM, organisation=tree.hanoi, name="Phôi A4", layout_json=DEFAULT_OVERLAY.as_json())
    response = officer_client.post(f"/khen-thuong/phoi/{form.pk}/", {**POSITIONS_FORM, **changes})
    text = response.content.decode()
    assert response.status_code == 400 and message in text
    if marked:  # the input to correct is marked for assistive technology
        assert re.search(rf'name="{marked}" value="[^"]*"[^>]*aria-invalid="true"', text)
    form.refresh_from_db()
    assert form.layout == DEFAULT_OVERLAY.as_json() and form.name == "Phôi A4"


def test_the_test_print_shows_a_grid_and_sample_fields(tree, officer_client):
    form = certs.certificate_form_save(actor=SYSTEM, organisation=tree.hanoi, name="Phôi A4", layout_json=DEFAULT_OVERLAY.as_json())
    response = officer_client.get(f"/khen-thuong/phoi/{form.pk}/in-thu.pdf")
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "In thử mẫu phôi «Phôi A4»" in text and "Họ tên người được khen" in text  # grid and boxes
    assert "Bà Trần Thị Mẫu" in text and "Mã xác minh: ABCD-EFGH-JKMN-PQRS" in text  # the sample
    assert HEADING not in text
    box = reader.pages[0].mediabox
    assert round(float(box.width) * 25.4 / 72) == 297 and round(float(box.height) * 25.4 / 72) == 210


def test_a_stored_layout_that_no_longer_validates_asks_for_new_positions(tree, officer_client):
    form = CertificateForm.objects.create(organisation=tree.hanoi, name="Phôi cũ", layout={"page_width_mm": 297, "fields": {}})
    response = officer_client.get(f"/khen-thuong/phoi/{form.pk}/in-thu.pdf")
    assert response.status_code == 400 and "có bố cục không còn hợp lệ" in response.content.decode()
    assert officer_client.get(f"/khen-thuong/phoi/{form.pk}/").status_code == 200  # the positions can be typed again
