"""Services the tests start: the rule when one is missing (a failure under CI=true, else a skip), and a free port."""

from __future__ import annotations

import os
import socket
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
