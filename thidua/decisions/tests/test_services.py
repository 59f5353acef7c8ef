"""Drafting, issuing, recording decisions of higher levels, revoking and correcting; an issued decision never changes."""
from __future__ import annotations

import re
from datetime import date

import pytest

from thidua.commendations.models import AwardRecord
from thidua.commendations.selectors import eligibility_for_person
from thidua.core.errors import Forbidden, NotFound, UserError
from thidua.core.models import AuditEntry, Role
from thidua.core.permissions import SYSTEM
from thidua.decisions.models import Decision, DecisionItem, DocumentSettings
from thidua.decisions.services import (
    Correction,
    ItemInput,
    decision_correct,
    decision_draft,
    decision_draft_update,
    decision_issue,
    decision_item_add,
    decision_item_remove,
    decision_record_received,
    decision_revoke,
    document_settings_save,
    normalise_verification_code,
)
from thidua.decisions.tests.conftest import BK_CDN, CSTDCS, DRAFTED, GK, ISSUED, LDTT, hanoi_draft, issue, make_dossier
from thidua.nominations.models import Dossier, Proposal, Step

CODE = re.compile(r"^[A-HJKMNP-Z2-9]{4}(-[A-HJKMNP-Z2-9]{4}){3}$")


# --- drafting --------------------------------------------------------------------------------------


def test_a_draft_from_a_dossier_takes_only_the_proposals_the_council_passed(tree, hanoi_officer):
    dossier = make_dossier(tree, people=[tree.hoa], collectives=[tree.cardio])
    Proposal.objects.create(dossier=dossier, person=tree.duc, award=GK, year=2025, status=Proposal.Status.FAILED)
    draft = decision_draft(actor=hanoi_officer, issuer=tree.hanoi, award=GK, subject="", on=DRAFTED, dossiers=[dossier])
    items = list(draft.items.order_by("id"))
    assert [(i.person, i.organisation) for i in items] == [(tree.hoa, None), (None, tree.cardio)]
    assert items[0].position_unit == "Công đoàn Bệnh viện Bạch Mai" and items[1].position_unit == "Công đoàn Bệnh viện Bạch Mai"
    assert items[0].amount == 300_000 and items[0].proposal.dossier == dossier and items[0].year == 2025
    assert draft.subject == "Về việc tặng Giấy khen" and draft.status == Decision.Status.DRAFT and draft.number is None
    assert draft.grounds.splitlines()[0] == "Căn cứ Điều lệ Công đoàn Việt Nam"
    assert "Biên bản họp Hội đồng Thi đua – Khen thưởng Công đoàn ngành Y tế Hà Nội" in draft.grounds
    assert draft.round == dossier.round
    assert AuditEntry.objects.filter(model="decisions.decisionitem").count() == 2


def test_an_organisation_cannot_confer_what_its_kind_may_not_and_nothing_is_written(tree, bm_officer):
    with pytest.raises(UserError, match="«Công đoàn Bệnh viện Bạch Mai» không có thẩm quyền tặng «Bằng khen của Ban Chấp hành "
                                        "Công đoàn ngành Trung ương»") as refused:
        decision_draft(actor=bm_officer, issuer=tree.bach_mai, award=BK_CDN, subject="", on=DRAFTED,
                       items=[ItemInput(person=tree.hoa)])
    assert refused.value.field == "award"
    assert not Decision.objects.exists() and not AuditEntry.objects.filter(model__startswith="decisions.").exists()


@pytest.mark.parametrize("award, message", [
    ("khong_co", "không có trong danh mục"),
    (LDTT, "«Công đoàn ngành Y tế Hà Nội» không có thẩm quyền tặng «Lao động tiên tiến»"),
])
def test_unknown_awards_and_awards_above_the_issuer_are_refused(tree, award, message):
    with pytest.raises(UserError, match=message):
        decision_draft(actor=SYSTEM, issuer=tree.hanoi, award=award, subject="", on=DRAFTED)
    assert not Decision.objects.exists()


def test_a_viewer_cannot_draft_and_an_outsider_does_not_see_the_issuer(tree, make_user):
    with pytest.raises(Forbidden):
        decision_draft(actor=make_user(Role.VIEWER, tree.hanoi), issuer=tree.hanoi, award=GK, subject="", on=DRAFTED)
    with pytest.raises(NotFound):
        decision_draft(actor=make_user(Role.UNION_OFFICER, tree.hue), issuer=tree.hanoi, award=GK, subject="", on=DRAFTED)
    assert not Decision.objects.exists()


def test_people_and_collectives_outside_the_issuers_subtree_are_refused(tree):
    with pytest.raises(UserError, match="«Lê Thị Hoà» không công tác, sinh hoạt công đoàn ở «Công đoàn ngành Y tế Hà Nội»"):
        hanoi_draft(tree, people=[tree.hoa, tree.hoa2])
    with pytest.raises(UserError, match="«Công đoàn Bệnh viện Trung ương Huế» không phải «Công đoàn ngành Y tế Hà Nội»"):
        hanoi_draft(tree, people=[], collectives=[tree.hue_central])
    with pytest.raises(UserError, match="có hai lần trong danh sách"):
        hanoi_draft(tree, people=[tree.hoa, tree.hoa])
    with pytest.raises(UserError, match="«Lao động tiên tiến» dành cho cá nhân, không tặng cho tập thể"):
        decision_draft(actor=SYSTEM, issuer=tree.bach_mai, award=LDTT, subject="", on=DRAFTED,
                       items=[ItemInput(organisation=tree.cardio)])
    assert not Decision.objects.exists()


def test_a_dossier_held_elsewhere_or_without_passed_proposals_is_refused(tree):
    held_by_hue = make_dossier(tree, holder=tree.hue, proposer=tree.hue_central, people=[tree.hoa2])
    with pytest.raises(UserError, match="đang ở «Công đoàn ngành Y tế Huế», không phải của «Công đoàn ngành Y tế Hà Nội»"):
        decision_draft(actor=SYSTEM, issuer=tree.hanoi, award=GK, subject="", on=DRAFTED, dossiers=[held_by_hue])
    unvoted = make_dossier(tree, people=[tree.hoa], status=Proposal.Status.PROPOSED)
    with pytest.raises(UserError, match="chưa có đề nghị «Giấy khen» nào được Hội đồng thông qua"):
        decision_draft(actor=SYSTEM, issuer=tree.hanoi, award=GK, subject="", on=DRAFTED, dossiers=[unvoted])
    passed = make_dossier(tree, people=[tree.hoa])
    decision_draft(actor=SYSTEM, issuer=tree.hanoi, award=GK, subject="", on=DRAFTED, dossiers=[passed])
    with pytest.raises(UserError, match="«Trần Thị Hòa» của hồ sơ .* đã có trong Dự thảo quyết định"):
        decision_draft(actor=SYSTEM, issuer=tree.hanoi, award=GK, subject="", on=DRAFTED, dossiers=[passed])
    assert Decision.objects.count() == 1


def test_items_are_added_to_and_removed_from_a_draft(tree, hanoi_officer):
    draft = hanoi_draft(tree, people=[tree.hoa])
    added = decision_item_add(actor=hanoi_officer, decision=draft, item=ItemInput(organisation=tree.bach_mai, year=2025,
                                                                                  amount=1_000_000), on=DRAFTED)
    assert added.position_unit == "Công đoàn ngành Y tế Hà Nội" and added.amount == 1_000_000
    with pytest.raises(UserError, match="«Trần Thị Hòa» đã có trong danh sách"):
        decision_item_add(actor=hanoi_officer, decision=draft, item=ItemInput(person=tree.hoa), on=DRAFTED)
    decision_item_remove(actor=hanoi_officer, item=added, reason="Nhầm")
    assert list(draft.items.values_list("person", flat=True)) == [tree.hoa.pk]
    assert AuditEntry.objects.filter(model="decisions.decisionitem", action=AuditEntry.Action.DELETE, reason="Nhầm").exists()


# --- issuing ---------------------------------------------------------------------------------------


def test_issuing_numbers_the_decision_and_makes_award_records_and_codes(tree, hanoi_officer):
    dossier = make_dossier(tree, people=[tree.hoa])
    draft = decision_draft(actor=hanoi_officer, issuer=tree.hanoi, award=GK, subject="", on=DRAFTED, dossiers=[dossier],
                           items=[ItemInput(person=tree.duc, year=2025)])
    issued = decision_issue(actor=hanoi_officer, decision=draft, on=ISSUED, signer_name="Nguyễn Văn Chủ")
    assert (issued.status, issued.number, issued.year, issued.number_text) == (Decision.Status.ISSUED, 1, 2026, "01/QĐ-CDN-HN")
    assert (issued.signer_title, issued.signer_authority, issued.issued_on) == ("CHỦ TỊCH", "TM. BAN CHẤP HÀNH", ISSUED)
    assert str(issued) == "Quyết định số 01/QĐ-CDN-HN ngày 08/01/2026"
    items = list(issued.items.select_related("award_record"))
    records = [i.award_record for i in items]
    assert {(r.person, r.award, r.year, r.decision_number, r.decision_date, r.issuing_body) for r in records} == {
        (tree.hoa, GK, 2025, "01/QĐ-CDN-HN", ISSUED, "Công đoàn ngành Y tế Hà Nội"),
        (tree.duc, GK, 2025, "01/QĐ-CDN-HN", ISSUED, "Công đoàn ngành Y tế Hà Nội"),
    }
    assert all(CODE.match(i.verification_code) for i in items) and len({i.verification_code for i in items}) == 2
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.DECIDED
    assert Proposal.objects.get(dossier=dossier).status == Proposal.Status.DECIDED
    step = Step.objects.get(dossier=dossier)
    assert step.status == Dossier.Status.DECIDED and step.at_organisation == tree.hanoi and step.on == ISSUED
    assert step.reason == "Quyết định số 01/QĐ-CDN-HN ngày 08/01/2026" and step.actor == hanoi_officer
    assert AuditEntry.objects.filter(model="commendations.awardrecord", action=AuditEntry.Action.CREATE).count() == 2
    assert AuditEntry.objects.filter(model="nominations.dossier", object_id=str(dossier.pk)).exists()


def test_numbers_run_per_issuer_and_year_with_the_issuers_own_symbol(tree):
    document_settings_save(actor=SYSTEM, organisation=tree.hanoi, issuer="Công đoàn ngành Y tế Hà Nội", symbol="cđyt",
                           place="Hà Nội", parent_body="Công đoàn Y tế Việt Nam")
    first, second = issue(hanoi_draft(tree, people=[tree.hoa])), issue(hanoi_draft(tree, people=[tree.duc]))
    other_year = issue(hanoi_draft(tree, people=[tree.hoa], on=date(2027, 1, 2)), on=date(2027, 1, 4))
    bach_mai = decision_draft(actor=SYSTEM, issuer=tree.bach_mai, award=GK, subject="", on=DRAFTED,
                              items=[ItemInput(person=tree.hoa, year=2025)])
    assert [first.number_text, second.number_text, other_year.number_text] == ["01/QĐ-CĐYT", "02/QĐ-CĐYT", "01/QĐ-CĐYT"]
    assert issue(bach_mai).number_text == "01/QĐ-BV-BM"


def test_an_issued_decision_never_changes(tree, hn_issued, hanoi_officer):
    item = hn_issued.items.first()
    attempts = [
        lambda: decision_issue(actor=hanoi_officer, decision=hn_issued, on=ISSUED, signer_name="Người khác"),
        lambda: decision_item_add(actor=hanoi_officer, decision=hn_issued, item=ItemInput(person=tree.lan), on=ISSUED),
        lambda: decision_item_remove(actor=hanoi_officer, item=item),
        lambda: decision_draft_update(actor=hanoi_officer, decision=hn_issued, subject="Sửa", grounds=""),
    ]
    for attempt in attempts:
        with pytest.raises(UserError, match="đã ban hành nên không sửa được nữa: muốn thay đổi, hãy ban hành quyết định đính chính"):
            attempt()
    hn_issued.refresh_from_db()
    assert (hn_issued.number, hn_issued.signer_name, hn_issued.items.count()) == (1, "Nguyễn Văn Chủ", 2)
    assert not DecisionItem.objects.filter(person=tree.lan).exists()


def test_issuing_needs_a_list_a_signer_and_a_date_after_the_achievements(tree):
    empty = hanoi_draft(tree, people=[])
    with pytest.raises(UserError, match="Danh sách kèm quyết định chưa có ai"):
        issue(empty)
    draft = hanoi_draft(tree, people=[tree.hoa])
    with pytest.raises(UserError, match="Hãy ghi họ tên người ký"):
        decision_issue(actor=SYSTEM, decision=draft, on=ISSUED, signer_name="  ")
    with pytest.raises(UserError, match="sớm hơn năm thành tích 2025"):
        issue(draft, on=date(2024, 12, 30))
    assert not AwardRecord.objects.exists() and Decision.objects.filter(number__isnull=False).count() == 0


def test_a_title_held_already_that_year_is_refused(tree):
    first = decision_draft(actor=SYSTEM, issuer=tree.bach_mai, award=LDTT, subject="", on=DRAFTED,
                           items=[ItemInput(person=tree.hoa, year=2025)])
    second = decision_draft(actor=SYSTEM, issuer=tree.bach_mai, award=LDTT, subject="", on=DRAFTED,
                            items=[ItemInput(person=tree.hoa, year=2025)])
    issue(first)
    with pytest.raises(UserError, match="«Trần Thị Hòa» đã có danh hiệu «Lao động tiên tiến» năm 2025"):
        issue(second)
    assert AwardRecord.objects.count() == 1


# --- decisions of higher levels ----------------------------------------------------------------------


def test_a_decision_of_a_higher_level_is_recorded_for_people_of_the_officers_unit(tree, bm_officer):
    received = decision_record_received(
        actor=bm_officer, received_by=tree.bach_mai, issuer_name="Tổng Liên đoàn Lao động Việt Nam", number_text="125/QĐ-TLĐ",
        issued_on=date(2026, 2, 3), award="bang_khen_tong_lien_doan", subject="Về việc tặng Bằng khen",
        items=[ItemInput(person=tree.duc, year=2025), ItemInput(organisation=tree.bach_mai, year=2025)])
    assert (received.status, received.number, received.issuer, received.received_by) == (Decision.Status.ISSUED, None, None, tree.bach_mai)
    record = AwardRecord.objects.get(person=tree.duc)
    assert (record.decision_number, record.issuing_body, record.decision_date) == (
        "125/QĐ-TLĐ", "Tổng Liên đoàn Lao động Việt Nam", date(2026, 2, 3))
    assert not received.items.filter(verification_code__isnull=False).exists()
    with pytest.raises(UserError, match="đã được ghi nhận ở «Công đoàn Bệnh viện Bạch Mai»"):
        decision_record_received(actor=bm_officer, received_by=tree.bach_mai, issuer_name="Tổng Liên đoàn Lao động Việt Nam",
                                 number_text="125/QĐ-TLĐ", issued_on=date(2026, 2, 3), award="bang_khen_tong_lien_doan",
                                 subject="", items=[ItemInput(person=tree.hoa, year=2025)])


def test_recording_for_someone_outside_the_officers_unit_is_refused(tree, bm_officer):
    with pytest.raises(UserError, match="«Phạm Ngọc Lan» không công tác, sinh hoạt công đoàn ở «Công đoàn Bệnh viện Bạch Mai»"):
        decision_record_received(actor=bm_officer, received_by=tree.bach_mai, issuer_name="Công đoàn Y tế Việt Nam",
                                 number_text="7/QĐ-CĐYT", issued_on=date(2026, 2, 3), award=BK_CDN, subject="",
                                 items=[ItemInput(person=tree.hoa), ItemInput(person=tree.lan)])
    with pytest.raises(NotFound):
        decision_record_received(actor=bm_officer, received_by=tree.hanoi, issuer_name="Công đoàn Y tế Việt Nam",
                                 number_text="7/QĐ-CĐYT", issued_on=date(2026, 2, 3), award=BK_CDN, subject="",
                                 items=[ItemInput(person=tree.lan)])
    with pytest.raises(UserError, match="Hãy ghi số, ký hiệu"):
        decision_record_received(actor=bm_officer, received_by=tree.bach_mai, issuer_name="Công đoàn Y tế Việt Nam",
                                 number_text="", issued_on=date(2026, 2, 3), award=BK_CDN, subject="", items=[])
    assert not Decision.objects.exists() and not AwardRecord.objects.exists()


# --- revocations -------------------------------------------------------------------------------------


def test_revoking_is_a_new_numbered_decision_that_revokes_the_records(tree, hn_issued, hanoi_officer):
    hoa_item = hn_issued.items.get(person=tree.hoa)
    revocation = decision_revoke(actor=hanoi_officer, decision=hn_issued, on=date(2026, 3, 2), signer_name="Nguyễn Văn Chủ",
                                 reason="Khai man thành tích", items=[hoa_item])
    assert (revocation.kind, revocation.number_text, revocation.refers_to) == (Decision.Kind.REVOCATION, "02/QĐ-CDN-HN", hn_issued)
    assert revocation.subject == "Về việc thu hồi Giấy khen đã tặng tại Quyết định số 01/QĐ-CDN-HN ngày 08/01/2026"
    assert [i.target for i in revocation.items.all()] == [hoa_item]
    hoa_item.award_record.refresh_from_db()
    assert hoa_item.award_record.revoked_on == date(2026, 3, 2)
    assert "Khai man thành tích" in hoa_item.award_record.revoke_reason
    assert AwardRecord.objects.get(person=tree.duc).revoked_on is None
    with pytest.raises(UserError, match="đã bị thu hồi hoặc đính chính"):
        decision_revoke(actor=hanoi_officer, decision=hn_issued, on=date(2026, 3, 3), signer_name="A", reason="Lần nữa",
                        items=[hoa_item])
    with pytest.raises(UserError, match="Không thu hồi, đính chính một quyết định thu hồi"):
        decision_revoke(actor=hanoi_officer, decision=revocation, on=date(2026, 3, 3), signer_name="A", reason="x")
    assert Decision.objects.count() == 2


def test_revoking_needs_a_reason_and_a_date_after_the_decision(tree, hn_issued):
    with pytest.raises(UserError, match="Hãy ghi lý do thu hồi"):
        decision_revoke(actor=SYSTEM, decision=hn_issued, on=date(2026, 3, 2), signer_name="A", reason="")
    with pytest.raises(UserError, match="sớm hơn ngày của Quyết định số 01/QĐ-CDN-HN"):
        decision_revoke(actor=SYSTEM, decision=hn_issued, on=date(2026, 1, 2), signer_name="A", reason="Sai")
    assert not AwardRecord.objects.filter(revoked_on__isnull=False).exists() and Decision.objects.count() == 1


def test_a_received_decision_is_not_revoked_here(tree, bm_officer):
    received = decision_record_received(actor=bm_officer, received_by=tree.bach_mai, issuer_name="Công đoàn Y tế Việt Nam",
                                        number_text="7/QĐ-CĐYT", issued_on=date(2026, 2, 3), award=BK_CDN, subject="",
                                        items=[ItemInput(person=tree.hoa, year=2025)])
    with pytest.raises(UserError, match="do Công đoàn Y tế Việt Nam ban hành: chỉ cơ quan đó sửa đổi, thu hồi được"):
        decision_revoke(actor=bm_officer, decision=received, on=date(2026, 3, 2), signer_name="A", reason="Sai")


def test_revoking_an_award_re_evaluates_what_depended_on_it(tree):
    """Bằng khen cấp tỉnh needs two consecutive years of Chiến sĩ thi đua cơ sở: revoking one of them changes the verdict."""
    decisions = []
    for year in (2024, 2025):
        draft = decision_draft(actor=SYSTEM, issuer=tree.bach_mai, award=CSTDCS, subject="", on=date(year + 1, 1, 5),
                               items=[ItemInput(person=tree.duc, year=year)])
        decisions.append(issue(draft, on=date(year + 1, 1, 8)))

    def bang_khen():
        results = eligibility_for_person(actor=SYSTEM, person=tree.duc, year=2025, on=date(2026, 4, 1))
        return next(r for r in results if r.award == "bang_khen_tinh")

    assert bang_khen().verdict == "eligible"
    decision_revoke(actor=SYSTEM, decision=decisions[0], on=date(2026, 3, 1), signer_name="A", reason="Khai man")
    assert bang_khen().verdict != "eligible"


# --- corrections -------------------------------------------------------------------------------------


def test_a_correction_revokes_the_wrong_record_and_makes_the_right_one(tree, hn_issued, hanoi_officer):
    duc_item = hn_issued.items.get(person=tree.duc)
    old_code = duc_item.verification_code
    correcting = decision_correct(actor=hanoi_officer, decision=hn_issued, on=date(2026, 2, 1), signer_name="Nguyễn Văn Chủ",
                                  reason="Ghi nhầm người", corrections=[Correction(item=duc_item, person=tree.lan, amount=200_000)])
    assert (correcting.kind, correcting.number_text, correcting.refers_to) == (Decision.Kind.CORRECTION, "02/QĐ-CDN-HN", hn_issued)
    new_item = correcting.items.get()
    assert (new_item.person, new_item.target, new_item.amount) == (tree.lan, duc_item, 200_000)
    assert new_item.position_unit == "Công đoàn Công ty Cổ phần Dược phẩm Hà Nội"
    assert new_item.verification_code != old_code and new_item.award_record.person == tree.lan
    assert new_item.award_record.decision_number == "02/QĐ-CDN-HN"
    duc_item.award_record.refresh_from_db()
    assert duc_item.award_record.revoked_on == date(2026, 2, 1)


def test_a_correction_that_changes_nothing_or_goes_beyond_the_authority_is_refused(tree, hn_issued):
    item = hn_issued.items.get(person=tree.duc)
    with pytest.raises(UserError, match="không có gì thay đổi"):
        decision_correct(actor=SYSTEM, decision=hn_issued, on=date(2026, 2, 1), signer_name="A", reason="x",
                         corrections=[Correction(item=item, award=GK)])
    with pytest.raises(UserError, match="không có thẩm quyền tặng «Lao động tiên tiến»"):
        decision_correct(actor=SYSTEM, decision=hn_issued, on=date(2026, 2, 1), signer_name="A", reason="x",
                         corrections=[Correction(item=item, award=LDTT)])
    with pytest.raises(UserError, match="Hãy chọn ít nhất một dòng"):
        decision_correct(actor=SYSTEM, decision=hn_issued, on=date(2026, 2, 1), signer_name="A", reason="x", corrections=[])
    assert Decision.objects.count() == 1 and not AwardRecord.objects.filter(revoked_on__isnull=False).exists()


# --- verification codes and document settings -------------------------------------------------------


def test_verification_codes_are_read_back_whatever_the_case_and_dashes():
    assert normalise_verification_code("k7qx m2pd-a3bc–defg") == "K7QX-M2PD-A3BC-DEFG"
    assert normalise_verification_code("K7QXM2PDA3BCDEF0") is None  # 0 is not in the alphabet
    assert normalise_verification_code("K7QX") is None


def test_document_settings_are_saved_and_a_bad_symbol_is_refused(tree, hanoi_officer):
    with pytest.raises(UserError, match="Chữ viết tắt «CĐ YT» không hợp lệ"):
        document_settings_save(actor=hanoi_officer, organisation=tree.hanoi, issuer="x", symbol="CĐ YT", place="Hà Nội")
    saved = document_settings_save(actor=hanoi_officer, organisation=tree.hanoi, issuer="Công đoàn ngành Y tế Hà Nội",
                                   symbol="CĐYT", place="Hà Nội", signer_name="Nguyễn Văn Chủ")
    assert (saved.issuer, saved.signer_title) == ("CÔNG ĐOÀN NGÀNH Y TẾ HÀ NỘI", "CHỦ TỊCH")
    document_settings_save(actor=hanoi_officer, organisation=tree.hanoi, issuer="Công đoàn ngành Y tế Hà Nội",
                           symbol="CĐN", place="Hà Nội")
    assert DocumentSettings.objects.get().symbol == "CĐN"
    assert AuditEntry.objects.filter(model="decisions.documentsettings").count() == 2


# --- the remaining refusals, each leaving nothing behind -------------------------------------------------


def test_refusals_of_the_list_lines(tree):
    cases = [
        (ItemInput(), "Mỗi dòng của danh sách là một cá nhân hoặc một tập thể"),
        (ItemInput(person=tree.hoa, organisation=tree.bach_mai), "Mỗi dòng của danh sách là một cá nhân hoặc một tập thể"),
        (ItemInput(person=tree.hoa, year=2027), "Năm thành tích 2027 muộn hơn năm của quyết định \\(2026\\)"),
        (ItemInput(person=tree.hoa, amount=-5), "Tiền thưởng «-5» không hợp lệ"),
        (ItemInput(person=tree.hoa, year=1800), "Năm thành tích «1800» không hợp lệ"),
    ]
    for item, message in cases:
        with pytest.raises(UserError, match=message):
            decision_draft(actor=SYSTEM, issuer=tree.hanoi, award=GK, subject="", on=DRAFTED, items=[item])
    draft = hanoi_draft(tree, people=[])
    with pytest.raises(UserError, match="«Lê Thị Hoà» không công tác"):
        decision_item_add(actor=SYSTEM, decision=draft, item=ItemInput(person=tree.hoa2), on=DRAFTED)
    with pytest.raises(UserError, match="Hãy ghi trích yếu"):
        decision_draft_update(actor=SYSTEM, decision=draft, subject=" ", grounds="")
    assert Decision.objects.count() == 1 and not DecisionItem.objects.exists()


def test_refusals_of_dossiers_decided_or_repeated(tree):
    decided = make_dossier(tree, people=[tree.hoa])
    Dossier.objects.filter(pk=decided.pk).update(status=Dossier.Status.DECIDED)
    with pytest.raises(UserError, match="đã có quyết định khen thưởng"):
        decision_draft(actor=SYSTEM, issuer=tree.hanoi, award=GK, subject="", on=DRAFTED, dossiers=[decided])
    first, second = make_dossier(tree, people=[tree.duc]), make_dossier(tree, people=[tree.duc])
    with pytest.raises(UserError, match="«Nguyễn Văn Đức» có trong hai hồ sơ đã chọn"):
        decision_draft(actor=SYSTEM, issuer=tree.hanoi, award=GK, subject="", on=DRAFTED, dossiers=[first, second])
    assert not Decision.objects.exists()


def test_refusals_of_revocations_and_corrections_naming_wrong_lines(tree, hn_issued):
    other = issue(hanoi_draft(tree, people=[tree.lan]))
    stranger = other.items.get()
    sign = {"on": date(2026, 3, 1), "signer_name": "A", "reason": "Sai"}
    with pytest.raises(UserError, match="«Phạm Ngọc Lan» không có trong Quyết định số 01/QĐ-CDN-HN"):
        decision_revoke(actor=SYSTEM, decision=hn_issued, items=[stranger], **sign)
    with pytest.raises(UserError, match="«Phạm Ngọc Lan» không có trong Quyết định số 01/QĐ-CDN-HN"):
        decision_correct(actor=SYSTEM, decision=hn_issued, corrections=[Correction(item=stranger, amount=1)], **sign)
    duc = hn_issued.items.get(person=tree.duc)
    with pytest.raises(UserError, match="được đính chính hai lần"):
        decision_correct(actor=SYSTEM, decision=hn_issued, corrections=[Correction(item=duc, amount=1), Correction(item=duc, amount=2)],
                         **sign)
    with pytest.raises(UserError, match="một cá nhân hoặc một tập thể \\(chỉ một\\)"):
        decision_correct(actor=SYSTEM, decision=hn_issued, corrections=[Correction(item=duc, person=tree.lan, organisation=tree.cardio)],
                         **sign)
    with pytest.raises(UserError, match="Năm thành tích 2027 muộn hơn ngày ban hành 01/03/2026"):
        decision_correct(actor=SYSTEM, decision=hn_issued, corrections=[Correction(item=duc, year=2027)], **sign)
    with pytest.raises(UserError, match="«Lê Thị Hoà» không công tác"):
        decision_correct(actor=SYSTEM, decision=hn_issued, corrections=[Correction(item=duc, person=tree.hoa2)], **sign)
    decision_revoke(actor=SYSTEM, decision=other, **sign)
    with pytest.raises(UserError, match="Không còn khen thưởng nào của Quyết định số 02/QĐ-CDN-HN ngày 08/01/2026 để thu hồi"):
        decision_revoke(actor=SYSTEM, decision=other, **sign)
    draft = hanoi_draft(tree, people=[tree.hoa])
    with pytest.raises(UserError, match="mới là dự thảo"):
        decision_revoke(actor=SYSTEM, decision=draft, **sign)
    assert Decision.objects.count() == 4  # the two decisions, the draft and the one revocation


def test_a_correction_to_a_title_already_held_is_refused(tree):
    ldtt = decision_draft(actor=SYSTEM, issuer=tree.bach_mai, award=LDTT, subject="", on=DRAFTED,
                          items=[ItemInput(person=tree.hoa, year=2025), ItemInput(person=tree.duc, year=2024)])
    issued = issue(ldtt)
    duc = issued.items.get(person=tree.duc)
    with pytest.raises(UserError, match="«Trần Thị Hòa» đã có danh hiệu «Lao động tiên tiến» năm 2025"):
        decision_correct(actor=SYSTEM, decision=issued, on=date(2026, 2, 1), signer_name="A", reason="Nhầm người",
                         corrections=[Correction(item=duc, person=tree.hoa, year=2025)])
    assert not AwardRecord.objects.filter(revoked_on__isnull=False).exists()


@pytest.mark.parametrize("field, value, message", [
    ("issuer", "", "Hãy ghi tên cơ quan ban hành"),
    ("symbol", "", "Hãy ghi chữ viết tắt"),
    ("place", "", "Hãy ghi địa danh"),
    ("signer_title", "", "Hãy ghi chức vụ người ký"),
])
def test_document_settings_need_their_lines(tree, field, value, message):
    values = {"issuer": "Công đoàn ngành Y tế Hà Nội", "symbol": "CĐYT", "place": "Hà Nội", "signer_title": "Chủ tịch", field: value}
    with pytest.raises(UserError, match=message):
        document_settings_save(actor=SYSTEM, organisation=tree.hanoi, **values)
    assert not DocumentSettings.objects.exists()


def test_a_decision_on_a_forwarded_dossier_closes_the_lower_levels_too(tree):
    """Bạch Mai proposed Hòa to the Hà Nội sector union, whose council passed her and forwarded her to
    the national union; the national union's decision decides both levels' proposals and dossiers."""
    lower = make_dossier(tree, award=BK_CDN, people=[tree.hoa])
    Dossier.objects.filter(pk=lower.pk).update(status=Dossier.Status.FORWARDED)
    upper = Dossier.objects.create(round=lower.round, proposer=tree.hanoi, holder=tree.national, award=BK_CDN, forwarded_from=lower,
                                   status=Dossier.Status.ACCEPTED, title="Đề nghị tặng Bằng khen năm 2025")
    Proposal.objects.create(dossier=upper, person=tree.hoa, award=BK_CDN, year=2025, status=Proposal.Status.PASSED,
                            source=lower.proposals.get())
    draft = decision_draft(actor=SYSTEM, issuer=tree.national, award=BK_CDN, subject="", on=DRAFTED, dossiers=[upper])
    issue(draft)
    assert set(Proposal.objects.values_list("status", flat=True)) == {Proposal.Status.DECIDED}
    for dossier in (lower, upper):
        dossier.refresh_from_db()
        assert dossier.status == Dossier.Status.DECIDED
        step = dossier.steps.get(status=Dossier.Status.DECIDED)
        assert step.at_organisation == tree.national and step.on == ISSUED and step.reason.startswith("Quyết định số 01/QĐ-")
        assert AuditEntry.objects.filter(model="nominations.step", object_id=str(step.pk)).exists()
