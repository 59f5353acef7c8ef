"""A cluster of Hà Nội's hospitals (owned by the Hà Nội sector union) and helpers to make pacts in it."""
from __future__ import annotations

from datetime import date

import pytest

from thidua.core.permissions import SYSTEM
from thidua.organisations.models import OrgKind
from thidua.organisations.services import org_create
from thidua.pacts.services import TargetInput, grouping_create, pact_create_grouping

TARGETS = [TargetInput("Hoàn thành kế hoạch khám chữa bệnh", 40), TargetInput("Thực hiện Quy tắc ứng xử", 35),
           TargetInput("Hoạt động công đoàn", 25)]
PDF = b"%PDF-1.4\n% giao uoc da ky\n"


@pytest.fixture
def third(tree):
    """A third Hà Nội hospital, not (yet) in the cluster."""
    return org_create(actor=SYSTEM, code="BV-SP", name="Công đoàn Bệnh viện Sản Nhi", kind=OrgKind.GRASSROOTS_PUBLIC,
                      parent=tree.hanoi, valid_from=date(2020, 1, 1))


@pytest.fixture
def cluster(tree):
    return grouping_create(actor=SYSTEM, kind="cluster", name="Cụm thi đua số 1", owner=tree.hanoi,
                           valid_from=date(2024, 1, 1), members=[tree.bach_mai, tree.hanoi_pharma],
                           decision="Quyết định 12/QĐ-CĐN")


@pytest.fixture
def cluster_pact(cluster):
    return pact_create_grouping(actor=SYSTEM, grouping=cluster, title="Giao ước thi đua cụm số 1 năm 2025", year=2025,
                                signed_on=date(2025, 2, 10), targets=TARGETS)
