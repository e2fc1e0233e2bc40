"""DOC and WPS → DOCX with LibreOffice headless, then read like any DOCX.

Word 97–2003 and Kingsoft WPS files are OLE2 containers that no maintained
pure-Python library reads with tables intact; LibreOffice converts both.
It is a system dependency (Debian: libreoffice-writer-nogui): when it is
missing the document is refused with a reason saying so, never skipped.
Each conversion gets its own throw-away profile, so concurrent workers do
not fight over a profile lock and a hostile file cannot leave state behind;
the whole process group is killed when the time limit runs out.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from govreports.clean.blocks import Document
from govreports.clean.documents.docx import extract_docx
from govreports.clean.documents.limits import (
    DEFAULT_LIMITS,
    Deadline,
    DocumentRefused,
    Limits,
    check_size,
)

log = logging.getLogger(__name__)

MIN_SECONDS = 5.0  # a conversion needs at least LibreOffice's start-up


def soffice_path() -> str | None:
    """LibreOffice's command, under either of its names."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _command(binary: str, source: Path, outdir: Path, profile: Path) -> list[str]:
    return [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible", "--norestore",
            "--nologo", "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(outdir),
            str(source)]


def _run(command: list[str], seconds: float, home: Path) -> subprocess.CompletedProcess[bytes]:
    """Run LibreOffice in its own process group; kill the group when time runs out."""
    env = {**os.environ, "HOME": str(home), "SAL_USE_VCLPLUGIN": "svp"}
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                          env=env, start_new_session=True) as process:
        try:
            out, err = process.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise DocumentRefused(f"time limit of {seconds:g} s exceeded converting with LibreOffice") from None
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def convert_to_docx(data: bytes, limits: Limits, deadline: Deadline, kind: str = "doc") -> bytes:
    """The DOCX LibreOffice makes of a DOC/WPS, ODT or RTF file (`kind`, its file name's suffix: LibreOffice
    picks its import filter by it); refused if it cannot."""
    binary = soffice_path()
    if binary is None:
        raise DocumentRefused("LibreOffice (soffice) is not installed: DOC, WPS, ODT and RTF files need it to be read "
                              "(Debian/Ubuntu: apt-get install libreoffice-writer-nogui)")
    seconds = max(MIN_SECONDS, deadline.remaining())
    with tempfile.TemporaryDirectory(prefix="govreports-office-") as scratch:
        root = Path(scratch)
        source, outdir = root / f"document.{kind}", root / "out"
        source.write_bytes(data)
        result = _run(_command(binary, source, outdir, root / "profile"), seconds, root)
        converted = outdir / "document.docx"
        if not converted.is_file():
            detail = (result.stderr or result.stdout).decode("utf-8", "replace").strip().splitlines()
            raise DocumentRefused("LibreOffice could not convert the document to DOCX "
                                  f"(exit {result.returncode}: {detail[-1] if detail else 'no message'})")
        return converted.read_bytes()


def extract_doc(data: bytes, limits: Limits = DEFAULT_LIMITS, deadline: Deadline | None = None,
                kind: str = "doc") -> Document:
    """A DOC or WPS (`kind` doc), ODT or RTF file as blocks, through a DOCX made by LibreOffice."""
    check_size(data, limits, f"{kind.upper()} file")
    deadline = deadline or Deadline(limits.max_seconds)
    converted = convert_to_docx(data, limits, deadline, kind)
    log.debug("LibreOffice converted %d bytes of %s into %d bytes of DOCX in %.1f s",
              len(data), kind.upper(), len(converted), deadline.elapsed())
    return extract_docx(converted, limits, kind=kind, deadline=deadline)
