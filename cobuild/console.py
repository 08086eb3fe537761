# SPDX-License-Identifier: MIT
"""Short helpers for `brownie console`:

    >>> from cobuild.console import *
    >>> p = platform()                                  # deploy (local chain) or the recorded one
    >>> car = new_project(p, "ada", dimensions=["body", "engine"])
    >>> a, b = offer(car, "rondo", "body", 2), offer(car, "voltdrive", "engine", 3)
    >>> c = invest(car, "backer-1", [a, b], 6)           # creates the combination, 6 ETH
    >>> invest(car, "backer-2", c, 0.5)
    >>> show(car)

Actors are named (`who("backer-1")`): on a local chain they are funded and unlocked. Amounts are
in whole ETH (or tokens), like in scenario files. Every helper sends real transactions.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

from cobuild import brownie_adapter
from cobuild.chain import lifecycle, ranking
from cobuild.chain.actors import actor
from cobuild.chain.money import Money
from cobuild.chain.platform import (
    Platform,
    ProjectSpec,
    deploy_platform,
    open_project,
    project_at,
    project_info,
)
from cobuild.protocol import Phase, Status

__all__ = [
    "Phase",
    "Status",
    "eth",
    "finalize",
    "invest",
    "new_project",
    "offer",
    "platform",
    "project_at",
    "show",
    "travel",
    "who",
]

# `brownie console` is one of the adapter's users: importing these helpers applies its patches
brownie_adapter.apply()

UNIT = 10**18
# brownie 1.22 warns about its own internal calls on every transaction; keep the console readable
warnings.filterwarnings(
    "ignore", message="rpc.*should not be called directly", category=FutureWarning
)


def eth(amount: float | int | str) -> int:
    """Whole ETH (or tokens) to wei: `eth(1.5)`."""
    from cobuild.scenario.format import parse_amount

    return parse_amount(amount, allow_zero=True)


_NAMES: dict[str, str] = {}


def who(name_or_account: Any) -> Any:
    """The account of a named actor (or the account given)."""
    if not isinstance(name_or_account, str):
        return name_or_account
    account = actor(name_or_account)
    _NAMES[account.address] = name_or_account
    return account


def _name(address: str) -> str:
    return _NAMES.get(address, address[:10])


def platform(treasury: str = "treasury") -> Platform:
    """On a live network the platform recorded in deployments/; on a local chain a fresh one."""
    from cobuild.chain.deployment import deployer_account, is_live, recorded_platform

    if not is_live():
        return deploy_platform(deployer_account(), who(treasury).address, silent=True)
    found = recorded_platform()
    if found is None:
        raise RuntimeError("no platform recorded for this chain: run scripts/deploy.py first")
    return found


def new_project(
    p: Platform,
    creator: str = "creator",
    inspectors: Sequence[str] = ("inspector-1", "inspector-2"),
    token: Any = None,
    **spec: Any,
) -> Any:
    """Open a project (see ProjectSpec for the fields; amounts in wei, times in seconds)."""
    s = ProjectSpec(inspectors=[who(i).address for i in inspectors], **spec)
    if token is not None:
        s.token = token.address
    if "quorum" not in spec:
        s.quorum = min(s.quorum, len(inspectors))
    return open_project(p.factory, who(creator), s).project


def _money(project: Any) -> Money:
    from brownie import TestToken

    token = project_info(project).config["token"]
    return Money() if int(token, 16) == 0 else Money(TestToken.at(token))


def offer(project: Any, maker: str, dimension: str | int, quote: float, name: str = "") -> int:
    """`maker` offers an option named `name` in `dimension` (name or index) for `quote` ETH;
    its id."""
    if isinstance(dimension, str):
        dimension = project_info(project).labels["dimensions"].index(dimension)
    return lifecycle.offer(project, who(maker), dimension, eth(quote), name)


def invest(project: Any, backer: str, target: int | Sequence[int], amount: float) -> int:
    """`backer` invests `amount` ETH in a combination (id, or option ids to create it); its id."""
    return lifecycle.back(project, _money(project), who(backer), target, eth(amount))


def travel(project: Any, phase: str | Phase) -> None:
    """Time-travel to the start of a phase (local chains): `travel(car, "development")`."""
    lifecycle.advance_to(project, Phase[phase.capitalize()] if isinstance(phase, str) else phase)


def finalize(project: Any, sender: str = "creator") -> None:
    """End ideation (time travel) and submit the ranking."""
    lifecycle.finalize(project, who(sender))


def _fmt(wei: int) -> str:
    return f"{wei / UNIT:,.4f}".rstrip("0").rstrip(".")


def show(project: Any) -> None:
    """Print a project's state: phase, parameters, options and combinations."""
    info = project_info(project)
    cfg, labels = info.config, info.labels
    money = _money(project)
    sym = "ETH" if money.is_eth else money.token.symbol()
    n_options, n_combos, n_addons, n_bonds = project.counts()
    ranked, selected, rescued, total = project.selection()
    print(
        f"project {project.address}  phase {Phase(project.phase()).name}  "
        f"balance {_fmt(money.balance(project))} {sym}"
    )
    ratio = "/".join(str(r // 100) for r in cfg["ratioBps"])
    print(
        f"  ratio {ratio} %  slots {cfg['slots']}  min total {_fmt(cfg['minTotal'])} {sym}  "
        f"quorum {cfg['quorum']} of {len(cfg['inspectors'])} inspectors"
    )
    for option_id in range(1, n_options + 1):
        maker, quote, dim = project.option(option_id)
        print(
            f"  option {option_id}: {labels['dimensions'][dim]:<10} quote {_fmt(quote)} "
            f"by {_name(maker)}"
        )
    # ranks by the project's order (supporters or funding), computed from the ranking keys
    rank = {combo: i for i, combo in enumerate(ranking.ranking(project), start=1)}
    for combo in range(1, n_combos + 1):
        c = project.combination(combo)
        print(
            f"  combination {combo} {list(c['optionIds'])}: {Status(c['status']).name:<12} "
            f"funded {_fmt(c['funded'])}/{_fmt(c['cost'])} {sym}, "
            f"{c['supporters']} supporters, rank {rank[combo]}"
        )
    if ranked:
        print(
            f"  selection: {selected} by rank + {rescued} rescued of {ranked} ranked, "
            f"{_fmt(total)} {sym} invested"
        )
    if n_addons or n_bonds:
        print(f"  {n_addons} add-ons, {n_bonds} bonds")
