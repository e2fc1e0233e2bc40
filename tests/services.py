"""Services the tests start: the rule when one is missing (a failure under CI=true, else a skip), a free port,
and Debian's redis-server."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

import pytest


def service_missing(skip_reason: str, ci_reason: str | None = None) -> NoReturn:
    """Fail under CI (its services are installed by the project's scripts), skip on a developer's machine."""
    if os.environ.get("CI") == "true":
        pytest.fail(ci_reason or skip_reason)
    pytest.skip(skip_reason)


def free_port(address: str = "127.0.0.1") -> int:
    """A port nothing listens on at this loopback address, for a service a test starts there."""
    with socket.socket() as probe:
        probe.bind((address, 0))
        return probe.getsockname()[1]


def wait_for_port(address: str, port: int, tries: int = 100) -> None:
    """Until a server just started accepts connections there (at most `tries` × 0.1 s; its first use then says)."""
    for _ in range(tries):
        try:
            with socket.create_connection((address, port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)


def wait_for(condition: Callable[[], bool], timeout: float = 60) -> None:
    """Until condition() holds, checked every 0.1 s; a failed test after `timeout` seconds."""
    ended = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < ended, "timed out"
        time.sleep(0.1)


@contextlib.contextmanager
def redis_server(address: str, folder: Path) -> Iterator[str]:
    """A redis-server on a free port of this loopback address, without persistence, until the block ends: its URL."""
    server_path = shutil.which("redis-server")
    if server_path is None:
        service_missing("redis-server not installed (scripts/system-deps installs it)")
    port = free_port(address)
    server = subprocess.Popen([server_path, "--bind", address, "--port", str(port), "--save", "", "--appendonly",
                               "no", "--dir", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        wait_for_port(address, port)
        yield f"redis://{address}:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=30)


class RestartableRedis:
    """A redis-server on a loopback address that a test stops and starts again, on the same port and with the same
    data: every write in an append-only file, synced (`--appendonly yes --appendfsync always`), read at the start."""

    def __init__(self, address: str, folder: Path) -> None:
        self.server_path = shutil.which("redis-server")
        if self.server_path is None:
            service_missing("redis-server not installed (scripts/system-deps installs it)")
        self.address, self.folder, self.port = address, folder, free_port(address)
        self.url = f"redis://{address}:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.server_path, "--bind", self.address, "--port", str(self.port), "--save", "", "--appendonly", "yes",
             "--appendfsync", "always", "--dir", str(self.folder)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        wait_for_port(self.address, self.port)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()  # a clean shutdown; the append-only file has every write already
            self.process.wait(timeout=30)
            self.process = None
