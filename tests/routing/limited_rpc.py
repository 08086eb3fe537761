# SPDX-License-Identifier: MIT
"""A JSON-RPC proxy in front of a node that answers like a public provider (issue 36): it refuses
an `eth_getLogs` over more than `max_blocks` blocks, with more than `max_addresses` addresses or
more than `max_logs` results, in the words real providers use (the texts rotate), and answers
HTTP 429 to a share of the requests, drawn from a seeded generator (the same run of requests
gets the same 429s). Everything else goes to the node unchanged, batches element by element.

The refusals, as providers word them (code, text):
- range: erigon and BNB Chain's -32000 "exceed maximum block range: N"; Infura's -32602 "range R
  exceeds limit of N"; a bare -32000 "block range is too large" (no limit named); QuickNode's
  "eth_getLogs and eth_newFilter are limited to a N blocks range" with HTTP 413; Tenderly's
  -32602 "invalid params" with the reason only in `data`;
- results: geth and Infura's -32005 "query returned more than N results"; Alchemy's -32602 "Log
  response size exceeded. ... this block range should work: [a, b]"; zkSync's -32602 "Query
  returned more than N results. Try with this block range [a, b].";
- addresses: geth's -32000 "exceed max addresses";
- rate: HTTP 429 with Alchemy's code 429 "... exceeded its compute units per second capacity",
  or with Infura's -32005 "project ID request rate exceeded".
"""

from __future__ import annotations

import json
import random
import threading
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import requests

from cobuild.routing.feed import send_json


@dataclass(frozen=True)
class Limits:
    max_blocks: int = 1000
    max_addresses: int = 10
    max_logs: int = 500
    rate_limited: float = 0.05  # share of HTTP requests answered 429
    seed: int = 36


class LimitedRpc:
    """`with LimitedRpc(upstream, Limits()) as rpc:` serves on `rpc.url`; `rpc.counts` counts the
    HTTP requests, the calls by method, the refusals by kind and the 429s."""

    def __init__(self, upstream: str, limits: Limits = Limits()) -> None:
        self.upstream, self.limits = upstream, limits
        self.counts: Counter = Counter()
        self._random = random.Random(limits.seed)
        self._lock = threading.Lock()
        self._session = threading.local()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                send_json(self, *proxy.answer(body))

            def do_OPTIONS(self) -> None:  # the dApp's CORS preflight
                self.send_response(204)
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Access-Control-Allow-Methods", "POST, OPTIONS")
                self.send_header("Access-Control-Allow-Headers", "content-type")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> LimitedRpc:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # ---------------------------------------------------------------- answers

    def answer(self, body: Any) -> tuple[int, Any]:
        calls = body if isinstance(body, list) else [body]
        with self._lock:
            self.counts["http requests"] += 1
            self.counts["calls"] += len(calls)
            for call in calls:
                self.counts[f"calls {call.get('method')}"] += 1
            limited = self._random.random() < self.limits.rate_limited
            if limited:
                self.counts["429"] += 1
                turn = self.counts["429"]
        if limited:
            first = calls[0].get("id")
            if turn % 2:
                text = "Your app has exceeded its compute units per second capacity."
                return 429, _error(first, 429, text)
            return 429, _error(first, -32005, "project ID request rate exceeded")
        answers = [
            self._get_logs(call) if call.get("method") == "eth_getLogs" else self._pass(call)
            for call in calls
        ]
        if isinstance(body, list):  # a batch is answered 200, each refusal in its element
            return 200, [answer for _, answer in answers]
        return answers[0]

    def _pass(self, call: dict) -> tuple[int, Any]:
        return 200, self._forward(call)

    def _forward(self, call: dict) -> Any:
        session = getattr(self._session, "value", None)
        if session is None:
            session = self._session.value = requests.Session()
        return session.post(self.upstream, json=call, timeout=60).json()

    def _get_logs(self, call: dict) -> tuple[int, dict]:
        """(HTTP status, answer) of an eth_getLogs: the node's, or a refusal when it asks more
        than the limits allow."""
        limits, ident = self.limits, call.get("id")
        (query,) = call["params"]
        if "blockHash" in query:
            return 200, self._forward(call)
        addresses = query.get("address") or []
        addresses = [addresses] if isinstance(addresses, str) else addresses
        if len(addresses) > limits.max_addresses:
            self._count("addresses")
            return 200, _error(ident, -32000, "exceed max addresses")
        first, last = self._block(query.get("fromBlock")), self._block(query.get("toBlock"))
        blocks = last - first + 1
        if blocks > limits.max_blocks:
            turn, n = self._count("range"), limits.max_blocks
            texts = [
                (200, -32000, f"exceed maximum block range: {n}", None),
                (200, -32602, f"range {blocks} exceeds limit of {n}", None),
                (200, -32000, "block range is too large", None),
                (
                    413,
                    -32602,
                    f"eth_getLogs and eth_newFilter are limited to a {n:,} blocks range",
                    None,
                ),
                (
                    200,
                    -32602,
                    "invalid params",
                    {"payload": f"range {blocks} is bigger than range limit {n}"},
                ),
            ]
            http, code, text, data = texts[turn % len(texts)]
            return http, _error(ident, code, text, data)
        result = self._forward(call)
        logs = result.get("result") or []
        if len(logs) <= limits.max_logs:
            return 200, result
        turn, n = self._count("results"), limits.max_logs
        # the range that would have answered: up to the block before the (n+1)-th log's
        fits = max(first, int(logs[n]["blockNumber"], 16) - 1)
        suggested = f"[{hex(first)}, {hex(fits)}]"
        texts = [
            (-32005, f"query returned more than {n} results"),
            (
                -32602,
                "Log response size exceeded. You can make eth_getLogs requests with up to a "
                f"{limits.max_blocks} block range and no limit on the response size, or you can "
                f"request any block range with a cap of {n} logs in the response. Based on your "
                f"parameters, this block range should work: {suggested}",
            ),
            (
                -32602,
                f"Query returned more than {n} results. Try with this block range {suggested}.",
            ),
        ]
        code, text = texts[turn % len(texts)]
        return 200, _error(ident, code, text)

    def _count(self, kind: str) -> int:
        with self._lock:
            self.counts[f"refused {kind}"] += 1
            return self.counts[f"refused {kind}"]

    def _block(self, tag: Any) -> int:
        if tag in (None, "latest", "safe", "finalized", "pending"):
            answer = self._forward({"jsonrpc": "2.0", "id": 0, "method": "eth_blockNumber"})
            return int(answer["result"], 16)
        if tag == "earliest":
            return 0
        return int(tag, 16) if isinstance(tag, str) else int(tag)


def _error(ident: Any, code: int, message: str, data: Any = None) -> dict:
    error: dict[str, Any] = {"code": code, "message": message}
    if data is not None:
        error["data"] = data
    return {"jsonrpc": "2.0", "id": ident, "error": error}
