"""The public verification page (/xac-minh/<code>/): what the QR code on a certificate opens."""
from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client

from thidua.decisions.models import Decision, DecisionItem
from thidua.decisions.tests.scope_certificates import issued_decision

CODE = "K7QX-M2PD-HT4W-9RZB"
UNKNOWN = "Mã xác minh không tồn tại."


@pytest.fixture
def awarded(tree):
    """Công đoàn ngành Y tế Hà Nội gave Nguyễn Văn Đức (born 14/03/1985, CCCD 001085001234) a Giấy khen."""
    tree.duc.phone = "0912345678"
    tree.duc.save(update_fields=["phone"])
    _, item = issued_decision(issuer=tree.hanoi, person=tree.duc, number=5, code=CODE, on=date(2026, 1, 5), year=2025)
    return item


@pytest.fixture
def public():
    return Client()  # nobody signed in


def _text(response) -> str:
    return response.content.decode()


def _without_csrf(response) -> str:
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", _text(response))


def test_a_valid_code_confirms_the_award_with_the_name_only(awarded, public):
    response = public.get(f"/xac-minh/{CODE}/")
    text = _text(response)
    assert response.status_code == 200
    assert "Xác minh khen thưởng" in text
    assert "Giấy khen" in text and "năm 2025" in text
    assert "Nguyễn Văn Đức" in text
    assert "Điều dưỡng, Công đoàn Bệnh viện" in text  # the unit at the time
    assert "Số 05/QĐ-CDN-HN ngày 05/01/2026" in text
    assert "Công đoàn ngành Y tế Hà Nội" in text
    assert "thu hồi" not in text
    # Nothing personal beyond the name.
    for private in ("14/03/1985", "1985", "001085001234", "0912345678"):
        assert private not in text


def test_the_page_is_not_indexed_nor_cached(awarded, public):
    response = public.get(f"/xac-minh/{CODE}/")
    assert response["X-Robots-Tag"].startswith("noindex")
    assert "no-store" in response["Cache-Control"]
    unknown = public.get("/xac-minh/AAAA-BBBB-CCCC-DDDD/")
    assert unknown["X-Robots-Tag"].startswith("noindex")


def test_the_lookup_is_one_query(awarded, public, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert public.get(f"/xac-minh/{CODE}/").status_code == 200


@pytest.mark.parametrize("typed", ["k7qx-m2pd-ht4w-9rzb", "K7QXM2PDHT4W9RZB", "k7qx m2pd ht4w 9rzb", "  K7QX-m2pd-HT4W-9rzb "])
def test_case_dashes_and_spaces_do_not_matter(awarded, public, typed):
    response = public.get(f"/xac-minh/{typed}/")
    assert response.status_code == 200
    assert "Nguyễn Văn Đức" in _text(response)


@pytest.mark.parametrize("code", [
    "K7QX-M2PD-HT4W-9RZC",  # forged: one character changed
    "AAAA-BBBB-CCCC-DDDD",  # well-formed, unknown
    "K7QX-M2PD-HT4W",  # too short
    "K7QX-M2PD-HT4W-9RZB-EXTRA",
    "<img src=x onerror=alert(1)>",
    "0OIL-0OIL-0OIL-0OIL",  # characters codes never use
])
def test_unknown_forged_or_malformed_codes_get_one_sentence(awarded, public, code):
    response = public.get(f"/xac-minh/{code}/")
    text = _text(response)
    assert response.status_code == 404
    assert UNKNOWN in text
    assert "Nguyễn Văn Đức" not in text and "Giấy khen" not in text
    assert "<img src=x" not in text


def test_forged_and_unknown_codes_get_the_same_page(awarded, public):
    forged = public.get("/xac-minh/K7QX-M2PD-HT4W-9RZC/")
    unknown = public.get("/xac-minh/abc/")
    assert forged.status_code == unknown.status_code == 404
    assert _without_csrf(forged) == _without_csrf(unknown)


def test_a_code_of_a_draft_decision_is_unknown(tree, public):
    _, item = issued_decision(issuer=tree.hanoi, person=tree.hoa, number=6, code=CODE, on=date(2026, 1, 5))
    Decision.objects.filter(pk=item.decision_id).update(status=Decision.Status.DRAFT)
    response = public.get(f"/xac-minh/{CODE}/")
    assert response.status_code == 404 and UNKNOWN in _text(response)


@pytest.mark.parametrize("kind, sentence", [
    (Decision.Kind.REVOCATION, "Đã bị thu hồi theo Quyết định số 09/QĐ-CDN-HN ngày 02/03/2026."),
    (Decision.Kind.CORRECTION, "Đã được đính chính, sửa đổi theo Quyết định số 09/QĐ-CDN-HN ngày 02/03/2026."),
])
def test_a_revoked_award_says_by_which_decision(awarded, public, kind, sentence):
    record = awarded.award_record
    record.revoked_on, record.revoke_reason = date(2026, 3, 2), "Kê khai thành tích không đúng"
    record.save(update_fields=["revoked_on", "revoke_reason"])
    revocation = Decision.objects.create(
        kind=kind, status=Decision.Status.ISSUED, issuer=awarded.decision.issuer,
        issuer_name=awarded.decision.issuer_name, year=2026, number=9, number_text="09/QĐ-CDN-HN", issued_on=date(2026, 3, 2),
        subject="Thu hồi Giấy khen", award="giay_khen", refers_to=awarded.decision, reason="Kê khai thành tích không đúng",
    )
    DecisionItem.objects.create(decision=revocation, person=awarded.person, award="giay_khen", year=2025, target=awarded)
    response = public.get(f"/xac-minh/{CODE}/")
    text = _text(response)
    assert response.status_code == 200
    assert sentence in text
    assert "Nguyễn Văn Đức" in text


def test_a_revoked_record_without_a_revoking_decision_gives_the_date(awarded, public):
    record = awarded.award_record
    record.revoked_on = date(2026, 4, 1)
    record.save(update_fields=["revoked_on"])
    # A later decision that refers to the same decision but revokes someone else's award is not it.
    other = Decision.objects.create(
        kind=Decision.Kind.REVOCATION, status=Decision.Status.ISSUED, issuer=awarded.decision.issuer, year=2026, number=10,
        issuer_name=awarded.decision.issuer_name, number_text="10/QĐ-CDN-HN", issued_on=date(2026, 3, 3), subject="Thu hồi",
        award="giay_khen", refers_to=awarded.decision,
    )
    _, neighbour = issued_decision(issuer=awarded.decision.issuer, person=awarded.person, number=11, code="NNNN-BBBB-CCCC-DDDD",
                                   on=date(2026, 1, 5))
    DecisionItem.objects.create(decision=other, person=awarded.person, award="giay_khen", year=2025, target=neighbour)
    assert "Đã bị thu hồi ngày 01/04/2026." in _text(public.get(f"/xac-minh/{CODE}/"))


def test_a_collective_is_shown_by_its_name(tree, public):
    from thidua.commendations.models import AwardRecord

    decision, _ = issued_decision(issuer=tree.hanoi, person=tree.hoa, number=7, code="AAAA-BBBB-CCCC-DDDD", on=date(2026, 1, 5))
    record = AwardRecord.objects.create(award="giay_khen", year=2025, organisation=tree.bach_mai, decision_number=decision.number_text,
                                        decision_date=decision.issued_on, issuing_body=decision.issuer_name)
    DecisionItem.objects.create(decision=decision, organisation=tree.bach_mai, award="giay_khen", year=2025, award_record=record,
                                position_unit="Công đoàn ngành Y tế Hà Nội", verification_code="EEEE-FFFF-GGGG-HHHH")
    text = _text(public.get("/xac-minh/EEEE-FFFF-GGGG-HHHH/"))
    assert "Tập thể" in text and "Công đoàn Bệnh viện Bạch Mai" in text


def test_the_form_sends_a_typed_code_to_its_page(awarded, public):
    page = public.get("/xac-minh/")
    assert page.status_code == 200 and 'name="ma"' in _text(page) and UNKNOWN not in _text(page)
    response = public.get("/xac-minh/", {"ma": "k7qx m2pd ht4w 9rzb"})
    assert response.status_code == 302 and response["Location"] == f"/xac-minh/{CODE}/"
    bad = public.get("/xac-minh/", {"ma": "không phải mã"})
    assert bad.status_code == 404 and UNKNOWN in _text(bad)


def test_signed_in_users_see_the_same_answer(awarded, make_user, tree):
    from thidua.core.models import Role

    client = Client()
    client.force_login(make_user(Role.VIEWER, tree.hue))  # outside Hà Nội: the page is public anyway
    assert "Nguyễn Văn Đức" in _text(client.get(f"/xac-minh/{CODE}/"))
    assert client.get("/xac-minh/AAAA-BBBB-CCCC-DDDD/").status_code == 404
