# SPDX-License-Identifier: MIT
"""`cobuild.routing.logs.LogReader` against a fake provider with a public provider's limits
(issue 36): the rules one by one, without a chain. The fake holds a log every `every` blocks for
each address and refuses more than `max_blocks` blocks, `max_addresses` addresses or `max_logs`
logs, in the words given; `rate_limited` answers 429 first."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from web3.exceptions import Web3RPCError

from cobuild.routing.logs import LogReader, hinted_span, limit_of


class FakeProvider:
    def __init__(
        self,
        max_blocks=10**9,
        max_addresses=10**9,
        max_logs=10**9,
        every=1,
        range_text="block range is too large",
        results_text="query returned more than 10000 results",
        rate_limited=0,
    ):
        self.max_blocks, self.max_addresses, self.max_logs = max_blocks, max_addresses, max_logs
        self.every, self.range_text, self.results_text = every, range_text, results_text
        self.rate_limited = rate_limited
        self.asked: list[tuple[int, int, int]] = []  # (first, last, addresses) of every request

    def get_logs(self, query):
        first, last, addresses = query["fromBlock"], query["toBlock"], query["address"]
        self.asked.append((first, last, len(addresses)))
        if self.rate_limited:
            self.rate_limited -= 1
            raise _rpc_error(429, "Your app has exceeded its compute units per second capacity.")
        if len(addresses) > self.max_addresses:
            raise _rpc_error(-32000, "exceed max addresses")
        if last - first + 1 > self.max_blocks:
            raise _rpc_error(-32000, self.range_text)
        logs = [  # an address's log has the address's number as its index in the block
            {"blockNumber": b, "logIndex": int(a, 16), "address": a}
            for b in range(first, last + 1)
            if b % self.every == 0
            for a in addresses
        ]
        if len(logs) > self.max_logs:
            raise _rpc_error(-32005, self.results_text)
        return logs


def _rpc_error(code, message):
    error = {"code": code, "message": message}
    return Web3RPCError(repr(error), rpc_response={"jsonrpc": "2.0", "id": 1, "error": error})


def _reader(fake, **options):
    options = {"span": 2000, "max_span": 2000, "sleep": lambda _: None, **options}
    return LogReader(SimpleNamespace(eth=fake), **options)


def _all(reader, addresses, first, last):
    """Everything from first to last, range after range as the watcher asks; the ranges' ends."""
    found, ends = [], []
    while first <= last:
        logs, end = reader.logs(addresses, first, last)
        found += logs
        ends.append(end)
        first = end + 1
    return found, ends


ADDRESSES = [f"0x{i:040x}" for i in range(25)]


def test_a_normal_node_is_asked_in_chunks_of_ten_addresses_and_whole_ranges():
    fake = FakeProvider(every=100)
    reader = _reader(fake)
    found, ends = _all(reader, ADDRESSES, 0, 3999)
    assert ends == [1999, 3999]
    assert [n for _, _, n in fake.asked] == [10, 10, 5, 10, 10, 5]
    assert len(found) == 40 * 25
    assert found == sorted(found, key=lambda e: (e["blockNumber"], e["logIndex"]))


def test_a_range_limit_is_learnt_once_and_kept():
    fake = FakeProvider(max_blocks=500, every=50)
    reader = _reader(fake)
    found, ends = _all(reader, ADDRESSES[:3], 0, 4999)
    assert ends == list(range(499, 5000, 500))  # 2,000 refused, 1,000 refused, then 500 each
    assert reader.max_span == 500 and reader.stats["refused (range)"] == 2
    assert len(found) == 100 * 3


def test_a_limit_the_refusal_names_is_taken_at_once():
    fake = FakeProvider(max_blocks=300, range_text="exceed maximum block range: 300")
    reader = _reader(fake)
    _, ends = _all(reader, ADDRESSES[:1], 0, 899)
    assert ends == [299, 599, 899] and reader.stats["refused (range)"] == 1


def test_a_results_limit_cuts_the_range_for_a_while_then_it_grows_back():
    """A dense start (a log every block) halves the range twice; after sparse answers (a log
    every 100 blocks) and a hold of two answers it doubles back to the largest."""
    fake = FakeProvider(max_logs=600, every=1)
    reader = _reader(fake, hold_after_refusal=2)
    logs, end = reader.logs(ADDRESSES[:1], 0, 9999)
    assert end == 499 and len(logs) == 500 and reader.stats["refused (results)"] == 2
    fake.every = 100
    _, ends = _all(reader, ADDRESSES[:1], 500, 9999)
    sizes = [b - a for a, b in zip([499, *ends], ends, strict=False)]
    assert sizes[:4] == [500, 500, 1000, 2000]
    assert reader.span == reader.max_span == 2000  # results refusals do not stick


def test_too_many_addresses_are_split_and_the_count_kept():
    fake = FakeProvider(max_addresses=4)
    reader = _reader(fake, max_addresses=64)
    found, _ = _all(reader, ADDRESSES, 0, 9)
    assert len(found) == 10 * 25 and reader.max_addresses == 3
    asked = len(fake.asked)
    again, _ = _all(reader, ADDRESSES, 0, 9)  # the next range: chunks of 3 from the start
    assert again == found and [n for _, _, n in fake.asked[asked:]] == [3] * 8 + [1]


def test_one_crowded_block_splits_the_addresses_and_a_lone_address_there_is_an_error():
    fake = FakeProvider(max_logs=4, every=1)
    reader = _reader(fake)
    found, _ = _all(reader, ADDRESSES[:8], 7, 7)  # 8 logs in block 7: 4 addresses at a time
    assert len(found) == 8
    fake.max_logs = 0
    with pytest.raises(RuntimeError, match="in block 7 alone"):
        reader.logs(ADDRESSES[:1], 7, 7)


def test_rate_limited_answers_are_asked_again_after_a_backoff():
    waits = []
    fake = FakeProvider(rate_limited=3)
    reader = _reader(fake, sleep=waits.append, backoff=0.5)
    found, _ = _all(reader, ADDRESSES[:1], 0, 9)
    assert len(found) == 10 and waits == [0.5, 1.0, 2.0] and reader.stats["rate limited"] == 3


ALCHEMY = "Log response size exceeded. ... this block range should work: [0x64, 0x95]"
ZKSYNC = "Query returned more than 10000 results. Try with this block range [0x64, 0xc7]."
TENDERLY = 'invalid params {"payload": "range 9009594 is bigger than range limit 2000"}'
QUICKNODE = "eth_getLogs and eth_newFilter are limited to a 10,000 blocks range"


@pytest.mark.parametrize(
    ("code", "text", "kind", "hint"),
    [
        (-32005, "query returned more than 10000 results", "results", None),
        (-32602, ZKSYNC, "results", 100),
        (-32602, ALCHEMY, "results", 50),
        (-32000, "exceed maximum block range: 5000", "range", 5000),
        (-32602, "range 1000000 exceeds limit of 10000", "range", 10000),
        (-32602, QUICKNODE, "range", 10000),
        (-32602, TENDERLY, "range", 2000),
        (-32000, "block range is too large", "range", None),
        (-32000, "exceed max addresses", "addresses", None),
        (429, "Your app has exceeded its compute units per second capacity.", "rate", None),
        (-32005, "project ID request rate exceeded", "rate", None),
        (-32007, "10/second request limit reached", "rate", None),
        (-32005, "limit exceeded", "results", None),
        (3, "execution reverted", None, None),
    ],
)
def test_providers_refusals_are_read(code, text, kind, hint):
    assert limit_of(code, text) == kind
    assert hinted_span(text, 100) == hint
