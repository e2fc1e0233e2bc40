"""A size-rotating WARC writer that stores each payload once.

    with ArchiveWriter("data/archive") as archive:
        location = archive.write(Exchange(url, 200, headers, body, request_headers=...))
        location.file, location.offset     # where the response (or revisit) record starts

Each exchange becomes a `response` record followed by its `request` record
(WARC-Concurrent-To the response), each its own gzip member, written with
warcio (WARC/1.0, WARC-Block-Digest and WARC-Payload-Digest in sha1 base32,
the usual form). A payload whose digest was archived before — in this run
or an earlier one, at any URL — is written as a `revisit` record
(profile identical-payload-digest, WARC-Refers-To the first record); empty
payloads are never deduplicated. `payload-digests.tsv` in the folder maps
each stored payload digest to its record; when it is missing it is rebuilt
from the WARC files.

A new file starts (with a `warcinfo` record) when the current one has
reached `max_size` bytes; a request/response pair never spans two files.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import socket
import threading
import time
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http import HTTPStatus
from pathlib import Path
from typing import IO
from urllib.parse import quote, urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from govreports import __version__
from govreports.archive import DEFAULT_MAX_SIZE, FIELD_RENDERED, warc_files
from govreports.archive.index import Original, index_line, index_path, read_lines
from govreports.archive.records import Damage, iter_records

# The crawl's context, as extension fields (percent-encoded UTF-8 values).
HOP_BY_HOP = ("transfer-encoding",)  # the body is stored de-chunked, so the header would lie


def payload_digest(body: bytes) -> str:
    """The WARC form of a payload's digest: sha1:BASE32."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def warc_date(moment: datetime | None = None) -> str:
    moment = (moment or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Exchange:
    """One HTTP exchange as the crawler saw it (no Scrapy types)."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    method: str = "GET"
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    request_body: bytes = b""
    protocol: str | None = None  # "HTTP/1.1"; None when unknown
    ip_address: str | None = None
    date: datetime | None = None
    rendered: bool = False  # the HTML a browser rendered, not the bytes the server sent
    extra: dict[str, str] = field(default_factory=dict)  # more WARC fields (GovReports-…)


@dataclass(frozen=True)
class Location:
    """Where the record of an exchange's response starts."""

    file: str  # the file's name, inside the archive folder
    offset: int
    revisit: bool = False
    digest: str = ""


class DigestIndex:
    """payload digest → the first record holding that payload, kept in payload-digests.tsv."""

    def __init__(self, directory: Path) -> None:
        self.path = index_path(directory)
        self.entries: dict[str, Original] = {}
        self._file: IO[str] | None = None

    def load(self) -> None:
        files = {p.name for p in warc_files(self.path.parent)}
        if self.path.is_file():
            for _, _, entry in read_lines(self.path.parent):
                if entry is not None and entry[1].file in files:
                    self.entries.setdefault(*entry)
        elif files:
            self.rebuild()

    def rebuild(self) -> None:
        """Read the stored payload digests back from the WARC files (the index was lost)."""
        for path in warc_files(self.path.parent):
            for record in iter_records(path, payloads=False):
                if isinstance(record, Damage) or record.type != "response":
                    continue
                digest = record.warc_headers.get_header("WARC-Payload-Digest")
                if digest and record.payload_length and digest not in self.entries:
                    self.entries[digest] = Original(path.name, record.offset, record.record_id, record.date,
                                                    record.uri)
        with open(self.path, "w", encoding="utf-8") as out:
            for digest, o in self.entries.items():
                out.write(index_line(digest, o))

    def get(self, digest: str) -> Original | None:
        return self.entries.get(digest)

    def add(self, digest: str, original: Original) -> None:
        self.entries[digest] = original
        if self._file is None:
            self._file = open(self.path, "a", encoding="utf-8")
        self._file.write(index_line(digest, original))
        self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class ArchiveWriter:
    """Writes exchanges to size-rotated .warc.gz files in one folder; one instance per process."""

    def __init__(self, directory: str | os.PathLike, max_size: int = DEFAULT_MAX_SIZE, compress_level: int = 6,
                 prefix: str = "govreports", info: dict[str, str] | None = None) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.max_size = max(1, int(max_size))
        self.compress_level = compress_level
        self.prefix = prefix
        self.info = info or {}
        self.index = DigestIndex(self.directory)
        self.index.load()
        self.builder = WARCWriter(None, gzip=False)  # builds records; we compress and write them
        self.lock = threading.Lock()
        self._out: IO[bytes] | None = None
        self._name = ""
        self._size = 0
        self._serial = 0
        self._stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        self.files: list[str] = []
        self.records = self.revisits = self.bytes_written = 0

    # -- files ---------------------------------------------------------------
    def _open_next(self) -> None:
        self._close_file()
        while True:
            name = f"{self.prefix}-{self._stamp}-{os.getpid()}-{self._serial:05d}.warc.gz"
            self._serial += 1
            path = self.directory / name
            try:
                self._out = open(path, "xb")
                break
            except FileExistsError:
                continue
        self._name, self._size = name, 0
        self.files.append(name)
        info = {"software": f"govreports/{__version__} (warcio)", "format": "WARC File Format 1.0",
                "conformsTo": "http://bibnum.bnf.fr/WARC/WARC_ISO_28500_version1_latestdraft.pdf",
                "hostname": socket.gethostname(), **self.info}
        self._emit([self.builder.create_warcinfo_record(name, info)])

    def _close_file(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None

    def close(self) -> None:
        with self.lock:
            self._close_file()
            self.index.close()

    def __enter__(self) -> ArchiveWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- records -------------------------------------------------------------
    def _member(self, record) -> bytes:
        buffer = io.BytesIO()
        self.builder.out = buffer
        self.builder.write_record(record)
        compressor = zlib.compressobj(self.compress_level, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        return compressor.compress(buffer.getvalue()) + compressor.flush()

    def _emit(self, records: list) -> list[int]:
        """Write records as consecutive gzip members in one write; their offsets."""
        members = [self._member(r) for r in records]
        offsets, position = [], self._size
        for member in members:
            offsets.append(position)
            position += len(member)
        assert self._out is not None
        self._out.write(b"".join(members))
        self._out.flush()
        self.bytes_written += position - self._size
        self._size = position
        return offsets

    def write(self, exchange: Exchange) -> Location:
        """Archive one exchange: response (or revisit) and request records; where the first one starts."""
        with self.lock:
            if self._out is None or self._size >= self.max_size:
                self._open_next()
            date = warc_date(exchange.date)
            digest = payload_digest(exchange.body)
            original = self.index.get(digest) if exchange.body else None
            fields = {"WARC-Date": date, "WARC-Payload-Digest": digest}
            if exchange.ip_address:
                fields["WARC-IP-Address"] = exchange.ip_address
            if exchange.rendered:
                fields[FIELD_RENDERED] = "browser"
            fields.update({k: quote(v, safe=" /:;,=()[]") for k, v in exchange.extra.items() if v})
            http = response_headers(exchange)
            if original is None:
                response = self.builder.create_warc_record(
                    exchange.url, "response", payload=io.BytesIO(exchange.body), length=len(exchange.body),
                    http_headers=http, warc_headers_dict=fields)
            else:
                del fields["WARC-Payload-Digest"]
                fields["WARC-Refers-To"] = original.record_id
                response = self.builder.create_revisit_record(
                    exchange.url, digest, original.uri, original.date, http_headers=http, warc_headers_dict=fields)
            response_id = response.rec_headers.get_header("WARC-Record-ID")
            request = self.builder.create_warc_record(
                exchange.url, "request", payload=io.BytesIO(exchange.request_body),
                length=len(exchange.request_body), http_headers=request_headers(exchange),
                warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": response_id})
            offset, _ = self._emit([response, request])
            self.records += 1
            if original is None:
                if exchange.body:
                    self.index.add(digest, Original(self._name, offset, response_id, date, exchange.url))
                return Location(self._name, offset, False, digest)
            self.revisits += 1
            return Location(self._name, offset, True, digest)


def response_headers(exchange: Exchange) -> StatusAndHeaders:
    try:
        phrase = HTTPStatus(exchange.status).phrase
    except ValueError:
        phrase = ""
    headers = [(k, v) for k, v in exchange.headers if k.lower() not in HOP_BY_HOP]
    if exchange.rendered:  # the browser's HTML has its own length; any Content-Encoding was undone
        headers = [(k, v) for k, v in headers if k.lower() not in ("content-length", "content-encoding")]
        headers.append(("Content-Length", str(len(exchange.body))))
    return StatusAndHeaders(f"{exchange.status} {phrase}".rstrip(), headers,
                            protocol=exchange.protocol or "HTTP/1.1")


def request_headers(exchange: Exchange) -> StatusAndHeaders:
    parts = urlsplit(exchange.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = list(exchange.request_headers)
    if not any(k.lower() == "host" for k, _ in headers) and parts.netloc:
        headers.insert(0, ("Host", parts.netloc))
    return StatusAndHeaders(f"{exchange.method} {target} {exchange.protocol or 'HTTP/1.1'}", headers,
                            is_http_request=True)
