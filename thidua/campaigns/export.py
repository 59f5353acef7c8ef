"""The response table of a movement as a spreadsheet: every targeted unit, whether and when it
responded, its plan, and its reported results with their figures (one column per figure label)."""
from __future__ import annotations

from pathlib import Path

from thidua.campaigns.models import Movement
from thidua.campaigns.selectors import response_table
from thidua.imports.export import Sheet

BASE_COLUMNS = ["STT", "Đơn vị", "Mã đơn vị", "Đã hưởng ứng", "Ngày hưởng ứng", "Kế hoạch", "Số lần báo cáo",
                "Kỳ báo cáo gần nhất", "Kết quả gần nhất"]


def response_table_export(*, actor, movement: Movement, out: str | Path) -> int:
    """Write the table the actor sees on the movement page; returns the number of units written.

    Figures are summed over a unit's reports, one column per label in the order first met."""
    rows = response_table(actor=actor, movement=movement)
    labels: list[str] = []
    for row in rows:
        for report in row.results:
            for figure in report.figures:
                if figure["label"] not in labels:
                    labels.append(figure["label"])
    sheet = Sheet(Path(out), "Hưởng ứng")
    sheet.header(BASE_COLUMNS + labels)
    for number, row in enumerate(rows, start=1):
        response, last = row.response, (row.results[-1] if row.results else None)
        totals = dict.fromkeys(labels, None)
        for report in row.results:
            for figure in report.figures:
                totals[figure["label"]] = (totals[figure["label"]] or 0) + figure["value"]
        sheet.row(number, [
            number, row.organisation.name, row.organisation.code, "Có" if response else "Chưa",
            response.responded_on if response else None, response.plan if response else "", len(row.results),
            last.period if last else "", last.text if last else "",
            *[totals[label] for label in labels],
        ])
    sheet.close()
    return len(rows)
