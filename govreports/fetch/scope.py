"""What the crawler may fetch: the registry agency's own site, by scheme, host and port.

A host name alone is not a site: another port of the same host is another
server (an admin console, a test instance), and a link to it must not be
followed. The origins of an agency are those of its registry URLs
(homepage, columns, example reports); a host named on its scheme's default
port is also the same site over the other scheme's default port, since
sites move from http to https. Checks are set lookups (O(1) per request).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

Origin = tuple[str, str, int]  # (scheme, host, port)
DEFAULT_PORTS = {"http": 80, "https": 443}


def origin(url: str) -> Origin | None:
    """(scheme, host, port) of an http(s) URL; None for other schemes and malformed URLs."""
    try:
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS or not parts.hostname:
            return None
        return scheme, parts.hostname.rstrip("."), parts.port or DEFAULT_PORTS[scheme]
    except ValueError:  # a port out of range, a broken IPv6 literal
        return None


def site_origins(urls: Iterable[str | None]) -> frozenset[Origin]:
    """The origins of a site's URLs, with the scheme twin of each default-port origin."""
    found: set[Origin] = set()
    for url in urls:
        where = origin(url) if url else None
        if where is None:
            continue
        found.add(where)
        scheme, host, port = where
        if port == DEFAULT_PORTS[scheme]:
            twin = "https" if scheme == "http" else "http"
            found.add((twin, host, DEFAULT_PORTS[twin]))
    return frozenset(found)


class HasOrigins(Protocol):
    name: str

    @property
    def origins(self) -> frozenset[Origin]: ...


@dataclass(frozen=True)
class Scope:
    """Each agency's origins, and all of them (for requests made for no agency, like robots.txt)."""

    by_agency: dict[str, frozenset[Origin]]
    everything: frozenset[Origin]

    @classmethod
    def of(cls, agencies: Iterable[HasOrigins]) -> Scope:
        by_agency = {a.name: a.origins for a in agencies}
        return cls(by_agency, frozenset().union(*by_agency.values()))

    def allows(self, url: str, agency: str | None) -> bool:
        where = origin(url)
        if where is None:
            return False
        if agency is None:
            return where in self.everything
        return where in self.by_agency.get(agency, frozenset())
