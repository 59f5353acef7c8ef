"""The rules' own data: every parameter value cites its source; the catalogue covers the contract."""
from datetime import date
from pathlib import Path

import pytest
import yaml

from thidua.rules import catalogue
from thidua.rules.engine import RULES, regimes
from thidua.rules.params import CONFIDENCE, Parameters, ParamValue, RuleDataError, _load_values, default_values
from thidua.rules.model import Citation

CONTRACT_CODES = {
    "lao_dong_tien_tien", "chien_si_thi_dua_co_so", "chien_si_thi_dua_tinh", "chien_si_thi_dua_toan_quoc",
    "tap_the_lao_dong_tien_tien", "tap_the_lao_dong_xuat_sac", "co_thi_dua_tinh", "co_thi_dua_chinh_phu",
    "giay_khen", "bang_khen_tinh", "bang_khen_thu_tuong", "thay_thuoc_uu_tu", "thay_thuoc_nhan_dan",
    "bang_khen_tong_lien_doan", "bang_khen_ldld_tinh", "bang_khen_cong_doan_nganh_trung_uong",
    "gioi_viec_nuoc_dam_viec_nha", "co_thi_dua_tong_lien_doan", "co_thi_dua_ldld_tinh",
}
CASES = Path(__file__).parent / "cases"


def test_every_parameter_value_cites_document_article_and_confidence():
    table = default_values()
    assert table, "no parameters loaded"
    for param_id, values in table.items():
        for value in values:
            assert value.citation.document and value.citation.article, param_id
            assert value.citation.confidence in CONFIDENCE, param_id


@pytest.mark.parametrize("broken", [
    {"values": [{"from": date(2024, 1, 1), "value": 6}]},
    {"values": [{"from": date(2024, 1, 1), "value": 6, "citation": {"document": "Luật 2022"}, "confidence": "V"}]},
    {"values": [{"from": date(2024, 1, 1), "value": 6, "citation": {"document": "Luật 2022", "article": "Điều 24"}}]},
    {"values": [{"from": date(2024, 1, 1), "value": 6, "citation": {"document": "Luật 2022", "article": "Điều 24"}, "confidence": "X"}]},
])
def test_a_value_without_a_full_citation_is_refused(broken):
    with pytest.raises(RuleDataError):
        _load_values("ldtt.min_months", broken, "test.yaml")


def test_catalogue_entries_cite_their_source():
    for award in catalogue().values():
        assert award.citation.document and award.citation.article, award.code
        assert award.citation.confidence in CONFIDENCE, award.code


def test_regimes_cover_every_day_from_their_start_without_gaps():
    periods = regimes()
    for earlier, later in zip(periods, periods[1:]):
        assert (later.since - earlier.until).days == 1
    assert periods[-1].until is None
    for raw in yaml.safe_load((Path(__file__).parents[1] / "data" / "regimes.yaml").read_text(encoding="utf-8")):
        assert raw["citation"]["document"] and raw["citation"]["article"] and raw["citation"]["confidence"] in CONFIDENCE


def test_a_correction_takes_effect_from_its_date_only():
    correction = ParamValue("ldtt.min_months", date(2025, 1, 1), 8, Citation("Quyết định 12/QĐ-CĐN", "Điều 2", "", "V"))
    params = Parameters(overrides=[correction])
    assert params.get("ldtt.min_months", date(2024, 12, 31)).value == 6
    assert params.get("ldtt.min_months", date(2025, 1, 1)).value == 8
    with pytest.raises(RuleDataError):
        Parameters(overrides=[ParamValue("khong.co", date(2025, 1, 1), 1, correction.citation)])
def test_the_catalogue_names_every_award_of_the_contract_with_rules_and_cases():
    codes = set(catalogue())
    assert CONTRACT_CODES <= codes, sorted(CONTRACT_CODES - codes)
    import thidua.rules.awards  # noqa: F401

    for code in codes:
        assert RULES.get(code), f"{code} has no rules"
        path = CASES / f"{code}.yaml"
        assert path.exists(), f"{code} has no case file"
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
        assert len(cases) >= 6, f"{code}: {len(cases)} cases"
        assert len({c["name"] for c in cases}) == len(cases), f"{code}: case names repeat"
