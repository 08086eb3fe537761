# SPDX-License-Identifier: MIT
"""Trace mined transactions on anvil and record which statements and branches ran.

Anvil must run with `--steps-tracing`; without it `debug_traceTransaction` answers with an empty
`structLogs` list (which is why `brownie test --coverage` alone reports nothing on anvil).

Every step of a trace belongs to a call frame. A frame's code is what the step before the depth
increase called: the target of CALL, STATICCALL and CALLCODE, and for DELEGATECALL the delegate,
whose code runs in the caller's storage (an EIP-1167 clone's frame runs 45 bytes of proxy code that
matches no artifact; the implementation's frame below it does). CREATE and CREATE2 frames run
init code, which brownie's maps do not cover (constructors are not measured).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .artifacts import CodeIndex, ContractMap

Rpc = Callable[[str, list[Any]], Any]

_CALLS = frozenset({"CALL", "STATICCALL", "DELEGATECALL", "CALLCODE"})
_TRACE_OPTIONS = {
    "disableStorage": True,
    "disableMemory": True,
    "enableMemory": False,
    "disableStack": False,  # the call target is on the stack
    "enableReturnData": False,
}


@dataclass
class Hits:
    statements: set[int] = field(default_factory=set)
    fell_through: set[int] = field(default_factory=set)  # branch JUMPI did not jump
    jumped: set[int] = field(default_factory=set)  # branch JUMPI jumped

    def update(self, other: Hits) -> None:
        self.statements |= other.statements
        self.fell_through |= other.fell_through
        self.jumped |= other.jumped

    def to_json(self) -> dict[str, list[int]]:
        return {
            "statements": sorted(self.statements),
            "fell_through": sorted(self.fell_through),
            "jumped": sorted(self.jumped),
        }

    @classmethod
    def from_json(cls, data: dict[str, list[int]]) -> Hits:
        return cls(set(data["statements"]), set(data["fell_through"]), set(data["jumped"]))


@dataclass
class Stats:
    transactions: int = 0
    calls: int = 0
    steps: int = 0
    empty_traces: int = 0  # a contract ran but the trace has no steps: no --steps-tracing
    seconds: float = 0.0

    def update(self, other: Stats) -> None:
        self.transactions += other.transactions
        self.calls += other.calls
        self.steps += other.steps
        self.empty_traces += other.empty_traces
        self.seconds += other.seconds


class _Frame:
    __slots__ = ("active", "contract", "hits")

    def __init__(self, contract: ContractMap | None, hits: Hits | None) -> None:
        self.contract = contract
        self.hits = hits
        # branch indices whose condition ran in this frame; brownie counts a JUMPI for a branch
        # only after its condition, so jumps the optimizer shares between branches don't count
        self.active: set[int] = set()


class TraceCollector:
    """Traces every block mined since the last flush; call `flush` before the chain is reverted."""

    def __init__(self, rpc: Rpc, index: CodeIndex) -> None:
        self.rpc = rpc
        self.index = index
        self.hits: dict[str, Hits] = {}
        self.stats = Stats()
        self.next_block = 1  # block 0 is genesis, it has no transactions
        self._code_cache: dict[str, ContractMap | None] = {}

    def flush(self) -> None:
        """Trace all transactions in blocks mined since the previous flush."""
        started = time.perf_counter()
        head = int(self.rpc("eth_blockNumber", []), 16)
        for number in range(self.next_block, head + 1):
            block = self.rpc("eth_getBlockByNumber", [hex(number), True])
            for tx in block["transactions"]:
                self._trace(tx, hex(number))
        self.next_block = max(self.next_block, head + 1)
        self.stats.seconds += time.perf_counter() - started

    def rewound(self, head: int) -> None:
        """The chain was reverted to block `head`: later blocks will be new ones."""
        self.next_block = head + 1
        self._code_cache.clear()  # an address can hold other code on the new branch

    def trace_call(self, call: dict[str, Any], block: str) -> None:
        """Trace an `eth_call` (a view call from a test) right after it was made."""
        started = time.perf_counter()
        to = call.get("to")
        has_code, root = self._code_at(to.lower(), block) if to else (False, None)
        if has_code:
            result = self.rpc("debug_traceCall", [call, block, _TRACE_OPTIONS])
            steps: list[dict[str, Any]] = result.get("structLogs") or []
            self.stats.calls += 1
            self.stats.steps += len(steps)
            if steps:
                self._walk(steps, root, block)
        self.stats.seconds += time.perf_counter() - started

    def _code_at(self, address: str, block: str) -> tuple[bool, ContractMap | None]:
        """Whether `address` has code, and which artifact (None: a clone, foreign code)."""
        if address in self._code_cache:
            return True, self._code_cache[address]
        code = bytes.fromhex(self.rpc("eth_getCode", [address, block])[2:])
        if not code:  # not cached: an empty account may get code later in this chain segment
            return False, None
        contract = self._code_cache[address] = self.index.lookup(code)
        return True, contract

    def _frame(self, contract: ContractMap | None) -> _Frame:
        if contract is None:
            return _Frame(None, None)
        hits = self.hits.get(contract.name)
        if hits is None:
            hits = self.hits[contract.name] = Hits()
        return _Frame(contract, hits)

    def _trace(self, tx: dict[str, Any], block: str) -> None:
        to = tx.get("to")
        if to is None:
            return  # contract creation: only init code runs at the top level
        has_code, root = self._code_at(to.lower(), block)
        if not has_code:
            return  # a transfer to an account without code
        result = self.rpc("debug_traceTransaction", [tx["hash"], _TRACE_OPTIONS])
        steps: list[dict[str, Any]] = result.get("structLogs") or []
        self.stats.transactions += 1
        self.stats.steps += len(steps)
        if not steps:
            self.stats.empty_traces += 1
            return
        self._walk(steps, root, block)

    def _walk(self, steps: list[dict[str, Any]], root: ContractMap | None, block: str) -> None:
        base = steps[0]["depth"]
        frames = [self._frame(root)]
        depth = base
        last = len(steps) - 1
        for i, step in enumerate(steps):
            if step["depth"] != depth:
                if step["depth"] > depth:
                    caller = steps[i - 1]
                    contract = None
                    if caller["op"] in _CALLS:
                        target = int(caller["stack"][-2], 16) & ((1 << 160) - 1)
                        contract = self._code_at(f"0x{target:040x}", block)[1]
                    frames.append(self._frame(contract))
                else:
                    del frames[step["depth"] - base + 1 :]
                depth = step["depth"]
            frame = frames[-1]
            if frame.contract is None:
                continue
            info = frame.contract.pc_info.get(step["pc"])
            if info is None:
                continue
            statement, branch, is_jumpi = info
            hits = frame.hits
            assert hits is not None
            if statement >= 0:
                hits.statements.add(statement)
            if branch < 0:
                continue
            if not is_jumpi:
                frame.active.add(branch)
            elif branch in frame.active and i < last and steps[i + 1]["depth"] == depth:
                frame.active.discard(branch)
                if steps[i + 1]["pc"] == step["pc"] + 1:
                    hits.fell_through.add(branch)
                else:
                    hits.jumped.add(branch)
