"""Columns as wide as what the crawler accepts; crawl_runs.reason

sources.url (Scrapy accepts URLs of 2,083 characters, redirects longer),
sources.content_type (a header has no length limit) and reports.report_key
(`url|<url>` for a document without agency or year) become TEXT; the
writer checks what an index can hold (govreports.store.writer). On SQLite
the declared lengths were never enforced, so only PostgreSQL changes.
crawl_runs.reason: why a crawl did not finish cleanly, in one line.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

WIDENED = (("sources", "url", 2000), ("sources", "content_type", 200), ("reports", "report_key", 400))


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":  # no view reads these columns
        for table, column, length in WIDENED:
            op.alter_column(table, column, type_=sa.Text(), existing_type=sa.String(length=length))
    op.add_column('crawl_runs', sa.Column('reason', sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column('crawl_runs', 'reason')
    if op.get_bind().dialect.name == "postgresql":
        for table, column, length in WIDENED:
            op.alter_column(table, column, type_=sa.String(length=length), existing_type=sa.Text())
