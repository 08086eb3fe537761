# SPDX-License-Identifier: MIT
"""The ABIs of a deployed platform, for clients that have no brownie project: `ICobuildFactory`,
`ICobuildProject` (both facets of a project clone), `ICobuildShares`, `IERC20Metadata`, and
`errors` (every custom error by selector, with its NatSpec sentence).

They are the JSON files of the npm package `@cobuild/abi` (`packages/abi/json/`, generated from
the build by `make abi` and committed): an installed package carries them as `cobuild/abi/`
(pyproject.toml), a checkout reads them where they are.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent
PLACES = (PACKAGE / "abi", PACKAGE.parent / "packages" / "abi" / "json")


def abi_dir() -> Path:
    for place in PLACES:
        if (place / "ICobuildProject.json").is_file():
            return place
    raise FileNotFoundError(
        "the Cobuild ABIs are missing: looked in " + ", ".join(str(p) for p in PLACES)
    )


@cache
def load(name: str) -> Any:
    """`load("ICobuildProject")`: the ABI (a list), or `load("errors")`: the errors by selector."""
    return json.loads((abi_dir() / f"{name}.json").read_text(encoding="utf8"))
