"""The pages: a sector union officer drafts from a dossier, completes the list, issues, downloads the Word
document, revokes and corrects; refused forms; decisions of higher levels; settings; counts; the sections."""
from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.template import Context, RequestContext, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.timezone import localdate

from thidua.commendations.models import AwardRecord
from thidua.core.models import Role
from thidua.decisions.models import Decision, DecisionItem, DocumentSettings
from thidua.decisions.tests.conftest import GK, make_dossier


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _today() -> str:
    return localdate().strftime("%d/%m/%Y")


def _docx_text(content: bytes) -> str:
    from docx import Document

    document = Document(BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def test_an_officer_drafts_from_a_dossier_completes_the_list_issues_and_downloads_the_decision(tree, hanoi_officer):
    dossier = make_dossier(tree, people=[tree.hoa])
    client = _client(hanoi_officer)
    url = reverse("decisions-draft-from-dossier", args=[dossier.pk])
    assert "Trần Thị Hòa" in client.get(url).content.decode()
    response = client.post(url, {"trich_yeu": "Về việc tặng Giấy khen cho tập thể, cá nhân có thành tích năm 2025"})
    draft = Decision.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("decisions-detail", args=[draft.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Dự thảo quyết định" in page and "Ban hành quyết định" in page and "Trần Thị Hòa" in page

    added = client.post(reverse("decisions-item-add", args=[draft.pk]), {"tap_the": tree.bach_mai.code, "nam": "2025",
                                                                         "tien_thuong": "1.000.000"})
    assert added.status_code == 302
    assert DecisionItem.objects.get(organisation=tree.bach_mai).amount == 1_000_000

    issued = client.post(reverse("decisions-issue", args=[draft.pk]), {"ngay": _today(), "nguoi_ky": "Nguyễn Văn Chủ",
                                                                        "chuc_vu": "CHỦ TỊCH", "tham_quyen": "TM. BAN CHẤP HÀNH"})
    assert issued.status_code == 302
    draft.refresh_from_db()
    number = "01/QĐ-CDN-HN"
    assert draft.number_text == number and AwardRecord.objects.count() == 2
    page = client.get(reverse("decisions-detail", args=[draft.pk])).content.decode()
    assert f"Quyết định số {number}" in page and "Thu hồi" in page and "Ban hành quyết định" not in page
    assert reverse("certificates-decision", args=[draft.pk]) in page

    document = client.get(reverse("decisions-docx", args=[draft.pk]))
    assert document.status_code == 200 and document["Content-Disposition"].endswith(f'quyet-dinh-01-{localdate().year}.docx"')
    text = _docx_text(document.content)
    assert f"Số: {number}" in text and "CÔNG ĐOÀN NGÀNH Y TẾ HÀ NỘI" in text
    assert "Tặng Giấy khen cho 1 tập thể và 1 cá nhân" in text and "Trần Thị Hòa" in text and "Nguyễn Văn Chủ" in text


def test_a_refused_issue_shows_the_reason_and_writes_nothing(tree, hanoi_officer):
    draft = Decision.objects.create(issuer=tree.hanoi, issuer_name=tree.hanoi.name, subject="Về việc tặng Giấy khen", award=GK)
    client = _client(hanoi_officer)
    empty = client.post(reverse("decisions-issue", args=[draft.pk]), {"ngay": _today(), "nguoi_ky": "Nguyễn Văn Chủ"})
    assert empty.status_code == 400 and "Danh sách kèm quyết định chưa có ai" in empty.content.decode()
    bad_date = client.post(reverse("decisions-issue", args=[draft.pk]), {"ngay": "31/02/2026", "nguoi_ky": "A"})
    assert bad_date.status_code == 400 and "không hợp lệ: hãy viết theo dạng dd/mm/yyyy" in bad_date.content.decode()
    outsider = client.post(reverse("decisions-item-add", args=[draft.pk]), {"nguoi": tree.hoa2.pk, "nam": "2025"})
    assert outsider.status_code == 404
    both = client.post(reverse("decisions-item-add", args=[draft.pk]), {"nguoi": tree.hoa.pk, "tap_the": tree.bach_mai.code})
    assert both.status_code == 400 and "Hãy chọn một cá nhân hoặc một tập thể (chỉ một)" in both.content.decode()
    draft.refresh_from_db()
    assert draft.status == Decision.Status.DRAFT and draft.number is None and not draft.items.exists()


def test_drafting_beyond_the_issuers_authority_is_refused_on_the_page(tree, make_user):
    client = _client(make_user(Role.UNION_OFFICER, tree.bach_mai))
    url = reverse("decisions-draft-new", args=[tree.bach_mai.code])
    assert "Bằng khen của Ban Chấp hành Công đoàn ngành Trung ương" not in client.get(url).content.decode()
    refused = client.post(url, {"danh_hieu": "bang_khen_cong_doan_nganh_trung_uong"})
    assert refused.status_code == 400
    assert "không có thẩm quyền tặng «Bằng khen của Ban Chấp hành Công đoàn ngành Trung ương»" in refused.content.decode()
    assert not Decision.objects.exists()


def test_revoking_and_correcting_on_the_pages(tree, hn_issued, hanoi_officer):
    client = _client(hanoi_officer)
    hoa, duc = hn_issued.items.get(person=tree.hoa), hn_issued.items.get(person=tree.duc)
    no_reason = client.post(reverse("decisions-revoke", args=[hn_issued.pk]),
                            {"ngay": "01/03/2026", "nguoi_ky": "A", "muc": [hoa.pk], "ly_do": ""})
    assert no_reason.status_code == 400 and "Hãy ghi lý do thu hồi" in no_reason.content.decode()
    revoked = client.post(reverse("decisions-revoke", args=[hn_issued.pk]),
                          {"ngay": "01/03/2026", "nguoi_ky": "Nguyễn Văn Chủ", "muc": [hoa.pk], "ly_do": "Khai man"})
    revocation = Decision.objects.get(kind=Decision.Kind.REVOCATION)
    assert revoked.status_code == 302 and revoked["Location"] == reverse("decisions-detail", args=[revocation.pk])
    page = client.get(reverse("decisions-detail", args=[hn_issued.pk])).content.decode()
    assert "Đã được sửa đổi, thu hồi" in page and "Quyết định số 02/QĐ-CDN-HN" in page and "Đã thu hồi 01/03/2026" in page

    url = reverse("decisions-correct", args=[hn_issued.pk])
    form = client.get(url).content.decode()
    assert "Nguyễn Văn Đức" in form and "Trần Thị Hòa" not in form  # the revoked line cannot be corrected any more
    unchanged = client.post(url, {"ngay": "02/03/2026", "nguoi_ky": "A", "ly_do": "Sửa", "muc": [duc.pk]})
    assert unchanged.status_code == 400 and "không có gì thay đổi" in unchanged.content.decode()
    corrected = client.post(url, {"ngay": "02/03/2026", "nguoi_ky": "A", "ly_do": "Sai tiền thưởng", "muc": [duc.pk],
                                  f"tien_{duc.pk}": "500.000"})
    assert corrected.status_code == 302
    assert DecisionItem.objects.get(target=duc).amount == 500_000


def test_the_correction_form_is_for_officers_of_the_issuer_only(tree, hn_issued, make_user):
    url = reverse("decisions-correct", args=[hn_issued.pk])
    duc = hn_issued.items.get(person=tree.duc)
    body = {"ngay": "02/03/2026", "nguoi_ky": "A", "ly_do": "Sai", "muc": [duc.pk], f"tien_{duc.pk}": "1"}
    assert _client(make_user(Role.UNION_OFFICER, tree.hue)).post(url, body).status_code == 404
    assert _client(make_user(Role.VIEWER, tree.hanoi)).post(url, body).status_code == 403
    assert _client(make_user(Role.UNION_OFFICER, tree.bach_mai)).post(url, body).status_code == 404
    assert Decision.objects.count() == 1
    assert _client(make_user(Role.EMULATION_OFFICER, tree.hanoi)).post(url, body).status_code == 302


def test_recording_a_decision_of_a_higher_level_on_the_page(tree, make_user):
    client = _client(make_user(Role.UNION_OFFICER, tree.bach_mai))
    url = reverse("decisions-received", args=[tree.bach_mai.code])
    body = {"co_quan": "Tổng Liên đoàn Lao động Việt Nam", "so": "125/QĐ-TLĐ", "ngay": "03/02/2026",
            "danh_hieu": "bang_khen_tong_lien_doan", "nam": "2025", "nguoi": [tree.duc.pk]}
    nobody = client.post(url, {**body, "nguoi": []})
    assert nobody.status_code == 400 and "Hãy chọn ít nhất một cá nhân hoặc tập thể" in nobody.content.decode()
    assert client.post(url, {**body, "nguoi": [tree.lan.pk]}).status_code == 404  # Lan works elsewhere
    made = client.post(url, body)
    assert made.status_code == 302
    assert AwardRecord.objects.get().decision_number == "125/QĐ-TLĐ"


def test_document_settings_are_used_in_the_next_number(tree, hanoi_officer):
    from thidua.decisions.tests.conftest import hanoi_draft, issue

    client = _client(hanoi_officer)
    url = reverse("decisions-settings", args=[tree.hanoi.code])
    assert "CÔNG ĐOÀN NGÀNH Y TẾ HÀ NỘI" in client.get(url).content.decode()  # the default from the tree
    bad = client.post(url, {"co_quan": "Công đoàn ngành Y tế Hà Nội", "ky_hieu": "CĐ YT", "dia_danh": "Hà Nội", "chuc_vu": "Chủ tịch"})
    assert bad.status_code == 400 and "Chữ viết tắt «CĐ YT» không hợp lệ" in bad.content.decode()
    assert not DocumentSettings.objects.exists()
    saved = client.post(url, {"co_quan": "Công đoàn ngành Y tế Hà Nội", "ky_hieu": "CĐYT", "dia_danh": "Hà Nội", "chuc_vu": "Chủ tịch"})
    assert saved.status_code == 302
    assert issue(hanoi_draft(tree, people=[tree.hoa])).number_text == "01/QĐ-CĐYT"


def test_the_counts_page_and_the_list(tree, hn_issued, make_user):
    client = _client(make_user(Role.VIEWER, tree.hanoi))
    counts = client.get(reverse("decisions-counts", args=[tree.hanoi.code]) + "?tu=01/01/2026&den=31/12/2026").content.decode()
    assert "Công đoàn ngành Y tế Hà Nội tặng Giấy khen cho 2 cá nhân." in counts
    bad = client.get(reverse("decisions-counts", args=[tree.hanoi.code]) + "?tu=32/01/2026")
    assert bad.status_code == 400
    listed = client.get(reverse("decisions-index") + "?nam=2026").content.decode()
    assert "01/QĐ-CDN-HN" in listed and "Lập dự thảo quyết định" not in listed  # a viewer manages nothing


@pytest.mark.parametrize("tag, marker", [("decisions_person_section person", "Khen thưởng theo quyết định"),
                                         ("decisions_org_section org", "Quyết định khen thưởng")])
def test_the_person_and_unit_sections(tree, hn_issued, make_user, tag, marker):
    request = RequestFactory().get("/")
    request.user = make_user(Role.UNION_OFFICER, tree.bach_mai)
    html = Template("{% load decisions_tags %}{% " + tag + " %}").render(
        RequestContext(request, {"person": tree.hoa, "org": tree.bach_mai}))
    assert marker in html
    if tag.startswith("decisions_person"):
        # The hospital officer sees the nurse's Giấy khen but not the sector union's decision page.
        assert "Giấy khen" in html and "Số 01/QĐ-CDN-HN" in html
        assert reverse("decisions-detail", args=[hn_issued.pk]) not in html
    else:
        assert f"Năm {localdate().year}" in html
    assert Template("{% load decisions_tags %}{% decisions_person_section person %}").render(Context({"person": tree.hoa})) == ""


def test_a_hospital_officer_sees_awards_on_the_person_page_section_with_links_when_the_decision_is_theirs(tree, hanoi_officer):
    from thidua.decisions.services import ItemInput, decision_draft
    from thidua.decisions.tests.conftest import issue

    own = issue(decision_draft(actor=hanoi_officer, issuer=tree.bach_mai, award=GK, subject="", on=date(2026, 1, 5),
                               items=[ItemInput(person=tree.hoa, year=2025)]))
    request = RequestFactory().get("/")
    request.user = hanoi_officer
    html = Template("{% load decisions_tags %}{% decisions_person_section person %}").render(
        RequestContext(request, {"person": tree.hoa}))
    assert reverse("decisions-detail", args=[own.pk]) in html
    assert reverse("certificates-item-pdf", args=[own.items.get().pk]) in html


def test_the_remaining_refusals_of_the_pages_write_nothing(tree, hn_issued, hanoi_officer):
    from thidua.decisions.services import ItemInput, decision_record_received

    client = _client(hanoi_officer)
    unvoted = make_dossier(tree, people=[tree.hoa], status="proposed")
    refused = client.post(reverse("decisions-draft-from-dossier", args=[unvoted.pk]), {})
    assert refused.status_code == 400 and "chưa có đề nghị «Giấy khen» nào được Hội đồng thông qua" in refused.content.decode()
    line = hn_issued.items.first()
    removed = client.post(reverse("decisions-item-remove", args=[line.pk]))
    assert removed.status_code == 400 and "đã ban hành nên không sửa được nữa" in removed.content.decode()
    edited = client.post(reverse("decisions-draft-edit", args=[hn_issued.pk]), {"trich_yeu": "Sửa"})
    assert edited.status_code == 400
    bad_line = client.post(reverse("decisions-revoke", args=[hn_issued.pk]),
                           {"ngay": "01/03/2026", "nguoi_ky": "A", "ly_do": "x", "muc": ["abc"]})
    assert bad_line.status_code == 400 and "Dòng được chọn «abc» không hợp lệ" in bad_line.content.decode()
    gone_line = client.post(reverse("decisions-correct", args=[hn_issued.pk]),
                            {"ngay": "01/03/2026", "nguoi_ky": "A", "ly_do": "x", "muc": [10**9]})
    assert gone_line.status_code == 400 and "không còn khen thưởng để đính chính" in gone_line.content.decode()
    assert client.get(reverse("decisions-index") + "?nam=abc").status_code == 400
    cardio = client.get(reverse("decisions-draft-new", args=[tree.cardio.code])).content.decode()
    assert "không có thẩm quyền tặng hình thức khen thưởng nào" in cardio
    received = decision_record_received(actor=hanoi_officer, received_by=tree.bach_mai, issuer_name="Công đoàn Y tế Việt Nam",
                                        number_text="7/QĐ-CĐYT", issued_on=date(2026, 2, 3),
                                        award="bang_khen_cong_doan_nganh_trung_uong", subject="",
                                        items=[ItemInput(person=tree.hoa, year=2025)])
    document = client.get(reverse("decisions-docx", args=[received.pk]))
    assert document.status_code == 400 and "văn bản gốc do cơ quan đó phát hành" in document.content.decode()
    undated = client.post(reverse("decisions-received", args=[tree.bach_mai.code]), {"co_quan": "TLĐ", "so": "1/QĐ", "ngay": ""})
    assert undated.status_code == 400 and "Hãy nhập ngày ban hành" in undated.content.decode()
    assert Decision.objects.count() == 2 and hn_issued.items.count() == 2
