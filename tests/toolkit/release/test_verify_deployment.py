# SPDX-License-Identifier: MIT
"""`make verify`'s check, on a local chain: a deployment with its release record, one project
clone, every contract reported verified; then one byte of one source changed, and that contract
(only it) reported not verified, naming the file; then one byte of code on chain changed."""

import io
import json
from pathlib import Path

import pytest
from brownie import accounts, web3

from cobuild.protocol import PLATFORM_CONTRACTS
from cobuild.release.deploy import deploy_release
from cobuild.release.verify import Verifier, verify_record

ROOT = Path(__file__).resolve().parents[3]
TAMPERED = "contracts/project/ProjectProduction.sol"


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    record_path = tmp_path_factory.mktemp("deployments") / "31337.json"
    return deploy_release(accounts[0], path=record_path, root=ROOT, treasury=accounts[1].address)


@pytest.fixture(scope="module")
def platform(deployment):
    """The conftest's `open_project` opens projects on the platform this module deployed."""
    return deployment.platform


@pytest.fixture(scope="module")
def clone(open_project):
    return open_project()


def by_name(verdicts):
    return {v.name: v for v in verdicts}


def test_record_holds_block_transactions_compiler_and_inputs(deployment):
    record = json.loads(deployment.path.read_text())
    assert set(record["transactions"]) == set(record["contracts"]) == set(PLATFORM_CONTRACTS)
    for name, txid in record["transactions"].items():
        receipt = web3.eth.get_transaction_receipt(txid)
        assert receipt.blockNumber == record["blocks"][name] >= record["block"]
    assert record["compiler"]["version"].startswith("0.8.30+commit.")
    assert record["compiler"]["settings"]["evmVersion"] == "cancun"
    for name, entry in record["inputs"].items():
        written = json.loads(Path(entry["input"]).read_text())
        assert entry["contract"].split(":")[0] in written["sources"]
        assert Path(entry["metadata"]).exists() and entry["metadata_ipfs"].startswith("Qm")
        assert name in record["contracts"]


def test_every_contract_and_the_clone_are_verified(
    deployment, clone, tmp_path, creator, inspectors
):
    verdicts = verify_record(deployment.path, ROOT, web3, tmp_path)
    assert [v.name for v in verdicts if not v.verified] == []
    named = by_name(verdicts)
    assert set(deployment.record["contracts"]) <= set(named)
    (clone_verdict,) = [v for v in verdicts if v.address == clone.address]
    assert clone_verdict.name == "clone of CobuildProject"
    # the decoded configuration is the one the project was opened with
    assert clone_verdict.config["creator"] == creator.address
    assert clone_verdict.config["inspectors"] == [i.address for i in inspectors]
    assert clone_verdict.config["factory"] == deployment.platform.factory.address
    assert any("implementation" in note for note in clone_verdict.notes)
    lines = "\n".join(line for v in verdicts for line in v.lines())
    assert "_implementation=" in lines  # immutables shown by name, masked in the comparison


def test_one_changed_source_byte_fails_that_contract_naming_the_file(
    deployment, clone, tmp_path, copy_sources
):
    root = copy_sources(tmp_path / "tampered")
    source = root / TAMPERED
    text = source.read_text()
    at = text.index("/// @notice ") + len("/// @notice ")
    source.write_text(text[:at] + text[at].swapcase() + text[at + 1 :])  # one byte of a comment
    assert sum(a != b for a, b in zip(text, source.read_text(), strict=True)) == 1
    verdicts = by_name(verify_record(deployment.path, root, web3, tmp_path / "out"))
    tampered = verdicts["ProjectProduction"]
    assert not tampered.verified
    assert f"source {TAMPERED} differs from the deployed one" in tampered.differences
    assert any("the chain holds what the recorded input" in n for n in tampered.notes)
    others = [v for name, v in verdicts.items() if name != "ProjectProduction"]
    assert all(v.verified for v in others), [v.lines() for v in others]


def test_one_changed_code_byte_on_chain_is_named_by_offset(deployment, tmp_path):
    address = deployment.record["contracts"]["CobuildShares"]
    code = bytearray(web3.eth.get_code(address))
    code[10] ^= 0xFF
    web3.provider.make_request("anvil_setCode", [address, "0x" + code.hex()])
    verdict = Verifier(deployment.path, ROOT, web3, tmp_path).contract("CobuildShares", address)
    assert not verdict.verified
    assert any("first at offset 0xa" in d for d in verdict.differences), verdict.differences


def test_verify_json_is_one_object_per_contract_and_clone(deployment, clone, tmp_path, creator):
    """`cobuild verify --json`: a JSON array on the results stream, nothing else on it."""
    from cobuild.release.__main__ import verify_connected

    out = io.StringIO()
    status = verify_connected(
        "development", [], deployment.path, True, ROOT, out=out, out_dir=tmp_path
    )
    verdicts = json.loads(out.getvalue())
    assert status == 0
    assert [v["name"] for v in verdicts] == [
        *deployment.record["contracts"],
        "clone of CobuildProject",
    ]
    for verdict in verdicts:
        assert verdict["verified"] is True and verdict["reason"] is None, verdict
        assert set(verdict) >= {"name", "address", "verified", "reason", "notes"}
    assert verdicts[-1]["address"] == clone.address
    assert verdicts[-1]["config"]["creator"] == creator.address
