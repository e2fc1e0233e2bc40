"""full-text search over report texts: SQLite FTS5 (trigram), PostgreSQL pg_trgm

Chinese has no spaces between words, so a word tokenizer finds nothing: both databases index
character trigrams, which find any substring of three characters or more (govreports.store.search
falls back to a scan for shorter ones).

- SQLite: `reports_fts`, an FTS5 table over reports.text (external content, rowid = reports.id),
  kept in step by triggers on reports; filled from the reports already stored.
- PostgreSQL: a GIN trigram index on reports.text, which LIKE uses. pg_trgm is a contrib extension:
  where it cannot be created (no superuser, not installed), search scans the texts instead.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import logging

from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)

SQLITE = (
    "CREATE VIRTUAL TABLE reports_fts USING fts5(text, content='reports', content_rowid='id', tokenize='trigram case_sensitive 1')",
    "CREATE TRIGGER reports_fts_insert AFTER INSERT ON reports BEGIN "
    "INSERT INTO reports_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER reports_fts_delete AFTER DELETE ON reports BEGIN "
    "INSERT INTO reports_fts(reports_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER reports_fts_update AFTER UPDATE OF text ON reports BEGIN "
    "INSERT INTO reports_fts(reports_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO reports_fts(rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO reports_fts(reports_fts) VALUES ('rebuild')",
)
PG_INDEX = "CREATE INDEX IF NOT EXISTS ix_reports_text_trgm ON reports USING gin (text gin_trgm_ops)"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in SQLITE:
            op.execute(statement)
        return
    if bind.dialect.name == "postgresql":
        savepoint = bind.begin_nested()
        try:
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            bind.exec_driver_sql(PG_INDEX)
        except Exception as error:  # the extension is optional: search scans without it
            savepoint.rollback()
            log.warning("no trigram index for full-text search (%s): search will scan", str(error).splitlines()[0])
        else:
            savepoint.commit()


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for trigger in ("reports_fts_insert", "reports_fts_delete", "reports_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS reports_fts")
    elif bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_reports_text_trgm")
