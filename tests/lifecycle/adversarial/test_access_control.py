# SPDX-License-Identifier: MIT
"""Access-control matrix: every external function that moves money or changes state, called by
every role. The role the rules name succeeds; every other role gets the named error; functions
open to anyone succeed for every role.

The `stages` fixture (conftest.py) holds one project in each phase where these functions act, so
each cell is a single call on a state that is otherwise valid for it."""

import pytest
from brownie import ZERO_ADDRESS
from brownie.exceptions import VirtualMachineError

from cobuild.protocol import DAY, NO_CONTENT, ZERO_HASH

E = 10**18
ROLES = [
    "creator",
    "maker",
    "backer",
    "inspector",
    "merchant",
    "provider",
    "buyer",
    "treasury",
    "stranger",
]


def _call(fn, *args, sender, value=0):
    params = {"from": sender}
    if value:
        params["value"] = value
    try:
        fn(*args, params)
        return None
    except VirtualMachineError as exc:
        return (exc.revert_msg or "").split(":")[0]


# function -> (where it is called: the project of a stage, or the factory or the shares contract;
# stages -> its arguments; roles allowed; error for the other roles)
RESTRICTED = {
    "argue": ("ideation", lambda s: (s.ideation_combo, ""), {"backer"}, "NotASupporter"),
    "deliver": ("development", lambda s: (1, 0, ZERO_HASH), {"maker"}, "NotMaker"),
    "claimMaker": ("development", lambda s: (1, 0), {"maker"}, "NotMaker"),
    "recordVerdict": ("testing", lambda s: (1, 0, True, ZERO_HASH), {"inspector"}, "NotInspector"),
    "setModelTerms": ("presale", lambda s: (1, 4 * E, 1), {"creator"}, "NotCreator"),
    "approveAward": (
        "closed",
        lambda s: (s.bond_ok, 0, E // 10, ZERO_HASH),
        {"inspector"},
        "NotInspector",
    ),
    "claimAward": ("closed", lambda s: (s.model_ok, 0), {"buyer"}, "UnknownOrder"),
    "withdrawBond": ("closed", lambda s: (s.bond_failed,), {"provider"}, "NotProvider"),
    "refundOrder": ("closed", lambda s: (s.model_failed, 0), {"buyer"}, "UnknownOrder"),
    "claimAddonRevenue": ("closed", lambda s: (s.addon,), {"merchant"}, "InvalidAddon"),
    "claimCreator": ("closed", lambda s: (), {"creator"}, "NotCreator"),
    "claimPlatform": ("closed", lambda s: (), {"treasury"}, "NotTreasury"),
    "claimRevenue": ("closed", lambda s: (s.model_ok,), {"backer"}, "NothingToClaim"),
    "refund": ("closed", lambda s: (s.model_failed,), {"backer"}, "NothingToClaim"),
    "moveShares": (
        "closed",
        lambda s: (s.roles["backer"], s.roles["stranger"], s.model_ok, 1),
        set(),
        "NotSharesContract",
    ),
    "proposeTreasury": ("factory", lambda s: (s.roles["stranger"],), {"treasury"}, "NotTreasury"),
    "shares.safeTransferFrom": (
        "shares",
        lambda s: (
            s.roles["backer"],
            s.roles["stranger"],
            s.shares.tokenId(s.closed, s.model_ok),
            1,
            b"",
        ),
        {"backer"},
        "ERC1155MissingApprovalForAll",
    ),
}

# function name -> lambda stages -> (callable, args, value): anyone may call these
OPEN = {
    "createProject": lambda s: (s.factory.createProject, s.new_project_args, 0),
    "offerOption": lambda s: (s.ideation.offerOption, (0, E, NO_CONTENT), 0),
    "investInNew": lambda s: (s.ideation.investInNew, (s.free_options, E), E),
    "invest": lambda s: (s.ideation.invest, (s.ideation_combo, E), E),
    # on someone else's behalf: anyone pays, the beneficiary (here the stranger) holds it
    "investFor": lambda s: (s.ideation.investFor, (s.roles["stranger"], s.ideation_combo, E), E),
    "investInNewFor": lambda s: (
        s.ideation.investInNewFor,
        (s.roles["stranger"], s.free_options, E),
        E,
    ),
    "finalize": lambda s: (s.finalizing.finalize, (0, s.finalizing_order), 0),
    "offerAddon": lambda s: (s.presale.offerAddon, (1, E, NO_CONTENT), 0),
    "order": lambda s: (s.presale.order, (s.presale_model, []), s.presale_price),
    "orderFor": lambda s: (
        s.presale.orderFor,
        (s.roles["stranger"], s.presale_model, []),
        s.presale_price,
    ),
    "commitBond": lambda s: (s.presale.commitBond, (s.presale_model, E, 30 * DAY, NO_CONTENT), E),
    "closeModel": lambda s: (s.closing.closeModel, (1,), 0),
    "depositRevenue": lambda s: (s.closed.depositRevenue, (s.model_ok, E), E),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("function", list(RESTRICTED))
def test_restricted_function_by_role(stages, function, role):
    where, build, allowed, error = RESTRICTED[function]
    fn = getattr(getattr(stages, where), function.split(".")[-1])
    got = _call(fn, *build(stages), sender=stages.roles[role])
    if role in allowed:
        assert got is None, f"{function} by its {role} failed with {got}"
    else:
        assert got == error, f"{function} by {role}: expected {error}, got {got or 'success'}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("function", list(OPEN))
def test_open_function_by_role(stages, function, role):
    fn, args, value = OPEN[function](stages)
    assert _call(fn, *args, sender=stages.roles[role], value=value) is None


@pytest.mark.parametrize("role", ROLES)
def test_no_role_stakes_in_presale(stages, role):
    """No shares are sold after the rescue window, to any role: the creator, a maker of the model,
    a backer, an inspector, a buyer... (issue 30, finding 1)."""
    got = _call(
        stages.presale.invest,
        stages.presale_model,
        E // 10,
        sender=stages.roles[role],
        value=E // 10,
    )
    assert got == "ProjectWrongPhase"


def test_accept_treasury_only_by_the_proposed(stages):
    roles = stages.roles
    stages.factory.proposeTreasury(roles["stranger"], {"from": roles["treasury"]})
    for role in ROLES:
        if role != "stranger":
            assert _call(stages.factory.acceptTreasury, sender=roles[role]) == "NotTreasury"
    assert _call(stages.factory.acceptTreasury, sender=roles["stranger"]) is None
    assert stages.factory.treasury() == roles["stranger"]
    assert stages.factory.pendingTreasury() == ZERO_ADDRESS


def test_no_role_can_reach_escrow_outside_the_rules(stages):
    """The factory, the implementation and the deployer hold no function over a project's money:
    the project's ABI has no owner, no pause, no upgrade, no sweep."""
    names = {e["name"] for e in stages.closed.abi if e["type"] == "function"}
    forbidden = {
        "owner",
        "transferOwnership",
        "pause",
        "upgradeTo",
        "upgradeToAndCall",
        "sweep",
        "withdraw",
        "rescueFunds",
    }
    assert not names & forbidden
    factory_names = {e["name"] for e in stages.factory.abi if e["type"] == "function"}
    assert factory_names == {
        "createProject",
        "proposeTreasury",
        "acceptTreasury",
        "treasury",
        "pendingTreasury",
        "implementation",
        "shares",
        "projectId",
        "projectCount",
        "projectAt",
    }
