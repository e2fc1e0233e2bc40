"""A site of many agencies on loopback addresses, with faults on chosen paths, for end-to-end crawls.

    with serve_fault_site([Host("甲局", "reports", years=range(2015, 2025)), …]) as site:
        site.write_registry(path); site.url(host, "/nb/"); site.trap_hits

Each host is a ThreadingHTTPServer on its own address (127.0.0.40 and up,
then 127.0.1.1, 127.0.1.2, … : Linux routes all of 127.0.0.0/8 to loopback,
so a site of thousands of agencies keeps one agency per origin), all on one
port, plus a trap server on another port of the first address and one on an
address of its own: anything they receive is a scope leak. One thread
accepts on every listening socket (a selector), each connection is served
by a thread of its own.
Host kinds:

- `reports`: a column /nb/ (10 entries a page, 下一页 links) of report pages /nb/<year>.html;
- `faults`: the same, plus listed entries whose fetch fails or misbehaves (see FAULTS);
- `robots`: its column lies under a path robots.txt disallows;
- `empty`: its column lists only news;
- `scripted`: its column is built by JavaScript and loads scripts, images, frames and
  fetches from the trap servers;
- `unreachable`: an address where nothing listens (connection refused);
- `framed`: each report page shows only its title and its report, a Word file, in an <iframe> through a
  pdf.js-style viewer (/pdfjs/web/viewer.html?file=%2Fnb%2Ffiles%2F<year>.docx).

A host with scheme `https` is served plain HTTP: a TLS handshake failure.

Report pages are rendered by tests/shapes.py with numbers drawn from the
agency and year (`Host.numbers`), so a test knows every value a crawl must store.
"""

from __future__ import annotations

import gzip
import random
import selectors
import socket
import socketserver
import struct
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from govreports.understand import labels
from tests.shapes import as_html_page

FIRST_ADDRESS = 40
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PER_BLOCK = 254  # addresses 127.0.b.1 … 127.0.b.254 of each block b ≥ 1
PER_PAGE = 10
TEMPLATE = labels.TEMPLATE_2021
LONG_PATH = "/f/long-" + "a" * 1990 + ".html"
# path → (year of the report it claims to be, what happens); the fault agency lists them all.
FAULTS = {
    "/f/flaky.html": (2001, "HTTP 500 twice, then the report"),
    "/f/reset.html": (2002, "connection reset once, then the report"),
    "/f/always-500.html": (2003, "HTTP 500 always"),
    "/f/truncated.html": (2004, "fewer bytes than its Content-Length"),
    "/f/slow.html": (2005, "a body that trickles slower than the download timeout"),
    "/f/bomb.html": (2006, "a gzip bomb"),
    "/f/oversize.html": (1999, "a body larger than DOWNLOAD_MAXSIZE"),
    "/f/loop.html": (2007, "a redirect to itself"),
    "/f/offsite-redirect.html": (2008, "a redirect to another port of the host"),
    LONG_PATH: (2012, "a URL of 2,000+ characters"),
    "/f/long-headers.html": (2013, "a 300-character Content-Type and a 10 kB header"),
    "/f/huge-number.html": (2014, "a cell of 2^53 + 1, beyond what a float column holds exactly"),
    "/f/offsite-attachment.html": (2000, "an attachment on another port"),
}
FETCH_FAILS = ("/f/always-500.html", "/f/truncated.html", "/f/slow.html", "/f/bomb.html", "/f/oversize.html",
               "/f/loop.html")
STORED = ("/f/flaky.html", "/f/reset.html", LONG_PATH, "/f/long-headers.html", "/f/offsite-attachment.html")


@dataclass
class Host:
    name: str  # the agency, as the registry and its reports name it
    kind: str = "reports"  # reports | faults | robots | empty | scripted
    years: range = range(2015, 2025)
    address: str = ""
    scheme: str = "http"  # https on a plain HTTP server: a TLS failure

    def numbers(self, year: int) -> dict:
        """The tables of this agency's report on `year` (deterministic)."""
        rng = random.Random(f"{self.name}|{year}")
        active = {s.code: {c: rng.randint(0, 99) for c in s.columns} for s in labels.ACTIVE_ROWS[TEMPLATE]}
        apps = {s.code: {c: rng.randint(0, 99) for c in s.columns} for s in labels.APPLICATION_ROWS[TEMPLATE]}
        review = {"all": {c: rng.randint(0, 9) for c in labels.REVIEW_COLUMNS}}
        return {"active": active, "applications": apps, "review_litigation": review}

    def title(self, year: int) -> str:
        return f"{self.name}{year}年政府信息公开工作年度报告"

    def page(self, year: int, extra: str = "", huge: bool = False) -> bytes:
        tables = self.numbers(year)
        if huge:
            tables["applications"]["new_received"]["natural_person"] = 2**53 + 1
        html = as_html_page(TEMPLATE, tables, title=self.title(year))
        return html.replace("</div></body>", f"{extra}</div></body>").encode("utf-8")

    def framed_page(self, year: int) -> bytes:
        viewer = f"/pdfjs/web/viewer.html?file=%2Fnb%2Ffiles%2F{year}.docx"
        return (f"<html><head><meta charset='utf-8'><title>{self.title(year)}</title></head><body>"
                f"<h1>{self.title(year)}</h1><div class='article'><iframe src='{viewer}' width='100%' height='800'>"
                f"</iframe></div></body></html>").encode("utf-8")

    def document(self, year: int) -> bytes:
        """The report as the agency's Word file (tests/docfactory.py)."""
        from tests.docfactory import report_docx

        text = [self.title(year), "一、总体情况", f"{year}年,本机关认真贯彻落实《中华人民共和国政府信息公开条例》。",
                "二、主动公开政府信息情况", "五、存在的主要问题及改进情况", "无。", "六、其他需要报告的事项", "无。",
                self.name, f"{year + 1}年1月20日"]
        return report_docx({"title": self.title(year), "template": TEMPLATE, "tables": self.numbers(year),
                            "text": "\n".join(text)})

    def entries(self, site: FaultSite) -> list[tuple[str, str]]:
        """(title, href) of the column, newest first; a fault host lists its faults and links off its site."""
        out = [(self.title(y), f"/nb/{y}.html") for y in sorted(self.years, reverse=True)]
        if self.kind == "faults":
            out += [(self.title(year), path) for path, (year, _) in FAULTS.items()]
            out += [(self.title(year), href) for year, href in site.offsite_links(self)]
        return out


@dataclass
class FaultSite:
    hosts: list[Host]
    port: int
    trap_port: int
    trap_address: str
    hits: Counter = field(default_factory=Counter)  # (address, path) → requests received
    trap_hits: list[str] = field(default_factory=list)

    def offsite_links(self, host: Host) -> list[tuple[int, str]]:
        """(year, href) of report links a fault host lists that leave its site: none may be fetched."""
        return [(2009, f"http://{host.address}:{self.trap_port}/nb/2009.html"),  # another port of the host
                (2010, f"http://{self.trap_address}:{self.trap_port}/nb/2010.html"),  # another host
                (2011, f"https://{host.address}:{self.port}/nb/2011.html"),  # another scheme
                (2016, f"ftp://{host.address}/nb/2016.pdf"),
                (2017, "javascript:void(0)")]

    def origin(self, host: Host) -> str:
        return f"{host.scheme}://{host.address}:{self.port}"

    def url(self, host: Host, path: str) -> str:
        return self.origin(host) + path

    def host(self, name: str) -> Host:
        return next(h for h in self.hosts if h.name == name)

    def column(self, host: Host) -> str:
        return self.url(host, "/private/nb/" if host.kind == "robots" else "/nb/")

    def write_registry(self, path: Path, hosts: list[Host] | None = None) -> Path:
        lines = ["agency,province,city,county,level,homepage,column_url"]
        for host in hosts or self.hosts:
            lines.append(f"{host.name},四川省,,,市级,{self.url(host, '/')},{self.column(host)}")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    def expected(self, hosts: list[Host] | None = None) -> dict[tuple[str, int], dict]:
        """(agency, year) → tables, of every report the column lists as a plain report page."""
        return {(h.name, y): h.numbers(y) for h in hosts or self.hosts if h.kind in ("reports", "faults", "scripted")
                for y in h.years}


def listing_page(host: Host, site: FaultSite, page: int, prefix: str) -> bytes:
    entries = host.entries(site)
    if host.kind == "empty":
        entries = [(f"{host.name}召开{y}年安全生产工作会议", f"/news/{y}.html") for y in host.years]
    chunk = entries[page * PER_PAGE:(page + 1) * PER_PAGE]
    items = "".join(f'<li><a href="{href}">{title}</a><span>2025-01-20</span></li>' for title, href in chunk)
    more = (page + 1) * PER_PAGE < len(entries)
    pager = f'<a href="{prefix}index_{page + 1}.html">下一页</a>' if more else ""
    return (f"<html><head><meta charset='utf-8'><title>政府信息公开年报</title></head><body>"
            f"<ul class='list'>{items}</ul>{pager}</body></html>").encode("utf-8")


def scripted_listing(host: Host, site: FaultSite) -> bytes:
    trap_same = f"http://{host.address}:{site.trap_port}"
    trap_other = f"http://{site.trap_address}:{site.trap_port}"
    data = ",".join(f'{{t:"{t}",u:"{u}"}}' for t, u in host.entries(site))
    return (f"<html><head><meta charset='utf-8'><script src='{trap_same}/x.js'></script></head><body>"
            f"<img src='{trap_other}/logo.png'><iframe src='{trap_same}/frame.html'></iframe>"
            f"<ul id='list'></ul><script>fetch('{trap_other}/api').catch(function(){{}});"
            f"var listData=[{data}];listData.forEach(function(d){{var li=document.createElement('li');"
            f"li.innerHTML='<a href=\"'+d.u+'\">'+d.t+'</a><span>2025-01-20</span>';"
            f"document.getElementById('list').appendChild(li);}});</script></body></html>").encode("utf-8")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: SiteServer

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass

    def setup(self) -> None:
        self.timeout = self.server.idle_timeout  # a kept-alive connection idle this long is closed (None: never)
        super().setup()

    def do_GET(self) -> None:  # noqa: N802
        site, host = self.server.site, self.server.host
        path = urlsplit(self.path).path
        site.hits[(host.address, path)] += 1
        if path == "/robots.txt":
            return self.send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if path == "/":
            return self.send(200, "<html><body><a href='/nb/'>政府信息公开年报</a></body></html>".encode())
        prefix = "/private/nb/" if host.kind == "robots" else "/nb/"
        if path == prefix or (path.startswith(prefix + "index_") and path.endswith(".html")):
            if host.kind == "scripted":
                return self.send(200, scripted_listing(host, site))
            page = int(path[len(prefix) + 6:-5]) if path != prefix else 0
            return self.send(200, listing_page(host, site, page, prefix))
        if path.startswith("/nb/") and path[4:8].isdigit() and int(path[4:8]) in host.years:
            year = int(path[4:8])
            return self.send(200, host.framed_page(year) if host.kind == "framed" else host.page(year))
        if host.kind == "framed" and path == "/pdfjs/web/viewer.html":
            return self.send(200, b"<html><body><div id='viewerContainer'></div><script src='pdf.mjs'></script>"
                                  b"</body></html>")
        if host.kind == "framed" and path.startswith("/nb/files/") and path.endswith(".docx") \
                and path[10:14].isdigit() and int(path[10:14]) in host.years:
            return self.send(200, host.document(int(path[10:14])), DOCX)
        if host.kind == "faults" and path in FAULTS:
            return self.fault(path, site.hits[(host.address, path)])
        return self.send(404, b"<html><body>404</body></html>")

    def send(self, status: int, body: bytes, kind: str = "text/html; charset=utf-8",
             headers: tuple[tuple[str, str], ...] = ()) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def fault(self, path: str, attempt: int) -> None:
        host, site = self.server.host, self.server.site
        year = FAULTS[path][0]
        if path == "/f/flaky.html":
            return self.send(500, b"busy") if attempt <= 2 else self.send(200, host.page(year))
        if path == "/f/reset.html" and attempt == 1:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return None
        if path == "/f/always-500.html":
            return self.send(500, b"error")
        if path == "/f/truncated.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", "50000")
            self.end_headers()
            self.wfile.write(host.page(year)[:1000])
            self.wfile.flush()
            self.close_connection = True
            return None
        if path == "/f/slow.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            try:
                for _ in range(40):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.25)
            except OSError:
                pass
            self.close_connection = True
            return None
        if path == "/f/bomb.html":
            return self.send(200, BOMB, headers=(("Content-Encoding", "gzip"),))
        if path == "/f/oversize.html":
            return self.send(200, b" " * (3 * 1024 * 1024))  # the test crawls with DOWNLOAD_MAXSIZE of 2 MB
        if path == "/f/loop.html":
            return self.send(302, b"", headers=(("Location", "/f/loop.html"),))
        if path == "/f/offsite-redirect.html":
            location = f"http://{host.address}:{site.trap_port}/nb/{year}.html"
            return self.send(302, b"", headers=(("Location", location),))
        if path == "/f/long-headers.html":
            return self.send(200, host.page(year), "text/html; charset=utf-8; " + "x" * 300,
                             headers=(("X-Padding", "p" * 10_000),))
        if path == "/f/huge-number.html":
            return self.send(200, host.page(year, huge=True))
        if path == "/f/offsite-attachment.html":
            link = f"<p><a href='http://{host.address}:{site.trap_port}/a/{year}.pdf'>附件.pdf</a></p>"
            return self.send(200, host.page(year, extra=link))
        return self.send(200, host.page(year))  # reset (second attempt), the long URL

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except OSError:  # a fault closed the socket under us
            self.close_connection = True


BOMB = gzip.compress(b"\0" * (20 * 1024 * 1024), compresslevel=9)  # 20 MB from about 20 kB


class TrapHandler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        self.server.site.trap_hits.append(f"{self.server.server_address[0]}:{self.path}")
        body = b"trap"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def loopback_address(index: int) -> str:
    """The index-th address of the site: 127.0.0.index up to .254, then 127.0.1.1 … 127.0.1.254, 127.0.2.1 …"""
    if index < 255:
        return f"127.0.0.{index}"
    block, offset = divmod(index - 255, PER_BLOCK)
    if block + 1 > 255:
        raise ValueError(f"no loopback address {index}: at most {255 + 255 * PER_BLOCK}")
    return f"127.0.{block + 1}.{offset + 1}"


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64
    idle_timeout: float | None = None

    def __init__(self, address: tuple[str, int], handler, site: FaultSite, host: Host | None = None) -> None:
        self.site, self.host = site, host
        super().__init__(address, handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind asks DNS for the address's name (socket.getfqdn): seconds per 127.0.x.y.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001
        pass


@contextmanager
def serve_fault_site(hosts: list[Host], idle_timeout: float | None = None) -> Iterator[FaultSite]:
    """Every host on its own loopback address and one port; traps on another port and address.

    `idle_timeout`: seconds after which the server closes a kept-alive connection that sent nothing
    (a crawl of thousands of hosts otherwise keeps a serving thread per connection it pooled, for minutes).
    """
    for n, host in enumerate(hosts):
        host.address = loopback_address(FIRST_ADDRESS + n)
    trap_address = loopback_address(FIRST_ADDRESS + len(hosts))
    served = [h for h in hosts if h.kind != "unreachable"]
    for _ in range(20):
        servers: list[SiteServer] = []
        try:
            first = SiteServer((served[0].address, 0), Handler, None, served[0])  # type: ignore[arg-type]
            port = first.server_address[1]
            trap = SiteServer((served[0].address, 0), TrapHandler, None)  # type: ignore[arg-type]
            servers = [first, trap]
            site = FaultSite(hosts, port, trap.server_address[1], trap_address)
            servers += [SiteServer((h.address, port), Handler, site, h) for h in served[1:]]
            servers.append(SiteServer((trap_address, trap.server_address[1]), TrapHandler, site))
            for server in servers:
                server.idle_timeout = idle_timeout
            first.site = trap.site = site
            break
        except OSError:
            for server in servers:
                server.server_close()
    else:
        raise RuntimeError("no free port for the fault site")
    stop = threading.Event()
    acceptor = threading.Thread(target=accept_all, args=(servers, stop), daemon=True)
    acceptor.start()
    try:
        yield site
    finally:
        stop.set()
        acceptor.join(timeout=10)
        for server in servers:
            server.server_close()


def accept_all(servers: list[SiteServer], stop: threading.Event) -> None:
    """One thread for every listening socket (not one polling thread per host, which costs CPU at 1,000 hosts)."""
    with selectors.DefaultSelector() as selector:
        for server in servers:
            selector.register(server, selectors.EVENT_READ)
        while not stop.is_set():
            for key, _ in selector.select(0.05):
                key.fileobj._handle_request_noblock()  # accept; ThreadingMixIn serves it in a thread
