"""The generated site itself: past 127.0.0.254 its hosts go on 127.0.1.1 …, one agency per origin still."""

from __future__ import annotations

import socket
import time
import urllib.request

import pytest

from tests.faultsite import FIRST_ADDRESS, Host, loopback_address, serve_fault_site


def test_addresses_go_past_the_last_octet_without_network_or_broadcast_addresses() -> None:
    assert loopback_address(FIRST_ADDRESS) == "127.0.0.40"
    assert loopback_address(254) == "127.0.0.254"
    assert loopback_address(255) == "127.0.1.1"
    assert loopback_address(255 + 253) == "127.0.1.254"
    assert loopback_address(255 + 254) == "127.0.2.1"
    addresses = [loopback_address(FIRST_ADDRESS + n) for n in range(5000)]
    assert len(set(addresses)) == 5000
    assert not any(a.endswith((".0", ".255")) for a in addresses)
    with pytest.raises(ValueError):
        loopback_address(255 + 255 * 254)


def test_a_site_of_300_agencies_serves_each_on_its_own_address() -> None:
    hosts = [Host(f"规模{n:03d}局", "reports", years=range(2023, 2025)) for n in range(300)]
    with serve_fault_site(hosts) as site:
        assert len({h.address for h in hosts} | {site.trap_address}) == 301
        for host in (hosts[0], hosts[250], hosts[-1]):
            page = urllib.request.urlopen(site.url(host, "/nb/2024.html"), timeout=10).read().decode()
            assert host.title(2024) in page
        assert site.hits[(hosts[-1].address, "/nb/2024.html")] == 1


def read_response(connection: socket.socket) -> bytes:
    """One whole HTTP response (headers and Content-Length body), however the server's writes arrive."""
    answer = b""
    while b"\r\n\r\n" not in answer:
        chunk = connection.recv(65536)
        assert chunk, f"closed before a whole response: {answer!r}"
        answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    length = int(next(line.split(b":", 1)[1] for line in head.split(b"\r\n")
                      if line.lower().startswith(b"content-length:")))
    while len(body) < length:
        chunk = connection.recv(65536)
        assert chunk, f"closed before the whole body: {answer!r}"
        body += chunk
    return answer[:len(head) + 4] + body


def test_an_idle_timeout_closes_kept_alive_connections_that_send_nothing() -> None:
    host = Host("闲置局", "reports", years=range(2024, 2025))
    with serve_fault_site([host], idle_timeout=0.2) as site:
        with socket.create_connection((host.address, site.port), timeout=5) as connection:
            connection.sendall(f"GET /robots.txt HTTP/1.1\r\nHost: {host.address}\r\n\r\n".encode())
            answer = read_response(connection)
            assert answer.startswith(b"HTTP/1.1 200")
            time.sleep(0.5)
            assert connection.recv(65536) == b""  # closed by the server
