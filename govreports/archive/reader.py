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
import mmap
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader
from warcio.statusandheaders import StatusAndHeaders

from govreports.archive import INDEX_NAME, MAX_BODY, warc_files
from govreports.archive.writer import FIELD_AGENCY, FIELD_CALLBACK, FIELD_RENDERED

GZIP_MAGIC = b"\x1f\x8b\x08"
CHUNK = 1 << 20


@dataclass
class Damage:
    """Bytes of a WARC file that hold no readable record."""

    file: str
    offset: int
    problem: str
    end: int | None = None  # where readable records resume (None: not in this file)

    def __str__(self) -> str:
        span = f"{self.offset}" + (f"–{self.end}" if self.end is not None else "–end")
        return f"{self.file} at offset {span}: {self.problem}"


@dataclass
class Refused(Damage):
    """A readable record whose body is not read: it would inflate beyond the limit."""


class BodyTooLarge(ValueError):
    """A Content-Encoding that inflates beyond the limit."""


@dataclass
class Record:
    file: str
    offset: int
    length: int  # bytes in the file (the gzip member)
    type: str
    record_id: str
    uri: str
    date: str
    warc_headers: StatusAndHeaders
    http_headers: StatusAndHeaders | None
    payload: bytes | None  # the HTTP entity as stored (still content-encoded); None when not read
    payload_length: int = 0


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


def parse_warc_date(value: str) -> datetime:
    value = value.strip().replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return datetime(1970, 1, 1, tzinfo=timezone.utc)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


# -- records ---------------------------------------------------------------

def _members(data, name: str) -> Iterator[tuple[int, int, bytes] | Damage]:
    """(start, end, decompressed bytes) of each gzip member; Damage for spans that do not decompress."""
    size, position = len(data), 0
    while position < size:
        try:
            if data[position:position + 3] != GZIP_MAGIC:
                raise zlib.error("no gzip member starts here")
            decompressor, pieces, cursor = zlib.decompressobj(zlib.MAX_WBITS | 16), [], position
            while not decompressor.eof:
                if cursor >= size:
                    raise zlib.error("truncated gzip member (the file ends inside it)")
                chunk = data[cursor:cursor + CHUNK]
                cursor += len(chunk)
                pieces.append(decompressor.decompress(chunk))
            end = cursor - len(decompressor.unused_data)
            yield position, end, b"".join(pieces)
            position = end
        except zlib.error as error:
            if not data[position:].strip(b"\r\n\x00"):
                return  # trailing padding
            resume = _resync(data, position + 1)
            yield Damage(name, position, f"unreadable gzip member: {error}", resume)
            if resume is None:
                return
            position = resume


def _resync(data, start: int) -> int | None:
    """The next offset from start where a whole gzip member decompresses."""
    while True:
        found = data.find(GZIP_MAGIC, start)
        if found < 0:
            return None
        decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
        try:
            cursor = found
            while not decompressor.eof and cursor < len(data):
                decompressor.decompress(data[cursor:cursor + CHUNK], 0)
                cursor += CHUNK
            if decompressor.eof:
                return found
        except zlib.error:
            pass
        start = found + 1


def _parse(data: bytes, name: str, offset: int, length: int, payloads: bool) -> Record | Damage:
    try:
        iterator = ArchiveIterator(io.BytesIO(data), check_digests=True)
        record = next(iter(iterator))
        http = record.http_headers
        payload = record.raw_stream.read()
        record.raw_stream.read()  # let the digest checker see the end
        problems = list(record.digest_checker.problems) if record.digest_checker.passed is False else []
    except Exception as error:  # noqa: BLE001 - any parse failure is damage, never a crash
        return Damage(name, offset, f"unreadable WARC record: {type(error).__name__}: {error}", offset + length)
    if problems:
        return Damage(name, offset, "digest mismatch: " + "; ".join(problems), offset + length)
    headers = record.rec_headers
    return Record(name, offset, length, record.rec_type or "", headers.get_header("WARC-Record-ID") or "",
                  headers.get_header("WARC-Target-URI") or "", headers.get_header("WARC-Date") or "",
                  headers, http, payload if payloads else None, len(payload))


def iter_records(path: str | os.PathLike, payloads: bool = True) -> Iterator[Record | Damage]:
    """Every record of one WARC file in order, and a Damage for each unreadable span."""
    path = Path(path)
    name = path.name
    try:
        handle = open(path, "rb")
    except OSError as error:
        yield Damage(name, 0, f"cannot open: {error.strerror or error}")
        return
    with handle:
        if os.fstat(handle.fileno()).st_size == 0:
            yield Damage(name, 0, "empty file")
            return
        data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            if not name.endswith(".gz"):
                yield from _iter_plain(data, name, payloads)
                return
            for member in _members(data, name):
                if isinstance(member, Damage):
                    yield member
                    continue
                start, end, raw = member
                yield _parse(raw, name, start, end - start, payloads)
        finally:
            data.close()


def _iter_plain(data, name: str, payloads: bool) -> Iterator[Record | Damage]:
    """An uncompressed .warc: records through warcio; damage ends the file."""
    stream = io.BytesIO(bytes(data))
    iterator = ArchiveIterator(stream, check_digests=True)
    try:
        for record in iterator:
            offset = iterator.get_record_offset()
            payload = record.raw_stream.read()
            headers = record.rec_headers
            if record.digest_checker.passed is False:
                yield Damage(name, offset, "digest mismatch: " + "; ".join(record.digest_checker.problems))
                continue
            yield Record(name, offset, 0, record.rec_type or "", headers.get_header("WARC-Record-ID") or "",
                         headers.get_header("WARC-Target-URI") or "", headers.get_header("WARC-Date") or "",
                         headers, record.http_headers, payload if payloads else None, len(payload))
    except Exception as error:  # noqa: BLE001
        yield Damage(name, stream.tell(), f"unreadable WARC record: {type(error).__name__}: {error}")


def read_record(directory: str | os.PathLike, file: str, offset: int) -> Record | Damage:
    """The one record at (file, offset)."""
    path = Path(directory) / file
    try:
        with open(path, "rb") as handle:
            handle.seek(offset)
            if not file.endswith(".gz"):
                return next(iter_records(path))  # plain files: small, read from the start
            decompressor, pieces, length = zlib.decompressobj(zlib.MAX_WBITS | 16), [], 0
            while not decompressor.eof:
                chunk = handle.read(CHUNK)
                if not chunk:
                    return Damage(file, offset, "truncated gzip member")
                length += len(chunk)
                pieces.append(decompressor.decompress(chunk))
            length -= len(decompressor.unused_data)
    except OSError as error:
        return Damage(file, offset, f"cannot read: {error.strerror or error}")
    except zlib.error as error:
        return Damage(file, offset, f"unreadable gzip member: {error}")
    return _parse(b"".join(pieces), file, offset, length, True)


# -- captures --------------------------------------------------------------

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


def load_index(directory: Path) -> dict[str, tuple[str, int]]:
    """payload digest → (file, offset) from payload-digests.tsv, when it is readable."""
    index: dict[str, tuple[str, int]] = {}
    path = directory / INDEX_NAME
    if path.is_file():
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            parts = line.split("\t")
            if len(parts) == 6 and parts[2].isdigit():
                index.setdefault(parts[0], (parts[1], int(parts[2])))
    return index


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
