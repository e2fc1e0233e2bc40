"""reports.ocr, table_cells.confidence; v_reports shows `ocr`

A report whose tables were read from pictures (a scan, a table printed as an
image) says so, and each value read that way keeps the OCR engine's
confidence. `v_reports` gains the `ocr` column, so analysts can filter on it.
Plain ADD COLUMN on both databases; the view is dropped and created again
(SQLite cannot alter a view, and a view pins the columns it reads).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import op

from govreports.store.engine import load_revision

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None



VIEWS = load_revision(Path(__file__).with_name("0002_analyst_views.py")).VIEWS  # the views as 0002 created them
V_REPORTS_OCR = VIEWS["v_reports"].replace("r.template, r.status, r.reason,", "r.template, r.status, r.reason, r.ocr,")
assert V_REPORTS_OCR != VIEWS["v_reports"], "v_reports no longer lists r.reason after r.status"


def upgrade() -> None:
    op.add_column('reports', sa.Column('ocr', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('table_cells', sa.Column('confidence', sa.Float(), nullable=True))
    op.execute("DROP VIEW IF EXISTS v_reports")
    op.execute(f"CREATE VIEW v_reports AS {V_REPORTS_OCR}")


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS v_reports")
    op.execute(f"CREATE VIEW v_reports AS {VIEWS['v_reports']}")
    op.drop_column('table_cells', 'confidence')
    op.drop_column('reports', 'ocr')
