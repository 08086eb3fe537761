# SPDX-License-Identifier: MIT
"""Investor shares as ERC-1155 tokens (CobuildShares): one id per model (project << 96 | combo),
balances and supply derived from the project's books, standard approvals, events and receiver
hooks, and the project's guards (only the shares contract moves shares, only for a model that
succeeded, never more than a balance)."""

from functools import reduce

import brownie
import pytest
from brownie import RejectingReceiver
from eth_utils import function_signature_to_4byte_selector
from hostile_actor import Hostile
from sharing_support import E, ModelPlan, revert

from cobuild.chain.actors import actor
from cobuild.chain.lifecycle import advance_to
from cobuild.chain.platform import DEFAULT_SHARES_URI, ProjectSpec, deploy_platform
from cobuild.chain.platform import open_project as open_on_factory
from cobuild.protocol import ZERO_ADDRESS, Phase, Status


@pytest.fixture(scope="module")
def module_sharing(build_model, eth):
    return build_model(eth)


def interface_id(*signatures):
    """ERC-165 interface id: XOR of the function selectors."""
    selectors = (int.from_bytes(function_signature_to_4byte_selector(s), "big") for s in signatures)
    return "0x" + reduce(lambda a, b: a ^ b, selectors).to_bytes(4, "big").hex()


IERC1155 = interface_id(
    "balanceOf(address,uint256)",
    "balanceOfBatch(address[],uint256[])",
    "setApprovalForAll(address,bool)",
    "isApprovedForAll(address,address)",
    "safeTransferFrom(address,address,uint256,uint256,bytes)",
    "safeBatchTransferFrom(address,address,uint256[],uint256[],bytes)",
)
IERC1155_METADATA_URI = interface_id("uri(uint256)")
IERC165 = interface_id("supportsInterface(bytes4)")
IERC1155_RECEIVER = interface_id(
    "onERC1155Received(address,address,uint256,uint256,bytes)",
    "onERC1155BatchReceived(address,address,uint256[],uint256[],bytes)",
)


def args(event):
    """An event's arguments in order."""
    return tuple(event[key] for key in event.keys())  # noqa: SIM118 (an event is no dict)


# ---------------------------------------------------------------- identity and views


def test_supports_erc1155_metadata_and_erc165_only(sharing):
    for iid in (IERC1155, IERC1155_METADATA_URI, IERC165):
        assert sharing.shares.supportsInterface(iid)
    for iid in (IERC1155_RECEIVER, "0xffffffff", "0x00000000"):
        assert not sharing.shares.supportsInterface(iid)


def test_token_id_is_project_shifted_left_96_bits_or_combo(sharing, factory):
    s = sharing
    assert s.token_id == (int(s.project.address, 16) << 96) | s.combo
    assert s.shares.tokenId(s.project, 2**96 + 5) == (int(s.project.address, 16) << 96) | 5
    assert s.shares.factory() == factory.address == s.project.config()["factory"]
    assert factory.shares() == s.shares.address
    assert s.shares.uri(s.token_id) == DEFAULT_SHARES_URI


def test_balances_and_supply_are_the_projects_books(sharing):
    s, combo = sharing, sharing.combo
    plan = s.plan
    for holder, stake in zip(s.investors, plan.stakes, strict=True):
        # one share per unit of ideation stake
        assert s.shares.balanceOf(holder, s.token_id) == stake
        assert s.project.sharesOf(combo, holder) == stake
    accounts = list(s.investors)
    assert s.shares.balanceOfBatch(accounts, [s.token_id] * len(accounts)) == [
        s.project.sharesOf(combo, h) for h in accounts
    ]
    total = s.project.combination(combo)["funded"]
    assert total == sum(plan.stakes) == s.model.total_shares(combo)
    assert s.shares.totalSupply(s.token_id) == s.project.totalShares(combo) == total
    with brownie.reverts(revert("ERC1155InvalidArrayLength", 1, 2)):
        s.shares.balanceOfBatch(accounts[:2], [s.token_id])


def test_shares_exist_only_for_models_that_succeeded(build_model, eth, newcomer):
    """During the presale a model has no shares (and they cannot move); when its presale fails
    it never has any: its backers get their part of the surplus back by refund, not shares."""
    s = build_model(eth, ModelPlan(orders=1, min_orders=2, until=Phase.Presale))
    combo, holder = s.combo, s.investors[0]
    assert s.project.status(combo) == Status.Model
    assert s.project.stakeOf(combo, holder) == s.plan.stakes[0]
    assert s.shares.balanceOf(holder, s.token_id) == 0
    assert s.shares.totalSupply(s.token_id) == 0
    with brownie.reverts(revert("CombinationWrongStatus", combo, Status.Model, Status.Succeeded)):
        s.shares.safeTransferFrom(holder, newcomer, s.token_id, 1, b"", {"from": holder})
    advance_to(s.project, Phase.Closed)
    assert s.project.status(combo) == Status.PresaleFailed
    assert s.shares.balanceOf(holder, s.token_id) == 0
    assert s.shares.totalSupply(s.token_id) == 0
    assert s.project.revenueOf(combo, holder) == 0
    assert s.project.refundableOf(combo, holder) > 0
    with brownie.reverts(
        revert("CombinationWrongStatus", combo, Status.PresaleFailed, Status.Succeeded)
    ):
        s.shares.safeTransferFrom(holder, newcomer, s.token_id, 1, b"", {"from": holder})


def test_ids_of_projects_the_factory_did_not_create_are_unknown(
    sharing, deployer, treasury, creator, inspectors
):
    """A project of another factory (same code) and an arbitrary address: no balance, no supply,
    no transfer."""
    s, holder = sharing, sharing.investors[0]
    other = deploy_platform(deployer, treasury)
    foreign = open_on_factory(
        other.factory, creator, ProjectSpec(inspectors=list(inspectors))
    ).project
    for address in (foreign.address, actor("nobody").address):
        token = s.shares.tokenId(address, s.combo)
        assert s.shares.balanceOf(holder, token) == 0
        assert s.shares.totalSupply(token) == 0
        with brownie.reverts(revert("UnknownShareToken", token)):
            s.shares.safeTransferFrom(holder, creator, token, 0, b"", {"from": holder})
        with brownie.reverts(revert("UnknownShareToken", token)):
            s.shares.safeBatchTransferFrom(
                holder, creator, [s.token_id, token], [1, 1], b"", {"from": holder}
            )


# ---------------------------------------------------------------- transfers and approvals


def test_transfer_emits_transfer_single_and_shares_moved(sharing, newcomer):
    s, holder = sharing, sharing.investors[0]
    tx = s.transfer(holder, newcomer, E // 3)
    assert args(tx.events["TransferSingle"]) == (holder, holder, newcomer, s.token_id, E // 3)
    assert args(tx.events["SharesMoved"]) == (s.combo, holder, newcomer, E // 3)
    s.assert_matches_model()


def test_batch_transfer_emits_transfer_batch(sharing, newcomer):
    s, holder = sharing, sharing.investors[1]
    ids, values = [s.token_id, s.token_id], [E // 5, 7]
    before = s.shares.balanceOf(holder, s.token_id)
    tx = s.shares.safeBatchTransferFrom(holder, newcomer, ids, values, b"", {"from": holder})
    operator, from_, to, event_ids, event_values = args(tx.events["TransferBatch"])
    assert (operator, from_, to) == (holder, holder, newcomer)
    assert [int(i) for i in event_ids] == ids and [int(v) for v in event_values] == values
    assert s.shares.balanceOf(holder, s.token_id) == before - sum(values)
    assert s.shares.balanceOf(newcomer, s.token_id) == sum(values)
    with brownie.reverts(revert("ERC1155InvalidArrayLength", 2, 1)):
        s.shares.safeBatchTransferFrom(holder, newcomer, ids, [1], b"", {"from": holder})


def test_operator_needs_approval_for_all(sharing, newcomer, stranger):
    s, holder = sharing, sharing.investors[0]
    with brownie.reverts(revert("ERC1155MissingApprovalForAll", stranger, holder)):
        s.shares.safeTransferFrom(holder, newcomer, s.token_id, 1, b"", {"from": stranger})
    with brownie.reverts(revert("ERC1155MissingApprovalForAll", stranger, holder)):
        s.shares.safeBatchTransferFrom(holder, newcomer, [s.token_id], [1], b"", {"from": stranger})
    tx = s.shares.setApprovalForAll(stranger, True, {"from": holder})
    assert args(tx.events["ApprovalForAll"]) == (holder, stranger, True)
    assert s.shares.isApprovedForAll(holder, stranger)
    assert not s.shares.isApprovedForAll(stranger, holder)
    tx = s.transfer(holder, newcomer, 5, operator=stranger)
    assert tx.events["TransferSingle"]["operator"] == stranger
    s.shares.setApprovalForAll(stranger, False, {"from": holder})
    assert not s.shares.isApprovedForAll(holder, stranger)
    with brownie.reverts(revert("ERC1155MissingApprovalForAll", stranger, holder)):
        s.shares.safeTransferFrom(holder, newcomer, s.token_id, 1, b"", {"from": stranger})
    with brownie.reverts(revert("ERC1155InvalidOperator", ZERO_ADDRESS)):
        s.shares.setApprovalForAll(ZERO_ADDRESS, True, {"from": holder})


def test_zero_addresses_are_refused(sharing):
    s, holder = sharing, sharing.investors[0]
    with brownie.reverts(revert("ERC1155InvalidReceiver", ZERO_ADDRESS)):
        s.shares.safeTransferFrom(holder, ZERO_ADDRESS, s.token_id, 1, b"", {"from": holder})
    with brownie.reverts(revert("ERC1155InvalidSender", ZERO_ADDRESS)):
        s.shares.safeTransferFrom(ZERO_ADDRESS, holder, s.token_id, 1, b"", {"from": holder})


def test_contract_receivers_must_accept(sharing, deployer):
    """A contract that answers the hook wrongly, reverts without a reason, or has no hook gets
    nothing; one that accepts receives the shares (and their later revenue)."""
    s, holder = sharing, sharing.investors[0]
    rejecting = RejectingReceiver.deploy({"from": deployer})
    for call in (
        lambda to: s.shares.safeTransferFrom(holder, to, s.token_id, 1, b"", {"from": holder}),
        lambda to: s.shares.safeBatchTransferFrom(
            holder, to, [s.token_id], [1], b"", {"from": holder}
        ),
    ):
        for receiver in (rejecting, s.project):  # the project has no ERC-1155 hook
            with brownie.reverts(revert("ERC1155InvalidReceiver", receiver)):
                call(receiver)
    accepting = Hostile.deploy(deployer).address
    tx = s.transfer(holder, accepting, E // 2)
    assert "TransferSingle" in tx.events
    assert s.shares.balanceOf(accepting, s.token_id) == E // 2


def test_only_the_shares_contract_moves_shares(sharing, newcomer):
    s, holder = sharing, sharing.investors[0]
    for caller in (holder, newcomer):
        with brownie.reverts(revert("NotSharesContract", caller)):
            s.project.moveShares(holder, newcomer, s.combo, 1, {"from": caller})
    assert s.shares.balanceOf(newcomer, s.token_id) == 0


def test_more_than_the_balance_cannot_move(sharing, newcomer):
    s, holder = sharing, sharing.investors[2]
    held = s.shares.balanceOf(holder, s.token_id)
    with brownie.reverts(revert("InsufficientShares", s.combo, holder, held, held + 1)):
        s.shares.safeTransferFrom(holder, newcomer, s.token_id, held + 1, b"", {"from": holder})
    # a batch moves one entry after the other: the second finds the balance the first left
    with brownie.reverts(revert("InsufficientShares", s.combo, holder, held - 1, held)):
        s.shares.safeBatchTransferFrom(
            holder, newcomer, [s.token_id, s.token_id], [1, held], b"", {"from": holder}
        )


def test_views_of_a_settled_position_and_of_unknown_ids(sharing, newcomer):
    """Once its holder claims, a position is settled: it is shares, no longer a stake. Views of
    combinations and parts that do not exist answer empty instead of reverting."""
    s, holder = sharing, sharing.investors[0]
    shares = s.project.sharesOf(s.combo, holder)
    assert s.project.stakeOf(s.combo, holder) > 0
    s.claim(holder)
    assert s.project.stakeOf(s.combo, holder) == 0
    assert s.project.sharesOf(s.combo, holder) == shares
    # a settled position that gave all its shares away is empty: there is nothing to refund
    s.transfer(holder, newcomer, shares)
    with brownie.reverts(revert("NothingToClaim", s.combo, holder)):
        s.project.refund(s.combo, {"from": holder})
    unknown = s.combo + 1_000
    view = s.project.combination(unknown)
    assert len(view["optionIds"]) == 0 and view["status"] == Status.NONE
    assert tuple(s.project.makerOwed(unknown, 0)) == (0, 0)
    assert tuple(s.project.makerOwed(s.combo, len(s.makers))) == (0, 0)
