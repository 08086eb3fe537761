# SPDX-License-Identifier: MIT
"""Every custom error the contracts declare is expected by at least one test.

An error name counts when a test names it in a string (a `brownie.reverts("Name: ...")`, an
expected error in a parametrized matrix, a model's prediction compared with the chain's). Test-only
and benchmark contracts are left out."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _declared_errors() -> set[str]:
    sources = [*ROOT.joinpath("interfaces").rglob("*.sol")]
    sources += [
        p
        for p in ROOT.joinpath("contracts").rglob("*.sol")
        if not {"test", "bench"} & set(p.relative_to(ROOT / "contracts").parts)
    ]
    return {name for p in sources for name in re.findall(r"\berror (\w+)\(", p.read_text())}


def test_every_declared_error_is_expected_by_a_test():
    errors = _declared_errors()
    assert len(errors) > 40, "the contracts' errors were not found"
    tests = "\n".join(p.read_text() for p in ROOT.joinpath("tests").rglob("*.py"))
    untested = sorted(e for e in errors if not re.search(rf"[\"']{e}\b", tests))
    assert not untested, f"errors no test expects: {untested}"
