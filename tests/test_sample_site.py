"""The bundled sample site and its server: what the spider's end-to-end tests stand on."""

from __future__ import annotations

import csv
import http.client
import io
import json
import re
import socket
from urllib.parse import urlencode, urlsplit

import pytest

from devtools.sample_site import SITE_ROOT, serve_sample_site

COOKIE = {"Cookie": "__jsl_clearance=ok"}
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def fetch(url: str, method: str = "GET", headers: dict[str, str] | None = None,
          body: bytes | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(method, target, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def site():
    with serve_sample_site() as running:
        yield running


@pytest.fixture(scope="module")
def expected(site) -> dict:
    return site.expected()


def agency(expected: dict, key: str) -> dict:
    return next(a for a in expected["agencies"] if a["key"] == key)


def cookies_for(expected: dict, url: str) -> dict[str, str]:
    host = urlsplit(url).netloc
    challenged = {urlsplit(a["homepage"]).netloc for a in expected["agencies"] if a["needs_browser"]["all_pages"]}
    return COOKIE if host in challenged else {}


# -- the server -------------------------------------------------------------------------

def test_the_server_starts_on_one_address_per_host_and_stops():
    with serve_sample_site() as site:
        addresses = [a.split(":")[0] for a in site.hosts.values()]
        ports = {a.split(":")[1] for a in site.hosts.values()}
        assert len(site.hosts) >= 5 and len(set(addresses)) == len(addresses) and len(ports) == 1
        assert all(a.startswith("127.0.0.") and a != "127.0.0.1" for a in addresses)
        first = next(iter(site.hosts.values()))
        assert fetch(f"http://{first}/robots.txt")[0] == 200
    host, port = first.split(":")
    with pytest.raises(OSError), socket.create_connection((host, int(port)), timeout=1):
        pass


def test_every_host_serves_a_homepage_and_robots_txt(site, expected):
    assert set(site.hosts) == {a["key"] for a in expected["agencies"]}
    for key in site.hosts:
        status, headers, body = fetch(site.url(key, "/robots.txt"))
        assert status == 200 and headers["Content-Type"].startswith("text/plain")
        assert body == b"User-agent: *\nDisallow: /admin/\n"
        status, headers, body = fetch(site.url(key, "/"), headers=COOKIE)
        assert status == 200 and headers["Content-Type"].startswith("text/html")
        assert re.search("政务公开|信息公开".encode(), body) or re.search("政务公开|信息公开".encode("gbk"), body)
        for url in agency(expected, key)["robots_disallowed"]:
            assert fetch(url, headers=COOKIE)[0] == 200  # it exists: only robots.txt keeps a crawler out


def test_the_challenge_host_answers_412_without_the_cookie(site, expected):
    key = next(a["key"] for a in expected["agencies"] if a["needs_browser"]["all_pages"])
    for method in ("GET", "HEAD"):
        status, headers, body = fetch(site.url(key, "/"), method)
        assert status == 412 and headers["Content-Type"].startswith("text/html")
    status, _, body = fetch(site.url(key, "/no/such/page.html"))
    assert status == 412 and b"document.cookie" in body and b"location" in body
    assert b"__jsl_" in body and b"clearance=" in body
    assert fetch(site.url(key, "/"), headers={"Cookie": "a=1; __jsl_clearance=ok; b=2"})[0] == 200
    assert fetch(site.url(key, "/"), headers={"Cookie": "__jsl_clearance=no"})[0] == 412
    assert fetch(site.url(key, "/robots.txt"))[0] == 200
    others = [k for k in site.hosts if k != key]
    assert all(fetch(site.url(k, "/"))[0] == 200 for k in others)


def test_hanweb_dataproxy_returns_the_columns_records(site, expected):
    nk = agency(expected, "yjj.nk")
    column = next(c for c in nk["columns"] if c["records"] > c["perpage"])
    records = json.loads((SITE_ROOT / "yjj.nk" / "_host.json").read_text(encoding="utf-8"))["hanweb"][
        str(column["columnid"])]["records"]
    assert len(records) == column["records"]
    status, _, first = fetch(column["url"])
    embedded = re.findall(r"<record><!\[CDATA\[\s*(.*?)\s*\]\]></record>", first.decode("utf-8"), re.S)
    assert status == 200 and b'<script type="text/xml">' in first and embedded == records[:column["perpage"]]
    assert f"<totalrecord>{len(records)}</totalrecord>".encode() in first

    query = {"startrecord": 16, "endrecord": 20, "perpage": 15, "columnid": column["columnid"]}
    proxy = site.url("yjj.nk", "/module/web/jpage/dataproxy.jsp")
    status, headers, body = fetch(f"{proxy}?{urlencode(query)}")
    text = body.decode("utf-8")
    assert status == 200 and "xml" in headers["Content-Type"]
    assert re.findall(r"<record><!\[CDATA\[\s*(.*?)\s*\]\]></record>", text, re.S) == records[15:20]
    assert f"<totalrecord>{len(records)}</totalrecord>" in text
    form = urlencode({**query, "col": 1, "appid": 1, "webid": 1, "path": "/"}).encode()
    status, _, posted = fetch(f"{proxy}?startrecord=16&endrecord=20&perpage=15", "POST",
                              {"Content-Type": "application/x-www-form-urlencoded"}, form)
    assert status == 200 and posted == body
    hidden = [s["url"] for r in nk["reports"] for s in r["sources"] if "dataproxy" in (s.get("note") or "")]
    assert hidden and all(urlsplit(u).path in text for u in hidden) and not any(urlsplit(u).path.encode() in first
                                                                              for u in hidden)
    empty = fetch(f"{proxy}?startrecord=1&endrecord=15&perpage=15&columnid=999")[2].decode()
    assert "<totalrecord>0</totalrecord>" in empty and "<record>" not in empty


def test_conditional_get_answers_304(site, expected):
    url = agency(expected, "yjj.cz")["reports"][0]["urls"][0]
    status, headers, body = fetch(url)
    assert status == 200 and headers["ETag"] and headers["Last-Modified"] and body
    for condition in ({"If-None-Match": headers["ETag"]}, {"If-Modified-Since": headers["Last-Modified"]},
                      {"If-None-Match": f'"x", {headers["ETag"]}'}):
        status, again, body = fetch(url, headers=condition)
        assert status == 304 and body == b"" and again["ETag"] == headers["ETag"]
    assert fetch(url, headers={"If-None-Match": '"other"', "If-Modified-Since": headers["Last-Modified"]})[0] == 200
    assert fetch(url, headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})[0] == 200
    status, head, body = fetch(url, "HEAD")
    assert status == 200 and body == b"" and head["Content-Length"] == headers["Content-Length"]


def test_charsets_paging_and_missing_pages(site, expected):
    for report in (r for a in expected["agencies"] for r in a["reports"]):
        for source in report["sources"]:
            if source["kind"] != "html":
                continue
            kind = fetch(source["url"], headers=cookies_for(expected, source["url"]))[1]["Content-Type"]
            if source["encoding"] == "gbk":
                assert kind == "text/html", source["url"]  # GBK bytes, no charset anywhere
            elif source["encoding"] == "utf-8":
                assert kind == "text/html; charset=utf-8", source["url"]
            else:
                assert kind == "text/html; charset=utf-8", "seed004_twice keeps its lying header"
    cz = agency(expected, "yjj.cz")["columns"][0]
    pages = [fetch(u)[2] for u in cz["pages"]]
    assert len(pages) == 3 and len(set(pages)) == 3 and all("下一页".encode() in p for p in pages)
    assert fetch(cz["url"] + "?page=2")[2] == pages[1] and fetch(cz["url"] + "?page=9")[0] == 404
    lps = agency(expected, "yjj.lps")["columns"][0]
    first = fetch(lps["url"])[2]
    assert b'createPageHTML(3, 0, "index", "html")' in first and len(lps["pages"]) == 3
    assert all(fetch(u)[0] == 200 for u in lps["pages"])
    sc = agency(expected, "yjt.sc")
    raw = fetch(sc["columns"][0]["url"])[2].decode("utf-8")
    assert sc["needs_browser"]["pages"] == [sc["columns"][0]["url"]]
    assert '<ul class="list" id="xxgkList"></ul>' in raw and "var listData = [" in raw and "appendChild" in raw
    paths = [urlsplit(u).path for r in sc["reports"] for u in r["urls"]]
    assert all(f'"{p}"' in raw and f'href="{p}"' not in raw for p in paths)  # in the JSON, in no anchor
    key = "yjj.rz"
    assert fetch(site.url(key, "/no/such/page.html"))[0] == 404
    assert fetch(site.url(key, "/_host.json"))[0] == 404
    assert fetch(site.url(key, "/contents/../_host.json"))[0] == 404
    status, headers, _ = fetch(site.url(key, "/zwgk"))
    assert status == 301 and headers["Location"] == "/zwgk/"


def test_every_report_url_is_served_and_parses(site, expected, parser):
    assert expected["totals"]["reports"] >= 10 and len({a["province"] for a in expected["agencies"]}) >= 3
    kinds = set()
    for entry in expected["agencies"]:
        for report in entry["reports"]:
            bodies = []
            for source in report["sources"]:
                url = source["url"]
                status, headers, body = fetch(url, headers=cookies_for(expected, url))
                assert status == 200, url
                kinds.add(source["kind"])
                if source["kind"] == "docx":
                    assert headers["Content-Type"] == DOCX_TYPE and body.startswith(b"PK\x03\x04") and b"word/" in body
                    continue
                if source["kind"] == "pdf":
                    assert headers["Content-Type"] == "application/pdf" and body.startswith(b"%PDF-")
                    continue
                parsed = parser.parse_bytes(body, url, headers["Content-Type"])
                if parsed.wanted_images:  # as the crawl does: the body's pictures fetched, the page read again
                    images = {u: fetch(u, headers=cookies_for(expected, u))[2] for u in parsed.wanted_images}
                    parsed = parser.parse_bytes(body, url, headers["Content-Type"], images=images)
                assert parsed.status == "parsed" and parsed.year == report["year"], (url, parsed.status, parsed.reason)
                found = {}
                for code in report["numbers"]:
                    table, row, column = code.split(".", 2) if code.count(".") == 2 else (*code.split("."), None)
                    cell = parsed.tables.get(table, {}).get(row, {}).get(column)
                    found[code] = None if cell is None else cell.value
                assert found == report["numbers"], url
                failed = sorted(c.check for c in parsed.checks if not c.ok)
                assert failed == report["failed_checks"], url
                assert parsed.agency == entry["agency"], (url, parsed.agency)
                bodies.append((source, body))
                if source.get("via"):
                    assert fetch(source["via"], headers=cookies_for(expected, url))[0] == 200
            same = [b for s, b in bodies if "same bytes" in (s.get("note") or "")]
            assert all(b == bodies[0][1] for b in same), report["title"]
    assert {"html", "docx", "pdf"} <= kinds


def test_every_noise_url_is_served(site, expected):
    kinds = set()
    for entry in expected["agencies"]:
        for item in entry["noise"]:
            assert fetch(item["url"], headers=cookies_for(expected, item["url"]))[0] == 200, item["url"]
            kinds.add(item["kind"])
    assert {"work_points", "compile_notice", "rule_of_law", "graphic", "news"} <= kinds


def test_the_registry_resolves_to_the_running_hosts(site, tmp_path):
    text = site.write_registry(tmp_path / "registry.csv").read_text(encoding="utf-8")
    assert "{host:" not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    columns = ("agency", "province", "city", "county", "level", "homepage", "column_url", "example_report_url",
               "report_year", "cms_hint", "evidence")
    assert tuple(rows[0]) == columns and len(rows) == len(site.hosts)
    assert sum(1 for r in rows if not r["column_url"]) >= 2 and len({r["province"] for r in rows}) >= 3
    for row in rows:
        assert urlsplit(row["homepage"]).netloc in site.hosts.values()
        for url in (row["homepage"], row["column_url"], row["example_report_url"]):
            if url:
                assert fetch(url, headers=COOKIE)[0] == 200, url
