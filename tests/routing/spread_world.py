# SPDX-License-Identifier: MIT
"""A chain of its own for the public-RPC test (issue 36): the routing contracts, the platform and
Multicall3 on an anvil of its own, then 50 projects (three options each, and a combination backed
twice in every third) between interests, follows and posts, spread over 20,000 blocks by mining
empty ones, with a burst of 600 posts in 10 blocks in the middle (more logs than a provider's
answer may hold).

The anvil runs with `--hardfork cancun --prune-history`: with its defaults, anvil 1.7's cost of a
block grows with the chain (mining 4,000 empty blocks took 28 s here, 20,000 would take minutes);
with these two, 20,000 empty blocks on an empty chain take under two seconds. The cost of an empty
block still grows with the state (about 0.1 ms at first, 0.6 ms with the 50 projects here, 1 ms
when every project has a backed combination), which is why most projects have options only, and
why most of the blocks the gaps leave are mined first. Transactions go out as raw
`eth_sendTransaction`s from anvil's unlocked accounts."""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from web3 import Web3

from cobuild.chain.platform import ProjectSpec
from cobuild.chain.port import ChainPort
from cobuild.routing.local import deploy, deploy_routing
from cobuild.routing.watcher import Contracts

ROOT = Path(__file__).resolve().parents[2]
ANVIL_FLAGS = ("--hardfork", "cancun", "--prune-history", "--accounts", "20")
MULTICALL3 = "0xcA11bde05977b3631167028862bE2a173976CA11"
PROJECTS = 50
BLOCKS = 20_000
TAGS = [("cars", "safety"), ("kitchen",), ("bikes", "cars"), ("tools",), ("garden", "kitchen")]
E = 10**18


def _abi(name: str) -> list[dict]:
    return json.loads((ROOT / "build" / "interfaces" / f"{name}.json").read_text())["abi"]


@dataclass
class World:
    rpc: str
    w3: Web3 = field(init=False)
    contracts: Contracts = field(init=False)
    deploy_block: int = field(init=False)
    projects: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.w3 = Web3(Web3.HTTPProvider(self.rpc))
        self._session = requests.Session()
        self.accounts = self.w3.eth.accounts
        self._abis = {n: self.w3.eth.contract(abi=_abi(n)) for n in _NAMES}

    # ---------------------------------------------------------------- raw requests

    def call(self, method: str, *params: Any) -> Any:
        answer = self._session.post(
            self.rpc, json={"jsonrpc": "2.0", "id": 1, "method": method, "params": list(params)}
        ).json()
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer["result"]

    def tx(self, sender: str, to: str, abi: str, fn: str, *args: Any, value: int = 0) -> dict:
        data = self._abis[abi].encode_abi(fn, args=list(args))
        return {"from": sender, "to": to, "data": data, "value": hex(value), "gas": hex(3_000_000)}

    def send(self, sender: str, to: str, abi: str, fn: str, *args: Any, value: int = 0) -> str:
        return self.call("eth_sendTransaction", self.tx(sender, to, abi, fn, *args, value=value))

    def mine(self, blocks: int) -> None:
        self.call("anvil_mine", hex(blocks))

    @property
    def head(self) -> int:
        return int(self.call("eth_blockNumber"), 16)

    # ---------------------------------------------------------------- the world

    def build(self) -> World:
        a = self.accounts
        deployer, creators, makers = a[0], a[1:4], a[4:7]
        backers, community, followers, inspectors = a[7:11], a[11], a[12:16], a[16:19]
        self._multicall3(deployer)
        port = ChainPort.at(self.rpc)
        routing = deploy_routing(port, deployer)
        production = deploy(port, "ProjectProduction", deployer)
        implementation = deploy(port, "CobuildProject", deployer, production)
        factory = deploy(port, "CobuildFactory", deployer, implementation, deployer, "uri")
        self.contracts = Contracts(**{**vars(routing), "factory": factory})
        self.deploy_block = self.head
        for who, tags in zip(followers + makers[:1], [*TAGS[:4], ("garden",)], strict=True):
            for tag in tags:
                self.send(who, routing.interests, "ICobuildInterests", "declareInterest", tag)
        for who in followers:
            self.send(who, routing.notices, "ICobuildNotices", "follow", community)
        draw = random.Random(36)
        gaps = [draw.randint(300, 440) for _ in range(PROJECTS)]
        # most of what the gaps leave of BLOCKS first, while the state is small: anvil's cost of
        # an empty block grows with the state (0.1 ms here at first, 1 ms with the 50 projects)
        self.mine(max(1, BLOCKS - sum(gaps) - 8 * PROJECTS))
        now = int(self.w3.eth.get_block("latest")["timestamp"])
        for i, gap in enumerate(gaps):
            self.mine(gap)
            if i == PROJECTS // 2:
                self._burst(community, routing.notices)
            spec = ProjectSpec(
                inspectors=list(inspectors),
                title=f"Project {i:02d}",
                description=f"the {i}th project of the spread chain",
                tags=TAGS[i % len(TAGS)],
                ideation=30 * 86400,
            )
            tx = self.send(
                creators[i % 3],
                factory,
                "ICobuildFactory",
                "createProject",
                spec.params(now),
                spec.labels(),
            )
            project = self._created(tx)
            self.projects.append(project)
            for d, maker in enumerate(makers):
                content = (f"option {d} of {i}", "", bytes(32))
                self.send(maker, project, "ICobuildProject", "offerOption", d, E // 10, content)
            if i % 3 == 0:  # a combination of the three options (ids 1 to 3), backed twice
                stake = (1 + i % 4) * E // 50
                first, second = backers[i % 4], backers[(i + 1) % 4]
                fn = "investInNew"
                self.send(first, project, "ICobuildProject", fn, [1, 2, 3], stake, value=stake)
                self.send(second, project, "ICobuildProject", "invest", 1, stake, value=stake)
            if i % 5 == 0:
                self.send(community, routing.notices, "ICobuildNotices", "post", f"news {i}", "")
            if i % 7 == 0:
                self.send(followers[i % 4], routing.notices, "ICobuildNotices", "follow", project)
        self.mine(max(1, self.deploy_block + BLOCKS - self.head))
        return self

    def _created(self, tx: str) -> str:
        receipt = None
        while receipt is None:  # anvil answers eth_sendTransaction before it mines the block
            receipt = self.call("eth_getTransactionReceipt", tx)
        (topic,) = [
            log["topics"][1]
            for log in receipt["logs"]
            if log["address"].lower() == str(self.contracts.factory).lower()
        ]
        return Web3.to_checksum_address("0x" + topic[-40:])

    def _burst(self, community: str, notices: str) -> None:
        """600 posts in 10 blocks (60 each): more logs than one answer may hold."""
        self.call("evm_setAutomine", False)
        try:
            for block in range(10):
                posts = [
                    self.tx(community, notices, "ICobuildNotices", "post", f"burst {block}.{k}", "")
                    for k in range(60)
                ]
                batch = [
                    {"jsonrpc": "2.0", "id": k, "method": "eth_sendTransaction", "params": [tx]}
                    for k, tx in enumerate(posts)
                ]
                answers = self._session.post(self.rpc, json=batch).json()
                assert all("result" in a for a in answers), answers
                self.call("evm_mine")
        finally:
            self.call("evm_setAutomine", True)

    def _multicall3(self, sender: str) -> None:
        """Multicall3 at its canonical address (the dApp reads through it): viem's creation code
        run by eth_call gives its runtime code."""
        source = (ROOT / "node_modules/viem/_esm/constants/contracts.js").read_text()
        creation = re.search(r"multicall3Bytecode = '(0x[0-9a-f]+)'", source)[1]
        runtime = self.call("eth_call", {"from": sender, "data": creation}, "latest")
        self.call("anvil_setCode", MULTICALL3, runtime)


_NAMES = ("ICobuildInterests", "ICobuildNotices", "ICobuildFactory", "ICobuildProject")
