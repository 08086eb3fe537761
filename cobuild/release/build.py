# SPDX-License-Identifier: MIT
"""The project's solc standard-JSON input, compiled with the pinned compiler, and one
self-contained input per contract.

Brownie compiles every `.sol` under contracts/ and interfaces/ in one standard-JSON run with the
settings of brownie-config.yaml; `project_input` writes that same input, so what we compile is
what brownie deployed. Source unit names are paths relative to the project root (imports through
the `@openzeppelin=node_modules/@openzeppelin` remapping become `node_modules/@openzeppelin/...`),
so the metadata, and with it the bytecode's metadata hash, does not depend on where the checkout
lives.

`contract_input` turns a contract's metadata into the minimal input block explorers and Sourcify
accept: exactly the sources the metadata lists (content inline, keccak256 checked) and its
settings. `compile_input` compiles such a file alone: in an empty directory, so the compiler can
read nothing but the file.

The compiler is deterministic, so one input is compiled once (`_Memo`): in a process, and across
the processes of a test run that share a `COBUILD_SOLC_CACHE` folder. The verifier, the deploy
record and the tests ask for the same compilations again and again, and each takes seconds.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

# what verification and the API reference read from a compilation
OUTPUTS = [
    "abi",
    "metadata",
    "devdoc",
    "userdoc",
    "evm.bytecode.object",
    "evm.deployedBytecode.object",
    "evm.deployedBytecode.immutableReferences",
]


class BuildError(RuntimeError):
    """The compiler is missing, failed, or an input does not match its sources."""


def load_config(root: Path) -> dict:
    with open(root / "brownie-config.yaml", encoding="utf8") as f:
        return yaml.safe_load(f)


def solc_version(config: dict) -> str:
    return str(config["compiler"]["solc"]["version"])


def solc_path(config: dict) -> Path:
    """The pinned compiler where py-solc-x keeps it (the npm solc shim `make setup` installs)."""
    solcx_dir = os.environ.get("SOLCX_BINARY_PATH") or Path.home() / ".solcx"
    return Path(solcx_dir) / f"solc-v{solc_version(config)}"


def project_sources(config: dict, root: Path) -> list[str]:
    """Every .sol under the contracts and interfaces folders, as root-relative posix paths."""
    structure = config.get("project_structure", {})
    dirs = [structure.get("contracts", "contracts"), structure.get("interfaces", "interfaces")]
    return sorted(
        path.relative_to(root).as_posix()
        for folder in dirs
        if (root / folder).is_dir()
        for path in (root / folder).rglob("*.sol")
    )


def project_settings(config: dict) -> dict:
    """brownie's solc settings (those that enter the metadata: remappings, optimizer, evm)."""
    compiler = config["compiler"]
    solc = compiler["solc"]
    settings: dict[str, Any] = {
        "remappings": list(solc.get("remappings") or []),
        "optimizer": solc.get("optimizer", {"enabled": False, "runs": 0}),
    }
    if compiler.get("evm_version"):
        settings["evmVersion"] = compiler["evm_version"]
    if solc.get("viaIR") is not None:
        settings["viaIR"] = solc["viaIR"]
    return settings


def project_input(
    config: dict,
    root: Path,
    output_selection: dict | None = None,
    inline: bool = True,
    contracts: Iterable[str] | None = None,
) -> dict:
    """The standard-JSON input brownie compiles: same sources, same settings.

    `inline` puts each file's content in the input (imports outside contracts/ and interfaces/
    are still read by the compiler from the project root); otherwise each source is a `urls`
    entry the compiler reads itself. `contracts` (names) keeps only the files that define them
    (`Name.sol`), the compiler reading what they import: a contract's metadata, and so its code,
    depends only on the sources it imports, so this builds the same contracts in a fraction of
    the time (no test or benchmark contracts)."""
    sources = project_sources(config, root)
    if contracts is not None:
        wanted = set(contracts)
        sources = [path for path in sources if PurePosixPath(path).stem in wanted]
        missing = wanted - {PurePosixPath(path).stem for path in sources}
        if missing:
            raise BuildError(f"no source file for {', '.join(sorted(missing))} (Name.sol)")
    settings = project_settings(config)
    settings["outputSelection"] = output_selection or {"*": {"*": OUTPUTS, "": ["ast"]}}
    return {
        "language": "Solidity",
        "sources": {
            path: {"content": (root / path).read_text(encoding="utf8")}
            if inline
            else {"urls": [path]}
            for path in sources
        },
        "settings": settings,
    }


class _Memo:
    """Outputs of compilations already run, by input and compiler, in this process and, when
    `COBUILD_SOLC_CACHE` names a folder, in that folder for other processes (the test suite sets
    it for its workers and the commands it runs; `make verify` and the deploy script leave it unset
    unless asked, and then compile everything themselves).

    An input that lets the compiler read imports from disk is only reused while every file it
    read outside the input (e.g. node_modules/@openzeppelin/...) has the same content, below the
    directory it is compiled in now: the output names sources by relative path, so it does not
    depend on that directory."""

    def __init__(self) -> None:
        self._outputs: dict[str, tuple[str, dict[str, str]]] = {}
        self._compilers: dict[tuple, str] = {}

    def compiler(self, solc: Path, workdir: Path | None) -> str:
        """The compiler, as it names itself (`--version`, its commit included) from the folder
        it compiles in. Not its file's bytes: the npm shim holds the path of the checkout that
        installed it, so every checkout's shim differs while the soljson behind them is the same
        (and the suite's `make verify` and any-folder runs install shims of their own)."""
        if not solc.is_file():
            return str(solc)
        stat = solc.resolve().stat()
        at = (str(solc.resolve()), stat.st_mtime_ns, stat.st_size, str(workdir))
        if at not in self._compilers:
            with tempfile.TemporaryDirectory(prefix="cobuild-solc-") as empty:
                run = subprocess.run(
                    [str(solc), "--version"],
                    capture_output=True,
                    text=True,
                    cwd=workdir or Path(empty),
                    check=False,
                )
            if run.returncode != 0:
                raise BuildError(f"{solc} --version failed: {run.stderr.strip()}")
            self._compilers[at] = run.stdout.strip()
        return self._compilers[at]

    def key(self, input_json: dict, solc: Path, workdir: Path | None = None) -> str:
        compiler = self.compiler(solc, workdir).encode()
        text = json.dumps(input_json, sort_keys=True).encode() + hashlib.sha256(compiler).digest()
        return hashlib.sha256(text).hexdigest()

    @staticmethod
    def _digest(path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""

    @staticmethod
    def _folder() -> Path | None:
        folder = os.environ.get("COBUILD_SOLC_CACHE")
        return Path(folder) if folder else None

    def get(self, key: str, workdir: Path | None) -> str | None:
        entry = self._outputs.get(key)
        folder = self._folder()
        if entry is None and folder is not None and (folder / f"{key}.json").is_file():
            entry = json.loads((folder / f"{key}.json").read_text(encoding="utf8"))
        if entry is None:
            return None
        stdout, read = entry
        if read and (
            workdir is None or any(self._digest(workdir / u) != d for u, d in read.items())
        ):
            return None
        self._outputs[key] = (stdout, read)
        return stdout

    def put(self, key: str, stdout: str, input_json: dict, workdir: Path | None) -> None:
        read: dict[str, str] = {}
        if workdir is not None:  # what the compiler read beyond the input
            inline = {u for u, s in input_json.get("sources", {}).items() if "content" in s}
            for unit in json.loads(stdout).get("sources", {}):
                if unit not in inline:
                    read[unit] = self._digest(workdir / unit)
        self._outputs[key] = (stdout, read)
        folder = self._folder()
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            # written whole, then renamed: a reader in another process never sees half a file
            part = folder / f"{key}.{os.getpid()}.part"
            part.write_text(json.dumps([stdout, read]), encoding="utf8")
            part.replace(folder / f"{key}.json")

    @contextmanager
    def claim(self, key: str) -> Iterator[None]:
        """Hold the input's lock in the shared folder while it is looked up and compiled: two
        processes that need the same input at once compile it once (the second waits, then
        reads the first's output)."""
        folder = self._folder()
        if folder is None:
            yield
            return
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / f"{key}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


_memo = _Memo()


def compile_input(
    input_json: dict,
    solc: Path,
    cwd: Path | None = None,
    allow_imports: bool = False,
    fresh: bool = False,
) -> dict:
    """Compile a standard-JSON input with `solc`; returns the output, raises on an error.

    Without `allow_imports` the compiler runs in an empty directory: the input alone must hold
    every source (what "recompile from that file alone" means). `fresh` runs the compiler even
    when an output of the same input is known (a test that the build is reproducible)."""
    if not os.access(solc, os.X_OK):
        raise BuildError(f"no solc at {solc}; run 'make setup' (installs the npm solc shim)")
    reads_from = cwd if allow_imports and cwd is not None else None
    key = _memo.key(input_json, solc, reads_from)
    with _memo.claim(key):
        stdout = None if fresh else _memo.get(key, reads_from)
        if stdout is None:
            stdout = _run_solc(input_json, solc, reads_from)
            _memo.put(key, stdout, input_json, reads_from)
    output = json.loads(stdout)
    errors = [e for e in output.get("errors", []) if e.get("severity") == "error"]
    if errors:
        raise BuildError("\n".join(e.get("formattedMessage") or e["message"] for e in errors))
    return output


def _run_solc(input_json: dict, solc: Path, reads_from: Path | None) -> str:
    with tempfile.TemporaryDirectory(prefix="cobuild-solc-") as empty:
        run = subprocess.run(
            [str(solc), "--standard-json"],
            input=json.dumps(input_json),
            capture_output=True,
            text=True,
            cwd=reads_from or Path(empty),
            check=False,
        )
    if run.returncode != 0 and not run.stdout.strip():
        raise BuildError(f"solc failed (exit {run.returncode}): {run.stderr.strip()}")
    return run.stdout


def compile_project(
    config: dict, root: Path, fresh: bool = False, contracts: Iterable[str] | None = None
) -> dict:
    """The whole project compiled the way brownie compiles it (or only the files of
    `contracts` and what they import: see `project_input`)."""
    return compile_input(
        project_input(config, root, contracts=contracts),
        solc_path(config),
        cwd=root,
        allow_imports=True,
        fresh=fresh,
    )


@dataclass(frozen=True)
class Compiled:
    """One contract of a compilation output."""

    source: str  # source unit name (root-relative path)
    name: str
    abi: list
    metadata: dict
    metadata_raw: str  # the metadata exactly as the compiler wrote it (its IPFS hash is on chain)
    bytecode: str  # creation code, hex without 0x
    runtime: str  # deployed code, hex without 0x
    immutables: dict[str, list[dict]]  # AST id -> [{start, length}] in the runtime code
    devdoc: dict
    userdoc: dict

    @property
    def qualified(self) -> str:
        return f"{self.source}:{self.name}"


def contracts(output: dict) -> Iterator[Compiled]:
    for source, items in sorted(output.get("contracts", {}).items()):
        for name, data in sorted(items.items()):
            evm = data.get("evm", {})
            deployed = evm.get("deployedBytecode", {})
            yield Compiled(
                source=source,
                name=name,
                abi=data.get("abi", []),
                metadata=json.loads(data["metadata"]) if data.get("metadata") else {},
                metadata_raw=data.get("metadata", ""),
                bytecode=evm.get("bytecode", {}).get("object", ""),
                runtime=deployed.get("object", ""),
                immutables=deployed.get("immutableReferences", {}) or {},
                devdoc=data.get("devdoc", {}),
                userdoc=data.get("userdoc", {}),
            )


def find_contract(output: dict, name: str) -> Compiled:
    """The contract called `name` (or `path:name`); it must be unique in the output."""
    found = [c for c in contracts(output) if name in (c.name, c.qualified)]
    if len(found) != 1:
        where = ", ".join(c.qualified for c in found) or "nowhere"
        raise BuildError(f"contract {name!r} must be unique in the build; found {where}")
    return found[0]


def immutable_names(output: dict) -> dict[str, str]:
    """AST id -> `Contract.name` of every immutable state variable in the output's ASTs."""
    names: dict[str, str] = {}

    def walk(node: Any, contract: str) -> None:
        if isinstance(node, dict):
            if node.get("nodeType") == "ContractDefinition":
                contract = node.get("name", contract)
            if (
                node.get("nodeType") == "VariableDeclaration"
                and node.get("mutability") == "immutable"
            ):
                names[str(node["id"])] = f"{contract}.{node['name']}"
            for value in node.values():
                walk(value, contract)
        elif isinstance(node, list):
            for value in node:
                walk(value, contract)

    for source in output.get("sources", {}).values():
        walk(source.get("ast"), "")
    return names


def source_hash(text: str) -> str:
    # imported here: tools/slither_run.py uses this module from the security venv
    from eth_utils import keccak

    return "0x" + keccak(text.encode("utf8")).hex()


def contract_input(metadata: dict, root: Path) -> dict:
    """The minimal standard-JSON input that rebuilds the contract `metadata` describes: its
    sources (read from `root`, each checked against the metadata's keccak256) and settings."""
    settings = {k: v for k, v in metadata["settings"].items() if k != "compilationTarget"}
    ((path, name),) = metadata["settings"]["compilationTarget"].items()
    # the ASTs name the immutables; they do not enter the bytecode or the metadata
    settings["outputSelection"] = {"*": {"": ["ast"]}, path: {name: OUTPUTS}}
    sources = {}
    for key, entry in sorted(metadata["sources"].items()):
        text = (root / key).read_text(encoding="utf8")
        if source_hash(text) != entry["keccak256"]:
            raise BuildError(f"{key} under {root} is not the source the metadata of {name} hashed")
        sources[key] = {"content": text}
    return {
        "language": metadata.get("language", "Solidity"),
        "sources": sources,
        "settings": settings,
    }


def input_target(input_json: dict) -> tuple[str, str]:
    """(source, contract name) that a per-contract input was written for."""
    for path, names in input_json["settings"]["outputSelection"].items():
        for name in names:
            if name not in ("", "*"):
                return path, name
    raise BuildError("the input selects no contract")


def compiler_version(output_or_metadata: dict) -> str:
    """The full compiler version (`0.8.30+commit.73712a01`) recorded in a contract's metadata."""
    return str(output_or_metadata["compiler"]["version"])
