"""Alembic environment: runs on the engine govreports hands it (no alembic.ini needed).

On SQLite the whole upgrade is one transaction. Python's sqlite3 runs DDL
outside any transaction, so a process killed between a migration's
`ALTER TABLE` and its version stamp left a schema the next run could not
upgrade ("duplicate column name"); SQLite's DDL is transactional when a
transaction is open, so one is opened explicitly (BEGIN IMMEDIATE, which
also keeps other writers out until the upgrade is whole).
"""

from __future__ import annotations

from alembic import context

from govreports.store.engine import make_engine
from govreports.store.models import Base

config = context.config
engine = config.attributes.get("engine") or make_engine(config.get_main_option("sqlalchemy.url") or None)

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    driver = connection.connection.driver_connection if sqlite else None
    if sqlite:
        connection.commit()  # whatever the pool's connection began, before the driver stops beginning on its own
        level, driver.isolation_level = driver.isolation_level, None
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    try:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=sqlite,
            transactional_ddl=True if sqlite else None,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
    finally:
        if sqlite:
            if driver.in_transaction:
                driver.rollback()
            driver.isolation_level = level
