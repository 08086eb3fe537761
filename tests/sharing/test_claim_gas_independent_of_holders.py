# SPDX-License-Identifier: MIT
"""SLOW-ish (~5 s per asset): claim gas does not depend on the number of holders.

The same model is measured with 10 holders and again after one big holder has spread its shares
over 990 new addresses (1,000 holders). Each spread is a real `safeTransferFrom` settled by the
project, made by a test operator contract (SharingFanout) 100 at a time: the fastest way we
measured to create 1,000 holders (~3 s; one brownie transfer per holder takes ~36 s, and 1,000
impersonated backers investing ~65 s with ETH, ~3 min with an ERC-20: mint, approve, invest).

The claimers measured at 10 and at 1,000 holders are in the same state (same stake, first claim
then second claim, the same rounding pattern), so any difference would come from the holder count.
"""

import pytest
from brownie import SharingFanout, web3
from eth_abi import encode
from eth_utils import keccak, to_checksum_address
from sharing_support import E, ModelPlan

from cobuild.model.revenue import SCALE

HOLDERS = 1_000
BATCH = 100
GAS_TARGET = 60_000
REVENUE = 4 * E + 3

# ten backers: equal stakes for the two measured claimers (1 and 2), the last one big
STAKES = (
    E // 2 + 1,
    E // 3 + 5,
    E // 3 + 5,
    E // 4,
    E // 5,
    E // 6,
    E // 7,
    E // 8,
    E // 9,
    HOLDERS * E // 10 + 1,
)


@pytest.fixture(scope="module")
def module_sharing(build_model, money):
    return build_model(money, ModelPlan(stakes=STAKES))


def fanout_holder(seed, i):
    return to_checksum_address(keccak(encode(["uint256", "uint256"], [seed, i]))[12:])


def spread(sharing, fanout, big, count, amount, seed=1):
    """Give `count` new addresses `amount` shares each from `big`, on chain and in the model.

    The big fan-out transactions go through web3 and wait for their receipts: brownie's own wait
    races anvil on transactions this large (it sees the sender's nonce move before the
    transaction is indexed and reports it dropped)."""
    sharing.shares.setApprovalForAll(fanout, True, {"from": big})
    for start in range(0, count, BATCH):
        n = min(BATCH, count - start)
        data = fanout.spread.encode_input(
            sharing.shares, big, sharing.token_id, amount, seed + start, n
        )
        txid = web3.eth.send_transaction(
            {"from": str(big), "to": fanout.address, "data": data, "gas": 6_000_000, "gasPrice": 0}
        )
        assert web3.eth.wait_for_transaction_receipt(txid)["status"] == 1
        for i in range(n):
            sharing.model.transfer(sharing.combo, str(big), fanout_holder(seed + start, i), amount)


def leaves_remainder(sharing, holder):
    """Whether `holder`'s next settlement has a sub-wei remainder (it writes the pool's carry)."""
    book = sharing.model.models[sharing.combo]
    h = book.holders[str(holder)]
    return h.shares * (book.investors.per_share - h.checkpoint) % SCALE != 0


def measure(sharing, claimer):
    """Deposit, first claim, deposit, second claim: their gas."""
    figures = {}
    for claim in ("first", "second"):
        sharing.deposit(REVENUE)
        figures[f"deposit before {claim} claim"] = sharing.last_tx.gas_used
        figures[f"remainder at {claim} claim"] = leaves_remainder(sharing, claimer)
        sharing.claim(claimer)
        figures[f"{claim} claim"] = sharing.last_tx.gas_used
    return figures


@pytest.mark.slow
def test_claim_gas_is_the_same_with_10_and_1000_holders(sharing, money, deployer):
    s = sharing
    big = s.investors[9]
    assert len(s.investors) == 10 and s.model.holders(s.combo) == [str(h) for h in s.investors]
    with_10 = measure(s, s.investors[1])

    fanout = SharingFanout.deploy({"from": deployer})
    assert fanout.holderAt(1, 0) == fanout_holder(1, 0)
    spread(s, fanout, big, HOLDERS - 10, E // 10)
    holders = [h for h in s.model.holders(s.combo) if s.model.shares_of(s.combo, h)]
    assert len(holders) == HOLDERS
    balances = s.shares.balanceOfBatch(holders, [s.token_id] * HOLDERS)
    assert min(balances) > 0
    assert sum(balances) == s.shares.totalSupply(s.token_id) == s.model.total_shares(s.combo)
    with_1000 = measure(s, s.investors[2])
    s.assert_matches_model(holders=holders[:10] + holders[10::97])  # views: a sample

    print(f"\n[{'ETH' if money.is_eth else 'ERC-20'}] gas with 10 / 1,000 holders:")
    for key, small in with_10.items():
        large = with_1000[key]
        print(f"  {key:<28} {small!s:>7} {large!s:>7}")
        if key.startswith("remainder"):
            assert small == large, "the claimers must round alike for a like-for-like figure"
        else:
            assert max(small, large) / min(small, large) < 1.02, key
    if money.is_eth:
        assert with_1000["first claim"] < GAS_TARGET
        assert with_1000["second claim"] < GAS_TARGET
