"""Read an archive back: records, and captures (a response with its request), tolerating damage.

    for item in iter_captures("data/archive"):
        if isinstance(item, Damage): ...          # a record that cannot be read: skipped, reading goes on
        else: item.url, item.status, item.body    # the body as served, Content-Encoding undone

A .warc.gz file is read gzip member by gzip member (each record is one):
a member that does not decompress, or whose record does not parse or
whose block or payload digest does not match, is reported as a `Damage`
and reading resumes at the next member that does. A revisit record gets
its payload from the record it refers to (WARC-Refers-To, else the
payload digest), in any file of the folder. A body whose Content-Encoding
inflates beyond MAX_BODY (the crawl's own limit; a gzip bomb the crawl
refused but archived as served) is `Refused`, never inflated whole.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

from warcio.bufferedreaders import BufferedReader
from warcio.statusandheaders import StatusAndHeaders

from govreports.archive import (
    FIELD_AGENCY,
    FIELD_CALLBACK,
    FIELD_RENDERED,
    MAX_BODY,
    warc_files,
)
from govreports.archive.index import load_index
from govreports.archive.records import (
    CHUNK,
    BodyTooLarge,
    Damage,
    Record,
    Refused,
    iter_records,
    parse_warc_date,
    read_record,
)

# -- captures --------------------------------------------------------------

@dataclass
class Capture:
    """A response (or revisit) record with its payload resolved and its request."""

    url: str
    status: int
    headers: StatusAndHeaders
    body: bytes  # Content-Encoding undone
    date: datetime
    file: str
    offset: int
    record_type: str  # response | revisit
    digest: str | None
    callback: str | None = None
    agency: str | None = None
    rendered: bool = False
    request: Record | None = None
    warc_headers: StatusAndHeaders | None = field(default=None, repr=False)

    @property
    def content_type(self) -> str | None:
        return self.headers.get_header("Content-Type")


def decode_body(payload: bytes, http: StatusAndHeaders, limit: int = MAX_BODY) -> bytes:
    """The entity with its Content-Encoding (gzip, deflate, br) undone; as stored when that fails.

    Inflated a chunk at a time: BodyTooLarge as soon as it passes `limit`.
    """
    encoding = (http.get_header("Content-Encoding") or "").strip().lower()
    if not encoding or encoding == "identity" or encoding not in BufferedReader.get_supported_decompressors():
        return payload
    pieces, total = [], 0
    try:
        reader = BufferedReader(io.BytesIO(payload), decomp_type=encoding)
        while chunk := reader.read(CHUNK):
            total += len(chunk)
            if total > limit:
                raise BodyTooLarge(f"its Content-Encoding ({encoding}) inflates beyond {limit} bytes")
            pieces.append(chunk)
    except BodyTooLarge:
        raise
    except Exception:  # noqa: BLE001 - a lying header: keep the bytes
        return payload
    return b"".join(pieces)


def _field(record: Record, name: str) -> str | None:
    value = record.warc_headers.get_header(name)
    return unquote(value) if value else None


class CaptureReader:
    """Captures of every WARC file of a folder, oldest file first."""

    def __init__(self, directory: str | os.PathLike) -> None:
        self.directory = Path(directory)
        self.by_id: dict[str, tuple[str, int]] = {}  # record id → (file, offset) of responses read so far
        self.by_digest: dict[str, tuple[str, int]] = {}
        self.index: dict[str, tuple[str, int]] | None = None
        self.files = 0

    def _original(self, record: Record) -> Record | Damage:
        refers = record.warc_headers.get_header("WARC-Refers-To")
        digest = record.warc_headers.get_header("WARC-Payload-Digest")
        where = self.by_id.get(refers or "") or self.by_digest.get(digest or "")
        if where is None and digest:
            if self.index is None:
                self.index = load_index(self.directory)
            where = self.index.get(digest)
        if where is None:
            return Damage(record.file, record.offset, f"revisit of {record.uri}: the record it refers to "
                                                      f"({refers or digest}) is not in the archive")
        original = read_record(self.directory, *where)
        if isinstance(original, Damage):
            return Damage(record.file, record.offset,
                          f"revisit of {record.uri}: the record it refers to is damaged ({original})")
        return original

    def _capture(self, record: Record) -> Capture | Damage:
        try:
            return self._decoded(record)
        except BodyTooLarge as error:
            return Refused(record.file, record.offset, f"{record.uri}: {error}")

    def _decoded(self, record: Record) -> Capture | Damage:
        http = record.http_headers
        if http is None:
            return Damage(record.file, record.offset, f"{record.type} record of {record.uri} has no HTTP headers")
        payload = record.payload or b""
        if record.type == "revisit":
            original = self._original(record)
            if isinstance(original, Damage):
                return original
            payload = original.payload or b""
        try:
            status = int(http.get_statuscode())
        except ValueError:
            status = 0
        return Capture(record.uri, status, http, decode_body(payload, http), parse_warc_date(record.date),
                       record.file, record.offset, record.type,
                       record.warc_headers.get_header("WARC-Payload-Digest"), _field(record, FIELD_CALLBACK),
                       _field(record, FIELD_AGENCY), bool(record.warc_headers.get_header(FIELD_RENDERED)),
                       warc_headers=record.warc_headers)

    def __iter__(self) -> Iterator[Capture | Damage]:
        pending: Capture | None = None
        pending_id = ""
        for path in warc_files(self.directory):
            self.files += 1
            for record in iter_records(path):
                if isinstance(record, Damage):
                    yield record
                    continue
                if record.type == "request":
                    if pending is not None and record.warc_headers.get_header("WARC-Concurrent-To") == pending_id:
                        pending.request = record
                        yield pending
                        pending = None
                    continue
                if record.type not in ("response", "revisit"):
                    continue
                if pending is not None:
                    yield pending
                    pending = None
                if record.type == "response":
                    self.by_id.setdefault(record.record_id, (record.file, record.offset))
                    digest = record.warc_headers.get_header("WARC-Payload-Digest")
                    if digest and record.payload:
                        self.by_digest.setdefault(digest, (record.file, record.offset))
                capture = self._capture(record)
                if isinstance(capture, Damage):
                    yield capture
                    continue
                pending, pending_id = capture, record.record_id
            if pending is not None:
                yield pending
                pending = None


def iter_captures(directory: str | os.PathLike) -> Iterator[Capture | Damage]:
    return iter(CaptureReader(directory))


def read_capture(directory: str | os.PathLike, file: str, offset: int) -> Capture | Damage:
    """The capture a database source points at (sources.warc_file, warc_offset), its payload resolved."""
    record = read_record(directory, file, offset)
    if isinstance(record, Damage):
        return record
    if record.type not in ("response", "revisit"):
        return Damage(file, offset, f"a {record.type} record, not a response")
    return CaptureReader(directory)._capture(record)
