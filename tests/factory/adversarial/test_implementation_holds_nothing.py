# SPDX-License-Identifier: MIT
"""The implementation and the production facet behind every project clone are contracts anyone can
call directly. Their own code is not a configuration (ProjectArgs reads the clone's arguments from
the running code), so every entry point refuses before its first read of a field: each external
function that can write, called on the implementation or the facet by a stranger with plausible
arguments, with and without ETH, reverts, and neither contract ever holds a wei or a token.

A function added later without the clone check fails here by name (the list is read from the ABI,
not written down)."""

import pytest
from brownie import CobuildProject, ProjectProduction, web3
from brownie.exceptions import VirtualMachineError

E = 10**18


def _plausible(param: dict, who: str):
    """A value of the ABI parameter `param` that passes the usual argument checks (non-zero
    numbers, a real address, a one-element list)."""
    kind = param["type"]
    if kind.endswith("]"):
        inner, size = kind[: kind.rindex("[")], kind[kind.rindex("[") + 1 : -1]
        return [_plausible(param | {"type": inner}, who)] * (int(size) if size else 1)
    if kind == "tuple":
        return tuple(_plausible(c, who) for c in param["components"])
    if kind.startswith(("uint", "int")):
        return 1
    if kind == "address":
        return who
    if kind == "bool":
        return True
    if kind == "bytes32":
        return b"\x01" * 32
    if kind.startswith("bytes"):
        return b"\x01" * (int(kind[5:]) if kind[5:] else 1)
    if kind == "string":
        return "x"
    raise AssertionError(f"no plausible value for {kind}")


def _writers(container):
    return [
        item
        for item in container.abi
        if item["type"] == "function" and item["stateMutability"] not in ("view", "pure")
    ]


WRITERS = {
    f"{c._name}.{f['name']}": (c, f)
    for c in (CobuildProject, ProjectProduction)
    for f in _writers(c)
}
# the implementation answers every function (its fallback delegates the facet's); the facet its own
CASES = [("implementation", name) for name in sorted(WRITERS)] + [
    ("facet", name) for name in sorted(WRITERS) if name.startswith("ProjectProduction.")
]
# An empty batch sent straight to a contract's own multicall does nothing (a batch of anything else
# is each call's own refusal); through the implementation's fallback it is refused like the rest.
DOES_NOTHING = {
    ("implementation", "CobuildProject.multicall"),
    ("facet", "ProjectProduction.multicall"),
}


# Without ETH, each refuses at the clone check, or earlier at a check of the contract's own
# storage, which is empty and stays so (every function that could write it is refused here).
REFUSALS = {
    "NotAProject",
    "UnknownCombination",
    "UnknownOrder",
    "UnknownBond",
    "NotASupporter",
    "InvalidAddon",
}


@pytest.fixture(scope="module")
def targets(platform):
    return {
        "implementation": CobuildProject.at(platform.implementation.address),
        "facet": ProjectProduction.at(platform.production.address),
    }


@pytest.mark.parametrize("where, name", CASES, ids=[f"{w}-{n}" for w, n in CASES])
def test_every_writer_refuses_off_a_clone(targets, where, name, stranger):
    _, item = WRITERS[name]
    target = targets[where]
    args = [_plausible(i, stranger.address) for i in item["inputs"]]
    if name.endswith(".multicall"):
        args = [[]]
    data = web3.eth.contract(abi=[item]).encode_abi(item["name"], args)
    for value in (0, E):
        if (where, name) in DOES_NOTHING and value == 0:
            stranger.transfer(target, value, data=data)
        else:
            with pytest.raises(VirtualMachineError) as refused:
                stranger.transfer(target, value, data=data)
            if value == 0:  # with ETH a non-payable function may refuse the value first
                assert refused.value.revert_msg.split(":")[0] in REFUSALS, refused.value.revert_msg
        assert target.balance() == 0


def test_the_list_covers_both_contracts():
    """The cases are read from the ABIs: the money paths of both contracts are among them."""
    names = {name for _, name in CASES}
    for expected in (
        "CobuildProject.invest",
        "CobuildProject.claimRevenue",
        "ProjectProduction.order",
    ):
        assert expected in names
