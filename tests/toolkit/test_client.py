# SPDX-License-Identifier: MIT
"""`cobuild.client` (issue 36): a deployed platform read by field names and acted on as the dApp
does, on web3.py and eth_account only. Here it runs on brownie's web3 and accounts, as in
`brownie console`: one backer signs with a local key, the creator is brownie's unlocked account.
Every figure is checked against the contracts through brownie."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from brownie import TestToken, web3
from eth_account import Account

from cobuild.chain.lifecycle import advance_to
from cobuild.chain.platform import ProjectSpec
from cobuild.client import Cobuild, Reverted
from cobuild.protocol import Phase, Status

ROOT = Path(__file__).resolve().parents[2]
UNIT = 10**18


def test_importing_the_client_imports_no_brownie():
    code = (
        "import sys, cobuild.client; "
        "assert 'brownie' not in sys.modules, sorted(m for m in sys.modules if 'brownie' in m)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr


@pytest.fixture(scope="module")
def token(deployer):
    return TestToken.deploy("Cobuild Dollar", "CBD", {"from": deployer})


@pytest.fixture(scope="module")
def projects(open_project, inspectors, token):
    """An ETH project (its minimum total out of reach: the launch fails) and an ERC-20 one."""
    car = ProjectSpec(inspectors=list(inspectors), dimensions=["body", "engine"], slots=1)
    car.min_total = 100 * UNIT
    kettle = ProjectSpec(
        inspectors=list(inspectors), title="Solar kettle", tags=["kitchen"], dimensions=["pot"]
    )
    kettle.token = token.address
    return open_project(spec=car), open_project(spec=kettle)


@pytest.fixture(scope="module")
def key():
    """A backer with a local key (signed by the client), funded through anvil."""
    account = Account.create()
    web3.provider.make_request("anvil_setBalance", [account.address, hex(100 * UNIT)])
    return account


@pytest.fixture(scope="module")
def client(platform, creator, projects):
    return Cobuild(web3, factory=platform.factory.address, account=creator)


@pytest.fixture(scope="module")
def options(projects, makers):
    """Options offered through the client by brownie's unlocked maker accounts."""
    car, kettle = projects
    cb = Cobuild(web3, factory=car.config()["factory"])
    body = cb.use(makers[0]).project(car.address).offer_option("body", 2 * UNIT, "foam")
    engine = cb.use(makers[1]).project(car.address).offer_option("engine", 3 * UNIT, "volt")
    pot = cb.use(makers[2]).project(kettle.address).offer_option(0, 4 * UNIT, "copper")
    return body.result, engine.result, pot.result


def test_projects_are_listed_with_their_labels_phase_and_token(client, projects, options, token):
    car, kettle = projects
    listed = client.projects()
    assert [p.address for p in listed] == [car.address, kettle.address]
    first, second = listed
    assert first.title == "Spherical safety car" and first.dimensions == ["body", "engine"]
    assert first.phase == Phase.Ideation and first.counts["options"] == 2
    assert first.token.is_eth and second.token.symbol == "CBD" and second.tags == ["kitchen"]
    assert [p.address for p in client.projects(tag="kitchen")] == [kettle.address]


def test_a_project_is_read_by_field_names(client, projects, options, inspectors):
    car, _ = projects
    project = client.project(1)
    assert project.address == car.address and project.id == 1
    chain = car.config().dict()
    for name in ("factory", "creator", "ideationEnd", "minTotal", "minStake", "slots", "quorum"):
        assert project.config[name] == chain[name], name
    assert project.config["ratioBps"] == [3000, 3000, 3000, 1000]
    assert project.config["inspectors"] == [i.address for i in inspectors]
    assert project.labels["dimensions"] == ["body", "engine"]
    assert [(o["id"], o["name"], o["dimension_name"]) for o in project.options()] == [
        (options[0], "foam", "body"),
        (options[1], "volt", "engine"),
    ]
    assert project.counts() == dict(
        zip(("options", "combinations", "addons", "bonds"), car.counts(), strict=True)
    )


@pytest.fixture(scope="module")
def invested(client, projects, options, key):
    """The backer with a local key creates a combination with 1.5 ETH, adds 0.5 and argues."""
    car, _ = projects
    backer = Cobuild(web3, factory=client.factory.address, account=key.key).project(car.address)
    created = backer.invest_in_new(options[:2], backer.units("1.5"))
    backer.invest(created.result, backer.units("0.5"))
    backer.argue(created.result, "the toughest foam")
    return backer, created


def test_a_local_key_invests_argues_and_sees_its_stake(projects, invested, key):
    car, _ = projects
    backer, created = invested
    combo = created.result
    assert [name for name, _ in created.events] == ["CombinationCreated", "Invested"]
    assert car.stakeOf(combo, key.address) == 2 * UNIT
    (c,) = backer.combinations()
    assert (c.id, c.status, c.funded, c.cost, c.rank) == (
        combo,
        Status.Backed,
        2 * UNIT,
        5 * UNIT,
        1,
    )
    assert backer.arguments(combo)[0]["text"] == "the toughest foam"
    mine = backer.positions()
    assert [(p.combo, p.stake) for p in mine.combinations] == [(combo, 2 * UNIT)]
    assert mine.claims == []  # nothing is refundable during ideation


def test_a_refused_action_raises_its_sentence_and_sends_nothing(invested, key):
    backer, _ = invested
    nonce = web3.eth.get_transaction_count(key.address)
    with pytest.raises(Reverted) as refused:
        backer.refund(1)
    assert refused.value.error == "CombinationWrongStatus"
    assert refused.value.arguments == {"combo": 1, "current": "Backed", "required": "NotSelected"}
    assert "not in the status the action needs" in refused.value.sentence
    assert web3.eth.get_transaction_count(key.address) == nonce


def test_an_erc20_payment_is_approved_first(client, projects, options, token, key):
    _, kettle = projects
    token.mint(key.address, 10 * UNIT, {"from": key.address})
    backer = Cobuild(web3, factory=client.factory.address, account=key).project(kettle.address)
    assert backer.token.symbol == "CBD" and backer.units("2.5") == 25 * UNIT // 10
    sent = backer.invest_in_new([options[2]], backer.units("2.5"))
    assert kettle.stakeOf(sent.result, key.address) == 25 * UNIT // 10
    assert token.balanceOf(kettle) == 25 * UNIT // 10
    assert token.allowance(key.address, kettle) == 0  # the exact amount was approved


def test_after_a_failed_launch_the_claims_are_the_refunds(client, projects, invested, key):
    """The client finalizes (the ranking read from the chain), the launch fails (minimum total
    unmet), the backer's position lists its refund as a claim, and taking it pays it."""
    car, _ = projects
    project = client.project(car.address)
    advance_to(car, Phase.Finalizing)
    sent = client.project(car.address).finalize(batch=1)
    assert [s.action for s in sent] == ["finalize"]
    assert project.phase == Phase.Failed
    backer, _ = invested
    (claim,) = backer.positions().claims
    assert (claim.function, claim.args, claim.amount) == ("refund", (1,), 2 * UNIT)
    before = web3.eth.get_balance(key.address)
    taken = backer.take(claim)
    assert taken.result == 2 * UNIT
    gas = web3.eth.get_transaction_receipt(taken.hash)
    assert (
        web3.eth.get_balance(key.address) == before + 2 * UNIT - gas.gasUsed * gas.effectiveGasPrice
    )
    assert backer.positions().claims == []


def test_the_command_line_lists_and_shows_projects(client, projects, invested, key):
    """`cobuild projects` and `cobuild project --of ADDRESS --json`: the client's reads."""
    car, kettle = projects
    where = ["--rpc", web3.provider.endpoint_uri, "--factory", client.factory.address]

    def cobuild(*args: str) -> str:
        run = subprocess.run(
            [sys.executable, "-m", "cobuild", *args, *where],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 0, run.stderr
        return run.stdout

    lines = cobuild("projects").splitlines()
    assert [line.split()[1] for line in lines] == [car.address, kettle.address]
    assert "Solar kettle" in lines[1] and "[kitchen]" in lines[1]
    shown = json.loads(cobuild("project", "1", "--of", key.address, "--json"))
    assert shown["address"] == car.address and shown["phase"] == "Ideation"
    assert [c["status"] for c in shown["combinations"]] == ["Backed"]
    assert shown["positions"]["combinations"] == [
        {"combo": 1, "stake": 2 * UNIT, "shares": 0, "refundable": 0, "revenue": 0}
    ]


def test_a_keystore_file_signs(client, tmp_path, key):
    """An encrypted keystore (as geth, brownie or MetaMask export it) and its password."""
    keystore = tmp_path / "key.json"
    keystore.write_text(json.dumps(Account.encrypt(key.key, "secret", kdf="pbkdf2", iterations=2)))
    signed = Cobuild(web3, factory=client.factory.address, account=keystore, password="secret")
    assert signed.address == key.address and signed.signer.account is not None
