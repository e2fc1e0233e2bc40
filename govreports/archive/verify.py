"""Check an archive folder, reporting every problem (never stopping at the first).

For each WARC file: every gzip member decompresses; every record parses;
its WARC-Block-Digest and WARC-Payload-Digest match its bytes; every
revisit refers to a response that exists and is readable; and warcio's own
iterator (what `warcio index` and replay tools use) reads the whole file.
For payload-digests.tsv: every line is well formed and points at a readable
response record with that payload digest.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from govreports.archive import INDEX_NAME, warc_files
from govreports.archive.index import parse_line
from govreports.archive.records import Damage, iter_records


@dataclass(frozen=True)
class Problem:
    file: str
    offset: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}" + (f" at offset {self.offset}" if self.offset is not None else "")
        return f"{where}: {self.message}"


@dataclass
class Verification:
    files: int = 0
    records: int = 0
    responses: int = 0
    revisits: int = 0
    index_entries: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def damaged_files(self) -> list[str]:
        return sorted({p.file for p in self.problems})


def _warcio_reads(path: Path) -> str | None:
    """None when warcio reads every record of the file; else what stopped it."""
    try:
        with open(path, "rb") as handle:
            iterator = ArchiveIterator(handle)
            for record in iterator:
                record.content_stream().read()
    except Exception as error:  # noqa: BLE001 - any failure is the finding
        return f"{type(error).__name__}: {error}"
    return None


def verify_archive(directory: str | os.PathLike) -> Verification:
    directory = Path(directory)
    result = Verification()
    responses: dict[tuple[str, int], str] = {}  # (file, offset) → payload digest
    ids: set[str] = set()
    revisits: list[tuple[str, int, str, str]] = []
    for path in warc_files(directory):
        result.files += 1
        damaged = False
        for record in iter_records(path, payloads=False):
            if isinstance(record, Damage):
                damaged = True
                span = f" (readable again from offset {record.end})" if record.end is not None else ""
                result.problems.append(Problem(path.name, record.offset, record.problem + span))
                continue
            result.records += 1
            if record.type == "response":
                result.responses += 1
                digest = record.warc_headers.get_header("WARC-Payload-Digest")
                if not digest:
                    result.problems.append(Problem(path.name, record.offset, "response record without a payload digest"))
                responses[(path.name, record.offset)] = digest or ""
                ids.add(record.record_id)
            elif record.type == "revisit":
                result.revisits += 1
                revisits.append((path.name, record.offset, record.warc_headers.get_header("WARC-Refers-To") or "",
                                 record.warc_headers.get_header("WARC-Payload-Digest") or ""))
        if not damaged:
            stopped = _warcio_reads(path)
            if stopped:
                result.problems.append(Problem(path.name, None, f"warcio cannot read the file: {stopped}"))
    digests = set(responses.values())
    for file, offset, refers, digest in revisits:
        if refers not in ids and digest not in digests:
            result.problems.append(Problem(file, offset, f"revisit refers to a record that is missing or damaged "
                                                         f"({refers or digest})"))
    _verify_index(directory, responses, result)
    return result


def _verify_index(directory: Path, responses: dict[tuple[str, int], str], result: Verification) -> None:
    index = directory / INDEX_NAME
    if not index.exists():
        if result.responses:
            result.problems.append(Problem(INDEX_NAME, None, "missing (the next crawl rebuilds it from the WARC files)"))
        return
    try:
        lines = index.read_bytes().decode("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        result.problems.append(Problem(INDEX_NAME, None, f"unreadable: {error}"))
        return
    names = {p.name for p in warc_files(directory)}
    for number, line in enumerate(lines, 1):
        entry = parse_line(line)
        if entry is None or not entry[0].startswith("sha1:"):
            result.problems.append(Problem(INDEX_NAME, None, f"line {number} is malformed"))
            continue
        result.index_entries += 1
        digest, file, offset = entry[0], entry[1].file, entry[1].offset
        if file not in names:
            result.problems.append(Problem(INDEX_NAME, None, f"line {number} names a missing file {file}"))
        elif responses.get((file, offset)) != digest:
            result.problems.append(Problem(
                INDEX_NAME, None, f"line {number}: no readable response record with {digest} at {file} offset {offset}"))
