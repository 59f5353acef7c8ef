"""The services of rounds, dossiers, proposals, attachments, the route up the tree and public comments:
every refusal writes nothing."""
from __future__ import annotations

from datetime import date, timedelta
import pytest

from thidua.core.errors import Forbidden, NotFound, UserError
from thidua.core.models import AuditEntry, Role
from thidua.core.permissions import SYSTEM
from thidua.nominations import selectors, services
from thidua.nominations.models import Deadline, Dossier, Proposal, PublicComment, Round, Step
from thidua.nominations.tests.conftest import BK_NATIONAL, CSTDCS, DUE, GIAY_KHEN, LDTT, ON, OPENED, YEAR, good_year


def _dossier(actor, round_, unit, award, on=ON):
    return services.dossier_create(actor=actor, round=round_, proposer=unit, award=award, on=on)


# --- Rounds ---------------------------------------------------------------------------------------


def test_a_round_is_opened_with_its_deadlines(tree, hanoi_officer):
    round_ = services.round_open(actor=hanoi_officer, organisation=tree.hanoi, kind="stage", title="Tổng kết 2020–2025", year=2025,
                                 on=OPENED, deadlines={"grassroots_public": DUE}, stage_from=2020, stage_to=2025)
    assert (round_.stage_from, round_.stage_to) == (2020, 2025)
    assert services.deadline_for(round_, "grassroots_public") == DUE
    assert AuditEntry.objects.filter(model="nominations.round", object_id=str(round_.pk)).exists()


@pytest.mark.parametrize("extra, message", [
    ({"kind": "stage", "stage_from": 2025, "stage_to": 2020}, "năm bắt đầu phải trước năm kết thúc"),
    ({"kind": "stage"}, "cần năm bắt đầu và năm kết thúc"),
    ({"kind": "theme"}, "cần ghi tên chuyên đề"),
    ({"kind": "bi_mat"}, "Loại đợt «bi_mat» không hợp lệ"),
    ({"deadlines": {}}, "Hãy đặt hạn nộp hồ sơ cho ít nhất một cấp"),
    ({"deadlines": {"grassroots_public": date(2024, 12, 1)}}, "sớm hơn ngày mở đợt"),
    ({"deadlines": {"hanh_tinh": DUE}}, "Cấp gửi hồ sơ «hanh_tinh» không hợp lệ"),
    ({"title": "  "}, "Hãy nhập tên đợt"),
])
def test_bad_rounds_are_refused_and_nothing_is_written(tree, hanoi_officer, extra, message):
    args = {"kind": "yearly", "title": "Đợt", "year": YEAR, "on": OPENED, "deadlines": {"grassroots_public": DUE}, **extra}
    with pytest.raises(UserError, match=message):
        services.round_open(actor=hanoi_officer, organisation=tree.hanoi, **args)
    assert not Round.objects.exists() and not Deadline.objects.exists()


def test_a_hospital_officer_cannot_open_a_round_of_the_sector_union(tree, bm_officer):
    with pytest.raises(NotFound):
        services.round_open(actor=bm_officer, organisation=tree.hanoi, kind="yearly", title="Đợt", year=YEAR, on=OPENED,
                            deadlines={"grassroots_public": DUE})
    assert not Round.objects.exists()


# --- Dossiers and proposals -----------------------------------------------------------------------


def test_a_dossier_is_created_as_a_draft_with_its_first_step(tree, hn_round, bm_officer):
    dossier = _dossier(bm_officer, hn_round, tree.bach_mai, LDTT)
    assert dossier.status == Dossier.Status.DRAFT and dossier.holder == tree.bach_mai
    assert list(dossier.steps.values_list("status", flat=True)) == ["draft"]
    assert selectors.dossier_get(actor=bm_officer, pk=dossier.pk) == dossier


def test_dossier_refusals(tree, hn_round, bm_officer, make_user):
    with pytest.raises(UserError, match="không thuộc Công đoàn ngành Y tế Hà Nội"):
        _dossier(SYSTEM, hn_round, tree.hue_central, LDTT)
    with pytest.raises(UserError, match=r"Đã quá hạn nộp hồ sơ \(31/01/2025\)"):
        _dossier(bm_officer, hn_round, tree.bach_mai, LDTT, on=DUE + timedelta(days=1))
    with pytest.raises(UserError, match="không có trong danh mục"):
        _dossier(bm_officer, hn_round, tree.bach_mai, "khong_co")
    with pytest.raises(NotFound):  # the pharmaceutical company is outside the hospital officer's scope
        _dossier(bm_officer, hn_round, tree.hanoi_pharma, LDTT)
    with pytest.raises(Forbidden):
        _dossier(make_user(Role.VIEWER, tree.bach_mai), hn_round, tree.bach_mai, LDTT)
    assert not Dossier.objects.exists()
    # The deadline of another kind of organisation does not apply: the sector union's own is later.
    assert _dossier(SYSTEM, hn_round, tree.hanoi, GIAY_KHEN, on=date(2025, 2, 20)).status == "draft"


def test_an_eligible_person_is_proposed_with_the_reasons_of_the_pre_check(tree, hn_round, bm_officer):
    good_year(tree.hoa)
    dossier = _dossier(bm_officer, hn_round, tree.bach_mai, LDTT)
    proposal = services.proposal_add(actor=bm_officer, dossier=dossier, person=tree.hoa, year=YEAR, achievement="Chăm sóc tốt",
                                     on=ON)
    assert proposal.verdict == "eligible" and proposal.override_reason == ""
    assert {"criterion", "met", "explanation", "citation"} <= set(proposal.reasons[0])
    assert any(r["criterion"] == "rating" and r["met"] is True for r in proposal.reasons)
    with pytest.raises(UserError, match="đã có trong hồ sơ"):
        services.proposal_add(actor=bm_officer, dossier=dossier, person=tree.hoa, year=YEAR, on=ON)


def test_a_person_outside_the_proposing_unit_is_refused(tree, hn_round):
    dossier = _dossier(SYSTEM, hn_round, tree.bach_mai, LDTT)
    with pytest.raises(UserError, match="«Phạm Ngọc Lan» không công tác tại «Công đoàn Bệnh viện Bạch Mai»"):
        services.proposal_add(actor=SYSTEM, dossier=dossier, person=tree.lan, year=YEAR, override_reason="x", on=ON)
    with pytest.raises(UserError, match="không phải «Công đoàn Bệnh viện Bạch Mai» hay đơn vị trực thuộc"):
        services.proposal_add(actor=SYSTEM, dossier=_dossier(SYSTEM, hn_round, tree.bach_mai, "tap_the_lao_dong_tien_tien"),
                              organisation=tree.hanoi_pharma, year=YEAR, override_reason="x", on=ON)
    assert not Proposal.objects.exists()


def test_the_wrong_kind_of_subject_and_bad_values_are_refused(tree, hn_round, bm_officer):
    dossier = _dossier(bm_officer, hn_round, tree.bach_mai, LDTT)
    cases = [
        ({"organisation": tree.cardio}, "dành cho cá nhân"),
        ({}, "Hãy chọn một cá nhân hoặc một tập thể"),
        ({"person": tree.hoa, "year": 2030}, "chưa đến"),
        ({"person": tree.hoa, "amount": -5}, "Tiền thưởng «-5» không hợp lệ"),
    ]
    for extra, message in cases:
        with pytest.raises(UserError, match=message):
            services.proposal_add(actor=bm_officer, dossier=dossier, on=ON, override_reason="x", **{"year": YEAR, **extra})
    assert not Proposal.objects.exists()


def test_an_ineligible_proposal_needs_a_written_reason(tree, hn_round, bm_officer):
    dossier = _dossier(bm_officer, hn_round, tree.bach_mai, LDTT)
    with pytest.raises(UserError, match="thiếu dữ liệu cho «Lao động tiên tiến» năm 2024.*ghi rõ lý do") as caught:
        services.proposal_add(actor=bm_officer, dossier=dossier, person=tree.duc, year=YEAR, on=ON)
    assert caught.value.field == "override_reason"
    assert not Proposal.objects.exists()
    proposal = services.proposal_add(actor=bm_officer, dossier=dossier, person=tree.duc, year=YEAR, on=ON,
                                     override_reason="Kết quả xếp loại đang chờ phê duyệt")
    assert proposal.verdict == "insufficient_data" and proposal.override_reason == "Kết quả xếp loại đang chờ phê duyệt"


def test_a_removed_proposal_stays_as_history_and_can_be_proposed_again(tree, hn_round, bm_officer):
    good_year(tree.hoa)
    dossier = _dossier(bm_officer, hn_round, tree.bach_mai, LDTT)
    proposal = services.proposal_add(actor=bm_officer, dossier=dossier, person=tree.hoa, year=YEAR, on=ON)
    services.proposal_remove(actor=bm_officer, proposal=proposal, reason="Nhầm")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN
    with pytest.raises(UserError, match="đã được rút"):
        services.proposal_remove(actor=bm_officer, proposal=proposal)
    again = services.proposal_add(actor=bm_officer, dossier=dossier, person=tree.hoa, year=YEAR, on=ON)
    assert again.pk == proposal.pk and again.status == Proposal.Status.PROPOSED


# --- Quotas ---------------------------------------------------------------------------------------


def test_over_quota_is_shown_and_blocks_the_submission(tree, hn_round, bm_officer):
    dossier = _dossier(bm_officer, hn_round, tree.bach_mai, CSTDCS)
    services.proposal_add(actor=bm_officer, dossier=dossier, person=tree.hoa, year=YEAR, on=ON, override_reason="Đề nghị đặc biệt")
    report = services.dossier_quota_check(dossier)
    assert [c.status for c in report.checks] == ["exceeded"]  # no Lao động tiên tiến in the unit: 15 % of 0
    with pytest.raises(UserError, match="Hồ sơ vượt hạn mức khen thưởng: Đơn vị BV-BM có 0 Lao động tiên tiến"):
        services.dossier_submit(actor=bm_officer, dossier=dossier, on=ON)
    dossier.refresh_from_db()
    assert dossier.status == "draft" and dossier.steps.count() == 1


def test_the_units_lao_dong_tien_tien_proposals_count_for_the_quota(tree, hn_round, bm_officer):
    ldtt = _dossier(bm_officer, hn_round, tree.bach_mai, LDTT)
    assert services.ldtt_count(ldtt) == 0
    services.proposal_add(actor=bm_officer, dossier=ldtt, person=tree.hoa, year=YEAR, on=ON, override_reason="x")
    services.proposal_add(actor=bm_officer, dossier=ldtt, person=tree.duc, year=YEAR, on=ON, override_reason="x")
    assert services.ldtt_count(ldtt) == 2


# --- The route ------------------------------------------------------------------------------------


def test_submitting_within_the_proposers_authority_keeps_it_home_accepted(tree, hn_round, bm_officer):
    good_year(tree.hoa)
    dossier = _dossier(bm_officer, hn_round, tree.bach_mai, LDTT)
    with pytest.raises(UserError, match="Hồ sơ chưa có đề nghị nào"):
        services.dossier_submit(actor=bm_officer, dossier=dossier, on=ON)
    services.proposal_add(actor=bm_officer, dossier=dossier, person=tree.hoa, year=YEAR, on=ON)
    dossier = services.dossier_submit(actor=bm_officer, dossier=dossier, on=ON)
    assert (dossier.status, dossier.holder, dossier.public_token) == ("accepted", tree.bach_mai, None)
    assert "Thuộc thẩm quyền của Công đoàn Bệnh viện Bạch Mai" in dossier.steps.last().reason
    with pytest.raises(UserError, match="chỉ sửa được hồ sơ đang lập hoặc bị trả lại"):
        services.proposal_add(actor=bm_officer, dossier=dossier, person=tree.duc, year=YEAR, on=ON, override_reason="x")
    with pytest.raises(UserError, match="không có nơi nào để trả lại"):
        services.dossier_return(actor=bm_officer, dossier=dossier, on=ON, reason="x")


def test_submit_accept_return_and_submit_again(tree, hn_round, bm_officer, hanoi_officer):
    good_year(tree.hoa)
    dossier = _dossier(bm_officer, hn_round, tree.bach_mai, GIAY_KHEN)
    services.proposal_add(actor=bm_officer, dossier=dossier, person=tree.hoa, year=YEAR, on=ON)
    dossier = services.dossier_submit(actor=bm_officer, dossier=dossier, on=ON, reason="Kính trình")
    assert (dossier.status, dossier.holder, dossier.submitted_on) == ("submitted", tree.hanoi, ON)
    # The hospital still sees it; only the sector union's officers handle it.
    assert selectors.dossier_get(actor=bm_officer, pk=dossier.pk) == dossier
    assert selectors.dossiers_to_handle(actor=hanoi_officer) == [dossier]
    assert selectors.dossiers_to_handle(actor=bm_officer) == []
    with pytest.raises(Forbidden, match="Chỉ cán bộ của Công đoàn ngành Y tế Hà Nội"):
        services.dossier_accept(actor=bm_officer, dossier=dossier, on=ON)
    with pytest.raises(Forbidden, match="Chỉ cán bộ của Công đoàn Bệnh viện Bạch Mai"):
        services.dossier_submit(actor=_sector_union_viewer(tree), dossier=dossier, on=ON)
    services.dossier_accept(actor=hanoi_officer, dossier=dossier, on=ON)
    with pytest.raises(UserError, match="không tiếp nhận được"):
        services.dossier_accept(actor=hanoi_officer, dossier=dossier, on=ON)
    with pytest.raises(UserError, match="Hãy ghi lý do trả lại"):
        services.dossier_return(actor=hanoi_officer, dossier=dossier, on=ON, reason=" ")
    dossier.refresh_from_db()
    assert dossier.status == "accepted"
    dossier = services.dossier_return(actor=hanoi_officer, dossier=dossier, on=ON, reason="Thiếu báo cáo thành tích")
    assert (dossier.status, dossier.holder) == ("returned", tree.bach_mai)
    services.proposal_add(actor=bm_officer, dossier=dossier, person=tree.duc, year=YEAR, on=ON, override_reason="Bổ sung")
    services.dossier_submit(actor=bm_officer, dossier=dossier, on=ON)
    steps = list(Step.objects.filter(dossier=dossier).values_list("status", "at_organisation__code", "reason"))
    assert [s[0] for s in steps] == ["draft", "submitted", "accepted", "returned", "submitted"]
    assert steps[3] == ("returned", "CDN-HN", "Thiếu báo cáo thành tích")
    assert AuditEntry.objects.filter(model="nominations.step").count() == 5


def _sector_union_viewer(tree):
    """A user who sees the dossier (a viewer of the sector union) but may not manage it."""
    from thidua.core.services import user_create_with_role

    return user_create_with_role(actor=SYSTEM, username="xem-cdn-hn", password="Mat-khau-thu-2026", role=Role.VIEWER,
                                 organisation=tree.hanoi, validate=False)


def test_a_dossier_outside_the_scope_is_not_found_for_its_transitions(tree, hn_round, make_user):
    good_year(tree.hoa)
    dossier = _dossier(SYSTEM, hn_round, tree.bach_mai, GIAY_KHEN)
    services.proposal_add(actor=SYSTEM, dossier=dossier, person=tree.hoa, year=YEAR, on=ON)
    hue = make_user(Role.UNION_OFFICER, tree.hue)
    with pytest.raises(NotFound):
        services.dossier_submit(actor=hue, dossier=dossier, on=ON)
    services.dossier_submit(actor=SYSTEM, dossier=dossier, on=ON)
    for function, extra in ((services.dossier_accept, {}), (services.dossier_return, {"reason": "x"}), (services.dossier_forward, {})):
        with pytest.raises(NotFound):
            function(actor=hue, dossier=dossier, on=ON, **extra)
    with pytest.raises(NotFound):
        selectors.dossier_get(actor=hue, pk=dossier.pk)


def test_forwarding_carries_the_passed_proposals_upward(tree, hn_round, bm_officer, hanoi_officer):
    good_year(tree.hoa)
    dossier = _dossier(bm_officer, hn_round, tree.bach_mai, BK_NATIONAL)
    hoa = services.proposal_add(actor=bm_officer, dossier=dossier, person=tree.hoa, year=YEAR, on=ON, override_reason="Xuất sắc")
    duc = services.proposal_add(actor=bm_officer, dossier=dossier, person=tree.duc, year=YEAR, on=ON, override_reason="Xuất sắc")
    dossier = services.dossier_submit(actor=bm_officer, dossier=dossier, on=ON)
    assert dossier.holder == tree.hanoi  # the sector union's council votes before the national union is asked
    with pytest.raises(UserError, match="Chưa có đề nghị nào được Hội đồng"):
        services.dossier_forward(actor=hanoi_officer, dossier=dossier, on=ON)
    with pytest.raises(Forbidden):
        services.dossier_forward(actor=bm_officer, dossier=dossier, on=ON)
    Proposal.objects.filter(pk=hoa.pk).update(status=Proposal.Status.PASSED)  # the council's vote (councils app)
    Proposal.objects.filter(pk=duc.pk).update(status=Proposal.Status.FAILED)
    upward = services.dossier_forward(actor=hanoi_officer, dossier=dossier, on=ON, reason="Trình Công đoàn Y tế Việt Nam")
    dossier.refresh_from_db()
    assert dossier.status == "forwarded"
    assert (upward.proposer, upward.holder, upward.forwarded_from, upward.status) == (tree.hanoi, tree.national, dossier, "submitted")
    carried = upward.proposals.get()
    assert (carried.person, carried.source, carried.verdict, carried.override_reason) == (tree.hoa, hoa, hoa.verdict, hoa.override_reason)
    assert upward.steps.get().status == "submitted"
    with pytest.raises(UserError, match="không trình tiếp được"):
        services.dossier_forward(actor=hanoi_officer, dossier=dossier, on=ON)


def test_the_authority_cannot_forward_and_the_top_cannot_either(tree, hn_round, hanoi_officer):
    good_year(tree.hoa)
    gk = _dossier(SYSTEM, hn_round, tree.bach_mai, GIAY_KHEN)
    services.proposal_add(actor=SYSTEM, dossier=gk, person=tree.hoa, year=YEAR, on=ON)
    gk = services.dossier_submit(actor=SYSTEM, dossier=gk, on=ON)
    with pytest.raises(UserError, match="có thẩm quyền tặng «Giấy khen»: hãy xét và quyết định tại đây"):
        services.dossier_forward(actor=hanoi_officer, dossier=gk, on=ON)
    national_round = services.round_open(actor=SYSTEM, organisation=tree.national, kind="yearly", title="Đợt toàn ngành", year=YEAR,
                                         on=OPENED, deadlines={"national_sector_union": DUE})
    state = _dossier(SYSTEM, national_round, tree.national, "thay_thuoc_uu_tu")
    services.proposal_add(actor=SYSTEM, dossier=state, person=tree.hoa, year=YEAR, on=ON, override_reason="Cống hiến lâu năm")
    state = services.dossier_submit(actor=SYSTEM, dossier=state, on=ON)
    assert (state.status, state.holder) == ("accepted", tree.national)
    with pytest.raises(UserError, match="là cấp cao nhất trong hệ thống"):
        services.dossier_forward(actor=SYSTEM, dossier=state, on=ON)


def test_a_high_level_dossier_opens_a_public_comment_window(tree, hn_round, bm_officer):
    dossier = _dossier(bm_officer, hn_round, tree.bach_mai, "bang_khen_thu_tuong")
    services.proposal_add(actor=bm_officer, dossier=dossier, person=tree.hoa, year=YEAR, on=ON, override_reason="Thành tích đặc biệt")
    dossier = services.dossier_submit(actor=bm_officer, dossier=dossier, on=ON)
    assert dossier.comment_until == ON + timedelta(days=services.COMMENT_DAYS) and len(dossier.public_token) >= 20
    assert "quy trình khen thưởng Nhà nước" in dossier.steps.last().reason
    assert selectors.dossier_by_token(dossier.public_token) == dossier
    comment = services.public_comment_add(dossier=dossier, name="Nguyễn Văn An", contact="0912345678", text="Đồng ý", on=ON)
    assert comment.dossier == dossier
    assert AuditEntry.objects.filter(model="nominations.publiccomment", actor_name="người góp ý công khai").exists()
    for kwargs, message in (({"name": ""}, "Hãy ghi họ và tên"), ({"text": " "}, "Hãy ghi nội dung góp ý"),
                            ({"text": "x" * 4001}, "dài quá 4000 ký tự"),
                            ({"on": dossier.comment_until + timedelta(days=1)}, "Đã hết thời hạn lấy ý kiến")):
        with pytest.raises(UserError, match=message):
            services.public_comment_add(dossier=dossier, **{"name": "A", "contact": "", "text": "B", "on": ON, **kwargs})
    assert PublicComment.objects.count() == 1
    with pytest.raises(NotFound, match="Mã công khai không tồn tại"):
        selectors.dossier_by_token("khong-co-ma-nay-dau-nhe")


def test_attachments_are_checked_and_stored(tree, hn_round, bm_officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    dossier = _dossier(bm_officer, hn_round, tree.bach_mai, LDTT)
    with pytest.raises(UserError, match="không được nhận"):
        services.dossier_attach(actor=bm_officer, dossier=dossier, kind="report", uploaded_file=SimpleUploadedFile("a.exe", b"MZ\x90\x00"))
    with pytest.raises(UserError, match="không đúng định dạng .pdf"):
        services.dossier_attach(actor=bm_officer, dossier=dossier, kind="report", uploaded_file=SimpleUploadedFile("a.pdf", b"hello"))
    with pytest.raises(UserError, match="Loại tệp «anh» không hợp lệ"):
        services.dossier_attach(actor=bm_officer, dossier=dossier, kind="anh", uploaded_file=SimpleUploadedFile("a.pdf", b"%PDF-1.4"))
    with pytest.raises(UserError, match="Hãy chọn một tệp"):
        services.dossier_attach(actor=bm_officer, dossier=dossier, kind="minutes", uploaded_file=None)
    dossier.refresh_from_db()
    assert dossier.achievement_report is None
    services.dossier_attach(actor=bm_officer, dossier=dossier, kind="minutes", uploaded_file=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 x"))
    dossier.refresh_from_db()
    assert bytes(dossier.minutes_file) == b"%PDF-1.4 x" and dossier.minutes_file_name == "bien-ban.pdf"


def test_person_and_org_selectors(tree, hn_round, bm_officer, make_user):
    good_year(tree.hoa)
    dossier = _dossier(bm_officer, hn_round, tree.bach_mai, GIAY_KHEN)
    services.proposal_add(actor=bm_officer, dossier=dossier, person=tree.hoa, year=YEAR, on=ON)
    services.proposal_add(actor=bm_officer, dossier=dossier, organisation=tree.cardio, year=YEAR, on=ON, override_reason="x")
    assert [p.person for p in selectors.proposals_of_person(actor=bm_officer, person=tree.hoa)] == [tree.hoa]
    assert [p.organisation for p in selectors.proposals_of_org(actor=bm_officer, organisation=tree.cardio)] == [tree.cardio]
    assert selectors.proposals_of_person(actor=make_user(Role.VIEWER, tree.hue), person=tree.hoa) == []
    assert list(selectors.round_list(actor=bm_officer)) == [hn_round]
    assert list(selectors.round_list(actor=make_user(Role.VIEWER, tree.hue))) == []
