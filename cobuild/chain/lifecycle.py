# SPDX-License-Identifier: MIT
"""Driving a project through its lifecycle: time travel to a phase and the common multi-step
actions (offering options, backing, finalizing, delivering, passing). Local chains only for the
time travel; every action is a real transaction.

New ids (options, combinations, add-ons, orders, bonds) are read from the events: brownie reads
`return_value` through step tracing, which anvil does not run by default."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from brownie import chain, web3

from cobuild.chain import ranking
from cobuild.chain.money import Money
from cobuild.chain.platform import project_info
from cobuild.protocol import ZERO_HASH, Phase, content


def sleep_until(timestamp: int) -> None:
    """Mine a block at or after `timestamp` (just a block if the chain is already there).

    Measured from the latest block, not from `chain.time()`: after a snapshot revert (every test
    under `fn_isolation`) brownie restores its clock offset but anvil's clock restarts from the
    snapshot's block, so the two disagree by the seconds the reverted test ran."""
    if timestamp > web3.eth.get_block("latest")["timestamp"]:
        web3.provider.make_request("evm_setNextBlockTimestamp", [int(timestamp)])
    chain.mine()  # also re-syncs brownie's clock with the mined block


def phase_start(project: Any, phase: Phase) -> int:
    """The timestamp at which `phase` starts (Finalizing: end of ideation; later phases need
    the project finalized)."""
    if phase == Phase.Finalizing:
        return project_info(project).config["ideationEnd"]
    rescue_end, development_end, testing_end, presale_end = project.schedule()
    if rescue_end == 0:
        raise ValueError(f"{phase.name} has no start yet: finalize the project first")
    starts = {
        Phase.Development: rescue_end,
        Phase.Testing: development_end,
        Phase.Presale: testing_end,
        Phase.Closed: presale_end,
    }
    if phase not in starts:
        raise ValueError(f"{phase.name} does not start at a fixed time")
    return starts[phase]


def advance_to(project: Any, phase: Phase) -> None:
    """Travel to the start of `phase`."""
    sleep_until(phase_start(project, phase))
    assert project.phase() == phase, (
        f"expected {phase.name}, chain is in {Phase(project.phase()).name}"
    )


def offer(project: Any, maker: Any, dimension: int, quote: int, name: str = "") -> int:
    """`maker` offers an option named `name`; returns its id."""
    tx = project.offerOption(dimension, quote, content(name), {"from": maker})
    return tx.events["OptionOffered"]["optionId"]


def back(project: Any, money: Money, backer: Any, target: int | Sequence[int], amount: int) -> int:
    """`backer` invests `amount` in a combination given by id or by its option ids (created if
    new); returns the combination id."""
    if isinstance(target, int):
        project.invest(target, amount, money.pay(backer, project, amount))
        return target
    options = list(target)
    combo = project.combinationId(options)
    if combo:
        project.invest(combo, amount, money.pay(backer, project, amount))
        return combo
    tx = project.investInNew(options, amount, money.pay(backer, project, amount))
    return tx.events["CombinationCreated"]["combo"]


def finalize(project: Any, sender: Any, batch: int = 250) -> list[Any]:
    """End ideation (time travel) and submit the ranking."""
    if project.phase() == Phase.Ideation:
        advance_to(project, Phase.Finalizing)
    return ranking.finalize(project, sender, batch)


def makers_of(project: Any, combo: int) -> list[str]:
    """The maker of each part of `combo`, by dimension."""
    return [project.option(o)[0] for o in project.combination(combo)[1]]


def deliver_all(project: Any, combo: int, report: bytes = ZERO_HASH) -> None:
    """Every maker of `combo` delivers its part (R&D phase)."""
    for dimension, maker in enumerate(makers_of(project, combo)):
        project.deliver(combo, dimension, report, {"from": maker})


def pass_all(
    project: Any, combo: int, inspectors: Sequence[Any], report: bytes = ZERO_HASH
) -> None:
    """Each inspector given passes `combo` under every condition (testing phase)."""
    conditions = project_info(project).config["conditions"]
    for condition in range(conditions):
        for inspector in inspectors:
            project.recordVerdict(combo, condition, True, report, {"from": inspector})
