"""analyst views: v_reports, v_applications, v_active, v_review_litigation, v_check_failures

Each view reads the current version of every report. SQL kept portable
between SQLite and PostgreSQL (no FILTER, no boolean literals beyond NOT).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

VIEWS = {
    "v_reports": """
SELECT r.id AS report_id, a.name AS agency, a.province, a.city, a.county, a.level,
       r.year, r.title, r.publish_date, r.created_date, r.template, r.status, r.reason,
       r.index_no, r.issuer, r.doc_no, r.info_source, v.number AS version,
       (SELECT COUNT(*) FROM sources s WHERE s.report_id = r.id) AS sources,
       (SELECT COUNT(*) FROM check_results k WHERE k.version_id = r.current_version_id AND NOT k.ok) AS failed_checks,
       r.first_seen_at, r.updated_at
FROM reports r
LEFT JOIN agencies a ON a.id = r.agency_id
LEFT JOIN report_versions v ON v.id = r.current_version_id
""",
    "v_applications": """
SELECT r.id AS report_id, a.name AS agency, a.province, a.city, a.county, a.level, r.year, r.template, c.row_code,
       MAX(CASE WHEN c.column_code = 'natural_person' THEN c.value END) AS natural_person,
       MAX(CASE WHEN c.column_code = 'commercial' THEN c.value END) AS commercial,
       MAX(CASE WHEN c.column_code = 'research' THEN c.value END) AS research,
       MAX(CASE WHEN c.column_code = 'social_welfare' THEN c.value END) AS social_welfare,
       MAX(CASE WHEN c.column_code = 'legal_service' THEN c.value END) AS legal_service,
       MAX(CASE WHEN c.column_code = 'other_org' THEN c.value END) AS other_org,
       MAX(CASE WHEN c.column_code = 'total' THEN c.value END) AS total
FROM reports r
JOIN table_cells c ON c.version_id = r.current_version_id AND c.table_code = 'applications'
LEFT JOIN agencies a ON a.id = r.agency_id
GROUP BY r.id, a.name, a.province, a.city, a.county, a.level, r.year, r.template, c.row_code
""",
    "v_active": """
SELECT r.id AS report_id, a.name AS agency, a.province, a.city, a.county, a.level, r.year, r.template, c.row_code,
       MAX(CASE WHEN c.column_code = 'issued' THEN c.value END) AS issued,
       MAX(CASE WHEN c.column_code = 'repealed' THEN c.value END) AS repealed,
       MAX(CASE WHEN c.column_code = 'in_force' THEN c.value END) AS in_force,
       MAX(CASE WHEN c.column_code = 'made' THEN c.value END) AS made,
       MAX(CASE WHEN c.column_code = 'published' THEN c.value END) AS published,
       MAX(CASE WHEN c.column_code = 'total_published' THEN c.value END) AS total_published,
       MAX(CASE WHEN c.column_code = 'prev_items' THEN c.value END) AS prev_items,
       MAX(CASE WHEN c.column_code = 'change' THEN c.value END) AS change,
       MAX(CASE WHEN c.column_code = 'decisions' THEN c.value END) AS decisions,
       MAX(CASE WHEN c.column_code = 'amount_10k_yuan' THEN c.value END) AS amount_10k_yuan,
       MAX(CASE WHEN c.column_code = 'items' THEN c.value END) AS items,
       MAX(CASE WHEN c.column_code = 'amount' THEN c.value END) AS amount
FROM reports r
JOIN table_cells c ON c.version_id = r.current_version_id AND c.table_code = 'active'
LEFT JOIN agencies a ON a.id = r.agency_id
GROUP BY r.id, a.name, a.province, a.city, a.county, a.level, r.year, r.template, c.row_code
""",
    "v_review_litigation": """
SELECT r.id AS report_id, a.name AS agency, a.province, a.city, a.county, a.level, r.year, r.template,
       MAX(CASE WHEN c.column_code = 'review.upheld' THEN c.value END) AS review_upheld,
       MAX(CASE WHEN c.column_code = 'review.corrected' THEN c.value END) AS review_corrected,
       MAX(CASE WHEN c.column_code = 'review.other' THEN c.value END) AS review_other,
       MAX(CASE WHEN c.column_code = 'review.pending' THEN c.value END) AS review_pending,
       MAX(CASE WHEN c.column_code = 'review.total' THEN c.value END) AS review_total,
       MAX(CASE WHEN c.column_code = 'suit_direct.upheld' THEN c.value END) AS suit_direct_upheld,
       MAX(CASE WHEN c.column_code = 'suit_direct.corrected' THEN c.value END) AS suit_direct_corrected,
       MAX(CASE WHEN c.column_code = 'suit_direct.other' THEN c.value END) AS suit_direct_other,
       MAX(CASE WHEN c.column_code = 'suit_direct.pending' THEN c.value END) AS suit_direct_pending,
       MAX(CASE WHEN c.column_code = 'suit_direct.total' THEN c.value END) AS suit_direct_total,
       MAX(CASE WHEN c.column_code = 'suit_after_review.upheld' THEN c.value END) AS suit_after_review_upheld,
       MAX(CASE WHEN c.column_code = 'suit_after_review.corrected' THEN c.value END) AS suit_after_review_corrected,
       MAX(CASE WHEN c.column_code = 'suit_after_review.other' THEN c.value END) AS suit_after_review_other,
       MAX(CASE WHEN c.column_code = 'suit_after_review.pending' THEN c.value END) AS suit_after_review_pending,
       MAX(CASE WHEN c.column_code = 'suit_after_review.total' THEN c.value END) AS suit_after_review_total
FROM reports r
JOIN table_cells c ON c.version_id = r.current_version_id AND c.table_code = 'review_litigation'
LEFT JOIN agencies a ON a.id = r.agency_id
GROUP BY r.id, a.name, a.province, a.city, a.county, a.level, r.year, r.template
""",
    "v_check_failures": """
SELECT r.id AS report_id, a.name AS agency, a.province, a.city, a.county, a.level, r.year, r.template, k.check_name, k.row_code, k.column_code, k.expected, k.found
FROM check_results k
JOIN reports r ON k.version_id = r.current_version_id
LEFT JOIN agencies a ON a.id = r.agency_id
WHERE NOT k.ok
""",
}


def upgrade() -> None:
    for name, select in VIEWS.items():
        op.execute(f"CREATE VIEW {name} AS {select}")


def downgrade() -> None:
    for name in reversed(list(VIEWS)):
        op.execute(f"DROP VIEW IF EXISTS {name}")
