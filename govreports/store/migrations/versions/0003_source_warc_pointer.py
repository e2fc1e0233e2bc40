"""sources.warc_file, sources.warc_offset: where the archive holds each capture

Nullable: captures stored before the archive existed, or with it switched
off, point nowhere.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN on both databases (no table rebuild: the views read `sources`).
    op.add_column('sources', sa.Column('warc_file', sa.String(length=300), nullable=True))
    op.add_column('sources', sa.Column('warc_offset', sa.BigInteger(), nullable=True))


def downgrade() -> None:
    # DROP COLUMN: native since SQLite 3.35; no view reads these columns.
    op.drop_column('sources', 'warc_offset')
    op.drop_column('sources', 'warc_file')
