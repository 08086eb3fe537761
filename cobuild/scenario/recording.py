# SPDX-License-Identifier: MIT
"""What a played scenario left on the chain, frozen: the report's only input (issue 34).

The runner fills a `Recording` once the steps are played (or stopped): every mined transaction
with its decoded events, the project's views read by name through the ABI's output names
(`config`, `selection`, each combination), the balances before and after, and the project's
balance at the checkpoints it took on the way. `cobuild.scenario.report.build_report(recording,
scenario)` reads nothing else: no chain, no runner. Nothing here imports the chain layer or the
runner.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from eth_abi import decode as abi_decode
from eth_utils import to_checksum_address

Call = tuple[str, tuple[Any, ...]]  # a function's name and its arguments, decoded


@dataclass(frozen=True)
class Event:
    """A decoded log: the event's name, the contract that emitted it, its arguments by name."""

    name: str
    emitter: str
    args: Mapping[str, Any]


@dataclass(frozen=True)
class Transaction:
    """A mined transaction as the report reads it. `sender` is who the project sees (a contract
    actor's contract), `via` the operator account that signed for it (empty for an account),
    `who` the actor's name in the scenario (empty for the deployer)."""

    kind: str
    sender: str
    who: str
    via: str
    to: str | None
    value: int
    data: str  # the call's data as sent to `to` (for a contract actor: inside `execute`)
    block: int
    gas_used: int
    fee: int
    failed: str  # the decoded revert of a transaction allowed to fail, else empty
    events: tuple[Event, ...]
    call: Call | None = None  # decoded, for a call to a contract whose ABI the recorder knew

    @classmethod
    def of(cls, mined: Any, codecs: Mapping[str, Any] | None = None) -> Transaction:
        """From the chain layer's `Mined` (read by attribute: no import of the chain layer);
        `codecs` (address -> a `Codec` of its ABI) decode the calls made to those contracts."""
        tx = mined.tx
        codec = (codecs or {}).get(tx.to) if tx.to else None
        return cls(
            kind=tx.kind,
            sender=tx.sender,
            who=tx.who,
            via=tx.via,
            to=tx.to,
            value=tx.value,
            data=tx.data,
            block=mined.block,
            gas_used=mined.gas_used,
            fee=mined.fee,
            failed=mined.failed,
            events=tuple(
                Event(name, emitter, copy.deepcopy(args)) for name, emitter, args in mined.events
            ),
            call=decode_call(codec, tx.data) if codec is not None else None,
        )


def decode_call(codec: Any, data: str) -> Call | None:
    """A call's function and arguments from its data, by the selectors of `codec` (a
    `cobuild.chain.rpc.Codec`, read by attribute); addresses checksummed as the chain layer gives
    them. None when no function of the ABI has that selector."""
    raw = bytes.fromhex(data.removeprefix("0x"))
    for name, fn in codec.functions.items():
        if raw[:4] == fn.selector:
            values = abi_decode(list(fn.inputs), raw[4:])
            return name, tuple(_plain(t, v) for t, v in zip(fn.inputs, values, strict=True))
    return None


def _plain(abi_type: str, value: Any) -> Any:
    if abi_type == "address":
        return to_checksum_address(value)
    if abi_type.endswith("]"):
        inner = abi_type[: abi_type.rindex("[")]
        return tuple(_plain(inner, v) for v in value)
    return value


@dataclass(frozen=True)
class ContractActor:
    """A contract actor (`actors.hostile`): its modes and what each re-entry attempt came to."""

    first_mode: str
    last_mode: str
    reentries: tuple[Mapping[str, Any], ...]


@dataclass(frozen=True)
class Checkpoint:
    """A solvency checkpoint of the run: its label, the chain's latest block and its time then,
    and the project's balance. What the project owed then is the rules' (scenario/replay.py)."""

    at: str
    block: int
    time: int
    balance: int


@dataclass(frozen=True)
class Recording:
    """A run of one scenario as the chain recorded it. Views are by field name; amounts are in
    the token's base units; `balances_*` are by actor name (ETH or the scenario's token)."""

    network: str
    chain_id: int
    live: bool
    factory: str
    project: str
    shares: str  # the platform's ERC-1155 shares token
    token: str | None  # the ERC-20 paid in, None for ETH
    treasury: str  # the platform treasury's address
    transactions: tuple[Transaction, ...]
    block_times: Mapping[int, int]  # block number -> its timestamp, for every mined block
    first_block: int  # the first block after the project was opened and its payers funded
    combo_ids: Mapping[str, int]  # combination name -> id, for those created on chain
    combinations: Mapping[str, Mapping[str, Any]]  # name -> its `combination` view, by field
    config: Mapping[str, Any]  # the `config` view by field name (IProjectBase.Config)
    selection: Mapping[str, Any]  # the `selection` view by output name
    held: int  # the project's balance at the end
    addresses: Mapping[str, str]  # actor name -> address (a contract actor: its contract)
    balances_before: Mapping[str, int]
    balances_after: Mapping[str, int]
    launch_failed: bool
    checkpoints: tuple[Checkpoint, ...]  # after finalization, at each phase and at the end
    contract_actors: Mapping[str, ContractActor]
    notes: tuple[str, ...]
    seconds: float
    waited_seconds: float

    def project_events(self) -> list[tuple[Transaction, Event]]:
        """Every event the project emitted, in the order mined, with its transaction."""
        return [(t, e) for t in self.transactions for e in t.events if e.emitter == self.project]
