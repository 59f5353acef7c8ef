"""Fixtures of the campaigns tests: officers on each side of the tree, a partner body, a movement."""
from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.campaigns.services import movement_launch
from thidua.core.models import Role
from thidua.core.permissions import SYSTEM
from thidua.organisations.models import OrgKind
from thidua.organisations.services import org_create

LAUNCHED = date(2025, 1, 10)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name="ke-hoach.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def partner(tree):
    return org_create(actor=SYSTEM, code="SYT-HN", name="Sở Y tế Hà Nội", kind=OrgKind.PARTNER, parent=tree.hanoi,
                      valid_from=date(2020, 1, 1))


@pytest.fixture
def hanoi_emulation(tree, make_user):
    return make_user(Role.EMULATION_OFFICER, tree.hanoi)


@pytest.fixture
def bm_officer(tree, make_user):
    return make_user(Role.EMULATION_OFFICER, tree.bach_mai)


@pytest.fixture
def pharma_officer(tree, make_user):
    return make_user(Role.UNION_OFFICER, tree.hanoi_pharma)


@pytest.fixture
def hue_officer(tree, make_user):
    return make_user(Role.UNION_OFFICER, tree.hue)


@pytest.fixture
def viewer(tree, make_user):
    return make_user(Role.VIEWER, tree.hanoi)


@pytest.fixture
def movement(tree, hanoi_emulation):
    return movement_launch(
        actor=hanoi_emulation, organisation=tree.hanoi, name="Đổi mới phong cách, thái độ phục vụ hướng tới sự hài lòng của người bệnh",
        theme="Nâng cao chất lượng phục vụ người bệnh", start=date(2025, 1, 1), end=date(2025, 12, 31), launched_on=LAUNCHED,
        criteria=["Không để người bệnh phàn nàn", "Tỷ lệ hài lòng trên 90%"],
    )


@pytest.fixture
def hue_movement(tree, hue_officer):
    return movement_launch(actor=hue_officer, organisation=tree.hue, name="Xanh – Sạch – Đẹp Huế",
                           start=date(2025, 1, 1), end=date(2025, 12, 31), launched_on=LAUNCHED)
