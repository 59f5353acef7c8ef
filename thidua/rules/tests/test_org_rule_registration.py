"""The organisation rule «registered_for_award»: a title needs the person's registration for it that year.

Legal-style cases, each named as a sentence: the situation a health union's rules describe (its
grassroots rules exclude from the yearly titles anyone who did not register at the start of the
year), judged by the pure engine.
"""
from __future__ import annotations

from datetime import date

import pytest

from thidua.rules import MISSING, Situation, Subject, YearRecord, evaluate
from thidua.rules.model import Citation
from thidua.rules.org_rules import KINDS, OrgRule

RULE = OrgRule(
    id="bm-dang-ky", organisation="Công đoàn Bệnh viện Bạch Mai", awards=("lao_dong_tien_tien", "chien_si_thi_dua_co_so"),
    kind="registered_for_award", value=True, since=date(2024, 1, 1), until=None,
    citation=Citation("Quy chế thi đua, khen thưởng của Công đoàn Bệnh viện Bạch Mai", "Điều 5", confidence="V"),
)
NURSE_2024 = {2024: YearRecord(rating="HTTNV", discipline=None, absent_days=3)}


def _judge(registrations, *, rules=(RULE,), award="lao_dong_tien_tien"):
    subject = Subject(kind="individual", hired_on=date(2015, 3, 1), years=NURSE_2024, registrations=registrations)
    result = evaluate(Situation(award, 2024, date(2025, 1, 15), subject, tuple(rules)))
    return result, {c.id: c for c in result.criteria}


def test_the_two_registration_rules_are_told_apart_in_vietnamese():
    # An officer chooses between the appraisal's yes/no and the registration book by their labels alone.
    assert "sổ đăng ký thi đua" in KINDS["registered_for_award"]
    assert "phiếu đánh giá" in KINDS["require_registration"]


def test_without_the_rule_a_nurse_who_completed_her_tasks_well_is_eligible_registered_or_not():
    assert _judge((), rules=())[0].verdict.value == "eligible"


def test_with_the_rule_a_nurse_who_did_not_register_is_not_eligible_and_told_why():
    result, criteria = _judge(())
    assert result.verdict.value == "ineligible"
    reason = criteria["org:bm-dang-ky"]
    assert reason.met is False
    assert "Chưa đăng ký danh hiệu «Lao động tiên tiến» năm 2024" in reason.explanation
    assert "Công đoàn Bệnh viện Bạch Mai" in reason.explanation
    assert reason.citation == "Quy chế thi đua, khen thưởng của Công đoàn Bệnh viện Bạch Mai, Điều 5"


def test_with_the_rule_a_nurse_registered_for_the_title_that_year_is_eligible():
    result, criteria = _judge((("lao_dong_tien_tien", 2024),))
    assert result.verdict.value == "eligible"
    assert criteria["org:bm-dang-ky"].met is True
    assert "Đã đăng ký danh hiệu «Lao động tiên tiến» từ đầu năm 2024" in criteria["org:bm-dang-ky"].explanation


@pytest.mark.parametrize("registrations", [
    (("chien_si_thi_dua_co_so", 2024),),  # another title
    (("lao_dong_tien_tien", 2023),),  # another year
])
def test_a_registration_for_another_title_or_year_does_not_count(registrations):
    assert _judge(registrations)[0].verdict.value == "ineligible"


def test_when_nobody_said_whether_she_registered_the_data_is_insufficient():
    result, criteria = _judge(MISSING)
    assert result.verdict.value == "insufficient_data"
    assert criteria["org:bm-dang-ky"].met is None


def test_the_rule_applies_only_to_the_titles_it_names_and_from_its_date():
    later = OrgRule(**{**RULE.__dict__, "since": date(2025, 1, 1)})
    assert _judge((), rules=(later,))[0].verdict.value == "eligible"
    other = OrgRule(**{**RULE.__dict__, "awards": ("chien_si_thi_dua_co_so",)})
    assert _judge((), rules=(other,))[0].verdict.value == "eligible"
