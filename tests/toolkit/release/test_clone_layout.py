# SPDX-License-Identifier: MIT
"""A clone's arguments are decoded with the layout its library documents; a layout that
contradicts itself, or arguments that do not fit it, are reported instead of misread."""

import pytest

from cobuild.release.bytecode import CLONE_PREFIX, CLONE_SUFFIX, parse_clone
from cobuild.release.layout import MARKER, LayoutError, find_layout, parse_layout

ADDRESS = bytes.fromhex("5fbdb2315678afecb367f032d93f642f64180aa3")


def test_the_documented_project_layout_parses(release_build):
    devdocs = {
        name: data.get("devdoc", {})
        for items in release_build["contracts"].values()
        for name, data in items.items()
    }
    layout = find_layout(devdocs)
    assert layout is not None and layout.library == "ProjectArgs"
    assert [f.name for f in layout.fields][:2] == ["factory", "shares"]
    assert layout.fields[-1].trailing


def test_layout_decodes_fields_arrays_and_a_trailing_list():
    layout = parse_layout("L", f"{MARKER} 0 owner(20) 20 ratio 2x(2) 24 count(1) 25 items(20 each)")
    args = ADDRESS + (7).to_bytes(2, "big") + (9).to_bytes(2, "big") + b"\x02" + ADDRESS * 2
    values = layout.decode(args)
    assert values["ratio"] == [7, 9] and values["count"] == 2
    assert values["owner"] == values["items"][0] == values["items"][1]
    with pytest.raises(LayoutError, match="no whole number"):
        layout.decode(args + b"\x00")
    with pytest.raises(LayoutError, match="needs 25"):
        layout.decode(args[:10])


def test_an_inconsistent_layout_is_refused():
    with pytest.raises(LayoutError, match="documented at 21, follows at 20"):
        parse_layout("L", f"{MARKER} 0 owner(20) 21 other(1)")


def test_proxy_bytes_are_checked():
    code = CLONE_PREFIX + ADDRESS + CLONE_SUFFIX + b"args"
    parsed = parse_clone(code)
    assert parsed is not None and parsed.implementation == "0x" + ADDRESS.hex()
    assert parsed.args == b"args"
    tampered = bytearray(code)
    tampered[len(CLONE_PREFIX) + 20] ^= 1
    assert parse_clone(bytes(tampered)) is None
