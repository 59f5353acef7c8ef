"""The pages: cluster list and detail, pact list and detail, their forms and errors, the ranking
spreadsheet, document upload and download, and the sections on unit and person pages."""
from __future__ import annotations

import html
import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.core.models import Role
from thidua.core.permissions import SYSTEM
from thidua.pacts.models import Grouping, Meeting, Pact, PactDocument, PactScore
from thidua.pacts.services import grouping_leader_set, pact_create_personal, pact_score
from thidua.pacts.tests.conftest import PDF, TARGETS


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_cluster_pages_show_members_leaders_meetings_pacts_and_ranking(client, tree, cluster, cluster_pact, hanoi_officer):
    grouping_leader_set(actor=SYSTEM, grouping=cluster, year=2025, organisation=tree.bach_mai)
    client.force_login(hanoi_officer)
    listing = text(client.get(reverse("pacts-index")))
    assert "Cụm thi đua số 1" in listing and "Thành lập cụm, khối" in listing
    page = text(client.get(reverse("pacts-grouping", args=[cluster.pk]) + "?nam=2025"))
    for expected in ("Công đoàn Bệnh viện Bạch Mai", "01/01/2024", "Cụm trưởng, cụm phó theo năm", cluster_pact.title,
                     "Xếp hạng năm 2025", "Quyết định 12/QĐ-CĐN"):
        assert expected in page
    response = client.post(reverse("pacts-meeting", args=[cluster.pk]), {
        "held_on": "13/08/2025", "place": "Sở Y tế Hà Nam", "attendees": [tree.bach_mai.code, tree.hanoi_pharma.code],
        "minutes": "Giao ban 6 tháng", "file": SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")})
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.place == "Sở Y tế Hà Nam" and meeting.documents.count() == 1
    page = text(client.get(reverse("pacts-grouping", args=[cluster.pk])))
    assert "Ngày 13/08/2025 tại Sở Y tế Hà Nam" in page and "Biên bản: bien-ban.pdf" in page


def test_cluster_forms_show_the_services_refusal(client, tree, cluster, third, hanoi_officer):
    client.force_login(hanoi_officer)
    response = client.post(reverse("pacts-grouping-pact", args=[cluster.pk]), {
        "title": "Giao ước", "year": "2025", "signed_on": "10/02/2025", "targets": "A | 50\nB | 40",
        "parties": [tree.bach_mai.code, tree.hanoi_pharma.code]})
    assert response.status_code == 400
    assert "Tổng trọng số các chỉ tiêu là 90, phải đúng bằng 100" in text(response) and Pact.objects.count() == 0
    response = client.post(reverse("pacts-grouping-pact", args=[cluster.pk]), {
        "title": "Giao ước", "year": "2025", "signed_on": "10/02/2025", "targets": "A | 100", "parties": [tree.bach_mai.code, third.code]})
    assert response.status_code == 400
    assert "Công đoàn Bệnh viện Sản Nhi không phải thành viên" in text(response) and Pact.objects.count() == 0
    response = client.post(reverse("pacts-grouping-pact", args=[cluster.pk]), {
        "title": "Giao ước", "year": "2025", "signed_on": "10/02/2025", "targets": "A không trọng số"})
    assert response.status_code == 400 and "thiếu trọng số" in text(response)
    response = client.post(reverse("pacts-member-add", args=[cluster.pk]), {"organisation": "KHONG-CO", "joined": "01/02/2025"})
    assert response.status_code == 400 and "Không tìm thấy đơn vị có mã «KHONG-CO»" in text(response)
    response = client.post(reverse("pacts-member-add", args=[cluster.pk]), {"organisation": third.code, "joined": "32/13/2025"})
    assert response.status_code == 400 and "dd/mm/yyyy" in text(response)


def test_creating_a_grouping_that_replaces_another(client, tree, cluster, hanoi_officer):
    client.force_login(hanoi_officer)
    response = client.post(reverse("pacts-index"), {
        "kind": "twinning", "name": "Giao ước kết nghĩa", "owner": tree.hanoi.code, "valid_from": "01/01/2026",
        "members": f"{tree.bach_mai.code}, {tree.hanoi_pharma.code}", "replaces": str(cluster.pk)})
    assert response.status_code == 302
    twinning = Grouping.objects.get(kind="twinning")
    old = text(client.get(reverse("pacts-grouping", args=[cluster.pk])))
    assert "đã kết thúc ngày 31/12/2025, được thay bằng" in old and "Giao ước kết nghĩa" in old
    new = text(client.get(reverse("pacts-grouping", args=[twinning.pk])))
    assert "Lịch sử" in new and "Cụm thi đua số 1" in new
    response = client.post(reverse("pacts-index"), {"kind": "cluster", "name": "Cụm", "owner": tree.hanoi.code,
                                                    "valid_from": "01/01/2026", "members": tree.hue_central.code})
    assert response.status_code == 400 and "Không tìm thấy đơn vị có mã" in text(response)


def test_pact_page_scores_and_ranking(client, tree, cluster_pact, make_user):
    officer = make_user(Role.EMULATION_OFFICER, tree.bach_mai)
    client.force_login(officer)
    parties = {p.organisation_id: p for p in cluster_pact.parties.all()}
    bm, ph = parties[tree.bach_mai.pk], parties[tree.hanoi_pharma.pk]
    targets = list(cluster_pact.targets.order_by("position"))
    url = reverse("pacts-score", args=[cluster_pact.pk])
    assert client.post(url, {"party": ph.pk, "scorer": bm.pk, "target": targets[0].pk, "value": "36,5"}).status_code == 302
    assert PactScore.objects.get().value == 36.5
    response = client.post(url, {"party": ph.pk, "scorer": bm.pk, "target": targets[0].pk, "value": "41"})
    assert response.status_code == 400 and "hãy nhập từ 0 đến 40" in text(response)
    response = client.post(url, {"party": bm.pk, "scorer": bm.pk, "target": targets[0].pk, "value": "30"})
    assert response.status_code == 400 and "không thể chấm chéo cho chính mình" in text(response)
    assert client.post(url, {"party": ph.pk, "target": targets[0].pk, "value": "30"}).status_code == 403  # Dược's self-score
    assert PactScore.objects.count() == 1
    for target, value in zip(targets[1:], (30, 20)):
        pact_score(actor=SYSTEM, pact=cluster_pact, target=target, party=ph, scorer=bm, value=value)
    page = text(client.get(reverse("pacts-pact", args=[cluster_pact.pk])))
    assert "Hạng 1: Công đoàn Công ty Cổ phần Dược phẩm Hà Nội — 86,50 điểm" in page
    assert "Công đoàn Bệnh viện Bạch Mai — chưa chấm xong" in page


def test_documents_upload_and_download_in_scope_only(client, tree, cluster_pact, make_user):
    """The upload route ("elsewhere" in the scope matrix): managers only, inside only; files checked."""
    url = reverse("pacts-document-upload", args=[cluster_pact.pk])
    viewer = make_user(Role.VIEWER, tree.hanoi)
    client.force_login(viewer)
    assert client.post(url, {"file": SimpleUploadedFile("a.pdf", PDF)}).status_code == 403
    client.force_login(make_user(Role.EMULATION_OFFICER, tree.hue))
    assert client.post(url, {"file": SimpleUploadedFile("a.pdf", PDF)}).status_code == 404
    assert client.post(reverse("pacts-document-upload", args=[10**9]), {"file": SimpleUploadedFile("a.pdf", PDF)}).status_code == 404
    client.force_login(make_user(Role.UNION_OFFICER, tree.hanoi))
    response = client.post(url, {"file": SimpleUploadedFile("a.exe", b"MZ\x00")})
    assert response.status_code == 400 and "Tệp «a.exe» không được nhận: chỉ nhận văn bản PDF, ảnh JPEG hoặc ảnh PNG." in text(response)
    assert client.post(url, {}).status_code == 400
    assert PactDocument.objects.count() == 0
    assert client.post(url, {"file": SimpleUploadedFile("giao-uoc-da-ky.pdf", PDF)}).status_code == 302
    doc = PactDocument.objects.get()
    download = client.get(reverse("pacts-document", args=[doc.pk]))
    assert download.status_code == 200 and download.content == PDF and download["Content-Type"] == "application/pdf"
    client.force_login(make_user(Role.VIEWER, tree.hue))
    assert client.get(reverse("pacts-document", args=[doc.pk])).status_code == 404


def test_personal_and_department_pacts_from_the_pact_page(client, tree, make_user):
    client.force_login(make_user(Role.EMULATION_OFFICER, tree.bach_mai))
    response = client.post(reverse("pacts-pacts"), {
        "kind": "personal", "title": "Giao ước cá nhân 2025", "year": "2025", "signed_on": "05/01/2025",
        "person": str(tree.duc.pk), "department": tree.cardio.code, "head": "Trưởng khoa", "targets": "Chuyên môn | 70\nY đức | 30"})
    assert response.status_code == 302
    pact = Pact.objects.get()
    assert pact.kind == "personal" and pact.parties.filter(person=tree.duc).exists()
    response = client.post(reverse("pacts-pacts"), {
        "kind": "department", "title": "Khoa", "year": "2025", "signed_on": "05/01/2025", "department": tree.cardio.code,
        "unit": tree.hanoi_pharma.code, "targets": "A | 100"})
    assert response.status_code == 400 and "Không tìm thấy đơn vị có mã «DUOC-HN»" in text(response)
    assert "Giao ước cá nhân 2025" in text(client.get(reverse("pacts-pacts") + "?nam=2025"))


def test_ranking_spreadsheet(client, tree, cluster, cluster_pact, hanoi_officer):
    from python_calamine import CalamineWorkbook

    parties = {p.organisation_id: p for p in cluster_pact.parties.all()}
    bm, ph = parties[tree.bach_mai.pk], parties[tree.hanoi_pharma.pk]
    for target, (a, b) in zip(cluster_pact.targets.order_by("position"), ((40, 30), (30, 30), (20, 20))):
        pact_score(actor=SYSTEM, pact=cluster_pact, target=target, party=bm, scorer=ph, value=a)
        pact_score(actor=SYSTEM, pact=cluster_pact, target=target, party=ph, scorer=bm, value=b)
    client.force_login(hanoi_officer)
    response = client.get(reverse("pacts-ranking-xlsx", args=[cluster.pk]) + "?nam=2025")
    assert response.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert rows[1][0] == "Hạng"
    assert [(r[0], r[1], r[3]) for r in rows[2:]] == [(1, "Công đoàn Bệnh viện Bạch Mai", 90), (2, "Công đoàn Công ty Cổ phần Dược phẩm Hà Nội", 80)]


def test_unit_and_person_pages_show_the_sections(client, tree, cluster, cluster_pact, hanoi_officer, monkeypatch):
    monkeypatch.setattr("thidua.pacts.templatetags.pacts_tags.localdate", lambda: date(2025, 6, 1))
    grouping_leader_set(actor=SYSTEM, grouping=cluster, year=2025, organisation=tree.hanoi_pharma)
    pact_create_personal(actor=SYSTEM, title="Giao ước của bác sĩ Đức", year=2025, signed_on=date(2025, 1, 5), person=tree.duc,
                         department=tree.cardio, targets=TARGETS)
    client.force_login(hanoi_officer)
    org_page = text(client.get(reverse("org-detail", args=[tree.bach_mai.code])))
    assert "Cụm, khối và giao ước năm 2025" in org_page
    assert "cụm trưởng năm 2025: Công đoàn Công ty Cổ phần Dược phẩm Hà Nội" in org_page and cluster_pact.title in org_page
    person_page = text(client.get(reverse("person-detail", args=[tree.duc.pk])))
    assert "Giao ước thi đua cá nhân" in person_page and "Giao ước của bác sĩ Đức" in person_page
    assert "Giao ước thi đua cá nhân" not in text(client.get(reverse("person-detail", args=[tree.hoa.pk])))
