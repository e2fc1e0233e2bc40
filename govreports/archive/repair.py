"""Repair what a killed write leaves in an archive: a cut last record, a cut index line.

A crawl killed while writing leaves its WARC file ending inside a gzip
member; `archive verify` flags it until the file is repaired. Repairing
truncates the file where its last readable record ends, so that readers
and appends carry on; damage followed by readable records is not a cut
write and is left alone (and reported). payload-digests.tsv is rewritten
(to a temporary file, then renamed) without the lines that point at no
readable response with their digest.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from govreports.archive import INDEX_NAME, warc_files
from govreports.archive.index import parse_line
from govreports.archive.records import Damage, iter_records


@dataclass(frozen=True)
class Cut:
    file: str
    offset: int  # where the file now ends
    removed: int  # bytes cut off
    problem: str

    def __str__(self) -> str:
        return f"{self.file}: cut {self.removed} bytes at offset {self.offset} ({self.problem})"


@dataclass
class Repair:
    cuts: list[Cut] = field(default_factory=list)
    index_lines_dropped: int = 0
    left: list[Damage] = field(default_factory=list)  # damage that truncation cannot repair


def trailing_damage(path: Path) -> tuple[Damage | None, list[Damage], dict[int, str]]:
    """The damage that runs to the end of the file (a cut write), the other damage, and the responses
    read (offset → payload digest)."""
    damages: list[Damage] = []
    responses: dict[int, str] = {}
    for record in iter_records(path, payloads=False):
        if isinstance(record, Damage):
            damages.append(record)
        elif record.type == "response":
            responses[record.offset] = record.warc_headers.get_header("WARC-Payload-Digest") or ""
    size = path.stat().st_size
    last = damages[-1] if damages else None
    if last is not None and (last.end is None or last.end >= size) and last.offset > 0:
        return last, damages[:-1], {o: d for o, d in responses.items() if o < last.offset}
    return None, damages, responses


def repair_archive(directory: str | os.PathLike) -> Repair:
    folder = Path(directory)
    result = Repair()
    readable: dict[tuple[str, int], str] = {}
    for path in warc_files(folder):
        cut, others, responses = trailing_damage(path)
        result.left += others
        if cut is not None:
            size = path.stat().st_size
            with open(path, "r+b") as handle:
                handle.truncate(cut.offset)
                os.fsync(handle.fileno())
            result.cuts.append(Cut(path.name, cut.offset, size - cut.offset, cut.problem))
        readable.update({(path.name, offset): digest for offset, digest in responses.items()})
    result.index_lines_dropped = _rewrite_index(folder, readable)
    return result


def _rewrite_index(folder: Path, readable: dict[tuple[str, int], str]) -> int:
    """Keep the index lines that point at a readable response with their digest; how many were dropped."""
    index = folder / INDEX_NAME
    if not index.is_file():
        return 0
    lines = index.read_bytes().decode("utf-8", errors="replace").splitlines(keepends=True)
    kept = []
    for line in lines:
        entry = parse_line(line.rstrip("\n"))
        if line.endswith("\n") and entry is not None and readable.get((entry[1].file, entry[1].offset)) == entry[0]:
            kept.append(line)
    if len(kept) == len(lines):
        return 0
    temporary = index.with_name(INDEX_NAME + ".repair")
    temporary.write_text("".join(kept), encoding="utf-8")
    os.replace(temporary, index)
    return len(lines) - len(kept)
