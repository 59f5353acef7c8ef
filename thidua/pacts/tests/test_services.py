"""Clusters, blocks and pacts through their services: what is written, who may write, and every bad
input refused with a Vietnamese sentence and nothing written."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from thidua.core.errors import Forbidden, NotFound, UserError
from thidua.core.models import AuditEntry, Role
from thidua.core.permissions import SYSTEM
from thidua.pacts.models import Grouping, GroupingLeader, GroupingMember, Meeting, Pact, PactDocument, PactScore
from thidua.pacts.services import (
    MAX_DOCUMENT_BYTES,
    TargetInput,
    Upload,
    grouping_create,
    grouping_end,
    grouping_leader_set,
    grouping_member_add,
    grouping_member_leave,
    meeting_record,
    pact_create_department,
    pact_create_grouping,
    pact_create_personal,
    pact_document_attach,
    pact_score,
)
from thidua.pacts.tests.conftest import PDF, TARGETS


def counts() -> tuple:
    return tuple(m.objects.count() for m in (Grouping, GroupingMember, GroupingLeader, Meeting, Pact, PactScore,
                                             PactDocument, AuditEntry))


def refused(call, *, contains: str, field: str | None = None) -> UserError:
    before = counts()
    with pytest.raises(UserError) as info:
        call()
    assert contains in info.value.message, info.value.message
    if field is not None:
        assert info.value.field == field
    assert counts() == before, "nothing may be written when the input is refused"
    return info.value


# --- Groupings -----------------------------------------------------------------------------------------


def test_a_sector_union_sets_up_a_cluster_of_its_hospitals(tree, hanoi_officer):
    grouping = grouping_create(actor=hanoi_officer, kind="cluster", name="Cụm thi đua số 2", owner=tree.hanoi,
                               valid_from=date(2024, 1, 1), members=[tree.bach_mai, tree.hanoi_pharma])
    members = {m.organisation_id: m for m in grouping.members.all()}
    assert set(members) == {tree.bach_mai.pk, tree.hanoi_pharma.pk}
    assert all(m.joined == date(2024, 1, 1) and m.left is None for m in members.values())
    entries = AuditEntry.objects.filter(model__startswith="pacts.")
    assert entries.filter(model="pacts.grouping", object_id=str(grouping.pk), actor=hanoi_officer).exists()
    assert entries.filter(model="pacts.groupingmember").count() == 2
    assert all(e.org_path == tree.hanoi.path for e in entries)


def test_grouping_bad_input_is_refused(tree):
    make = dict(actor=SYSTEM, kind="cluster", name="Cụm", owner=tree.hanoi, valid_from=date(2024, 1, 1))
    refused(lambda: grouping_create(**{**make, "kind": "nhom"}), contains="Loại cụm, khối", field="kind")
    refused(lambda: grouping_create(**{**make, "name": "  "}), contains="Hãy nhập tên cụm, khối", field="name")
    refused(lambda: grouping_create(**make, valid_to=date(2023, 12, 31)), contains="sớm hơn ngày bắt đầu", field="valid_to")
    refused(lambda: grouping_create(**make, members=[tree.hue_central]), contains="không trực thuộc Công đoàn ngành Y tế Hà Nội",
            field="members")
    refused(lambda: grouping_create(**make, members=[tree.hanoi]), contains="không trực thuộc", field="members")


def test_only_the_owners_emulation_officers_set_up_a_cluster(tree, make_user):
    viewer = make_user(Role.VIEWER, tree.hanoi)
    hue = make_user(Role.EMULATION_OFFICER, tree.hue)
    make = dict(kind="cluster", name="Cụm", owner=tree.hanoi, valid_from=date(2024, 1, 1))
    with pytest.raises(Forbidden):
        grouping_create(actor=viewer, **make)
    with pytest.raises(NotFound):
        grouping_create(actor=hue, **make)
    assert Grouping.objects.count() == 0
    officer = make_user(Role.EMULATION_OFFICER, tree.hanoi)
    assert grouping_create(actor=officer, **make).owner == tree.hanoi


def test_members_join_and_leave_over_time(tree, cluster, third, hanoi_officer):
    member = grouping_member_add(actor=hanoi_officer, grouping=cluster, organisation=third, joined=date(2025, 3, 1))
    grouping_member_leave(actor=hanoi_officer, member=member, left=date(2025, 12, 31))
    member.refresh_from_db()
    assert (member.joined, member.left) == (date(2025, 3, 1), date(2025, 12, 31))
    refused(lambda: grouping_member_add(actor=hanoi_officer, grouping=cluster, organisation=tree.bach_mai, joined=date(2025, 1, 1)),
            contains="đã là thành viên", field="organisation")
    refused(lambda: grouping_member_add(actor=hanoi_officer, grouping=cluster, organisation=third, joined=date(2023, 1, 1)),
            contains="không hoạt động vào ngày 01/01/2023", field="joined")
    refused(lambda: grouping_member_leave(actor=hanoi_officer, member=cluster.members.first(), left=date(2023, 6, 1)),
            contains="sớm hơn ngày vào", field="left")
    # After leaving, the unit may join again.
    again = grouping_member_add(actor=hanoi_officer, grouping=cluster, organisation=third, joined=date(2026, 1, 1))
    assert cluster.members.filter(organisation=third).count() == 2 and again.left is None


def test_the_leader_rotates_each_year_and_must_be_a_member(tree, cluster, third, hanoi_officer):
    grouping_leader_set(actor=hanoi_officer, grouping=cluster, year=2024, organisation=tree.bach_mai)
    grouping_leader_set(actor=hanoi_officer, grouping=cluster, year=2025, organisation=tree.hanoi_pharma)
    grouping_leader_set(actor=hanoi_officer, grouping=cluster, year=2025, organisation=tree.bach_mai, role="deputy")
    leaders = {(r.year, r.role): r.organisation_id for r in cluster.leaders.all()}
    assert leaders == {(2024, "leader"): tree.bach_mai.pk, (2025, "leader"): tree.hanoi_pharma.pk,
                       (2025, "deputy"): tree.bach_mai.pk}
    # Naming another leader for 2024 replaces the first (with an audit row of the change).
    grouping_leader_set(actor=hanoi_officer, grouping=cluster, year=2024, organisation=tree.hanoi_pharma)
    assert cluster.leaders.get(year=2024, role="leader").organisation == tree.hanoi_pharma
    assert AuditEntry.objects.filter(model="pacts.groupingleader", action="update").count() == 1
    refused(lambda: grouping_leader_set(actor=hanoi_officer, grouping=cluster, year=2025, organisation=third),
            contains="không phải thành viên", field="organisation")
    refused(lambda: grouping_leader_set(actor=hanoi_officer, grouping=cluster, year=2025, organisation=tree.hanoi_pharma,
                                        role="deputy"), contains="hai đơn vị khác nhau", field="organisation")
    refused(lambda: grouping_leader_set(actor=hanoi_officer, grouping=cluster, year=2023, organisation=tree.bach_mai),
            contains="không hoạt động trong năm 2023", field="year")
    refused(lambda: grouping_leader_set(actor=hanoi_officer, grouping=cluster, year=2025, organisation=tree.bach_mai, role="chu_tich"),
            contains="Vai trò", field="role")


def test_meetings_record_attendees_minutes_and_a_file(tree, cluster, third, make_user):
    grouping_leader_set(actor=SYSTEM, grouping=cluster, year=2025, organisation=tree.bach_mai)
    # The leader of the year convenes the meeting: its officers may record it.
    leader_officer = make_user(Role.EMULATION_OFFICER, tree.bach_mai)
    meeting = meeting_record(actor=leader_officer, grouping=cluster, held_on=date(2025, 8, 13), place="Bệnh viện Bạch Mai",
                             attendees=[tree.bach_mai, tree.hanoi_pharma], minutes="Thống nhất chỉ tiêu 6 tháng cuối năm.",
                             minutes_file=Upload("bien-ban.pdf", PDF))
    assert set(meeting.attendees.values_list("pk", flat=True)) == {tree.bach_mai.pk, tree.hanoi_pharma.pk}
    assert meeting.documents.get().content_type == "application/pdf"
    # Not the leader in 2024: the same officer may not record a 2024 meeting.
    with pytest.raises(Forbidden):
        meeting_record(actor=leader_officer, grouping=cluster, held_on=date(2024, 8, 13), place="Hà Nội", attendees=[tree.bach_mai])
    make = dict(actor=SYSTEM, grouping=cluster, held_on=date(2025, 9, 1), place="Hà Nội", attendees=[tree.bach_mai])
    refused(lambda: meeting_record(**{**make, "attendees": [tree.bach_mai, third]}), contains="không phải thành viên",
            field="attendees")
    refused(lambda: meeting_record(**{**make, "attendees": []}), contains="ít nhất một đơn vị", field="attendees")
    refused(lambda: meeting_record(**{**make, "place": ""}), contains="Hãy nhập địa điểm", field="place")
    refused(lambda: meeting_record(**{**make, "held_on": date(2023, 5, 1)}), contains="không hoạt động", field="held_on")
    refused(lambda: meeting_record(**make, minutes_file=Upload("bien-ban.exe", b"MZ\x90\x00")),
            contains="Tệp «bien-ban.exe» không được nhận: chỉ nhận văn bản PDF, ảnh JPEG hoặc ảnh PNG.",
            field="minutes_file")


def test_a_cluster_wound_up_and_replaced_by_a_twinning_pact_keeps_its_history(tree, cluster, hanoi_officer):
    cluster_pact = pact_create_grouping(actor=SYSTEM, grouping=cluster, title="Giao ước 2024", year=2024,
                                        signed_on=date(2024, 2, 1), targets=TARGETS)
    twinning = grouping_create(actor=hanoi_officer, kind="twinning", name="Giao ước kết nghĩa", owner=tree.hanoi,
                               valid_from=date(2025, 1, 1), members=[tree.bach_mai, tree.hanoi_pharma], replaces=cluster)
    cluster.refresh_from_db()
    assert cluster.valid_to == date(2024, 12, 31) and cluster.replaced_by == twinning
    assert all(m.left == date(2024, 12, 31) for m in cluster.members.all())
    assert Pact.objects.filter(pk=cluster_pact.pk, grouping=cluster).exists()  # the history stays
    refused(lambda: grouping_create(actor=SYSTEM, kind="twinning", name="Lần hai", owner=tree.hanoi, valid_from=date(2025, 6, 1),
                                    replaces=cluster), contains="đã được thay bằng", field="replaces")
    refused(lambda: grouping_end(actor=SYSTEM, grouping=cluster, on=date(2025, 6, 1)), contains="đã kết thúc", field="on")
    # A pact of the closed cluster cannot be signed after it ended.
    refused(lambda: pact_create_grouping(actor=SYSTEM, grouping=cluster, title="Muộn", year=2025, signed_on=date(2025, 2, 1),
                                         targets=TARGETS), contains="không hoạt động vào ngày ký", field="signed_on")


def test_grouping_end_names_its_successor(tree, cluster):
    block = grouping_create(actor=SYSTEM, kind="block", name="Khối bệnh viện", owner=tree.hanoi, valid_from=date(2026, 1, 1))
    refused(lambda: grouping_end(actor=SYSTEM, grouping=cluster, on=date(2023, 1, 1)), contains="sớm hơn ngày thành lập", field="on")
    refused(lambda: grouping_end(actor=SYSTEM, grouping=cluster, on=date(2025, 12, 31), replaced_by=cluster),
            contains="chính nó", field="replaced_by")
    grouping_end(actor=SYSTEM, grouping=cluster, on=date(2025, 12, 31), replaced_by=block, reason="Tổng Liên đoàn chỉ đạo")
    cluster.refresh_from_db()
    assert (cluster.valid_to, cluster.replaced_by_id) == (date(2025, 12, 31), block.pk)
    assert AuditEntry.objects.filter(model="pacts.grouping", object_id=str(cluster.pk), action="update",
                                     reason="Tổng Liên đoàn chỉ đạo").exists()


# --- Pacts ---------------------------------------------------------------------------------------------


def test_a_cluster_pact_is_signed_by_the_members_of_the_day(tree, cluster, cluster_pact):
    parties = {p.organisation_id for p in cluster_pact.parties.all()}
    assert parties == {tree.bach_mai.pk, tree.hanoi_pharma.pk}
    assert [(t.title, t.weight) for t in cluster_pact.targets.all()] == [(t.title, t.weight) for t in TARGETS]
    entry = AuditEntry.objects.get(model="pacts.pact", object_id=str(cluster_pact.pk))
    assert entry.after["targets"][0] == ["Hoàn thành kế hoạch khám chữa bệnh", 40]


def test_a_unit_outside_the_cluster_cannot_sign_its_pact(tree, cluster, third):
    error = refused(lambda: pact_create_grouping(actor=SYSTEM, grouping=cluster, title="Giao ước", year=2025,
                                                 signed_on=date(2025, 2, 1), targets=TARGETS,
                                                 parties=[tree.bach_mai, third]),
                    contains="Công đoàn Bệnh viện Sản Nhi không phải thành viên", field="parties")
    assert "không thể ký giao ước của cụm" in error.message
    # A member who left before the signing day is outside too.
    grouping_member_leave(actor=SYSTEM, member=cluster.members.get(organisation=tree.hanoi_pharma), left=date(2025, 1, 31))
    refused(lambda: pact_create_grouping(actor=SYSTEM, grouping=cluster, title="Giao ước", year=2025, signed_on=date(2025, 2, 1),
                                         targets=TARGETS, parties=[tree.bach_mai, tree.hanoi_pharma]),
            contains="không phải thành viên", field="parties")
    refused(lambda: pact_create_grouping(actor=SYSTEM, grouping=cluster, title="Giao ước", year=2025, signed_on=date(2025, 2, 1),
                                         targets=TARGETS), contains="ít nhất hai đơn vị", field="parties")


@pytest.mark.parametrize("targets, message", [
    ([TargetInput("A", 50), TargetInput("B", 40)], "Tổng trọng số các chỉ tiêu là 90, phải đúng bằng 100"),
    ([TargetInput("A", 60), TargetInput("B", 60)], "Tổng trọng số các chỉ tiêu là 120"),
    ([TargetInput("A", 100), TargetInput("B", 0)], "phải là số nguyên dương"),
    ([TargetInput("A", 110), TargetInput("B", -10)], "phải là số nguyên dương"),
    ([TargetInput("", 100)], "Hãy nhập nội dung chỉ tiêu thứ 1"),
    ([], "ít nhất một chỉ tiêu"),
])
def test_target_weights_must_sum_to_100(cluster, targets, message):
    refused(lambda: pact_create_grouping(actor=SYSTEM, grouping=cluster, title="Giao ước", year=2025, signed_on=date(2025, 2, 1),
                                         targets=targets), contains=message, field="targets")


def test_other_bad_pact_input(tree, cluster):
    make = dict(actor=SYSTEM, grouping=cluster, title="Giao ước", year=2025, signed_on=date(2025, 2, 1), targets=TARGETS)
    refused(lambda: pact_create_grouping(**{**make, "title": ""}), contains="Hãy nhập tên giao ước", field="title")
    refused(lambda: pact_create_grouping(**{**make, "signed_on": date(2026, 2, 1)}), contains="không thuộc năm 2025",
            field="signed_on")
    refused(lambda: pact_create_grouping(**{**make, "year": 3000}), contains="Năm «3000» không hợp lệ", field="year")


def test_a_person_signs_with_the_head_of_their_department(tree, make_user):
    officer = make_user(Role.EMULATION_OFFICER, tree.bach_mai)
    pact = pact_create_personal(actor=officer, title="Giao ước cá nhân", year=2025, signed_on=date(2025, 1, 10), person=tree.duc,
                                department=tree.cardio, head="Phạm Văn Trưởng",
                                targets=[TargetInput("Chuyên môn", 70), TargetInput("Y đức", 30)])
    parties = list(pact.parties.order_by("id"))
    assert (parties[0].person, parties[0].organisation, parties[1].person, parties[1].signatory) == (
        tree.duc, tree.cardio, None, "Phạm Văn Trưởng")
    assert pact.organisation == tree.cardio and pact.kind == "personal"
    # Trần Thị Hòa works in the hospital, not in the cardiology department.
    refused(lambda: pact_create_personal(actor=officer, title="Giao ước", year=2025, signed_on=date(2025, 1, 10), person=tree.hoa,
                                         department=tree.cardio, targets=TARGETS),
            contains="Trần Thị Hòa không công tác tại Khoa Tim mạch", field="person")


def test_a_department_signs_with_its_unit(tree, make_user):
    officer = make_user(Role.EMULATION_OFFICER, tree.bach_mai)
    pact = pact_create_department(actor=officer, title="Giao ước khoa Tim mạch", year=2025, signed_on=date(2025, 1, 15),
                                  department=tree.cardio, unit=tree.bach_mai, targets=TARGETS, unit_signatory="Giám đốc")
    assert [p.organisation for p in pact.parties.order_by("id")] == [tree.cardio, tree.bach_mai]
    refused(lambda: pact_create_department(actor=SYSTEM, title="Giao ước", year=2025, signed_on=date(2025, 1, 15),
                                           department=tree.cardio, unit=tree.hanoi_pharma, targets=TARGETS),
            contains="Khoa Tim mạch không trực thuộc", field="department")
    with pytest.raises(NotFound):
        pact_create_department(actor=officer, title="Giao ước", year=2025, signed_on=date(2025, 1, 15),
                               department=tree.cardio, unit=tree.hanoi_pharma, targets=TARGETS)


# --- Documents -----------------------------------------------------------------------------------------


def test_signed_documents_are_pdf_or_images_of_limited_size(cluster_pact):
    doc = pact_document_attach(actor=SYSTEM, pact=cluster_pact, upload=Upload("giao-uoc.pdf", PDF))
    assert (doc.name, doc.content_type, doc.size, bytes(doc.data)) == ("giao-uoc.pdf", "application/pdf", len(PDF), PDF)
    png = pact_document_attach(actor=SYSTEM, pact=cluster_pact, upload=Upload("anh.png", b"\x89PNG\r\n\x1a\n...."))
    assert png.content_type == "image/png"
    entry = AuditEntry.objects.get(model="pacts.pactdocument", object_id=str(doc.pk))
    assert entry.after["name"] == "giao-uoc.pdf" and "data" not in entry.after
    refused(lambda: pact_document_attach(actor=SYSTEM, pact=cluster_pact, upload=Upload("x.pdf", b"")), contains="rỗng")
    refused(lambda: pact_document_attach(actor=SYSTEM, pact=cluster_pact, upload=Upload("x.pdf", b"<html>gia PDF")),
            contains="Tệp «x.pdf» không đúng định dạng .pdf: nội dung tệp không phải PDF.")
    big = PDF + b"0" * MAX_DOCUMENT_BYTES
    refused(lambda: pact_document_attach(actor=SYSTEM, pact=cluster_pact, upload=Upload("lon.pdf", big)),
            contains="Tệp «lon.pdf» quá lớn (5,1 MB): mỗi tệp tối đa 5 MB.")


# --- Scores --------------------------------------------------------------------------------------------


def _parties(pact, tree):
    by_org = {p.organisation_id: p for p in pact.parties.all()}
    return by_org[tree.bach_mai.pk], by_org[tree.hanoi_pharma.pk]


def test_self_and_cross_scores(tree, cluster_pact, make_user):
    bm, ph = _parties(cluster_pact, tree)
    target = cluster_pact.targets.first()
    bm_officer = make_user(Role.EMULATION_OFFICER, tree.bach_mai)
    own = pact_score(actor=bm_officer, pact=cluster_pact, target=target, party=bm, value="38.5")
    cross = pact_score(actor=bm_officer, pact=cluster_pact, target=target, party=ph, scorer=bm, value=35)
    assert own.is_self and own.value == Decimal("38.50")
    assert not cross.is_self and (cross.party, cross.scorer) == (ph, bm)
    # Scoring again replaces the score.
    pact_score(actor=bm_officer, pact=cluster_pact, target=target, party=bm, value="39")
    assert PactScore.objects.get(pk=own.pk).value == Decimal("39.00") and PactScore.objects.count() == 2
    # Bạch Mai's officers score as Bạch Mai only: not Dược phẩm's self-score, nor its cross-scores.
    with pytest.raises(Forbidden):
        pact_score(actor=bm_officer, pact=cluster_pact, target=target, party=ph, value=30)
    with pytest.raises(Forbidden):
        pact_score(actor=bm_officer, pact=cluster_pact, target=target, party=bm, scorer=ph, value=30)
    # Huế's officers do not even see the pact.
    with pytest.raises(NotFound):
        pact_score(actor=make_user(Role.EMULATION_OFFICER, tree.hue), pact=cluster_pact, target=target, party=bm, value=30)
    assert PactScore.objects.count() == 2


def test_bad_scores_are_refused(tree, cluster_pact, cluster):
    bm, ph = _parties(cluster_pact, tree)
    target = cluster_pact.targets.first()  # weight 40
    make = dict(actor=SYSTEM, pact=cluster_pact, target=target, party=ph, scorer=bm)
    for value in (-1, 41, "40.01", Decimal("1e3")):
        refused(lambda: pact_score(**{**make, "value": value}), contains="nằm ngoài khoảng cho phép: hãy nhập từ 0 đến 40",
                field="value")
    refused(lambda: pact_score(**{**make, "value": "mười"}), contains="không phải là số", field="value")
    refused(lambda: pact_score(**{**make, "value": "NaN"}), contains="không hợp lệ", field="value")
    refused(lambda: pact_score(**{**make, "value": "12.345"}), contains="quá hai chữ số thập phân", field="value")
    refused(lambda: pact_score(**{**make, "scorer": ph, "value": 30}), contains="không thể chấm chéo cho chính mình", field="scorer")
    other = pact_create_grouping(actor=SYSTEM, grouping=cluster, title="Giao ước khác", year=2025, signed_on=date(2025, 3, 1),
                                 targets=[TargetInput("Một", 100)])
    refused(lambda: pact_score(**{**make, "target": other.targets.get(), "value": 1}), contains="không thuộc giao ước", field="target")
    refused(lambda: pact_score(**{**make, "scorer": other.parties.first(), "value": 1}), contains="Bên chấm không ký", field="scorer")
    refused(lambda: pact_score(**{**make, "party": other.parties.first(), "value": 1}), contains="Bên được chấm không ký",
            field="party")
