# SPDX-License-Identifier: MIT
"""`cobuild bench` (`make bench`, or `brownie run scripts/bench.py`): gas of every user action
against reference contracts measured in the same run, how it scales with the crowd, and the
seed-car scenario; writes out/bench.json.

Anchors (contracts/bench/, used only here): a bare escrowed pledge (the floor of an investment
and of a pull withdrawal), OpenZeppelin's ERC-1155 mint and transfer, OpenZeppelin's Governor
castVote. Everything runs on the chain port (cobuild/chain/port.py) without brownie: an anvil of
the run's own (the settings of brownie's development network) unless a port is given (`cobuild
bench --rpc URL`: a development node; `--network ID`: brownie's network). Contracts are deployed
from the build's artifacts (build/contracts/, `cobuild compile`); setup traffic (thousands of
backers) is queued and mined in batches; every measured action is one transaction mined alone
(cobuild/bench_chain.py), its gas read from the receipt."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eth_utils import keccak

from cobuild.bench_chain import BenchChain
from cobuild.bench_services import measure_services, print_services
from cobuild.chain.node import DEVELOPMENT, anvil
from cobuild.chain.permits import sign_permit
from cobuild.chain.port import ChainPort, PlatformHandles, deploy_platform
from cobuild.chain.sender import Handle
from cobuild.chain.spec import ProjectSpec
from cobuild.protocol import DAY, NO_CONTENT, ZERO_HASH, Phase
from cobuild.scenario.runner import play

E = 10**18
OUT = Path("out/bench.json")

# action -> (anchor it is compared with, budget in gas or None)
ACTIONS: dict[str, tuple[str | None, int | None]] = {
    "create_project": (None, 400_000),
    "invest_new_backer": ("pledge_new_backer", 65_000),
    "invest_top_up": ("pledge_top_up", 40_000),
    "argue": ("governor_cast_vote", 35_000),
    "argue_140_chars": ("governor_cast_vote", 35_000),
    "finalize_per_combination": (None, 12_000),  # at 1,000 combinations
    "refund": ("pledge_withdraw", None),
    "claim_advance": ("pledge_withdraw", None),
    "record_verdict": ("governor_cast_vote", None),
    "order": ("pledge_new_backer", None),
    "deposit_revenue": ("pledge_top_up", None),
    "claim_revenue": ("pledge_withdraw", 60_000),
    "invest_for_new_backer": ("pledge_new_backer", 65_000),
    "share_transfer": ("erc1155_transfer", None),
}
# routing and consent (issue 15): action -> anchor measured in the same run (no budgets given)
ROUTING: dict[str, str] = {
    "declare_interest": "eas_attest",
    "follow": "push_subscribe",
    "post": "push_send_notification",
    "post_to_tag": "push_send_notification",
    "grant": "eas_attest",
    "grant_by_sig": "eas_attest",
    "use": "eas_attest",
    "revoke": "eas_revoke",
    "revoke_by_sig": "eas_revoke",
}
FLOOR_FACTOR = 1.35  # a new backer's investment may cost at most this times the bare pledge
SCALING_LIMIT = 1.02
# Hot paths measured before the fair-rules change (issue 12): they may grow by at most 2 %.
HOT_PATHS = {
    "invest_new_backer": 57_115,
    "invest_top_up": 38_943,
    "argue": 28_779,
    "claim_revenue": 54_824,
}
HOT_PATH_GROWTH = 1.02
# The deadlines and the consent expiry the bench signs: one fixed time (2106), so every signature,
# and so the calldata of the signed actions, is the same in every run. Taken from the chain's clock
# they changed each run, and now and then a zero byte in a deadline or a signature made
# invest_with_permit, grant_by_sig or revoke_by_sig 12 gas cheaper (calldata: 4 gas a zero byte
# against 16).
SIGNED_UNTIL = 2**32 - 1


def measure_anchors(chain: BenchChain, owner: str, users: list[str]) -> dict[str, int]:
    send = chain.send
    pledge = chain.deploy("BarePledge", by=owner)
    send(pledge, "pledge", by=users[0], value=E)  # the running total is non-zero from now on
    new = send(pledge, "pledge", by=users[1], value=E)
    top_up = send(pledge, "pledge", by=users[1], value=E)
    withdraw = send(pledge, "withdraw", by=users[1])

    token = chain.deploy("BenchERC1155", by=owner)
    send(token, "mint", users[0], 1, 10, by=owner)
    mint = send(token, "mint", users[1], 1, 10, by=owner)
    transfer = send(token, "safeTransferFrom", users[1], users[2], 1, 5, b"", by=users[1])

    votes = chain.deploy("BenchVotes", by=owner)
    governor = chain.deploy("BenchGovernor", votes.address, by=owner)
    for user in users[:2]:
        send(votes, "mint", user, E, by=owner)
        send(votes, "delegate", user, by=user)
    send(governor, "propose", [owner], [0], [b""], "bench", by=users[0])
    proposal = chain.view(governor, "hashProposal", [owner], [0], [b""], keccak(text="bench"))
    chain.mine(2)
    send(governor, "castVote", proposal, 1, by=users[0])
    vote = send(governor, "castVote", proposal, 1, by=users[1])
    return {
        "pledge_new_backer": new.gas_used,
        "pledge_top_up": top_up.gas_used,
        "pledge_withdraw": withdraw.gas_used,
        "erc1155_mint_new_holder": mint.gas_used,
        "erc1155_transfer": transfer.gas_used,
        "governor_cast_vote": vote.gas_used,
    }


def open_project(chain: BenchChain, factory: Handle, creator: str, spec: ProjectSpec) -> tuple:
    """Create a project through the factory: (the project, the creating transaction)."""
    mined = chain.send(
        factory, "createProject", spec.params(chain.now()), spec.labels(), by=creator
    )
    return chain.project(mined.event("ProjectCreated")["project"]), mined


class Market:
    """A project of 3 dimensions x 10 options, all 1,000 combinations backed: combination 1 by
    1,000 backers, combination 2 by 10, the others by one small backer each (underfunded).
    Setup traffic is queued and mined in batches."""

    def __init__(
        self,
        chain: BenchChain,
        platform: PlatformHandles,
        creator: str,
        makers: list[str],
        inspectors: list[str],
        combos: int,
    ):
        self.chain = chain
        self.creator, self.makers, self.inspectors = creator, makers, inspectors
        spec = ProjectSpec(
            inspectors=inspectors,
            slots=2,
            min_total=E,
            min_stake=E // 100,
            quorum=2,
            ideation=30 * DAY,
        )
        self.project, opened = open_project(chain, platform.factory, creator, spec)
        self.create_gas = opened.gas_used
        p = self.project
        per_dim = 10 if combos > 100 else 5
        for d in range(3):
            for _ in range(per_dim):
                chain.queue(p, "offerOption", d, E // 10, NO_CONTENT, by=makers[d])
        chain.flush()
        options = [[1 + d * per_dim + i for i in range(per_dim)] for d in range(3)]
        triples = [(a, b, c) for a in options[0] for b in options[1] for c in options[2]][:combos]
        small = E // 1000
        seeds = chain.crowd([f"bench-seed-{i}" for i in range(len(triples))])
        for seed, triple in zip(seeds, triples, strict=True):
            chain.queue(p, "investInNew", list(triple), small, by=seed, value=small)
        chain.flush()

    def crowd(self, combo: int, count: int, prefix: str, amount: int = E // 10) -> list[str]:
        backers = self.chain.crowd([f"{prefix}-{i}" for i in range(count)])
        for backer in backers:
            self.chain.queue(self.project, "invest", combo, amount, by=backer, value=amount)
        self.chain.flush()
        return backers


def measure_project(
    chain: BenchChain,
    platform: PlatformHandles,
    creator: str,
    makers: list[str],
    inspectors: list[str],
) -> tuple:
    gas: dict[str, int] = {}
    scaling: dict[str, Any] = {}
    send, actor = chain.send, chain.actor
    market = Market(chain, platform, creator, makers, inspectors, combos=1000)
    p = market.project
    gas["create_project"] = market.create_gas

    # combination 2 reaches 10 backers, combination 1 reaches 1,000: a new backer joins each
    market.crowd(2, 9, "bench-ten")
    market.crowd(1, 999, "bench-thousand")
    newcomer = actor("bench-newcomer")
    at_10 = send(p, "invest", 2, E, by=newcomer, value=E)
    at_1000 = send(p, "invest", 1, E, by=newcomer, value=E)
    gas["invest_new_backer"] = at_10.gas_used
    gas["invest_top_up"] = send(p, "invest", 2, E, by=newcomer, value=E).gas_used
    gas["argue"] = send(p, "argue", 2, "", by=newcomer).gas_used
    # a new backer of combination 2 paid by someone else (issue 35): against invest_new_backer
    gift = actor("bench-gift")
    gas["invest_for_new_backer"] = send(p, "investFor", gift, 2, E, by=newcomer, value=E).gas_used
    # a readable argument: 140 characters of text, emitted (what a dApp shows)
    gas["argue_140_chars"] = send(p, "argue", 2, "x" * 140, by=newcomer).gas_used
    scaling["invest_new_backer_at_10"] = at_10.gas_used
    scaling["invest_new_backer_at_1000"] = at_1000.gas_used
    scaling["invest_ratio_1000_vs_10"] = round(at_1000.gas_used / at_10.gas_used, 4)

    chain.advance_to(p, Phase.Finalizing)
    order = chain.ranking(p)
    batches = [
        send(p, "finalize", i, order[i : i + 250], by=creator) for i in range(0, len(order), 250)
    ]
    per_combo_1000 = sum(b.gas_used for b in batches) / len(order)
    scaling["finalize_per_combination_at_1000"] = round(per_combo_1000)
    assert chain.phase(p) == Phase.Rescue, "the bench market must launch"

    chain.advance_to(p, Phase.Development)
    # combination 3's backer
    gas["refund"] = send(p, "refund", 3, by=actor("bench-seed-2")).gas_used
    gas["claim_advance"] = send(p, "claimMaker", 1, 0, by=makers[0]).gas_used
    for combo in (1, 2):
        chain.deliver_all(p, combo, ZERO_HASH)
    chain.advance_to(p, Phase.Testing)
    verdict = send(p, "recordVerdict", 1, 0, True, ZERO_HASH, by=inspectors[0])
    gas["record_verdict"] = verdict.gas_used
    send(p, "recordVerdict", 1, 0, True, ZERO_HASH, by=inspectors[1])
    for condition in (1, 2):
        for inspector in inspectors[:2]:
            send(p, "recordVerdict", 1, condition, True, ZERO_HASH, by=inspector)
    chain.pass_all(p, 2, inspectors[:2], ZERO_HASH)

    chain.advance_to(p, Phase.Presale)
    price = {}
    for combo in (1, 2):
        c = chain.named(p, "combination", combo)
        # one sale: the investors' 30 % of it exceeds the surplus the backers get back
        price[combo] = (c["funded"] - c["cost"]) * 10_000 // 3_000 + E
        send(p, "setModelTerms", combo, price[combo], 1, by=creator)
    buyer = actor("bench-buyer")
    send(p, "order", 1, [], by=buyer, value=price[1])
    gas["order"] = send(p, "order", 2, [], by=buyer, value=price[2]).gas_used

    chain.advance_to(p, Phase.Closed)
    for combo in (1, 2):
        send(p, "closeModel", combo, by=creator)
    deposit = send(p, "depositRevenue", 2, 10 * E, by=creator, value=10 * E)
    send(p, "depositRevenue", 1, 10 * E, by=creator, value=10 * E)
    gas["deposit_revenue"] = deposit.gas_used
    claim_10 = send(p, "claimRevenue", 2, by=actor("bench-ten-0"))
    claim_1000 = send(p, "claimRevenue", 1, by=actor("bench-thousand-0"))
    gas["claim_revenue"] = claim_10.gas_used
    scaling["claim_revenue_at_10_holders"] = claim_10.gas_used
    scaling["claim_revenue_at_1000_holders"] = claim_1000.gas_used
    scaling["claim_ratio_1000_vs_10"] = round(claim_1000.gas_used / claim_10.gas_used, 4)
    token_id = chain.view(platform.shares, "tokenId", p.address, 1)
    holder = actor("bench-thousand-1")
    share_buyer = actor("bench-share-buyer")
    transfer = send(
        platform.shares, "safeTransferFrom", holder, share_buyer, token_id, E // 20, b"", by=holder
    )
    gas["share_transfer"] = transfer.gas_used

    small = Market(chain, platform, creator, makers, inspectors, combos=100)
    chain.advance_to(small.project, Phase.Finalizing)
    order = chain.ranking(small.project)
    receipt = send(small.project, "finalize", 0, order, by=creator)
    scaling["finalize_per_combination_at_100"] = round(receipt.gas_used / len(order))
    scaling["finalize_ratio_1000_vs_100"] = round(
        per_combo_1000 / (receipt.gas_used / len(order)), 4
    )
    gas["finalize_per_combination"] = round(per_combo_1000)
    return gas, scaling


def measure_one_transaction(
    chain: BenchChain,
    platform: PlatformHandles,
    creator: str,
    makers: list[str],
    inspectors: list[str],
) -> dict[str, int]:
    """Issue 35's one-transaction paths in an ERC-20 project whose token takes EIP-2612 permits:
    invest with a permit in one `multicall` against `approve` then `invest` (a backer's first
    investment, so both pay for a new position), and the refunds of one backer's positions in one
    `multicall` against one refund transaction each."""
    from cobuild.consent.signing import signer as named_key

    send = chain.send
    token = chain.deploy("PermitToken", "Bench Dollar", "BD", by=creator)
    spec = ProjectSpec(
        inspectors=list(inspectors),
        token=token.address,
        min_total=E,
        min_stake=E // 100,
        slots=1,
        max_rescues=0,
    )
    p, _ = open_project(chain, platform.factory, creator, spec)
    ids = [
        [
            send(p, "offerOption", d, E, NO_CONTENT, by=makers[d]).event("OptionOffered")[
                "optionId"
            ]
            for _ in range(10)
        ]
        for d in range(3)
    ]
    seed = chain.actor("bench-permit-seed")
    send(token, "mint", seed, 100 * E, by=seed)
    send(token, "approve", p.address, 2**256 - 1, by=seed)
    for k in range(10):  # ten combinations backed by the seed, none funded to its cost of 3
        send(p, "investInNew", [row[k] for row in ids], (k + 1) * E // 4, by=seed)
    figures: dict[str, int] = {}
    # two fresh backers with keys of their own (the signer signs the permit): deterministic keys
    approver, signer = named_key("bench-permit-approver"), named_key("bench-permit-signer")
    chain.unlock([approver.address, signer.address])
    for who in (approver.address, signer.address):
        send(token, "mint", who, 10 * E, by=who)
    approve = send(token, "approve", p.address, E, by=approver.address)
    invest = send(p, "invest", 1, E, by=approver.address)
    figures["approve_then_invest"] = approve.gas_used + invest.gas_used
    permit = sign_permit(
        signer.key,
        token_name="Bench Dollar",
        token=token.address,
        chain_id=chain.chain_id(),
        spender=p.address,
        value=E,
        nonce=chain.view(token, "nonces", signer.address),
        deadline=SIGNED_UNTIL,
    )
    batch = [_bytes(p.data("selfPermit", *permit)), _bytes(p.data("invest", 1, E))]
    figures["invest_with_permit"] = send(p, "multicall", batch, by=signer.address).gas_used

    chain.advance_to(p, Phase.Finalizing)
    send(p, "finalize", 0, chain.ranking(p), by=creator)
    chain.advance_to(p, Phase.Development)
    owed = [c for c in range(1, 11) if chain.view(p, "refundableOf", c, seed) > 0]
    figures["refunds"] = len(owed)
    snapshot = chain.snapshot()
    figures["refunds_one_by_one"] = sum(send(p, "refund", c, by=seed).gas_used for c in owed)
    chain.revert(snapshot)
    calls = [_bytes(p.data("refund", c)) for c in owed]
    figures["refunds_in_one_multicall"] = send(p, "multicall", calls, by=seed).gas_used
    return figures


def _bytes(data: str) -> bytes:
    return bytes.fromhex(data.removeprefix("0x"))


def measure_seed_car(chain: BenchChain) -> dict[str, Any]:
    """Total gas, transactions and wall time of the seed-car scenario (`make demo`'s story),
    played on the same chain."""
    started = time.perf_counter()
    result = play(
        "scenarios/seed-car.yaml",
        out_dir=None,
        progress=False,
        chart=False,
        echo=False,
        port=chain.port,
    )
    chain.forget_nonces()  # the scenario's own sender sent from the node's accounts
    return {
        "gas_total": result.report["gas"]["total"],
        "transactions": result.report["timing"]["transactions"],
        "wall_seconds": round(time.perf_counter() - started, 1),
    }


def measure_routing(chain: BenchChain, owner: str) -> dict[str, dict]:
    """Gas of declare-interest, follow, post, grant, use and revoke (each a steady-state call:
    not the first of its contract), next to EAS-style attest/revoke and Push-style
    subscribe/sendNotification anchors deployed in the same run."""
    from cobuild.consent.signing import Terms, purpose_id, sign_grant, sign_revoke, signer

    send = chain.send
    users = chain.actors([f"bench-routing-{i}" for i in range(4)])
    interests = chain.deploy("CobuildInterests", by=owner)
    notices = chain.deploy("CobuildNotices", by=owner)
    consent = chain.deploy("CobuildConsent", by=owner)
    eas = chain.deploy("BenchAttestations", by=owner)
    push = chain.deploy("BenchPushComm", by=owner)
    gas: dict[str, int] = {}
    anchors: dict[str, int] = {}

    send(interests, "declareInterest", "cars", by=users[0])
    gas["declare_interest"] = send(
        interests, "declareInterest", "foam-material", by=users[1]
    ).gas_used
    gas["withdraw_interest"] = send(
        interests, "withdrawInterest", "foam-material", by=users[1]
    ).gas_used
    send(notices, "follow", users[3], by=users[0])
    gas["follow"] = send(notices, "follow", users[3], by=users[1]).gas_used
    text = "gas is cut tonight in your community"  # 36 bytes, the same payload for the anchor
    gas["post"] = send(notices, "post", text, "", by=users[3]).gas_used
    gas["post_to_tag"] = send(notices, "postToTag", "cars", text, "", by=users[3]).gas_used

    expiry = SIGNED_UNTIL
    terms = Terms(
        users[2], keccak(text="address"), "ipfs://x", purpose_id("delivery"), 1, 10, expiry
    )
    send(consent, "grant", terms.as_tuple(), by=users[0])
    gas["grant"] = send(consent, "grant", terms.as_tuple(), by=users[1]).gas_used
    key = signer("bench-owner")
    deadline = SIGNED_UNTIL
    chain_id = chain.chain_id()
    sig = sign_grant(key, terms, 0, deadline, chain_id, consent.address)
    by_sig = send(consent, "grantBySig", terms.as_tuple(), key.address, 0, deadline, sig, by=owner)
    gas["grant_by_sig"] = by_sig.gas_used
    send(consent, "use", 1, purpose_id("delivery"), 0, by=users[2])
    gas["use"] = send(consent, "use", 2, purpose_id("delivery"), 0, by=users[2]).gas_used
    gas["revoke"] = send(consent, "revoke", 1, by=users[0]).gas_used
    sig = sign_revoke(key, 3, 1, deadline, chain_id, consent.address)
    gas["revoke_by_sig"] = send(consent, "revokeBySig", 3, 1, deadline, sig, by=owner).gas_used

    registered = send(
        eas,
        "register",
        "address data,string location,bytes32 purpose,uint32 ops,uint32 uses",
        by=owner,
    )
    schema = registered.event("SchemaRegistered")["uid"]
    payload = b"\x00" * 224  # the grant's terms, abi-encoded (7 words) as the attestation's data
    send(eas, "attest", schema, users[2], expiry, ZERO_HASH, payload, by=users[0])
    attest = send(eas, "attest", schema, users[2], expiry, ZERO_HASH, payload, by=users[1])
    anchors["eas_attest"] = attest.gas_used
    uid = attest.event("Attested")["uid"]
    anchors["eas_revoke"] = send(eas, "revoke", uid, by=users[1]).gas_used
    send(push, "subscribe", users[3], by=users[0])
    anchors["push_subscribe"] = send(push, "subscribe", users[3], by=users[1]).gas_used
    identity = text.encode()
    sent = send(push, "sendNotification", users[3], users[0], identity, by=users[3])
    anchors["push_send_notification"] = sent.gas_used
    ratios = {a: round(gas[a] / anchors[anchor], 3) for a, anchor in ROUTING.items()}
    return {"gas": gas, "anchors": anchors, "ratios": ratios}


@contextlib.contextmanager
def bench_chain(port: ChainPort | None) -> Iterator[BenchChain]:
    """`port`'s chain, or an anvil of this run's own with the settings of brownie's development
    network (stopped at the end)."""
    if port is not None:
        yield BenchChain(port)
        return
    with anvil(*DEVELOPMENT) as url:
        yield BenchChain(ChainPort.at(url))


def routing(port: ChainPort | None = None) -> None:
    """`brownie run scripts/bench.py routing`: only the routing and consent figures."""
    with bench_chain(port) as chain:
        figures = measure_routing(chain, chain.accounts()[0])
    out = OUT.with_name("bench-routing.json")
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(figures, indent=2) + "\n")
    _print_routing(figures)
    print(f"wrote {out}")


def _print_routing(figures: dict[str, dict]) -> None:
    print(
        f"\n{'routing/consent action':<28}{'gas':>10}  {'anchor':<24}{'anchor gas':>10}{'ratio':>8}"
    )
    for action, gas in figures["gas"].items():
        anchor = ROUTING.get(action)
        anchor_gas = f"{figures['anchors'][anchor]:>10,}" if anchor else f"{'-':>10}"
        ratio = figures["ratios"].get(action, "")
        print(f"{action:<28}{gas:>10,}  {anchor or '-':<24}{anchor_gas}{ratio!s:>8}")


def main(port: ChainPort | None = None) -> None:
    """The whole benchmark on `port` (None: an anvil of this run's own); writes out/bench.json."""
    started = time.perf_counter()
    with bench_chain(port) as chain:
        chain.set_block_gas_limit(30_000_000)
        accounts = chain.accounts()
        owner, treasury, creator = accounts[0], accounts[1], accounts[2]
        makers, inspectors = list(accounts[3:6]), list(accounts[6:9])
        anchors = measure_anchors(
            chain, owner, chain.actors([f"bench-anchor-{i}" for i in range(3)])
        )
        platform = deploy_platform(chain.port, chain.sender, owner, treasury)
        gas, scaling = measure_project(chain, platform, creator, makers, inspectors)
        one_tx = measure_one_transaction(chain, platform, creator, makers, inspectors)
        seed_car = measure_seed_car(chain)
        services = measure_services(chain, chain.actors([f"bench-services-{i}" for i in range(7)]))
        routing_figures = measure_routing(chain, owner)

    ratios = {a: round(gas[a] / anchors[anchor], 3) for a, (anchor, _) in ACTIONS.items() if anchor}
    budgets = {a: gas[a] <= limit for a, (_, limit) in ACTIONS.items() if limit}
    budgets["invest_new_backer_vs_floor"] = (
        gas["invest_new_backer"] <= FLOOR_FACTOR * anchors["pledge_new_backer"]
    )
    for action, before in HOT_PATHS.items():
        budgets[f"{action}_within_2_percent_of_{before}"] = gas[action] <= before * HOT_PATH_GROWTH
    budgets["invest_scaling"] = scaling["invest_ratio_1000_vs_10"] <= SCALING_LIMIT
    budgets["claim_scaling"] = scaling["claim_ratio_1000_vs_10"] <= SCALING_LIMIT
    budgets |= {f"services_{a}": ok for a, ok in services["budgets"].items()}
    report = {
        "gas": gas,
        "anchors": anchors,
        "ratios": ratios,
        "scaling": scaling,
        "budgets": budgets,
        "limits": {a: limit for a, (_, limit) in ACTIONS.items() if limit}
        | {
            "invest_new_backer_vs_floor": f"<= {FLOOR_FACTOR} x pledge_new_backer",
            "scaling": SCALING_LIMIT,
        },
        "one_transaction": one_tx,
        "seed_car": seed_car,
        "services": services,
        "routing": routing_figures,
        "wall_seconds": round(time.perf_counter() - started, 1),
    }
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2) + "\n")
    _print_table(report)


def _print_table(report: dict[str, Any]) -> None:
    print(f"\n{'action':<28}{'gas':>10}  {'anchor':<24}{'ratio':>7}  budget")
    for action, (anchor, limit) in ACTIONS.items():
        ratio = report["ratios"].get(action, "")
        verdict = (
            ""
            if limit is None
            else ("PASS" if report["budgets"][action] else "FAIL") + f" (<= {limit:,})"
        )
        print(
            f"{action:<28}{report['gas'][action]:>10,}  {anchor or '-':<24}{ratio!s:>7}  {verdict}"
        )
    one = report["one_transaction"]
    print(
        f"\ninvest with a permit (1 transaction, 1 signature) {one['invest_with_permit']:,}"
        f" against approve + invest (2 transactions) {one['approve_then_invest']:,}"
        f"\n{one['refunds']} refunds in one multicall {one['refunds_in_one_multicall']:,}"
        f" against {one['refunds']} refund transactions {one['refunds_one_by_one']:,}"
    )
    print_services(report["services"])
    print("\nanchors: " + ", ".join(f"{k} {v:,}" for k, v in report["anchors"].items()))
    print("scaling: " + ", ".join(f"{k} {v:,}" for k, v in report["scaling"].items()))
    _print_routing(report["routing"])
    failed = [k for k, ok in report["budgets"].items() if not ok]
    print(
        f"budgets: {len(report['budgets']) - len(failed)}/{len(report['budgets'])} pass"
        + (f"; FAIL: {failed}" if failed else "")
    )
    print(f"wrote {OUT} in {report['wall_seconds']} s")


def services(port: ChainPort | None = None) -> None:
    """`brownie run scripts/bench.py services`: only the services' part (seconds, not minutes);
    writes out/bench-services.json."""
    with bench_chain(port) as chain:
        result = measure_services(chain, chain.actors([f"bench-services-{i}" for i in range(7)]))
    out = OUT.with_name("bench-services.json")
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print_services(result)
    failed = [a for a, ok in result["budgets"].items() if not ok]
    print(f"services budgets: {len(result['budgets']) - len(failed)}/{len(result['budgets'])} pass")
