"""`thidua rules check` and `thidua rules list` as contracts/rules-check.md fixes them."""
import io
import json

import pytest

from thidua.cli import main

CASE = {
    "award": "chien_si_thi_dua_co_so", "year": 2024, "on": "2025-01-10",
    "subject": {"kind": "individual", "hired_on": "2016-09-01",
                "years": {"2024": {"rating": "HTXSNV", "titles": [], "initiatives": [], "discipline": None}}},
}


def run(capsys, monkeypatch, argv, stdin=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def test_check_from_a_file_prints_the_verdict_with_reasons(tmp_path, capsys, monkeypatch):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASE), encoding="utf-8")
    status, out, _ = run(capsys, monkeypatch, ["rules", "check", str(path)])
    assert status == 0
    verdict = json.loads(out)
    assert verdict["verdict"] == "eligible" and verdict["regime"] == "luat-2022/nd-98-2023"
    assert {c["id"] for c in verdict["criteria"]} == {"ldtt_standard", "excellent_or_initiative"}
    assert all(c["citation"] and c["explanation"] for c in verdict["criteria"])


def test_check_from_standard_input_and_proposal_date_defaults_to_15_january(capsys, monkeypatch):
    case = {k: v for k, v in CASE.items() if k != "on"}
    status, out, _ = run(capsys, monkeypatch, ["rules", "check", "-"], stdin=json.dumps(case))
    assert status == 0 and json.loads(out)["on"] == "2025-01-15"


def test_an_ineligible_verdict_still_exits_0(capsys, monkeypatch):
    case = json.loads(json.dumps(CASE))
    case["subject"]["years"]["2024"]["rating"] = "HTNV"
    status, out, _ = run(capsys, monkeypatch, ["rules", "check", "-"], stdin=json.dumps(case))
    assert status == 0 and json.loads(out)["verdict"] == "ineligible"


@pytest.mark.parametrize("change, message", [
    ({"award": "huan_chuong_vang"}, "không có trong danh mục"),
    ({"on": "10/01/2025"}, "không phải ngày hợp lệ"),
    ({"subject": {"years": {"2024": {"rating": "TOT"}}}}, "rating «TOT» không hợp lệ"),
    ({"subject": {"years": {"2024": {"discipline": "phat_tien"}}}}, "discipline «phat_tien» không hợp lệ"),
    ({"year": "năm ngoái"}, "phải là một số nguyên"),
    ({"year": 99999}, "nằm ngoài khoảng"),
])
def test_invalid_cases_exit_2_with_a_vietnamese_message(capsys, monkeypatch, change, message):
    case = {**CASE, **change}
    status, out, err = run(capsys, monkeypatch, ["rules", "check", "-"], stdin=json.dumps(case))
    assert status == 2 and out == ""
    assert message in err and "Traceback" not in err


def test_malformed_json_and_a_missing_file_exit_2(capsys, monkeypatch, tmp_path):
    status, _, err = run(capsys, monkeypatch, ["rules", "check", "-"], stdin="{không phải json")
    assert status == 2 and "không phải JSON hợp lệ" in err
    status, _, err = run(capsys, monkeypatch, ["rules", "check", str(tmp_path / "khong-co.json")])
    assert status == 2 and "Không đọc được tệp" in err


def test_list_names_every_award_with_its_citation(capsys, monkeypatch):
    status, out, _ = run(capsys, monkeypatch, ["rules", "list"])
    awards = json.loads(out)
    assert status == 0 and awards
    assert all(a["citation"] and a["name"] and a["confidence"] in "VSU" for a in awards)
    assert "lao_dong_tien_tien" in {a["code"] for a in awards}
    status, out, _ = run(capsys, monkeypatch, ["rules", "list", "--on", "2010-01-01"])
    assert json.loads(out) == []
    assert run(capsys, monkeypatch, ["rules", "list", "--on", "2010-13-01"])[0] == 2
