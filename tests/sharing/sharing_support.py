# SPDX-License-Identifier: MIT
"""Helpers of the sharing tests: a succeeded model on chain driven next to the Python money model
(`cobuild.model.revenue`), each revenue action made on both and compared to the wei, down to the
accumulators in the project's storage. Imported by tests/sharing (unique module name on purpose:
pytest puts this directory on sys.path)."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from brownie import web3
from eth_abi import encode
from eth_utils import keccak

from cobuild.chain.money import Money
from cobuild.model.revenue import RevenueModel
from cobuild.protocol import Phase, revert_message

revert = revert_message  # the revert text brownie decodes for a custom error

E = 10**18

# ERC-7201 namespace of ProjectBase.ProjectStorage and the slots of the fields read here
NAMESPACE = "cobuild.storage.Project"
STORAGE_BASE = (
    int.from_bytes(keccak(encode(["uint256"], [int.from_bytes(keccak(text=NAMESPACE)) - 1])))
    & ~0xFF
)
ROLES_SLOT = STORAGE_BASE + 2
INVESTOR_POOLS_SLOT = STORAGE_BASE + 8
MAKER_POOLS_SLOT = STORAGE_BASE + 9


# ---------------------------------------------------------------- storage reads


def _mapping_slot(key: int | str, slot: int) -> int:
    kind = "address" if isinstance(key, str) else "uint256"
    return int.from_bytes(keccak(encode([kind, "uint256"], [key, slot])), "big")


def _word(address: str, slot: int) -> int:
    return int.from_bytes(web3.eth.get_storage_at(address, slot), "big")


def read_pool(project: Any, combo: int, makers: bool = False) -> tuple[int, int]:
    """(perShare, carry) of a model's investor (or maker) pool, read from the project's storage."""
    word = _word(
        project.address, _mapping_slot(combo, MAKER_POOLS_SLOT if makers else INVESTOR_POOLS_SLOT)
    )
    return word & (2**160 - 1), word >> 160


def read_roles(project: Any) -> tuple[int, int]:
    word = _word(project.address, ROLES_SLOT)
    return word & (2**128 - 1), word >> 128


# ---------------------------------------------------------------- a succeeded model


@dataclass
class Sharing:
    """A succeeded model on chain and its Python money model, kept in step by the helpers."""

    project: Any
    combo: int
    money: Money
    model: RevenueModel
    shares: Any  # the CobuildShares contract
    makers: list[Any]
    creator: Any
    treasury: Any
    investors: list[Any]  # the backers, in the order they invested (uneven stakes)
    payer: Any  # who deposits later revenue (a licensee)
    plan: Any = None  # the ModelPlan it was built from
    holder: Any = None  # a contract holder, for tests that add one
    last_tx: Any = None  # the last transaction a helper sent (for its gas)
    close_tx: Any = None  # the `closeModel` transaction, if the build closed the model

    @property
    def surplus(self) -> int:
        """The funding above the cost the close books back to the holders (from the model)."""
        return self.model.models[self.combo].surplus

    def fresh(self) -> Sharing:
        """A copy with its own model: module fixtures build once, each test (whose chain state
        fn_isolation restores) works on a copy of the model as it was."""
        return replace(self, model=copy.deepcopy(self.model), last_tx=None)  # holder kept

    @property
    def token_id(self) -> int:
        return self.shares.tokenId(self.project, self.combo)

    def _received(self, who: Any, before: int, tx: Any) -> int:
        """What `who` received in `tx` (ETH: its balance change plus the gas it paid)."""
        after = self.money.balance(who)
        if self.money.is_eth and str(tx.sender) == str(who):
            after += tx.gas_used * tx.gas_price
        return after - before

    def deposit(self, amount: int, payer: Any = None) -> Any:
        """Deposit revenue on chain and in the model; checks the split in the event."""
        payer = payer or self.payer
        tx = self.project.depositRevenue(
            self.combo, amount, self.money.pay(payer, self.project, amount)
        )
        expected = self.model.deposit(self.combo, amount)
        event = tx.events["RevenueDeposited"][-1]  # the first deposit may close the model first
        assert (
            event["creatorPart"],
            event["makersPart"],
            event["investorsPart"],
            event["platformPart"],
        ) == tuple(expected)
        self.last_tx = tx
        return tx

    def claim(self, holder: Any) -> int:
        """Claim revenue on chain and in the model: the payment equals the model's, to the wei."""
        expected = self.model.claim(self.combo, str(holder))
        before = self.money.balance(holder)
        tx = self.project.claimRevenue(self.combo, {"from": holder})
        self.last_tx = tx
        assert tx.events["RevenueClaimed"]["amount"] == expected
        assert self._received(holder, before, tx) == expected
        return expected

    def claim_maker(self, dimension: int) -> int:
        """A maker's claim: its revenue part must equal the model's (escrow is not modelled)."""
        maker = self.makers[dimension]
        expected = self.model.claim_maker(self.combo, dimension)
        before = self.money.balance(maker)
        tx = self.project.claimMaker(self.combo, dimension, {"from": maker})
        self.last_tx = tx
        event = tx.events["MakerPaid"]
        assert event["revenue"] == expected
        assert self._received(maker, before, tx) == event["escrow"] + expected
        return expected

    def claim_creator(self) -> int:
        expected = self.model.claim_creator(str(self.creator))
        before = self.money.balance(self.creator)
        tx = self.project.claimCreator({"from": self.creator})
        self.last_tx = tx
        assert self._received(self.creator, before, tx) == expected
        return expected

    def claim_platform(self, treasury: Any = None) -> int:
        treasury = treasury or self.treasury
        expected = self.model.claim_platform(str(treasury))
        before = self.money.balance(treasury)
        tx = self.project.claimPlatform({"from": treasury})
        self.last_tx = tx
        assert self._received(treasury, before, tx) == expected
        return expected

    def transfer(self, src: Any, dst: Any, amount: int, operator: Any = None) -> Any:
        """An ERC-1155 transfer of shares, on chain and in the model."""
        tx = self.shares.safeTransferFrom(
            src, dst, self.token_id, amount, b"", {"from": operator or src}
        )
        self.model.transfer(self.combo, str(src), str(dst), amount)
        self.last_tx = tx
        return tx

    def claim_every_role(self) -> None:
        """Every investor, every maker, the creator and the treasury claim, whatever the model
        says they are owed (each payment checked against the model's, to the wei)."""
        for holder in self.investors:
            self.claim(holder)
        for dimension in range(len(self.makers)):
            self.claim_maker(dimension)
        self.claim_creator()
        self.claim_platform()

    def claim_all(self) -> int:
        """Everyone with something owed claims it (investors, makers, creator, treasury)."""
        total = 0
        for holder in self.model.holders(self.combo):
            if self.model.revenue_of(self.combo, holder) > 0:
                total += self.claim(holder)
        for dimension in range(len(self.makers)):
            if self.model.maker_revenue_of(self.combo, dimension) > 0:
                total += self.claim_maker(dimension)
        if self.model.creator_owed > 0:
            total += self.claim_creator()
        if self.model.platform_owed > 0:
            total += self.claim_platform()
        return total

    def assert_matches_model(self, holders: Sequence[str] | None = None) -> None:
        """Everything the project holds for this model equals the model: accumulators and carries
        (storage), role balances, views of every holder (or of `holders`) and maker part, and
        the escrow."""
        inv, mk = self.model.models[self.combo].investors, self.model.models[self.combo].makers
        assert read_pool(self.project, self.combo) == (inv.per_share, inv.carry)
        assert read_pool(self.project, self.combo, makers=True) == (mk.per_share, mk.carry)
        assert tuple(self.project.roleOwed()) == (self.model.creator_owed, self.model.platform_owed)
        assert read_roles(self.project) == (self.model.creator_owed, self.model.platform_owed)
        assert self.project.totalShares(self.combo) == self.model.total_shares(self.combo)
        for holder in self.model.holders(self.combo) if holders is None else holders:
            assert self.project.sharesOf(self.combo, holder) == self.model.shares_of(
                self.combo, holder
            )
            assert self.project.revenueOf(self.combo, holder) == self.model.revenue_of(
                self.combo, holder
            )
        for dimension in range(len(self.makers)):
            assert self.project.makerOwed(self.combo, dimension)[1] == self.model.maker_revenue_of(
                self.combo, dimension
            )
        # the makers were paid their escrow (their quotes) when the model closed: what the
        # project holds is exactly the revenue deposited and the surplus, less what was paid
        assert self.money.balance(self.project) == self.model.held()


@dataclass
class ModelPlan:
    """What to build: quotes by dimension, ideation stakes by investor index (the shares if the
    model succeeds; their sum above the quotes' is the surplus), the presale price and order
    count. Defaults are deliberately uneven and odd."""

    quotes: Sequence[int] = (3 * E // 10 + 1, 11 * E // 10 + 3, 7 * E // 10 + 5)
    stakes: Sequence[int] = (13 * E // 10 + 7, 9 * E // 10 + 3, E // 3 + 1, E // 4 + 13)
    price: int = 3 * E + 7
    orders: int = 3
    min_orders: int = 2
    makers_claim_escrow: bool = True
    until: Phase = Phase.Closed  # Presale: stop after the orders
    close: bool = True  # False: leave the succeeded model for the first action to close
