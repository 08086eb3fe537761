# SPDX-License-Identifier: MIT
"""A client for a deployed Cobuild platform, on web3.py and eth_account only: no brownie, no
compiled project, no checkout. It reads the platform by field names and acts as the dApp does.

    from cobuild.client import Cobuild

    cb = Cobuild("https://rpc.example", deployment="deployments/11155111.json",
                 account=os.environ["COBUILD_PRIVATE_KEY"])      # or a keystore file + password
    for p in cb.projects():                                     # every project of the factory
        print(p.id, p.address, p.phase.name, p.title, p.tags)
    car = cb.project(1)                                         # by id or address
    car.config["minStake"], car.labels["dimensions"], car.phase  # by field name
    for c in car.combinations():                                # status, funding, rank
        print(c.id, c.status.name, car.token.format(c.funded), c.rank)
    combo = car.invest_in_new([1, 4], car.units("0.5")).result  # an ERC-20 is approved first
    car.invest(combo, car.units(1))
    car.argue(combo, "the lightest frame, the toughest foam")
    mine = car.positions()                                      # of the account, or of any address
    for claim in mine.claims:                                   # what it can claim now
        print(claim.what, claim.amount)
        car.take(claim)

Inside `brownie console` the client takes brownie's web3 and accounts:

    >>> from cobuild.client import Cobuild
    >>> cb = Cobuild(web3, deployment="deployments/dev/31337.json", account=accounts[0])

Amounts are integers in the project's token units (wei for ETH): `Project.units("1.5")` converts
with the token's decimals, `Project.token.format(amount)` back. Every action is simulated first:
a call the rules refuse raises `Reverted` with the error's name, arguments and its sentence (the
NatSpec of `abi/errors.json`), and nothing is sent. An action returns a `Sent`: the transaction,
its decoded events, and its result (a new id, an amount paid) where the events tell it.

Reads go in JSON-RPC batches; logs are read in pages of `log_page` blocks from the deployment's
block (the record's `block`, or `from_block`).
"""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property
from pathlib import Path
from typing import Any

from eth_abi import decode as abi_decode
from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_utils import event_abi_to_log_topic, keccak, to_checksum_address
from web3 import Web3
from web3.exceptions import ContractLogicError

from cobuild import abis
from cobuild.model.ranking import rank_key, resume_from
from cobuild.protocol import ZERO_ADDRESS, ZERO_HASH, Phase, RankBy, Status

__all__ = [
    "Claim",
    "Cobuild",
    "CobuildError",
    "Combination",
    "Phase",
    "Position",
    "Positions",
    "Project",
    "ProjectSummary",
    "Reverted",
    "Sent",
    "Status",
    "Token",
    "explain_revert",
    "load_account",
]

READ_CHUNK = 250  # calls per JSON-RPC batch
RANKING_PAGE = 500  # combinations per rankingKeys call
SECONDS_PER_DAY = 86_400


class CobuildError(RuntimeError):
    """Something the client cannot do (no account, no such project, a missing record)."""


class Reverted(CobuildError):
    """The chain refused an action: `error` is the custom error's name (or None), `arguments` its
    decoded arguments, `sentence` what it means (the error's NatSpec)."""

    def __init__(self, action: str, sentence: str, error: str | None = None, arguments=None):
        self.action = action
        self.error = error
        self.arguments = dict(arguments or {})
        self.sentence = sentence
        super().__init__(f"{action}: {sentence}")


# ------------------------------------------------------------------ revert data


def _errors() -> dict[bytes, dict]:
    return {bytes.fromhex(k[2:]): v for k, v in abis.load("errors").items()}


def _shown(param: dict, value: Any) -> Any:
    internal = param.get("internalType", "")
    if internal.endswith(".Phase"):
        return Phase(value).name
    if internal.endswith(".Status"):
        return Status(value).name
    if isinstance(value, bytes):
        return "0x" + value.hex()
    return value


def explain_revert(data: str | bytes | None) -> tuple[str | None, dict[str, Any], str]:
    """(error name, arguments by name, sentence) of revert data: a Cobuild custom error with its
    NatSpec sentence, a revert string, or a panic."""
    if not data:
        return None, {}, "reverted without a reason"
    raw = (
        bytes.fromhex(data[2:] if data.startswith("0x") else data)
        if isinstance(data, str)
        else data
    )
    selector, body = raw[:4], raw[4:]
    try:
        if selector == bytes.fromhex("08c379a0"):
            return "Error", {}, f"reverted: {abi_decode(['string'], body)[0]}"
        if selector == bytes.fromhex("4e487b71"):
            return (
                "Panic",
                {},
                f"the contract panicked (code {abi_decode(['uint256'], body)[0]:#x})",
            )
        error = _errors().get(selector)
        if error is not None:
            inputs = error["inputs"]
            values = abi_decode([i["type"] for i in inputs], body)
            named = {
                (i["name"] or f"arg{n}"): _shown(i, v)
                for n, (i, v) in enumerate(zip(inputs, values, strict=True))
            }
            name = error.get("name") or error["signature"].split("(")[0]
            sentence = error.get("sentence") or name
            if isinstance(sentence, dict):  # by language
                sentence = sentence.get("en") or next(iter(sentence.values()), name)
            shown = ", ".join(f"{k}: {v}" for k, v in named.items())
            return name, named, sentence + (f" ({shown})" if shown else "")
    except Exception:  # malformed revert data (a hostile token's): shown raw
        pass
    return None, {}, f"reverted with data 0x{raw.hex()}"


def _revert_data(exc: Exception) -> str | None:
    """The revert data of a refused call: web3's ContractLogicError carries it; brownie's web3
    (in `brownie console`) raises a ValueError of the node's error instead."""
    data = exc.data if isinstance(exc, ContractLogicError) else None
    if data is None and exc.args and isinstance(exc.args[0], dict):
        data = exc.args[0].get("data")
    if isinstance(data, dict):  # some nodes nest it
        data = data.get("data")
    return data if isinstance(data, str) and data.startswith("0x") else None


def _refusal(exc: Exception) -> bool:
    """Whether `exc` is the chain refusing a call (rather than a node or network failure)."""
    if isinstance(exc, ContractLogicError):
        return True
    error = exc.args[0] if isinstance(exc, ValueError) and exc.args else None
    return isinstance(error, dict) and (
        "data" in error or "revert" in str(error.get("message", ""))
    )


# ------------------------------------------------------------------ accounts


@dataclass(frozen=True)
class Signer:
    """Who sends: a local key (signed here), or an address the node signs for (a development
    node's unlocked account, brownie's `accounts[0]`)."""

    address: str
    account: LocalAccount | None = None


def load_account(account: Any, password: str | None = None) -> Signer:
    """A signer from a private key (hex), a keystore file (its password from `password`,
    $COBUILD_ACCOUNT_PASSWORD, or asked), an eth_account `LocalAccount`, a brownie account (a
    local one is signed here, an unlocked one by the node), or an address the node unlocks."""
    if isinstance(account, Signer):
        return account
    if isinstance(account, LocalAccount):
        return Signer(account.address, account)
    key = getattr(account, "private_key", None)  # brownie's LocalAccount
    if key is not None:
        local = Account.from_key(key)
        return Signer(local.address, local)
    if hasattr(account, "address"):  # brownie's unlocked Account
        return Signer(to_checksum_address(account.address))
    if isinstance(account, Path) or (isinstance(account, str) and os.path.isfile(account)):
        keystore = json.loads(Path(account).read_text())
        if password is None:
            password = os.environ.get("COBUILD_ACCOUNT_PASSWORD")
        if password is None:
            password = getpass.getpass(f"password of {account}: ")
        local = Account.from_key(Account.decrypt(keystore, password))
        return Signer(local.address, local)
    if isinstance(account, str | bytes):
        text = account if isinstance(account, str) else "0x" + account.hex()
        if len(text.removeprefix("0x")) == 40:
            return Signer(to_checksum_address(text))
        local = Account.from_key(account)
        return Signer(local.address, local)
    raise CobuildError(f"not an account: {account!r}")


# ------------------------------------------------------------------ values


@dataclass(frozen=True)
class Token:
    """A project's payment asset: ETH (`address` None) or an ERC-20."""

    address: str | None
    symbol: str = "ETH"
    decimals: int = 18

    @property
    def is_eth(self) -> bool:
        return self.address is None

    def units(self, amount: int | float | str | Decimal) -> int:
        """`"1.5"` -> 1.5 * 10**decimals (exactly: a float goes through its decimal text)."""
        if isinstance(amount, int):
            return amount * 10**self.decimals
        try:
            value = Decimal(str(amount)) * 10**self.decimals
        except InvalidOperation as exc:
            raise ValueError(f"not an amount: {amount!r}") from exc
        if value != value.to_integral_value():
            raise ValueError(f"{amount} has more than {self.decimals} decimals ({self.symbol})")
        return int(value)

    def format(self, amount: int) -> str:
        text = f"{Decimal(amount) / Decimal(10) ** self.decimals:f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return f"{text} {self.symbol}"


@dataclass
class ProjectSummary:
    """A project as a list shows it: from its creation event and three reads."""

    id: int
    address: str
    creator: str
    title: str
    description: str
    uri: str
    tags: list[str]
    dimensions: list[str]
    conditions: list[str]
    token: Token
    phase: Phase
    counts: dict[str, int]
    held: int  # the project's balance in its token
    block: int  # of its creation

    def as_json(self) -> dict[str, Any]:
        return {
            **{k: v for k, v in vars(self).items() if k not in ("token", "phase")},
            "token": vars(self.token),
            "phase": self.phase.name,
        }


@dataclass
class Combination:
    """One combination (`IProjectBase.Combination`) by field name, with its rank."""

    id: int
    status: Status
    option_ids: list[int]
    cost: int
    funded: int
    supporters: int
    backers: int
    delivered_mask: int
    passed_conditions: int
    price: int
    min_orders: int
    orders: int
    rank: int | None = None  # in the order finalize expects (None until it has a key)

    def as_json(self) -> dict[str, Any]:
        return {**vars(self), "status": self.status.name}


@dataclass
class Position:
    """An address's stake in one combination and what the rules owe it there now."""

    combo: int
    stake: int
    shares: int
    refundable: int  # what refund(combo) pays now
    revenue: int  # what claimRevenue(combo) pays now


@dataclass(frozen=True)
class Claim:
    """Something an address can withdraw now: `Project.take(claim)` sends `function(*args)`."""

    function: str
    args: tuple
    amount: int
    what: str


@dataclass
class Positions:
    """Everything an address holds in a project, and `claims`: what it can withdraw now."""

    address: str
    combinations: list[Position] = field(default_factory=list)
    maker: list[dict[str, int]] = field(default_factory=list)  # combo, dimension, escrow, revenue
    creator: int = 0  # unclaimed creator revenue (when the address is the creator)
    platform: int = 0  # unclaimed platform revenue (when the address is the treasury)
    orders: list[dict[str, Any]] = field(default_factory=list)
    addons: list[dict[str, Any]] = field(default_factory=list)
    bonds: list[dict[str, Any]] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        data = {k: v for k, v in vars(self).items() if k not in ("combinations", "claims")}
        data["combinations"] = [vars(p) for p in self.combinations]
        data["claims"] = [{**vars(c), "args": list(c.args)} for c in self.claims]
        return data


@dataclass
class Sent:
    """A mined transaction: its hash, block, gas, its decoded events (name and arguments, in
    order) and `result`, what the function returned where its events tell it (a new id, an
    amount paid), else None."""

    action: str
    hash: str
    block: int
    gas_used: int
    events: list[tuple[str, dict[str, Any]]]
    result: Any = None

    def event(self, name: str) -> dict[str, Any]:
        """The arguments of the first event called `name`."""
        for event, args in self.events:
            if event == name:
                return args
        raise KeyError(f"{self.action} emitted no {name}")


def _plain(value: Any) -> Any:
    """web3's decoded values as plain Python: tuples and named tuples as lists and dicts,
    bytes as 0x hex."""
    if hasattr(value, "_asdict"):
        return {k: _plain(v) for k, v in value._asdict().items()}
    if isinstance(value, Mapping):  # web3's AttributeDict
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, bytes):
        return "0x" + value.hex()
    return value


def _named(abi_fn: dict, values: Any) -> dict[str, Any]:
    outputs = abi_fn["outputs"]
    values = values if len(outputs) > 1 else [values]
    return {o["name"]: _plain(v) for o, v in zip(outputs, values, strict=True)}


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _content(text: str = "", uri: str = "", digest: bytes | str = ZERO_HASH) -> tuple:
    if isinstance(digest, str):
        digest = bytes.fromhex(digest.removeprefix("0x"))
    return (text, uri, digest)


def _hash(report: bytes | str | None) -> bytes:
    """A report or evidence hash: 32 bytes as given, 0x-hex, or the keccak of a text."""
    if report is None or report == "":
        return ZERO_HASH
    if isinstance(report, bytes):
        return report
    if report.startswith("0x") and len(report) == 66:
        return bytes.fromhex(report[2:])
    return keccak(text=report)


# results read from the events of a transaction (the function's return value)
RESULTS: dict[str, tuple[str, str]] = {
    "createProject": ("ProjectCreated", "project"),
    "offerOption": ("OptionOffered", "optionId"),
    "investInNew": ("Invested", "combo"),
    "offerAddon": ("AddonOffered", "addonId"),
    "order": ("Ordered", "orderIndex"),
    "commitBond": ("BondCommitted", "bondId"),
    "refund": ("Refunded", "amount"),
    "claimRevenue": ("RevenueClaimed", "amount"),
    "claimCreator": ("CreatorPaid", "amount"),
    "claimPlatform": ("PlatformPaid", "amount"),
    "claimAddonRevenue": ("AddonRevenueClaimed", "amount"),
    "claimAward": ("AwardClaimed", "amount"),
    "withdrawBond": ("BondWithdrawn", "amount"),
    "refundOrder": ("OrderRefunded", "amount"),
}


# ------------------------------------------------------------------ the client


class Cobuild:
    """A deployed platform: its factory on the chain at `rpc` (a URL, or a `Web3` such as
    brownie's `web3`), given as `factory` (an address) or by a deployment record
    (`deployment`: deployments/<chainid>.json, or the dict read from it). `account` signs the
    actions (see `load_account`); reads need none. `from_block` is where log reads start (the
    record's `block` by default); `log_page` the blocks read per `eth_getLogs`."""

    def __init__(
        self,
        rpc: str | Web3,
        factory: str | None = None,
        *,
        deployment: str | Path | dict | None = None,
        account: Any = None,
        password: str | None = None,
        from_block: int | None = None,
        log_page: int = 5000,
        timeout: float = 120.0,
    ) -> None:
        if isinstance(rpc, str):
            self.w3 = Web3(Web3.HTTPProvider(rpc, request_kwargs={"timeout": timeout}))
        else:
            self.w3 = rpc
        record: dict = {}
        if deployment is not None:
            record = (
                deployment
                if isinstance(deployment, dict)
                else json.loads(Path(deployment).read_text(encoding="utf8"))
            )
            factory = factory or record.get("contracts", {}).get("CobuildFactory")
        if not factory:
            raise CobuildError("give the factory's address or a deployment record")
        self.record = record
        self.from_block = (
            from_block
            if from_block is not None
            else int(record.get("block") or record.get("deployBlock") or 0)
        )
        self.log_page = log_page
        self.timeout = timeout
        self.factory = self.w3.eth.contract(
            address=to_checksum_address(factory), abi=abis.load("ICobuildFactory")
        )
        self.signer: Signer | None = None
        if account is not None:
            self.use(account, password)
        self._events = self._event_table()

    def __repr__(self) -> str:
        return f"Cobuild(factory={self.factory.address}, account={self.address})"

    # ---------------------------------------------------------------- accounts

    def use(self, account: Any, password: str | None = None) -> Cobuild:
        """Sign from now on with `account` (see `load_account`); returns the client."""
        self.signer = load_account(account, password)
        return self

    @property
    def address(self) -> str | None:
        """The signing account's address, if any."""
        return self.signer.address if self.signer else None

    @cached_property
    def chain_id(self) -> int:
        return self.w3.eth.chain_id

    # ---------------------------------------------------------------- contracts

    def contract(self, address: str, abi_name: str) -> Any:
        return self.w3.eth.contract(
            address=to_checksum_address(address), abi=abis.load(abi_name), decode_tuples=True
        )

    @cached_property
    def shares(self) -> Any:
        return self.contract(self.factory.functions.shares().call(), "ICobuildShares")

    def treasury(self) -> str:
        return self.factory.functions.treasury().call()

    # ---------------------------------------------------------------- reads

    def reads(self, calls: Sequence[Any]) -> list[Any]:
        """Results of bound contract calls (`contract.functions.f(args)`), in JSON-RPC batches."""
        out: list[Any] = []
        for chunk in _chunks(list(calls), READ_CHUNK):
            if len(chunk) > 1:
                try:
                    with self.w3.batch_requests() as batch:
                        for call in chunk:
                            batch.add(call)
                        out.extend(batch.execute())
                    continue
                except (NotImplementedError, AttributeError, TypeError):
                    pass  # a provider without batches: one call at a time
            out.extend(call.call() for call in chunk)
        return out

    def logs(
        self,
        event: Any,
        from_block: int | None = None,
        argument_filters: dict[str, Any] | None = None,
    ) -> list[Any]:
        """The logs of `event` (e.g. `contract.events.Invested`) from `from_block` to the latest
        block, in pages of `log_page` blocks."""
        last = self.w3.eth.block_number
        start = self.from_block if from_block is None else from_block
        found: list[Any] = []
        for first in range(start, last + 1, self.log_page):
            found += event.get_logs(
                from_block=first,
                to_block=min(first + self.log_page - 1, last),
                argument_filters=argument_filters,
            )
        return found

    def project_count(self) -> int:
        return self.factory.functions.projectCount().call()

    def projects(self, tag: str | None = None) -> list[ProjectSummary]:
        """Every project of the factory, in id order (`tag`: only those carrying it)."""
        created = self.logs(self.factory.events.ProjectCreated)
        if tag is not None:
            created = [log for log in created if tag in log["args"]["labels"]["tags"]]
        tokens = {self._token_address(log["args"]["params"]["token"]) for log in created}
        token_info = self._tokens(tokens)
        calls: list[Any] = []
        for log in created:
            project = self.contract(log["args"]["project"], "ICobuildProject")
            calls += [project.functions.phase(), project.functions.counts()]
        results = self.reads(calls)
        held = self._balances(
            [
                (log["args"]["project"], self._token_address(log["args"]["params"]["token"]))
                for log in created
            ]
        )
        summaries = []
        for i, log in enumerate(created):
            args, labels = log["args"], log["args"]["labels"]
            summaries.append(
                ProjectSummary(
                    id=args["projectId"],
                    address=args["project"],
                    creator=args["creator"],
                    title=labels["title"],
                    description=labels["description"],
                    uri=labels["uri"],
                    tags=list(labels["tags"]),
                    dimensions=list(labels["dimensions"]),
                    conditions=list(labels["conditions"]),
                    token=token_info[self._token_address(args["params"]["token"])],
                    phase=Phase(results[2 * i]),
                    counts=dict(
                        zip(
                            ("options", "combinations", "addons", "bonds"),
                            results[2 * i + 1],
                            strict=True,
                        )
                    ),
                    held=held[i],
                    block=log["blockNumber"],
                )
            )
        return sorted(summaries, key=lambda s: s.id)

    def project(self, ref: int | str) -> Project:
        """A project by its id in the factory or its address."""
        if isinstance(ref, int):
            count = self.project_count()
            if not 1 <= ref <= count:
                raise CobuildError(f"no project {ref}: the factory has {count}")
            address = self.factory.functions.projectAt(ref).call()
        else:
            address = to_checksum_address(ref)
            if self.factory.functions.projectId(address).call() == 0:
                raise CobuildError(f"{address} is not a project of {self.factory.address}")
        return Project(self, address)

    # ---------------------------------------------------------------- tokens and balances

    @staticmethod
    def _token_address(token: str) -> str | None:
        return None if int(token, 16) == 0 else to_checksum_address(token)

    def _tokens(self, addresses: Iterable[str | None]) -> dict[str | None, Token]:
        found: dict[str | None, Token] = {None: Token(None)}
        erc20 = [a for a in addresses if a is not None]
        calls = []
        for address in erc20:
            token = self.contract(address, "IERC20Metadata")
            calls += [token.functions.symbol(), token.functions.decimals()]
        results = self.reads(calls)
        for i, address in enumerate(erc20):
            found[address] = Token(address, results[2 * i], results[2 * i + 1])
        return found

    def _balances(self, holders: Sequence[tuple[str, str | None]]) -> list[int]:
        """Balances of (holder, token) pairs (token None: ETH), in batches."""
        eth = [h for h, t in holders if t is None]
        erc20 = [(h, t) for h, t in holders if t is not None]
        eth_balances = iter(self._eth_balances(eth))
        calls = [self.contract(t, "IERC20Metadata").functions.balanceOf(h) for h, t in erc20]
        token_balances = iter(self.reads(calls))
        return [next(eth_balances) if t is None else next(token_balances) for _, t in holders]

    def _eth_balances(self, holders: Sequence[str]) -> list[int]:
        out: list[int] = []
        for chunk in _chunks(list(holders), READ_CHUNK):
            try:
                with self.w3.batch_requests() as batch:
                    for holder in chunk:
                        batch.add(self.w3.eth.get_balance(holder))
                    out.extend(batch.execute())
            except (NotImplementedError, AttributeError, TypeError):
                out.extend(self.w3.eth.get_balance(holder) for holder in chunk)
        return out

    # ---------------------------------------------------------------- creating

    def create_project(
        self,
        title: str,
        dimensions: Sequence[str],
        inspectors: Sequence[str],
        *,
        description: str = "",
        uri: str = "",
        tags: Sequence[str] = (),
        conditions: Sequence[str] = ("road",),
        token: str | None = None,
        content_hash: bytes | str = ZERO_HASH,
        ideation_seconds: int = 7 * SECONDS_PER_DAY,
        ideation_end: int | None = None,
        rescue_window: int = 2 * SECONDS_PER_DAY,
        development_period: int = 30 * SECONDS_PER_DAY,
        testing_period: int = 10 * SECONDS_PER_DAY,
        presale_period: int = 14 * SECONDS_PER_DAY,
        min_total: int = 10**18,
        min_stake: int = 10**16,
        slots: int = 1,
        max_rescues: int = 0,
        rank_by: RankBy | int = RankBy.Supporters,
        ratio_bps: Sequence[int] = (3000, 3000, 3000, 1000),
        advance_bps: int = 2000,
        quorum: int | None = None,
    ) -> Project:
        """Open a project as the signing account (its creator); times in seconds, amounts in
        token units (`min_total`, `min_stake`). The quorum is the inspectors' majority unless
        given. Returns the new project."""
        if ideation_end is None:
            ideation_end = self.w3.eth.get_block("latest")["timestamp"] + ideation_seconds
        params = (
            token or ZERO_ADDRESS,
            _hash(content_hash) if isinstance(content_hash, str) else content_hash,
            ideation_end,
            rescue_window,
            development_period,
            testing_period,
            presale_period,
            min_total,
            min_stake,
            slots,
            max_rescues,
            int(rank_by),
            list(ratio_bps),
            advance_bps,
            len(inspectors) // 2 + 1 if quorum is None else quorum,
            [to_checksum_address(i) for i in inspectors],
        )
        labels = (title, description, uri, list(tags), list(dimensions), list(conditions))
        sent = self.send(self.factory.functions.createProject(params, labels), "createProject")
        return Project(self, sent.result)

    # ---------------------------------------------------------------- sending

    def _event_table(self) -> dict[bytes, Any]:
        """Every event a platform transaction can emit, by topic."""
        table: dict[bytes, Any] = {}
        for name in ("ICobuildProject", "ICobuildFactory", "ICobuildShares", "IERC20Metadata"):
            contract = self.w3.eth.contract(abi=abis.load(name))
            for item in contract.abi:
                if item["type"] == "event" and not item.get("anonymous"):
                    topic = event_abi_to_log_topic(item)
                    table.setdefault(topic, contract.events[item["name"]]())
        return table

    def _decode(self, receipt: Any) -> list[tuple[str, dict[str, Any]]]:
        events = []
        for log in receipt["logs"]:
            topics = log["topics"]
            event = self._events.get(bytes(topics[0])) if topics else None
            if event is None:
                continue
            try:
                decoded = event.process_log(log)
            except Exception:  # same topic, other indexing (an ERC-721 Transfer)
                continue
            events.append((decoded["event"], _plain(decoded["args"])))
        return events

    def _signer(self) -> Signer:
        if self.signer is None:
            raise CobuildError("no account to sign with: Cobuild(..., account=...) or .use(...)")
        return self.signer

    def send(self, call: Any, action: str | None = None, value: int = 0) -> Sent:
        """Simulate `call` (a bound contract function) as the signing account, then send it and
        wait for its receipt. A refusal raises `Reverted` (nothing is sent)."""
        signer = self._signer()
        action = action or call.fn_name
        params: dict[str, Any] = {"from": signer.address}
        if value:
            params["value"] = value
        try:
            call.call(params)
        except (ContractLogicError, ValueError) as exc:
            if not _refusal(exc):
                raise
            data = _revert_data(exc)
            error, arguments, sentence = explain_revert(data)
            if data is None:
                sentence = str(exc)
            raise Reverted(action, sentence, error, arguments) from exc
        if signer.account is None:
            tx_hash = call.transact(params)
        else:
            tx = call.build_transaction(
                {
                    **params,
                    "nonce": self.w3.eth.get_transaction_count(signer.address, "pending"),
                    "chainId": self.chain_id,
                }
            )
            signed = signer.account.sign_transaction(tx)
            tx_hash = self.w3.eth.send_raw_transaction(signed.raw_transaction)
        receipt = self.w3.eth.wait_for_transaction_receipt(tx_hash, timeout=self.timeout)
        if receipt["status"] != 1:
            raise Reverted(action, f"the transaction 0x{bytes(tx_hash).hex()} reverted on chain")
        events = self._decode(receipt)
        sent = Sent(
            action,
            "0x" + bytes(receipt["transactionHash"]).hex(),
            receipt["blockNumber"],
            receipt["gasUsed"],
            events,
        )
        if action in RESULTS:
            name, key = RESULTS[action]
            sent.result = next((args[key] for event, args in events if event == name), None)
        return sent


# ------------------------------------------------------------------ one project


class Project:
    """One project: reads by field name, and the actions of every role (sent by the client's
    account). Its configuration, labels and token never change and are read once."""

    def __init__(self, client: Cobuild, address: str) -> None:
        self.client = client
        self.address = to_checksum_address(address)
        self.contract = client.contract(self.address, "ICobuildProject")
        self.functions = self.contract.functions

    def __repr__(self) -> str:
        return f"Project({self.address})"

    # ---------------------------------------------------------------- what never changes

    @cached_property
    def config(self) -> dict[str, Any]:
        """`IProjectBase.Config` by field name (factory, token, creator, ideationEnd, minTotal,
        minStake, slots, maxRescues, rankBy, ratioBps, quorum, inspectors, ...)."""
        return _plain(self.functions.config().call())

    @cached_property
    def _created(self) -> Any:
        logs = self.client.logs(
            self.client.factory.events.ProjectCreated,
            argument_filters={"project": self.address},
        )
        if not logs:
            raise CobuildError(
                f"no ProjectCreated event of {self.address} from block {self.client.from_block}"
            )
        return logs[-1]

    @property
    def id(self) -> int:
        return self._created["args"]["projectId"]

    @property
    def block(self) -> int:
        """The block of its creation (where its own log reads start)."""
        return self._created["blockNumber"]

    @cached_property
    def labels(self) -> dict[str, Any]:
        """title, description, uri, tags, dimensions, conditions (emitted at creation)."""
        return _plain(self._created["args"]["labels"])

    @cached_property
    def token(self) -> Token:
        address = Cobuild._token_address(self.config["token"])
        return self.client._tokens([address])[address]

    def units(self, amount: int | float | str | Decimal) -> int:
        """Whole tokens (or ETH) to the token's units: `units("0.5")`."""
        return self.token.units(amount)

    # ---------------------------------------------------------------- live reads

    @property
    def phase(self) -> Phase:
        return Phase(self.functions.phase().call())

    def schedule(self) -> dict[str, int]:
        """rescueEnd, developmentEnd, testingEnd, presaleEnd (0 until finalized)."""
        return self._view("schedule")

    def counts(self) -> dict[str, int]:
        """options, combinations, addons, bonds."""
        return self._view("counts")

    def selection(self) -> dict[str, int]:
        """ranked, selected, rescued, totalInvested."""
        return self._view("selection")

    def balance(self) -> int:
        """What the project holds, in its token."""
        return self.client._balances([(self.address, self.token.address)])[0]

    def _view(self, name: str, *args: Any) -> dict[str, Any]:
        fn = self.contract.get_function_by_name(name)
        return _named(fn.abi, getattr(self.functions, name)(*args).call())

    def options(self) -> list[dict[str, Any]]:
        """Every option: id, dimension (index and name), maker, quote and its name (the text
        of its offer)."""
        offered = self.client.logs(self.contract.events.OptionOffered, self.block)
        dimensions = self.labels["dimensions"]
        return [
            {
                "id": log["args"]["optionId"],
                "dimension": log["args"]["dimension"],
                "dimension_name": dimensions[log["args"]["dimension"]],
                "maker": log["args"]["maker"],
                "quote": log["args"]["quote"],
                "name": log["args"]["content"]["text"],
            }
            for log in sorted(offered, key=lambda log: log["args"]["optionId"])
        ]

    def combination(self, combo: int) -> Combination:
        return self.combinations([combo])[0]

    def combinations(self, ids: Sequence[int] | None = None) -> list[Combination]:
        """Combinations (all by default) with status, funding against cost, supporters, backers,
        presale terms and orders, and their rank in the order finalize expects."""
        n = self.counts()["combinations"]
        ids = list(range(1, n + 1)) if ids is None else list(ids)
        records = self.client.reads([self.functions.combination(i) for i in ids])
        order = self.ranking()
        rank = {combo: i for i, combo in enumerate(order, start=1)}
        out = []
        for combo, record in zip(ids, records, strict=True):
            c = _plain(record)
            out.append(
                Combination(
                    id=combo,
                    status=Status(c["status"]),
                    option_ids=list(c["optionIds"]),
                    cost=c["cost"],
                    funded=c["funded"],
                    supporters=c["supporters"],
                    backers=c["backers"],
                    delivered_mask=c["deliveredMask"],
                    passed_conditions=c["passedConditions"],
                    price=c["price"],
                    min_orders=c["minOrders"],
                    orders=c["orders"],
                    rank=rank.get(combo),
                )
            )
        return out

    def ranking(self) -> list[int]:
        """Every combination id in the order `finalize` expects (by supporters then funding, or
        the reverse: the project's `rankBy`; ties to the one funded first)."""
        n = self.counts()["combinations"]
        by = RankBy(self.config["rankBy"])
        pages = [
            (first, min(RANKING_PAGE, n + 1 - first)) for first in range(1, n + 1, RANKING_PAGE)
        ]
        answers = self.client.reads([self.functions.rankingKeys(f, c) for f, c in pages])
        keys = []
        for (first, count), (supporters, funded) in zip(pages, answers, strict=True):
            keys += [rank_key(first + i, supporters[i], funded[i], by) for i in range(count)]
        return [key[2] for key in sorted(keys)]

    def arguments(self, combo: int | None = None) -> list[dict[str, Any]]:
        """The published arguments ("PK"): combo, author, text, block."""
        filters = None if combo is None else {"combo": combo}
        logs = self.client.logs(self.contract.events.ArgumentPublished, self.block, filters)
        return [{**_plain(log["args"]), "block": log["blockNumber"]} for log in logs]

    def positions(self, address: str | None = None) -> Positions:
        """What `address` (the client's account by default) holds here and what it can claim
        now: stakes and shares per combination with their refund and revenue, a maker's parts,
        the creator's and the treasury's revenue, orders, add-ons and bonds."""
        who = to_checksum_address(address or self.client._signer().address)
        events = self.contract.events
        logs = self.client.logs
        combos = sorted(
            {log["args"]["combo"] for log in logs(events.Invested, self.block, {"backer": who})}
            | {log["args"]["combo"] for log in logs(events.SharesMoved, self.block, {"to": who})}
        )
        my_options = {
            log["args"]["optionId"]
            for log in logs(events.OptionOffered, self.block, {"maker": who})
        }
        parts = (
            [
                (log["args"]["combo"], d)
                for log in logs(events.CombinationCreated, self.block)
                for d, option in enumerate(log["args"]["optionIds"])
                if option in my_options
            ]
            if my_options
            else []
        )
        orders = logs(events.Ordered, self.block, {"buyer": who})
        addons = logs(events.AddonOffered, self.block, {"merchant": who})
        bonds = logs(events.BondCommitted, self.block, {"provider": who})
        f = self.functions
        calls: list[Any] = []
        for combo in combos:
            calls += [
                f.stakeOf(combo, who),
                f.sharesOf(combo, who),
                f.refundableOf(combo, who),
                f.revenueOf(combo, who),
            ]
        calls += [f.makerOwed(combo, d) for combo, d in parts]
        calls += [f.orderOf(o["args"]["combo"], o["args"]["orderIndex"]) for o in orders]
        calls += [f.status(o["args"]["combo"]) for o in orders]
        calls += [f.addon(a["args"]["addonId"]) for a in addons]
        calls += [f.bond(b["args"]["bondId"]) for b in bonds]
        calls += [f.roleOwed(), self.client.factory.functions.treasury()]
        answers = iter(self.client.reads(calls))
        out = Positions(who)
        for combo in combos:
            stake, shares, refundable, revenue = (next(answers) for _ in range(4))
            out.combinations.append(Position(combo, stake, shares, refundable, revenue))
            if refundable:
                out.claims.append(
                    Claim("refund", (combo,), refundable, f"refund of combination {combo}")
                )
            if revenue:
                out.claims.append(
                    Claim("claimRevenue", (combo,), revenue, f"revenue of combination {combo}")
                )
        for combo, dimension in parts:
            escrow, revenue = next(answers)
            out.maker.append(
                {"combo": combo, "dimension": dimension, "escrow": escrow, "revenue": revenue}
            )
            if escrow or revenue:
                out.claims.append(
                    Claim(
                        "claimMaker",
                        (combo, dimension),
                        escrow + revenue,
                        f"maker's part {dimension} of combination {combo}",
                    )
                )
        order_states = [next(answers) for _ in orders]
        statuses = [Status(next(answers)) for _ in orders]
        for log, state, status in zip(orders, order_states, statuses, strict=True):
            combo, index = log["args"]["combo"], log["args"]["orderIndex"]
            _, paid, award = state
            out.orders.append(
                {
                    "combo": combo,
                    "index": index,
                    "paid": paid,
                    "award": award,
                    "status": status.name,
                }
            )
            if status == Status.PresaleFailed and paid:
                out.claims.append(
                    Claim(
                        "refundOrder", (combo, index), paid, f"refund of order {index} of {combo}"
                    )
                )
            if award:
                out.claims.append(
                    Claim("claimAward", (combo, index), award, f"award of order {index} of {combo}")
                )
        for log in addons:
            combo, _, price, sold, claimed = next(answers)
            addon_id = log["args"]["addonId"]
            out.addons.append(
                {"id": addon_id, "combo": combo, "price": price, "sold": sold, "claimed": claimed}
            )
        for log in bonds:
            _, combo, left, warranty_end = next(answers)
            bond_id = log["args"]["bondId"]
            out.bonds.append(
                {"id": bond_id, "combo": combo, "left": left, "warranty_end": warranty_end}
            )
        creator_owed, platform_owed = next(answers)
        treasury = next(answers)
        if who == self.config["creator"]:
            out.creator = creator_owed
            if creator_owed:
                out.claims.append(Claim("claimCreator", (), creator_owed, "creator's revenue"))
        if who == treasury:
            out.platform = platform_owed
            if platform_owed:
                out.claims.append(Claim("claimPlatform", (), platform_owed, "platform's revenue"))
        # add-on revenue and bonds pay whatever the rules allow now: ask the chain, as `who`
        for addon in out.addons:
            self._claimable(out, who, "claimAddonRevenue", (addon["id"],), f"add-on {addon['id']}")
        for bond in out.bonds:
            if bond["left"]:
                self._claimable(out, who, "withdrawBond", (bond["id"],), f"bond {bond['id']}")
        return out

    def _claimable(self, out: Positions, who: str, fn: str, args: tuple, what: str) -> None:
        try:
            amount = getattr(self.functions, fn)(*args).call({"from": who})
        except (ContractLogicError, ValueError) as exc:
            if _refusal(exc):
                return
            raise
        if amount:
            out.claims.append(Claim(fn, args, amount, what))

    # ---------------------------------------------------------------- describing

    def as_json(self, positions_of: str | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "address": self.address,
            "id": self.id,
            "labels": self.labels,
            "config": self.config,
            "token": vars(self.token),
            "phase": self.phase.name,
            "schedule": self.schedule(),
            "counts": self.counts(),
            "selection": self.selection(),
            "balance": self.balance(),
            "options": self.options(),
            "combinations": [c.as_json() for c in self.combinations()],
        }
        if positions_of:
            data["positions"] = self.positions(positions_of).as_json()
        return data

    def describe(self, positions_of: str | None = None) -> str:
        """A few lines a person reads: phase, parameters, options, combinations (and positions)."""
        fmt = self.token.format
        cfg, labels = self.config, self.labels
        lines = [
            f"#{self.id} {labels['title']} ({self.address}): {self.phase.name}, "
            f"holds {fmt(self.balance())}",
            f"  ratio {'/'.join(str(r // 100) for r in cfg['ratioBps'])} %, "
            f"{cfg['slots']} slots, min total {fmt(cfg['minTotal'])}, "
            f"quorum {cfg['quorum']} of {len(cfg['inspectors'])} inspectors",
        ]
        for o in self.options():
            lines.append(
                f"  option {o['id']}: {o['dimension_name']:<10} {o['name'] or '-':<16} "
                f"quote {fmt(o['quote'])} by {o['maker']}"
            )
        for c in self.combinations():
            lines.append(
                f"  combination {c.id} {c.option_ids}: {c.status.name:<12} "
                f"funded {fmt(c.funded)} of {fmt(c.cost)}, {c.supporters} supporters, rank {c.rank}"
            )
        if positions_of:
            mine = self.positions(positions_of)
            lines.append(f"  positions of {mine.address}:")
            for p in mine.combinations:
                lines.append(
                    f"    combination {p.combo}: stake {fmt(p.stake)}, shares {fmt(p.shares)}"
                )
            for claim in mine.claims:
                lines.append(f"    can claim {fmt(claim.amount)}: {claim.what}")
        return "\n".join(lines)

    # ---------------------------------------------------------------- acting

    def send(self, function: str, *args: Any, value: int = 0) -> Sent:
        """Any project function by its ABI name: `send("deliver", combo, dimension, report)`."""
        return self.client.send(getattr(self.functions, function)(*args), function, value)

    def _pay(self, amount: int) -> int:
        """The ETH value of a payment of `amount`; for an ERC-20 the approval of exactly what is
        missing of `amount` is sent first (as the dApp does), and the value is 0."""
        if self.token.is_eth:
            return amount
        signer = self.client._signer()
        token = self.client.contract(self.token.address, "IERC20Metadata")
        if token.functions.allowance(signer.address, self.address).call() < amount:
            self.client.send(token.functions.approve(self.address, amount), "approve")
        return 0

    def take(self, claim: Claim) -> Sent:
        """Withdraw a claim of `positions().claims`."""
        return self.send(claim.function, *claim.args)

    # ideation and selection

    def offer_option(
        self, dimension: int | str, quote: int, name: str = "", uri: str = "", digest=ZERO_HASH
    ) -> Sent:
        """Offer an option (a part) in `dimension` (index or name); `.result` is its id."""
        if isinstance(dimension, str):
            dimension = self.labels["dimensions"].index(dimension)
        return self.send("offerOption", dimension, quote, _content(name, uri, digest))

    def invest_in_new(self, option_ids: Sequence[int], amount: int) -> Sent:
        """Invest in the combination of `option_ids` (one per dimension), creating it if needed;
        `.result` is the combination's id."""
        value = self._pay(amount)
        return self.send("investInNew", [int(o) for o in option_ids], amount, value=value)

    def invest(self, combo: int, amount: int) -> Sent:
        """Invest `amount` in combination `combo` (ideation, or a rescue of one next in line)."""
        return self.send("invest", combo, amount, value=self._pay(amount))

    def argue(self, combo: int, text: str) -> Sent:
        """Publish an argument for a combination you back."""
        return self.send("argue", combo, text)

    def finalize(self, batch: int = 250) -> list[Sent]:
        """Submit the ranking in batches as your own attempt (continued where yours stands)."""
        order = self.ranking()
        if not order:
            return [self.send("finalize", 0, [])]
        start = resume_from(order, *self.functions.rankingOf(self.client._signer().address).call())
        return [
            self.send("finalize", first, order[first : first + batch])
            for first in range(start, len(order), batch)
        ]

    def refund(self, combo: int) -> Sent:
        """Withdraw what the rules owe you back for `combo`; `.result` is the amount."""
        return self.send("refund", combo)

    def claim_revenue(self, combo: int) -> Sent:
        """Withdraw your share of a succeeded model's revenue and surplus; `.result`: amount."""
        return self.send("claimRevenue", combo)

    # R&D, testing, presale (makers, inspectors, creator, merchants, buyers, providers)

    def claim_maker(self, combo: int, dimension: int) -> Sent:
        """A maker's escrow and revenue for its part `dimension` of `combo`."""
        return self.send("claimMaker", combo, dimension)

    def deliver(self, combo: int, dimension: int, report: bytes | str | None = None) -> Sent:
        """A maker delivers its part (`report`: 32 bytes, or a text that is hashed)."""
        return self.send("deliver", combo, dimension, _hash(report))

    def record_verdict(
        self, combo: int, condition: int, passed: bool, report: bytes | str | None = None
    ) -> Sent:
        """An inspector's verdict under one test condition."""
        return self.send("recordVerdict", combo, condition, passed, _hash(report))

    def set_model_terms(self, combo: int, price: int, min_orders: int) -> Sent:
        """The creator sets a model's presale price and minimum orders."""
        return self.send("setModelTerms", combo, price, min_orders)

    def offer_addon(self, combo: int, price: int, name: str = "", uri: str = "") -> Sent:
        """A merchant offers an add-on for a model; `.result` is its id."""
        return self.send("offerAddon", combo, price, _content(name, uri))

    def order(self, combo: int, addon_ids: Sequence[int] = ()) -> Sent:
        """Order a model with add-ons (ids increasing); pays its price and theirs (approved
        first for an ERC-20); `.result` is the order's index."""
        ids = sorted(int(a) for a in addon_ids)
        answers = self.client.reads(
            [self.functions.combination(combo), *(self.functions.addon(a) for a in ids)]
        )
        total = _plain(answers[0])["price"] + sum(a[2] for a in answers[1:])
        return self.send("order", combo, ids, value=self._pay(total))

    def commit_bond(
        self, combo: int, amount: int, warranty_seconds: int, text: str = "", uri: str = ""
    ) -> Sent:
        """An after-sales provider locks a bond for a model; `.result` is its id."""
        value = self._pay(amount)
        return self.send(
            "commitBond", combo, amount, warranty_seconds, _content(text, uri), value=value
        )

    def approve_award(
        self, bond_id: int, order_index: int, amount: int, evidence: bytes | str | None = None
    ) -> Sent:
        """An inspector approves an award to a buyer from a bond."""
        return self.send("approveAward", bond_id, order_index, amount, _hash(evidence))

    def claim_award(self, combo: int, order_index: int) -> Sent:
        return self.send("claimAward", combo, order_index)

    def withdraw_bond(self, bond_id: int) -> Sent:
        return self.send("withdrawBond", bond_id)

    def close_model(self, combo: int) -> Sent:
        """Close a model's presale (anyone, once the presale is over)."""
        return self.send("closeModel", combo)

    def refund_order(self, combo: int, order_index: int) -> Sent:
        return self.send("refundOrder", combo, order_index)

    def claim_addon_revenue(self, addon_id: int) -> Sent:
        return self.send("claimAddonRevenue", addon_id)

    def deposit_revenue(self, combo: int, amount: int) -> Sent:
        """Deposit revenue for a model (split by the project's ratio)."""
        return self.send("depositRevenue", combo, amount, value=self._pay(amount))

    def claim_creator(self) -> Sent:
        """The creator's part of the revenue; `.result` is the amount."""
        return self.send("claimCreator")

    def claim_platform(self) -> Sent:
        """The platform's part (the treasury only); `.result` is the amount."""
        return self.send("claimPlatform")

    def transfer_shares(self, to: str, combo: int, amount: int) -> Sent:
        """Move shares of a succeeded model (ERC-1155 safeTransferFrom on the shares contract)."""
        signer = self.client._signer()
        token_id = self.client.shares.functions.tokenId(self.address, combo).call()
        call = self.client.shares.functions.safeTransferFrom(
            signer.address, to_checksum_address(to), token_id, amount, b""
        )
        return self.client.send(call, "safeTransferFrom")
