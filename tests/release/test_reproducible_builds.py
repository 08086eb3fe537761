"""Two clean builds, one in the checkout and one in a copy at another path (with dots and
spaces), give identical bytecode and metadata for every contract, and each contract's metadata
hash in its code is the IPFS hash of that metadata: nothing in a build depends on the machine."""

from cobuild.release.build import compile_project, contracts, load_config
from cobuild.release.bytecode import ipfs_hash, split_metadata


def test_two_clean_builds_are_identical(release_build, tmp_path, copy_sources):
    root = copy_sources(tmp_path / "another checkout.v2" / "co build")
    again = compile_project(load_config(root), root, fresh=True)  # the compiler runs again
    first = {c.qualified: c for c in contracts(release_build)}
    second = {c.qualified: c for c in contracts(again)}
    assert first.keys() == second.keys() and len(first) > 10
    for name, built in first.items():
        other = second[name]
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
