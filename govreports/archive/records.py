"""WARC records of one file, read one gzip member at a time, damage reported and skipped.

    for record in iter_records(path):
        if isinstance(record, Damage): ...      # unreadable: reading resumes at the next member
        else: record.type, record.uri, record.payload

A member that does not decompress, or whose record does not parse or
whose block or payload digest does not match, is a `Damage`, and reading
resumes at the next member that does. The file format only: captures
(a response with its request, revisits resolved) are govreports.archive.reader's.
"""

from __future__ import annotations

import io
import mmap
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders

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
