"""Helpers of the decision tests: a sector union's dossier with passed proposals, drafts and issued decisions."""
from __future__ import annotations

from datetime import date

import pytest

from thidua.core.models import Role
from thidua.core.permissions import SYSTEM
from thidua.decisions.services import ItemInput, decision_draft, decision_issue
from thidua.nominations.models import Dossier, Proposal, Round

GK, BK_CDN, LDTT, CSTDCS = "giay_khen", "bang_khen_cong_doan_nganh_trung_uong", "lao_dong_tien_tien", "chien_si_thi_dua_co_so"
DRAFTED = date(2026, 1, 5)
ISSUED = date(2026, 1, 8)


def make_dossier(tree, *, holder=None, proposer=None, award=GK, people=(), collectives=(), status=Proposal.Status.PASSED):
    """A 2025 dossier of Bạch Mai held by the Hà Nội sector union, its proposals passed by the council (ORM only)."""
    holder = holder or tree.hanoi
    round_ = Round.objects.create(organisation=holder, kind=Round.Kind.YEARLY, title="Khen thưởng năm 2025", year=2025,
                                  opened_on=date(2025, 11, 1))
    dossier = Dossier.objects.create(round=round_, proposer=proposer or tree.bach_mai, holder=holder, award=award,
                                     status=Dossier.Status.ACCEPTED, title="Đề nghị tặng Giấy khen năm 2025")
    for person in people:
        Proposal.objects.create(dossier=dossier, person=person, award=award, year=2025, status=status,
                                achievement="Hoàn thành xuất sắc nhiệm vụ năm 2025", amount=300_000)
    for org in collectives:
        Proposal.objects.create(dossier=dossier, organisation=org, award=award, year=2025, status=status, amount=500_000)
    return dossier


def hanoi_draft(tree, *, people=None, collectives=(), on=DRAFTED, award=GK):
    people = [tree.hoa, tree.duc] if people is None else people
    return decision_draft(actor=SYSTEM, issuer=tree.hanoi, award=award, subject="Về việc tặng Giấy khen năm 2025", on=on,
                          items=[ItemInput(person=p, year=2025) for p in people]
                          + [ItemInput(organisation=o, year=2025) for o in collectives])


def issue(decision, on=ISSUED):
    return decision_issue(actor=SYSTEM, decision=decision, on=on, signer_name="Nguyễn Văn Chủ")


@pytest.fixture
def hn_issued(tree):
    """Giấy khen of the Hà Nội sector union to Hòa and Đức, 2025, issued 08/01/2026 as number 01."""
    return issue(hanoi_draft(tree))


@pytest.fixture
def bm_officer(tree, make_user):
    return make_user(Role.UNION_OFFICER, tree.bach_mai)
