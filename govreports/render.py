"""A Report as the spec's JSON (shared/spec/report-json.md) or as aligned tables."""

from __future__ import annotations

import unicodedata

from govreports.model import Cell, Check, Report
from govreports.understand import labels

REVIEW_GROUP_TITLES = {"review": "行政复议", "suit_direct": "诉讼·未经复议直接起诉",
                       "suit_after_review": "诉讼·复议后起诉"}
REVIEW_RESULT_TITLES = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果",
                        "pending": "尚未审结", "total": "总计"}
# Where a failed check shows in the table: (row, column) of the cell it found.
CHECK_CELL = {
    "applications.balance": lambda c: [("total_processed", c.column), ("carried_forward", c.column)],
    "applications.row_total": lambda c: [(c.row, "total")],
    "applications.total_processed": lambda c: [("total_processed", c.column)],
    "review_litigation.total": lambda c: [("all", c.column)],
    "prose.new_received": lambda c: [("new_received", "total")],
    **{f"{table}.ocr_confidence": lambda c: [(c.row, c.column)] for table in ("active", "applications")},
    "review_litigation.ocr_confidence": lambda c: [("all", c.column)],
}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


def _grid(header: list[str], rows: list[list[str]]) -> list[str]:
    """Left column left-aligned, numbers right-aligned, widths by display width."""
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return ["  ".join(_pad(cell, w, right=i > 0) for i, (cell, w) in enumerate(zip(row, widths))).rstrip()
            for row in [header, *rows]]


def _shown(cell: Cell | None, failed: bool) -> str:
    if cell is None:
        return ""
    value = "·" if cell.value is None else str(cell.value)
    return value + ("!" if failed else "")


def _failed_cells(checks: list[Check]) -> set[tuple[str | None, str | None]]:
    cells: set[tuple[str | None, str | None]] = set()
    for check in checks:
        if not check.ok and check.check in CHECK_CELL:
            cells.update(CHECK_CELL[check.check](check))
    return cells


def _row_blocks(rows: dict[str, dict[str, Cell]]) -> list[tuple[list[str], list[str]]]:
    """Consecutive rows sharing their columns, as (columns, row codes)."""
    blocks: list[tuple[list[str], list[str]]] = []
    for code, cells in rows.items():
        columns = list(cells)
        if blocks and blocks[-1][0] == columns:
            blocks[-1][1].append(code)
        else:
            blocks.append((columns, [code]))
    return blocks


def _render_rows(table: str, rows: dict[str, dict[str, Cell]], failed: set) -> list[str]:
    lines = []
    for columns, codes in _row_blocks(rows):
        body = [[labels.ROW_TITLES.get(code, code),
                 *(_shown(rows[code].get(c), (code, c) in failed) for c in columns)] for code in codes]
        lines += _grid(["", *columns], body)
    return lines


def _render_review(cells: dict[str, Cell], failed: set) -> list[str]:
    results = list(REVIEW_RESULT_TITLES)
    body = [[title, *(_shown(cells.get(f"{group}.{r}"), ("all", f"{group}.{r}") in failed) for r in results)]
            for group, title in REVIEW_GROUP_TITLES.items()]
    return _grid(["", *REVIEW_RESULT_TITLES.values()], body)


def render_table(report: Report) -> str:
    """The report for a person: metadata, the tables aligned, failed checks marked `!`."""
    region = " ".join(x for x in (report.region.province, report.region.city, report.region.county) if x)
    lines = [
        report.title or "(no title)",
        f"机构: {report.agency or '-'}  地区: {region or '-'}",
        f"年度: {report.year or '-'}  发布日期: {report.publish_date or '-'}  "
        f"模板: {report.template or '-'}  状态: {report.status}",
    ]
    if report.reason:
        lines.append(f"原因: {report.reason}")
    failed = _failed_cells(report.checks)
    for table, rows in report.tables.items():
        lines += ["", f"== {labels.TABLE_TITLES[table]} ({table})"]
        if table == "review_litigation":
            lines += _render_review(rows.get("all", {}), failed)
        else:
            lines += _render_rows(table, rows, failed)
    if not report.tables and report.status == "parsed":
        lines += ["", "(no table values in the text: printed as images, printed empty, or cut off?)"]
    bad = [c for c in report.checks if not c.ok]
    lines += ["", f"checks: {len(report.checks) - len(bad)} passed, {len(bad)} failed"]
    lines += [f"  ! {c.check}{' ' + c.row if c.row else ''}{' ' + c.column if c.column else ''}: "
              f"expected {c.expected}, found {c.found}" for c in bad]
    return "\n".join(lines)
