"""The bundled sample site, served on loopback addresses for the spider's tests and demos.

    with serve_sample_site() as site:
        site.hosts            # {"yjj.lps": "127.0.0.2:41873", …}
        site.url("yjj.lps", "/robots.txt")
        site.write_registry(tmp / "registry.csv")

`govreports/samples/site/` holds one folder per fake host (built by
`python -m devtools.site_build`). Each folder is served by its own
ThreadingHTTPServer on its own address, 127.0.0.2, 127.0.0.3, … in the
folders' sorted order, all on one port. Besides static files the servers do
what the real CMSs do and a crawler must cope with:

- a host whose `_host.json` says `"challenge": true` answers every request
  but /robots.txt without the cookie `__jsl_clearance=ok` with HTTP 412 and
  a page whose script sets that cookie and reloads (a 加速乐-style check);
- Hanweb columns: /module/web/jpage/dataproxy.jsp?startrecord=A&endrecord=B
  &perpage=N&columnid=C (GET or POST form) returns records A..B of the
  column listed in `_host.json` as a <datastore> XML;
- `?page=N` pages are files named `<file>@page=N` beside `<file>`; a query
  that names no such file gets 404 when the file has variants;
- Content-Type from the extension (from the bytes when there is none);
  HTML gets `charset=utf-8` only when its bytes are UTF-8, so GBK pages go
  out with no charset at all; `_host.json` "headers" overrides per path
  (a lying charset, say), or per path and query ("/download.jsp?…=1": a
  DOCX served by a .jsp);
- paths listed in `_host.json` "post" answer a POST like a GET of the same
  URL (Hanweb's search.jsp: the query carries what the form repeats);
- ETag and Last-Modified on every file, 304 for If-None-Match and
  If-Modified-Since, HEAD, and 404 for everything else.

A served file's `{host:KEY}` is replaced by that host's address (a
portal's site directory links other hosts). Nothing is logged. The
addresses 127.0.0.N need a system that routes all of 127.0.0.0/8 to the
loopback interface (Linux does; macOS needs aliases).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

SITE_ROOT = Path(__file__).resolve().parent.parent / "govreports" / "samples" / "site"
HOST_CONFIG = "_host.json"
PLACEHOLDER = re.compile(r"\{host:([^{}]+)\}")
PLACEHOLDER_BYTES = re.compile(rb"\{host:([^{}]+)\}")
CHALLENGE_COOKIE = "__jsl_clearance"
CHALLENGE_VALUE = "ok"
HANWEB_PROXY = "/module/web/jpage/dataproxy.jsp"
INDEX_FILES = ("index.html", "index.shtml", "index.htm")
FIRST_ADDRESS = 2  # 127.0.0.2: 127.0.0.1 stays free for whatever else runs on the machine
PORT_ATTEMPTS = 20

CONTENT_TYPES = {
    ".html": "text/html", ".htm": "text/html", ".shtml": "text/html", ".jsp": "text/html",
    ".txt": "text/plain", ".xml": "text/xml", ".css": "text/css", ".js": "application/javascript",
    ".json": "application/json", ".png": "image/png", ".jpg": "image/jpeg", ".gif": "image/gif",
    ".pdf": "application/pdf", ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
TEXT_TYPES = ("text/", "application/javascript", "application/json")

CHALLENGE_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>安全验证</title></head>
<body><noscript>请开启JavaScript后访问本站。</noscript>
<script>document.cookie=('__jsl_')+('clearance=')+('ok')+';max-age=3600;path=/';
location.href=location.pathname+location.search</script>
</body></html>
"""
NOT_FOUND_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>404 页面不存在</title></head>
<body><h1>404</h1><p>您访问的页面不存在或已被删除。</p><p><a href="/">返回首页</a></p></body></html>
"""


@dataclass
class SampleSite:
    """The running site: where each host answers."""

    root: Path
    port: int
    hosts: dict[str, str] = field(default_factory=dict)  # KEY → "127.0.0.N:PORT"

    def url(self, key: str, path: str = "/") -> str:
        if key not in self.hosts:
            raise KeyError(f"no sample host {key!r}; hosts: {', '.join(self.hosts)}")
        return f"http://{self.hosts[key]}{path if path.startswith('/') else '/' + path}"

    def resolve(self, text: str) -> str:
        """Text with every `{host:KEY}` replaced by the host's address."""
        def address(m: re.Match[str]) -> str:
            if m.group(1) not in self.hosts:
                raise KeyError(f"placeholder names an unknown host: {m.group(0)}")
            return self.hosts[m.group(1)]

        return PLACEHOLDER.sub(address, text)

    def write_registry(self, path: Path) -> Path:
        """The site's registry.csv with real addresses, for the spider's `registry=` argument."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.resolve((self.root / "registry.csv").read_text(encoding="utf-8")), encoding="utf-8")
        return path

    def expected(self) -> dict[str, Any]:
        """expected.json (the end-to-end ground truth) with real addresses."""
        return json.loads(self.resolve((self.root / "expected.json").read_text(encoding="utf-8")))


# -- one host ---------------------------------------------------------------

class HostServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], key: str, root: Path) -> None:
        self.key = key
        self.root = root
        config_file = root / HOST_CONFIG
        self.config: dict[str, Any] = (json.loads(config_file.read_text(encoding="utf-8"))
                                       if config_file.is_file() else {})
        self.addresses: dict[str, str] = {}  # KEY → "127.0.0.N:PORT" of every host, for links between hosts
        super().__init__(address, SiteHandler)

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001 - socketserver's signature
        pass  # a client that hangs up is not news; log nothing


def content_type(path: Path, data: bytes) -> str:
    kind = CONTENT_TYPES.get(path.suffix.lower())
    if kind is None:
        kind = sniff_type(data)
    if kind.startswith(TEXT_TYPES):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return kind  # GBK and friends: no charset, as the old CMSs serve them
        return f"{kind}; charset=utf-8"
    return kind


def sniff_type(data: bytes) -> str:
    head = data[:512].lstrip()
    if head.startswith(b"%PDF"):
        return "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        return CONTENT_TYPES[".docx"] if b"word/" in data[:65536] else "application/zip"
    if re.match(rb"<(?:!doctype|html|head|body|meta)", head, re.I):
        return "text/html"
    return "application/octet-stream"


class SiteHandler(BaseHTTPRequestHandler):
    server: HostServer
    server_version = "nginx"
    sys_version = ""
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - BaseHTTPRequestHandler's name
        pass

    def log_error(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    # -- verbs --------------------------------------------------------------
    def do_GET(self) -> None:
        self.respond(head=False)

    def do_HEAD(self) -> None:
        self.respond(head=True)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = self.rfile.read(length).decode("utf-8", "replace") if length > 0 else ""
        path = urlsplit(self.path).path
        if self.challenged(path):
            return
        if path == HANWEB_PROXY:
            self.dataproxy(form)
            return
        if path in self.server.config.get("post", []):  # answered like a GET of its URL (the form repeats it)
            self.respond(head=False)
            return
        self.send_bytes(HTTPStatus.METHOD_NOT_ALLOWED, b"", "text/plain; charset=utf-8", extra={"Allow": "GET, HEAD"})

    # -- dispatch -----------------------------------------------------------
    def respond(self, head: bool) -> None:
        parts = urlsplit(self.path)
        path = parts.path or "/"
        if self.challenged(path, head):
            return
        if path == HANWEB_PROXY:
            self.dataproxy("", head)
            return
        found = self.locate(path, parts.query)
        if found is None:
            self.not_found(head)
            return
        if isinstance(found, str):  # a folder without its slash
            self.send_bytes(HTTPStatus.MOVED_PERMANENTLY, b"", "text/html; charset=utf-8", head,
                            extra={"Location": found})
            return
        self.send_file(found, path, head, parts.query)

    def challenged(self, path: str, head: bool = False) -> bool:
        """True when the 412 cookie challenge was sent instead of the resource."""
        if not self.server.config.get("challenge") or path == "/robots.txt":
            return False
        cookies = self.headers.get_all("Cookie") or []
        jar = dict(
            pair.strip().split("=", 1) for header in cookies for pair in header.split(";") if "=" in pair
        )
        if jar.get(CHALLENGE_COOKIE) == CHALLENGE_VALUE:
            return False
        self.send_bytes(HTTPStatus.PRECONDITION_FAILED, CHALLENGE_PAGE.encode("utf-8"), "text/html; charset=utf-8",
                        head, extra={"Cache-Control": "no-store"})
        return True

    def locate(self, url_path: str, query: str) -> Path | str | None:
        """The file a path names, a redirect target for a folder without its slash, or None."""
        root = self.server.root
        segments = [s for s in unquote(url_path).split("/") if s not in ("", ".")]
        if any(s == ".." or s.startswith(".") or "\\" in s or "@" in s for s in segments):
            return None
        if segments == [HOST_CONFIG]:
            return None
        target = root.joinpath(*segments)
        if target.is_dir():
            if not url_path.endswith("/"):
                return quote(url_path + "/", safe="/%") + (f"?{query}" if query else "")
            target = next((target / name for name in INDEX_FILES if (target / name).is_file()), target / INDEX_FILES[0])
        if not target.is_file():
            return None
        if not query:
            return target
        variant = target.with_name(f"{target.name}@{unquote(query)}")
        if variant.is_file():
            return variant
        has_variants = any(p.name.startswith(target.name + "@") for p in target.parent.iterdir())
        return None if has_variants else target  # a static server ignores a query it has no page for

    # -- responses ----------------------------------------------------------
    def send_file(self, path: Path, url_path: str, head: bool, query: str = "") -> None:
        data = path.read_bytes()
        if b"{host:" in data and self.server.addresses:  # a portal's links to other hosts (its site directory)
            data = PLACEHOLDER_BYTES.sub(lambda m: self.server.addresses.get(m.group(1).decode(), m.group(0).decode())
                                         .encode(), data)
        headers = self.server.config.get("headers", {})
        # per path, or per path and query (one download.jsp serves every attachment)
        override = (headers.get(f"{url_path}?{unquote(query)}") if query else None) or headers.get(url_path, {})
        kind = override.get("Content-Type") or content_type(Path(path.name.split("@", 1)[0]), data)
        extra = {k: v for k, v in override.items() if k != "Content-Type"}
        self.send_bytes(HTTPStatus.OK, data, kind, head, extra=extra, modified=path.stat().st_mtime,
                        conditional=True)

    def not_found(self, head: bool) -> None:
        self.send_bytes(HTTPStatus.NOT_FOUND, NOT_FOUND_PAGE.encode("utf-8"), "text/html; charset=utf-8", head)

    def dataproxy(self, form: str, head: bool = False) -> None:
        """A Hanweb column's records startrecord..endrecord as the jpage datastore XML."""
        params = {k: v[-1] for k, v in parse_qs(urlsplit(self.path).query).items()}
        params.update({k: v[-1] for k, v in parse_qs(form).items()})
        column = self.server.config.get("hanweb", {}).get(params.get("columnid", ""))
        records: list[str] = column["records"] if column else []
        per_page = _int(params.get("perpage"), column["perpage"] if column else 15)
        start = max(1, _int(params.get("startrecord"), 1))
        end = min(len(records), _int(params.get("endrecord"), start + per_page - 1))
        chosen = records[start - 1:end] if start <= end else []
        total_pages = -(-len(records) // per_page) if per_page > 0 else 0
        body = datastore_xml(chosen, len(records), total_pages)
        self.send_bytes(HTTPStatus.OK, body.encode("utf-8"), "text/xml; charset=utf-8", head, conditional=True)

    def send_bytes(self, status: HTTPStatus, data: bytes, kind: str, head: bool = False, *,
                   extra: dict[str, str] | None = None, modified: float | None = None,
                   conditional: bool = False) -> None:
        headers = {"Content-Type": kind}
        if conditional:
            etag = '"' + hashlib.sha1(data).hexdigest()[:20] + '"'
            headers["ETag"] = etag
            if modified is not None:
                headers["Last-Modified"] = formatdate(int(modified), usegmt=True)
            if self.not_modified(etag, modified):
                self.send_response(HTTPStatus.NOT_MODIFIED)
                for name in ("ETag", "Last-Modified"):
                    if name in headers:
                        self.send_header(name, headers[name])
                self.end_headers()
                return
        headers.update(extra or {})
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def not_modified(self, etag: str, modified: float | None) -> bool:
        match = self.headers.get("If-None-Match")
        if match is not None:  # it wins over If-Modified-Since (RFC 9110 13.2.2)
            tags = {t.strip().removeprefix("W/") for t in match.split(",")}
            return "*" in tags or etag in tags
        since = self.headers.get("If-Modified-Since")
        if since is None or modified is None:
            return False
        try:
            return int(modified) <= parsedate_to_datetime(since).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return False


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        return default


def datastore_xml(records: list[str], total: int, total_pages: int, declaration: bool = True) -> str:
    """What Hanweb's dataproxy.jsp answers; a column page embeds the same in <script type="text/xml">."""
    rows = "".join(f"<record><![CDATA[\n{r}\n]]></record>\n" for r in records)
    head = '<?xml version="1.0" encoding="UTF-8"?>\n' if declaration else ""
    return (f"{head}<datastore>\n<nextgroup><![CDATA[]]></nextgroup>\n"
            f"<totalrecord>{total}</totalrecord>\n<totalpage>{total_pages}</totalpage>\n"
            f"<recordset>\n{rows}</recordset>\n</datastore>\n")


# -- all hosts --------------------------------------------------------------

def host_folders(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def _start(folders: list[Path], port: int) -> list[HostServer]:
    servers: list[HostServer] = []
    try:
        for n, folder in enumerate(folders):
            address = f"127.0.0.{FIRST_ADDRESS + n}"
            server = HostServer((address, port), folder.name, folder)
            port = server.server_address[1]  # the first one picks it when port is 0
            servers.append(server)
    except OSError:
        for server in servers:
            server.server_close()
        raise
    return servers


@contextmanager
def serve_sample_site(port: int = 0, root: Path | None = None) -> Iterator[SampleSite]:
    """Serve every host folder of the sample site until the block ends.

    port 0 picks a port free on 127.0.0.2 (and tries again, a few times, if
    another address has it taken).
    """
    root = Path(root) if root is not None else SITE_ROOT
    folders = host_folders(root)
    if not folders:
        raise FileNotFoundError(f"no host folders in {root} (run: python -m devtools.site_build)")
    if len(folders) > 250:
        raise ValueError("more host folders than loopback addresses 127.0.0.2-127.0.0.251")
    attempts = PORT_ATTEMPTS if port == 0 else 1
    for attempt in range(attempts):
        try:
            servers = _start(folders, port)
            break
        except OSError:
            if attempt == attempts - 1:
                raise
    addresses = {s.key: f"{s.server_address[0]}:{s.server_address[1]}" for s in servers}
    for server in servers:
        server.addresses = addresses
    threads = [threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True,
                                name=f"sample-site-{s.key}") for s in servers]
    for thread in threads:
        thread.start()
    site = SampleSite(root=root, port=servers[0].server_address[1],
                      hosts=addresses)
    try:
        yield site
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
        for thread in threads:
            thread.join(timeout=5)


def _agencies(site: SampleSite) -> dict[str, str]:
    """KEY → agency name, from registry.csv's homepage column."""
    names: dict[str, str] = {}
    registry = site.root / "registry.csv"
    if registry.is_file():
        for row in csv.DictReader(io.StringIO(registry.read_text(encoding="utf-8"))):
            m = PLACEHOLDER.search(row.get("homepage") or "")
            if m:
                names[m.group(1)] = row.get("agency", "")
    return names


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.sample_site",
                                     description="Serve the bundled sample site until Ctrl-C.")
    parser.add_argument("--port", type=int, default=8000, help="one port for every host (0: any free one)")
    parser.add_argument("--root", type=Path, default=None, help="the site folder (default: the bundled one)")
    parser.add_argument("--registry", type=Path, default=None,
                        help="also write registry.csv with the real addresses to this path")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill PID` stops it as cleanly as Ctrl-C
    with serve_sample_site(args.port, args.root) as site:
        names = _agencies(site)
        for key, address in site.hosts.items():
            print(f"{key:12} http://{address}/  {names.get(key, '')}")
        if args.registry:
            print(f"registry: {site.write_registry(args.registry)}")
        print("serving; Ctrl-C stops", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("stopped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


__all__ = ["SampleSite", "datastore_xml", "serve_sample_site"]
