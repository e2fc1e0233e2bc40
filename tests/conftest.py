"""Shared fixtures: one parser per session, saved inputs with expected JSON beside them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from govreports.report import ReportParser

FIXTURES = Path(__file__).parent / "fixtures" / "reports"


@dataclass(frozen=True)
class Case:
    """A saved input: the bytes as served, its meta file, its expected JSON."""

    name: str
    path: Path

    @property
    def body(self) -> Path:
        return next(self.path.glob("body.*"))

    @property
    def meta(self) -> dict:
        return json.loads((self.path / "meta.json").read_text(encoding="utf-8"))

    @property
    def expected(self) -> dict:
        return json.loads((self.path / "expected.json").read_text(encoding="utf-8"))


def all_cases() -> list[Case]:
    return [Case(p.name, p) for p in sorted(FIXTURES.iterdir()) if (p / "expected.json").is_file()]


@pytest.fixture(scope="session")
def parser() -> ReportParser:
    return ReportParser()


@pytest.fixture(scope="session")
def parsed(parser: ReportParser) -> dict[str, dict]:
    """Every case parsed once per session, as the spec's JSON."""
    from govreports.model import to_json

    out = {}
    for case in all_cases():
        meta = case.meta
        report = parser.parse_bytes(case.body.read_bytes(), meta.get("url"), meta.get("content_type"))
        out[case.name] = to_json(report)
    return out


# -- databases ------------------------------------------------------------

@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server for the session; required under CI=true."""
    from tests.pg import PostgresUnavailable, postgres_server
    from tests.services import service_missing

    try:
        with postgres_server() as url:
            yield url
    except PostgresUnavailable as error:
        service_missing(str(error), f"PostgreSQL is required in CI: {error}")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """An empty database of each kind, one per test."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    from tests.pg import create_database

    return create_database(request.getfixturevalue("postgres_server"))


@pytest.fixture
def engine(database_url):
    from govreports.store.engine import make_engine

    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session", autouse=True)
def archive_dir(tmp_path_factory):
    """Crawls in tests archive into a temporary folder, never the project's data/archive."""
    import os

    folder = tmp_path_factory.mktemp("archive")
    previous = os.environ.get("GOVREPORTS_ARCHIVE_DIR")
    os.environ["GOVREPORTS_ARCHIVE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("GOVREPORTS_ARCHIVE_DIR", None)
    else:
        os.environ["GOVREPORTS_ARCHIVE_DIR"] = previous
