# SPDX-License-Identifier: MIT
"""The inbox as a JSON feed on 127.0.0.1, for the dApp: `GET /inbox/<address>` (notices, oldest
first) and `GET /my-data/<address>` (grants, their uses, revocations). Read-only; CORS open so a
static page served from anywhere on this machine can read it."""

from __future__ import annotations

import json
import re
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cobuild.routing.store import Store

_ROUTE = re.compile(r"^/(inbox|my-data)/(0x[0-9a-fA-F]{40})/?$")


def send_json(handler: BaseHTTPRequestHandler, status: int, body: object) -> None:
    """Answer `handler`'s request with `body` as JSON, readable from any origin (a dApp's page)."""
    data = json.dumps(body).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Access-Control-Allow-Origin", "*")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


def make_server(db: str | Path, port: int = 0) -> ThreadingHTTPServer:
    """A server bound to 127.0.0.1:`port` (0 = any free port; see `server.server_address`)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            match = _ROUTE.match(self.path)
            if match is None:
                self._send(404, {"error": "use /inbox/<address> or /my-data/<address>"})
                return
            store = Store(db)
            try:
                what, address = match.groups()
                body = store.inbox(address) if what == "inbox" else store.my_data(address)
            finally:
                store.close()
            self._send(200, body)

        def _send(self, status: int, body: object) -> None:
            send_json(self, status, body)

        def log_message(self, *args: object) -> None:  # quiet
            return

    return ThreadingHTTPServer(("127.0.0.1", port), Handler)
