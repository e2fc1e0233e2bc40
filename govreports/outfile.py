"""Output files that appear whole or not at all.

A command's output file is written under a temporary name beside it and
renamed over the target only when writing succeeded: a query that fails,
a full disk or Ctrl-C leave an existing file as it was.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def replaced_when_done(path: str | os.PathLike) -> Iterator[Path]:
    """A temporary path beside `path`; renamed to `path` when the block ends without an exception.

    File errors name `path`, never the temporary name.
    """
    target = Path(path)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        try:
            yield temporary
            os.replace(temporary, target)
        except OSError as error:
            if error.filename in (str(temporary), str(target)) and error.strerror:
                raise OSError(error.errno, error.strerror, str(target)) from None
            raise
    finally:
        temporary.unlink(missing_ok=True)


@contextlib.contextmanager
def text_output(path: str | os.PathLike) -> Iterator[IO[str]]:
    """A text file (UTF-8, newlines as written) that replaces `path` only once complete."""
    with replaced_when_done(path) as temporary, open(temporary, "w", encoding="utf-8", newline="") as out:
        yield out
        out.flush()
        os.fsync(out.fileno())
