"""The year-end ranking of a cluster or block as a spreadsheet (.xlsx), written the way
thidua.imports.export writes every sheet: Vietnamese headers, real numbers, text that a
spreadsheet would run as a formula neutralised."""
from __future__ import annotations

from pathlib import Path

from thidua.imports.export import Sheet
from thidua.pacts.models import Grouping
from thidua.pacts.selectors import grouping_ranking

RANKING_COLUMNS = ["Hạng", "Đơn vị", "Mã đơn vị", "Điểm (trung bình điểm chấm chéo)", "Số giao ước đã chấm xong", "Cụm trưởng"]


def ranking_export(*, actor, grouping: Grouping, year: int, out: str | Path) -> int:
    """Write the ranking of `grouping` for `year`; returns the number of member rows."""
    rows = grouping_ranking(actor=actor, grouping=grouping, year=year)
    sheet = Sheet(Path(out), f"Xếp hạng {year}")
    sheet.sheet.write_string(0, 0, f"{grouping} – xếp hạng năm {year}")
    sheet.sheet.set_row(0, None)
    # The header sits on the second row; the title above it.
    labels = RANKING_COLUMNS
    for c, label in enumerate(labels):
        sheet.sheet.write_string(1, c, label, sheet.header_format)
        sheet.sheet.set_column(c, c, max(12, len(label) + 2))
    sheet.sheet.freeze_panes(2, 0)
    for r, row in enumerate(rows, start=2):
        sheet.row(r, [row.rank if row.rank is not None else "Chưa có điểm", row.organisation.name, row.organisation.code,
                      float(row.score) if row.score is not None else None, row.pacts, "Cụm trưởng" if row.leader else ""])
    sheet.close()
    return len(rows)
