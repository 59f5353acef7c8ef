"""Yearly appraisals: recorded once a year, updated in place, checked in Vietnamese, audited."""
from __future__ import annotations

import pytest

from thidua.core.errors import NotFound, UserError
from thidua.core.models import AuditEntry, Role
from thidua.core.permissions import SYSTEM
from thidua.core.scales import Confidence, Discipline, Rating, Scope
from thidua.people.models import YearlyAppraisal
from thidua.people.services import appraisal_record, appraisal_update
from thidua.rules.model import DISCIPLINES, RATINGS, SCOPES


def test_the_scales_are_the_rules_own_codes():
    assert tuple(Rating.values) == RATINGS
    assert tuple(Discipline.values) == DISCIPLINES
    assert tuple(Scope.values) == SCOPES
    assert tuple(Confidence.values) == ("V", "S", "U")


def test_a_year_is_recorded_then_updated_with_an_audit_row_each_time(tree, hanoi_officer):
    first = appraisal_record(actor=hanoi_officer, person=tree.duc, year=2024, rating="HTTNV", absent_days=3, registered=True,
                             reason="Kết quả đánh giá cuối năm")
    again = appraisal_record(actor=hanoi_officer, person=tree.duc, year=2024, rating="HTXSNV", absent_days=3, registered=True)
    assert again.pk == first.pk and YearlyAppraisal.objects.get().rating == "HTXSNV"
    changed = appraisal_update(actor=hanoi_officer, appraisal=again, discipline="khien_trach", reason="Quyết định kỷ luật")
    assert (changed.rating, changed.discipline, changed.absent_days) == ("HTXSNV", "khien_trach", 3)
    rows = list(AuditEntry.objects.filter(model="people.yearlyappraisal", object_id=str(first.pk)).order_by("id"))
    assert [r.action for r in rows] == ["create", "update", "update"]
    assert rows[0].reason == "Kết quả đánh giá cuối năm" and rows[0].org_path == tree.cardio.path
    assert rows[2].before["discipline"] == "" and rows[2].after["discipline"] == "khien_trach"


@pytest.mark.parametrize("changes, words", [
    ({"rating": "XUAT_SAC"}, "Xếp loại «XUAT_SAC» không hợp lệ"),
    ({"discipline": "phat_tien"}, "Hình thức kỷ luật «phat_tien» không hợp lệ"),
    ({"year": 1900}, "hãy nhập một năm từ 1975"),
    ({"absent_days": 400}, "từ 0 đến 366"),
    ({"absent_days": 5, "maternity_days": 10}, "không thể lớn hơn tổng số ngày nghỉ"),
    ({"registered": "có"}, "Đăng ký thi đua"),
])
def test_bad_appraisals_are_refused_and_nothing_is_written(tree, changes, words):
    values = {"year": 2024, "rating": "HTTNV"}
    values.update(changes)
    with pytest.raises(UserError) as caught:
        appraisal_record(actor=SYSTEM, person=tree.duc, **values)
    assert words in caught.value.message
    assert not YearlyAppraisal.objects.exists()
    assert not AuditEntry.objects.filter(model="people.yearlyappraisal").exists()


def test_only_officers_in_scope_record_appraisals(tree, hanoi_officer, make_user):
    with pytest.raises(NotFound):
        appraisal_record(actor=hanoi_officer, person=tree.hoa2, year=2024, rating="HTTNV")
    council = make_user(Role.COUNCIL_MEMBER, tree.hanoi)
    with pytest.raises(UserError):
        appraisal_record(actor=council, person=tree.duc, year=2024, rating="HTTNV")
    assert not YearlyAppraisal.objects.exists()
