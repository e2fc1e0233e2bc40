"""Tell the database's own failures (away, restarting, locked) from the failures of one item's data.

The first kind is waited out and retried (pipelines/database.py); the
second is isolated to its item, which is stored as a `failed` outcome with
the reason (govreports.store.writer). A one-line description of either
fits a log line or a command's stderr.
"""

from __future__ import annotations

from sqlalchemy import exc

# SQLSTATE classes and codes of a server that is going, gone or not there yet.
UNAVAILABLE_STATES = ("08", "57P01", "57P02", "57P03", "53300")
SQLITE_UNAVAILABLE = ("unable to open database file", "disk i/o error", "database is locked",
                      "attempt to write a readonly database", "database or disk is full")


def sqlstate(error: BaseException) -> str | None:
    original = getattr(error, "orig", None)
    return getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)


def is_unavailable(error: BaseException) -> bool:
    """Whether the database itself failed (connection refused or lost, shutdown, locked), not the data."""
    if isinstance(error, exc.TimeoutError):  # no connection from the pool in time
        return True
    if not isinstance(error, exc.DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    state = sqlstate(error)
    if state is not None:
        return state.startswith(UNAVAILABLE_STATES)
    if not isinstance(error, exc.OperationalError):
        return False
    message = str(error.orig).lower()
    if type(error.orig).__module__.startswith("psycopg"):
        return True  # an OperationalError without SQLSTATE: the connection itself failed
    return any(words in message for words in SQLITE_UNAVAILABLE)


def describe(error: BaseException) -> str:
    """One line: the driver's message without SQLAlchemy's statement dump and links."""
    original = getattr(error, "orig", None) or error
    text = " ".join(str(original).split())
    return f"{type(original).__name__}: {text[:300]}" if text else type(original).__name__
