"""Registry files as people save them (any common Chinese encoding), and URLs that are not a site."""

from __future__ import annotations

import pytest

from govreports.fetch.registry import RegistryError, load_registry, parse_registry
from govreports.fetch.scope import Scope, origin, site_origins

ROWS = ("agency,province,city,county,level,homepage,column_url\n"
        "某县应急管理局,四川省,成都市,某县,区县级,http://127.0.0.9:8080/,http://127.0.0.9:8080/nb/\n"
        "另一个局,四川省,,,市级,https://127.0.0.10/,\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be"])
def test_registry_files_in_any_common_chinese_encoding(tmp_path, encoding) -> None:
    path = tmp_path / f"registry-{encoding}.csv"
    path.write_bytes(ROWS.encode(encoding))
    agencies = {a.name: a for a in load_registry([path], bundled=False)}
    assert set(agencies) == {"某县应急管理局", "另一个局"}
    assert agencies["某县应急管理局"].county == "某县"
    assert agencies["某县应急管理局"].column_urls == ("http://127.0.0.9:8080/nb/",)


def test_bytes_in_no_known_encoding_are_a_clear_error(tmp_path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"agency,province,homepage\n\x81\x20\xff\xfe\x00,x,y\n" * 3)
    with pytest.raises(RegistryError, match="bad.csv: not UTF-8, UTF-16 or GB18030"):
        load_registry([path], bundled=False)


def test_urls_that_are_not_http_are_rejected_with_a_note() -> None:
    text = ("agency,province,homepage,column_url\n"
            "坏局,四川省,javascript:alert(1),ftp://127.0.0.9/nb/ http://127.0.0.9/nb/\n"
            "端口局,四川省,http://127.0.0.9:99999/,\n"
            "好局,四川省,http://127.0.0.11/,\n")
    bad, port, good = parse_registry(text)
    assert bad.homepage is None and bad.column_urls == ("http://127.0.0.9/nb/",)
    assert bad.rejected == ("homepage 'javascript:alert(1)' is not an http(s) URL",
                            "column_url 'ftp://127.0.0.9/nb/' is not an http(s) URL")
    assert port.homepage is None and port.start_urls == () and "99999" in port.rejected[0]
    assert good.homepage == "http://127.0.0.11/" and good.rejected == ()


def test_origins_are_scheme_host_and_port() -> None:
    assert origin("http://Example.gov.cn/a") == ("http", "example.gov.cn", 80)
    assert origin("https://example.gov.cn:8443/a") == ("https", "example.gov.cn", 8443)
    assert origin("http://127.0.0.9:8080/x?y=1") == ("http", "127.0.0.9", 8080)
    for url in ("ftp://example.gov.cn/a.pdf", "javascript:alert(1)", "mailto:a@b.cn", "data:text/html,x",
                "http:///nohost", "http://[::1", "http://h:99999/", ""):
        assert origin(url) is None, url


def test_the_scope_is_each_agencys_own_origins() -> None:
    agencies = parse_registry("agency,province,homepage,column_url,example_report_url\n"
                              "甲,四川省,http://127.0.0.9:8080/,http://127.0.0.9:8080/nb/,\n"
                              "乙,四川省,http://yjj.example.gov.cn/,,https://yjj.example.gov.cn/nb/1.html\n")
    scope = Scope.of(agencies)
    assert scope.allows("http://127.0.0.9:8080/nb/2.html", "甲")
    assert not scope.allows("http://127.0.0.9:8081/nb/2.html", "甲")  # another port of the same host
    assert not scope.allows("https://127.0.0.9:8080/nb/2.html", "甲")  # another scheme on that port
    assert not scope.allows("http://127.0.0.9:8080/nb/2.html", "乙")  # another agency's site
    assert scope.allows("http://127.0.0.9:8080/robots.txt", None)  # no agency: any registered origin
    assert not scope.allows("http://127.0.0.10:8080/", None)
    assert not scope.allows("ftp://127.0.0.9:8080/a.pdf", "甲")
    # A registered host on its default port is the same site over the other scheme's default port.
    assert site_origins(["http://yjj.example.gov.cn/"]) == {("http", "yjj.example.gov.cn", 80),
                                                            ("https", "yjj.example.gov.cn", 443)}
    assert scope.allows("https://yjj.example.gov.cn/nb/2.html", "乙")
    assert not scope.allows("https://yjj.example.gov.cn:8443/nb/2.html", "乙")
    assert not scope.allows("http://www.yjj.example.gov.cn/", "乙")  # a subdomain is another host
