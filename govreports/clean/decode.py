"""Bytes → text, trusting a declared charset only when it is right.

Government CMSs often declare no charset, or declare one that is wrong (a
UTF-8 header on a GBK page). UTF-8 is self-validating, so a strict UTF-8
decode that succeeds on multi-byte text is taken first; then the declared
charset if it decodes cleanly; then charset-normalizer, restricted to the
encodings Chinese sites use, because on short text it guesses Korean or Big5.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

log = logging.getLogger(__name__)

# Chinese sites use these; GB2312 and GBK are decoded as their superset GB18030.
CANDIDATE_ENCODINGS = ("utf_8", "gb18030", "big5", "utf_16")
SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}
MIN_DETECTION_BYTES = 256  # below this, statistical detection guesses
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)""", re.I)
HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([-\w.:]+)", re.I)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    method: str  # bom | utf8 | declared | detected | fallback


def canonical_encoding(name: str | None) -> str | None:
    """Python codec name for a declared charset, widened to its superset."""
    if not name:
        return None
    name = name.strip().lower()
    if name in SUPERSETS:
        return SUPERSETS[name]
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return SUPERSETS.get(codec, codec)


def declared_charsets(data: bytes, content_type: str | None) -> list[str]:
    """Charsets the HTTP header and the page's <meta> claim, in that order."""
    found: list[str] = []
    if content_type:
        m = HEADER_CHARSET.search(content_type)
        if m:
            found.append(m.group(1))
    m = META_CHARSET.search(data[:4096])
    if m:
        found.append(m.group(1).decode("ascii", "replace"))
    return [c for c in (canonical_encoding(x) for x in found) if c]


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(data: bytes, content_type: str | None = None) -> Decoded:
    """Decode a fetched document; never raises."""
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(data[3:].decode("utf-8", "replace"), "utf-8", "bom")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Decoded(data.decode("utf-16", "replace").lstrip("\ufeff"), "utf-16", "bom")
    text = _strict(data, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8", "utf8")
    for declared in declared_charsets(data, content_type):
        if declared == "utf-8":
            log.debug("declared utf-8 does not decode; the declaration lies")
            continue
        text = _strict(data, declared)
        if text is not None:
            return Decoded(text, declared, "declared")
    text = _strict(data, "gb18030")
    if text is not None and (len(data) < MIN_DETECTION_BYTES or _strict(data, "big5") is None):
        # GB18030 is what mainland sites use; on short text, or bytes Big5
        # cannot read, guessing would only add Big5 mojibake.
        return Decoded(text, "gb18030", "detected")
    best = from_bytes(data, cp_isolation=list(CANDIDATE_ENCODINGS)).best()
    if best is not None and best.encoding:
        encoding = canonical_encoding(best.encoding) or best.encoding
        text = _strict(data, encoding)
        if text is not None:
            return Decoded(text, encoding, "detected")
    log.debug("no clean decoding found; falling back to gb18030 with replacement")
    return Decoded(data.decode("gb18030", "replace"), "gb18030", "fallback")
