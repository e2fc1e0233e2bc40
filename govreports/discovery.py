"""`govreports discover`: what the `discover` spider found on portals, as registry rows.

    govreports discover [--province 四川] [--from URL …] --output agencies.csv [--merge]

The spider (spiders/discover.py) runs as `scrapy crawl discover` in a child
process and writes what it found as JSON lines; here each agency found
becomes a row of the registry's CSV (govreports/data/agencies.csv's
columns, plus `found_on`: the page that lists it and how). Province, city,
county and level come from the agency's name through the bundled gazetteer
(govreports.understand.region); a name without a place (应急管理厅) takes
the place of the portal that lists it. Without --from, the portals are the
homepages of the registry's 人民政府 rows of the province. With --merge the
rows are added to the output file's registry: a row already there (same
agency, or same homepage site) is kept as it is, hand-curated or not.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govreports.fetch.directory import site_of
from govreports.fetch.registry import Agency, decode_registry, province_key
from govreports.model import Region
from govreports.outfile import text_output
from govreports.understand.region import (
    GOVERNMENT,
    MUNICIPALITIES,
    PLACEHOLDERS,
    Gazetteer,
)

REGISTRY_COLUMNS = ("agency", "province", "city", "county", "level", "homepage", "column_url",
                    "example_report_url", "report_year", "cms_hint", "evidence")
FOUND_ON = "found_on"
COLUMNS = (*REGISTRY_COLUMNS, FOUND_ON)
LEVELS = (("county", "区县级"), ("city", "市级"), ("province", "省级"))
PORTAL_MARK = "人民政府"
PROJECT_ROOT = Path(__file__).resolve().parents[1]


class DiscoverError(ValueError):
    """Arguments or files `govreports discover` cannot use."""


@dataclass(frozen=True)
class Found:
    """One agency as the spider reported it."""

    name: str
    homepage: str
    found_on: str
    how: str
    section: str | None = None
    column_url: str = ""
    place: bool = False  # listed by its place alone (成都): its government's name comes from the gazetteer


def level_of(region: Region) -> str:
    for attribute, level in LEVELS:
        if getattr(region, attribute):
            return level
    return ""


def place_of(name: str, gazetteer: Gazetteer, fallback: Region) -> Region:
    """Province, city, county named at the start of an agency's name; a name without a place, the portal's."""
    region = gazetteer.region(gazetteer.qualified(name))
    if region.province:
        return region
    if region.county and fallback.province:  # 朝阳区… alone: placed by the portal's province and city if they hold it
        placed = gazetteer.region(gazetteer.qualified((fallback.city or fallback.province) + region.county))
        if placed.county:
            return placed
    return Region(fallback.province, fallback.city, fallback.county)


def government_name(place: str, gazetteer: Gazetteer, fallback: Region) -> str | None:
    """A place listed alone among governments → its government: 德阳 → 德阳市人民政府, 武侯区 → 成都市武侯区人民政府
    (a district with its city, or its municipality; of several places of that name, the one in the portal's
    province). None: no such place."""
    places = gazetteer.by_name.get(place, [])
    if fallback.province:
        inside = [p for p in places if p.code[:2] == _province_code(gazetteer, fallback.province)]
        places = inside or places
    if not places:
        return None
    chosen = min(places, key=lambda p: ("province", "city", "county").index(p.level))
    name = chosen.name
    if chosen.level == "county" and name.endswith("区"):
        municipality = chosen.code[:2] in MUNICIPALITIES
        parent = gazetteer.by_code.get(chosen.code[:2] + "0000" if municipality else chosen.code[:4] + "00")
        if parent is not None and parent.name not in PLACEHOLDERS:
            name = parent.name + name
    return name + GOVERNMENT


def _province_code(gazetteer: Gazetteer, province: str) -> str | None:
    return next((p.code[:2] for p in gazetteer.by_name.get(province, []) if p.level == "province"), None)


def found_agencies(items: Iterable[dict[str, Any]]) -> list[Found]:
    """The spider's items → each agency once (first found wins), the portals first with their 年报 column."""
    owners: dict[str, str] = {}
    columns: dict[str, str] = {}
    portals: list[dict[str, Any]] = []
    listed: list[dict[str, Any]] = []
    for item in items:
        kind = item.get("kind")
        if kind == "portal":
            owners.setdefault(item["site"], item["name"])
            portals.append(item)
        elif kind == "column":
            columns.setdefault(item["site"], item["url"])
        elif kind == "agency":
            listed.append(item)
    out: dict[str, Found] = {}
    for item in portals:
        out.setdefault(item["name"], Found(item["name"], item["url"], item["found_on"], "portal", None,
                                           columns.get(item["site"], "")))
    for item in listed:
        out.setdefault(item["name"], Found(item["name"], item["url"], item["found_on"], item["how"],
                                           item.get("section"), place=bool(item.get("place"))))
    return list(out.values())


def registry_rows(found: list[Found], gazetteer: Gazetteer, province: str | None = None) -> list[dict[str, str]]:
    """Registry rows of the agencies found, in the province asked for (all when None)."""
    rows = []
    portal_places: dict[str, Region] = {}
    for agency in found:
        if agency.how == "portal":
            portal_places[agency.found_on] = gazetteer.region(agency.name)
    seen: set[str] = set()
    for agency in found:
        fallback = next((r for page, r in portal_places.items() if _same_site(page, agency.found_on)), Region())
        name = government_name(agency.name, gazetteer, fallback) if agency.place else agency.name
        if name is None or name in seen:
            continue  # a link that only looked like a place; or an agency already found under its full name
        seen.add(name)
        region = place_of(name, gazetteer, fallback)
        if province and province_key(region.province or "") != province_key(province):
            continue
        where = f"{agency.found_on} ({agency.how}{': ' + agency.section if agency.section else ''})"
        rows.append({"agency": name, "province": region.province or "", "city": region.city or "",
                     "county": region.county or "", "level": level_of(region), "homepage": agency.homepage,
                     "column_url": agency.column_url, "example_report_url": "", "report_year": "", "cms_hint": "",
                     "evidence": "", FOUND_ON: where})
    return rows


def _same_site(a: str, b: str) -> bool:
    return site_of(a) == site_of(b)


def merged(existing: list[dict[str, str]], rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The existing registry rows as they are, then the rows of agencies they do not have: not by name, nor
    by homepage site (a curated row may spell the name its own way)."""
    names = {(r.get("agency") or "").strip() for r in existing}
    sites = {site_of(r["homepage"].strip()) for r in existing if (r.get("homepage") or "").strip()}
    return [*existing, *(r for r in rows if r["agency"] not in names and site_of(r["homepage"]) not in sites)]


def read_rows(path: Path) -> list[dict[str, str]]:
    try:
        text = decode_registry(path.read_bytes(), str(path))
    except OSError as error:
        raise DiscoverError(f"cannot read {path}: {error.strerror or error}") from error
    return [dict(row) for row in csv.DictReader(io.StringIO(text))]


def write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    columns = list(COLUMNS) + [c for r in rows for c in r if c not in COLUMNS and c is not None]
    columns = list(dict.fromkeys(columns))
    with text_output(path) as out:
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows({c: (r.get(c) or "") for c in columns} for r in rows)


def portals_of(agencies: list[Agency], province: str) -> list[str]:
    """The homepages of the province's 人民政府 rows: where a discovery starts without --from."""
    key = province_key(province)
    return [a.homepage for a in agencies
            if a.homepage and province_key(a.province) == key and PORTAL_MARK in a.name]


def crawl(starts: list[str], settings: dict[str, str], log_file: Path | None = None) -> list[dict[str, Any]]:
    """Run `scrapy crawl discover` in a child process (a Scrapy crawl runs once per process); its items."""
    with tempfile.TemporaryDirectory(prefix="govreports-discover-") as folder:
        feed = Path(folder) / "found.jsonl"
        command = [sys.executable, "-m", "scrapy", "crawl", "discover", "-a", "start=" + " ".join(starts),
                   "-O", str(feed)]
        for name, value in settings.items():
            command += ["-s", f"{name}={value}"]
        if log_file is not None:
            command += ["-s", f"LOG_FILE={log_file}"]
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": os.environ.get("SCRAPY_SETTINGS_MODULE", "govreports.settings")}
        cwd = PROJECT_ROOT if (PROJECT_ROOT / "scrapy.cfg").exists() else None
        done = subprocess.run(command, env=env, cwd=cwd, capture_output=log_file is None, text=True)
        if done.returncode != 0:
            tail = (done.stderr or "")[-2000:] if log_file is None else f"see {log_file}"
            raise DiscoverError(f"scrapy crawl discover failed (exit {done.returncode}): {tail}")
        if not feed.is_file():
            return []
        return [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines() if line.strip()]
