# SPDX-License-Identifier: MIT
"""How runtime code is compared, on the real build without a chain: immutables masked and read,
a changed metadata hash told apart from changed code, and a metadata file that is not the one
whose hash is in the code refused as an explanation."""

from cobuild.release.build import find_contract
from cobuild.release.bytecode import compare_runtime, immutable_ranges, split_metadata
from cobuild.release.verify import explain_metadata


def _factory(release_build):
    built = find_contract(release_build, "CobuildFactory")
    return built, bytes.fromhex(built.runtime)


def _with_immutables(code: bytes, references: dict, value: bytes) -> bytearray:
    chain = bytearray(code)
    for spans in immutable_ranges(references).values():
        for span in spans:
            chain[span.start : span.start + span.length] = value.rjust(span.length, b"\0")
    return chain


def test_immutables_are_masked_and_their_values_read(release_build):
    built, code = _factory(release_build)
    assert built.immutables  # _implementation and _shares
    chain = _with_immutables(code, built.immutables, b"\x12" * 20)
    result = compare_runtime(bytes(chain), code, built.immutables)
    assert result.ok, result.differences
    assert set(result.immutables.values()) == {"0x" + (b"\x12" * 20).rjust(32, b"\0").hex()}


def test_a_changed_metadata_hash_is_not_a_code_change(release_build, tmp_path):
    built, code = _factory(release_build)
    chain = bytearray(code)
    _, tail = split_metadata(code)
    chain[len(code) - len(tail.raw) + 8] ^= 0x01  # a byte inside the IPFS hash
    result = compare_runtime(bytes(chain), code, built.immutables)
    assert result.metadata_differs and not result.code_differs
    assert result.differences[0].startswith("metadata hash differs: chain ipfs://")
    # the real metadata file is not the one the (tampered) chain hash names
    recorded = tmp_path / "CobuildFactory.metadata.json"
    recorded.write_text(built.metadata_raw)
    (why,) = explain_metadata(result.chain_metadata, built.metadata, recorded)
    assert (
        why == f"the recorded metadata {recorded.name} is not ipfs://{result.chain_metadata.ipfs}"
    )


def test_a_changed_code_byte_is_named_by_offset(release_build):
    built, code = _factory(release_build)
    chain = bytearray(code)
    chain[3] ^= 0xFF
    result = compare_runtime(bytes(chain), code, built.immutables)
    assert result.code_differs and not result.metadata_differs
    assert "differs in 1 byte(s), first at offset 0x3" in result.differences[0]
    assert compare_runtime(b"", code, built.immutables).differences == ["no code at the address"]
