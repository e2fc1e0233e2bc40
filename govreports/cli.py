"""`govreports` command line: parse, store and export reports.

    govreports parse PATH_OR_URL [PATH_OR_URL …] [--format json|table]
    govreports parse -            (reads stdin)
    govreports parse --samples    (the bundled sample reports)
    govreports store PATH_OR_URL … | --samples    (parse into the database)
    govreports db upgrade         (create or upgrade the database schema)
    govreports export --format csv|jsonl|parquet|xlsx [--view V] [--province P] [--year Y] [--output F]
    govreports export --format sqlite --output F   (a SQLite snapshot of the database, which `serve` opens)
    govreports serve [--port N] [--host H]   (the database in the browser: Datasette, read-only)
    govreports search WORD [WORD …] [--province 四川] [--year Y] [--limit N]   (reports whose text holds every word)
    govreports agencies [--province 四川]   (the registry the crawler covers)
    govreports discover [--province 四川] [--from URL] --output agencies.csv [--merge]   (agencies from portals)
    govreports reparse [--agency A] [--since DATE] [--archive-dir DIR]   (re-parse the WARC archive, offline)
    govreports archive verify [--archive-dir DIR]   (check every WARC file and the digest index)
    govreports archive repair [--archive-dir DIR]   (cut what a killed write left, then verify)

Exit status: 0 when every document parsed as a report, 1 when one was not a
report or could not be parsed (its outcome is still printed) or a search found
nothing, 2 on usage or file errors, 3 when the database is unavailable or
refuses a statement; `discover`: 1 when no agency was found.
Every failure is one line on stderr: `govreports COMMAND: what went wrong`.
Output files are written under a temporary name and renamed when complete.
"""

from __future__ import annotations

import argparse
import importlib.resources
import json
import logging
import os
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from govreports import __version__
from govreports.model import Report, to_json
from govreports.outfile import replaced_when_done, text_output
from govreports.render import render_table
from govreports.report import ReportParser

log = logging.getLogger("govreports")

USER_AGENT = f"govreports/{__version__} (+https://example.invalid/govreports; research crawler)"
MAX_DOWNLOAD = 50 * 1024 * 1024
URL_TIMEOUT = 30
DOCUMENT_SUFFIXES = (".html", ".htm", ".shtml", ".txt", ".md", ".pdf", ".doc", ".docx", ".wps")


@dataclass(frozen=True)
class Source:
    name: str
    data: bytes
    content_type: str | None = None
    url: str | None = None


class InputError(Exception):
    """A path or URL that could not be read."""


def read_url(url: str) -> Source:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=URL_TIMEOUT) as response:  # noqa: S310 (user's URL)
            data = response.read(MAX_DOWNLOAD + 1)
            content_type = response.headers.get("Content-Type")
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise InputError(f"cannot fetch {url}: {error}") from error
    if len(data) > MAX_DOWNLOAD:
        raise InputError(f"{url} is larger than {MAX_DOWNLOAD} bytes")
    return Source(url, data, content_type, url)


def _meta_beside(path: Path) -> dict:
    """A saved page's `meta.json` (url, content_type) when it sits beside it."""
    meta = path.with_name("meta.json")
    if meta.is_file():
        try:
            return json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            log.warning("ignoring unreadable %s", meta)
    return {}


def read_path(path: Path) -> Iterator[Source]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)
        if not files:
            raise InputError(f"{path} holds no document ({', '.join(DOCUMENT_SUFFIXES)})")
        for file in files:
            yield from read_path(file)
        return
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from error
    meta = _meta_beside(path)
    yield Source(str(path), data, meta.get("content_type"), meta.get("url"))


def sample_paths() -> list[Path]:
    root = importlib.resources.files("govreports") / "samples"
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith((".txt", ".html")))


def sources(args: argparse.Namespace) -> Iterator[Source]:
    if args.samples:
        for path in sample_paths():
            yield from read_path(path)
    for target in args.targets:
        if target == "-":
            yield Source("<stdin>", sys.stdin.buffer.read())
        elif target.startswith(("http://", "https://")):
            yield read_url(target)
        else:
            yield from read_path(Path(target))


def emit(report: Report, source: Source, fmt: str, many: bool) -> None:
    if fmt == "json":
        payload = to_json(report)
        if many:
            payload = {"source": source.name, **payload}
            print(json.dumps(payload, ensure_ascii=False))
        else:
            print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        if many:
            print(f"### {source.name}")
        print(render_table(report))
        if many:
            print()


def cmd_parse(args: argparse.Namespace) -> int:
    if not args.targets and not args.samples:
        print("govreports parse: give a file, a directory, a URL, '-' or --samples", file=sys.stderr)
        return 2
    parser = ReportParser()
    many = args.samples or len(args.targets) > 1 or any(Path(t).is_dir() for t in args.targets if t != "-")
    status = 0
    counts: dict[str, int] = {}
    started = time.perf_counter()
    try:
        for source in sources(args):
            report = parser.parse_bytes(source.data, source.url or source.name, source.content_type)
            counts[report.status] = counts.get(report.status, 0) + 1
            if report.status != "parsed":
                print(f"{source.name}: {report.status}: {report.reason}", file=sys.stderr)
                status = 1
            emit(report, source, args.format, many)
    except InputError as error:
        print(f"govreports parse: {error}", file=sys.stderr)
        return 2
    if many:
        summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
        print(f"parsed {sum(counts.values())} documents in {time.perf_counter() - started:.2f}s: {summary}",
              file=sys.stderr)
    return status


def _engine(args: argparse.Namespace):
    from govreports.store.engine import make_engine

    return make_engine(args.database_url)


def cmd_db(args: argparse.Namespace) -> int:
    from govreports.store.config import redacted
    from govreports.store.engine import current_revision, head_revision, upgrade

    engine = _engine(args)
    if args.action == "upgrade":
        before, after = upgrade(engine)
        print(f"{redacted(str(engine.url))}: schema {before or 'empty'} → {after}")
    else:
        current, head = current_revision(engine), head_revision(engine)
        state = "up to date" if current == head else f"behind (head is {head}): run `govreports db upgrade`"
        print(f"{redacted(str(engine.url))}: schema {current or 'empty'}, {state}")
    return 0


def cmd_store(args: argparse.Namespace) -> int:
    from govreports.store.batches import STORE_BATCH
    from govreports.store.engine import upgrade
    from govreports.store.writer import Capture, Store

    if not args.targets and not args.samples:
        print("govreports store: give a file, a directory, a URL, '-' or --samples", file=sys.stderr)
        return 2
    engine = _engine(args)
    upgrade(engine)
    store, parser = Store(engine), ReportParser()
    outcomes: dict[str, int] = {}
    batch: list[tuple[str, Report, Capture]] = []

    def flush() -> int:
        """Store the batch (a document the database cannot hold is stored as failed, the others land); 1 if any
        document did not parse or was refused."""
        results = store.store_each([(report, capture) for _, report, capture in batch])
        status = 0
        for (name, report, _), stored in zip(batch, results):
            key = f"{stored.outcome} ({report.status})" if report.status != "parsed" else stored.outcome
            outcomes[key] = outcomes.get(key, 0) + 1
            status |= report.status != "parsed" or stored.outcome in ("refused", "error")
            print(f"{stored.outcome:9s} report {stored.report_id} v{stored.version}  {report.status:12s} "
                  f"{report.agency or '-'} {report.year or ''}  {name}"
                  + (f"  ({stored.reason})" if stored.reason else ""))
        batch.clear()
        return int(status)

    status = 0
    try:
        for source in sources(args):
            url = source.url or ("stdin:" if source.name == "<stdin>" else Path(source.name).resolve().as_uri())
            report = parser.parse_bytes(source.data, url, source.content_type)
            batch.append((source.name, report, Capture.of(url, source.data, source.content_type)))
            if len(batch) >= STORE_BATCH:
                status |= flush()
    except InputError as error:
        flush()  # what was read before it is stored
        print(f"govreports store: {error}", file=sys.stderr)
        return 2
    status |= flush()
    print("stored: " + ", ".join(f"{n} {k}" for k, n in sorted(outcomes.items())), file=sys.stderr)
    return status


def cmd_export(args: argparse.Namespace) -> int:
    from govreports.store import export
    from govreports.store.engine import current_revision, head_revision

    if args.format in ("parquet", "xlsx", "sqlite") and not args.output:
        print(f"govreports export: {args.format} needs --output FILE", file=sys.stderr)
        return 2
    if args.format == "sqlite" and (args.view or args.province or args.year is not None):
        print("govreports export: a sqlite snapshot is the whole database (no --view, --province or --year)",
              file=sys.stderr)
        return 2
    engine = _engine(args)
    if current_revision(engine) != head_revision(engine):
        print("govreports export: the database is empty or out of date; run `govreports db upgrade`",
              file=sys.stderr)
        return 2
    filters = export.Filters(args.province, args.year)
    view = args.view or "v_reports"

    def write(out) -> int:
        if args.format == "jsonl":
            return export.write_jsonl(engine, out, filters)
        return export.write_csv(out, *export.view_rows(engine, view, filters))

    try:
        if args.format == "sqlite":
            with replaced_when_done(args.output) as temporary:
                counts = export.write_sqlite(str(temporary), engine)
            print(f"exported {sum(counts.values())} rows of {len(counts)} tables to {args.output}", file=sys.stderr)
            return 0
        if args.format == "xlsx":
            with replaced_when_done(args.output) as temporary:
                counts = export.write_xlsx(str(temporary), engine, (args.view,) if args.view else export.VIEWS,
                                           filters)
            print(f"exported {len(counts)} views ({sum(counts.values())} rows) to {args.output}", file=sys.stderr)
            return 0
        if args.format == "parquet":
            with replaced_when_done(args.output) as temporary:
                count = export.write_parquet(str(temporary), *export.view_rows(engine, view, filters))
        elif args.output:
            with text_output(args.output) as out:
                count = write(out)
        else:
            count = write(sys.stdout)
    except ValueError as error:  # a filter on a view without its column, a view too long for a sheet
        print(f"govreports export: {error}", file=sys.stderr)
        return 2
    what = "reports" if args.format == "jsonl" else f"rows of {view}"
    print(f"exported {count} {what}", file=sys.stderr)
    return 0


def _schema_current(engine, command: str) -> bool:
    from govreports.store.engine import current_revision, head_revision

    if current_revision(engine) != head_revision(engine):
        print(f"govreports {command}: the database is empty or out of date; run `govreports db upgrade`",
              file=sys.stderr)
        return False
    return True


def cmd_search(args: argparse.Namespace) -> int:
    from govreports.store import export
    from govreports.store.search import search

    engine = _engine(args)
    if not _schema_current(engine, "search"):
        return 2
    try:
        hits = search(engine, args.words, export.Filters(args.province, args.year), args.limit)
    except ValueError as error:
        print(f"govreports search: {error}", file=sys.stderr)
        return 2
    for hit in hits:
        print(hit.line())
    print(f"{len(hits)} reports", file=sys.stderr)
    return 0 if hits else 1


def cmd_serve(args: argparse.Namespace) -> int:
    """Datasette on the SQLite database, read-only (govreports.serve); PostgreSQL via a snapshot."""
    from sqlalchemy.engine import make_url

    from govreports.store.config import database_url

    url = make_url(database_url(args.database_url))
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        print("govreports serve: Datasette reads SQLite files only; for PostgreSQL run "
              "`govreports export --format sqlite --output snapshot.sqlite3` and serve "
              "--database-url sqlite:///snapshot.sqlite3", file=sys.stderr)
        return 2
    path = Path(url.database)
    if not path.is_file():
        print(f"govreports serve: no database at {path}; run `govreports store --samples` or a crawl first",
              file=sys.stderr)
        return 2
    engine = _engine(args)
    try:
        if not _schema_current(engine, "serve"):
            return 2
    finally:
        engine.dispose()
    from govreports.archive import archive_dir
    from govreports.serve import check_listen, serve

    try:
        check_listen(args.host, args.port)
    except OSError as error:
        print(f"govreports serve: cannot listen on {args.host}:{args.port}: {error.strerror or error}",
              file=sys.stderr)
        return 2
    serve(path, args.host, args.port, archive_dir(args.archive_dir))
    return 0


def cmd_agencies(args: argparse.Namespace) -> int:
    from govreports.fetch.registry import RegistryError, load_registry, select_agencies

    try:
        agencies = select_agencies(load_registry(args.registry or ()), args.province, args.agency)
    except RegistryError as error:
        print(f"govreports agencies: {error}", file=sys.stderr)
        return 2
    for agency in agencies:
        place = " ".join(x for x in (agency.province, agency.city, agency.county) if x)
        start = ", ".join(agency.start_urls) or "(no homepage or column: not crawlable)"
        print(f"{agency.name}\t{agency.level or '-'}\t{place}\t{start}")
    print(f"{len(agencies)} agencies", file=sys.stderr)
    return 0


def cmd_discover(args: argparse.Namespace) -> int:
    """Agencies from the site directories of portals, as registry rows (govreports.discovery)."""
    from govreports.discovery import (
        DiscoverError,
        crawl,
        found_agencies,
        merged,
        portals_of,
        read_rows,
        registry_rows,
        write_rows,
    )
    from govreports.fetch.registry import RegistryError, load_registry
    from govreports.fetch.scope import origin
    from govreports.understand.region import Gazetteer

    try:
        starts = list(args.start or [])
        if any(origin(url) is None for url in starts):
            raise DiscoverError(f"--from needs http(s) URLs: {', '.join(u for u in starts if origin(u) is None)}")
        if not starts:
            if not args.province:
                raise DiscoverError("give --from URL or --province (whose 人民政府 portals the registry knows)")
            starts = portals_of(load_registry(args.registry or ()), args.province)
            if not starts:
                raise DiscoverError(f"the registry knows no 人民政府 portal in {args.province}; give --from URL")
        output = Path(args.output)
        existing = read_rows(output) if args.merge and output.is_file() else []
        settings = dict(item.split("=", 1) for item in args.set or ())
        found = found_agencies(crawl(starts, settings, Path(args.log) if args.log else None))
        rows = registry_rows(found, Gazetteer.load(), args.province)
        write_rows(output, merged(existing, rows) if args.merge else rows)
    except (DiscoverError, RegistryError) as error:
        print(f"govreports discover: {error}", file=sys.stderr)
        return 2
    if not found:
        print(f"govreports discover: no agency found on {', '.join(starts)} (unreachable, or no site directory)",
              file=sys.stderr)
        return 1
    added = len(rows) if not args.merge else len(merged(existing, rows)) - len(existing)
    print(f"{output}: {added} agencies found on {len(starts)} portals"
          + (f" ({len(existing)} rows kept)" if args.merge else ""), file=sys.stderr)
    return 0


def _since(value: str):
    """YYYY, YYYY-MM-DD or an ISO date and time (UTC unless it says otherwise)."""
    from datetime import datetime, timezone

    text = value.strip()
    try:
        moment = datetime(int(text), 1, 1) if text.isdigit() and len(text) == 4 else datetime.fromisoformat(
            text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {value!r} (YYYY, YYYY-MM-DD or YYYY-MM-DDTHH:MM)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def cmd_reparse(args: argparse.Namespace) -> int:
    """Re-parse every archived report response offline into the database; print what changed."""
    from govreports.archive import archive_dir, warc_files
    from govreports.archive.reader import Refused
    from govreports.reparse import reparse
    from govreports.store.engine import upgrade
    from govreports.workers import (
        gc_threshold_from_env,
        parse_workers,
        time_limit_from_env,
    )

    folder = archive_dir(args.archive_dir)
    if not warc_files(folder):
        print(f"govreports reparse: no WARC file in {folder}", file=sys.stderr)
        return 2
    engine = _engine(args)
    upgrade(engine)
    started = time.perf_counter()
    try:
        summary = reparse(folder, engine, agency=args.agency, since=args.since,
                          workers=parse_workers(os.environ.get("GOVREPORTS_PARSE_WORKERS")),
                          collect_every=gc_threshold_from_env(), time_limit=time_limit_from_env(),
                          on_change=lambda change: print(change.line(), flush=True),
                          on_damage=lambda damage: print(
                              f"{'refused' if isinstance(damage, Refused) else 'damaged'}, skipped: {damage}",
                              file=sys.stderr, flush=True))
    finally:
        engine.dispose()
    print(f"{summary.line()} ({time.perf_counter() - started:.1f}s)")
    return 1 if summary.damaged or summary.refused else 0


def cmd_archive(args: argparse.Namespace) -> int:
    from govreports.archive import archive_dir
    from govreports.archive.verify import verify_archive

    folder = archive_dir(args.archive_dir)
    if not folder.is_dir():
        print(f"govreports archive {args.action}: no archive folder {folder}", file=sys.stderr)
        return 2
    if args.action == "repair":
        from govreports.archive.repair import repair_archive

        repaired = repair_archive(folder)
        for cut in repaired.cuts:
            print(f"REPAIRED {cut}")
        if repaired.index_lines_dropped:
            print(f"REPAIRED payload-digests.tsv: {repaired.index_lines_dropped} lines pointing at no readable "
                  "record dropped")
    result = verify_archive(folder)
    for problem in result.problems:
        print(f"DAMAGED {problem}")
    state = "ok" if result.ok else f"{len(result.problems)} problems in {', '.join(result.damaged_files)}"
    print(f"{folder}: {result.files} WARC files, {result.records} records ({result.responses} responses, "
          f"{result.revisits} revisits), {result.index_entries} digest index entries: {state}")
    return 0 if result.ok else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="govreports", description=__doc__.split("\n")[0])
    parser.add_argument("--version", action="version", version=__version__)
    parser.add_argument("-v", "--verbose", action="count", default=0, help="log more (-vv for debug)")
    commands = parser.add_subparsers(dest="command", required=True)
    parse = commands.add_parser("parse", help="parse report pages or texts into the spec's JSON")
    parse.add_argument("targets", nargs="*", metavar="PATH_OR_URL", help="file, directory, URL, or - for stdin")
    parse.add_argument("--format", choices=("json", "table"), default="json")
    parse.add_argument("--samples", action="store_true", help="parse the bundled sample reports")
    parse.set_defaults(handler=cmd_parse)

    agencies = commands.add_parser("agencies", help="list the registered agencies")
    agencies.add_argument("--province", help="四川 or 四川省")
    agencies.add_argument("--agency", help="part of an agency's name")
    agencies.add_argument("--registry", action="append", help="a CSV of more agencies (repeatable)")
    agencies.set_defaults(handler=cmd_agencies)

    discover = commands.add_parser("discover", help="agencies listed by portals' site directories, as a registry CSV")
    discover.add_argument("--province", help="keep the agencies of this province (四川 or 四川省); without --from, "
                                             "start at its 人民政府 portals in the registry")
    discover.add_argument("--from", dest="start", action="append", metavar="URL", help="a portal page (repeatable)")
    discover.add_argument("--output", required=True, help="the registry CSV to write")
    discover.add_argument("--merge", action="store_true", help="add to the rows already in --output, keeping them")
    discover.add_argument("--registry", action="append", help="a CSV of more agencies (where portals are looked up)")
    discover.add_argument("--log", help="the crawl's log file (default: its errors on stderr)")
    discover.add_argument("-s", "--set", action="append", metavar="NAME=VALUE", help="a Scrapy setting for the crawl")
    discover.set_defaults(handler=cmd_discover)

    database = argparse.ArgumentParser(add_help=False)
    database.add_argument("--database-url", help="default: $GOVREPORTS_DATABASE_URL, else data/govreports.sqlite3")

    store = commands.add_parser("store", parents=[database], help="parse documents and store them in the database")
    store.add_argument("targets", nargs="*", metavar="PATH_OR_URL")
    store.add_argument("--samples", action="store_true", help="store the bundled sample reports")
    store.set_defaults(handler=cmd_store)

    db = commands.add_parser("db", parents=[database], help="database schema")
    db.add_argument("action", choices=("upgrade", "current"))
    db.set_defaults(handler=cmd_db)

    from govreports.store.export import FORMATS, VIEWS


    exporter = commands.add_parser("export", parents=[database],
                                   help="export views (csv, parquet, xlsx: one sheet per view), reports (jsonl) "
                                        "or the database (sqlite)")
    exporter.add_argument("--format", choices=FORMATS, default="csv")
    exporter.add_argument("--view", choices=VIEWS,
                          help="csv and parquet: default v_reports; xlsx: only this view (default all)")
    exporter.add_argument("--province", help="四川 or 四川省")
    exporter.add_argument("--year", type=int, help="the year reports cover")
    exporter.add_argument("--output", help="a file (required for parquet); default stdout")
    exporter.set_defaults(handler=cmd_export)

    searcher = commands.add_parser("search", parents=[database],
                                   help="the reports whose text holds every word (one line per report)")
    searcher.add_argument("words", nargs="+", metavar="WORD")
    searcher.add_argument("--province", help="四川 or 四川省")
    searcher.add_argument("--year", type=int, help="the year reports cover")
    searcher.add_argument("--limit", type=int, help="at most this many reports")
    searcher.set_defaults(handler=cmd_search)

    archive_folder = argparse.ArgumentParser(add_help=False)
    archive_folder.add_argument("--archive-dir", help="default: $GOVREPORTS_ARCHIVE_DIR, else data/archive")

    server = commands.add_parser("serve", parents=[database, archive_folder],
                                 help="the database in the browser (Datasette, read-only; SQLite only)")
    server.add_argument("--host", default="127.0.0.1", help="default 127.0.0.1 (this machine only)")
    server.add_argument("--port", type=int, default=8001, help="default 8001")
    server.set_defaults(handler=cmd_serve)
    reparser = commands.add_parser("reparse", parents=[database, archive_folder],
                                   help="re-parse the archived responses (offline) into the database")
    reparser.add_argument("--agency", help="part of an agency's name")
    reparser.add_argument("--since", type=_since, help="only captures made on or after this date (UTC)")
    reparser.set_defaults(handler=cmd_reparse)

    archive = commands.add_parser("archive", help="the WARC archive")
    archive_commands = archive.add_subparsers(dest="action", required=True)
    verify = archive_commands.add_parser("verify", parents=[archive_folder],
                                         help="check every WARC file (records, digests) and the digest index")
    verify.set_defaults(handler=cmd_archive)
    repair = archive_commands.add_parser("repair", parents=[archive_folder],
                                         help="cut a damaged last record (a killed write) and stale index lines, "
                                              "then verify")
    repair.set_defaults(handler=cmd_archive)
    return parser


def failure(error: Exception) -> tuple[str, int] | None:
    """One line and an exit status for an expected failure (a file, the database); None for a bug."""
    from alembic.util import CommandError
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

    from govreports.store.errors import describe, is_unavailable

    if isinstance(error, (ArgumentError, NoSuchModuleError)):
        return f"bad database URL: {error}", 2
    if isinstance(error, SQLAlchemyError):
        return f"database {'unavailable' if is_unavailable(error) else 'error'}: {describe(error)}", 3
    if isinstance(error, CommandError):  # alembic: a database at a revision this version does not know
        return f"database error: {error}", 3
    if isinstance(error, OSError) and error.strerror:
        where = error.filename or ""
        return (f"{where}: {error.strerror}" if where else error.strerror), 2
    return None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=(logging.WARNING, logging.INFO, logging.DEBUG)[min(args.verbose, 2)],
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:
        said = failure(error)
        if said is None:
            raise
        print(f"govreports {args.command}: {said[0]}", file=sys.stderr)
        return said[1]


if __name__ == "__main__":
    sys.exit(main())
