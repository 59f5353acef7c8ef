"""Scope-matrix rows of the certificate pages (merged by thidua/decisions/tests/scope.py); shapes as in
thidua/registrations/tests/scope.py.

Kinds added: "cert_decision" (an issued 2024 decision of the side's sector union), "cert_item" (its
item for the side's nurse, with an award record and a verification code), "cert_form" (a
certificate form of the sector union). The public verification page by code is tested in
thidua/decisions/tests/test_verify.py (anyone, signed in or not, gets the same answer).
"""
from datetime import date

from thidua.documents.certificates import DEFAULT_OVERLAY, OVERLAY_FIELDS


def _positions_form() -> dict:
    """The positions form filled with the default A4 layout, as the edit page posts it."""
    body = {"ten": "Phôi giấy khen kiểm thử", "trang-rong": "297", "trang-cao": "210"}
    for name in OVERLAY_FIELDS:
        box = DEFAULT_OVERLAY.fields[name]
        body.update({f"{name}-x": str(box.x_mm), f"{name}-y": str(box.y_mm), f"{name}-rong": str(box.width_mm),
                     f"{name}-can": box.align})
        if name != "qr":
            body[f"{name}-co"] = str(box.font_size_pt)
    return body


POSITIONS_FORM = _positions_form()

ROUTES = {
    "object": [
        ("khen-thuong/quyet-dinh/<int:pk>/giay-chung-nhan/", "get", "/khen-thuong/quyet-dinh/{pk}/giay-chung-nhan/",
         "cert_decision", "view", None),
        ("khen-thuong/quyet-dinh/<int:pk>/giay-chung-nhan.pdf", "get", "/khen-thuong/quyet-dinh/{pk}/giay-chung-nhan.pdf",
         "cert_decision", "view", None),
        ("khen-thuong/quyet-dinh/muc/<int:pk>/giay-chung-nhan.pdf", "get", "/khen-thuong/quyet-dinh/muc/{pk}/giay-chung-nhan.pdf",
         "cert_item", "view", None),
        ("khen-thuong/phoi/to-chuc/<str:code>/", "get", "/khen-thuong/phoi/to-chuc/{code}/", "org", "view", None),
        ("khen-thuong/phoi/to-chuc/<str:code>/", "post", "/khen-thuong/phoi/to-chuc/{code}/", "org", "commend",
         {"ten": "Phôi giấy khen A4 kiểm thử", "kho": "a4"}),
        ("khen-thuong/phoi/<int:pk>/", "get", "/khen-thuong/phoi/{pk}/", "cert_form", "view", None),
        ("khen-thuong/phoi/<int:pk>/", "post", "/khen-thuong/phoi/{pk}/", "cert_form", "commend", POSITIONS_FORM),
        ("khen-thuong/phoi/<int:pk>/in-thu.pdf", "get", "/khen-thuong/phoi/{pk}/in-thu.pdf", "cert_form", "view", None),
    ],
    "list": [],
    "create": [],
    "global": [("xac-minh/", "get", "/xac-minh/", "view", None)],
    "elsewhere": {"xac-minh/<str:code>/"},
}
API_OPERATIONS: set = set()
API_IDS: dict = {}


def issued_decision(*, issuer, person, number: int, code: str, year: int = 2024, on: date = date(2025, 1, 10)):
    """An issued decision of `issuer` giving `person` a Giấy khen, written with the ORM (no numbering service)."""
    from thidua.commendations.models import AwardRecord
    from thidua.decisions.models import Decision, DecisionItem

    number_text = f"{number:02d}/QĐ-{issuer.code}"
    decision = Decision.objects.create(
        kind=Decision.Kind.AWARD, status=Decision.Status.ISSUED, issuer=issuer, issuer_name=issuer.name, year=on.year,
        number=number, number_text=number_text, issued_on=on, subject=f"Tặng Giấy khen năm {year}", award="giay_khen",
        signer_authority="TM. BAN CHẤP HÀNH", signer_title="CHỦ TỊCH", signer_name="Nguyễn Văn Ký",
    )
    record = AwardRecord.objects.create(award="giay_khen", year=year, person=person, decision_number=number_text,
                                        decision_date=on, issuing_body=issuer.name)
    item = DecisionItem.objects.create(decision=decision, person=person, award="giay_khen", year=year,
                                       position_unit="Điều dưỡng, Công đoàn Bệnh viện", award_record=record,
                                       verification_code=code)
    return decision, item


def world(tree, inside, outside) -> None:
    """Each side's sector union issued a 2024 Giấy khen to its hospital's nurse, and keeps one certificate form."""
    from thidua.decisions.models import CertificateForm

    sides = ((inside, tree.hanoi, tree.hoa, "SCPE-NSDE-2345-6789"), (outside, tree.hue, tree.hoa2, "SCPE-TSDE-2345-6789"))
    for side, union, nurse, code in sides:
        # A number far from the ones the numbering service hands out in the other rows' worlds.
        decision, item = issued_decision(issuer=union, person=nurse, number=987, code=code, on=date(2024, 12, 30))
        side["cert_decision"], side["cert_item"] = decision, item
        side["cert_form"] = CertificateForm.objects.create(organisation=union, name="Phôi giấy khen A4",
                                                           layout=DEFAULT_OVERLAY.as_json())
