"""What an import of a list gives back: its rows, each with its problems, and the counts of the list.

Every list (members, training courses, registrations…) reports the same way: a `Problem` names the
sheet's row, the column as the user wrote it, the value and a Vietnamese message; an `ImportResult`
holds the rows (any row type with `number`, `status` and `problems`), counts them by status and
says whether anything was written. `summary()` is what the command line prints as JSON.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, ClassVar

from thidua.imports.reading import Table


@dataclass
class Problem:
    row: int
    column: str
    value: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "message": self.message}


SHOWN_PLAIN_ROWS = 1000  # rows with nothing to say that the pages still list, the first ones of the file


@dataclass
class ImportResult:
    """The rows of one import (every row, or with `tally` only those worth showing); `counts` names each
    count of the summary and the row status it counts."""

    rows: list[Any]
    table: Table | None = None
    committed: bool = False
    # A long list keeps only the rows worth showing (problems, suggestions, the first ones); then `tally`
    # counts every row's status and `total` is the number of rows read.
    tally: Counter | None = None
    total: int | None = None

    counts: ClassVar[tuple[tuple[str, str], ...]] = (("created", "create"), ("errors", "error"))

    def count(self, status: str) -> int:
        if self.tally is not None:
            return self.tally[status]
        return sum(1 for r in self.rows if r.status == status)

    @property
    def problems(self) -> list[Problem]:
        return [p for r in self.rows for p in r.problems]

    @property
    def has_errors(self) -> bool:
        return self.count("error") > 0

    def summary(self) -> dict:
        summary: dict = {"rows": len(self.rows) if self.total is None else self.total}
        for key, status in self.counts:
            summary[key] = self.count(status)
        summary.update(committed=self.committed, problems=[p.as_dict() for p in self.problems],
                       suggestions=[{"row": r.number, "message": r.suggestion} for r in self.rows if getattr(r, "suggestion", "")])
        return summary
