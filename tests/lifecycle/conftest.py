# SPDX-License-Identifier: MIT
"""Fixtures of the lifecycle tests (one project through every phase, every role): the hypothesis
profiles of the stateful money test, `ci` (inside `make test`) and `deep` (`make security`, ten
times the examples; COBUILD_HYPOTHESIS=deep selects it); `build_hostile_world`, one HostileActor in
every role that receives money; `stages`, one project held in each phase."""

from collections import Counter

import pytest
from hypothesis import settings
from hypothesis_profiles import profile_name, profiles

from cobuild.protocol import NO_CONTENT

PROFILES = profiles(ci=(12, 60), deep=(120, 60))


# stateful examples played, and the deepest phase each reached, for the terminal summary
EXAMPLES: dict = {"run": 0, "phases": Counter(), "adversaries": Counter()}


@pytest.fixture(scope="session")
def hypothesis_profile() -> settings:
    """The profile COBUILD_HYPOTHESIS names (default `ci`)."""
    return PROFILES[profile_name()]


@pytest.fixture(scope="session")
def stateful_examples() -> dict:
    """Counts the stateful examples played (printed in the terminal summary)."""
    return EXAMPLES


def pytest_terminal_summary(terminalreporter):
    if EXAMPLES["run"]:
        name = profile_name()
        terminalreporter.section("stateful money tests")
        terminalreporter.write_line(
            f"hypothesis profile '{name}': up to {PROFILES[name].max_examples} examples x "
            f"{PROFILES[name].stateful_step_count} steps per payment asset; "
            f"{EXAMPLES['run']} examples played"
        )
        reached = ", ".join(f"{phase} {n}" for phase, n in sorted(EXAMPLES["phases"].items()))
        terminalreporter.write_line(f"deepest phase reached per example: {reached}")
        acted = ", ".join(f"{what}: {n}" for what, n in sorted(EXAMPLES["adversaries"].items()))
        if acted:
            terminalreporter.write_line(f"adversaries' actions: {acted}")


@pytest.fixture(scope="module")
def build_hostile_world(
    deployer, treasury, makers, inspectors, backers, merchant, provider, buyers, stranger
):
    """`build_hostile_world(money)`: the world of hostile_world.py (one HostileActor in every role
    that receives money) paid in `money`, on a platform of its own, since the world hands the
    treasury role to the hostile actor."""
    from hostile_world import build_world

    from cobuild.chain.platform import deploy_platform

    def build(money):
        return build_world(
            deploy_platform(deployer, treasury),
            money,
            deployer,
            treasury,
            makers,
            inspectors,
            backers,
            merchant,
            provider,
            buyers,
            stranger,
        )

    return build


class Stages:
    """Projects held in every phase at once (see `stages`), and the ids the matrix calls."""


@pytest.fixture(scope="module")
def stages(
    platform, creator, makers, inspectors, backers, merchant, provider, buyers, treasury, stranger
):
    """One project per phase, all on the same clock: the phases' lengths are chosen so that after
    four days each project sits in the phase it is named after."""
    from brownie import chain

    from cobuild.chain.lifecycle import deliver_all, pass_all, sleep_until
    from cobuild.chain.platform import ProjectSpec
    from cobuild.chain.platform import open_project as open_on_factory
    from cobuild.chain.ranking import ranking
    from cobuild.protocol import DAY

    e = 10**18
    s = Stages()
    s.factory, s.shares = platform.factory, platform.shares
    s.roles = {
        "creator": creator,
        "maker": makers[0],
        "backer": backers[0],
        "inspector": inspectors[0],
        "merchant": merchant,
        "provider": provider,
        "buyer": buyers[0],
        "treasury": treasury,
        "stranger": stranger,
    }
    long = 200 * DAY
    periods = {  # name: (ideation, development, testing, presale)
        "ideation": (long, DAY, DAY, DAY),
        "finalizing": (DAY, DAY, DAY, DAY),
        "development": (DAY, long, DAY, DAY),
        "testing": (DAY, DAY, long, DAY),
        "presale": (DAY, DAY, DAY, long),
        "closing": (DAY, DAY, DAY, DAY),
        "closed": (DAY, DAY, DAY, DAY),
    }
    start = chain.time()

    def spec(ideation, development, testing, presale):
        return ProjectSpec(
            inspectors=list(inspectors),
            dimensions=("body", "engine"),
            conditions=("road",),
            ideation_end=start + ideation,
            rescue_window=DAY,
            development_period=development,
            testing_period=testing,
            presale_period=presale,
            slots=2,
            min_total=e,
            min_stake=e // 10,
        )

    s.new_project_args = (spec(*periods["ideation"]).params(), spec(*periods["ideation"]).labels())
    for name, p in periods.items():
        project = open_on_factory(platform.factory, creator, spec(*p)).project
        setattr(s, name, project)
        for dimension in (0, 1):
            for _ in range(2):
                project.offerOption(dimension, e // 2, NO_CONTENT, {"from": makers[dimension]})
        # options 1, 2 (body) and 3, 4 (engine): combinations 1 = (1, 3) and 2 = (2, 4), cost 1
        project.investInNew([1, 3], 2 * e, {"from": backers[0], "value": 2 * e})
        if name not in ("ideation", "development", "testing", "finalizing"):
            project.investInNew([2, 4], 2 * e, {"from": backers[0], "value": 2 * e})
    s.ideation_combo, s.free_options = 1, [2, 4]
    lifecycle = ["development", "testing", "presale", "closing", "closed"]

    sleep_until(start + DAY + 600)
    s.finalizing_order = ranking(s.finalizing)
    for name in lifecycle:
        getattr(s, name).finalize(0, ranking(getattr(s, name)), {"from": creator})
    sleep_until(start + 2 * DAY + 1200)  # development
    for name in lifecycle[1:]:
        project = getattr(s, name)
        for combo in (1, 2) if name != "testing" else (1,):
            deliver_all(project, combo)
    sleep_until(start + 3 * DAY + 1800)  # testing
    for name in lifecycle[2:]:
        project = getattr(s, name)
        for combo in (1, 2):
            pass_all(project, combo, inspectors[:2])
    sleep_until(start + 4 * DAY + 2400)  # presale
    # prices whose investors' part (30 %) of one sale covers each model's fund of 1 unit
    price = 4 * e
    s.presale_model, s.presale_price = 2, price
    s.presale.setModelTerms(2, price, 1, {"from": creator})
    s.closing.setModelTerms(1, price, 1, {"from": creator})
    s.closing.order(1, [], {"from": buyers[0], "value": price})
    closed = s.closed
    s.model_ok, s.model_failed = 1, 2
    closed.setModelTerms(s.model_ok, price, 1, {"from": creator})
    closed.setModelTerms(s.model_failed, e, 5, {"from": creator})
    s.addon = closed.offerAddon(s.model_ok, e // 5, NO_CONTENT, {"from": merchant}).events[
        "AddonOffered"
    ]["addonId"]
    closed.order(s.model_ok, [s.addon], {"from": buyers[0], "value": price + e // 5})
    closed.order(s.model_failed, [], {"from": buyers[0], "value": e})
    tx = closed.commitBond(s.model_ok, e, 100 * DAY, NO_CONTENT, {"from": provider, "value": e})
    s.bond_ok = tx.events["BondCommitted"]["bondId"]
    tx = closed.commitBond(s.model_failed, e, 100 * DAY, NO_CONTENT, {"from": provider, "value": e})
    s.bond_failed = tx.events["BondCommitted"]["bondId"]
    sleep_until(start + 5 * DAY + 3000)  # closing and closed: Closed; the others where named
    for inspector in inspectors[:2]:
        closed.approveAward(s.bond_ok, 0, e // 20, b"\x01" * 32, {"from": inspector})
    return s
