"""The crawl's arguments (`scrapy crawl agency -a …`), read once and checked before any request.

Pure: a mapping of `-a` values in, `CrawlArguments` out, or ArgumentProblem
with a message for the user. The spider and the crawl command both use it
(the command to exit 2 before anything starts).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govreports.fetch.registry import (
    Agency,
    RegistryError,
    load_registry,
    select_agencies,
)

NAMES = ("province", "agency", "year", "since", "max_pages", "registry")
PASSED_BY_SCHEDULERS = ("_job",)  # Scrapyd names each job's run with -a _job=<id>: known, not a filter
YEARS = (2008, 2100)
MAX_PAGES = (1, 10_000)
DEFAULT_MAX_PAGES = 50


class ArgumentProblem(ValueError):
    """A `-a` argument the crawl cannot take; the message says which and why."""


@dataclass(frozen=True)
class CrawlArguments:
    province: str | None = None
    agency: str | None = None
    year: int | None = None
    since: int | None = None
    max_pages: int = DEFAULT_MAX_PAGES
    registry: str | None = None

    def wants(self, year: int | None) -> bool:
        """Whether a report of this year is to be fetched (a report of no known year only without a filter)."""
        if year is None:
            return self.year is None and self.since is None
        if self.year is not None:
            return year == self.year
        return self.since is None or year >= self.since

    def agencies(self, registries: Iterable[str | Path] = (), bundled: bool = True) -> list[Agency]:
        """The registry's agencies this crawl covers."""
        paths = [p for p in (self.registry, *registries) if p]
        try:
            return select_agencies(load_registry(paths, bundled=bundled), self.province, self.agency)
        except RegistryError as error:
            raise ArgumentProblem(str(error)) from None


def _whole(name: str, value: Any, bounds: tuple[int, int]) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ArgumentProblem(f"-a {name}= takes a whole number, not {value!r}") from None
    if not bounds[0] <= number <= bounds[1]:
        raise ArgumentProblem(f"-a {name}={number} is out of range ({bounds[0]}–{bounds[1]})")
    return number


def read_arguments(values: Mapping[str, Any]) -> CrawlArguments:
    """The arguments, checked: names, numbers, ranges, and year or since (not both)."""
    unknown = set(values) - set(NAMES) - set(PASSED_BY_SCHEDULERS)
    if unknown:
        raise ArgumentProblem(f"unknown spider argument(s): {', '.join(sorted(unknown))}")
    year, since = _whole("year", values.get("year"), YEARS), _whole("since", values.get("since"), YEARS)
    if year is not None and since is not None:
        raise ArgumentProblem("give -a year= or -a since=, not both")
    return CrawlArguments(values.get("province") or None, values.get("agency") or None, year, since,
                          _whole("max_pages", values.get("max_pages"), MAX_PAGES) or DEFAULT_MAX_PAGES,
                          values.get("registry") or None)
