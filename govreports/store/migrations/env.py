"""Alembic environment: runs on the engine govreports hands it (no alembic.ini needed)."""

from __future__ import annotations

from alembic import context

from govreports.store.engine import make_engine
from govreports.store.models import Base

config = context.config
engine = config.attributes.get("engine") or make_engine(config.get_main_option("sqlalchemy.url") or None)

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
