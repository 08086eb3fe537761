"""A process compiles one input once, and never serves an output whose imports read from disk
have changed since (cobuild.release.build._Memo)."""

from pathlib import Path

from cobuild.release import build
from cobuild.release.build import compile_input, load_config, solc_path

ROOT = Path(__file__).resolve().parents[2]
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
