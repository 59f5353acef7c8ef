"""Cell parsers and header finding: the pieces every list's mapping reuses."""
from datetime import date

import pytest
from hypothesis import given, strategies as st

from thidua.imports.export import neutralise
from thidua.imports.members import MEMBERS
from thidua.imports.reading import CellError, parse_date, parse_gender, parse_text


@pytest.mark.parametrize("text, expected", [
    ("05/06/1991", date(1991, 6, 5)), ("5/6/91", date(1991, 6, 5)), ("1991-06-05", date(1991, 6, 5)),
    ("05-06-1991", date(1991, 6, 5)), ("05.06.1991", date(1991, 6, 5)), ("1/2/10", date(2010, 2, 1)),
    (date(1991, 6, 5), date(1991, 6, 5)), (33394.0, date(1991, 6, 5)), ("", None), (None, None),
])
def test_dates_in_the_forms_offices_write_them(text, expected):
    assert parse_date(text, today=date(2026, 11, 25)) == expected


@pytest.mark.parametrize("text", ["31/02/1990", "ngày 5", "1990"])
def test_bad_dates_are_cell_errors(text):
    with pytest.raises(CellError):
        parse_date(text)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_dd_mm_yyyy_round_trips(day):
    assert parse_date(f"{day:%d/%m/%Y}") == day


@pytest.mark.parametrize("text, expected", [("Nam", "male"), ("NỮ", "female"), ("nu", "female"), ("Nữ", "female"), ("", "")])
def test_gender_words(text, expected):
    assert parse_gender(text) == expected


def test_headers_match_with_synonyms_and_without_diacritics():
    lookup = MEMBERS.lookup()
    assert lookup["ho ten"].key == lookup["ho va ten"].key == "full_name"
    assert lookup["sdt"].key == "phone" and lookup["can cuoc"].key == "cccd" and lookup["khoa phong"].key == "unit"


def test_formula_text_is_neutralised_and_read_back_as_typed():
    for text in ("=1+2", "+84912", "-5", "@SUM(A1)"):
        assert neutralise(text) == "'" + text
        assert parse_text(neutralise(text)) == text
    assert neutralise("Bác sĩ") == "Bác sĩ"
