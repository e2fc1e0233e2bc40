"""analysts' views: cross-year consistency, timeliness, completeness, copying, rates, refusal reasons

- v_cross_year: this year's 上年结转 against the previous year's 结转下年度继续办理 (per applicant
  column), and 现行有效件数 against the previous year's + 本年制发 − 本年废止 (2021 template,
  规章 and 规范性文件); status ok | mismatch | no_previous | no_value. The Store copies the verdicts
  (ok and mismatch) into check_results as `cross_year.*` (govreports.store.analysis), so they show in
  v_check_failures.
- v_timeliness: each agency's report per year against the deadline of 条例 第四十九条.
- v_completeness, v_copying: the six sections, and the share of prose repeated from last year.
- v_rate_counts, v_rates, v_rates_by_agency, v_rates_by_province, v_rates_by_year: the rates
  analysts compute; a zero denominator gives NULL. Their counts are kept per version in the table
  `report_counts`, which the Store fills beside the cells (govreports.store.analysis.COUNTS): a pivot of
  every report's cells at each query took seconds per 10,000 reports.
- v_refusal_reasons, v_refusal_reasons_by_year: the distribution of 不予公开 and 不予处理 reasons.
- v_reports: `failed_checks` counts the report's own identities (勾稽关系) as before; the new columns
  `cross_year_failures` and `missing_sections` count the rest.

An index on reports (agency_id, year) finds an agency's previous year (every cross-year view joins it);
one on reports (current_version_id) finds the report of a cell (without it SQLite, which has no
statistics, reads every report for every cell of a code: minutes for v_cross_year on 3,000 reports).

Rules are data: deadlines, rates and reason labels at the top of this file, the counts and the
sections in govreports.store.analysis and govreports.vocabulary (which the Store uses too); the
views are generated from them. The SQL is portable except the date arithmetic of v_timeliness
(DATE_SQL, one entry per dialect). Existing reports get their counts, completeness and cross-year
checks on upgrade. A count added to analysis.COUNTS later needs a revision that adds its column.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import op

from govreports.store.analysis import (
    COUNTS,
    PREVIOUS_SQL,
    PUBLISHED_SQL,
    REASON_CODES,
    insert_counts_sql,
    status_sql,
)
from govreports.store.engine import load_revision

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

# Statuses of a row that is a report; the same agency's report on the year before, if it is one.
PUBLISHED, PREVIOUS = PUBLISHED_SQL, PREVIOUS_SQL

# 条例 第四十九条: 县级以上人民政府部门 publish by 1月31日, 县级以上地方人民政府 by 3月31日, of the following
# year. An agency's kind is read from its name; the first rule that matches gives (kind, month, day);
# a township government is not 县级以上 and has no statutory deadline (None).
DEADLINES: tuple[tuple[str, tuple[str, ...], int | None, int | None], ...] = (
    ("乡镇人民政府", ("%乡人民政府", "%镇人民政府"), None, None),
    ("人民政府", ("%人民政府", "%人民政府(办公厅)", "%人民政府（办公厅）"), 3, 31),
    ("部门", ("%",), 1, 31),
)
DATE_SQL = {
    "sqlite": {"date": "date(({year} + 1) || '-{month:02d}-{day:02d}')",
               "days": "CAST(julianday({a}) - julianday({b}) AS INTEGER)"},
    "postgresql": {"date": "make_date({year} + 1, {month}, {day})", "days": "({a} - {b})"},
}

# The counts the rate views show (the reasons' own counts are v_refusal_reasons' rows).
RATE_COUNTS = tuple(name for name in COUNTS if name not in {code.replace(".", "_") for code in REASON_CODES})
# name: (numerator, denominator), sums of COUNTS. 实质公开率, 无法提供 and 不掌握 shares, 结转率 (carried to
# next year of all to handle), 行政复议 and 诉讼 per new application, 纠错率 (结果纠正 / 总计).
RATES = {
    "disclosure_rate": (("granted", "partially_granted"), ("total_processed",)),
    "unavailable_share": (("unavailable",), ("total_processed",)),
    "not_held_share": (("not_held",), ("total_processed",)),
    "denied_share": (("denied",), ("total_processed",)),
    "not_processed_share": (("not_processed",), ("total_processed",)),
    "carry_forward_rate": (("carried_forward",), ("new_received", "carried_over")),
    "reviews_per_application": (("review_total",), ("new_received",)),
    "suits_per_application": (("suit_total",), ("new_received",)),
    "review_correction_rate": (("review_corrected",), ("review_total",)),
    "suit_correction_rate": (("suit_corrected",), ("suit_total",)),
    "correction_rate": (("review_corrected", "suit_corrected"), ("review_total", "suit_total")),
}
# Aggregates of the rates: view name → the columns grouped by (ratios of sums, not means of ratios,
# over the reports where the rate is defined; the SUM columns beside them count every report).
RATE_GROUPS = {
    "v_rates_by_agency": ("agency", "province", "city", "county", "level"),
    "v_rates_by_province": ("province", "year"),
    "v_rates_by_year": ("year",),
}
REASON_GROUPS = {"denied": "不予公开", "not_processed": "不予处理"}
REASONS = {
    "denied.state_secret": "属于国家秘密",
    "denied.prohibited_by_law": "其他法律行政法规禁止公开",
    "denied.security_stability": "危及“三安全一稳定”",
    "denied.third_party": "保护第三方合法权益",
    "denied.internal_affairs": "属于三类内部事务信息",
    "denied.process_info": "属于四类过程性信息",
    "denied.enforcement_files": "属于行政执法案卷",
    "denied.admin_query": "属于行政查询事项",
    "not_processed.petition": "信访举报投诉类申请",
    "not_processed.repeated": "重复申请",
    "not_processed.publication": "要求提供公开出版物",
    "not_processed.excessive": "无正当理由大量反复申请",
    "not_processed.confirm_reissue": "要求行政机关确认或重新出具已获取信息",
}
SECTIONS = ("overview", "active", "applications", "review_litigation", "problems", "other")
WHO = "a.name AS agency, a.province, a.city, a.county, a.level"
OWN_CHECK = "k.check_name NOT LIKE 'cross_year.%' AND k.check_name NOT LIKE 'completeness.%'"


V_REPORTS_0005 = load_revision(Path(__file__).with_name("0005_ocr.py")).V_REPORTS_OCR
_OWN = "(SELECT COUNT(*) FROM check_results k WHERE k.version_id = r.current_version_id AND NOT k.ok) AS failed_checks,"
assert _OWN in V_REPORTS_0005, "v_reports no longer counts failed_checks as 0002 wrote it"
V_REPORTS = V_REPORTS_0005.replace(_OWN, (
    f"(SELECT COUNT(*) FROM check_results k WHERE k.version_id = r.current_version_id AND NOT k.ok AND {OWN_CHECK})"
    " AS failed_checks,\n"
    "       (SELECT COUNT(*) FROM check_results k WHERE k.version_id = r.current_version_id AND NOT k.ok"
    " AND k.check_name LIKE 'cross_year.%') AS cross_year_failures,\n"
    "       (SELECT COUNT(*) FROM check_results k WHERE k.version_id = r.current_version_id AND NOT k.ok"
    " AND k.check_name = 'completeness.section') AS missing_sections,"))


V_CROSS_YEAR = f"""
SELECT r.id AS report_id, {WHO}, r.year, r.template, p.id AS previous_report_id,
       'cross_year.carried_over' AS check_name, c.row_code, c.column_code,
       pc.value AS expected, c.value AS found, {status_sql('pc.value', 'c.value')} AS status
FROM reports r
JOIN table_cells c ON c.version_id = r.current_version_id AND c.table_code = 'applications'
     AND c.row_code = 'carried_over'
LEFT JOIN agencies a ON a.id = r.agency_id
{PREVIOUS}
LEFT JOIN table_cells pc ON pc.version_id = p.current_version_id AND pc.table_code = 'applications'
     AND pc.row_code = 'carried_forward' AND pc.column_code = c.column_code
UNION ALL
SELECT r.id AS report_id, {WHO}, r.year, r.template, p.id AS previous_report_id,
       'cross_year.in_force' AS check_name, c.row_code, c.column_code,
       pc.value + i.value - d.value AS expected, c.value AS found,
       {status_sql('pc.value + i.value - d.value', 'c.value')} AS status
FROM reports r
JOIN table_cells c ON c.version_id = r.current_version_id AND c.table_code = 'active'
     AND c.row_code IN ('regulations', 'normative_documents') AND c.column_code = 'in_force'
LEFT JOIN table_cells i ON i.version_id = r.current_version_id AND i.table_code = 'active'
     AND i.row_code = c.row_code AND i.column_code = 'issued'
LEFT JOIN table_cells d ON d.version_id = r.current_version_id AND d.table_code = 'active'
     AND d.row_code = c.row_code AND d.column_code = 'repealed'
LEFT JOIN agencies a ON a.id = r.agency_id
{PREVIOUS}
LEFT JOIN table_cells pc ON pc.version_id = p.current_version_id AND pc.table_code = 'active'
     AND pc.row_code = c.row_code AND pc.column_code = 'in_force'
WHERE r.template = '2021'
"""


def _deadline_kind() -> str:
    whens = []
    for kind, patterns, _, _ in DEADLINES:
        matches = " OR ".join(f"a.name LIKE '{p}'" for p in patterns)
        whens.append(f"WHEN {matches} THEN '{kind}'")
    return f"CASE {' '.join(whens)} END"


def _deadline(dialect: str) -> str:
    whens = []
    for _, patterns, month, day in DEADLINES:
        matches = " OR ".join(f"a.name LIKE '{p}'" for p in patterns)
        value = "NULL" if month is None else DATE_SQL[dialect]["date"].format(year="y.year", month=month, day=day)
        whens.append(f"WHEN {matches} THEN {value}")
    return f"CASE {' '.join(whens)} END"


def v_timeliness(dialect: str) -> str:
    """Per agency and year the database covers (from the agency's first report on): its report, or
    `missing`. A year is covered when some agency's report on it is stored."""
    deadline = _deadline(dialect)
    days = DATE_SQL[dialect]["days"].format(a="r.publish_date", b=f"({deadline})")
    return f"""
SELECT a.id AS agency_id, {WHO}, {_deadline_kind()} AS agency_kind, y.year, r.id AS report_id,
       r.title, r.publish_date, {deadline} AS deadline, {days} AS days_late,
       CASE WHEN r.id IS NULL THEN 'missing'
            WHEN r.publish_date IS NULL THEN 'unknown'
            WHEN ({deadline}) IS NULL THEN 'no_deadline'
            WHEN r.publish_date > {deadline} THEN 'late'
            ELSE 'on_time' END AS status
FROM agencies a
JOIN (SELECT DISTINCT year FROM reports WHERE year IS NOT NULL AND status IN {PUBLISHED}) y
  ON y.year >= (SELECT MIN(f.year) FROM reports f WHERE f.agency_id = a.id AND f.status IN {PUBLISHED})
LEFT JOIN reports r ON r.agency_id = a.id AND r.year = y.year AND r.status IN {PUBLISHED}
"""


def _section_columns() -> str:
    return ",\n       ".join(
        f"MAX(CASE WHEN k.row_code = '{code}' THEN k.found END) AS {code}" for code in SECTIONS)


V_COMPLETENESS = f"""
SELECT r.id AS report_id, {WHO}, r.year, r.template,
       {_section_columns()},
       SUM(k.found) AS sections_present,
       CASE WHEN MIN(k.found) = 1 THEN 1 ELSE 0 END AS complete
FROM reports r
JOIN check_results k ON k.version_id = r.current_version_id AND k.check_name = 'completeness.section'
LEFT JOIN agencies a ON a.id = r.agency_id
GROUP BY r.id, a.name, a.province, a.city, a.county, a.level, r.year, r.template
"""

V_COPYING = f"""
SELECT r.id AS report_id, {WHO}, r.year, p.id AS previous_report_id, k.found AS copied_share,
       k.expected AS copied_limit,
       CASE WHEN p.id IS NULL THEN 'no_previous' WHEN k.id IS NULL THEN 'no_text'
            WHEN k.ok THEN 'ok' ELSE 'copied' END AS status
FROM reports r
LEFT JOIN agencies a ON a.id = r.agency_id
{PREVIOUS}
LEFT JOIN check_results k ON k.version_id = r.current_version_id AND k.check_name = 'cross_year.copied_text'
WHERE r.agency_id IS NOT NULL AND r.year IS NOT NULL AND r.status IN {PUBLISHED}
"""

V_RATE_COUNTS = f"""
SELECT r.id AS report_id, {WHO}, r.year, r.template, {', '.join(f'k.{name}' for name in RATE_COUNTS)}
FROM reports r
JOIN report_counts k ON k.version_id = r.current_version_id
LEFT JOIN agencies a ON a.id = r.agency_id
"""


def _ratio(numerator: tuple[str, ...], denominator: tuple[str, ...]) -> str:
    """numerator / denominator (each a sum of counts); NULL when the denominator is 0 or unknown."""
    return f"({' + '.join(numerator)}) / NULLIF({' + '.join(denominator)}, 0)"


def _summed_ratio(numerator: tuple[str, ...], denominator: tuple[str, ...]) -> str:
    """The ratio of the sums over the reports whose rate is defined: a report that lacks the
    denominator (a row the parser did not find) adds nothing to the numerator either."""
    known = " AND ".join(f"{count} IS NOT NULL" for count in (*numerator, *denominator))
    top = " + ".join(f"SUM(CASE WHEN {known} THEN {n} END)" for n in numerator)
    bottom = " + ".join(f"SUM(CASE WHEN {known} THEN {d} END)" for d in denominator)
    return f"({top}) / NULLIF({bottom}, 0)"


def _rate_columns(ratio=_ratio) -> str:
    return ",\n       ".join(f"{ratio(n, d)} AS {name}" for name, (n, d) in RATES.items())


V_RATES = f"""
SELECT report_id, agency, province, city, county, level, year, template,
       {', '.join(RATE_COUNTS)},
       {_rate_columns()}
FROM v_rate_counts
"""


def v_rate_group(keys: tuple[str, ...]) -> str:
    return f"""
SELECT {', '.join(keys)}, COUNT(*) AS reports,
       {', '.join(f'SUM({name}) AS {name}' for name in RATE_COUNTS)},
       {_rate_columns(_summed_ratio)}
FROM v_rate_counts
GROUP BY {', '.join(keys)}
"""


assert tuple(REASONS) == REASON_CODES, "a reason without its label (or a label without its count)"


def _reason(code: str, label: str) -> str:
    """The rows of one reason: its count and its share of its group's (report_counts has both)."""
    group, column = code.split(".")[0], code.replace(".", "_")
    return f"""
SELECT r.id AS report_id, {WHO}, r.year, r.template, '{group}' AS reason_group,
       '{REASON_GROUPS[group]}' AS reason_group_label, '{code}' AS reason, '{label}' AS reason_label,
       k.{column} AS applications, k.{column} / NULLIF(k.{group}, 0) AS share_of_group
FROM reports r
JOIN report_counts k ON k.version_id = r.current_version_id
LEFT JOIN agencies a ON a.id = r.agency_id
WHERE k.{column} IS NOT NULL"""


V_REFUSAL_REASONS = "\nUNION ALL".join(_reason(code, label) for code, label in REASONS.items()) + "\n"

V_REFUSAL_REASONS_BY_YEAR = """
SELECT province, year, reason_group, reason_group_label, reason, reason_label, COUNT(*) AS reports,
       SUM(applications) AS applications,
       SUM(applications) / NULLIF(SUM(SUM(applications)) OVER (PARTITION BY province, year, reason_group), 0)
           AS share_of_group
FROM v_refusal_reasons
GROUP BY province, year, reason_group, reason_group_label, reason, reason_label
"""


def views(dialect: str) -> dict[str, str]:
    """The views this revision creates, in creation order (a view before those that read it)."""
    out = {
        "v_cross_year": V_CROSS_YEAR,
        "v_timeliness": v_timeliness(dialect),
        "v_completeness": V_COMPLETENESS,
        "v_copying": V_COPYING,
        "v_rate_counts": V_RATE_COUNTS,
        "v_rates": V_RATES,
    }
    out.update({name: v_rate_group(keys) for name, keys in RATE_GROUPS.items()})
    out["v_refusal_reasons"] = V_REFUSAL_REASONS
    out["v_refusal_reasons_by_year"] = V_REFUSAL_REASONS_BY_YEAR
    return out


def _backfill() -> None:
    """Completeness and cross-year checks of the reports already stored (the Store adds them from now on)."""
    from govreports.store import analysis
    from govreports.store.writer import CHECK_COLUMNS, insert_rows

    connection = op.get_bind()
    current = connection.exec_driver_sql(
        f"SELECT id, current_version_id, text, agency_id, year FROM reports WHERE current_version_id IS NOT NULL "
        f"AND status IN {PUBLISHED}").all()
    connection.execute(sa.text(insert_counts_sql("c.version_id IN (SELECT current_version_id FROM reports)")))
    rows = [row for r in current for row in analysis.completeness_checks(r.current_version_id, r.text or "")]
    if rows:
        insert_rows(connection, "check_results", CHECK_COLUMNS, rows)
    for r in current:  # each refresh replaces this report's and its next year's: inserted before the next
        cross_year = analysis.refresh(connection, r.id)
        if cross_year:
            insert_rows(connection, "check_results", CHECK_COLUMNS, cross_year)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_index("ix_reports_agency_year", "reports", ["agency_id", "year"])
    op.create_index("ix_reports_current_version", "reports", ["current_version_id"])
    op.create_table(
        "report_counts",
        sa.Column("version_id", sa.Integer(), sa.ForeignKey("report_versions.id", ondelete="CASCADE"),
                  primary_key=True),
        *(sa.Column(name, sa.Float(), nullable=True) for name in COUNTS),
    )
    op.execute("DROP VIEW IF EXISTS v_reports")
    op.execute(f"CREATE VIEW v_reports AS {V_REPORTS}")
    for name, select in views(dialect).items():
        op.execute(f"CREATE VIEW {name} AS {select}")
    _backfill()


def downgrade() -> None:
    for name in reversed(list(views(op.get_bind().dialect.name))):
        op.execute(f"DROP VIEW IF EXISTS {name}")
    op.execute("DELETE FROM check_results WHERE check_name LIKE 'cross_year.%' OR check_name = 'completeness.section'")
    op.execute("DROP VIEW IF EXISTS v_reports")
    op.execute(f"CREATE VIEW v_reports AS {V_REPORTS_0005}")
    op.drop_table("report_counts")
    op.drop_index("ix_reports_current_version", table_name="reports")
    op.drop_index("ix_reports_agency_year", table_name="reports")
