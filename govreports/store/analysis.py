"""What analysts compute beside a report's own checks, stored as check results when a report is stored.

- `completeness.section` (one per section, row = the section's code): whether the report's text heads
  a line with each of the six sections; depends on the version's text only.
- `cross_year.carried_over` (per applicant column), `cross_year.in_force` (规章, 规范性文件): this year's
  numbers against the same agency's previous year, as the view `v_cross_year` (revision 0006) states
  them; the view is the rule, this module only copies its verdicts into check_results.
- `cross_year.copied_text`: the share of this year's prose repeated from the previous report
  (`found`), failing above COPIED_LIMIT (`expected`).

Beside the checks, `report_counts` holds the counts the rates are made of (COUNTS), one row per
version, written with its cells.

Cross-year results depend on two reports, so they are recomputed for the report stored and for the
same agency's next-year report whenever a version becomes current (`refresh`). Where the previous
year is missing, nothing is stored: the views show that absence (status `no_previous`).
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Connection, TextClause, bindparam, text

from govreports.store.batches import chunks
from govreports.vocabulary import sections_present

COPIED_LIMIT = 0.5  # the evaluators' rule: more than half of the text repeated from last year
# Statuses of a report whose sections are worth checking (a notice or a failure has none to look for).
REPORT_STATUSES = ("parsed", "needs_ocr")
COMPLETENESS = "completeness.section"
CROSS_YEAR = "cross_year."
COPIED = "cross_year.copied_text"
# A sentence of prose: up to its 。！？； (a table's labels and numbers end with none of these).
SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]")
SPACE = re.compile(r"\s+")
DIGITS = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")
MIN_SENTENCE = 8  # characters: shorter pieces (…如下。) say nothing about copying

# The counts rates are made of (report_counts, read by v_rate_counts): table 3's 总计 column, table 4's row.
COUNTS = {
    "new_received": "MAX(CASE WHEN c.row_code = 'new_received' THEN c.value END)",
    "carried_over": "MAX(CASE WHEN c.row_code = 'carried_over' THEN c.value END)",
    "granted": "MAX(CASE WHEN c.row_code = 'granted' THEN c.value END)",
    "partially_granted": "MAX(CASE WHEN c.row_code = 'partially_granted' THEN c.value END)",
    "denied": "SUM(CASE WHEN c.row_code LIKE 'denied.%' THEN c.value END)",
    "unavailable": "SUM(CASE WHEN c.row_code LIKE 'unavailable.%' THEN c.value END)",
    "not_held": "MAX(CASE WHEN c.row_code = 'unavailable.not_held' THEN c.value END)",
    "not_processed": "SUM(CASE WHEN c.row_code LIKE 'not_processed.%' THEN c.value END)",
    "total_processed": "MAX(CASE WHEN c.row_code = 'total_processed' THEN c.value END)",
    "carried_forward": "MAX(CASE WHEN c.row_code = 'carried_forward' THEN c.value END)",
    "review_total": "MAX(CASE WHEN c.column_code = 'review.total' THEN c.value END)",
    "review_corrected": "MAX(CASE WHEN c.column_code = 'review.corrected' THEN c.value END)",
    "suit_total": "MAX(CASE WHEN c.column_code = 'suit_direct.total' THEN c.value END)"
                  " + MAX(CASE WHEN c.column_code = 'suit_after_review.total' THEN c.value END)",
    "suit_corrected": "MAX(CASE WHEN c.column_code = 'suit_direct.corrected' THEN c.value END)"
                      " + MAX(CASE WHEN c.column_code = 'suit_after_review.corrected' THEN c.value END)",
}
# The reasons of 不予公开 (三(三)) and 不予处理 (三(五)), each a count of its own (column: its code, _ for .).
REASON_CODES = (
    "denied.state_secret", "denied.prohibited_by_law", "denied.security_stability", "denied.third_party",
    "denied.internal_affairs", "denied.process_info", "denied.enforcement_files", "denied.admin_query",
    "not_processed.petition", "not_processed.repeated", "not_processed.publication", "not_processed.excessive",
    "not_processed.confirm_reissue",
)
COUNTS.update({code.replace(".", "_"): f"MAX(CASE WHEN c.row_code = '{code}' THEN c.value END)"
               for code in REASON_CODES})
# The cells COUNTS reads: table 3's 总计 column and table 4.
COUNTED_CELLS = "(c.table_code = 'applications' AND c.column_code = 'total' OR c.table_code = 'review_litigation')"


# Tables 2–4 pivoted, one row per version and row code (table 4: per version), written with the cells
# (revision 0008): what v_applications, v_active and v_review_litigation read. A pivot of every
# report's cells at each query took 17 s per 10,000 reports. table → (table_code, by row, column codes);
# a column is named as its code with _ for . (review.upheld → review_upheld).
PIVOTS: dict[str, tuple[str, bool, tuple[str, ...]]] = {
    "application_rows": ("applications", True, (
        "natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total")),
    "active_rows": ("active", True, (
        "issued", "repealed", "in_force", "made", "published", "total_published", "prev_items", "change",
        "decisions", "amount_10k_yuan", "items", "amount")),
    "review_rows": ("review_litigation", False, tuple(
        f"{group}.{column}" for group in ("review", "suit_direct", "suit_after_review")
        for column in ("upheld", "corrected", "other", "pending", "total"))),
}


def pivot_columns(pivot: str) -> list[str]:
    """The value columns of a pivot table, in the order its view shows them."""
    return [code.replace(".", "_") for code in PIVOTS[pivot][2]]


def insert_pivot_sql(pivot: str, versions: str) -> str:
    """INSERT … SELECT of the pivot rows of each version the SQL condition `versions` (on c.version_id) selects."""
    table_code, by_row, codes = PIVOTS[pivot]
    keys = ["c.version_id", *(["c.row_code"] if by_row else [])]
    values = [f"MAX(CASE WHEN c.column_code = '{code}' THEN c.value END)" for code in codes]
    names = ["version_id", *(["row_code"] if by_row else []), *pivot_columns(pivot)]
    return (f"INSERT INTO {pivot} ({', '.join(names)}) SELECT {', '.join(keys + values)} FROM table_cells c "
            f"WHERE c.table_code = '{table_code}' AND {versions} GROUP BY {', '.join(keys)}")


def insert_counts_sql(versions: str) -> str:
    """INSERT … SELECT of the report_counts row of each version the SQL condition `versions` (on
    c.version_id) selects; a version without counted cells gets none."""
    return (f"INSERT INTO report_counts (version_id, {', '.join(COUNTS)}) "
            f"SELECT c.version_id, {', '.join(COUNTS.values())} FROM table_cells c "
            f"WHERE {versions} AND {COUNTED_CELLS} GROUP BY c.version_id")



# Statuses of a row that is a report (a page that is no report, or failed, publishes nothing).
PUBLISHED_SQL = "(" + ", ".join(f"'{status}'" for status in REPORT_STATUSES) + ")"
# The same agency's report on the year before, if it is one.
PREVIOUS_SQL = ("LEFT JOIN reports p ON p.agency_id = r.agency_id AND p.year = r.year - 1 "
                f"AND p.current_version_id IS NOT NULL AND p.status IN {PUBLISHED_SQL}")
CROSS_YEAR_COLUMNS = ("report_id", "previous_report_id", "check_name", "row_code", "column_code", "expected", "found",
                      "status")


def status_sql(expected: str, found: str) -> str:
    return (f"CASE WHEN p.id IS NULL THEN 'no_previous' WHEN ({expected}) IS NULL OR ({found}) IS NULL "
            f"THEN 'no_value' WHEN ABS(({found}) - ({expected})) < 0.000001 THEN 'ok' ELSE 'mismatch' END")


# The cross-year rule (CROSS_YEAR_COLUMNS): this year's 上年结转 against the previous year's 结转下年度继续办理
# per applicant column; 现行有效件数 against the previous year's + 本年制发 − 本年废止 (2021 template, 规章 and
# 规范性文件). Status ok | mismatch | no_previous | no_value. Revision 0008 keeps its rows in
# cross_year_results (refresh_many rewrites a report's), which v_cross_year shows.
CROSS_YEAR_RULE = f"""
SELECT r.id AS report_id, p.id AS previous_report_id, 'cross_year.carried_over' AS check_name, c.row_code,
       c.column_code, pc.value AS expected, c.value AS found, {status_sql('pc.value', 'c.value')} AS status
FROM reports r
JOIN table_cells c ON c.version_id = r.current_version_id AND c.table_code = 'applications'
     AND c.row_code = 'carried_over'
{PREVIOUS_SQL}
LEFT JOIN table_cells pc ON pc.version_id = p.current_version_id AND pc.table_code = 'applications'
     AND pc.row_code = 'carried_forward' AND pc.column_code = c.column_code
UNION ALL
SELECT r.id AS report_id, p.id AS previous_report_id, 'cross_year.in_force' AS check_name, c.row_code,
       c.column_code, pc.value + i.value - d.value AS expected, c.value AS found,
       {status_sql('pc.value + i.value - d.value', 'c.value')} AS status
FROM reports r
JOIN table_cells c ON c.version_id = r.current_version_id AND c.table_code = 'active'
     AND c.row_code IN ('regulations', 'normative_documents') AND c.column_code = 'in_force'
LEFT JOIN table_cells i ON i.version_id = r.current_version_id AND i.table_code = 'active'
     AND i.row_code = c.row_code AND i.column_code = 'issued'
LEFT JOIN table_cells d ON d.version_id = r.current_version_id AND d.table_code = 'active'
     AND d.row_code = c.row_code AND d.column_code = 'repealed'
{PREVIOUS_SQL}
LEFT JOIN table_cells pc ON pc.version_id = p.current_version_id AND pc.table_code = 'active'
     AND pc.row_code = c.row_code AND pc.column_code = 'in_force'
WHERE r.template = '2021'
"""


def insert_cross_year_sql(reports: str) -> str:
    """INSERT … SELECT of the rule's rows of the reports the SQL condition `reports` (on x.report_id) selects."""
    names = ", ".join(CROSS_YEAR_COLUMNS)
    return (f"INSERT INTO cross_year_results ({names}) SELECT {', '.join('x.' + n for n in CROSS_YEAR_COLUMNS)} "
            f"FROM ({CROSS_YEAR_RULE}) x WHERE {reports}")


def sentences(body: str) -> list[str]:
    """The text's sentences, spaces removed and numbers masked: last year's prose with this year's
    numbers (年份, counts) is still last year's prose."""
    out = []
    for match in SENTENCE.finditer(body):
        sentence = DIGITS.sub("#", SPACE.sub("", match.group(0)))
        if len(sentence) >= MIN_SENTENCE:
            out.append(sentence)
    return out


def copied_share(current: str, previous: str) -> float | None:
    """The share of this text's prose (by characters) found sentence for sentence in the previous text;
    None when either text has no prose to compare."""
    mine, earlier = sentences(current), set(sentences(previous))
    total = sum(len(s) for s in mine)
    if not total or not earlier:
        return None
    return sum(len(s) for s in mine if s in earlier) / total


def completeness_checks(version_id: int, body: str) -> list[tuple]:
    """check_results rows (CHECK_COLUMNS order) saying which of the six sections the text has."""
    return [(version_id, COMPLETENESS, code, None, present, 1.0, 1.0 if present else 0.0)
            for code, present in sections_present(body).items()]


def refresh(connection: Connection, report_id: int) -> list[tuple]:
    """refresh_many of one report."""
    return refresh_many(connection, [report_id])


def refresh_many(connection: Connection, report_ids: list[int], materialized: bool = False) -> list[tuple]:
    """Recompute the cross-year check results of these reports and of their agencies' next-year reports.

    Returns the rows to insert (CHECK_COLUMNS order); the old rows are deleted here. The caller
    inserts them with the driver's bulk insert, as it does the parser's checks. A statement per step
    for all the reports: the Store refreshes a whole batch at once. `materialized` (revision 0008 on):
    the rule's rows of these reports are rewritten in cross_year_results and read from there; before
    it, the view v_cross_year computes them.
    """
    pairs: set[tuple[int, int]] = set()
    for chunk in chunks(report_ids):
        pairs.update((row.agency_id, row.year) for row in connection.execute(_in(
            "SELECT agency_id, year FROM reports WHERE id IN :ids AND agency_id IS NOT NULL AND year IS NOT NULL"),
            {"ids": chunk}))
    if not pairs:
        return []
    agencies = sorted({agency for agency, _ in pairs})
    wanted = pairs | {(agency, year + 1) for agency, year in pairs}
    # The agencies' reports: the targets (these years and the next) and the years before them.
    by_year: dict[tuple[int, int], Any] = {}
    for chunk in chunks(agencies):
        if connection.dialect.name == "postgresql":
            # Two writers storing an agency's two years at once would each miss the other's uncommitted
            # report: the agency's row serializes them (SQLite serializes every write already). In id
            # order, so that two batches of the same agencies wait rather than deadlock.
            connection.execute(_in("SELECT id FROM agencies WHERE id IN :ids ORDER BY id FOR UPDATE"), {"ids": chunk})
        for row in connection.execute(_in(
                "SELECT id, current_version_id, agency_id, year, status FROM reports "
                "WHERE agency_id IN :ids AND year IS NOT NULL AND current_version_id IS NOT NULL ORDER BY id"),
                {"ids": chunk}):
            by_year.setdefault((row.agency_id, row.year), row)
    targets = [row for key, row in sorted(by_year.items()) if key in wanted]
    if not targets:
        return []
    rows: list[tuple] = []
    for chunk in chunks(targets):
        connection.execute(_in("DELETE FROM check_results WHERE version_id IN :ids AND check_name LIKE :prefix"),
                           {"ids": [t.current_version_id for t in chunk], "prefix": CROSS_YEAR + "%"})
        versions = {t.id: t.current_version_id for t in chunk}
        if materialized:
            connection.execute(_in("DELETE FROM cross_year_results WHERE report_id IN :ids"), {"ids": list(versions)})
            connection.execute(_in(insert_cross_year_sql("x.report_id IN :ids")), {"ids": list(versions)})
        verdicts = connection.execute(_in(
            "SELECT report_id, check_name, row_code, column_code, expected, found, status "
            f"FROM {'cross_year_results' if materialized else 'v_cross_year'} "
            "WHERE report_id IN :ids AND status IN ('ok', 'mismatch') "
            "ORDER BY report_id, check_name, row_code, column_code"), {"ids": list(versions)})
        rows += [(versions[v.report_id], v.check_name, v.row_code, v.column_code, v.status == "ok", v.expected,
                  v.found) for v in verdicts]
    pairs_to_compare = [(target, previous) for target in targets if target.status in REPORT_STATUSES
                        and (previous := by_year.get((target.agency_id, target.year - 1))) is not None
                        and previous.status in REPORT_STATUSES]
    texts: dict[int, str] = {}
    for chunk in chunks(sorted({r.id for pair in pairs_to_compare for r in pair})):  # only the texts compared
        texts.update((row.id, row.text or "") for row in connection.execute(
            _in("SELECT id, text FROM reports WHERE id IN :ids"), {"ids": chunk}))
    for target, previous in pairs_to_compare:
        share = copied_share(texts[target.id], texts[previous.id])
        if share is not None:
            rows.append((target.current_version_id, COPIED, None, None, share <= COPIED_LIMIT, COPIED_LIMIT, share))
    return rows


def _in(sql: str) -> TextClause:
    """The statement with its :ids a list (an expanding parameter)."""
    return text(sql).bindparams(bindparam("ids", expanding=True))
