# SPDX-License-Identifier: MIT
"""Logs the way public JSON-RPC providers allow them (issue 36).

A public provider refuses an `eth_getLogs` that asks too much, each in its own words: too many
blocks ("exceed maximum block range: 1000", "range 20001 exceeds limit of 10000", "block range is
too large", "eth_getLogs and eth_newFilter are limited to a 10,000 blocks range"), too many
results ("query returned more than 10000 results", "Log response size exceeded ... this block
range should work: [0x.., 0x..]", code -32005), too many addresses in one filter ("exceed max
addresses"), and too many requests (HTTP 429, code 429 or -32007). `LogReader` asks in ranges that
follow those answers:

- the address list goes in chunks of `max_addresses` (default 10);
- a range refused as too large is cut to the range or the limit the answer names, else halved;
  when the answer blames the block range, that size is the largest range from then on; when it
  blames the results, the range grows back (doubling, up to the largest) once a few answers
  came back with fewer than `grow_below` logs;
- a rate-limited request is asked again after an exponential backoff (`PatientHTTPProvider` does
  the same for every method).
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import requests
from web3 import HTTPProvider, Web3
from web3.exceptions import Web3RPCError

log = logging.getLogger(__name__)

RATE, RANGE, RESULTS, ADDRESSES = "rate", "range", "results", "addresses"

_RATE = re.compile(
    r"rate limit|rate exceeded|too many requests|request limit|compute units|capacity|throughput",
    re.I,
)
_ADDRESSES = re.compile(
    r"address(es)?\b.*\b(max|limit|too many|exceed)"
    r"|\b(max|limit|too many|exceed|less)\b.*\baddress",
    re.I,
)
_RESULTS = re.compile(
    r"more than [\d,]+ (results|logs)|too many (results|logs)|response size|timeout|timed out",
    re.I,
)
_RANGE = re.compile(
    r"block range|blocks range|range (is )?too|range \d+|range limit|exceeds limit|"
    r"limited to an? [\d,]+|too (wide|large|big)|maximum block",
    re.I,
)
# "this block range should work: [0x5, 0x1f3]", "Try with this block range [0x5, 0x1f3]."
_SUGGESTED = re.compile(r"\[\s*(0x[0-9a-f]+)\s*,\s*(0x[0-9a-f]+)\s*\]", re.I)
# "maximum block range: 1000", "exceeds limit of 10000", "range limit 2000", "limited to a 10,000"
_NAMED_LIMIT = re.compile(
    r"(?:maximum block range:?|range limit|exceeds limit of|limited to an?|max(?:imum)? is)"
    r"\s*([\d,]+)\s*(k?)\b",
    re.I,
)


def limit_of(code: Any, text: str, status: int | None = None) -> str | None:
    """Which limit a refusal names: RATE, ADDRESSES, RESULTS, RANGE, or None (another error)."""
    if status == 429 or code in (429, -32007) or _RATE.search(text):
        return RATE
    if _ADDRESSES.search(text):
        return ADDRESSES
    if _RESULTS.search(text):
        return RESULTS
    if _RANGE.search(text):
        return RANGE
    if code == -32005 or status == 413:  # "limit exceeded", without a word on which
        return RESULTS
    return None


def hinted_span(text: str, start: int) -> int | None:
    """The range size a refusal suggests for a request from `start`, if it names one."""
    suggested = _SUGGESTED.search(text)
    if suggested and int(suggested[1], 16) == start and int(suggested[2], 16) >= start:
        return int(suggested[2], 16) - start + 1
    named = _NAMED_LIMIT.search(text)
    if named:
        size = int(named[1].replace(",", "")) * (1000 if named[2] else 1)
        return size or None
    return None


def describe(exc: BaseException) -> tuple[Any, str, int | None]:
    """(code, text, HTTP status) of a failed request: the JSON-RPC error's code, its message and
    data, or an HTTP error's status and body."""
    if isinstance(exc, Web3RPCError):
        error = (exc.rpc_response or {}).get("error") or {}
        if isinstance(error, dict):
            data = error.get("data")
            text = str(error.get("message", "")) + (f" {json.dumps(data)}" if data else "")
            return error.get("code"), text, None
        return None, str(error), None
    if isinstance(exc, requests.HTTPError) and exc.response is not None:
        return None, exc.response.text, exc.response.status_code
    return None, str(exc), None


class LimitError(Exception):
    """A provider refused a request as too large (`kind`: RANGE, RESULTS or ADDRESSES)."""

    def __init__(self, kind: str, text: str, hint: int | None) -> None:
        super().__init__(f"{kind}: {text}")
        self.kind, self.text, self.hint = kind, text, hint


def backoff_delay(attempt: int, base: float, most: float, retry_after: str | None = None) -> float:
    """Seconds to wait before the `attempt`-th retry (0 first): Retry-After when the answer has
    one, else `base` doubled each time, at most `most`."""
    if retry_after:
        try:
            return min(most, max(0.0, float(retry_after)))
        except ValueError:
            pass
    return min(most, base * 2**attempt)


@dataclass
class LogReader:
    """`eth_getLogs` in chunks of addresses and ranges that follow what the provider accepts.
    `span` is the size of the next range, `max_span` the largest; both start at the range the
    caller configures. `stats` counts requests, refusals by kind and rate-limited answers."""

    w3: Web3
    span: int = 2000
    max_span: int = 2000
    max_addresses: int = 10
    grow_below: int = 1000
    hold_after_refusal: int = 4
    retries: int = 8
    backoff: float = 0.5
    max_backoff: float = 30.0
    sleep: Callable[[float], None] = time.sleep
    stats: Counter = field(default_factory=Counter)
    _hold: int = field(default=0, init=False)

    def logs(
        self, addresses: Sequence[str], start: int, end: int, grow: bool = True
    ) -> tuple[list[Any], int]:
        """The logs of `addresses` from `start` to `end`, or to an earlier block when the provider
        refuses so long a range, ordered by block and index; and the last block they cover (at
        least `start`). `grow=False` leaves the range as it is after a small answer (a caller that
        reads more address lists over the same range grows it once, after the last)."""
        end = min(end, start + self.span - 1)
        chunks = [
            list(addresses[i : i + self.max_addresses])
            for i in range(0, len(addresses), self.max_addresses)
        ]
        found: list[Any] = []
        largest = 0
        while chunks:
            try:
                got = self._get(chunks[0], start, end)
            except LimitError as refusal:
                if len(chunks[0]) > 1 and (refusal.kind == ADDRESSES or end == start):
                    # too many addresses, or one block's logs of all of them: fewer at once
                    half = len(chunks[0]) // 2
                    if refusal.kind == ADDRESSES and half < self.max_addresses:
                        self.max_addresses = half
                        log.info("the provider takes fewer addresses: %d per filter", half)
                    chunks[0:1] = [chunks[0][:half], chunks[0][half:]]
                    continue
                if refusal.kind == ADDRESSES or end == start:
                    raise RuntimeError(
                        f"the provider refuses the logs of {len(chunks[0])} address(es) in block "
                        f"{start} alone ({refusal.text}); use another RPC"
                    ) from refusal
                end = start + self._shrink(refusal, end - start + 1) - 1
                found = [entry for entry in found if entry["blockNumber"] <= end]
                continue
            found += got
            largest = max(largest, len(got))
            chunks.pop(0)
        if grow:
            self.answered(largest)
        return sorted(found, key=lambda e: (e["blockNumber"], e["logIndex"])), end

    def answered(self, largest: int) -> None:
        """A range was read in full, its largest answer `largest` logs: grow the range when that
        is small (and a results refusal is a few answers back)."""
        if self._hold:
            self._hold -= 1
        elif largest < self.grow_below and self.span < self.max_span:
            self.span = min(2 * self.span, self.max_span)
            log.debug("small answers: ranges of %d blocks", self.span)

    def _shrink(self, refusal: LimitError, span: int) -> int:
        hint = refusal.hint
        size = max(1, hint if hint is not None and hint < span else span // 2)
        self.span = size
        self._hold = self.hold_after_refusal
        if refusal.kind == RANGE and size < self.max_span:
            self.max_span = size
            log.info(
                "the provider refused %d blocks (%s): ranges of at most %d blocks",
                span,
                refusal.text,
                size,
            )
        else:
            log.debug("the provider refused %d blocks (%s): %d", span, refusal.text, size)
        return size

    def _get(self, addresses: list[str], start: int, end: int) -> list[Any]:
        for attempt in range(self.retries + 1):
            self.stats["requests"] += 1
            try:
                return list(
                    self.w3.eth.get_logs(
                        {"fromBlock": start, "toBlock": end, "address": list(addresses)}
                    )
                )
            except (Web3RPCError, requests.HTTPError) as exc:
                code, text, status = describe(exc)
                kind = limit_of(code, text, status)
                if kind == RATE and attempt < self.retries:
                    self.stats["rate limited"] += 1
                    self.sleep(backoff_delay(attempt, self.backoff, self.max_backoff))
                    continue
                if kind in (RANGE, RESULTS, ADDRESSES):
                    self.stats[f"refused ({kind})"] += 1
                    raise LimitError(kind, text.strip(), hinted_span(text, start)) from exc
                raise
        raise AssertionError("unreachable")


class PatientHTTPProvider(HTTPProvider):
    """web3's HTTP provider for a reader on a public RPC: an answer "too many requests" (HTTP 429,
    or code 429 or -32007 in the body) is asked again after an exponential backoff (or what its
    Retry-After says), `retries` times, and so are connection errors and timeouts; any other HTTP
    error whose body is a JSON-RPC error is returned as that error (some providers answer a log
    range that is too long with HTTP 413), so its words reach the caller. `requests` counts the
    HTTP requests made, `rate_limited` the answers that said to wait."""

    def __init__(
        self,
        endpoint_uri: str,
        retries: int = 8,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        **kwargs: Any,
    ) -> None:
        super().__init__(endpoint_uri, exception_retry_configuration=None, **kwargs)
        self.retries, self.backoff, self.max_backoff, self.sleep = (
            retries,
            backoff,
            max_backoff,
            sleep,
        )
        self.requests = 0
        self.rate_limited = 0

    def make_request(self, method: Any, params: Any) -> Any:
        for attempt in range(self.retries + 1):
            self.requests += 1
            status, retry_after = 200, None
            try:
                response = super().make_request(method, params)
            except requests.HTTPError as exc:
                if exc.response is None:
                    raise
                answer = exc.response
                response = _rpc_error_in(answer)
                status, retry_after = answer.status_code, answer.headers.get("Retry-After")
                if status != 429 and response is None:
                    raise
            except (requests.ConnectionError, requests.Timeout):
                if attempt == self.retries:
                    raise
                self.sleep(backoff_delay(attempt, self.backoff, self.max_backoff))
                continue
            if status != 429 and not _rate_limited(response):
                return response
            if attempt == self.retries:
                if response is not None:
                    return response
                raise requests.HTTPError(f"{method}: HTTP 429 after {attempt} retries")
            self.rate_limited += 1
            log.debug("%s rate limited; retry %d", method, attempt + 1)
            self.sleep(backoff_delay(attempt, self.backoff, self.max_backoff, retry_after))
        raise AssertionError("unreachable")


def _rpc_error_in(answer: requests.Response | None) -> dict | None:
    """The JSON-RPC error an HTTP error answer carries, if it carries one."""
    if answer is None:
        return None
    try:
        body = answer.json()
    except ValueError:
        return None
    if isinstance(body, list) and len(body) == 1:
        body = body[0]
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return {"jsonrpc": "2.0", "id": body.get("id"), "error": body["error"]}
    return None


def _rate_limited(response: Any) -> bool:
    error = response.get("error") if isinstance(response, dict) else None
    if not isinstance(error, dict):
        return False
    return limit_of(error.get("code"), str(error.get("message", ""))) == RATE
