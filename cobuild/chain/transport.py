# SPDX-License-Identifier: MIT
"""JSON-RPC over HTTP to a node on this machine, on one kept-alive connection per thread.

web3's HTTP provider posts through `requests`, which costs most of a request's time to a node on
this machine: `eth_blockNumber` through web3's provider to an idle anvil takes 1.35 ms through
`requests` and 0.43 ms through this module (3,000 requests, best of three), and the seed's run
alone sends about 14,000 requests. `post` sends one with `http.client` instead; under brownie
(tests, console, the commands that run through it) the `transport` patch of
cobuild/brownie_adapter routes web3's posts to a loopback `http://` endpoint through it. Errors
keep the types web3 and brownie expect from `requests`: a refused or dropped connection is a
`requests.ConnectionError` (so `is_connected()` answers False while a node starts), a timeout a
`requests.Timeout`, and an HTTP error status a `requests.HTTPError`.
"""

from __future__ import annotations

import http.client
import os
import select
import threading
from collections.abc import Mapping
from urllib.parse import urlsplit

import requests

LOOPBACK = ("127.0.0.1", "localhost", "::1")

Endpoint = tuple[str, int, str]  # host, port, path

_local = threading.local()


def loopback_endpoint(uri: str) -> Endpoint | None:
    """(host, port, path) of a plain-HTTP endpoint on this machine, else None."""
    parts = urlsplit(str(uri))
    if parts.scheme != "http" or parts.hostname not in LOOPBACK or parts.username:
        return None
    path = parts.path or "/"
    return parts.hostname, parts.port or 80, path + (f"?{parts.query}" if parts.query else "")


def _connections() -> dict[tuple[int, str, int], http.client.HTTPConnection]:
    # keyed by process too: a forked child must not share its parent's socket
    if not hasattr(_local, "connections"):
        _local.connections = {}
    return _local.connections


def _dropped(connection: http.client.HTTPConnection) -> bool:
    """Whether the node closed a kept-alive connection (it is readable while no request is out)."""
    sock = connection.sock
    if sock is None:
        return True
    readable, _, _ = select.select([sock], [], [], 0)
    return bool(readable)


def _connection(host: str, port: int, timeout: float | None) -> http.client.HTTPConnection:
    key = (os.getpid(), host, port)
    connections = _connections()
    connection = connections.get(key)
    if connection is not None and _dropped(connection):
        connection.close()
        connection = None
    if connection is None:
        connection = http.client.HTTPConnection(host, port, timeout=timeout)
        connection.connect()
        connections[key] = connection
    elif connection.timeout != timeout:
        connection.timeout = timeout
        connection.sock.settimeout(timeout)
    return connection


def _forget(host: str, port: int) -> None:
    connection = _connections().pop((os.getpid(), host, port), None)
    if connection is not None:
        connection.close()


def post(
    endpoint: Endpoint, data: bytes, headers: Mapping[str, str], timeout: float | None
) -> bytes:
    """POST `data` to `endpoint`; the body of the answer. Not retried: a post that failed after
    it was sent may have been carried out (a transaction), so the caller decides."""
    host, port, path = endpoint
    try:
        connection = _connection(host, port, timeout)
        connection.request("POST", path, body=data, headers=dict(headers))
        response = connection.getresponse()
        body = response.read()
    except TimeoutError as e:
        _forget(host, port)
        raise requests.Timeout(f"http://{host}:{port}{path}: {e}") from e
    except (OSError, http.client.HTTPException) as e:
        _forget(host, port)
        raise requests.ConnectionError(f"http://{host}:{port}{path}: {e!r}") from e
    if response.will_close:
        _forget(host, port)
    if response.status >= 400:
        # with the answer, as `requests` gives it: its status, headers (Retry-After) and body
        # (a JSON-RPC error some providers send with HTTP 413 or 429)
        answer = requests.Response()
        answer.status_code, answer.reason = response.status, response.reason
        answer.url = f"http://{host}:{port}{path}"
        answer.headers.update(response.getheaders())
        answer._content = body
        raise requests.HTTPError(
            f"{response.status} {response.reason} for url: {answer.url}", response=answer
        )
    return body
