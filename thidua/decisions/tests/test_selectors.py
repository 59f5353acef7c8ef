"""Reads: what each officer sees, the counts of awards for reports and their sentences, the Word document's data."""
from __future__ import annotations

from datetime import date

import pytest

from thidua.core.errors import NotFound, UserError
from thidua.core.models import Role
from thidua.core.permissions import SYSTEM
from thidua.decisions import selectors
from thidua.decisions.services import ItemInput, decision_draft, decision_record_received, decision_revoke
from thidua.decisions.tests.conftest import GK, issue, make_dossier


def test_officers_see_their_own_and_lower_decisions_and_outsiders_find_nothing(tree, hn_issued, make_user, bm_officer):
    hanoi_viewer = make_user(Role.VIEWER, tree.hanoi)
    assert selectors.decision_get(actor=hanoi_viewer, pk=hn_issued.pk) == hn_issued
    with pytest.raises(NotFound):
        selectors.decision_get(actor=bm_officer, pk=hn_issued.pk)  # the sector union's decision is above the hospital
    with pytest.raises(NotFound):
        selectors.decision_get(actor=make_user(Role.UNION_OFFICER, tree.hue), pk=hn_issued.pk)
    with pytest.raises(NotFound):
        selectors.decision_get(actor=hanoi_viewer, pk="abc")
    received = decision_record_received(actor=bm_officer, received_by=tree.bach_mai, issuer_name="Công đoàn Y tế Việt Nam",
                                        number_text="7/QĐ-CĐYT", issued_on=date(2026, 2, 3),
                                        award="bang_khen_cong_doan_nganh_trung_uong", subject="",
                                        items=[ItemInput(person=tree.hoa, year=2025)])
    assert list(selectors.decision_list(actor=bm_officer)) == [received]
    assert set(selectors.decision_list(actor=hanoi_viewer)) == {hn_issued, received}
    assert list(selectors.decision_list(actor=hanoi_viewer, organisation=tree.bach_mai)) == [received]


def _bulk(tree, issuer, award, *, people=(), collectives=(), on=date(2026, 1, 8)):
    draft = decision_draft(actor=SYSTEM, issuer=issuer, award=award, subject="", on=date(2026, 1, 5),
                           items=[ItemInput(person=p, year=2025) for p in people]
                           + [ItemInput(organisation=o, year=2025) for o in collectives])
    return issue(draft, on=on)


def test_award_counts_group_by_level_form_recipient_and_issuer_without_revoked_ones(tree):
    _bulk(tree, tree.hanoi, GK, people=[tree.hoa, tree.duc, tree.lan], collectives=[tree.bach_mai, tree.hanoi_pharma])
    revoked = _bulk(tree, tree.hanoi, GK, people=[tree.hoa])  # a second Giấy khen, revoked below
    _bulk(tree, tree.bach_mai, "lao_dong_tien_tien", people=[tree.hoa, tree.duc])
    _bulk(tree, tree.bach_mai, GK, people=[tree.duc], on=date(2025, 6, 1))  # before the period
    decision_record_received(actor=SYSTEM, received_by=tree.bach_mai, issuer_name="Tổng Liên đoàn Lao động Việt Nam",
                             number_text="125/QĐ-TLĐ", issued_on=date(2026, 3, 1), award="bang_khen_tong_lien_doan", subject="",
                             items=[ItemInput(person=tree.duc, year=2025)])
    _bulk(tree, tree.hue, GK, people=[tree.hoa2])  # another branch
    decision_revoke(actor=SYSTEM, decision=revoked, on=date(2026, 2, 1), signer_name="A", reason="Trùng")

    rows = selectors.award_counts(actor=SYSTEM, organisation=tree.hanoi, date_from=date(2026, 1, 1), date_to=date(2026, 12, 31))
    assert [(r.level_name, r.award_name, r.recipient_kind_name, r.issuer_name, r.count) for r in rows] == [
        ("cấp cơ sở", "Giấy khen", "tập thể", "Công đoàn ngành Y tế Hà Nội", 2),
        ("cấp cơ sở", "Giấy khen", "cá nhân", "Công đoàn ngành Y tế Hà Nội", 3),
        ("cấp cơ sở", "Lao động tiên tiến", "cá nhân", "Công đoàn Bệnh viện Bạch Mai", 2),
        ("tổ chức Công đoàn", "Bằng khen của Ban Chấp hành Tổng Liên đoàn Lao động Việt Nam", "cá nhân",
         "Tổng Liên đoàn Lao động Việt Nam", 1),
    ]
    assert selectors.award_sentences(rows) == [
        "Công đoàn ngành Y tế Hà Nội tặng Giấy khen cho 2 tập thể và 3 cá nhân.",
        "Công đoàn Bệnh viện Bạch Mai tặng Lao động tiên tiến cho 2 cá nhân.",
        "Tổng Liên đoàn Lao động Việt Nam tặng Bằng khen của Ban Chấp hành Tổng Liên đoàn Lao động Việt Nam cho 1 cá nhân.",
    ]
    hospital = selectors.award_counts(actor=SYSTEM, organisation=tree.bach_mai, date_from=date(2025, 1, 1), date_to=date(2025, 12, 31))
    assert [(r.award, r.count) for r in hospital] == [(GK, 1)]


def test_the_sentence_of_the_article(tree):
    assert selectors.award_sentence(issuer_name="Công đoàn ngành Y tế Hà Nội", award_name="Giấy khen", collectives=11,
                                    individuals=42) == "Công đoàn ngành Y tế Hà Nội tặng Giấy khen cho 11 tập thể và 42 cá nhân."


def test_counts_need_a_period_in_order_and_a_unit_in_scope(tree, bm_officer):
    with pytest.raises(UserError, match="Khoảng thời gian không hợp lệ"):
        selectors.award_counts(actor=SYSTEM, organisation=tree.hanoi, date_from=date(2026, 2, 1), date_to=date(2026, 1, 1))
    with pytest.raises(NotFound):
        selectors.award_counts(actor=bm_officer, organisation=tree.hue, date_from=date(2026, 1, 1), date_to=date(2026, 12, 31))


def test_the_word_document_data_of_an_issued_decision_and_of_a_draft(tree):
    dossier = make_dossier(tree, people=[tree.hoa])
    draft = decision_draft(actor=SYSTEM, issuer=tree.hanoi, award=GK, subject="Về việc tặng Giấy khen năm 2025", on=date(2026, 1, 5),
                           dossiers=[dossier], items=[ItemInput(organisation=tree.bach_mai, year=2025)])
    as_draft = selectors.decision_doc(decision=draft, on=date(2026, 1, 6))
    assert as_draft.number is None and as_draft.date == date(2026, 1, 6)
    assert as_draft.proposer == "Công đoàn Bệnh viện Bạch Mai"
    assert [(r.index, r.name, r.kind) for r in as_draft.recipients] == [
        (1, "Công đoàn Bệnh viện Bạch Mai", "collective"), (2, "Trần Thị Hòa", "individual")]
    issued = issue(draft)
    doc = selectors.decision_doc(decision=issued, on=date(2026, 5, 1))
    assert (doc.number, doc.date, doc.letterhead.symbol, doc.letterhead.signer_name) == (1, date(2026, 1, 8), "CDN-HN", "Nguyễn Văn Chủ")
    assert doc.letterhead.issuer == "CÔNG ĐOÀN NGÀNH Y TẾ HÀ NỘI" and doc.letterhead.parent_body == "CÔNG ĐOÀN Y TẾ VIỆT NAM"
    assert doc.authority_line == "BAN CHẤP HÀNH CÔNG ĐOÀN NGÀNH Y TẾ HÀ NỘI" and doc.award_name == "Giấy khen"
    revocation = decision_revoke(actor=SYSTEM, decision=issued, on=date(2026, 3, 1), signer_name="A", reason="Sai")
    revoked = selectors.decision_doc(decision=revocation, on=date(2026, 5, 1))
    assert revoked.revocation and revoked.refers_to == "thu hồi Quyết định số 01/QĐ-CDN-HN ngày 08/01/2026"


def test_a_persons_awards_include_those_of_decisions_above_and_those_revoked(tree, hn_issued):
    _bulk(tree, tree.bach_mai, "lao_dong_tien_tien", people=[tree.hoa], on=date(2026, 1, 9))
    decision_revoke(actor=SYSTEM, decision=hn_issued, on=date(2026, 2, 1), signer_name="A", reason="Sai")
    items = selectors.award_items_of_person(person=tree.hoa)
    assert [(i.award, bool(i.award_record.revoked_on)) for i in items] == [("lao_dong_tien_tien", False), (GK, True)]
