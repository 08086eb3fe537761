# SPDX-License-Identifier: MIT
"""Two clean builds, one in the checkout and one in a copy at another path (with dots and
spaces), give identical bytecode and metadata for every platform contract (what is deployed and
verified; the copy compiles only their files and what they import, 17 s of solc instead of 45 for
the whole project with its bench and test contracts), and each contract's metadata hash in its code
is the IPFS hash of that metadata: nothing in a build depends on the machine."""

from pathlib import Path

import pytest

from cobuild.protocol import PLATFORM_CONTRACTS
from cobuild.release.build import (
    BuildError,
    compile_project,
    contracts,
    find_contract,
    load_config,
)
from cobuild.release.bytecode import ipfs_hash, split_metadata


def test_two_clean_builds_are_identical(release_build, tmp_path, copy_sources):
    root = copy_sources(tmp_path / "another checkout.v2" / "co build")
    # the compiler runs again, there
    again = compile_project(load_config(root), root, contracts=PLATFORM_CONTRACTS, fresh=True)
    second = {c.qualified: c for c in contracts(again)}
    first = {c.qualified: c for c in contracts(release_build)}
    assert len(second) > 10 and second.keys() <= first.keys()
    for name in PLATFORM_CONTRACTS:
        assert find_contract(again, name).qualified in second, name
    for name, other in second.items():
        built = first[name]
        assert (built.bytecode, built.runtime) == (other.bytecode, other.runtime), name
        assert built.metadata_raw == other.metadata_raw, name


def test_metadata_hash_in_the_code_is_the_metadata_file(release_build):
    checked = 0
    for built in contracts(release_build):
        if not built.runtime:
            continue  # interfaces and abstract contracts have no code
        _, tail = split_metadata(bytes.fromhex(built.runtime))
        assert tail is not None and tail.solc == "0.8.30", built.qualified
        assert tail.ipfs == ipfs_hash(built.metadata_raw.encode("utf8")), built.qualified
        checked += 1
    assert checked > 10


def test_the_platform_alone_builds_what_the_whole_project_builds(release_build):
    """The deploy record and `make verify` compile only the recorded contracts' files and what
    they import: the same code and metadata as the whole build, in a fraction of the time."""
    root = Path(__file__).resolve().parents[3]
    alone = compile_project(load_config(root), root, contracts=PLATFORM_CONTRACTS)
    built = {c.qualified for c in contracts(alone)}
    assert len(built) < len({c.qualified for c in contracts(release_build)})
    assert not [q for q in built if q.startswith(("contracts/bench/", "contracts/test/"))]
    for name in PLATFORM_CONTRACTS:
        part, whole = find_contract(alone, name), find_contract(release_build, name)
        assert (part.bytecode, part.runtime) == (whole.bytecode, whole.runtime), name
        assert part.metadata_raw == whole.metadata_raw, name
    with pytest.raises(BuildError, match="no source file for NoSuchContract"):
        compile_project(load_config(root), root, contracts=["CobuildFactory", "NoSuchContract"])
