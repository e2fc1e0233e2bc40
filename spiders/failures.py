"""Why a request failed, in a word and a few: what the crawl summary and its one-line logs say.

Expected network failures (DNS, refused, TLS, timeouts, a connection cut)
are a fact about a site, not a bug: they get one log line each, never a
traceback. The kinds:

- `unreachable`: the site did not answer (DNS, refused, TLS, timeout, connection lost);
- `robots`: robots.txt forbids the URL;
- `scope`: the URL (or a redirect) left the agency's site (spiders/scope.py);
- `http`: an HTTP error status after the retries;
- `refused`: the response was refused (too large, truncated, a redirect loop, a bomb);
- `error`: anything else (its exception type is named).
"""

from __future__ import annotations

from dataclasses import dataclass

from govreports.spiders.scope import OutOfScope
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
    UnsupportedURLSchemeError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as net

UNREACHABLE = "unreachable"
# Chromium's network error codes (playwright's messages carry them).
BROWSER_ERRORS = (
    ("ERR_NAME_NOT_RESOLVED", "DNS lookup failed"),
    ("ERR_CONNECTION_REFUSED", "connection refused"),
    ("ERR_CONNECTION_RESET", "connection reset"),
    ("ERR_CONNECTION_CLOSED", "connection closed"),
    ("ERR_TIMED_OUT", "timed out"),
    ("ERR_SSL", "TLS handshake failed"),
    ("ERR_CERT", "TLS certificate refused"),
    ("Timeout", "timed out"),
)


@dataclass(frozen=True)
class Failed:
    kind: str  # unreachable | robots | scope | http | refused | error
    detail: str  # a few words, fit for one log line


def first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0][:200] if text else type(error).__name__


def classify(error: BaseException) -> Failed:
    """The kind and a short reason of a download failure (a Failure's value)."""
    if isinstance(error, OutOfScope):
        return Failed("scope", str(error))
    if isinstance(error, HttpError):
        return Failed("http", f"HTTP {error.response.status}")
    if isinstance(error, IgnoreRequest):
        message = first_line(error)
        return Failed("robots" if "robots.txt" in message else "refused", message)
    if isinstance(error, CannotResolveHostError | net.DNSLookupError):
        return Failed(UNREACHABLE, "DNS lookup failed")
    if isinstance(error, DownloadConnectionRefusedError | net.ConnectionRefusedError):
        return Failed(UNREACHABLE, "connection refused")
    if isinstance(error, DownloadTimeoutError | net.TimeoutError | TimeoutError):
        return Failed(UNREACHABLE, "timed out")
    if isinstance(error, ResponseDataLossError):
        return Failed("refused", "the response was cut short (fewer bytes than announced)")
    if isinstance(error, DownloadCancelledError):
        return Failed("refused", first_line(error))  # larger than DOWNLOAD_MAXSIZE
    if isinstance(error, UnsupportedURLSchemeError):
        return Failed("scope", first_line(error))
    message = first_line(error)
    if isinstance(error, DownloadFailedError):
        if "ssl" in message.lower() or "tls" in message.lower() or "certificate" in message.lower():
            return Failed(UNREACHABLE, "TLS handshake failed")
        if "_DataLoss" in message or "PotentialDataLoss" in message:
            return Failed("refused", "the response was cut short (fewer bytes than announced)")
        return Failed(UNREACHABLE, "connection lost")
    if isinstance(error, net.ConnectionLost | net.ConnectionDone | net.ConnectError | ConnectionError):
        return Failed(UNREACHABLE, "connection lost")
    if type(error).__module__.startswith("playwright"):
        for code, words in BROWSER_ERRORS:
            if code in message:
                return Failed(UNREACHABLE, f"{words} (browser)")
        return Failed("error", f"browser: {message}")
    return Failed("error", f"{type(error).__name__}: {message}")
