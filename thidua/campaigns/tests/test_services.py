"""Services of movements: launching, campaigns, responses, models and contests, with every bad input refused."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from thidua.campaigns.models import (
    Contest,
    ContestEntry,
    ContestScore,
    Movement,
    MovementDocument,
    MovementModel,
    MovementResponse,
    PeakCampaign,
    ResultReport,
    TargetMode,
)
from thidua.campaigns.selectors import contest_results
from thidua.campaigns.services import (
    campaign_add,
    contest_add,
    contest_entry_add,
    contest_judge_add,
    contest_score,
    model_recognise,
    model_register,
    movement_launch,
    movement_update,
    parse_figures,
    response_submit,
    result_report,
)
from thidua.campaigns.tests.conftest import LAUNCHED, PDF, PNG, pdf
from thidua.core.errors import Forbidden, NotFound, UserError
from thidua.core.models import AuditEntry

ON = date(2025, 2, 1)


def _launch(actor, org, **extra):
    values = {"name": "Giỏi việc nước – Đảm việc nhà", "start": date(2025, 3, 1), "end": date(2025, 10, 31), "launched_on": LAUNCHED}
    values.update(extra)
    return movement_launch(actor=actor, organisation=org, **values)


# --- Launching ---------------------------------------------------------------------------------------


def test_a_joint_movement_is_launched_with_partners_criteria_documents_and_an_audit_row(tree, hanoi_emulation, partner):
    movement = _launch(
        hanoi_emulation, tree.hanoi, partners=[partner], co_issuers="Hội Điều dưỡng Hà Nội",
        criteria=["  Hoàn thành tốt nhiệm vụ ", "", "Không vi phạm quy tắc ứng xử"], documents=[pdf()],
        target_mode=TargetMode.CHOSEN, targets=[tree.bach_mai],
    )
    assert list(movement.partners.all()) == [partner]
    assert movement.co_issuers == "Hội Điều dưỡng Hà Nội"
    assert movement.criteria == ["Hoàn thành tốt nhiệm vụ", "Không vi phạm quy tắc ứng xử"]
    assert list(movement.targets.all()) == [tree.bach_mai]
    document = movement.documents.get()
    assert (document.name, document.content_type, document.size) == ("ke-hoach.pdf", "application/pdf", len(PDF))
    assert bytes(document.data) == PDF
    entry = AuditEntry.objects.get(model="campaigns.movement", object_id=str(movement.pk))
    assert entry.action == AuditEntry.Action.CREATE and entry.org_path == tree.hanoi.path
    assert entry.after["partners"] == [partner.pk] and entry.after["targets"] == [tree.bach_mai.pk]
    document_entry = AuditEntry.objects.get(model="campaigns.movementdocument")
    assert document_entry.after["name"] == "ke-hoach.pdf" and "data" not in document_entry.after


@pytest.mark.parametrize("extra, field, words", [
    ({"end": date(2025, 2, 1)}, "end", "sớm hơn ngày bắt đầu"),
    ({"name": "   "}, "name", "Hãy nhập tên phong trào"),
    ({"start": None}, "start", "ngày bắt đầu"),
    ({"target_mode": TargetMode.CHOSEN, "targets": []}, "targets", "ít nhất một đơn vị"),
    ({"target_mode": "everyone"}, "target_mode", "không hợp lệ"),
])
def test_bad_launch_input_is_refused_in_vietnamese_and_nothing_is_written(tree, hanoi_emulation, extra, field, words):
    with pytest.raises(UserError) as error:
        _launch(hanoi_emulation, tree.hanoi, **extra)
    assert error.value.field == field and words in error.value.message
    assert not Movement.objects.exists() and not AuditEntry.objects.filter(model__startswith="campaigns").exists()


def test_chosen_units_must_lie_inside_the_launcher(tree, bm_officer, hanoi_emulation):
    with pytest.raises(UserError) as error:
        _launch(hanoi_emulation, tree.bach_mai, target_mode=TargetMode.CHOSEN, targets=[tree.hanoi_pharma])
    assert "không trực thuộc" in error.value.message
    with pytest.raises(UserError):
        _launch(hanoi_emulation, tree.hanoi, target_mode=TargetMode.CHOSEN, targets=[tree.hanoi])
    assert not Movement.objects.exists()


def test_a_partner_must_be_a_partner_body(tree, hanoi_emulation):
    with pytest.raises(UserError) as error:
        _launch(hanoi_emulation, tree.hanoi, partners=[tree.bach_mai])
    assert error.value.field == "partners" and "không phải cơ quan phối hợp" in error.value.message


@pytest.mark.parametrize("upload, words", [
    (SimpleUploadedFile("ds.xlsx", b"PK\x03\x04rest"), "chỉ nhận văn bản PDF"),
    (SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf"), "không đúng định dạng"),
    (SimpleUploadedFile("anh.png", PNG + b"\x00" * 2048), "quá lớn"),
])
@override_settings(THIDUA_CAMPAIGN_FILE_MAX_BYTES=1024)
def test_documents_other_than_pdf_docx_or_images_or_too_large_are_refused(tree, hanoi_emulation, upload, words):
    with pytest.raises(UserError) as error:
        _launch(hanoi_emulation, tree.hanoi, documents=[upload])
    assert words in error.value.message and error.value.field == "documents"
    assert not Movement.objects.exists() and not MovementDocument.objects.exists()


def test_a_refused_launch_leaves_no_file_anywhere(tree, hanoi_emulation, settings):
    """The bytes travel with the rows: a launch refused after its first good document leaves nothing behind."""
    with pytest.raises(UserError):
        _launch(hanoi_emulation, tree.hanoi, documents=[pdf(), SimpleUploadedFile("virus.pdf", b"MZ\x90\x00")])
    assert not Movement.objects.exists() and not MovementDocument.objects.exists()
    assert not (settings.THIDUA_UPLOAD_DIR / "phong-trao").exists()


def test_launching_needs_the_right_on_the_launcher(tree, viewer, hue_officer, bm_officer):
    with pytest.raises(Forbidden):
        _launch(viewer, tree.hanoi)
    with pytest.raises(NotFound):
        _launch(hue_officer, tree.hanoi)
    with pytest.raises(NotFound):
        _launch(bm_officer, tree.hanoi)  # above the officer's unit: not even visible
    assert not Movement.objects.exists()


def test_update_changes_fields_and_keeps_campaigns_inside_the_period(tree, hanoi_emulation, movement):
    campaign_add(actor=hanoi_emulation, movement=movement, name="Cao điểm Tết", start=date(2025, 1, 15), end=date(2025, 2, 10))
    with pytest.raises(UserError) as error:
        movement_update(actor=hanoi_emulation, movement=movement, start=date(2025, 2, 1))
    assert "Cao điểm Tết" in error.value.message
    movement.refresh_from_db()
    assert movement.start == date(2025, 1, 1)
    movement_update(actor=hanoi_emulation, movement=movement, name="Tên mới", reason="Sửa tên")
    movement.refresh_from_db()
    assert movement.name == "Tên mới"
    entry = AuditEntry.objects.filter(model="campaigns.movement", action=AuditEntry.Action.UPDATE).get()
    assert entry.reason == "Sửa tên" and entry.after["name"] == "Tên mới"


# --- Peak campaigns -------------------------------------------------------------------------------------


def test_a_peak_campaign_must_lie_inside_the_movement(tree, hanoi_emulation, movement):
    campaign = campaign_add(actor=hanoi_emulation, movement=movement, name="Đợt cao điểm chào mừng 27/2",
                            start=date(2025, 2, 1), end=date(2025, 2, 27))
    assert campaign.movement == movement
    with pytest.raises(UserError) as error:
        campaign_add(actor=hanoi_emulation, movement=movement, name="Tràn sang năm sau", start=date(2025, 12, 1), end=date(2026, 1, 15))
    assert "phải nằm trong thời gian của phong trào" in error.value.message and error.value.field == "end"
    with pytest.raises(UserError):
        campaign_add(actor=hanoi_emulation, movement=movement, name="Ngược", start=date(2025, 5, 1), end=date(2025, 4, 1))
    assert PeakCampaign.objects.count() == 1


def test_a_unit_cannot_add_campaigns_to_a_movement_launched_above_it(tree, bm_officer, movement):
    with pytest.raises(NotFound):
        campaign_add(actor=bm_officer, movement=movement, name="X", start=date(2025, 2, 1), end=date(2025, 2, 2))


# --- Responses ---------------------------------------------------------------------------------------


def test_a_targeted_unit_responds_once_and_reports_results(tree, bm_officer, movement):
    response = response_submit(actor=bm_officer, movement=movement, organisation=tree.bach_mai, plan="Kế hoạch số 12/KH-CĐ",
                               on=ON, plan_file=pdf())
    plan = response.plan_file
    assert (plan.name, plan.content_type, plan.size, bytes(plan.data)) == ("ke-hoach.pdf", "application/pdf", len(PDF), PDF)
    assert "data" not in AuditEntry.objects.get(model="campaigns.responseplanfile", object_id=str(plan.pk)).after
    with pytest.raises(UserError) as error:
        response_submit(actor=bm_officer, movement=movement, organisation=tree.bach_mai, plan="Lần nữa", on=ON)
    assert "đã hưởng ứng" in error.value.message
    report = result_report(actor=bm_officer, response=response, period="6 tháng đầu năm 2025", text="Đã triển khai ở 40 khoa",
                           on=date(2025, 7, 1), figures=parse_figures("Số khoa tham gia: 40\nSố đoàn viên tham gia: 1.250"))
    assert report.figures == [{"label": "Số khoa tham gia", "value": 40}, {"label": "Số đoàn viên tham gia", "value": 1250}]
    assert AuditEntry.objects.filter(model="campaigns.resultreport", org_path=tree.bach_mai.path).count() == 1


def test_a_department_below_a_grassroots_union_is_targeted_by_a_subtree_movement(tree, movement, make_user):
    from thidua.core.models import Role

    officer = make_user(Role.UNION_OFFICER, tree.cardio)
    response = response_submit(actor=officer, movement=movement, organisation=tree.cardio, plan="Kế hoạch của khoa", on=ON)
    assert response.organisation == tree.cardio


def test_only_targeted_units_may_respond(tree, hanoi_emulation, bm_officer, pharma_officer):
    chosen = _launch(hanoi_emulation, tree.hanoi, target_mode=TargetMode.CHOSEN, targets=[tree.hanoi_pharma])
    with pytest.raises(UserError) as error:
        response_submit(actor=bm_officer, movement=chosen, organisation=tree.bach_mai, plan="Kế hoạch", on=ON)
    assert "không đề nghị" in error.value.message and error.value.field == "organisation"
    # The launcher itself does not respond to its own movement.
    with pytest.raises(UserError):
        response_submit(actor=hanoi_emulation, movement=chosen, organisation=tree.hanoi, plan="Kế hoạch", on=ON)
    assert response_submit(actor=pharma_officer, movement=chosen, organisation=tree.hanoi_pharma, plan="Kế hoạch", on=ON)
    assert MovementResponse.objects.count() == 1


def test_responding_needs_the_right_on_the_responding_unit(tree, bm_officer, viewer, movement):
    with pytest.raises(NotFound):
        response_submit(actor=bm_officer, movement=movement, organisation=tree.hanoi_pharma, plan="Kế hoạch", on=ON)
    with pytest.raises(Forbidden):
        response_submit(actor=viewer, movement=movement, organisation=tree.bach_mai, plan="Kế hoạch", on=ON)
    assert not MovementResponse.objects.exists()


@pytest.mark.parametrize("text", ["Số khoa 40", ": 40"])
def test_figures_need_a_label_and_a_number(text):
    with pytest.raises(UserError) as error:
        parse_figures(text)
    assert "tên chỉ tiêu: số" in error.value.message


def test_a_figure_that_is_not_a_whole_number_is_refused(tree, bm_officer, movement):
    response = response_submit(actor=bm_officer, movement=movement, organisation=tree.bach_mai, plan="Kế hoạch", on=ON)
    with pytest.raises(UserError) as error:
        result_report(actor=bm_officer, response=response, period="Quý I", text="Đã làm", on=ON,
                      figures=parse_figures("Số khoa: bốn mươi"))
    assert "số nguyên không âm" in error.value.message
    assert not ResultReport.objects.exists()


# --- Models ------------------------------------------------------------------------------------------


def test_a_unit_registers_a_model_with_its_people_and_the_launcher_recognises_it(tree, bm_officer, hanoi_emulation, movement):
    model = model_register(actor=bm_officer, movement=movement, organisation=tree.bach_mai, name="Dân vận khéo: cười chào người bệnh",
                           description="Điều dưỡng đón tiếp người bệnh", people=[tree.hoa, tree.duc], on=ON)
    assert set(model.people.all()) == {tree.hoa, tree.duc}
    with pytest.raises(NotFound):
        model_recognise(actor=bm_officer, model=model, recognition="Mô hình Dân vận khéo cấp ngành", on=date(2025, 11, 1))
    model_recognise(actor=hanoi_emulation, model=model, recognition="Mô hình Dân vận khéo cấp ngành", on=date(2025, 11, 1))
    model.refresh_from_db()
    assert model.recognition == "Mô hình Dân vận khéo cấp ngành" and model.recognised_on == date(2025, 11, 1)


def test_a_model_lists_only_people_of_its_unit(tree, bm_officer, movement):
    with pytest.raises(UserError) as error:
        model_register(actor=bm_officer, movement=movement, organisation=tree.bach_mai, name="Mô hình", people=[tree.lan], on=ON)
    assert "Phạm Ngọc Lan" in error.value.message
    assert not MovementModel.objects.exists()


# --- Contests ------------------------------------------------------------------------------------------


@pytest.fixture
def contest(tree, hanoi_emulation, movement):
    return contest_add(actor=hanoi_emulation, movement=movement, name="Hội thi ảnh «Nụ cười thầy thuốc»", score_min=0,
                       score_max=10, judges=[tree.duc, tree.lan])


def test_scores_outside_the_range_are_refused_and_nothing_is_written(tree, bm_officer, hanoi_emulation, contest):
    entry = contest_entry_add(actor=bm_officer, contest=contest, organisation=tree.bach_mai, title="Ảnh 1", person=tree.hoa, on=ON)
    for bad in ("10,5", "-1", "abc", "8,555"):
        with pytest.raises(UserError) as error:
            contest_score(actor=hanoi_emulation, entry=entry, judge=tree.duc, score=bad)
        assert error.value.field == "score"
    assert not ContestScore.objects.exists()
    assert "nằm ngoài thang điểm" in _message(lambda: contest_score(actor=hanoi_emulation, entry=entry, judge=tree.duc, score=11))


def _message(call) -> str:
    with pytest.raises(UserError) as error:
        call()
    return error.value.message


def test_a_judge_cannot_score_their_own_entry_and_a_non_judge_cannot_score(tree, bm_officer, hanoi_emulation, contest):
    own = contest_entry_add(actor=bm_officer, contest=contest, organisation=tree.bach_mai, title="Ảnh của Đức", person=tree.duc, on=ON)
    assert "chính mình" in _message(lambda: contest_score(actor=hanoi_emulation, entry=own, judge=tree.duc, score=9))
    assert "không phải giám khảo" in _message(lambda: contest_score(actor=hanoi_emulation, entry=own, judge=tree.hoa, score=9))
    assert not ContestScore.objects.exists()


def test_only_the_organisers_record_scores(tree, bm_officer, contest):
    entry = contest_entry_add(actor=bm_officer, contest=contest, organisation=tree.bach_mai, title="Ảnh", on=ON)
    with pytest.raises(NotFound):
        contest_score(actor=bm_officer, entry=entry, judge=tree.duc, score=9)


def test_contest_range_must_be_a_range(tree, hanoi_emulation, movement):
    assert "phải lớn hơn" in _message(lambda: contest_add(actor=hanoi_emulation, movement=movement, name="Hội thi", score_min=10, score_max=5))
    assert not Contest.objects.exists()


def test_results_rank_by_average_and_explain_ties(tree, bm_officer, pharma_officer, hanoi_emulation, contest):
    a = contest_entry_add(actor=bm_officer, contest=contest, organisation=tree.bach_mai, title="Ảnh A", person=tree.hoa, on=ON)
    b = contest_entry_add(actor=pharma_officer, contest=contest, organisation=tree.hanoi_pharma, title="Ảnh B", on=ON)
    c = contest_entry_add(actor=bm_officer, contest=contest, organisation=tree.bach_mai, title="Ảnh C", on=ON)
    d = contest_entry_add(actor=bm_officer, contest=contest, organisation=tree.bach_mai, title="Ảnh D", on=ON)
    for entry, duc, lan in ((a, "8", "9"), (b, "9,5", "7,5"), (c, "9", "9,5")):
        contest_score(actor=hanoi_emulation, entry=entry, judge=tree.duc, score=duc)
        contest_score(actor=hanoi_emulation, entry=entry, judge=tree.lan, score=lan)
    contest_score(actor=hanoi_emulation, entry=a, judge=tree.duc, score="8")  # scoring again replaces
    results = contest_results(contest=contest)
    assert [(r.entry.title, r.rank, r.average) for r in results] == [
        ("Ảnh C", 1, Decimal("9.25")), ("Ảnh A", 2, Decimal("8.50")), ("Ảnh B", 2, Decimal("8.50")), ("Ảnh D", None, None),
    ]
    assert results[1].note == "Đồng hạng 2 với «Ảnh B»: cùng điểm trung bình 8,50."
    assert results[3].note == "Chưa có giám khảo nào chấm."
    assert ContestScore.objects.count() == 6
    assert AuditEntry.objects.filter(model="campaigns.contestscore", action=AuditEntry.Action.UPDATE).count() == 0  # same value


def test_an_entry_waiting_for_a_judge_says_so(tree, bm_officer, hanoi_emulation, contest):
    entry = contest_entry_add(actor=bm_officer, contest=contest, organisation=tree.bach_mai, title="Ảnh", on=ON)
    contest_score(actor=hanoi_emulation, entry=entry, judge=tree.duc, score="7")
    (row,) = contest_results(contest=contest)
    assert row.rank == 1 and "Còn 1 giám khảo chưa chấm" in row.note


def test_entries_come_from_targeted_units_and_their_people(tree, bm_officer, contest):
    assert "không công tác" in _message(lambda: contest_entry_add(actor=bm_officer, contest=contest, organisation=tree.bach_mai,
                                                                    title="Ảnh", person=tree.lan, on=ON))
    assert not ContestEntry.objects.exists()


def test_a_judge_is_added_once(tree, hanoi_emulation, contest):
    contest_judge_add(actor=hanoi_emulation, contest=contest, person=tree.hoa)
    assert set(contest.judges.all()) == {tree.duc, tree.lan, tree.hoa}
    assert "đã là giám khảo" in _message(lambda: contest_judge_add(actor=hanoi_emulation, contest=contest, person=tree.hoa))
