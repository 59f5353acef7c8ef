"""Who may confer an award, seen from a unit: the unit itself or its nearest active ancestor of a conferring kind;
where a dossier goes first (bounded by its round's organisation) and where it is forwarded next."""
from __future__ import annotations

from datetime import date

import pytest

from thidua.core.errors import UserError
from thidua.core.permissions import SYSTEM
from thidua.nominations.routing import authority_for, first_holder, next_holder
from thidua.organisations.models import OrgKind
from thidua.organisations.services import org_create

ON = date(2025, 1, 15)


@pytest.fixture
def confederation_tree(db):
    """Tổng Liên đoàn → Liên đoàn Lao động Hà Nội → a company's grassroots union."""
    def org(code, kind, parent=None):
        return org_create(actor=SYSTEM, code=code, name=f"Tổ chức {code}", kind=kind, parent=parent, valid_from=date(2020, 1, 1))

    tld = org("TLD", OrgKind.CONFEDERATION)
    federation = org("LDLD-HN", OrgKind.PROVINCIAL_FEDERATION, tld)
    company = org("CD-CTY", OrgKind.GRASSROOTS_BUSINESS, federation)
    return tld, federation, company


def test_a_grassroots_public_union_confers_lao_dong_tien_tien_itself(tree):
    assert authority_for("lao_dong_tien_tien", tree.bach_mai, ON) == tree.bach_mai
    # From a department below it, the hospital's union is the nearest that may.
    assert authority_for("lao_dong_tien_tien", tree.cardio, ON) == tree.bach_mai
    assert authority_for("lao_dong_tien_tien", tree.hanoi, ON) is None


def test_giay_khen_of_the_sector_union_from_a_hospital_goes_to_the_sector_union(tree):
    assert authority_for("giay_khen", tree.hanoi, ON) == tree.hanoi
    assert first_holder("giay_khen", round_org=tree.hanoi, proposer=tree.bach_mai, on=ON) == tree.hanoi
    # In the hospital's own round, Giấy khen is the hospital's own: decided at home.
    assert first_holder("giay_khen", round_org=tree.bach_mai, proposer=tree.bach_mai, on=ON) == tree.bach_mai
    # Lao động tiên tiến in the sector union's round stays the hospital's own title.
    assert first_holder("lao_dong_tien_tien", round_org=tree.hanoi, proposer=tree.bach_mai, on=ON) == tree.bach_mai


def test_a_confederation_award_climbs_through_the_round_organisation(confederation_tree):
    tld, federation, company = confederation_tree
    assert authority_for("bang_khen_tong_lien_doan", company, ON) == tld
    assert first_holder("bang_khen_tong_lien_doan", round_org=federation, proposer=company, on=ON) == federation
    assert next_holder("bang_khen_tong_lien_doan", federation, ON) == tld
    assert next_holder("bang_khen_tong_lien_doan", tld, ON) is None  # the confederation decides
    # The federation's own Bằng khen is decided by the federation.
    assert first_holder("bang_khen_ldld_tinh", round_org=federation, proposer=company, on=ON) == federation
    assert next_holder("bang_khen_ldld_tinh", federation, ON) is None


def test_an_inactive_ancestor_is_skipped(confederation_tree):
    from thidua.organisations.models import Organisation

    tld, federation, company = confederation_tree
    Organisation.objects.filter(pk=federation.pk).update(valid_to=date(2024, 12, 31))
    federation.refresh_from_db()
    company.refresh_from_db()
    assert authority_for("bang_khen_ldld_tinh", company, ON) is None
    assert authority_for("bang_khen_ldld_tinh", company, date(2024, 6, 1)) == federation


def test_a_state_award_has_no_authority_in_the_tree_and_ends_at_the_top(tree):
    assert authority_for("thay_thuoc_uu_tu", tree.bach_mai, ON) is None
    assert first_holder("thay_thuoc_uu_tu", round_org=tree.hanoi, proposer=tree.bach_mai, on=ON) == tree.hanoi
    assert next_holder("thay_thuoc_uu_tu", tree.hanoi, ON) == tree.national
    assert next_holder("thay_thuoc_uu_tu", tree.national, ON) is None


def test_an_unknown_award_is_refused(tree):
    with pytest.raises(UserError, match="không có trong danh mục"):
        authority_for("khong_co", tree.bach_mai, ON)
