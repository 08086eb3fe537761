# SPDX-License-Identifier: MIT
"""JSON-RPC in batches and ABI coding for the scenario runner, on web3.py.

The runner sends thousands of transactions and view calls; brownie spends tens of milliseconds on
each (gas estimation, receipt polling, trace lookups). Here one HTTP request carries hundreds of
calls in a JSON-RPC batch. `Rpc(url)` owns its connection: to a node on this machine it posts
through cobuild/chain/transport.py (one kept-alive connection per thread, called directly), to
any other through a `requests` session; `Rpc.from_brownie()` goes through brownie's provider
instead (the same endpoint and session as brownie's own calls).
`Codec` prepares each function, event and error once (selectors, topics and types by eth_utils,
the values by eth_abi, web3's codec): per call, web3's `Contract.encode_abi` takes ~0.8 ms and its
`get_event_data` ~0.35 ms against ~0.04 ms here, and a scenario has thousands of both. What no
library does stays here: the revert decoding against the project's custom errors, in brownie's
`Name: args` format.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from eth_abi.exceptions import DecodingError
from eth_utils import to_checksum_address
from eth_utils.abi import (
    collapse_if_tuple,
    event_abi_to_log_topic,
    function_abi_to_4byte_selector,
    get_abi_input_types,
    get_abi_output_types,
)
from web3 import Web3
from web3._utils.abi import named_tree

from cobuild.chain import transport

try:  # eth_abi's compiled twin (brownie's dependencies): five times faster than web3's codec
    import faster_eth_abi as CODEC
except ImportError:  # pragma: no cover
    CODEC = Web3().codec
ERROR_STRING, PANIC = bytes.fromhex("08c379a0"), bytes.fromhex("4e487b71")


def abi_encode(types: Sequence[str], values: Sequence[Any]) -> bytes:
    return CODEC.encode(list(types), list(values))


class RpcError(RuntimeError):
    """A JSON-RPC call answered with an error."""

    def __init__(self, method: str, error: dict):
        self.method = method
        self.error = error
        self.data = error.get("data")
        super().__init__(f"{method}: {error.get('message', error)}")


class Rpc:
    """Raw JSON-RPC, in batches: over a connection of its own to `url`, or through `provider`
    (a web3 provider, e.g. brownie's) when one is given."""

    def __init__(self, url: str | None = None, provider: Any = None, timeout: float = 120.0):
        if url is None and provider is None:
            raise ValueError("Rpc needs a node's URL or a provider")
        self.url = url
        self.provider = provider
        self.timeout = timeout
        self._endpoint = None if provider is not None else transport.loopback_endpoint(url or "")
        self._session: Any = None
        self._ids = itertools.count(1)

    @classmethod
    def from_brownie(cls) -> Rpc:
        """A client on brownie's active provider."""
        from brownie import web3

        return cls(url=getattr(web3.provider, "endpoint_uri", None), provider=web3.provider)

    def _post(self, payload: Any) -> Any:
        """POST one JSON-RPC request or batch on this client's own connection; the decoded
        answer."""
        data = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"}
        if self._endpoint is not None:
            return json.loads(transport.post(self._endpoint, data, headers, self.timeout))
        if self._session is None:
            import requests

            self._session = requests.Session()
        answer = self._session.post(self.url, data=data, headers=headers, timeout=self.timeout)
        answer.raise_for_status()
        return answer.json()

    def _requests(self, calls: list[tuple[str, list[Any]]]) -> list[dict]:
        """The answers to `calls`, in order (a node may answer a batch in any order)."""
        if self.provider is not None:
            if len(calls) > 1 and hasattr(self.provider, "make_batch_request"):
                answers = self.provider.make_batch_request(calls)
                if isinstance(answers, dict):  # a node answers a failed batch with one error
                    raise RpcError("batch", answers.get("error", answers))
                return answers
            return [self.provider.make_request(m, p) for m, p in calls]
        ids = [next(self._ids) for _ in calls]
        payload = [
            {"jsonrpc": "2.0", "id": i, "method": m, "params": p}
            for i, (m, p) in zip(ids, calls, strict=True)
        ]
        answers = self._post(payload if len(payload) > 1 else payload[0])
        if isinstance(answers, dict):
            if len(payload) > 1:  # a node answers a failed batch with one error
                raise RpcError("batch", answers.get("error", answers))
            answers = [answers]
        by_id = {a.get("id"): a for a in answers}
        return [by_id.get(i, {"error": {"message": "no answer"}}) for i in ids]

    def call(self, method: str, params: Sequence[Any] = ()) -> Any:
        return self.batch([(method, list(params))])[0]

    def batch(
        self,
        calls: Sequence[tuple[str, Sequence[Any]]],
        allow_errors: bool = False,
        chunk: int = 400,
    ) -> list[Any]:
        """Results in order; an error raises RpcError, or is returned as one if `allow_errors`."""
        out: list[Any] = []
        for start in range(0, len(calls), chunk):
            out.extend(self._batch(calls[start : start + chunk], allow_errors))
        return out

    def _batch(self, calls: Sequence[tuple[str, Sequence[Any]]], allow_errors: bool) -> list[Any]:
        if not calls:
            return []
        answers = self._requests([(m, list(p)) for m, p in calls])
        results = []
        for (method, _), answer in zip(calls, answers, strict=True):
            if answer.get("error") is not None:
                err = RpcError(method, answer["error"])
                if not allow_errors:
                    raise err
                results.append(err)
            else:
                results.append(answer.get("result"))
        return results


BALANCE_OF = "0x70a08231"  # balanceOf(address)


def read_balances(rpc: Rpc, addresses: Sequence[str], token: str | None = None) -> list[int]:
    """The ETH (`token` None) or ERC-20 balances of `addresses`, in order, in one batch."""
    if token is None:
        calls = [("eth_getBalance", [a, "latest"]) for a in addresses]
    else:
        data = [BALANCE_OF + abi_encode(["address"], [a]).hex() for a in addresses]
        calls = [("eth_call", [{"to": token, "data": d}, "latest"]) for d in data]
    out = []
    for address, answer in zip(addresses, rpc.batch(calls, allow_errors=True), strict=True):
        if isinstance(answer, RpcError):
            raise RuntimeError(f"balance of {address} ({token or 'ETH'}) failed: {answer}")
        out.append(int(answer, 16))
    return out


# ---------------------------------------------------------------- ABI


Normalizer = Callable[[Any], Any]


def _normalizer(param: dict) -> Normalizer:
    """Checksums a decoded value's addresses (eth_abi gives them lowercase) and makes its arrays
    lists, as brownie returns them. web3's `map_abi_data` does the same at ~0.13 ms a value."""
    typ = param["type"]
    if typ.endswith("]"):
        inner = _normalizer({**param, "type": typ[: typ.rindex("[")]})
        return lambda value: [inner(v) for v in value]
    if typ.startswith("tuple"):
        parts = [_normalizer(c) for c in param["components"]]
        return lambda value: tuple(f(v) for f, v in zip(parts, value, strict=True))
    return to_checksum_address if typ == "address" else _same


def _same(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Function:
    abi: dict
    selector: bytes
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    normalize: tuple[Normalizer, ...]


@dataclass(frozen=True)
class Event:
    name: str
    names: tuple[str, ...]
    indexed: tuple[bool, ...]
    topic_types: tuple[str, ...]
    data_types: tuple[str, ...]
    normalize: tuple[Normalizer, ...]

    @classmethod
    def of(cls, item: dict) -> Event:
        ins = item["inputs"]
        return cls(
            item["name"],
            tuple(p["name"] for p in ins),
            tuple(bool(p.get("indexed")) for p in ins),
            tuple(collapse_if_tuple(p) for p in ins if p.get("indexed")),
            tuple(collapse_if_tuple(p) for p in ins if not p.get("indexed")),
            tuple(_normalizer(p) for p in ins),
        )


def _hex_bytes(data: str | bytes) -> bytes:
    return bytes.fromhex(data.removeprefix("0x")) if isinstance(data, str) else bytes(data)


class Codec:
    """Encoders and decoders for one or more ABIs (functions by name, events by topic, errors)."""

    def __init__(self, *abis: list[dict]):
        self.functions: dict[str, Function] = {}
        self.events: dict[bytes, Event] = {}
        self.errors: dict[bytes, dict] = {}
        for item in (item for abi in abis for item in abi):
            kind = item.get("type")
            if kind == "function":
                fn = Function(
                    item,
                    function_abi_to_4byte_selector(item),
                    tuple(get_abi_input_types(item)),
                    tuple(get_abi_output_types(item)),
                    tuple(_normalizer(p) for p in item.get("outputs", [])),
                )
                self.functions.setdefault(item["name"], fn)
            elif kind == "event":
                self.events.setdefault(event_abi_to_log_topic(item), Event.of(item))
            elif kind == "error":
                self.errors[function_abi_to_4byte_selector(item)] = item

    def encode(self, name: str, *args: Any) -> str:
        fn = self.functions[name]
        return "0x" + (fn.selector + CODEC.encode(list(fn.inputs), list(args))).hex()

    def decode_output(self, name: str, data: str) -> Any:
        """Outputs with structs as tuples; one output unwrapped."""
        fn = self.functions[name]
        raw = CODEC.decode(list(fn.outputs), _hex_bytes(data))
        values = tuple(f(v) for f, v in zip(fn.normalize, raw, strict=True))
        return values[0] if len(values) == 1 else values

    def named(self, name: str, value: Any) -> dict[str, Any]:
        """A decoded struct output (or several outputs) by field name: `named("config", cfg)`."""
        outputs = self.functions[name].abi["outputs"]
        if len(outputs) == 1 and outputs[0].get("components"):
            return named_tree(outputs[0]["components"], value)
        return named_tree(outputs, value if len(outputs) > 1 else (value,))

    def decode_log(self, log: dict) -> tuple[str, dict[str, Any]] | None:
        """(event name, arguments) of a log whose event is known, else None."""
        topics = log.get("topics") or []
        ev = self.events.get(_hex_bytes(topics[0])) if topics else None
        if ev is None or len(topics) - 1 != len(ev.topic_types):  # other indexing (ERC-721)
            return None
        indexed = iter(
            CODEC.decode([t], _hex_bytes(topic))[0]
            for t, topic in zip(ev.topic_types, topics[1:], strict=True)
        )
        data = iter(CODEC.decode(list(ev.data_types), _hex_bytes(log["data"])))
        return ev.name, {
            name: f(next(indexed) if ix else next(data))
            for name, ix, f in zip(ev.names, ev.indexed, ev.normalize, strict=True)
        }

    def decode_error(self, data: str | bytes | None) -> str:
        """`ErrorName: arg1, arg2` (brownie's format) for custom errors, or the revert string."""
        if not data:
            return "reverted without a reason"
        raw = _hex_bytes(data)
        selector, body = raw[:4], raw[4:]
        try:
            if selector == ERROR_STRING:
                return CODEC.decode(["string"], body)[0]
            if selector == PANIC:
                return f"Panic: {CODEC.decode(['uint256'], body)[0]:#x}"
            if selector in self.errors:
                error = self.errors[selector]
                values = CODEC.decode(get_abi_input_types(error), body)
                return f"{error['name']}: {', '.join(str(v) for v in values)}"
        except DecodingError:  # a hostile contract's malformed revert data
            pass
        return f"reverted with data 0x{raw.hex()}"
