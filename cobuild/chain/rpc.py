"""Raw JSON-RPC in batches, and ABI encoding/decoding without brownie's per-call overhead.

The scenario runner sends thousands of transactions and view calls; brownie spends tens of
milliseconds on each (gas estimation, receipt polling, trace lookups). Here one HTTP request
carries hundreds of calls, and `Codec` turns ABI entries into selectors, encoders and decoders
once. The connection is brownie's own (same endpoint), so everything stays on brownie's network.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import requests
from eth_utils import keccak, to_checksum_address

try:  # compiled twin of eth_abi shipped with brownie's dependencies
    from faster_eth_abi import decode as abi_decode
    from faster_eth_abi import encode as abi_encode
except ImportError:  # pragma: no cover
    from eth_abi import decode as abi_decode
    from eth_abi import encode as abi_encode


class RpcError(RuntimeError):
    """A JSON-RPC call answered with an error."""

    def __init__(self, method: str, error: dict):
        self.method = method
        self.error = error
        self.data = error.get("data")
        super().__init__(f"{method}: {error.get('message', error)}")


class Rpc:
    """A JSON-RPC client that batches calls over HTTP (or falls back to a web3 provider)."""

    def __init__(self, url: str | None = None, provider: Any = None, timeout: float = 120.0):
        self.url = url
        self.provider = provider
        self.timeout = timeout
        self._ids = itertools.count(1)
        self._session = requests.Session() if url else None

    @classmethod
    def from_brownie(cls) -> Rpc:
        """A client on brownie's active connection."""
        from brownie import web3

        uri = getattr(web3.provider, "endpoint_uri", None)
        if uri and str(uri).startswith("http"):
            return cls(url=str(uri))
        return cls(provider=web3.provider)

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
        if self._session is None:
            answers = [self.provider.make_request(m, list(p)) for m, p in calls]
        else:
            payload = [
                {"jsonrpc": "2.0", "id": next(self._ids), "method": m, "params": list(p)}
                for m, p in calls
            ]
            resp = self._session.post(self.url, json=payload, timeout=self.timeout)
            resp.raise_for_status()
            body = resp.json()
            if isinstance(body, dict):  # some nodes answer a failed batch with one error
                raise RpcError("batch", body.get("error", body))
            by_id = {a["id"]: a for a in body}
            answers = [by_id[p["id"]] for p in payload]
        results = []
        for (method, _), answer in zip(calls, answers, strict=True):
            if "error" in answer and answer["error"] is not None:
                err = RpcError(method, answer["error"])
                if not allow_errors:
                    raise err
                results.append(err)
            else:
                results.append(answer.get("result"))
        return results


# ---------------------------------------------------------------- ABI


def abi_type(param: dict) -> str:
    """The canonical type of an ABI parameter (tuples spelled out)."""
    t = param["type"]
    if t.startswith("tuple"):
        return "(" + ",".join(abi_type(c) for c in param["components"]) + ")" + t[len("tuple") :]
    return t


def _normalize(value: Any, typ: str) -> Any:
    """Checksum addresses and turn tuples into lists where eth_abi gives bytes/str/tuples."""
    if typ.endswith("]"):
        inner = typ[: typ.rindex("[")]
        return [_normalize(v, inner) for v in value]
    if typ.startswith("("):
        inner_types = _split_tuple(typ[1:-1])
        return tuple(_normalize(v, t) for v, t in zip(value, inner_types, strict=True))
    if typ == "address":
        return to_checksum_address(value)
    return value


def _split_tuple(inner: str) -> list[str]:
    out, depth, current = [], 0, ""
    for ch in inner:
        if ch == "," and depth == 0:
            out.append(current)
            current = ""
            continue
        depth += ch == "("
        depth -= ch == ")"
        current += ch
    if current:
        out.append(current)
    return out


@dataclass(frozen=True)
class Function:
    name: str
    selector: bytes
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]


@dataclass(frozen=True)
class Event:
    name: str
    names: tuple[str, ...]
    types: tuple[str, ...]
    indexed: tuple[bool, ...]


class Codec:
    """Encoders and decoders for one or more ABIs (functions by name, events by topic, errors)."""

    def __init__(self, *abis: list[dict]):
        self.functions: dict[str, Function] = {}
        self.events: dict[bytes, Event] = {}
        self.errors: dict[bytes, tuple[str, tuple[str, ...]]] = {}
        for abi in abis:
            for item in abi:
                kind = item.get("type")
                if kind == "function":
                    ins = tuple(abi_type(p) for p in item["inputs"])
                    sig = f"{item['name']}({','.join(ins)})"
                    fn = Function(
                        item["name"],
                        keccak(text=sig)[:4],
                        ins,
                        tuple(abi_type(p) for p in item.get("outputs", [])),
                    )
                    self.functions.setdefault(item["name"], fn)
                elif kind == "event":
                    types = tuple(abi_type(p) for p in item["inputs"])
                    topic = keccak(text=f"{item['name']}({','.join(types)})")
                    self.events[topic] = Event(
                        item["name"],
                        tuple(p["name"] for p in item["inputs"]),
                        types,
                        tuple(bool(p.get("indexed")) for p in item["inputs"]),
                    )
                elif kind == "error":
                    types = tuple(abi_type(p) for p in item["inputs"])
                    selector = keccak(text=f"{item['name']}({','.join(types)})")[:4]
                    self.errors[selector] = (item["name"], types)

    def encode(self, name: str, *args: Any) -> str:
        fn = self.functions[name]
        return "0x" + (fn.selector + abi_encode(list(fn.inputs), list(args))).hex()

    def decode_output(self, name: str, data: str) -> Any:
        fn = self.functions[name]
        raw = bytes.fromhex(data[2:] if data.startswith("0x") else data)
        values = abi_decode(list(fn.outputs), raw)
        values = tuple(_normalize(v, t) for v, t in zip(values, fn.outputs, strict=True))
        return values[0] if len(values) == 1 else values

    def decode_log(self, log: dict) -> tuple[str, dict[str, Any]] | None:
        """(event name, arguments) of a log whose event is known, else None."""
        topics = log.get("topics") or []
        if not topics:
            return None
        ev = self.events.get(bytes.fromhex(topics[0][2:]))
        if ev is None:
            return None
        indexed_types = [t for t, ix in zip(ev.types, ev.indexed, strict=True) if ix]
        data_types = [t for t, ix in zip(ev.types, ev.indexed, strict=True) if not ix]
        if len(topics) - 1 != len(indexed_types):  # same signature, other indexing (ERC-721)
            return None
        indexed_values = [
            abi_decode([t], bytes.fromhex(topic[2:]))[0]
            for t, topic in zip(indexed_types, topics[1:], strict=True)
        ]
        data_values = list(abi_decode(data_types, bytes.fromhex(log["data"][2:])))
        args: dict[str, Any] = {}
        for name, typ, ix in zip(ev.names, ev.types, ev.indexed, strict=True):
            value = indexed_values.pop(0) if ix else data_values.pop(0)
            args[name] = _normalize(value, typ)
        return ev.name, args

    def decode_error(self, data: str | bytes | None) -> str:
        """`ErrorName: arg1, arg2` (brownie's format) for custom errors, or the revert string."""
        if not data:
            return "reverted without a reason"
        raw = bytes.fromhex(data[2:]) if isinstance(data, str) else bytes(data)
        if raw[:4] == bytes.fromhex("08c379a0"):
            return abi_decode(["string"], raw[4:])[0]
        if raw[:4] == bytes.fromhex("4e487b71"):
            return f"Panic: {abi_decode(['uint256'], raw[4:])[0]:#x}"
        if raw[:4] in self.errors:
            name, types = self.errors[raw[:4]]
            values = abi_decode(list(types), raw[4:])
            return f"{name}: {', '.join(str(v) for v in values)}"
        return f"reverted with data 0x{raw.hex()}"
