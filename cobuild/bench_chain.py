# SPDX-License-Identifier: MIT
"""The benchmark's chain (`make bench`, cobuild/commands/bench.py and cobuild/bench_services.py),
on the chain port (cobuild/chain/port.py), without brownie: contracts deployed from the build's
artifacts (build/contracts/) through a `DevSender`, every measured action one transaction mined in
a block of its own (as brownie sends one), its gas read from the receipt; setup traffic queued and
mined in batches. Local chains only: actors are impersonated."""

from __future__ import annotations

from typing import Any

from cobuild.chain.actors import DEFAULT_BALANCE, actor_address
from cobuild.chain.artifacts import project_abi
from cobuild.chain.port import ChainPort, deploy
from cobuild.chain.rpc import Codec
from cobuild.chain.sender import DevSender, Handle, Mined, Tx
from cobuild.model.ranking import rank_key
from cobuild.protocol import Phase, RankBy

# the contracts whose events a measured transaction may emit (the project's come on top)
EVENT_SOURCES = (
    "CobuildFactory",
    "CobuildShares",
    "BenchAttestations",
    "BenchGovernor",
    "BenchERC1155",
    "BenchPushComm",
    "CobuildConsent",
    "CobuildInterests",
    "CobuildNotices",
    "PermitToken",
    "BareEscrow",
    "BarePledge",
    "Activities",
    "Bookings",
    "DeviceMandates",
)
# a measured transaction's gas limit, what brownie sent each with (the development network's block
# gas limit); the gas used does not depend on it (no contract here reads `gasleft()`)
GAS = 12_000_000
PAGE = 500  # combinations read per rankingKeys call


class BenchChain:
    """Deploy, send and read on `port`'s chain; `send` returns the mined transaction."""

    def __init__(self, port: ChainPort):
        self.port = port
        self.project_codec = Codec(project_abi(port.build))
        events = Codec(*(port.artifact(n).abi for n in EVENT_SOURCES), project_abi(port.build))
        self.sender = DevSender(port.rpc, events, mine=port.mine)

    def accounts(self) -> list[str]:
        """The node's unlocked accounts (brownie's `accounts`)."""
        return self.port.accounts()

    def set_block_gas_limit(self, limit: int) -> None:
        self.port.rpc.call("evm_setBlockGasLimit", [hex(limit)])

    def actor(self, name: str) -> str:
        """The actor called `name`, impersonated and funded (cobuild.chain.actors.actor)."""
        return self.actors([name])[0]

    def actors(self, names: list[str]) -> list[str]:
        addresses = [actor_address(n) for n in names]
        self.unlock(addresses)
        return addresses

    def unlock(self, addresses: list[str]) -> None:
        balances = self.port.rpc.batch([("eth_getBalance", [a, "latest"]) for a in addresses])
        calls: list[tuple[str, list]] = []
        for address, balance in zip(addresses, balances, strict=True):
            calls.append(("anvil_impersonateAccount", [address]))
            if int(balance, 16) < DEFAULT_BALANCE:
                calls.append(("anvil_setBalance", [address, hex(DEFAULT_BALANCE)]))
        self.port.rpc.batch(calls)

    def deploy(self, name: str, *args: Any, by: str) -> Handle:
        return deploy(self.sender, self.port.artifact(name), by, *args, place="bench")

    def at(self, name: str, address: str) -> Handle:
        return Handle(address, self.port.artifact(name).codec())

    def project(self, address: str) -> Handle:
        """A project clone, with both facets' ABI."""
        return Handle(address, self.project_codec)

    def send(self, contract: Handle, fn: str, *args: Any, by: str, value: int = 0) -> Mined:
        """`contract.fn(*args)` from `by`, alone in a block (what is queued is mined first); the
        mined transaction."""
        self.sender.flush()
        data = contract.data(fn, *args)
        self.sender.send(Tx(by, contract.address, data, value, gas=GAS, kind=fn, place="bench"))
        (mined,) = self.sender.flush()
        return mined

    def queue(self, contract: Handle, fn: str, *args: Any, by: str, value: int = 0) -> None:
        """Queue `contract.fn(*args)` (setup traffic, the Sender's default gas): mined by the next
        `flush`, or `send`."""
        data = contract.data(fn, *args)
        self.sender.send(Tx(by, contract.address, data, value, kind=fn, place="bench setup"))

    def crowd(self, names: list[str]) -> list[str]:
        """Actors for setup traffic: impersonated and funded, and the block gas limit raised for
        batches of a hundred transactions until the next `flush`."""
        addresses = [actor_address(n) for n in names]
        self.sender.prepare(addresses)
        return addresses

    def flush(self) -> None:
        """Mine what is queued, about a hundred transactions a block (and put the block gas limit
        back)."""
        self.sender.close()

    def view(self, contract: Handle, fn: str, *args: Any) -> Any:
        return self.sender.view(contract, fn, *args)

    def named(self, contract: Handle, fn: str, *args: Any) -> dict[str, Any]:
        """A struct output (or several outputs) by field name."""
        return contract.codec.named(fn, self.view(contract, fn, *args))

    def now(self) -> int:
        return self.sender.now()

    def mine(self, blocks: int = 1) -> None:
        for _ in range(blocks):
            self.port.rpc.call("evm_mine", [])

    def chain_id(self) -> int:
        return self.port.chain_id()

    def snapshot(self) -> str:
        return self.port.rpc.call("evm_snapshot", [])

    def revert(self, snapshot: str) -> None:
        self.port.rpc.call("evm_revert", [snapshot])
        self.forget_nonces()

    def forget_nonces(self) -> None:
        """Read the senders' nonces again (another sender sent, or the chain was reverted)."""
        self.sender.nonces.clear()

    # ------------------------------------------------------------------ a project's lifecycle

    def phase(self, project: Handle) -> Phase:
        return Phase(self.view(project, "phase"))

    def advance_to(self, project: Handle, phase: Phase) -> None:
        """Travel to the start of `phase` (cobuild.chain.lifecycle.advance_to)."""
        if phase == Phase.Finalizing:
            start = self.sender.config(project)["ideationEnd"]
        else:
            rescue_end, development_end, testing_end, presale_end = self.view(project, "schedule")
            start = {
                Phase.Development: rescue_end,
                Phase.Testing: development_end,
                Phase.Presale: testing_end,
                Phase.Closed: presale_end,
            }[phase]
        self.sender.travel(start)
        now = self.phase(project)
        assert now == phase, f"expected {phase.name}, chain is in {now.name}"

    def ranking(self, project: Handle) -> list[int]:
        """Every combination id, in the order `finalize` accepts (cobuild.chain.ranking)."""
        combos = self.view(project, "counts")[1]
        by = RankBy(self.sender.config(project)["rankBy"])
        keys = []
        for first in range(1, combos + 1, PAGE):
            count = min(PAGE, combos + 1 - first)
            supporters, funded = self.view(project, "rankingKeys", first, count)
            keys += [rank_key(first + i, supporters[i], funded[i], by) for i in range(count)]
        return [key[2] for key in sorted(keys)]

    def deliver_all(self, project: Handle, combo: int, report: bytes) -> None:
        """Every maker of `combo` delivers its part (cobuild.chain.lifecycle.deliver_all)."""
        options = self.named(project, "combination", combo)["optionIds"]
        for dimension, option in enumerate(options):
            maker = self.view(project, "option", option)[0]
            self.send(project, "deliver", combo, dimension, report, by=maker)

    def pass_all(self, project: Handle, combo: int, inspectors: list[str], report: bytes) -> None:
        """Each inspector passes `combo` under every condition (cobuild.chain.lifecycle)."""
        for condition in range(self.sender.config(project)["conditions"]):
            for inspector in inspectors:
                self.send(project, "recordVerdict", combo, condition, True, report, by=inspector)
