"""The pages: lists with filters and counts, the forms (record, edit, end, scan), the person and unit sections."""
from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.core.models import AuditEntry, Role
from thidua.core.permissions import SYSTEM
from thidua.training.models import Training, TrainingFile, TrainingKind, TrainingStatus
from thidua.training.services import training_attach_file, training_record

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def officer_client(client, hanoi_officer):
    client.force_login(hanoi_officer)
    return client


def _course(person, unit, kind=TrainingKind.SPECIALIST_1, start=date(2024, 9, 1), **extra):
    return training_record(actor=SYSTEM, person=person, sending_unit=unit, kind=kind, institution="Trường Đại học Y Hà Nội",
                           start=start, **extra)


def _form(**extra):
    data = {"person": "", "kind": "specialist_1", "speciality": "Nội tim mạch", "institution": "Trường Đại học Y Hà Nội",
            "start": "01/09/2025", "end": "", "status": "studying", "unit": "BV-BM", "certificate_number": "",
            "certificate_date": "", "note": "", "reason": "QĐ 12/QĐ-BV"}
    data.update(extra)
    return data


def test_recording_a_course_through_the_form(officer_client, tree):
    response = officer_client.post("/dao-tao/to-chuc/BV-BM/them/", _form(person=str(tree.duc.pk)))
    training = Training.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/dao-tao/{training.pk}/"
    assert (training.person, training.sending_unit, training.start) == (tree.duc, tree.bach_mai, date(2025, 9, 1))
    page = officer_client.get(response["Location"]).content.decode()
    assert "Chuyên khoa cấp I" in page and "Nguyễn Văn Đức" in page and "01/09/2025" in page


def test_a_person_may_be_named_by_cccd_and_a_scan_attached(officer_client, tree):
    scan = SimpleUploadedFile("bang.pdf", PDF, content_type="application/pdf")
    response = officer_client.post("/dao-tao/to-chuc/BV-BM/them/", {**_form(person="001085001234"), "tep": scan})
    assert response.status_code == 302
    training = Training.objects.get()
    assert training.person == tree.duc
    download = officer_client.get(f"/dao-tao/{training.pk}/tep/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download.content == PDF


@pytest.mark.parametrize("extra, words", [
    ({"end": "31/08/2025"}, "sớm hơn ngày bắt đầu"),
    ({"start": "31/02/2025"}, "không hợp lệ: hãy viết theo dạng dd/mm/yyyy"),
    ({"person": ""}, "Hãy nhập mã người"),
    ({"unit": "BV-TWH"}, "Không tìm thấy đơn vị có mã «BV-TWH» trong phạm vi của bạn"),
    ({"unit": "DUOC-HN"}, "không công tác hay sinh hoạt công đoàn"),
])
def test_a_refused_form_shows_the_reason_and_writes_nothing(officer_client, tree, extra, words):
    data = _form(person=str(tree.duc.pk))
    data.update(extra)
    response = officer_client.post("/dao-tao/to-chuc/BV-BM/them/", data)
    assert response.status_code == 400
    text = response.content.decode()
    assert words in text and "Chưa có gì được ghi lại" in text
    assert not Training.objects.exists()


def test_a_bad_scan_rolls_the_whole_form_back(officer_client, tree):
    scan = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/pdf")
    response = officer_client.post("/dao-tao/to-chuc/BV-BM/them/", {**_form(person=str(tree.duc.pk)), "tep": scan})
    assert response.status_code == 400
    assert "Tệp «virus.exe» không được nhận: chỉ nhận văn bản PDF, ảnh JPEG hoặc ảnh PNG." in response.content.decode()
    assert not Training.objects.exists() and not TrainingFile.objects.exists()
    assert not AuditEntry.objects.filter(model__startswith="training.").exists()


def test_editing_and_ending_a_course(officer_client, tree):
    training = _course(tree.duc, tree.bach_mai)
    form = officer_client.get(f"/dao-tao/{training.pk}/sua/").content.decode()
    assert 'value="01/09/2024"' in form
    response = officer_client.post(f"/dao-tao/{training.pk}/sua/", _form(start="01/09/2024", institution="Học viện Quân y"))
    assert response.status_code == 302
    training.refresh_from_db()
    assert training.institution == "Học viện Quân y"
    response = officer_client.post(f"/dao-tao/{training.pk}/ket-thuc/", {
        "status": "graduated", "end": "31/08/2026", "certificate_number": "CK1/0123", "certificate_date": "01/10/2026"})
    assert response.status_code == 302
    training.refresh_from_db()
    assert (training.status, training.end, training.certificate_date) == (TrainingStatus.GRADUATED, date(2026, 8, 31), date(2026, 10, 1))


def test_ending_with_an_end_before_the_start_is_refused(officer_client, tree):
    training = _course(tree.duc, tree.bach_mai)
    response = officer_client.post(f"/dao-tao/{training.pk}/ket-thuc/", {"status": "dropped", "end": "01/01/2024"})
    assert response.status_code == 400
    assert "Ngày kết thúc 01/01/2024 sớm hơn ngày bắt đầu 01/09/2024" in response.content.decode()
    training.refresh_from_db()
    assert training.status == TrainingStatus.STUDYING


def test_removing_a_scan_on_the_edit_form(officer_client, tree):
    training = _course(tree.duc, tree.bach_mai)
    training_attach_file(actor=SYSTEM, training=training, name="bang.pdf", content=PDF)
    response = officer_client.post(f"/dao-tao/{training.pk}/sua/", {**_form(start="01/09/2024"), "xoa_tep": "1"})
    assert response.status_code == 302
    assert not TrainingFile.objects.exists()
    assert officer_client.get(f"/dao-tao/{training.pk}/tep/").status_code == 404


def test_the_unit_list_filters_and_shows_the_years_counts(officer_client, tree):
    _course(tree.duc, tree.cardio, start=date(2024, 9, 1))
    _course(tree.hoa, tree.bach_mai, kind=TrainingKind.MASTER, start=date(2023, 9, 1), end=date(2024, 8, 31),
            status=TrainingStatus.GRADUATED)
    _course(tree.lan, tree.hanoi_pharma, kind=TrainingKind.SHORT_COURSE, start=date(2024, 4, 1))
    page = officer_client.get("/dao-tao/to-chuc/BV-BM/?nam=2024").content.decode()
    assert "Nguyễn Văn Đức" in page and "Trần Thị Hòa" in page and "Phạm Ngọc Lan" not in page
    assert "<strong>1</strong> người được cử đi" in page and "<strong>1</strong> người tốt nghiệp" in page
    only_masters = officer_client.get("/dao-tao/to-chuc/BV-BM/?nam=2024&loai=master").content.decode()
    assert "Trần Thị Hòa" in only_masters and "Nguyễn Văn Đức" not in only_masters
    studying = officer_client.get("/dao-tao/to-chuc/CDN-HN/?tinh_trang=studying").content.decode()
    assert "Phạm Ngọc Lan" in studying and "Trần Thị Hòa" not in studying
    assert officer_client.get("/dao-tao/to-chuc/BV-BM/?nam=abc").status_code == 400
    assert officer_client.get("/dao-tao/to-chuc/BV-BM/?loai=phd").status_code == 400


def test_the_person_page_shows_the_courses_in_scope(client, tree, make_user):
    _course(tree.duc, tree.bach_mai)
    client.force_login(make_user(Role.UNION_OFFICER, tree.hanoi))
    page = client.get(f"/nguoi/{tree.duc.pk}/").content.decode()
    assert 'id="dao-tao"' in page and "Chuyên khoa cấp I" in page and "Trường Đại học Y Hà Nội" in page
    assert f"/dao-tao/to-chuc/BV-BM-TM/them/?nguoi={tree.duc.pk}" in page  # Đức works in the cardiology department
    client.force_login(make_user(Role.VIEWER, tree.hanoi))
    page = client.get(f"/nguoi/{tree.duc.pk}/").content.decode()
    assert "Chuyên khoa cấp I" in page and "/them/?nguoi=" not in page


def test_the_unit_page_shows_the_years_counts(officer_client, tree):
    from django.utils.timezone import localdate

    year = localdate().year
    _course(tree.duc, tree.cardio, start=date(year, 1, 2))
    page = officer_client.get("/to-chuc/BV-BM/").content.decode()
    assert f"Đào tạo, bồi dưỡng năm {year}" in page
    assert "<strong>1</strong> người được cử đi" in page
    assert "/dao-tao/to-chuc/BV-BM/" in page


def test_the_index_lists_the_courses_in_scope(client, tree, make_user):
    _course(tree.duc, tree.bach_mai)
    _course(tree.hoa2, tree.hue_central)
    client.force_login(make_user(Role.VIEWER, tree.bach_mai))
    page = client.get("/dao-tao/").content.decode()
    assert "Nguyễn Văn Đức" in page and "Lê Thị Hoà" not in page
    assert "/dao-tao/to-chuc/BV-BM/" in page
