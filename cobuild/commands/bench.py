# SPDX-License-Identifier: MIT
"""`cobuild bench` (`make bench`, or `brownie run scripts/bench.py`): gas of every user action
against reference contracts measured in the same run, how it scales with the crowd, and the
seed-car scenario; writes out/bench.json.

Anchors (contracts/bench/, used only here): a bare escrowed pledge (the floor of an investment
and of a pull withdrawal), OpenZeppelin's ERC-1155 mint and transfer, OpenZeppelin's Governor
castVote. Setup traffic (thousands of backers) goes through the scenario runner's batched sender;
every measured action is one brownie transaction whose gas_used is reported."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from brownie import (
    BarePledge,
    BenchAttestations,
    BenchERC1155,
    BenchGovernor,
    BenchPushComm,
    BenchVotes,
    CobuildConsent,
    CobuildInterests,
    CobuildNotices,
    PermitToken,
    accounts,
    chain,
)

from cobuild.bench_services import measure_services, print_services
from cobuild.chain.actors import actor, actor_address, set_block_gas_limit
from cobuild.chain.lifecycle import advance_to, deliver_all, pass_all
from cobuild.chain.permits import sign_permit
from cobuild.chain.platform import ProjectSpec, deploy_platform, open_project, project_abi
from cobuild.chain.ranking import ranking
from cobuild.chain.rpc import Codec, Rpc
from cobuild.chain.sender import DevSender, Tx
from cobuild.chain.snapshot import Snapshot
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


def measure_anchors(owner: Any, users: list[Any]) -> dict[str, int]:
    pledge = BarePledge.deploy({"from": owner})
    pledge.pledge({"from": users[0], "value": E})  # the running total is non-zero from now on
    new = pledge.pledge({"from": users[1], "value": E})
    top_up = pledge.pledge({"from": users[1], "value": E})
    withdraw = pledge.withdraw({"from": users[1]})

    token = BenchERC1155.deploy({"from": owner})
    token.mint(users[0], 1, 10, {"from": owner})
    mint = token.mint(users[1], 1, 10, {"from": owner})
    transfer = token.safeTransferFrom(users[1], users[2], 1, 5, b"", {"from": users[1]})

    votes = BenchVotes.deploy({"from": owner})
    governor = BenchGovernor.deploy(votes, {"from": owner})
    for user in users[:2]:
        votes.mint(user, E, {"from": owner})
        votes.delegate(user, {"from": user})
    governor.propose([owner], [0], [b""], "bench", {"from": users[0]})
    proposal = governor.hashProposal([owner], [0], [b""], _keccak("bench"))
    chain.mine(2)
    governor.castVote(proposal, 1, {"from": users[0]})
    vote = governor.castVote(proposal, 1, {"from": users[1]})
    return {
        "pledge_new_backer": new.gas_used,
        "pledge_top_up": top_up.gas_used,
        "pledge_withdraw": withdraw.gas_used,
        "erc1155_mint_new_holder": mint.gas_used,
        "erc1155_transfer": transfer.gas_used,
        "governor_cast_vote": vote.gas_used,
    }


def _keccak(text: str) -> bytes:
    from eth_utils import keccak

    return keccak(text=text)


class Bulk:
    """Setup traffic in batches: `call(method, args, sender, value)` queues, `flush()` mines."""

    def __init__(self) -> None:
        self.sender = DevSender(Rpc.from_brownie(), Codec(project_abi()))

    def unlock(self, names: list[str]) -> list[str]:
        addresses = [actor_address(n) for n in names]
        self.sender.prepare(addresses)
        return addresses

    def call(self, method: Any, args: tuple, sender: Any, value: int = 0) -> None:
        address = sender if isinstance(sender, str) else sender.address
        self.sender.send(Tx(address, method._address, method.encode_input(*args), value))

    def flush(self) -> None:
        self.sender.close()


class Market:
    """A project of 3 dimensions x 10 options, all 1,000 combinations backed: combination 1 by
    1,000 backers, combination 2 by 10, the others by one small backer each (underfunded)."""

    def __init__(
        self, platform: Any, creator: Any, makers: list[Any], inspectors: list[Any], combos: int
    ):
        self.creator, self.makers, self.inspectors = creator, makers, inspectors
        self.bulk = bulk = Bulk()
        spec = ProjectSpec(
            inspectors=inspectors,
            slots=2,
            min_total=E,
            min_stake=E // 100,
            quorum=2,
            ideation=30 * DAY,
        )
        opened = open_project(platform.factory, creator, spec)
        self.project, self.create_gas = opened.project, opened.tx.gas_used
        p = self.project
        per_dim = 10 if combos > 100 else 5
        for d in range(3):
            for _ in range(per_dim):
                bulk.call(p.offerOption, (d, E // 10, NO_CONTENT), makers[d])
        bulk.flush()
        options = [[1 + d * per_dim + i for i in range(per_dim)] for d in range(3)]
        triples = [(a, b, c) for a in options[0] for b in options[1] for c in options[2]][:combos]
        small = E // 1000
        seeds = bulk.unlock([f"bench-seed-{i}" for i in range(len(triples))])
        for seed, triple in zip(seeds, triples, strict=True):
            bulk.call(p.investInNew, (list(triple), small), seed, small)
        bulk.flush()

    def crowd(self, combo: int, count: int, prefix: str, amount: int = E // 10) -> list[str]:
        backers = self.bulk.unlock([f"{prefix}-{i}" for i in range(count)])
        for backer in backers:
            self.bulk.call(self.project.invest, (combo, amount), backer, amount)
        self.bulk.flush()
        return backers


def measure_project(
    platform: Any, creator: Any, makers: list[Any], inspectors: list[Any], treasury: Any
) -> tuple:
    gas: dict[str, int] = {}
    scaling: dict[str, Any] = {}
    market = Market(platform, creator, makers, inspectors, combos=1000)
    p = market.project
    gas["create_project"] = market.create_gas

    # combination 2 reaches 10 backers, combination 1 reaches 1,000: a new backer joins each
    market.crowd(2, 9, "bench-ten")
    market.crowd(1, 999, "bench-thousand")
    newcomer = actor("bench-newcomer")
    at_10 = p.invest(2, E, {"from": newcomer, "value": E})
    at_1000 = p.invest(1, E, {"from": newcomer, "value": E})
    gas["invest_new_backer"] = at_10.gas_used
    gas["invest_top_up"] = p.invest(2, E, {"from": newcomer, "value": E}).gas_used
    gas["argue"] = p.argue(2, "", {"from": newcomer}).gas_used
    # a new backer of combination 2 paid by someone else (issue 35): against invest_new_backer
    gas["invest_for_new_backer"] = p.investFor(
        actor("bench-gift"), 2, E, {"from": newcomer, "value": E}
    ).gas_used
    # a readable argument: 140 characters of text, emitted (what a dApp shows)
    gas["argue_140_chars"] = p.argue(2, "x" * 140, {"from": newcomer}).gas_used
    scaling["invest_new_backer_at_10"] = at_10.gas_used
    scaling["invest_new_backer_at_1000"] = at_1000.gas_used
    scaling["invest_ratio_1000_vs_10"] = round(at_1000.gas_used / at_10.gas_used, 4)

    advance_to(p, Phase.Finalizing)
    order = ranking(p)
    batches = [
        p.finalize(i, order[i : i + 250], {"from": creator}) for i in range(0, len(order), 250)
    ]
    per_combo_1000 = sum(b.gas_used for b in batches) / len(order)
    scaling["finalize_per_combination_at_1000"] = round(per_combo_1000)
    assert p.phase() == Phase.Rescue, "the bench market must launch"

    advance_to(p, Phase.Development)
    gas["refund"] = p.refund(3, {"from": actor("bench-seed-2")}).gas_used  # combination 3's backer
    gas["claim_advance"] = p.claimMaker(1, 0, {"from": makers[0]}).gas_used
    for combo in (1, 2):
        deliver_all(p, combo)
    advance_to(p, Phase.Testing)
    gas["record_verdict"] = p.recordVerdict(1, 0, True, ZERO_HASH, {"from": inspectors[0]}).gas_used
    p.recordVerdict(1, 0, True, ZERO_HASH, {"from": inspectors[1]})
    for condition in (1, 2):
        for inspector in inspectors[:2]:
            p.recordVerdict(1, condition, True, ZERO_HASH, {"from": inspector})
    pass_all(p, 2, inspectors[:2])

    advance_to(p, Phase.Presale)
    price = {}
    for combo in (1, 2):
        c = p.combination(combo)
        # one sale: the investors' 30 % of it exceeds the surplus the backers get back
        price[combo] = (c["funded"] - c["cost"]) * 10_000 // 3_000 + E
        p.setModelTerms(combo, price[combo], 1, {"from": creator})
    buyer = actor("bench-buyer")
    p.order(1, [], {"from": buyer, "value": price[1]})
    gas["order"] = p.order(2, [], {"from": buyer, "value": price[2]}).gas_used

    advance_to(p, Phase.Closed)
    for combo in (1, 2):
        p.closeModel(combo, {"from": creator})
    deposit = p.depositRevenue(2, 10 * E, {"from": creator, "value": 10 * E})
    p.depositRevenue(1, 10 * E, {"from": creator, "value": 10 * E})
    gas["deposit_revenue"] = deposit.gas_used
    claim_10 = p.claimRevenue(2, {"from": actor("bench-ten-0")})
    claim_1000 = p.claimRevenue(1, {"from": actor("bench-thousand-0")})
    gas["claim_revenue"] = claim_10.gas_used
    scaling["claim_revenue_at_10_holders"] = claim_10.gas_used
    scaling["claim_revenue_at_1000_holders"] = claim_1000.gas_used
    scaling["claim_ratio_1000_vs_10"] = round(claim_1000.gas_used / claim_10.gas_used, 4)
    token_id = platform.shares.tokenId(p, 1)
    holder = actor("bench-thousand-1")
    transfer = platform.shares.safeTransferFrom(
        holder, actor("bench-share-buyer"), token_id, E // 20, b"", {"from": holder}
    )
    gas["share_transfer"] = transfer.gas_used

    small = Market(platform, creator, makers, inspectors, combos=100)
    advance_to(small.project, Phase.Finalizing)
    order = ranking(small.project)
    receipt = small.project.finalize(0, order, {"from": creator})
    scaling["finalize_per_combination_at_100"] = round(receipt.gas_used / len(order))
    scaling["finalize_ratio_1000_vs_100"] = round(
        per_combo_1000 / (receipt.gas_used / len(order)), 4
    )
    gas["finalize_per_combination"] = round(per_combo_1000)
    return gas, scaling


def measure_one_transaction(
    platform: Any, creator: Any, makers: list[Any], inspectors: list[Any]
) -> dict[str, int]:
    """Issue 35's one-transaction paths in an ERC-20 project whose token takes EIP-2612 permits:
    invest with a permit in one `multicall` against `approve` then `invest` (a backer's first
    investment, so both pay for a new position), and the refunds of one backer's positions in one
    `multicall` against one refund transaction each."""
    token = PermitToken.deploy("Bench Dollar", "BD", {"from": creator})
    spec = ProjectSpec(
        inspectors=list(inspectors),
        token=token.address,
        min_total=E,
        min_stake=E // 100,
        slots=1,
        max_rescues=0,
    )
    p = open_project(platform.factory, creator, spec).project
    ids = [
        [
            p.offerOption(d, E, NO_CONTENT, {"from": makers[d]}).events["OptionOffered"]["optionId"]
            for _ in range(10)
        ]
        for d in range(3)
    ]
    seed = actor("bench-permit-seed")
    token.mint(seed, 100 * E, {"from": seed})
    token.approve(p, 2**256 - 1, {"from": seed})
    for k in range(10):  # ten combinations backed by the seed, none funded to its cost of 3
        p.investInNew([row[k] for row in ids], (k + 1) * E // 4, {"from": seed})
    figures: dict[str, int] = {}
    approver, signer = accounts.add(), accounts.add()
    for who in (approver, signer):
        token.mint(who, 10 * E, {"from": who})
    approve = token.approve(p, E, {"from": approver})
    invest = p.invest(1, E, {"from": approver})
    figures["approve_then_invest"] = approve.gas_used + invest.gas_used
    permit = sign_permit(
        signer.private_key,
        token_name="Bench Dollar",
        token=token.address,
        chain_id=chain.id,
        spender=p.address,
        value=E,
        nonce=token.nonces(signer),
        deadline=chain.time() + DAY,
    )
    batch = [p.selfPermit.encode_input(*permit), p.invest.encode_input(1, E)]
    figures["invest_with_permit"] = p.multicall(batch, {"from": signer}).gas_used

    advance_to(p, Phase.Finalizing)
    p.finalize(0, ranking(p), {"from": creator})
    advance_to(p, Phase.Development)
    owed = [c for c in range(1, 11) if p.refundableOf(c, seed) > 0]
    figures["refunds"] = len(owed)
    snapshot = Snapshot()
    figures["refunds_one_by_one"] = sum(p.refund(c, {"from": seed}).gas_used for c in owed)
    snapshot.restore()
    calls = [p.refund.encode_input(c) for c in owed]
    figures["refunds_in_one_multicall"] = p.multicall(calls, {"from": seed}).gas_used
    return figures


def measure_seed_car() -> dict[str, Any]:
    """Total gas, transactions and wall time of the seed-car scenario (`make demo`'s story)."""
    started = time.perf_counter()
    result = play("scenarios/seed-car.yaml", out_dir=None, progress=False, chart=False, echo=False)
    return {
        "gas_total": result.report["gas"]["total"],
        "transactions": result.report["timing"]["transactions"],
        "wall_seconds": round(time.perf_counter() - started, 1),
    }


def measure_routing(owner: Any) -> dict[str, dict]:
    """Gas of declare-interest, follow, post, grant, use and revoke (each a steady-state call:
    not the first of its contract), next to EAS-style attest/revoke and Push-style
    subscribe/sendNotification anchors deployed in the same run."""
    from cobuild.consent.signing import Terms, purpose_id, sign_grant, sign_revoke, signer

    users = [actor(f"bench-routing-{i}") for i in range(4)]
    interests = CobuildInterests.deploy({"from": owner})
    notices = CobuildNotices.deploy({"from": owner})
    consent = CobuildConsent.deploy({"from": owner})
    eas = BenchAttestations.deploy({"from": owner})
    push = BenchPushComm.deploy({"from": owner})
    gas: dict[str, int] = {}
    anchors: dict[str, int] = {}

    interests.declareInterest("cars", {"from": users[0]})
    gas["declare_interest"] = interests.declareInterest(
        "foam-material", {"from": users[1]}
    ).gas_used
    gas["withdraw_interest"] = interests.withdrawInterest(
        "foam-material", {"from": users[1]}
    ).gas_used
    notices.follow(users[3], {"from": users[0]})
    gas["follow"] = notices.follow(users[3], {"from": users[1]}).gas_used
    text = "gas is cut tonight in your community"  # 36 bytes, the same payload for the anchor
    gas["post"] = notices.post(text, "", {"from": users[3]}).gas_used
    gas["post_to_tag"] = notices.postToTag("cars", text, "", {"from": users[3]}).gas_used

    expiry = chain.time() + 30 * DAY
    terms = Terms(
        users[2].address, _keccak("address"), "ipfs://x", purpose_id("delivery"), 1, 10, expiry
    )
    consent.grant(terms.as_tuple(), {"from": users[0]})
    gas["grant"] = consent.grant(terms.as_tuple(), {"from": users[1]}).gas_used
    key = signer("bench-owner")
    deadline = chain.time() + DAY
    sig = sign_grant(key, terms, 0, deadline, chain.id, consent.address)
    by_sig = consent.grantBySig(terms.as_tuple(), key.address, 0, deadline, sig, {"from": owner})
    gas["grant_by_sig"] = by_sig.gas_used
    consent.use(1, purpose_id("delivery"), 0, {"from": users[2]})
    gas["use"] = consent.use(2, purpose_id("delivery"), 0, {"from": users[2]}).gas_used
    gas["revoke"] = consent.revoke(1, {"from": users[0]}).gas_used
    sig = sign_revoke(key, 3, 1, deadline, chain.id, consent.address)
    gas["revoke_by_sig"] = consent.revokeBySig(3, 1, deadline, sig, {"from": owner}).gas_used

    schema = eas.register(
        "address data,string location,bytes32 purpose,uint32 ops,uint32 uses"
    ).events["SchemaRegistered"]["uid"]
    payload = b"\x00" * 224  # the grant's terms, abi-encoded (7 words) as the attestation's data
    eas.attest(schema, users[2], expiry, ZERO_HASH, payload, {"from": users[0]})
    attest = eas.attest(schema, users[2], expiry, ZERO_HASH, payload, {"from": users[1]})
    anchors["eas_attest"] = attest.gas_used
    anchors["eas_revoke"] = eas.revoke(
        attest.events["Attested"]["uid"], {"from": users[1]}
    ).gas_used
    push.subscribe(users[3], {"from": users[0]})
    anchors["push_subscribe"] = push.subscribe(users[3], {"from": users[1]}).gas_used
    identity = text.encode()
    send = push.sendNotification(users[3], users[0], identity, {"from": users[3]})
    anchors["push_send_notification"] = send.gas_used
    ratios = {a: round(gas[a] / anchors[anchor], 3) for a, anchor in ROUTING.items()}
    return {"gas": gas, "anchors": anchors, "ratios": ratios}


def routing() -> None:
    """`brownie run scripts/bench.py routing`: only the routing and consent figures."""
    figures = measure_routing(accounts[0])
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


def main() -> None:
    started = time.perf_counter()
    set_block_gas_limit(30_000_000)
    owner, treasury, creator = accounts[0], accounts[1], accounts[2]
    makers, inspectors = list(accounts[3:6]), list(accounts[6:9])
    anchors = measure_anchors(owner, [actor(f"bench-anchor-{i}") for i in range(3)])
    platform = deploy_platform(owner, treasury)
    gas, scaling = measure_project(platform, creator, makers, inspectors, treasury)
    one_tx = measure_one_transaction(platform, creator, makers, inspectors)
    seed_car = measure_seed_car()
    services = measure_services([actor(f"bench-services-{i}") for i in range(7)])
    routing_figures = measure_routing(owner)

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


def services() -> None:
    """`brownie run scripts/bench.py services`: only the services' part (seconds, not minutes);
    writes out/bench-services.json."""
    result = measure_services([actor(f"bench-services-{i}") for i in range(7)])
    out = OUT.with_name("bench-services.json")
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print_services(result)
    failed = [a for a, ok in result["budgets"].items() if not ok]
    print(f"services budgets: {len(result['budgets']) - len(failed)}/{len(result['budgets'])} pass")
