"""Reads: scope of groupings and pacts, final scores and rankings, and the counts per unit and year."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from thidua.core.errors import NotFound
from thidua.core.models import Role
from thidua.core.permissions import SYSTEM
from thidua.pacts.selectors import (
    grouping_chain,
    grouping_get,
    grouping_list,
    grouping_ranking,
    groupings_of_org,
    pact_counts,
    pact_get,
    pact_list,
    pact_results,
    pacts_of_person,
)
from thidua.pacts.services import (
    TargetInput,
    grouping_create,
    grouping_leader_set,
    grouping_member_add,
    meeting_record,
    pact_create_department,
    pact_create_grouping,
    pact_create_personal,
    pact_score,
)
from thidua.pacts.tests.conftest import TARGETS


def score_all(pact, values: dict):
    """values: {(party org, scorer org or None): [score per target]}"""
    parties = {p.organisation_id: p for p in pact.parties.all()}
    targets = list(pact.targets.order_by("position"))
    for (party_org, scorer_org), scores in values.items():
        for target, value in zip(targets, scores):
            pact_score(actor=SYSTEM, pact=pact, target=target, party=parties[party_org.pk], value=value,
                       scorer=parties[scorer_org.pk] if scorer_org else None)


def test_groupings_and_pacts_are_seen_by_the_owner_and_the_members_only(tree, cluster, cluster_pact, make_user):
    hue_cluster = grouping_create(actor=SYSTEM, kind="cluster", name="Cụm Huế", owner=tree.hue, valid_from=date(2024, 1, 1),
                                  members=[tree.hue_central])
    hanoi = make_user(Role.VIEWER, tree.hanoi)
    member = make_user(Role.VIEWER, tree.bach_mai)
    hue = make_user(Role.VIEWER, tree.hue)
    assert list(grouping_list(actor=hanoi)) == [cluster]
    assert list(grouping_list(actor=member)) == [cluster]  # a member sees its cluster, owned above it
    assert list(grouping_list(actor=hue)) == [hue_cluster]
    assert grouping_get(actor=member, pk=cluster.pk) == cluster
    with pytest.raises(NotFound):
        grouping_get(actor=hue, pk=cluster.pk)
    with pytest.raises(NotFound):
        grouping_get(actor=hanoi, pk="abc")
    assert list(pact_list(actor=member, year=2025)) == [cluster_pact]
    assert list(pact_list(actor=hue)) == []
    with pytest.raises(NotFound):
        pact_get(actor=hue, pk=cluster_pact.pk)
    assert list(grouping_list(actor=hanoi, year=2023)) == []


def test_final_score_is_the_sum_of_the_average_cross_scores(tree, cluster, third, cluster_pact):
    grouping_member_add(actor=SYSTEM, grouping=cluster, organisation=third, joined=date(2025, 1, 1))
    pact = pact_create_grouping(actor=SYSTEM, grouping=cluster, title="Ba bên", year=2025, signed_on=date(2025, 2, 1),
                                targets=TARGETS)
    bm, ph, sp = tree.bach_mai, tree.hanoi_pharma, third
    score_all(pact, {
        (bm, None): [40, 35, 25],  # Bạch Mai's self-score: perfect
        (bm, ph): [36, 30, 20], (bm, sp): [38, 31, 21],  # → averages 37, 30.5, 20.5 = 88
        (ph, bm): [30, 30, 20], (ph, sp): [30, 30, 20],  # → 80
        (sp, bm): [40, 30, 18], (sp, ph): [36, 30, 18],  # → 38 + 30 + 18 = 86
    })
    results = {r.party.organisation_id: r for r in pact_results(pact=pact)}
    assert results[bm.pk].self_total == Decimal(100)
    assert [t.cross_average for t in results[bm.pk].targets] == [Decimal("37.00"), Decimal("30.50"), Decimal("20.50")]
    assert (results[bm.pk].final, results[sp.pk].final, results[ph.pk].final) == (Decimal(88), Decimal(86), Decimal(80))
    assert (results[bm.pk].rank, results[sp.pk].rank, results[ph.pk].rank) == (1, 2, 3)
    assert results[ph.pk].self_total is None  # it never scored itself


def test_a_party_not_yet_cross_scored_on_every_target_has_no_final_score(tree, cluster_pact):
    score_all(cluster_pact, {(tree.bach_mai, tree.hanoi_pharma): [30, 30, 20], (tree.hanoi_pharma, tree.bach_mai): [30, 30]})
    results = {r.party.organisation_id: r for r in pact_results(pact=cluster_pact)}
    assert results[tree.bach_mai.pk].final == Decimal(80) and results[tree.bach_mai.pk].rank == 1
    assert results[tree.hanoi_pharma.pk].final is None and results[tree.hanoi_pharma.pk].rank is None


def test_year_end_ranking_of_a_cluster_shares_ranks_on_ties(tree, cluster, third, cluster_pact):
    grouping_member_add(actor=SYSTEM, grouping=cluster, organisation=third, joined=date(2025, 6, 1))
    grouping_leader_set(actor=SYSTEM, grouping=cluster, year=2025, organisation=tree.hanoi_pharma)
    score_all(cluster_pact, {(tree.bach_mai, tree.hanoi_pharma): [30, 30, 20], (tree.hanoi_pharma, tree.bach_mai): [40, 20, 20]})
    # A second pact of the year: Bạch Mai 90, Dược 70 → averages 85 and 75.
    second = pact_create_grouping(actor=SYSTEM, grouping=cluster, title="Đợt cao điểm", year=2025, signed_on=date(2025, 4, 1),
                                  targets=[TargetInput("Đợt cao điểm", 100)], parties=[tree.bach_mai, tree.hanoi_pharma])
    score_all(second, {(tree.bach_mai, tree.hanoi_pharma): [90], (tree.hanoi_pharma, tree.bach_mai): [70]})
    rows = grouping_ranking(actor=SYSTEM, grouping=cluster, year=2025)
    assert [(r.organisation, r.score, r.rank, r.pacts) for r in rows] == [
        (tree.bach_mai, Decimal(85), 1, 2), (tree.hanoi_pharma, Decimal(75), 2, 2), (third, None, None, 0)]
    assert [r.leader for r in rows] == [False, True, False]
    score_all(second, {(tree.hanoi_pharma, tree.bach_mai): [90]})  # now both average 85
    assert [(r.score, r.rank) for r in grouping_ranking(actor=SYSTEM, grouping=cluster, year=2025)][:2] == [
        (Decimal(85), 1), (Decimal(85), 1)]
    assert all(r.score is None for r in grouping_ranking(actor=SYSTEM, grouping=cluster, year=2024))


def test_history_chain_of_replaced_groupings(tree, cluster):
    twinning = grouping_create(actor=SYSTEM, kind="twinning", name="Kết nghĩa", owner=tree.hanoi, valid_from=date(2026, 1, 1),
                               replaces=cluster)
    assert grouping_chain(actor=SYSTEM, grouping=twinning) == ([cluster], [])
    cluster.refresh_from_db()
    assert grouping_chain(actor=SYSTEM, grouping=cluster) == ([], [twinning])


def test_pact_counts_per_unit_and_year(tree, cluster, third):
    """Known data: Bạch Mai in two clusters in 2025 (leads one), three pacts, two meetings held, one attended."""
    other = grouping_create(actor=SYSTEM, kind="block", name="Khối bệnh viện hạng I", owner=tree.hanoi, valid_from=date(2025, 3, 1),
                            members=[tree.bach_mai, third])
    grouping_leader_set(actor=SYSTEM, grouping=other, year=2025, organisation=tree.bach_mai)
    grouping_leader_set(actor=SYSTEM, grouping=cluster, year=2025, organisation=tree.hanoi_pharma)
    pact_create_grouping(actor=SYSTEM, grouping=cluster, title="Cụm 2025", year=2025, signed_on=date(2025, 2, 1), targets=TARGETS)
    pact_create_grouping(actor=SYSTEM, grouping=cluster, title="Cụm 2024", year=2024, signed_on=date(2024, 2, 1), targets=TARGETS)
    pact_create_department(actor=SYSTEM, title="Khoa Tim mạch", year=2025, signed_on=date(2025, 1, 5), department=tree.cardio,
                           unit=tree.bach_mai, targets=TARGETS)
    pact_create_personal(actor=SYSTEM, title="Cá nhân", year=2025, signed_on=date(2025, 1, 5), person=tree.duc,
                         department=tree.cardio, targets=TARGETS)
    pact_create_grouping(actor=SYSTEM, grouping=other, title="Khối 2025", year=2025, signed_on=date(2025, 3, 5),
                         targets=TARGETS, parties=[third, tree.bach_mai])
    meeting_record(actor=SYSTEM, grouping=cluster, held_on=date(2025, 8, 13), place="Hà Nội", attendees=[tree.bach_mai])
    meeting_record(actor=SYSTEM, grouping=other, held_on=date(2025, 9, 1), place="Hà Nội", attendees=[third])
    meeting_record(actor=SYSTEM, grouping=cluster, held_on=date(2024, 9, 1), place="Hà Nội", attendees=[tree.bach_mai])
    counts = pact_counts(actor=SYSTEM, organisation=tree.bach_mai, year=2025)
    assert (counts.clusters, counts.clusters_led, counts.meetings, counts.meetings_attended) == (2, 1, 2, 1)
    assert counts.pacts == 4
    assert counts.pacts_by_kind == {"personal": 1, "department": 1, "grouping": 2}
    pharma = pact_counts(actor=SYSTEM, organisation=tree.hanoi_pharma, year=2025)
    assert (pharma.clusters, pharma.clusters_led, pharma.pacts, pharma.meetings, pharma.meetings_attended) == (1, 1, 1, 1, 0)
    assert pact_counts(actor=SYSTEM, organisation=tree.bach_mai, year=2024).pacts == 1
    hanoi = pact_counts(actor=SYSTEM, organisation=tree.hanoi, year=2025)  # the whole subtree's pacts
    assert (hanoi.clusters, hanoi.pacts) == (0, 4)


def test_pact_counts_respect_scope(tree, make_user):
    with pytest.raises(NotFound):
        pact_counts(actor=make_user(Role.VIEWER, tree.hue), organisation=tree.bach_mai, year=2025)


def test_unit_and_person_sections_data(tree, cluster, cluster_pact, make_user):
    grouping_leader_set(actor=SYSTEM, grouping=cluster, year=2025, organisation=tree.hanoi_pharma)
    rows = groupings_of_org(actor=SYSTEM, organisation=tree.bach_mai, on=date(2025, 6, 1))
    assert [(r.grouping, r.leader) for r in rows] == [(cluster, tree.hanoi_pharma)]
    personal = pact_create_personal(actor=SYSTEM, title="Cá nhân", year=2025, signed_on=date(2025, 1, 5), person=tree.duc,
                                    department=tree.cardio, targets=TARGETS)
    assert list(pacts_of_person(actor=make_user(Role.VIEWER, tree.bach_mai), person=tree.duc)) == [personal]
    assert list(pacts_of_person(actor=make_user(Role.VIEWER, tree.hue), person=tree.duc)) == []
