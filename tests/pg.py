"""A throwaway PostgreSQL server on 127.0.0.1 for tests and benchmarks.

Uses Debian's postgresql binaries: initdb into a temporary folder as the
`postgres` user (initdb refuses root), pg_ctl start on a free port, stop and
remove on exit. GOVREPORTS_TEST_POSTGRES_URL points at an existing server
instead.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

from tests.services import free_port

ENV_URL = "GOVREPORTS_TEST_POSTGRES_URL"


class PostgresUnavailable(RuntimeError):
    pass


def pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None




def _as_postgres(args: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


class Server:
    """A PostgreSQL server of our own, which a test may stop and start again (same port, same data)."""

    def __init__(self) -> None:
        binaries = pg_bin()
        if binaries is None:
            raise PostgresUnavailable("PostgreSQL binaries not found (apt-get install postgresql)")
        self.binaries = binaries
        self.folder = Path(tempfile.mkdtemp(prefix="govreports-pg-"))
        self.data = self.folder / "data"
        self.data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
            shutil.chown(self.data, "postgres")
        self.port = free_port()
        subprocess.run(_as_postgres([str(binaries / "initdb"), "-D", str(self.data), "-U", "postgres",
                                     "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"]),
                       check=True, capture_output=True, timeout=120)

    @property
    def url(self) -> str:
        """The server's URL without database name (postgresql+psycopg://postgres@127.0.0.1:PORT)."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}"

    def _ctl(self, *args: str) -> None:
        subprocess.run(_as_postgres([str(self.binaries / "pg_ctl"), "-D", str(self.data), *args]),
                       check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off -c max_connections=50"
        self._ctl("-o", options, "-l", str(self.folder / "log"), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._ctl("-m", mode, "-w", "stop")

    def remove(self) -> None:
        subprocess.run(_as_postgres([str(self.binaries / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w",
                                     "stop"]), capture_output=True, timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)


@contextlib.contextmanager
def own_server() -> Iterator[Server]:
    """A started server that only the caller uses (it may stop it); removed on exit."""
    server = Server()
    try:
        server.start()
        yield server
    finally:
        server.remove()


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """Yields a server URL without database name (postgresql+psycopg://postgres@127.0.0.1:PORT)."""
    if os.environ.get(ENV_URL):
        yield os.environ[ENV_URL].rstrip("/")
        return
    with own_server() as server:
        yield server.url


def create_database(server_url: str) -> str:
    """A fresh, empty database on the server; returns its URL."""
    import sqlalchemy

    name = f"t_{uuid.uuid4().hex[:12]}"
    engine = sqlalchemy.create_engine(f"{server_url}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    return f"{server_url}/{name}"
