"""Engines and migrations: one place that knows SQLite from PostgreSQL.

SQLite gets WAL (readers never block the writer), foreign keys, and a busy
timeout so that two writers wait for each other instead of failing.
PostgreSQL connections give up connecting after PG_CONNECT_TIMEOUT seconds
(a server that does not answer is an outage, waited out elsewhere).
Upgrades are serialized between processes (two first runs on a new
database would both create the tables): a lock file beside a SQLite
database, an advisory lock on PostgreSQL.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import functools
import importlib.util
import json
import logging
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import ModuleType
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event

from govreports.store.config import database_url, redacted

log = logging.getLogger(__name__)
SQLITE_BUSY_MS = 60_000
# Pages the WAL grows to before a write checkpoints it (SQLite's default: 1,000). Each checkpoint syncs the
# database file: at the default a batched store of 50 reports (~2 MB) checkpointed every commit or two, and a
# quarter of its time was those syncs (bench/store.py). 40 MB of WAL at most, written back in fewer syncs.
SQLITE_WAL_PAGES = 10_000
WAL_ATTEMPTS = 100
PG_CONNECT_TIMEOUT = 10
UPGRADE_LOCK_KEY = 0x6F76_7265_706F  # pg_advisory_lock key of schema upgrades ("ovrepo")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    for attempt in range(WAL_ATTEMPTS):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError as error:
            # Two first connections to a new file both switching it to WAL: SQLite breaks the deadlock
            # by failing one at once (no busy wait); once the other has switched, this is a no-op.
            if "locked" not in str(error) or attempt == WAL_ATTEMPTS - 1:
                raise
            time.sleep(0.05)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA wal_autocheckpoint={SQLITE_WAL_PAGES}")
    cursor.close()


def json_text(value: Any) -> str:
    """JSON columns as UTF-8 text: a report's Chinese text escaped as \\uXXXX would be six bytes a character, and
    escaping it costs more than the rest of the write."""
    return json.dumps(value, ensure_ascii=False)


def make_engine(url: str | None = None) -> Engine:
    """An engine for the configured database, SQLite tuned for concurrent use."""
    url = database_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_MS / 1000}, json_serializer=json_text)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    connect_args = {"connect_timeout": PG_CONNECT_TIMEOUT} if url.startswith("postgresql") else {}
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args, json_serializer=json_text)


def _copy_tree(source: Traversable, target: Path) -> None:
    target.mkdir(exist_ok=True)
    for entry in source.iterdir():
        if entry.is_dir():
            _copy_tree(entry, target / entry.name)
        elif entry.name.endswith((".py", ".mako")):
            (target / entry.name).write_bytes(entry.read_bytes())


@functools.cache
def migrations_dir() -> Path:
    """The Alembic scripts as a folder: the package's own, or copied out of a zipped egg (a Scrapyd deployment)."""
    packaged = resources.files("govreports.store") / "migrations"
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    copy = Path(tempfile.mkdtemp(prefix="govreports-migrations-"))
    atexit.register(shutil.rmtree, copy, True)
    _copy_tree(packaged, copy / "migrations")
    log.debug("migrations copied out of %s to %s", packaged, copy)
    return copy / "migrations"


def load_revision(path: Path) -> ModuleType:
    """A revision's module by its file (its name starts with a digit: no import statement reaches it), so
    that a later revision, or a test, reads the SQL an earlier one wrote."""
    spec = importlib.util.spec_from_file_location(f"govreports_revision_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.attributes["engine"] = engine
    return config


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


@contextlib.contextmanager
def upgrade_lock(engine: Engine) -> Iterator[None]:
    """One upgrade at a time on this database, across processes."""
    database = engine.url.database
    if engine.dialect.name == "sqlite":
        if not database or database == ":memory:":
            yield
            return
        with open(f"{database}.upgrade-lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
        return
    with engine.connect() as connection:
        connection.exec_driver_sql(f"SELECT pg_advisory_lock({UPGRADE_LOCK_KEY})")
        try:
            yield
        finally:
            connection.exec_driver_sql(f"SELECT pg_advisory_unlock({UPGRADE_LOCK_KEY})")
            connection.commit()


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str | None]:
    """Create or upgrade the schema; returns (revision before, revision after). Safe when concurrent."""
    before = current_revision(engine)
    if revision == "head" and before is not None and before == head_revision(engine):
        return before, before
    with upgrade_lock(engine):
        before = current_revision(engine)  # another process may have upgraded while this one waited
        command.upgrade(alembic_config(engine), revision)
        after = current_revision(engine)
    if before != after:
        log.info("database %s upgraded from %s to %s", redacted(str(engine.url)), before, after)
    return before, after


def downgrade(engine: Engine, revision: str) -> None:
    command.downgrade(alembic_config(engine), revision)
