"""Sending many transactions fast on a local chain.

brownie spends tens of milliseconds per transaction on bookkeeping (gas estimation, receipt
objects, console output). Setting up a thousand backers for a measurement does not need any of
that: `send` posts the encoded calls through web3 with a fixed gas limit and checks every receipt.
Measured transactions still go through brownie."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from brownie import web3
from brownie.exceptions import decode_typed_error

DEFAULT_GAS = 2_000_000


@dataclass(frozen=True)
class Call:
    """One contract call: `method(*args)` sent by `sender` with `value` wei."""

    method: Any  # a brownie ContractTx, e.g. project.invest
    args: tuple
    sender: str
    value: int = 0


def _address(who: Any) -> str:
    return who if isinstance(who, str) else who.address


def send(calls: Iterable[Call], gas: int = DEFAULT_GAS) -> list[dict]:
    """Send `calls` in order (senders must be unlocked: anvil accounts or `actors.actor`) and
    return their receipts; raise with the decoded custom error if one reverted."""
    sent = []
    for call in calls:
        tx = {
            "from": _address(call.sender),
            "to": call.method._address,
            "data": call.method.encode_input(*call.args),
            "value": call.value,
            "gas": gas,
        }
        sent.append((call, tx, web3.eth.send_transaction(tx)))
    receipts = []
    for call, tx, tx_hash in sent:
        receipt = web3.eth.wait_for_transaction_receipt(tx_hash)
        if receipt["status"] != 1:
            raise RuntimeError(
                f"{call.method._name}{call.args} reverted: {_revert_reason(tx, receipt)}"
            )
        receipts.append(receipt)
    return receipts


def _revert_reason(tx: dict, receipt: dict) -> str:
    try:
        web3.eth.call({k: v for k, v in tx.items() if k != "gas"}, receipt["blockNumber"] - 1)
    except Exception as exc:  # web3 raises with the revert data in its args
        data = next(
            (a for a in getattr(exc, "args", ()) if isinstance(a, str) and a.startswith("0x")), None
        )
        if data:
            return decode_typed_error(data)
        return str(exc)
    return "unknown (the call succeeds when replayed)"
