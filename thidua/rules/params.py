"""Parameters: numbers the rules use, keyed by date of effect, each value with its citation.

The defaults live in `data/params/*.yaml`:

    ldtt.min_months:
      description: Thời gian công tác tối thiểu trong năm để được xét (tháng)
      values:
        - from: 2017-10-01
          value: 10
          citation: {document: Nghị định 91/2017/NĐ-CP, article: Điều 6, clause: khoản 2}
          confidence: S

An administrator's correction (made in the app, with a reason) is passed in as an override with
its own date of effect and citation; the value in force on a date is the latest one, from the
YAML or an override, that took effect on or before that date.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from thidua.rules.model import Citation

DATA = Path(__file__).parent / "data"
CONFIDENCE = ("V", "S", "U")


class NotInForce(LookupError):
    """No value of this parameter was in force on the date asked."""


class RuleDataError(ValueError):
    """The rules' own data is malformed (caught by the tests, never by users)."""


@dataclass(frozen=True)
class ParamValue:
    id: str
    since: date
    value: Any
    citation: Citation
    until: date | None = None  # last day in force, when a value simply lapses

    @property
    def cited(self) -> str:
        return str(self.citation)


def _citation(raw: dict, where: str) -> Citation:
    if not isinstance(raw, dict) or not raw.get("document") or not raw.get("article"):
        raise RuleDataError(f"{where}: a value needs a citation with document and article")
    confidence = raw.get("confidence")
    if confidence not in CONFIDENCE:
        raise RuleDataError(f"{where}: confidence must be one of V, S, U")
    return Citation(str(raw["document"]), str(raw["article"]), str(raw.get("clause") or ""), confidence)


def _load_values(param_id: str, spec: dict, where: str) -> list[ParamValue]:
    values = []
    for i, raw in enumerate(spec.get("values") or []):
        place = f"{where} {param_id}[{i}]"
        if "from" not in raw or "value" not in raw:
            raise RuleDataError(f"{place}: needs 'from' and 'value'")
        citation = dict(raw.get("citation") or {})
        citation.setdefault("confidence", raw.get("confidence"))
        values.append(ParamValue(param_id, raw["from"], raw["value"], _citation(citation, place), raw.get("until")))
    if not values:
        raise RuleDataError(f"{where} {param_id}: no values")
    return sorted(values, key=lambda v: v.since)


@lru_cache(maxsize=1)
def default_values() -> dict[str, list[ParamValue]]:
    table: dict[str, list[ParamValue]] = {}
    for path in sorted((DATA / "params").glob("*.yaml")):
        for param_id, spec in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            if param_id in table:
                raise RuleDataError(f"{path.name}: parameter {param_id} defined twice")
            table[param_id] = _load_values(param_id, spec, path.name)
    return table


@lru_cache(maxsize=1)
def descriptions() -> dict[str, str]:
    out = {}
    for path in sorted((DATA / "params").glob("*.yaml")):
        for param_id, spec in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            out[param_id] = spec.get("description", "")
    return out


class Parameters:
    """The defaults plus any corrections; `get(id, on)` is the value in force on a date."""

    def __init__(self, overrides: list[ParamValue] | None = None):
        self._table = {k: list(v) for k, v in default_values().items()}
        for value in overrides or ():
            if value.id not in self._table:
                raise RuleDataError(f"unknown parameter {value.id}")
            self._table[value.id] = sorted(self._table[value.id] + [value], key=lambda v: v.since)

    def get(self, param_id: str, on: date) -> ParamValue:
        candidates = [v for v in self._table[param_id] if v.since <= on]
        if not candidates or (candidates[-1].until is not None and candidates[-1].until < on):
            raise NotInForce(param_id)
        return candidates[-1]

    def ids(self) -> list[str]:
        return sorted(self._table)


DEFAULTS = Parameters()
