"""payload-digests.tsv: the archive's index of stored payloads, one line a payload.

    <payload digest> TAB <file> TAB <offset> TAB <record id> TAB <WARC-Date> TAB <target URI>

The first record that stored a payload; later captures of the same bytes
are revisits that refer to it. The writer appends to it, the reader
resolves revisits with it, verify checks it and repair rewrites it: this
module is the one place that knows its lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from govreports.archive import INDEX_NAME

FIELDS = 6


@dataclass(frozen=True)
class Original:
    """The record that first stored a payload."""

    file: str
    offset: int
    record_id: str
    date: str
    uri: str


def index_line(digest: str, o: Original) -> str:
    uri = o.uri.replace("\t", "%09").replace("\n", "%0A")
    return f"{digest}\t{o.file}\t{o.offset}\t{o.record_id}\t{o.date}\t{uri}\n"


def parse_line(line: str) -> tuple[str, Original] | None:
    """(digest, original) of a well-formed line, else None."""
    parts = line.split("\t")
    if len(parts) != FIELDS or not parts[2].isdigit():
        return None
    digest, file, offset, record_id, date, uri = parts
    return digest, Original(file, int(offset), record_id, date, uri)


def index_path(directory: Path) -> Path:
    return directory / INDEX_NAME


def read_lines(directory: Path) -> Iterator[tuple[int, str, tuple[str, Original] | None]]:
    """(line number, line, its entry or None when malformed) of the index, when it is readable."""
    path = index_path(directory)
    if not path.is_file():
        return
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        yield number, line, parse_line(line)


def load_index(directory: Path) -> dict[str, tuple[str, int]]:
    """payload digest → (file, offset) of its first record, from the lines that are well formed."""
    index: dict[str, tuple[str, int]] = {}
    for _, _, entry in read_lines(directory):
        if entry is not None:
            index.setdefault(entry[0], (entry[1].file, entry[1].offset))
    return index
