"""The registry of agencies to crawl: data, not code.

The bundled registry (govreports/data/agencies.csv) is seeded from the real
agencies of shared/registry/; a user adds agencies with a CSV of the same
columns (`-a registry=PATH`, the GOVREPORTS_REGISTRY setting or variable).
Rows whose report URL is a mirror or proxy host keep their homepage and
column but never the mirror's URL.
"""

from __future__ import annotations

import csv
import importlib.resources
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from govreports.fetch.scope import Origin, origin, site_origins

MIRROR_HINT = "MIRROR"
PROVINCE_SUFFIXES = ("省", "市", "壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区")


class RegistryError(ValueError):
    """A registry file or a selection that cannot be used."""


@dataclass(frozen=True)
class Agency:
    name: str
    province: str
    city: str | None = None
    county: str | None = None
    level: str | None = None
    homepage: str | None = None
    column_urls: tuple[str, ...] = ()
    cms_hint: str = ""
    example_urls: tuple[str, ...] = field(default=(), compare=False)
    rejected: tuple[str, ...] = field(default=(), compare=False)  # registry URLs that are no site, and why

    @property
    def domains(self) -> tuple[str, ...]:
        """Hosts of this agency's site."""
        hosts = {urlsplit(u).hostname for u in (self.homepage, *self.column_urls, *self.example_urls) if u}
        return tuple(sorted(h for h in hosts if h))

    @property
    def origins(self) -> frozenset[Origin]:
        """(scheme, host, port) the spider may fetch from for this agency (govreports.fetch.scope)."""
        return site_origins((self.homepage, *self.column_urls, *self.example_urls))

    @property
    def start_urls(self) -> tuple[str, ...]:
        return self.column_urls or ((self.homepage,) if self.homepage else ())


def province_key(name: str) -> str:
    """四川 and 四川省 compare equal; so do 广西 and 广西壮族自治区."""
    name = name.strip()
    for suffix in sorted(PROVINCE_SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _split_urls(value: str, column: str, rejected: list[str]) -> tuple[str, ...]:
    """The http(s) URLs of a cell (space or ; separated); the others are noted in `rejected`."""
    urls = []
    for url in value.replace(";", " ").split():
        if origin(url) is None:
            rejected.append(f"{column} {url!r} is not an http(s) URL")
        else:
            urls.append(url)
    return tuple(urls)


def decode_registry(data: bytes, source: str) -> str:
    """A registry file's text: UTF-8 (with or without BOM), UTF-16 (BOM or not), else GB18030 (GBK, GB2312)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # UTF-16 without BOM: the ASCII header row puts a NUL beside every character.
    head = data[:200]
    if head.count(0) * 3 > len(head):
        even_zeros = head[0::2].count(0)
        return data.decode("utf-16-be" if even_zeros > len(head) // 4 else "utf-16-le")
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise RegistryError(f"{source}: not UTF-8, UTF-16 or GB18030 (GBK) text") from None


def parse_registry(text: str, source: str = "registry") -> list[Agency]:
    reader = csv.DictReader(io.StringIO(text))
    missing = {"agency", "province", "homepage"} - set(reader.fieldnames or ())
    if missing:
        raise RegistryError(f"{source}: missing columns {', '.join(sorted(missing))}")
    agencies = []
    for line, row in enumerate(reader, start=2):
        name = (row.get("agency") or "").strip()
        if not name:
            continue
        rejected: list[str] = []
        homepage = (row.get("homepage") or "").strip() or None
        if homepage and origin(homepage) is None:
            rejected.append(f"homepage {homepage!r} is not an http(s) URL")
            homepage = None
        columns = _split_urls(row.get("column_url") or "", "column_url", rejected)
        hint = (row.get("cms_hint") or "").strip()
        examples = () if hint.upper().startswith(MIRROR_HINT) else _split_urls(
            row.get("example_report_url") or "", "example_report_url", rejected)
        agencies.append(Agency(
            name=name, province=(row.get("province") or "").strip(), city=(row.get("city") or "").strip() or None,
            county=(row.get("county") or "").strip() or None, level=(row.get("level") or "").strip() or None,
            homepage=homepage, column_urls=columns, cms_hint=hint, example_urls=examples, rejected=tuple(rejected),
        ))
    return agencies


def bundled_registry() -> list[Agency]:
    text = (importlib.resources.files("govreports") / "data" / "agencies.csv").read_text(encoding="utf-8")
    return parse_registry(text, "govreports/data/agencies.csv")


def load_registry(paths: Iterable[str | Path] = (), bundled: bool = True) -> list[Agency]:
    """The bundled registry plus the user's files; a later row for the same agency wins."""
    agencies = {a.name: a for a in bundled_registry()} if bundled else {}
    for path in paths:
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise RegistryError(f"cannot read registry {path}: {error.strerror or error}") from error
        text = decode_registry(data, str(path))
        agencies.update({a.name: a for a in parse_registry(text, str(path))})
    return list(agencies.values())


def select_agencies(agencies: list[Agency], province: str | None = None, agency: str | None = None) -> list[Agency]:
    """The agencies a crawl covers; an empty selection is an error, said before any request."""
    chosen = agencies
    if province:
        key = province_key(province)
        chosen = [a for a in chosen if province_key(a.province) == key]
        if not chosen:
            known = sorted({a.province for a in agencies})
            raise RegistryError(f"no registered agency in province {province!r}; known: {', '.join(known)}")
    if agency:
        chosen = [a for a in chosen if agency in a.name]
        if not chosen:
            raise RegistryError(f"no registered agency matches {agency!r}")
    return chosen
