"""What a crawl achieved, from its stats: each agency's outcome, the exit status and one line that says why.

Pure (a stats mapping in, a Verdict out), so the `scrapy crawl` command,
the crawl_runs row and the log all say the same thing. Per agency:

- `reports`: its columns listed reports;
- `unreachable`: its site did not answer (DNS, refused, TLS, timeout) and no listing page was read;
- `robots`: robots.txt forbids its column;
- `empty`: its column was read and listed no report (a changed layout, most often);
- `unfinished`: so far none listed, but the crawl was cut short by its shared frontier's Redis ("frontier
  unavailable"): the rest of its pages were not fetched, which says nothing of its column.

Exit status: 0 when everything was collected and stored; 1 when the crawl
is incomplete (an agency without reports, reports that could not be
fetched, a page whose callback raised, a crawl stopped before its end, a
shared frontier whose Redis stayed away: "frontier unavailable"); 3 when storing failed (the
database went away, or items could not be stored as reports). 2 is left to
bad arguments, said before the crawl starts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

PREFIX = "govreports/agency/"
EXIT_OK, EXIT_INCOMPLETE, EXIT_STORE = 0, 1, 3
FINISHED = "finished"
DATABASE_UNAVAILABLE = "database unavailable"
FRONTIER_UNAVAILABLE = "frontier unavailable"  # Redis of a shared frontier away longer than GOVREPORTS_REDIS_WAIT
FRONTIER_GONE = "govreports/frontier/unavailable"  # stat: why (spiders/distributed.py)
SHARED_FRONTIER = "govreports/frontier/shared"  # set by spiders/distributed.py: workers share one Redis frontier
LISTED_BY_WORKERS = "reports/listed_by_workers"  # with a shared frontier: an agency's reports listed by any worker
SPIDER_EXCEPTIONS = "spider_exceptions/count"  # Scrapy's stat


@dataclass(frozen=True)
class AgencyOutcome:
    name: str
    kind: str  # reports | unreachable | robots | empty | unfinished
    counts: dict[str, Any] = field(default_factory=dict)

    def line(self) -> str:
        c = self.counts
        if self.kind == "unreachable":
            return f"{self.name}: site unreachable ({c.get('unreachable_reason') or 'no answer'})"
        if self.kind == "robots":
            return f"{self.name}: its column is forbidden by robots.txt"
        if self.kind == "unfinished":
            return f"{self.name}: not finished, {FRONTIER_UNAVAILABLE} ({c.get('listing/pages', 0)} listing pages read)"
        if self.kind == "empty":
            return (f"no report found for {self.name}: its column may have changed layout "
                    f"({c.get('listing/pages', 0)} listing pages read)")
        line = (f"{self.name}: {c.get('reports/listed', 0)} listed, {c.get('new', 0)} new, {c.get('updated', 0)} "
                f"updated, {c.get('unchanged', 0)} unchanged, {c.get('failed', 0)} failed")
        for key, words in (("reports/fetch_failed", "could not be fetched"), ("refused", "not storable"),
                           ("error", "not stored"), ("reports/off_site", "off the site"),
                           ("reports/robots_forbidden", "forbidden by robots.txt")):
            if c.get(key):
                line += f", {c[key]} {words}"
        if c.get("agencies/attributed"):  # a shared 年报 column (spiders/agency.py): stored under their own agencies
            line += f"; {c['agencies/attributed']} other agencies' reports among them, stored under those agencies"
        return line


@dataclass(frozen=True)
class Verdict:
    status: str  # finished | incomplete | failed
    exit_code: int
    line: str
    agencies: list[AgencyOutcome]


def per_agency(stats: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """govreports/agency/<name>/<what> → {name: {what: value}}."""
    out: dict[str, dict[str, Any]] = {}
    for key, value in stats.items():
        if isinstance(key, str) and key.startswith(PREFIX):
            name, _, what = key[len(PREFIX):].partition("/")
            out.setdefault(name, {})[what] = value
    return out


def agency_outcome(name: str, counts: dict[str, Any]) -> AgencyOutcome:
    if counts.get("reports/listed") or counts.get(LISTED_BY_WORKERS):
        kind = "reports"
    elif counts.get("listing/pages"):
        kind = "empty"
    elif counts.get("listing/unreachable"):
        kind = "unreachable"
    elif counts.get("listing/robots"):
        kind = "robots"
    else:
        kind = "empty"
    return AgencyOutcome(name, kind, counts)


def judged_here(counts: Mapping[str, Any], shared: bool) -> bool:
    """Whether this crawl judges the agency: one it started; with a shared frontier, one whose pages it fetched.

    Workers of a shared frontier (spiders/distributed.py) each start every agency, and the
    Redis filter lets one of them enqueue it; the agency is judged by whoever read its pages.
    """
    if shared:
        return any(key != "start_urls" for key in counts)
    return bool(counts.get("start_urls"))


def _names(outcomes: list[AgencyOutcome], limit: int = 5) -> str:
    shown = [o.name + (f": {o.counts['unreachable_reason']}" if o.counts.get("unreachable_reason") else "")
             for o in outcomes[:limit]]
    return "; ".join(shown) + (f"; and {len(outcomes) - limit} more" if len(outcomes) > limit else "")


def judge(stats: Mapping[str, Any], reason: str | None) -> Verdict:
    """The crawl's status, exit code and one-line reason, from its stats and Scrapy's finish reason."""
    reason = reason or FINISHED
    shared = bool(stats.get(SHARED_FRONTIER))
    outcomes = [agency_outcome(name, counts) for name, counts in sorted(per_agency(stats).items())
                if judged_here(counts, shared)]
    frontier_gone = reason == FRONTIER_UNAVAILABLE or bool(stats.get(FRONTIER_GONE))
    if frontier_gone:  # its listing cut short: not judged empty
        outcomes = [replace(o, kind="unfinished") if o.kind == "empty" else o for o in outcomes]
    store: list[str] = []
    if stats.get("govreports/store/database_unavailable"):
        store.append(f"{DATABASE_UNAVAILABLE} ({stats['govreports/store/database_unavailable']}); "
                     f"{stats.get('govreports/store/not_stored', 0)} fetched documents not stored")
    refused, errors = stats.get("govreports/store/refused", 0), stats.get("govreports/store/error", 0)
    if refused or errors:
        store.append(f"{refused + errors} documents could not be stored as reports ({refused} stored as failed "
                     f"with the reason, {errors} not at all)")
    incomplete: list[str] = []
    for kind, words in (("unreachable", "sites unreachable"), ("robots", "columns forbidden by robots.txt"),
                        ("empty", "columns yielded no report")):
        these = [o for o in outcomes if o.kind == kind]
        if these:
            incomplete.append(f"{len(these)} {words} ({_names(these)})")
    if stats.get("govreports/reports/fetch_failed"):
        incomplete.append(f"{stats['govreports/reports/fetch_failed']} reports could not be fetched")
    if stats.get(SPIDER_EXCEPTIONS):  # Scrapy's count of callbacks that raised: their pages' links are lost
        incomplete.append(f"{stats[SPIDER_EXCEPTIONS]} pages failed in the spider (a bug: its traceback is in the log)")
    if frontier_gone:
        incomplete.append(f"{FRONTIER_UNAVAILABLE} ({stats.get(FRONTIER_GONE) or 'Redis away'}); its requests stay "
                          f"in Redis for another worker or the next run")
    elif reason != FINISHED and reason != DATABASE_UNAVAILABLE:
        incomplete.append(f"stopped before the end ({reason})")
    if store:
        return Verdict("failed", EXIT_STORE, "crawl failed: " + "; ".join(store + incomplete), outcomes)
    if incomplete:
        return Verdict("incomplete", EXIT_INCOMPLETE, "crawl incomplete: " + "; ".join(incomplete), outcomes)
    listed = sum(o.counts.get("reports/listed", 0) for o in outcomes)
    counts = {k: stats.get(f"govreports/store/{k}", 0) for k in ("new", "updated", "unchanged", "failed")}
    return Verdict(FINISHED, EXIT_OK, f"crawl finished: {len(outcomes)} agencies, {listed} reports listed, "
                                      f"{counts['new']} new, {counts['updated']} updated, {counts['unchanged']} "
                                      f"unchanged, {counts['failed']} not parsed as reports", outcomes)
