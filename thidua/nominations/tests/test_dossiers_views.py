"""The pages: opening a round, a hospital's dossier from creation to submission, the sector union's handling, refusals
shown again with status 400, attachments, the processing slip, the submission letter, the public comment page."""
from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO
from zipfile import ZipFile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.timezone import localdate

from thidua.core.permissions import SYSTEM
from thidua.nominations import services
from thidua.nominations.models import Dossier, Proposal, PublicComment, Round
from thidua.nominations.tests.conftest import GIAY_KHEN, LDTT, good_year


def _client(user=None) -> Client:
    client = Client(enforce_csrf_checks=user is None)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def open_round(tree):
    """A round of the sector union whose deadlines are ahead whatever today is."""
    today = localdate()
    return services.round_open(actor=SYSTEM, organisation=tree.hanoi, kind="yearly", title="Khen thưởng tổng kết năm",
                               year=today.year - 1, on=today, deadlines={"grassroots_public": today + timedelta(days=30)})


def test_opening_a_round_from_the_page_and_its_errors(tree, hanoi_officer):
    client = _client(hanoi_officer)
    url = reverse("nominations-round-open", args=[tree.hanoi.code])
    assert "Hạn nộp của công đoàn cơ sở" in client.get(url).content.decode()
    bad = client.post(url, {"kind": "theme", "title": "Phòng, chống dịch", "year": "2021", "han_grassroots_public": "31/12/2030"})
    assert bad.status_code == 400 and "cần ghi tên chuyên đề" in bad.content.decode()
    bad_date = client.post(url, {"kind": "yearly", "title": "Năm", "year": "2024", "han_grassroots_public": "31/13/2030"})
    assert bad_date.status_code == 400 and "dd/mm/yyyy" in bad_date.content.decode()
    assert not Round.objects.exists()
    made = client.post(url, {"kind": "theme", "title": "Phòng, chống dịch", "year": "2021", "theme": "COVID-19",
                             "han_grassroots_public": "31/12/2030"})
    round_ = Round.objects.get()
    assert made.status_code == 302 and made["Location"] == reverse("nominations-round", args=[round_.pk])
    assert round_.theme == "COVID-19" and round_.deadlines.get().due_on == date(2030, 12, 31)


def test_a_hospital_officer_builds_and_submits_a_dossier_the_sector_union_handles_it(tree, open_round, bm_officer, hanoi_officer):
    good_year(tree.hoa, open_round.year)
    client = _client(bm_officer)
    assert open_round.title in client.get(reverse("nominations-index")).content.decode()
    page = client.get(reverse("nominations-round", args=[open_round.pk])).content.decode()
    assert "Lập hồ sơ" in page and "Công đoàn Bệnh viện Bạch Mai" in page
    made = client.post(reverse("nominations-dossier-create", args=[open_round.pk]), {"proposer": tree.bach_mai.code, "award": GIAY_KHEN})
    dossier = Dossier.objects.get()
    assert made.status_code == 302 and made["Location"] == reverse("nominations-dossier", args=[dossier.pk])
    add = reverse("nominations-proposal-add", args=[dossier.pk])
    found = client.get(add, {"q": "hoa"}).content.decode()
    assert "Trần Thị Hòa" in found and "Lê Thị Hoà" not in found  # Huế's midwife is not the hospital's
    # Đức has no appraisal for the year: refused without a reason, shown again with status 400.
    refused = client.post(add, {"nguoi": tree.duc.pk, "nam": str(open_round.year)})
    assert refused.status_code == 400 and "Chỉ đề nghị được khi ghi rõ lý do vẫn đề nghị" in refused.content.decode()
    assert not Proposal.objects.exists()
    assert client.post(add, {"nguoi": tree.hoa.pk, "nam": str(open_round.year), "thanh_tich": "Chăm sóc tận tình"}).status_code == 302
    detail = client.get(reverse("nominations-dossier", args=[dossier.pk])).content.decode()
    assert "Trần Thị Hòa" in detail and "Đủ điều kiện" in detail and "Trình hồ sơ" in detail
    assert client.post(reverse("nominations-dossier-submit", args=[dossier.pk]), {"ly_do": ""}).status_code == 302
    dossier.refresh_from_db()
    assert (dossier.status, dossier.holder) == ("submitted", tree.hanoi)
    # The hospital officer cannot accept it.
    assert client.post(reverse("nominations-dossier-accept", args=[dossier.pk])).status_code == 403
    union = _client(hanoi_officer)
    assert dossier.title in union.get(reverse("nominations-index")).content.decode()
    no_reason = union.post(reverse("nominations-dossier-return", args=[dossier.pk]), {"ly_do": ""})
    assert no_reason.status_code == 400 and "Hãy ghi lý do trả lại hồ sơ" in no_reason.content.decode()
    assert union.post(reverse("nominations-dossier-accept", args=[dossier.pk])).status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == "accepted"
    slip = union.get(reverse("nominations-dossier-slip", args=[dossier.pk])).content.decode()
    assert "Phiếu xử lý hồ sơ" in slip and "@media print" in slip
    assert "Đã tiếp nhận" in slip and localdate().strftime("%d/%m/%Y") in slip and "Công đoàn ngành Y tế Hà Nội" in slip


def test_forward_button_and_refusal_on_the_page(tree, open_round, hanoi_officer):
    dossier = services.dossier_create(actor=SYSTEM, round=open_round, proposer=tree.bach_mai,
                                      award="bang_khen_cong_doan_nganh_trung_uong", on=localdate())
    services.proposal_add(actor=SYSTEM, dossier=dossier, person=tree.hoa, year=open_round.year, override_reason="x", on=localdate())
    services.dossier_submit(actor=SYSTEM, dossier=dossier, on=localdate())
    client = _client(hanoi_officer)
    assert "Trình tiếp lên Công đoàn Y tế Việt Nam" in client.get(reverse("nominations-dossier", args=[dossier.pk])).content.decode()
    refused = client.post(reverse("nominations-dossier-forward", args=[dossier.pk]))
    assert refused.status_code == 400 and "Chưa có đề nghị nào được Hội đồng" in refused.content.decode()
    Proposal.objects.filter(dossier=dossier).update(status=Proposal.Status.PASSED)
    done = client.post(reverse("nominations-dossier-forward", args=[dossier.pk]))
    upward = Dossier.objects.get(forwarded_from=dossier)
    assert done.status_code == 302 and done["Location"] == reverse("nominations-dossier", args=[upward.pk])


def test_attachments_upload_refusal_and_download(tree, open_round, bm_officer):
    dossier = services.dossier_create(actor=SYSTEM, round=open_round, proposer=tree.bach_mai, award=LDTT, on=localdate())
    client = _client(bm_officer)
    url = reverse("nominations-dossier-attach", args=[dossier.pk])
    bad = client.post(url, {"loai": "bao-cao", "tep": SimpleUploadedFile("bao-cao.pdf", b"not a pdf")})
    assert bad.status_code == 400 and "không đúng định dạng .pdf" in bad.content.decode()
    assert client.post(url, {"loai": "bao-cao", "tep": SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 bao cao")}).status_code == 302
    download = client.get(reverse("nominations-dossier-file", args=[dossier.pk, "bao-cao"]))
    assert download.status_code == 200 and download.content == b"%PDF-1.4 bao cao" and download["Content-Type"] == "application/pdf"
    assert client.get(reverse("nominations-dossier-file", args=[dossier.pk, "bien-ban"])).status_code == 404
    assert client.get(reverse("nominations-dossier-file", args=[dossier.pk, "khac"])).status_code == 404


def test_the_submission_letter_is_a_word_document_with_the_list(tree, open_round, bm_officer):
    dossier = services.dossier_create(actor=SYSTEM, round=open_round, proposer=tree.bach_mai, award=GIAY_KHEN, on=localdate())
    services.proposal_add(actor=SYSTEM, dossier=dossier, person=tree.hoa, year=open_round.year, override_reason="x", on=localdate())
    response = _client(bm_officer).get(reverse("nominations-dossier-submission", args=[dossier.pk]))
    assert response.status_code == 200
    xml = ZipFile(BytesIO(response.content)).read("word/document.xml").decode()
    assert "TỜ TRÌNH" in xml and "CÔNG ĐOÀN BỆNH VIỆN BẠCH MAI" in xml and "Giấy khen" in xml


def test_the_public_page_shows_minimal_data_and_takes_comments_in_its_window(tree, open_round, bm_officer):
    today = localdate()
    dossier = services.dossier_create(actor=SYSTEM, round=open_round, proposer=tree.bach_mai, award="bang_khen_thu_tuong", on=today)
    services.proposal_add(actor=SYSTEM, dossier=dossier, person=tree.duc, year=open_round.year, override_reason="x", on=today)
    dossier = services.dossier_submit(actor=SYSTEM, dossier=dossier, on=today)
    url = reverse("nominations-public", args=[dossier.public_token])
    anonymous = _client()
    page = anonymous.get(url)
    text = page.content.decode()
    assert page.status_code == 200 and "Nguyễn Văn Đức" in text and "Bằng khen của Thủ tướng Chính phủ" in text
    assert "001085001234" not in text and "14/03/1985" not in text  # no CCCD, no date of birth
    assert anonymous.post(url, {"name": "A", "text": "B"}).status_code == 403  # the form is CSRF-protected
    client = Client()
    empty = client.post(url, {"name": "", "text": "Đồng ý"})
    assert empty.status_code == 400 and "Hãy ghi họ và tên người góp ý" in empty.content.decode()
    assert client.post(url, {"name": "Nguyễn Văn An", "contact": "an@example.vn", "text": "Đồng ý"}).status_code == 302
    assert PublicComment.objects.get().name == "Nguyễn Văn An"
    officer_view = _client(bm_officer).get(reverse("nominations-dossier", args=[dossier.pk])).content.decode()
    assert "Nguyễn Văn An" in officer_view and "an@example.vn" in officer_view
    Dossier.objects.filter(pk=dossier.pk).update(comment_until=today - timedelta(days=1))
    closed = client.post(url, {"name": "B", "text": "Muộn"})
    assert closed.status_code == 400 and "Đã hết thời hạn lấy ý kiến" in closed.content.decode()
    assert PublicComment.objects.count() == 1
    unknown = client.get(reverse("nominations-public", args=["ma-khong-ton-tai-1234567"]))
    assert unknown.status_code == 404 and "Mã công khai không tồn tại." in unknown.content.decode()


def test_the_person_and_unit_sections(tree, open_round, bm_officer):
    from django.template import Context, Template
    from django.test import RequestFactory

    dossier = services.dossier_create(actor=SYSTEM, round=open_round, proposer=tree.bach_mai, award=GIAY_KHEN, on=localdate())
    services.proposal_add(actor=SYSTEM, dossier=dossier, person=tree.hoa, year=open_round.year, override_reason="x", on=localdate())
    request = RequestFactory().get("/")
    request.user = bm_officer
    template = Template("{% load nominations_tags %}{% nominations_person_section person %}{% nominations_org_section org %}")
    html = template.render(Context({"request": request, "person": tree.hoa, "org": tree.bach_mai}))
    assert "Đề nghị khen thưởng" in html and "Giấy khen" in html and dossier.title in html and "Mở đợt khen thưởng" in html
