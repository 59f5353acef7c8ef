"""Recording initiatives and research topics."""
from __future__ import annotations

import pytest

from thidua.core.errors import NotFound, UserError
from thidua.core.models import AuditEntry
from thidua.core.permissions import SYSTEM
from thidua.movements.models import Initiative
from thidua.movements.services import initiative_record


def test_an_initiative_is_recorded_with_its_authors_and_audited(tree, hanoi_officer):
    item = initiative_record(actor=hanoi_officer, kind="initiative", title="  Quy trình   tiếp đón người bệnh ", year=2024,
                             organisation=tree.bach_mai, authors=[tree.duc, tree.hoa], scope="co_so", accepted=True,
                             decision_number="12/QĐ-BV", reason="Hội đồng sáng kiến công nhận")
    assert item.title == "Quy trình tiếp đón người bệnh"
    assert set(item.authors.all()) == {tree.duc, tree.hoa}
    entry = AuditEntry.objects.get(model="movements.initiative", object_id=str(item.pk))
    assert entry.after["authors"] == sorted([tree.duc.pk, tree.hoa.pk]) and entry.reason == "Hội đồng sáng kiến công nhận"


@pytest.mark.parametrize("changes, words", [
    ({"kind": "bai_bao"}, "Loại «bai_bao» không hợp lệ"),
    ({"title": " "}, "tên sáng kiến"),
    ({"year": 20245}, "hãy nhập một năm"),
    ({"scope": "quan_huyen"}, "Phạm vi công nhận «quan_huyen» không hợp lệ"),
    ({"scope": None}, "phải ghi phạm vi công nhận"),
    ({"authors": []}, "ít nhất một tác giả"),
])
def test_bad_initiatives_are_refused(tree, changes, words):
    values = {"kind": "initiative", "title": "Cải tiến", "year": 2024, "organisation": tree.bach_mai, "authors": [tree.duc],
              "scope": "co_so", "accepted": True}
    values.update(changes)
    with pytest.raises(UserError) as caught:
        initiative_record(actor=SYSTEM, **values)
    assert words in caught.value.message
    assert not Initiative.objects.exists()


def test_authors_and_units_outside_the_scope_are_not_found(tree, hanoi_officer):
    with pytest.raises(UserError, match="Không tìm thấy tác giả"):
        initiative_record(actor=hanoi_officer, kind="topic", title="Đề tài", year=2024, organisation=tree.bach_mai, authors=[tree.hoa2])
    with pytest.raises(NotFound):
        initiative_record(actor=hanoi_officer, kind="topic", title="Đề tài", year=2024, organisation=tree.hue_central, authors=[tree.duc])
    assert not Initiative.objects.exists()
