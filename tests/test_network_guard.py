"""The suite's network guard (conftest.py) is real: a connection beyond loopback fails, loopback works."""
from __future__ import annotations

import socket
import threading

import pytest

from conftest import NetworkAccessError


@pytest.mark.parametrize("address", [("192.0.2.1", 80), ("10.1.2.3", 443), ("2001:db8::1", 80)])
def test_a_connection_beyond_loopback_is_refused(address):
    family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        with pytest.raises(NetworkAccessError):
            s.connect(address)


def test_a_dns_lookup_is_refused():
    with pytest.raises(NetworkAccessError):
        socket.getaddrinfo("example.org", 443)


def test_loopback_connections_work():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    accepted = []
    thread = threading.Thread(target=lambda: accepted.append(server.accept()[0]))
    thread.start()
    with socket.create_connection(("localhost", port), timeout=5):
        thread.join(5)
    assert accepted
    accepted[0].close()
    server.close()
