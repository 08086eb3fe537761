# SPDX-License-Identifier: MIT
"""The compiler shim (tools/solc-shim.js) behaves like a native solc for py-solc-x."""

import json
import shutil
import subprocess
from pathlib import Path

import solcx
import yaml

ROOT = Path(__file__).resolve().parents[2]
OZ = "node_modules/@openzeppelin/contracts"
# A source set whose full standard-JSON output is several MiB: far past the 64 KiB pipe buffer
# that a premature process.exit() would cut.
BIG_SOURCES = [
    "token/ERC1155/ERC1155.sol",
    "token/ERC721/ERC721.sol",
    "token/ERC20/ERC20.sol",
    "governance/Governor.sol",
    "utils/cryptography/EIP712.sol",
]


SOLC_VERSION = yaml.safe_load((ROOT / "brownie-config.yaml").read_text())["compiler"]["solc"][
    "version"
]


def _shim() -> Path:
    return solcx.install.get_executable(SOLC_VERSION)


def _standard_input() -> str:
    return json.dumps(
        {
            "language": "Solidity",
            "sources": {f"{OZ}/{s}": {"urls": [f"{OZ}/{s}"]} for s in BIG_SOURCES},
            "settings": {
                "evmVersion": "cancun",
                "optimizer": {"enabled": False},
                "outputSelection": {"*": {"*": ["*"], "": ["ast"]}},
            },
        }
    )


def test_shim_is_the_compiler_py_solc_x_uses():
    assert _shim().name.startswith("solc-v")
    out = subprocess.check_output([_shim(), "--version"], text=True)
    assert f"Version: {SOLC_VERSION}+commit" in out
    assert solcx.wrapper.get_solc_version(_shim()) == solcx.wrapper.Version(SOLC_VERSION)


def test_output_over_one_mebibyte_is_valid_json():
    proc = subprocess.run(
        [_shim(), "--standard-json", "--allow-paths", str(ROOT)],
        input=_standard_input(),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert len(proc.stdout.encode()) > 1 << 20
    output = json.loads(proc.stdout)
    assert not [e for e in output.get("errors", []) if e["severity"] == "error"]
    assert "ERC1155" in output["contracts"][f"{OZ}/token/ERC1155/ERC1155.sol"]


def test_asking_for_a_version_that_is_not_installed_fails_clearly(tmp_path):
    wrong = tmp_path / "solc-v0.8.99"
    shutil.copy(_shim(), wrong)
    proc = subprocess.run([wrong, "--version"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1
    assert "0.8.99 was requested" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_version_is_answered_from_a_memo_kept_per_soljson_file(tmp_path):
    """`--version` (py-solc-x asks it once per source file) is read from a memo beside the shim,
    keyed by the soljson file's size and time, without starting the compiler; the memo's name is
    hidden from py-solc-x, and a changed soljson is asked again."""
    shim = tmp_path / f"solc-v{SOLC_VERSION}"
    shutil.copy(_shim(), shim)
    memo = tmp_path / f".{shim.name}.versions.json"

    def version() -> str:
        out = subprocess.run([shim, "--version"], capture_output=True, text=True, cwd=ROOT)
        assert out.returncode == 0, out.stderr
        return out.stdout.splitlines()[-1].removeprefix("Version: ")

    real = version()
    assert real.startswith(f"{SOLC_VERSION}+commit.")
    assert solcx.get_installed_solc_versions(tmp_path) == [solcx.wrapper.Version(SOLC_VERSION)]
    ((soljson, entry),) = json.loads(memo.read_text()).items()
    assert Path(soljson) == (ROOT / "node_modules" / "solc" / "soljson.js").resolve()
    assert entry["version"] == real
    # served from the memo: a version the compiler would never report
    memo.write_text(json.dumps({soljson: {**entry, "version": f"{SOLC_VERSION}+commit.memo"}}))
    assert version() == f"{SOLC_VERSION}+commit.memo"
    # another soljson file (other size or time): the compiler is asked again
    memo.write_text(json.dumps({soljson: {"stamp": "1:2", "version": "0.0.1+commit.stale"}}))
    assert version() == real
    assert json.loads(memo.read_text())[soljson]["version"] == real
