"""The rule for a test whose service (PostgreSQL, LibreOffice…) is missing: a failure under CI=true, else a skip."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def service_missing(skip_reason: str, ci_reason: str | None = None) -> NoReturn:
    """Fail under CI (its services are installed by the project's scripts), skip on a developer's machine."""
    if os.environ.get("CI") == "true":
        pytest.fail(ci_reason or skip_reason)
    pytest.skip(skip_reason)
