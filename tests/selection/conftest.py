# SPDX-License-Identifier: MIT
"""Fixtures of the selection area (issue 3: ideation to selection).

- `gas_log`: a recorder of gas figures, printed in pytest's terminal summary.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

_GAS: dict[str, dict[str, int]] = defaultdict(dict)


class GasLog:
    """Records `name -> gas` per payment asset; the terminal summary prints the table."""

    def record(self, name: str, asset: str, gas: int) -> int:
        _GAS[name][asset] = gas
        return gas


@pytest.fixture(scope="session")
def gas_log():
    return GasLog()


def pytest_terminal_summary(terminalreporter):
    if not _GAS:
        return
    assets = sorted({asset for row in _GAS.values() for asset in row})
    terminalreporter.section("selection gas (issue 3)")
    terminalreporter.write_line(f"{'action':<52}" + "".join(f"{a:>12}" for a in assets))
    for name, row in _GAS.items():
        cells = "".join(f"{row[a]:>12,}" if a in row else f"{'-':>12}" for a in assets)
        terminalreporter.write_line(f"{name:<52}{cells}")
