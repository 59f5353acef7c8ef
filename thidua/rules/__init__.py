"""Legislation as code: eligibility for every title and form of commendation, explained article by article.

Pure Python, no Django: `evaluate(situation, award, on=date)` returns a verdict with one reason per
criterion and its citation. Parameters and the catalogue are YAML under `data/`; each award's
logic is in `awards/`, with dated variants where the law changed.
"""
from thidua.rules.cases import CaseError, parse_case
from thidua.rules.catalogue import UnknownAward, award_get, awards_in_force, catalogue
from thidua.rules.engine import evaluate
from thidua.rules.model import MISSING, Result, Situation, Subject, Verdict, YearRecord
from thidua.rules.params import DEFAULTS, Parameters, ParamValue

__all__ = [
    "CaseError", "parse_case", "UnknownAward", "award_get", "awards_in_force", "catalogue", "evaluate",
    "MISSING", "Result", "Situation", "Subject", "Verdict", "YearRecord", "DEFAULTS", "Parameters", "ParamValue",
]
