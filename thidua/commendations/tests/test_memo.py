"""The verdict memo, on full or lazy facts, gives exactly the engine's verdicts over random histories (no database)."""
from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.commendations.facts import Interner, PersonFacts, merged_periods, months_in_year, person_subject
from thidua.commendations.memo import Judge, compact
from thidua.rules import DEFAULTS, Situation, catalogue, evaluate
from thidua.rules.model import Citation
from thidua.rules.org_rules import OrgRule

YEAR, ON = 2024, date(2025, 1, 15)
CATEGORIES = {code: award.category for code, award in catalogue().items()}
INDIVIDUAL = [code for code, award in catalogue().items() if award.subject in ("individual", "both")]
RULES = (
    (),
    (OrgRule("1", "Công đoàn ngành Y tế Hà Nội", ("lao_dong_tien_tien", "chien_si_thi_dua_co_so"), "require_registration", True,
             date(2024, 1, 1), None, Citation("Quy chế 1", "Điều 2")),
     OrgRule("2", "Công đoàn Bệnh viện Bạch Mai", ("lao_dong_tien_tien",), "max_absent_days", 40, date(2020, 1, 1), None,
             Citation("Quy chế 2", "Điều 3"))),
)

ratings = st.sampled_from(["HTXSNV", "HTTNV", "HTNV", "KHTNV", ""])
appraisal = st.tuples(st.sampled_from(["HTXSNV", "HTTNV", "HTNV", "KHTNV", ""]), st.sampled_from(["", "", "khien_trach", "canh_cao"]),
                      st.one_of(st.none(), st.integers(0, 60)), st.one_of(st.none(), st.integers(0, 10)),
                      st.one_of(st.none(), st.booleans()))
person = st.fixed_dictionaries({
    "start": st.dates(date(2010, 1, 1), date(2024, 12, 1)),
    "end": st.one_of(st.none(), st.dates(date(2024, 1, 1), date(2025, 6, 1))),
    "profession": st.sampled_from(["doctor", "nurse", "administration"]),
    "years": st.dictionaries(st.integers(2015, 2024), appraisal, max_size=10),
    "awards": st.lists(st.tuples(st.sampled_from(sorted(CATEGORIES)), st.integers(2015, 2024)), max_size=6),
    "initiatives": st.lists(st.tuples(st.integers(2015, 2024), st.sampled_from(["initiative", "topic"]),
                                      st.sampled_from([None, "co_so", "tinh", "toan_quoc"]), st.booleans()), max_size=3),
    "rules": st.sampled_from(RULES),
})

JUDGE = Judge(year=YEAR, on=ON, params=DEFAULTS)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(person, min_size=1, max_size=4))
def test_remembered_verdicts_are_the_engines(people):
    interner = Interner()
    for p in people:
        end = p["end"] if p["end"] is None or p["end"] >= p["start"] else None
        subject = person_subject(
            year=YEAR, on=ON, employments=[(1, p["start"], end, p["profession"], "")],
            appraisals=[(y,) + values for y, values in p["years"].items()], awards=p["awards"],
            initiatives=p["initiatives"], categories=CATEGORIES, interner=interner,
        )
        lazy = PersonFacts(year=YEAR, on=ON, employments=[(1, p["start"], end, p["profession"], "")],
                           appraisals=[(y,) + values for y, values in p["years"].items()], awards=p["awards"],
                           initiatives=p["initiatives"], categories=CATEGORIES, interner=interner)
        for award in INDIVIDUAL:
            expected = compact(evaluate(Situation(award, YEAR, ON, subject, p["rules"]), award, on=ON, year=YEAR, params=DEFAULTS))
            assert JUDGE.verdict(subject, award, p["rules"]) == expected, award
            assert JUDGE.verdict(lazy, award, p["rules"]) == expected, award
        assert lazy.subject() == subject
    assert not JUDGE.disabled


def test_the_memo_remembers():
    judge = Judge(year=YEAR, on=ON, params=DEFAULTS)
    subject = person_subject(year=YEAR, on=ON, employments=[(1, date(2015, 3, 1), None, "nurse", "")],
                             appraisals=[(2024, "HTTNV", "", 0, 0, True)], awards=[], initiatives=[], categories=CATEGORIES)
    first = judge.verdict(subject, "lao_dong_tien_tien")
    assert judge.verdict(subject, "lao_dong_tien_tien") == first == ("eligible", "", "")
    assert (judge.misses, judge.hits, judge.leaves) == (1, 1, 1)


def test_employment_periods_merge_across_a_transfer_and_count_whole_months():
    periods = merged_periods([(1, date(2024, 3, 15), date(2024, 6, 30), "", ""), (2, date(2024, 7, 1), None, "", ""),
                              (3, date(2019, 1, 1), date(2019, 12, 31), "", "")])
    assert periods == [(date(2019, 1, 1), date(2019, 12, 31)), (date(2024, 3, 15), None)]
    assert [months_in_year(periods, y) for y in (2019, 2020, 2024, 2025)] == [12, 0, 9, 12]
    assert months_in_year([(date(2024, 1, 1), date(2024, 6, 14))], 2024) == 5
