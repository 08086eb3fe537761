# SPDX-License-Identifier: MIT
"""Sending many transactions fast, on a local chain or a live one, with one interface.

`DevSender` (local anvil): accounts are impersonated, transactions are queued and sent in JSON-RPC
batches, about a hundred per block. Automine is paused while a batch is sent and the block is mined
with `evm_mine`; each transaction in a batch carries a decreasing priority fee, so the block keeps
the order in which they were queued (anvil orders its pool by tip). A whole scenario's thousands of
transactions take seconds instead of the minutes brownie's one-by-one path takes.

`LiveSender` (any other network): actors sign with their own keys (derived from a seed given in the
environment, see `live_key`), transactions go one at a time with a gas estimate, and time passes
by waiting for the chain. Both decode every receipt's events and raise `TxFailed` with the decoded
custom error and the scenario place that sent it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from eth_account import Account
from eth_utils import keccak, to_checksum_address

from cobuild.chain.rpc import Codec, Rpc, RpcError, abi_encode, read_balances

DEV_BALANCE = 10**24
DEV_CHUNK = 100  # transactions per block: receipts slow down quadratically with block size


@dataclass(frozen=True)
class Handle:
    """A contract on chain: its address and the codec of its ABI."""

    address: str
    codec: Codec

    def data(self, fn: str, *args: Any) -> str:
        return self.codec.encode(fn, *args)


@dataclass
class Tx:
    """A transaction to send. `expect` lists (event, argument, value) it must emit."""

    sender: str
    to: str | None
    data: str
    value: int = 0
    gas: int = 1_500_000
    kind: str = ""
    place: str = ""
    expect: list[tuple[str, str, Any]] = field(default_factory=list)
    who: str = ""  # the actor's name, for messages
    # a contract actor (HostileActor) makes this call through `execute`, sent by its operator
    via: str = ""
    may_fail: bool = False  # a revert is recorded (`Mined.failed`) instead of stopping the run

    @property
    def signer(self) -> str:
        """The account that signs and pays the gas."""
        return self.via or self.sender


@dataclass
class Mined:
    """A mined transaction with its decoded events: (name, emitter, args)."""

    tx: Tx
    hash: str
    gas_used: int
    fee: int
    block: int
    events: list[tuple[str, str, dict[str, Any]]]
    contract_address: str | None = None
    failed: str = ""  # the decoded revert of a transaction allowed to fail

    def event(self, name: str) -> dict[str, Any]:
        for ev_name, _, args in self.events:
            if ev_name == name:
                return args
        raise KeyError(f"{self.tx.kind} at {self.tx.place} emitted no {name}")


class TxFailed(RuntimeError):
    """A transaction reverted (or could not be sent)."""

    def __init__(self, tx: Tx, reason: str):
        self.tx = tx
        self.reason = reason
        where = f"{tx.place}: " if tx.place else ""
        super().__init__(f"{where}{tx.kind} from {tx.who or tx.sender} failed: {reason}")


EXECUTE = keccak(text="execute(address,uint256,bytes)")[:4]


def _wire(tx: Tx) -> tuple[str | None, str, int, int]:
    """(to, data, value, gas) on the wire: a contract actor's call goes through its
    `execute(target, value, data)`, paid from its own balance, sent by its operator."""
    if not tx.via:
        return tx.to, tx.data, tx.value, tx.gas
    body = abi_encode(
        ["address", "uint256", "bytes"], [tx.to, tx.value, bytes.fromhex(tx.data[2:])]
    )
    return tx.sender, "0x" + (EXECUTE + body).hex(), 0, tx.gas + 40_000


def live_key(seed: str, name: str) -> str:
    """The private key of actor `name` on a live network, derived from a secret seed."""
    return "0x" + keccak(text=f"cobuild-actor-key:{seed}:{name}").hex()


class Sender:
    """Common part: queueing, receipt decoding, view calls."""

    live = False

    def __init__(self, rpc: Rpc, codec: Codec):
        self.rpc = rpc
        self.codec = codec
        self.queue: list[Tx] = []
        self.mined: list[Mined] = []
        self.on_mined: Callable[[int], None] | None = None
        self._configs: dict[str, dict[str, Any]] = {}

    def reattach(self, rpc: Rpc) -> None:
        """Go on through `rpc`: the same chain on another node (one restarted from its state)."""
        self.rpc = rpc

    def send(self, tx: Tx) -> None:
        self.queue.append(tx)

    def flush(self) -> list[Mined]:
        raise NotImplementedError

    def now(self) -> int:
        """The timestamp the next transaction will at least have."""
        return int(self.rpc.call("eth_getBlockByNumber", ["latest", False])["timestamp"], 16)

    def travel(self, timestamp: int) -> None:
        raise NotImplementedError

    def views(self, calls: Sequence[tuple[Handle, str, Sequence[Any]]]) -> list[Any]:
        """Batched eth_call: (contract, function, args) -> decoded outputs."""
        self.flush()
        payload = [
            ("eth_call", [{"to": h.address, "data": h.codec.encode(fn, *args)}, "latest"])
            for h, fn, args in calls
        ]
        results = self.rpc.batch(payload, allow_errors=True)
        out = []
        for (h, fn, args), result in zip(calls, results, strict=True):
            if isinstance(result, RpcError):
                reason = h.codec.decode_error(_revert_data(result))
                raise RuntimeError(f"view {fn}{tuple(args)} at {h.address} failed: {reason}")
            out.append(h.codec.decode_output(fn, result))
        return out

    def view(self, handle: Handle, fn: str, *args: Any) -> Any:
        return self.views([(handle, fn, args)])[0]

    def config(self, project: Handle) -> dict[str, Any]:
        """A project's configuration by field name, read once (it never changes)."""
        if project.address not in self._configs:
            value = self.view(project, "config")
            self._configs[project.address] = project.codec.named("config", value)
        return self._configs[project.address]

    def balances(self, addresses: Sequence[str], token: Handle | None) -> list[int]:
        self.flush()
        return read_balances(self.rpc, addresses, None if token is None else token.address)

    def _decode(self, tx: Tx, receipt: dict) -> Mined:
        events = []
        for log in receipt["logs"]:
            decoded = self.codec.decode_log(log)
            if decoded:
                events.append((decoded[0], to_checksum_address(log["address"]), decoded[1]))
        gas_used = int(receipt["gasUsed"], 16)
        price = int(receipt.get("effectiveGasPrice") or "0x0", 16)
        created = receipt.get("contractAddress")
        mined = Mined(
            tx,
            receipt["transactionHash"],
            gas_used,
            gas_used * price,
            int(receipt["blockNumber"], 16),
            events,
            to_checksum_address(created) if created else None,
        )
        for name, arg, value in tx.expect:
            found = [a.get(arg) for n, _, a in events if n == name]
            if value not in found:
                raise TxFailed(
                    tx, f"expected {name} with {arg}={value}, got {found or 'no such event'}"
                )
        return mined


def _revert_data(err: RpcError) -> str | None:
    data = err.data
    if isinstance(data, dict):
        data = data.get("data") or data.get("result")
    if isinstance(data, str) and data.startswith("0x"):
        return data
    return None


class DevSender(Sender):
    """Local anvil: impersonated accounts, batched sends, one block per chunk."""

    def __init__(
        self,
        rpc: Rpc,
        codec: Codec,
        chunk: int = DEV_CHUNK,
        mine: Callable[[], Any] | None = None,
        fees: bool = True,
    ):
        super().__init__(rpc, codec)
        self.chunk = chunk
        # without fees (on a chain whose base fee is 0) a sender's balance moves only by what it
        # pays and gets, to the wei; the order inside a block then rests on the order of sending
        # alone, so such a sender sends one transaction per block (chunk 1)
        self.fees = fees
        if not fees:
            self.chunk = 1
        # how `travel` mines its block: `evm_mine`, or the caller's (brownie's `chain.mine`,
        # which also moves brownie's clock: see cobuild/chain/port.py)
        self.mine = mine or (lambda: self.rpc.call("evm_mine", []))
        self.nonces: dict[str, int] = {}
        self.restore_gas_limit: int | None = None
        self.impersonated: list[str] = []

    def prepare(self, addresses: Sequence[str], balance: int = DEV_BALANCE) -> None:
        """Impersonate and fund accounts (one batch)."""
        calls: list[tuple[str, list]] = []
        for a in addresses:
            self.impersonated.append(a)
            calls.append(("anvil_impersonateAccount", [a]))
            calls.append(("anvil_setBalance", [a, hex(balance)]))
        self.rpc.batch(calls)
        latest = self.rpc.call("eth_getBlockByNumber", ["latest", False])
        gas_limit = int(latest["gasLimit"], 16)
        wanted = self.chunk * 16_000_000
        if gas_limit < wanted:
            self.restore_gas_limit = gas_limit
            self.rpc.call("evm_setBlockGasLimit", [hex(wanted)])

    def reattach(self, rpc: Rpc) -> None:
        """Go on through `rpc`, a node restarted from this chain's state: balances, nonces and the
        block gas limit are in the state, impersonations are the node's and are made again."""
        super().reattach(rpc)
        self.rpc.batch([("anvil_impersonateAccount", [a]) for a in self.impersonated])

    def close(self) -> None:
        self.flush()
        if self.restore_gas_limit:
            self.rpc.call("evm_setBlockGasLimit", [hex(self.restore_gas_limit)])
            self.restore_gas_limit = None

    def flush(self) -> list[Mined]:
        out: list[Mined] = []
        while self.queue:
            chunk, self.queue = self.queue[: self.chunk], self.queue[self.chunk :]
            out.extend(self._send_chunk(chunk))
        return out

    def _send_chunk(self, chunk: list[Tx]) -> list[Mined]:
        unknown = sorted({tx.signer for tx in chunk if tx.signer not in self.nonces})
        if unknown:
            counts = self.rpc.batch([("eth_getTransactionCount", [a, "latest"]) for a in unknown])
            self.nonces.update({a: int(n, 16) for a, n in zip(unknown, counts, strict=True)})
        base = int(
            self.rpc.call("eth_getBlockByNumber", ["latest", False]).get("baseFeePerGas") or "0x0",
            16,
        )
        calls = []
        for j, tx in enumerate(chunk):
            # decreasing tips keep the queue's order inside the block
            tip = len(chunk) - j if self.fees else 0
            to, data, value, gas = _wire(tx)
            params = {
                "from": tx.signer,
                "data": data,
                "value": hex(value),
                "gas": hex(gas),
                "nonce": hex(self.nonces[tx.signer]),
                "maxPriorityFeePerGas": hex(tip),
                "maxFeePerGas": hex(2 * base + tip if self.fees else base),
            }
            if to:
                params["to"] = to
            self.nonces[tx.signer] += 1
            calls.append(("eth_sendTransaction", [params]))
        self.rpc.call("evm_setAutomine", [False])
        try:
            results = self.rpc.batch(calls, allow_errors=True)
            sent_errors = [
                (tx, r) for tx, r in zip(chunk, results, strict=True) if isinstance(r, RpcError)
            ]
            if sent_errors:
                self.nonces.clear()  # some nonces were not used: read them again next time
                self.rpc.call("anvil_dropAllTransactions", [])
                tx, err = sent_errors[0]
                raise TxFailed(tx, str(err))
            receipts = self._mine(results)
        finally:
            self.rpc.call("evm_setAutomine", [True])
        mined = []
        for tx, receipt in zip(chunk, receipts, strict=True):
            if int(receipt["status"], 16) != 1:
                reason = self._reason(receipt["transactionHash"])
                if not tx.may_fail:
                    raise TxFailed(tx, reason)
                mined.append(replace(self._decode(tx, receipt), failed=reason))
                continue
            mined.append(self._decode(tx, receipt))
        self.mined.extend(mined)
        if self.on_mined:
            self.on_mined(len(mined))
        return mined

    def _mine(self, hashes: list[str]) -> list[dict]:
        by_hash: dict[str, dict] = {}
        for _ in range(len(hashes) + 1):
            self.rpc.call("evm_mine", [])
            for r in self.rpc.call("eth_getBlockReceipts", ["latest"]) or []:
                by_hash[r["transactionHash"]] = r
            if len(by_hash) >= len(hashes):
                break
        missing = [h for h in hashes if h not in by_hash]
        if missing:
            raise RuntimeError(f"{len(missing)} transactions were not mined")
        return [by_hash[h] for h in hashes]

    def _reason(self, tx_hash: str) -> str:
        try:
            trace = self.rpc.call(
                "debug_traceTransaction",
                [tx_hash, {"disableStorage": True, "disableStack": True, "disableMemory": True}],
            )
            data = trace.get("returnValue")
            if data and not data.startswith("0x"):
                data = "0x" + data
            return self.codec.decode_error(data)
        except RpcError as exc:
            return f"reverted (no trace: {exc})"

    def travel(self, timestamp: int) -> None:
        self.flush()
        if timestamp > self.now():
            self.rpc.call("evm_setNextBlockTimestamp", [hex(timestamp)])
        self.mine()


class LiveSender(Sender):
    """Any other network: local signing, one transaction at a time, time passes for real."""

    live = True

    def __init__(
        self,
        rpc: Rpc,
        codec: Codec,
        keys: dict[str, str],
        funder: str,
        poll: float = 0.05,
        timeout: float = 600.0,
    ):
        super().__init__(rpc, codec)
        self.accounts = {Account.from_key(k).address: Account.from_key(k) for k in keys.values()}
        self.funder = funder
        self.poll = poll
        self.timeout = timeout
        self.chain_id = int(rpc.call("eth_chainId"), 16)
        self.waited = 0.0

    def prepare(self, needs: dict[str, int]) -> None:
        """Fund each account up to what it needs, from the funder."""
        addresses = list(needs)
        have = self.balances(addresses, None)
        for address, balance in zip(addresses, have, strict=True):
            if balance < needs[address]:
                self.send(
                    Tx(
                        self.funder,
                        address,
                        "0x",
                        needs[address] - balance,
                        21_000,
                        "fund",
                        "setup",
                    )
                )
        self.flush()

    def close(self) -> None:
        self.flush()

    def now(self) -> int:
        return max(super().now(), int(time.time()))

    def flush(self) -> list[Mined]:
        out = []
        while self.queue:
            tx = self.queue.pop(0)
            out.append(self._send_one(tx))
            if self.on_mined:
                self.on_mined(1)
        self.mined.extend(out)
        return out

    def _fees(self) -> tuple[int, int]:
        base = int(
            self.rpc.call("eth_getBlockByNumber", ["latest", False]).get("baseFeePerGas") or "0x0",
            16,
        )
        try:
            tip = int(self.rpc.call("eth_maxPriorityFeePerGas"), 16)
        except RpcError:
            tip = 10**9
        return 2 * base + tip, tip

    def _send_one(self, tx: Tx) -> Mined:
        account = self.accounts.get(tx.sender)
        if account is None:
            raise TxFailed(tx, f"no key for {tx.sender} on this network")
        params: dict[str, Any] = {"from": tx.sender, "data": tx.data, "value": hex(tx.value)}
        if tx.to:
            params["to"] = tx.to
        try:
            gas = int(self.rpc.call("eth_estimateGas", [params]), 16)
        except RpcError as exc:
            raise TxFailed(
                tx, self.codec.decode_error(_revert_data(exc)) if _revert_data(exc) else str(exc)
            ) from exc
        max_fee, tip = self._fees()
        nonce = int(self.rpc.call("eth_getTransactionCount", [tx.sender, "pending"]), 16)
        fields: dict[str, Any] = {
            "chainId": self.chain_id,
            "nonce": nonce,
            "value": tx.value,
            "data": tx.data,
            "gas": gas * 13 // 10 + 10_000,
            "maxFeePerGas": max_fee,
            "maxPriorityFeePerGas": tip,
            "type": 2,
        }
        if tx.to:
            fields["to"] = tx.to
        signed = account.sign_transaction(fields)
        raw = "0x" + bytes(signed.raw_transaction).hex()
        tx_hash = self.rpc.call("eth_sendRawTransaction", [raw])
        deadline = time.time() + self.timeout
        receipt = None
        while receipt is None:
            receipt = self.rpc.call("eth_getTransactionReceipt", [tx_hash])
            if receipt is None:
                if time.time() > deadline:
                    raise TxFailed(tx, f"not mined within {self.timeout:.0f}s: {tx_hash}")
                time.sleep(self.poll)
        if int(receipt["status"], 16) != 1:
            raise TxFailed(tx, f"reverted in block {int(receipt['blockNumber'], 16)}: {tx_hash}")
        return self._decode(tx, receipt)

    def travel(self, timestamp: int) -> None:
        """Wait until the chain's clock reaches `timestamp` (a live chain cannot be hurried)."""
        self.flush()
        start = time.time()
        while True:
            latest = super().now()
            if latest >= timestamp:
                break
            if time.time() >= timestamp + 1:
                # a chain that mines only on demand (anvil): a heartbeat makes the block
                self.send(Tx(self.funder, self.funder, "0x", 0, 21_000, "heartbeat", "time"))
                self.flush()
                break
            time.sleep(min(1.0, max(0.05, timestamp + 1 - time.time())))
        self.waited += time.time() - start
