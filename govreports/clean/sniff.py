"""What a document is, by its bytes, never by its name or Content-Type.

An HTML error page served as `report.pdf` is HTML; a PDF served as
text/html is a PDF.
"""

from __future__ import annotations

import re

# The comments before the first tag are taken possessively, each ending at its first -->: tried again as runs of
# comments (a lazy .*? may end at any later -->), 20 comments before a tag not named here took 0.11 s, and each
# comment more about 1.8 times as long.
HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*+<(?:!doctype\s+html|html|head|body|meta|title|div|table|p|script)\b",
                        re.I | re.S)
HTML_ANYWHERE = re.compile(rb"<(?:html|body|table|div|p)\b[^>]*>", re.I)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An OpenDocument text file: a ZIP whose first member, stored, is `mimetype` holding this.
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# Pictures by their signatures. BMP's two letters are weak alone: its header size must follow.
IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
)
BMP_HEADER_SIZES = frozenset({12, 40, 52, 56, 64, 108, 124})
IMAGES = frozenset({"png", "jpeg", "gif", "tiff", "bmp"})
BINARY_SAMPLE = 4096
MAX_CONTROL_SHARE = 0.05


def image_kind(head: bytes) -> str | None:
    """png, jpeg, gif, tiff or bmp by the file's signature; None for anything else."""
    for magic, kind in IMAGE_MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(b"BM") and len(head) >= 18 and int.from_bytes(head[14:18], "little") in BMP_HEADER_SIZES:
        return "bmp"
    return None


def sniff(data: bytes) -> str:
    """One of: empty, pdf, docx, odt, zip, doc, rtf, png, jpeg, gif, tiff, bmp, html, text, binary."""
    head = data[:BINARY_SAMPLE]
    if not data.strip():
        return "empty"
    picture = image_kind(head)
    if picture is not None:
        return picture
    if head.lstrip().startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if b"word/" in data[:65536]:
            return "docx"
        return "odt" if head[30:38] == b"mimetype" and ODT_MIMETYPE in head[38:120] else "zip"
    if head.startswith(OLE_MAGIC):
        return "doc"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return "rtf"
    body = head.lstrip(b"\xef\xbb\xbf")
    if HTML_START.match(body) or HTML_ANYWHERE.search(head):
        return "html"
    if _looks_binary(head):
        return "binary"
    return "text"


def _looks_binary(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls / max(1, len(head)) > MAX_CONTROL_SHARE


def looks_like_html(text: str) -> bool:
    """For text given as str (stdin, tests): markup or prose."""
    return sniff(text[:BINARY_SAMPLE].encode("utf-8", "replace")) == "html"
