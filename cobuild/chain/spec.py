# SPDX-License-Identifier: MIT
"""A project's creation parameters, as `createProject` takes them: shared by the scenario runner
(through the Sender), the tests and the console (through brownie)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cobuild.protocol import DAY, ZERO_ADDRESS, ZERO_HASH, RankBy


@dataclass
class ProjectSpec:
    """A project's parameters, with times relative to its creation. Defaults make a small,
    valid ETH project (3331 ratio, three dimensions, two of three inspectors, ranked by
    supporters, up to three rescues)."""

    inspectors: Sequence[str]
    token: str = ZERO_ADDRESS
    content_hash: bytes = ZERO_HASH
    ideation: int = 7 * DAY
    rescue_window: int = 2 * DAY
    development_period: int = 30 * DAY
    testing_period: int = 10 * DAY
    presale_period: int = 14 * DAY
    min_total: int = 10**18
    min_stake: int = 10**16
    slots: int = 3
    max_rescues: int = 3
    rank_by: RankBy = RankBy.Supporters
    ratio: tuple[int, int, int, int] = (3000, 3000, 3000, 1000)
    advance_bps: int = 2000
    quorum: int = 2
    title: str = "Spherical safety car"
    description: str = "A car that rolls instead of crashing"
    uri: str = "ipfs://cobuild/project"
    tags: Sequence[str] = ("cars", "safety")
    dimensions: Sequence[str] = ("shape", "material", "engine")
    conditions: Sequence[str] = ("road", "weather", "traffic")
    ideation_end: int | None = None  # absolute; overrides `ideation`

    def params(self, now: int | None = None) -> tuple:
        if now is None:  # brownie's clock, in the tests and the console
            from brownie import chain

            now = chain.time()
        end = self.ideation_end if self.ideation_end is not None else now + self.ideation
        return (
            self.token,
            self.content_hash,
            end,
            self.rescue_window,
            self.development_period,
            self.testing_period,
            self.presale_period,
            self.min_total,
            self.min_stake,
            self.slots,
            self.max_rescues,
            int(self.rank_by),
            list(self.ratio),
            self.advance_bps,
            self.quorum,
            list(self.inspectors),
        )

    def labels(self) -> tuple:
        return (
            self.title,
            self.description,
            self.uri,
            list(self.tags),
            list(self.dimensions),
            list(self.conditions),
        )
