"""tables 2–4 pivoted and the cross-year rule's rows kept as tables, so that the views answer at scale

v_applications, v_active and v_review_litigation pivoted every report's cells at each query, and
v_cross_year evaluated its rule over every cell: 17 s and 1 s per 10,000 reports on SQLite, minutes
at 100,000. Now:

- application_rows, active_rows, review_rows (govreports.store.analysis.PIVOTS): a row per version
  (and row code), written by the Store with the cells, as report_counts is; the three views join them
  to the current version. Same columns, same rows.
- cross_year_results: the rows of the cross-year rule (govreports.store.analysis.CROSS_YEAR_RULE) of
  each report, every status; the Store rewrites a report's when it or its previous year is stored
  (analysis.refresh_many). v_cross_year shows them with the agency; same columns, same rows.

- v_refusal_reasons reads report_counts once, against a list of the reasons, instead of once per
  reason (13 passes): same columns, same rows, a third of the time.
- reports' indexes by current version and by agency and year hold the columns the views read
  beside them (agency, year, template, status, publish date): on SQLite a view then never reads a
  report's row, whose columns after its text (current_version_id among them) cost a walk through
  the text's overflow pages (seconds per 100,000 reports).
- the index of table_cells by codes goes: the views no longer look cells up by code (the pivots
  hold them by code), and every cell stored paid for it (a third of a cell's insert).

Existing reports get their rows on upgrade.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import op

from govreports.store.analysis import (
    PIVOTS,
    insert_cross_year_sql,
    insert_pivot_sql,
    pivot_columns,
)
from govreports.store.engine import load_revision

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

WHO = "r.id AS report_id, a.name AS agency, a.province, a.city, a.county, a.level, r.year, r.template"
AGENCY = "LEFT JOIN agencies a ON a.id = r.agency_id"
# index → (its columns before this revision, its columns from it on)
REPORT_INDEXES = {
    "ix_reports_current_version": (["current_version_id"],
                                   ["current_version_id", "agency_id", "year", "template", "status", "publish_date"]),
    "ix_reports_agency_year": (["agency_id", "year"],
                               ["agency_id", "year", "status", "current_version_id", "publish_date"]),
}
VIEW_OF = {"application_rows": "v_applications", "active_rows": "v_active", "review_rows": "v_review_litigation"}


# The revisions whose SQL this one replaces (and its downgrade puts back).
R0002 = load_revision(Path(__file__).with_name("0002_analyst_views.py"))
R0006 = load_revision(Path(__file__).with_name("0006_analysis_views.py"))


def pivot_view(pivot: str) -> str:
    by_row = PIVOTS[pivot][1]
    columns = ", ".join(f"x.{c}" for c in (["row_code"] if by_row else []) + pivot_columns(pivot))
    return (f"SELECT {WHO}, {columns} FROM reports r JOIN {pivot} x ON x.version_id = r.current_version_id {AGENCY}")


V_CROSS_YEAR = (f"SELECT {WHO}, x.previous_report_id, x.check_name, x.row_code, x.column_code, x.expected, x.found, "
                f"x.status FROM cross_year_results x JOIN reports r ON r.id = x.report_id {AGENCY}")


def refusal_reasons() -> str:
    """v_refusal_reasons: a row per report and reason it counts (revision 0006's rules and labels)."""
    values = ", ".join(f"('{code.split('.')[0]}', '{R0006.REASON_GROUPS[code.split('.')[0]]}', '{code}', '{label}')"
                       for code, label in R0006.REASONS.items())

    def per_reason(expression: str) -> str:
        return "CASE g.reason " + " ".join(
            f"WHEN '{code}' THEN {expression.format(column=code.replace('.', '_'), group=code.split('.')[0])}"
            for code in R0006.REASONS) + " END"

    applications = per_reason("k.{column}")
    return (f"WITH g(reason_group, reason_group_label, reason, reason_label) AS (VALUES {values})\n"
            f"SELECT {WHO}, g.reason_group, g.reason_group_label, g.reason, g.reason_label, "
            f"{applications} AS applications, {per_reason('k.{column} / NULLIF(k.{group}, 0)')} AS share_of_group "
            f"FROM reports r JOIN report_counts k ON k.version_id = r.current_version_id {AGENCY} CROSS JOIN g "
            f"WHERE {applications} IS NOT NULL")


def _replace_refusal_reasons(select: str) -> None:
    """v_refusal_reasons_by_year reads it: dropped first, made again after."""
    by_year = R0006.V_REFUSAL_REASONS_BY_YEAR
    op.execute("DROP VIEW IF EXISTS v_refusal_reasons_by_year")
    op.execute("DROP VIEW IF EXISTS v_refusal_reasons")
    op.execute(f"CREATE VIEW v_refusal_reasons AS {select}")
    op.execute(f"CREATE VIEW v_refusal_reasons_by_year AS {by_year}")


def upgrade() -> None:
    for pivot, (_, by_row, _) in PIVOTS.items():
        op.create_table(
            pivot,
            sa.Column("version_id", sa.Integer(), sa.ForeignKey("report_versions.id", ondelete="CASCADE"),
                      primary_key=True),
            *([sa.Column("row_code", sa.String(60), primary_key=True)] if by_row else []),
            *(sa.Column(column, sa.Float(), nullable=True) for column in pivot_columns(pivot)),
        )
        op.execute(insert_pivot_sql(pivot, "c.version_id IS NOT NULL"))
        op.execute(f"DROP VIEW IF EXISTS {VIEW_OF[pivot]}")
        op.execute(f"CREATE VIEW {VIEW_OF[pivot]} AS {pivot_view(pivot)}")
    op.create_table(
        "cross_year_results",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
        sa.Column("previous_report_id", sa.Integer(), nullable=True),
        sa.Column("check_name", sa.String(60), nullable=False),
        sa.Column("row_code", sa.String(60), nullable=False),
        sa.Column("column_code", sa.String(60), nullable=False),
        sa.Column("expected", sa.Float(), nullable=True),
        sa.Column("found", sa.Float(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
    )
    op.create_index("ix_cross_year_results_report_id", "cross_year_results", ["report_id"])
    op.create_index("ix_cross_year_results_status", "cross_year_results", ["status"])
    op.execute(insert_cross_year_sql("x.report_id IS NOT NULL"))
    op.execute("DROP VIEW IF EXISTS v_cross_year")
    op.execute(f"CREATE VIEW v_cross_year AS {V_CROSS_YEAR}")
    op.drop_index("ix_table_cells_codes", table_name="table_cells")
    _replace_refusal_reasons(refusal_reasons())
    for index, (_, columns) in REPORT_INDEXES.items():
        op.drop_index(index, table_name="reports")
        op.create_index(index, "reports", columns)


def downgrade() -> None:
    before = R0002.VIEWS
    op.create_index("ix_table_cells_codes", "table_cells", ["table_code", "row_code", "column_code"])
    for index, (columns, _) in REPORT_INDEXES.items():
        op.drop_index(index, table_name="reports")
        op.create_index(index, "reports", columns)
    _replace_refusal_reasons(R0006.V_REFUSAL_REASONS)
    op.execute("DROP VIEW IF EXISTS v_cross_year")
    op.execute(f"CREATE VIEW v_cross_year AS {R0006.V_CROSS_YEAR}")
    op.drop_table("cross_year_results")
    for pivot, view in VIEW_OF.items():
        op.execute(f"DROP VIEW IF EXISTS {view}")
        op.execute(f"CREATE VIEW {view} AS {before[view]}")
        op.drop_table(pivot)
