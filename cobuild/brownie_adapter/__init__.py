# SPDX-License-Identifier: MIT
"""The one place where cobuild changes third-party code at run time: brownie, web3, py-solc-x
and solcast, for the test suite, `brownie console` and the commands that run through brownie.

Importing this package (or `cobuild.chain`, `cobuild.scenario`, `cobuild.routing`) changes
nothing. `apply()` installs the patches of `PATCHES`; each was written against one exact version
of the library it replaces code in, and `apply()` checks every one before it installs any: on
another version it raises `PatchVersionError` naming the patch, the library, the version it was
written for and the version found. Read the patch against the new version, then change its
`version` here (or drop the patch); nothing is skipped silently. `apply()` is idempotent.

Who applies it:
- the test suite: the pytest plugin `cobuild.brownie_adapter.pytest_plugin` (pyproject.toml's
  `addopts`), before brownie's own plugin loads the project, in the controller and in every
  xdist worker;
- `brownie console`: `from cobuild.console import *`;
- the commands that run through brownie: `cobuild.cli.connect` (all of them), `cobuild.cli.load`
  (the compiler's only, so `cobuild watch` keeps a stock web3), `python -m cobuild.release
  verify`, and the scripts under scripts/ when `brownie run` imports them.

The patches, by group ("compile": brownie's compilation; "chain": talking to a node):
- brownie_fixes.py: the receipt race (the one real upstream bug, docs/brownie-receipt-race.md),
  brownie's deployment records (a crash and stale artifacts on live networks), and speed
  (undo buffer, sender history, receipt timestamps, the solc version, solcast's copies);
- web3_fixes.py: speed (the gas price middleware, request formatting, the loopback transport
  of cobuild/chain/transport.py, which also carries the tests' request watchers);
- coverage_hooks.py: `make coverage`'s hooks on brownie's revert and web3's `eth_call`
  (installed by tools/coverage only, with the same version check).
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import metadata
from typing import Any

BROWNIE = ("eth-brownie", "1.22.2")
WEB3 = ("web3", "7.16.0")
SOLCX = ("py-solc-x", "2.0.5")
SOLCAST = ("py-solc-ast", "1.2.10")
GROUPS = ("compile", "chain")


class PatchVersionError(RuntimeError):
    """A patch meets a version of its library other than the one it was written for."""

    def __init__(self, patch: str, distribution: str, expected: str, found: str | None) -> None:
        self.patch, self.distribution = patch, distribution
        self.expected, self.found = expected, found
        installed = f"{distribution} {found} is installed" if found else "it is not installed"
        super().__init__(
            f"brownie adapter: patch '{patch}' was written for {distribution} {expected}, but "
            f"{installed}. Read the patch (cobuild/brownie_adapter/) against {distribution} "
            f"{found}, then change its version there or drop it."
        )


@dataclass(frozen=True)
class Patch:
    name: str
    library: tuple[str, str]  # (distribution, the exact version the patch was written for)
    group: str  # "compile" or "chain"
    install: str  # "module:function", imported only when applied
    targets: tuple[str, ...]  # "module:attribute.path" of what the patch replaces
    why: str

    @property
    def distribution(self) -> str:
        return self.library[0]

    @property
    def version(self) -> str:
        return self.library[1]


_FIXES = "cobuild.brownie_adapter.brownie_fixes"
_WEB3_FIXES = "cobuild.brownie_adapter.web3_fixes"

PATCHES: tuple[Patch, ...] = (
    Patch(
        "receipt_race",
        BROWNIE,
        "chain",
        f"{_FIXES}:patch_receipt_race",
        ("brownie.network.transaction:TransactionReceipt._await_confirmation",),
        "bug: a transaction is marked dropped when anvil bumps the nonce before it stores the "
        "receipt (docs/brownie-receipt-race.md); speed: one receipt request, not three",
    ),
    Patch(
        "live_artifacts",
        BROWNIE,
        "chain",
        f"{_FIXES}:patch_live_artifacts",
        (
            "brownie.network.contract:ProjectContract._save_deployment",
            "brownie.project.main:Project._load_deployments",
        ),
        "a node that forgot brownie's build/deployments/<chainid>/ copies fails the connection",
    ),
    Patch(
        "deployment_db",
        BROWNIE,
        "chain",
        f"{_FIXES}:patch_deployment_db",
        ("brownie.network.contract:_add_deployment",),
        "persisting a contract on a live network crashes (a Sources object where a dict is "
        "expected) and would write ~/.brownie/deployments.db",
    ),
    Patch(
        "undo_buffer",
        BROWNIE,
        "chain",
        f"{_FIXES}:patch_undo_buffer",
        (
            "brownie.network.state:Chain._add_to_undo_buffer",
            "brownie.network.state:Chain.time",
            "brownie.network.state:Chain.sleep",
            "brownie.network.state:Chain.mine",
            "brownie.network.state:Chain._take_snapshot",
        ),
        "speed: no evm_snapshot and latest block after every transaction",
    ),
    Patch(
        "history_by_sender",
        BROWNIE,
        "chain",
        f"{_FIXES}:patch_history_by_sender",
        ("brownie.network.state:TxHistory.from_sender",),
        "speed: the sender's history without an address conversion per receipt",
    ),
    Patch(
        "receipt_timestamp",
        BROWNIE,
        "chain",
        f"{_FIXES}:patch_receipt_timestamp",
        ("brownie.network.transaction:TransactionReceipt.timestamp",),
        "speed: a receipt's block time read once, not once per read",
    ),
    Patch(
        "solc_version",
        SOLCX,
        "compile",
        f"{_FIXES}:patch_solc_version",
        ("solcx.wrapper:get_version_str_from_solc_binary",),
        "speed: `solc --version` once per compiler file, not once per source",
    ),
    Patch(
        "solcast_copies",
        SOLCAST,
        "compile",
        f"{_FIXES}:patch_solcast",
        ("solcast.nodes:node_class_factory", "solcast.main:node_class_factory"),
        "speed: each AST node copied once, not once per ancestor",
    ),
    Patch(
        "gas_price_middleware",
        WEB3,
        "chain",
        f"{_WEB3_FIXES}:patch_gas_price_middleware",
        ("web3.middleware.gas_price_strategy:GasPriceStrategyMiddleware.request_processor",),
        "speed: no latest block and gas price for a transaction that names its gas price",
    ),
    Patch(
        "request_formatting",
        WEB3,
        "chain",
        f"{_WEB3_FIXES}:patch_request_formatting",
        (
            "web3._utils.method_formatters:ABI_REQUEST_FORMATTERS",
            "web3.middleware.names:abi_request_formatters",
            "web3.middleware.validation:_chain_id_validator",
        ),
        "speed: scalar request parameters formatted without toolz' per-call currying",
    ),
    Patch(
        "transport",
        WEB3,
        "chain",
        f"{_WEB3_FIXES}:patch_transport",
        ("web3._utils.http_session_manager:HTTPSessionManager.make_post_request",),
        "speed: posts to a loopback node over kept-alive http.client, not requests; also "
        "calls the tests' request watchers (`watch_posts`)",
    ),
)

_applied: set[str] = set()


def installed_version(distribution: str) -> str | None:
    """The installed version of `distribution` (None when it is not installed)."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def check(patch: Patch, found: str | None = None) -> None:
    """Raise PatchVersionError unless `patch`'s library is installed at the exact version the
    patch was written for (`found`: the installed version, when already read)."""
    found = installed_version(patch.distribution) if found is None else found
    if found != patch.version:
        raise PatchVersionError(patch.name, patch.distribution, patch.version, found)


def _resolve(path: str) -> Any:
    """The object at "module:attribute.path", as stored (a class's property, not its value)."""
    module, _, attribute = path.partition(":")
    value: Any = importlib.import_module(module)
    for name in attribute.split("."):
        value = inspect.getattr_static(value, name)
    return value


def apply(*groups: str) -> list[str]:
    """Check every patch of `groups` (default: all) against its library's installed version,
    then install those not yet installed; the names of the patches of `groups`."""
    unknown = set(groups) - set(GROUPS)
    if unknown:
        raise ValueError(f"no patch group {sorted(unknown)}: {GROUPS}")
    chosen = [p for p in PATCHES if not groups or p.group in groups]
    versions = {d: installed_version(d) for d in {p.distribution for p in chosen}}
    for patch in chosen:  # all checked before any is installed
        check(patch, versions[patch.distribution])
    for patch in chosen:
        if patch.name not in _applied:
            _resolve(patch.install)()
            _applied.add(patch.name)
    return [p.name for p in chosen]


def applied() -> list[str]:
    """The names of the patches installed in this process."""
    return [p.name for p in PATCHES if p.name in _applied]


def is_ours(value: Any) -> bool:
    """Whether `value` (a function, property, cache or formatter table) was put there by us."""
    if getattr(value, "_cobuild_patched", False):
        return True
    if isinstance(value, property):
        return is_ours(value.fget)
    if isinstance(value, dict):
        return any(is_ours(v) for v in value.values())
    return str(getattr(value, "__module__", "") or "").startswith("cobuild.")


def patched_targets(patches: Iterable[Patch] = PATCHES) -> list[str]:
    """The targets of `patches` that hold our code now (imports the libraries to look)."""
    return [t for p in patches for t in p.targets if is_ours(_resolve(t))]


def watch_posts(listener: Callable[[], None]) -> None:
    """Call `listener()` before every post web3 makes over HTTP (the tests' lazy snapshots);
    needs the `transport` patch."""
    from cobuild.brownie_adapter import web3_fixes

    if "transport" not in _applied:
        raise RuntimeError("watch_posts needs the brownie adapter: cobuild.brownie_adapter.apply()")
    web3_fixes.POST_LISTENERS.append(listener)


def unwatch_posts(listener: Callable[[], None]) -> None:
    from cobuild.brownie_adapter import web3_fixes

    if listener in web3_fixes.POST_LISTENERS:
        web3_fixes.POST_LISTENERS.remove(listener)
