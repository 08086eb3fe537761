# SPDX-License-Identifier: MIT
"""A process compiles one input once, and never serves an output whose imports read from disk
have changed since (cobuild.release.build._Memo)."""

import json
import re
from pathlib import Path

from cobuild.release import build
from cobuild.release.build import compile_input, load_config, solc_path

ROOT = Path(__file__).resolve().parents[3]
SOLC = solc_path(load_config(ROOT))


def _counting(monkeypatch) -> list:
    runs: list = []
    real = build._run_solc

    def run(*args):
        runs.append(args)
        return real(*args)

    monkeypatch.setattr(build, "_run_solc", run)
    return runs


def _input(source: str) -> dict:
    return {
        "language": "Solidity",
        "sources": {"A.sol": {"content": source}},
        "settings": {"outputSelection": {"*": {"*": ["evm.bytecode.object"]}}},
    }


def test_the_same_input_is_compiled_once(monkeypatch):
    runs = _counting(monkeypatch)
    text = "pragma solidity 0.8.30; contract MemoOnce { uint256 public x = 7; }"
    first = compile_input(_input(text), SOLC)
    again = compile_input(_input(text), SOLC)
    assert len(runs) == 1 and first == again
    compile_input(_input(text.replace("7", "8")), SOLC)  # one byte more: compiled anew
    assert len(runs) == 2


def test_a_changed_import_read_from_disk_is_compiled_again(monkeypatch, tmp_path):
    runs = _counting(monkeypatch)
    (tmp_path / "B.sol").write_text("pragma solidity 0.8.30; contract B { uint256 public y = 1; }")
    main = 'pragma solidity 0.8.30; import "B.sol"; contract MemoImports is B {}'
    code = lambda out: out["contracts"]["A.sol"]["MemoImports"]["evm"]["bytecode"]["object"]  # noqa: E731
    first = compile_input(_input(main), SOLC, cwd=tmp_path, allow_imports=True)
    assert code(compile_input(_input(main), SOLC, cwd=tmp_path, allow_imports=True)) == code(first)
    assert len(runs) == 1
    (tmp_path / "B.sol").write_text("pragma solidity 0.8.30; contract B { uint256 public y = 2; }")
    changed = compile_input(_input(main), SOLC, cwd=tmp_path, allow_imports=True)
    assert len(runs) == 2 and code(changed) != code(first)


def test_another_process_reuses_an_output_through_the_cache_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("COBUILD_SOLC_CACHE", str(tmp_path / "cache"))
    text = "pragma solidity 0.8.30; contract MemoShared { uint256 public z = 3; }"
    first = compile_input(_input(text), SOLC)
    monkeypatch.setattr(build, "_memo", build._Memo())  # a new process: nothing in memory
    runs = _counting(monkeypatch)
    assert compile_input(_input(text), SOLC) == first and runs == []
    assert compile_input(_input(text), SOLC, fresh=True) == first and len(runs) == 1


def test_shims_of_two_checkouts_share_an_output_and_another_compiler_does_not(
    monkeypatch, tmp_path
):
    """The key is the compiler as it names itself: the shim of another checkout (other bytes,
    the same soljson) reuses the output; a compiler that names another build compiles anew."""
    runs = _counting(monkeypatch)
    text = "pragma solidity 0.8.30; contract MemoShims { uint256 public w = 5; }"
    first = compile_input(_input(text), SOLC)
    elsewhere = tmp_path / "another checkout"
    elsewhere.mkdir()
    (elsewhere / "node_modules").symlink_to(ROOT / "node_modules")
    other = tmp_path / "solcx" / SOLC.name
    other.parent.mkdir()
    shim = re.sub(
        r"const INSTALLED_FROM = .*;",
        f"const INSTALLED_FROM = {json.dumps(str(elsewhere))};",
        SOLC.read_text(),
    )
    other.write_text(shim)
    other.chmod(0o755)
    assert other.read_bytes() != SOLC.read_bytes()
    assert compile_input(_input(text), other) == first and len(runs) == 1
    renamed = tmp_path / "renamed" / SOLC.name  # says it is another build, compiles with ours
    renamed.parent.mkdir()
    renamed.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = --version ]; then echo "Version: 0.8.30+commit.00000000.other"; exit 0; fi\n'
        f'exec node "{SOLC}" "$@"\n'
    )
    renamed.chmod(0o755)
    assert compile_input(_input(text), renamed) == first and len(runs) == 2
