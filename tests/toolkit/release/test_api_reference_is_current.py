# SPDX-License-Identifier: MIT
"""docs/api.md is what the interfaces' NatSpec renders (`make api-docs` regenerates it)."""

from pathlib import Path

from cobuild.release.apidoc import API_DOC, render_api_doc

ROOT = Path(__file__).resolve().parents[3]


def test_api_reference_is_not_stale(release_build):
    rendered = render_api_doc(ROOT, release_build)
    committed = (ROOT / API_DOC).read_text(encoding="utf8")
    assert committed == rendered, "docs/api.md is stale: run `make api-docs`"


def test_api_reference_covers_every_interface_function(release_build):
    rendered = render_api_doc(ROOT, release_build)
    for interface in sorted((ROOT / "interfaces").rglob("*.sol")):
        assert f"Source: `{interface.relative_to(ROOT).as_posix()}`" in rendered
    assert "#### `createProject(" in rendered and "Open a project." in rendered
