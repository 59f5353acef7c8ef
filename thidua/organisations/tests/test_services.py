"""The union tree over time: creation, renames, moves, merges, splits, and bad input."""
from datetime import date

import pytest

from thidua.core.errors import Forbidden, NotFound, UserError
from thidua.core.models import AuditEntry, Role
from thidua.core.permissions import SYSTEM
from thidua.organisations.models import Organisation, OrganisationVersion, OrgKind
from thidua.organisations.selectors import org_predecessors, org_subtree, org_tree_as_of
from thidua.organisations.services import org_create, org_merge, org_move, org_rename, org_split
from thidua.people.selectors import members_in_subtree

MERGER = date(2025, 7, 1)


def _names(nodes):
    out = {}
    for node in nodes:
        out[node.code] = node.name
        out.update(_names(node.children))
    return out


def _parent_of(nodes, code, parent=None):
    for node in nodes:
        if node.code == code:
            return parent
        found = _parent_of(node.children, code, node.code)
        if found:
            return found
    return None


def test_paths_follow_the_tree(tree):
    assert tree.cardio.path == f"/{tree.national.pk}/{tree.hanoi.pk}/{tree.bach_mai.pk}/{tree.cardio.pk}/"
    assert tree.cardio.depth == 3
    codes = set(org_subtree(actor=SYSTEM, org=tree.hanoi).values_list("code", flat=True))
    assert codes == {"CDN-HN", "BV-BM", "DUOC-HN", "BV-BM-TM"}


def test_rename_keeps_the_old_name_for_earlier_dates(tree):
    org_rename(actor=SYSTEM, org=tree.bach_mai, name="Công đoàn Bệnh viện Bạch Mai (cơ sở 1)", on=date(2024, 1, 1))
    before = _names(org_tree_as_of(actor=SYSTEM, on=date(2023, 12, 31)))
    after = _names(org_tree_as_of(actor=SYSTEM, on=date(2024, 1, 1)))
    assert before["BV-BM"] == "Công đoàn Bệnh viện Bạch Mai"
    assert after["BV-BM"] == "Công đoàn Bệnh viện Bạch Mai (cơ sở 1)"


def test_move_rewrites_the_subtree_and_keeps_the_old_parent_in_history(tree):
    org_move(actor=SYSTEM, org=tree.bach_mai, new_parent=tree.hue, on=date(2025, 1, 1))
    cardio = Organisation.objects.get(pk=tree.cardio.pk)
    assert cardio.path.startswith(Organisation.objects.get(pk=tree.hue.pk).path)
    assert cardio.depth == 3
    assert _parent_of(org_tree_as_of(actor=SYSTEM, on=date(2024, 6, 1)), "BV-BM") == "CDN-HN"
    assert _parent_of(org_tree_as_of(actor=SYSTEM, on=date(2025, 6, 1)), "BV-BM") == "CDN-HUE"


def test_a_move_into_its_own_subtree_is_refused_and_changes_nothing(tree):
    versions = OrganisationVersion.objects.count()
    with pytest.raises(UserError, match="vòng lặp"):
        org_move(actor=SYSTEM, org=tree.hanoi, new_parent=tree.cardio, on=date(2025, 1, 1))
    assert OrganisationVersion.objects.count() == versions
    assert Organisation.objects.get(pk=tree.hanoi.pk).parent_id == tree.national.pk


def test_a_backdated_move_under_a_former_child_is_refused_but_a_later_one_is_allowed(tree):
    """Khoa Tim mạch left Bạch Mai on 01/01/2025: hanging Bạch Mai under it from 2021 would make the
    tree of 2021–2024 a loop (each above the other); from 2025 on it is a plain move."""
    org_move(actor=SYSTEM, org=tree.cardio, new_parent=tree.hanoi_pharma, on=date(2025, 1, 1))
    versions = OrganisationVersion.objects.count()
    with pytest.raises(UserError, match="vòng lặp"):
        org_move(actor=SYSTEM, org=tree.bach_mai, new_parent=tree.cardio, on=date(2021, 6, 1))
    assert OrganisationVersion.objects.count() == versions
    assert _parent_of(org_tree_as_of(actor=SYSTEM, on=date(2021, 12, 4)), "BV-BM") == "CDN-HN"
    org_move(actor=SYSTEM, org=tree.bach_mai, new_parent=tree.cardio, on=date(2025, 2, 1))
    assert _parent_of(org_tree_as_of(actor=SYSTEM, on=date(2025, 6, 1)), "BV-BM") == "BV-BM-TM"


def test_merger_closes_sources_and_keeps_their_records_under_the_successor(tree):
    ninh_binh = org_create(actor=SYSTEM, code="CDN-NB", name="Công đoàn ngành Y tế Ninh Bình",
                           kind=OrgKind.PROVINCIAL_SECTOR_UNION, parent=tree.national, valid_from=date(2020, 1, 1))
    org_merge(actor=SYSTEM, sources=[tree.hanoi], into=ninh_binh, on=MERGER, reason="Sắp xếp đơn vị hành chính")
    hanoi = Organisation.objects.get(pk=tree.hanoi.pk)
    assert hanoi.valid_to == date(2025, 6, 30) and hanoi.successor_id == ninh_binh.pk
    # Its active children now hang under the successor, from the merger day on.
    assert _parent_of(org_tree_as_of(actor=SYSTEM, on=MERGER), "BV-BM") == "CDN-NB"
    assert _parent_of(org_tree_as_of(actor=SYSTEM, on=date(2025, 6, 30)), "BV-BM") == "CDN-HN"
    assert "CDN-HN" not in _names(org_tree_as_of(actor=SYSTEM, on=MERGER))
    # Its records are reachable from the successor.
    assert [o.code for o in org_predecessors(org=ninh_binh)] == ["CDN-HN"]
    member_ids = set(members_in_subtree(actor=SYSTEM, org=ninh_binh, on=date(2025, 8, 1)).values_list("person_id", flat=True))
    assert {tree.duc.pk, tree.hoa.pk, tree.lan.pk} <= member_ids


def test_merged_unit_stays_in_the_successor_officers_scope(tree, make_user):
    ninh_binh = org_create(actor=SYSTEM, code="CDN-NB", name="Công đoàn ngành Y tế Ninh Bình",
                           kind=OrgKind.PROVINCIAL_SECTOR_UNION, parent=tree.national, valid_from=date(2020, 1, 1))
    officer = make_user(Role.UNION_OFFICER, ninh_binh)
    org_merge(actor=SYSTEM, sources=[tree.hanoi], into=ninh_binh, on=MERGER)
    visible = set(org_subtree(actor=officer, org=ninh_binh).values_list("code", flat=True))
    assert {"CDN-HN", "BV-BM", "BV-BM-TM"} <= visible


def test_split_links_the_closed_unit_to_each_successor(tree):
    north = org_create(actor=SYSTEM, code="BV-BM-N", name="Công đoàn Bệnh viện Bạch Mai cơ sở Bắc", kind=OrgKind.GRASSROOTS_PUBLIC, parent=tree.hanoi, valid_from=MERGER)
    south = org_create(actor=SYSTEM, code="BV-BM-S", name="Công đoàn Bệnh viện Bạch Mai cơ sở Nam", kind=OrgKind.GRASSROOTS_PUBLIC, parent=tree.hanoi, valid_from=MERGER)
    with pytest.raises(UserError, match="còn tổ chức trực thuộc"):
        org_split(actor=SYSTEM, source=tree.bach_mai, into=[north, south], on=MERGER)
    org_move(actor=SYSTEM, org=tree.cardio, new_parent=north, on=MERGER)
    org_split(actor=SYSTEM, source=tree.bach_mai, into=[north, south], on=MERGER)
    assert Organisation.objects.get(pk=tree.bach_mai.pk).valid_to == date(2025, 6, 30)
    assert [o.code for o in org_predecessors(org=south)] == ["BV-BM"]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"code": "BV-BM"}, "đã được dùng"),
        ({"code": "bv-bm"}, "đã được dùng"),
        ({"code": "mã có dấu"}, "không hợp lệ"),
        ({"code": "Tree"}, "từ dành riêng"),
        ({"kind": "hospital"}, "Loại tổ chức «hospital» không hợp lệ"),
        ({"name": "   "}, "không được để trống"),
        ({"province_code": 999}, "không có trong danh mục"),
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_writes_nothing(tree, kwargs, message):
    counts = Organisation.objects.count(), AuditEntry.objects.count()
    args = {"code": "BV-MOI", "name": "Công đoàn Bệnh viện mới", "kind": OrgKind.GRASSROOTS_PUBLIC,
            "parent": tree.hanoi, "valid_from": date(2024, 1, 1), **kwargs}
    with pytest.raises(UserError, match=message):
        org_create(actor=SYSTEM, **args)
    assert (Organisation.objects.count(), AuditEntry.objects.count()) == counts


def test_officers_create_only_inside_their_subtree(tree, make_user):
    officer = make_user(Role.UNION_OFFICER, tree.hanoi)
    unit = org_create(actor=officer, code="BV-MOI", name="Công đoàn Bệnh viện mới", kind=OrgKind.GRASSROOTS_PUBLIC,
                      parent=tree.hanoi, valid_from=date(2024, 1, 1))
    assert unit.parent_id == tree.hanoi.pk
    with pytest.raises(NotFound):
        org_create(actor=officer, code="BV-HUE2", name="Bệnh viện khác", kind=OrgKind.GRASSROOTS_PUBLIC,
                   parent=tree.hue, valid_from=date(2024, 1, 1))
    viewer = make_user(Role.VIEWER, tree.hanoi)
    with pytest.raises(Forbidden):
        org_rename(actor=viewer, org=tree.bach_mai, name="Tên khác", on=date(2024, 1, 1))
    with pytest.raises(Forbidden):
        org_create(actor=officer, code="GOC", name="Gốc mới", kind=OrgKind.CONFEDERATION, valid_from=date(2024, 1, 1))


def test_every_change_to_the_tree_is_audited_with_before_and_after(tree, make_user):
    officer = make_user(Role.UNION_OFFICER, tree.hanoi)
    org_rename(actor=officer, org=tree.bach_mai, name="Công đoàn BV Bạch Mai", on=date(2024, 1, 1), reason="Quyết định 12/QĐ")
    entry = AuditEntry.objects.filter(model="organisations.organisation", object_id=str(tree.bach_mai.pk)).first()
    assert entry.action == "update" and entry.actor == officer and entry.reason == "Quyết định 12/QĐ"
    assert entry.before["name"] == "Công đoàn Bệnh viện Bạch Mai" and entry.after["name"] == "Công đoàn BV Bạch Mai"


def test_changes_before_the_last_change_are_refused(tree):
    org_rename(actor=SYSTEM, org=tree.bach_mai, name="Tên mới", on=date(2024, 1, 1))
    with pytest.raises(UserError, match="sớm hơn thay đổi gần nhất"):
        org_rename(actor=SYSTEM, org=tree.bach_mai, name="Tên khác", on=date(2023, 1, 1))
