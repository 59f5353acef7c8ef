"""Quotas over a round of proposals: the CSTĐCS share of a unit's LĐTT, the confederation's theme caps."""
from datetime import date

import pytest

from thidua.rules.catalogue import catalogue
from thidua.rules.model import Citation
from thidua.rules.params import Parameters, ParamValue
from thidua.rules.quotas import (
    CSTDCS_SHARE,
    EXCEEDED,
    NOT_IN_FORCE,
    OK,
    THEME_NATIONAL,
    THEME_PER_PROPOSER,
    UNKNOWN,
    Proposal,
    QuotaInputError,
    check_quotas,
    cstdcs_limit,
)

CSTDCS, GVN = "chien_si_thi_dua_co_so", "gioi_viec_nuoc_dam_viec_nha"
CORRECTION = Citation("Quyết định 15/QĐ-CĐN (ví dụ kiểm thử)", "Điều 3", "", "V")


def cstdcs(unit: str, n: int, ldtt: int | None, prefix: str | None = None) -> list[dict]:
    return [{"id": f"{prefix or unit}-{i}", "award": CSTDCS, "unit": unit, "ldtt_count": ldtt} for i in range(1, n + 1)]


def theme(unit: str, n: int, start: int = 1) -> list[dict]:
    return [{"id": f"{unit}-{i}", "award": GVN, "unit": unit} for i in range(start, start + n)]


def only(report, quota, unit=None):
    found = [c for c in report.checks if c.quota == quota and c.unit == unit]
    assert len(found) == 1, report.as_dict()
    return found[0]


# --- Chiến sĩ thi đua cơ sở ≤ 15 % of the unit's LĐTT ------------------------------------------------------


def test_the_worked_example_reads_as_the_officer_expects():
    report = check_quotas(cstdcs("BV01", 6, 27), year=2024)
    check = only(report, CSTDCS_SHARE, "BV01")
    assert (check.limit, check.proposed, check.excess, check.status) == (4, 6, 2, EXCEEDED)
    assert check.explanation.startswith(
        "Đơn vị BV01 có 27 Lao động tiên tiến, tối đa 15 % = 4 Chiến sĩ thi đua cơ sở (làm tròn xuống); đề nghị 6, vượt 2")
    assert check.over == ("BV01-5", "BV01-6") and check.within == ("BV01-1", "BV01-2", "BV01-3", "BV01-4")
    assert check.rounding == "floor"
    assert report.exceeding == {"BV01-5": (CSTDCS_SHARE,), "BV01-6": (CSTDCS_SHARE,)}


def test_exactly_at_the_cap_is_within():
    check = only(check_quotas(cstdcs("BV01", 4, 27), year=2024), CSTDCS_SHARE, "BV01")
    assert (check.status, check.limit, check.excess, check.over) == (OK, 4, 0, ())
    assert "đề nghị 4, không vượt" in check.explanation


def test_one_over_the_cap_the_last_one_listed_exceeds():
    check = only(check_quotas(cstdcs("BV01", 5, 27), year=2024), CSTDCS_SHARE, "BV01")
    assert (check.status, check.excess, check.over) == (EXCEEDED, 1, ("BV01-5",))


def test_26_times_15_percent_is_3_9_and_rounds_down_to_3():
    assert cstdcs_limit(26, 15, "floor") == 3
    check = only(check_quotas(cstdcs("BV02", 4, 26), year=2024), CSTDCS_SHARE, "BV02")
    assert (check.limit, check.excess, check.over) == (3, 1, ("BV02-4",))
    assert "tối đa 15 % = 3 Chiến sĩ thi đua cơ sở (làm tròn xuống)" in check.explanation


@pytest.mark.parametrize("ldtt, limit", [(0, 0), (6, 0), (7, 1), (20, 3), (100, 15), (133, 19), (140, 21)])
def test_floor_never_lets_the_share_exceed_the_percentage(ldtt, limit):
    assert cstdcs_limit(ldtt, 15, "floor") == limit
    assert limit <= ldtt * 0.15 + 1e-9


def test_decimal_arithmetic_avoids_binary_rounding_errors():
    # 100 × 0.29 is 28.999… in binary floating point; the quota must be 29.
    assert cstdcs_limit(100, 29, "floor") == 29
    assert cstdcs_limit(40, 12.5, "floor") == 5


def test_the_rounding_mode_is_a_parameter_and_the_text_says_which_was_used():
    half_up = ParamValue("quota.cstdcs.rounding", date(2024, 1, 1), "half_up", CORRECTION)
    check = only(check_quotas(cstdcs("BV02", 4, 26), year=2024, params=Parameters([half_up])), CSTDCS_SHARE, "BV02")
    assert (check.limit, check.status, check.rounding) == (4, OK, "half_up")
    assert "(làm tròn đến số nguyên gần nhất)" in check.explanation
    assert cstdcs_limit(26, 15, "ceil") == 4


def test_a_lower_share_set_by_a_province_is_a_dated_correction():
    ten = ParamValue("quota.cstdcs.max_percent", date(2025, 1, 1), 10, CORRECTION)
    params = Parameters([ten])
    assert only(check_quotas(cstdcs("BV01", 4, 27), year=2024, params=params), CSTDCS_SHARE, "BV01").limit == 4
    later = only(check_quotas(cstdcs("BV01", 4, 27), year=2025, params=params), CSTDCS_SHARE, "BV01")
    assert (later.limit, later.excess) == (2, 2)
    assert "tối đa 10 % = 2" in later.explanation


def test_the_old_rule_is_cited_as_quoted_text_and_the_2024_default_as_uncertain():
    old = only(check_quotas(cstdcs("BV01", 1, 27), year=2023), CSTDCS_SHARE, "BV01")
    new = only(check_quotas(cstdcs("BV01", 1, 27), year=2024), CSTDCS_SHARE, "BV01")
    assert "Thông tư 07/2014/TT-BNV, Điều 5" in old.citation
    assert new.confidence == "U" and "15 %" in new.citation


def test_each_unit_has_its_own_cap_and_interleaved_proposals_keep_their_order():
    a = cstdcs("BV_A", 5, 20)  # 20 × 15 % = 3
    b = cstdcs("BV_B", 3, 14)  # 14 × 15 % = 2.1 → 2
    mixed = [a[0], b[0], a[1], b[1], a[2], b[2], a[3], a[4]]
    report = check_quotas(mixed, year=2024)
    unit_a, unit_b = only(report, CSTDCS_SHARE, "BV_A"), only(report, CSTDCS_SHARE, "BV_B")
    assert (unit_a.limit, unit_a.over) == (3, ("BV_A-4", "BV_A-5"))
    assert (unit_b.limit, unit_b.over) == (2, ("BV_B-3",))
    assert set(report.exceeding) == {"BV_A-4", "BV_A-5", "BV_B-3"}


def test_the_same_list_always_gives_the_same_answer():
    proposals = cstdcs("BV01", 6, 27) + theme("LDLD_NB", 6)
    assert check_quotas(proposals, year=2024).as_dict() == check_quotas(list(proposals), year=2024).as_dict()


def test_a_unit_without_its_ldtt_count_cannot_be_checked():
    check = only(check_quotas(cstdcs("BV03", 2, None), year=2024), CSTDCS_SHARE, "BV03")
    assert (check.status, check.limit, check.over) == (UNKNOWN, None, ())
    assert "chưa có số Lao động tiên tiến" in check.explanation


def test_the_count_given_on_one_proposal_serves_the_whole_unit():
    proposals = cstdcs("BV04", 3, None)
    proposals[1]["ldtt_count"] = 13  # 13 × 15 % = 1.95 → 1
    check = only(check_quotas(proposals, year=2024), CSTDCS_SHARE, "BV04")
    assert (check.limit, check.over) == (1, ("BV04-2", "BV04-3"))


def test_conflicting_ldtt_counts_for_one_unit_are_refused_in_vietnamese():
    proposals = cstdcs("BV05", 1, 27) + cstdcs("BV05", 1, 30, prefix="khac")
    with pytest.raises(QuotaInputError, match="số Lao động tiên tiến khác nhau"):
        check_quotas(proposals, year=2024)


@pytest.mark.parametrize("bad, message", [
    ([{"award": CSTDCS, "unit": "BV01"}], "thiếu mã đề nghị"),
    ([{"id": "x", "unit": "BV01"}], "thiếu mã danh hiệu"),
    ([{"id": "x", "award": CSTDCS}], "thiếu mã đơn vị"),
    ([{"id": "x", "award": CSTDCS, "unit": "BV01", "ldtt_count": -1}], "số nguyên từ 0"),
    ([{"id": "x", "award": CSTDCS, "unit": "BV01"}, {"id": "x", "award": CSTDCS, "unit": "BV01"}], "hai lần"),
    (["x"], "phải là một đối tượng"),
])
def test_bad_input_says_what_to_fix(bad, message):
    with pytest.raises(QuotaInputError, match=message):
        check_quotas(bad, year=2024)


def test_proposals_of_awards_without_a_quota_are_ignored_and_dataclasses_are_accepted():
    report = check_quotas([Proposal("p1", "lao_dong_tien_tien", "BV01"), Proposal("p2", CSTDCS, "BV01", 7)], year=2024)
    assert [c.quota for c in report.checks] == [CSTDCS_SHARE]
    assert report.checks[0].limit == 1 and report.checks[0].status == OK


# --- the confederation's theme awards: ≤ 4 per proposer, ≤ 300 nationwide ------------------------------------


def test_four_theme_proposals_from_one_federation_are_within_the_cap():
    report = check_quotas(theme("LDLD_NB", 4), year=2024, on=date(2024, 9, 20))
    per_unit = only(report, THEME_PER_PROPOSER, "LDLD_NB")
    assert (per_unit.limit, per_unit.status, per_unit.over) == (4, OK, ())
    assert only(report, THEME_NATIONAL).status == OK


def test_the_fifth_theme_proposal_of_one_federation_exceeds():
    report = check_quotas(theme("CDYTVN", 5), year=2024, on=date(2024, 9, 20))
    per_unit = only(report, THEME_PER_PROPOSER, "CDYTVN")
    assert (per_unit.status, per_unit.excess, per_unit.over) == (EXCEEDED, 1, ("CDYTVN-5",))
    assert "tối đa 4 mỗi Liên đoàn Lao động tỉnh, thành phố, Công đoàn ngành Trung ương" in per_unit.explanation
    assert "Điều 15" in per_unit.citation


def test_the_nationwide_cap_of_300_counts_only_proposals_within_their_units_cap():
    proposals = []
    for n in range(75):  # 75 units × 4 = 300: exactly at the national cap
        proposals += theme(f"U{n:02d}", 4)
    proposals += theme("U00", 2, start=5)  # two beyond U00's own cap: not counted nationally
    report = check_quotas(proposals, year=2020)
    national = only(report, THEME_NATIONAL)
    assert (national.proposed, national.limit, national.status, national.over) == (300, 300, OK, ())
    assert only(report, THEME_PER_PROPOSER, "U00").over == ("U00-5", "U00-6")
    assert "Quyết định 1689/QĐ-TLĐ" in national.citation and national.confidence == "V"


def test_one_over_the_nationwide_cap_the_last_proposal_listed_exceeds():
    proposals = []
    for n in range(76):  # 304 proposals within their units' caps
        proposals += theme(f"U{n:02d}", 4)
    national = only(check_quotas(proposals, year=2024), THEME_NATIONAL)
    assert (national.proposed, national.excess) == (304, 4)
    assert national.over == ("U75-1", "U75-2", "U75-3", "U75-4")
    assert "vượt 4" in national.explanation


def test_a_large_federation_may_have_its_own_cap_as_a_correction():
    exceptions = ParamValue("quota.theme.per_proposer_exceptions", date(2024, 5, 29), {"LDLD_HN": 6}, CORRECTION)
    report = check_quotas(theme("LDLD_HN", 7) + theme("LDLD_NB", 5), year=2024, params=Parameters([exceptions]))
    hanoi, ninh_binh = only(report, THEME_PER_PROPOSER, "LDLD_HN"), only(report, THEME_PER_PROPOSER, "LDLD_NB")
    assert (hanoi.limit, hanoi.over) == (6, ("LDLD_HN-7",)) and "hạn mức riêng" in hanoi.explanation
    assert (ninh_binh.limit, ninh_binh.over) == (4, ("LDLD_NB-5",))


def test_before_the_2017_regulation_the_theme_quota_is_not_in_force():
    report = check_quotas(theme("LDLD_NB", 5), year=2016)
    assert [c.status for c in report.checks] == [NOT_IN_FORCE]
    assert report.exceeding == {}


def test_theme_quota_awards_are_catalogue_codes_of_theme_awards():
    from thidua.rules.params import default_values

    for value in default_values()["quota.theme.awards"]:
        for code in value.value:
            assert catalogue()[code].kind == "theme", code


def test_the_union_one_level_one_year_groups_name_catalogue_codes():
    # Not a quota, but the same kind of cross-reference between parameters and the catalogue.
    from thidua.rules.params import default_values

    for value in default_values()["union.exclusive_same_level"]:
        for group in value.value:
            for code in group["comprehensive"] + group["thematic"]:
                assert code in catalogue(), code
