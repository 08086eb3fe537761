# SPDX-License-Identifier: MIT
"""The watcher: follows any chain through web3.py and derives each address's notices into SQLite.

It reads the events of the interests, notices and consent contracts, of the project factory and of
every project the factory opened, only up to `head - confirmations`, in ranges. Each range is
committed in one transaction with the cursor (see `store.py`): kill it at any point and it resumes
with every notice delivered exactly once. Before each range it checks that the last committed
range end still has the hash it had; if a reorg replaced it, it walks back to the newest
checkpoint the chain still has and forgets everything above it, then derives those blocks again.

Who gets what (a person's inbox holds only what it chose or what it is party to):
- a new project whose tags match tags the person declared (makers and followers of a topic);
- a followed sender's post (to its followers, or to its followers that declare the post's tag);
- an invitation from a followed sender;
- a combination the person backs or makes: selected, eliminated and still rescuable, rescued;
  its prototype passed; its presale opened; something claimable now (a failed launch's refund,
  a failed model's refund, revenue deposited for a model it holds shares of);
- a data owner: a receipt for every use of its data (and its grants' history in `my_data`).
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eth_utils import event_abi_to_log_topic, to_checksum_address
from hexbytes import HexBytes
from web3 import Web3
from web3.exceptions import BlockNotFound

from cobuild.routing.logs import LogReader
from cobuild.routing.store import Notice, Store
from cobuild.routing.tags import normal_tags

LOG = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[2]
ABI_DIR = ROOT / "build" / "interfaces"
NO_COMBO = 0  # combination ids start at 1


@dataclass(frozen=True)
class Contracts:
    """The addresses the watcher follows (any may be None except what the caller needs)."""

    interests: str | None = None
    notices: str | None = None
    consent: str | None = None
    factory: str | None = None

    @classmethod
    def from_json(cls, path: str | Path) -> Contracts:
        data = json.loads(Path(path).read_text())
        return cls(**{k: data.get(k) for k in ("interests", "notices", "consent", "factory")})


def _abi(name: str) -> list[dict]:
    path = ABI_DIR / f"{name}.json"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: compile first (brownie compile)")
    return json.loads(path.read_text())["abi"]


@dataclass
class Watcher:
    """Derives notices from `w3` into `store`. `start_block` is where following begins (e.g. the
    deployment block); `batch` is the largest block range read at once (less when the provider
    refuses it: see `logs.LogReader`); `max_addresses` the most addresses in one log filter.
    `progress`: a bar for a catch-up (None: when stderr is a terminal)."""

    w3: Web3
    store: Store
    contracts: Contracts
    confirmations: int = 2
    start_block: int = 0
    batch: int = 2000
    max_addresses: int = 10
    progress: bool | None = None
    _events: dict[tuple[str, bytes], Any] = field(default_factory=dict, init=False)
    counts: Counter = field(default_factory=Counter, init=False)

    def __post_init__(self) -> None:
        self.reader = LogReader(
            self.w3, span=self.batch, max_span=self.batch, max_addresses=self.max_addresses
        )
        kinds = {
            "interests": "ICobuildInterests",
            "notices": "ICobuildNotices",
            "consent": "ICobuildConsent",
            "factory": "ICobuildFactory",
            "project": "ICobuildProject",
        }
        for kind, name in kinds.items():
            contract = self.w3.eth.contract(abi=_abi(name))
            for item in contract.abi:
                if item["type"] == "event":
                    self._events[(kind, event_abi_to_log_topic(item))] = contract.events[
                        item["name"]
                    ]()
        self._static = {
            to_checksum_address(a): kind
            for kind, a in vars(self.contracts).items()
            if a is not None and kind in {"interests", "notices", "consent", "factory"}
        }

    # ---------------------------------------------------------------- the loop

    def tally(self) -> Counter:
        """What the watcher did so far: ranges, events, notices; log requests, refusals by kind and
        rate-limited answers (those of a `PatientHTTPProvider` too) and its HTTP requests."""
        provider = self.w3.provider
        extra = {
            "http requests": getattr(provider, "requests", 0),
            "rate limited": getattr(provider, "rate_limited", 0),
        }
        return Counter(self.counts) + Counter(self.reader.stats) + Counter(extra)

    def safe_head(self) -> int:
        return self.w3.eth.block_number - self.confirmations

    def next_block(self) -> int:
        cursor = self.store.cursor()
        return self.start_block if cursor is None else cursor + 1

    def poll(self) -> int:
        """Process every block confirmed now and not processed yet; returns how many."""
        return self.catch_up()

    def run(self, interval: float = 1.0, until_block: int | None = None, pace: float = 0.0) -> None:
        """Poll forever (or until the cursor reaches `until_block`), `pace` s between ranges."""
        while until_block is None or (self.store.cursor() or -1) < until_block:
            if not self.catch_up(until_block, pace):
                time.sleep(interval)

    def catch_up(self, until: int | None = None, pace: float = 0.0) -> int:
        """Process the blocks from the cursor to the safe head as it is now (at most to `until`),
        range by range, `pace` s between ranges; returns how many blocks. More than one range
        shows a progress bar on a terminal (else a log line every 10 s) and logs a summary."""
        self._undo_reorg()
        first = self.next_block()
        target = self.safe_head() if until is None else min(self.safe_head(), until)
        if target < first:
            return 0
        with _CatchUp(self, first, target) as progress:
            while (start := self.next_block()) <= target:
                end = self.process_range(start, target)
                progress.advanced(start, end)
                if pace:
                    time.sleep(pace)
        return target - first + 1

    def _undo_reorg(self) -> None:
        checkpoints = self.store.checkpoints()
        if not checkpoints or self._hash(checkpoints[0][0]) == checkpoints[0][1]:
            return
        for block, stored in checkpoints[1:]:
            if self._hash(block) == stored:
                self.store.rollback(block)
                return
        self.store.rollback(self.start_block - 1)

    def _hash(self, number: int) -> str | None:
        """The chain's hash at `number`, None when the chain is shorter (a reorg shortened it)."""
        try:
            return self.w3.eth.get_block(number)["hash"].hex()
        except BlockNotFound:
            return None

    # ---------------------------------------------------------------- one range

    def process_range(self, start: int, end: int) -> int:
        """Derive the blocks from `start` to `end` (or to an earlier block, when the provider
        refuses so long a range) in one transaction; returns the last block processed."""
        logs, end = self._logs(start, end)
        end_hash = self._hash(end)

        def apply() -> None:
            for entry in logs:
                self._handle(entry)

        self.store.commit_range(end, end_hash, apply)
        self.counts.update(events=len(logs), ranges=1)
        return end

    def _logs(self, start: int, end: int) -> tuple[list[dict], int]:
        """The logs of the followed contracts and of every project, first the contracts' (whose
        factory names the projects created in the range), then the projects' (in chunks of
        addresses); both over the same range, which the first may shorten and the second too."""
        static, end = self.reader.logs(list(self._static), start, end, grow=False)
        created = _topic(self._events, "factory", "ProjectCreated")
        factory = self.contracts.factory and to_checksum_address(self.contracts.factory)
        new_projects = [
            to_checksum_address("0x" + HexBytes(entry["topics"][1]).hex()[-40:])
            for entry in static
            if factory is not None
            and to_checksum_address(entry["address"]) == factory
            and bytes(entry["topics"][0]) == created
        ]
        known = [to_checksum_address(a) for a in self.store.project_addresses()]
        projects, end = self.reader.logs(known + new_projects, start, end)
        static = [entry for entry in static if entry["blockNumber"] <= end]
        logs = sorted(static + projects, key=lambda e: (e["blockNumber"], e["logIndex"]))
        return logs, end

    def _kind(self, address: str) -> str:
        return self._static.get(address) or "project"

    def _handle(self, log: dict) -> None:
        address = to_checksum_address(log["address"])
        kind = self._kind(address)
        event = self._events.get((kind, bytes(log["topics"][0])))
        if event is None:
            return
        decoded = event.process_log(log)
        handler = getattr(self, f"_on_{kind}_{decoded['event']}", None)
        if handler is not None:
            handler(address.lower(), decoded["args"], _Where.of(log))

    # ---------------------------------------------------------------- helpers

    def _notify(
        self, recipients: set[str], kind: str, where: _Where, text: str, **extra: Any
    ) -> None:
        self.counts["notices"] += len(recipients)
        for recipient in sorted(recipients):
            self.store.add_notice(
                Notice(
                    recipient=recipient.lower(),
                    kind=kind,
                    sender=(extra.get("sender") or None) and extra["sender"].lower(),
                    project=extra.get("project"),
                    combo=extra.get("combo", NO_COMBO),
                    text=text,
                    uri=extra.get("uri", ""),
                    block=where.block,
                    tx=where.tx,
                    log_index=where.index,
                )
            )

    def _notify_combo(
        self,
        project: str,
        combo: int,
        kind: str,
        where: _Where,
        text: str,
        roles: tuple[str, ...] = ("backer", "maker"),
        also: frozenset[str] = frozenset(),
    ) -> None:
        """Tell a combination's parties in `roles` (and `also`) about it."""
        recipients = self.store.parties(project, combo, roles) | also
        self._notify(recipients, kind, where, text, project=project, combo=combo)

    # ---------------------------------------------------------------- interests and notices

    def _on_interests_InterestDeclared(self, _: str, a: Any, w: _Where) -> None:
        self.store.execute(
            "INSERT INTO interests VALUES (?, ?, ?, 1, ?, ?)",
            (a["account"].lower(), a["key"].hex(), a["tag"], w.block, w.index),
        )

    def _on_interests_InterestWithdrawn(self, _: str, a: Any, w: _Where) -> None:
        self.store.execute(
            "INSERT INTO interests VALUES (?, ?, ?, 0, ?, ?)",
            (a["account"].lower(), a["key"].hex(), a["tag"], w.block, w.index),
        )

    def _on_notices_Followed(self, _: str, a: Any, w: _Where) -> None:
        self.store.execute(
            "INSERT INTO follows VALUES (?, ?, 1, ?, ?)",
            (a["follower"].lower(), a["sender"].lower(), w.block, w.index),
        )

    def _on_notices_Unfollowed(self, _: str, a: Any, w: _Where) -> None:
        self.store.execute(
            "INSERT INTO follows VALUES (?, ?, 0, ?, ?)",
            (a["follower"].lower(), a["sender"].lower(), w.block, w.index),
        )

    def _on_notices_Posted(self, _: str, a: Any, w: _Where) -> None:
        sender = a["sender"].lower()
        recipients = self.store.followers(sender)
        if a["key"] != bytes(32):
            recipients &= self.store.interested([a["key"].hex()])
        self._notify(recipients, "post", w, a["text"], sender=sender, uri=a["uri"])

    def _on_notices_Invited(self, _: str, a: Any, w: _Where) -> None:
        sender, invitee = a["sender"].lower(), a["invitee"].lower()
        if self.store.follows(invitee, sender):
            self._notify({invitee}, "invitation", w, a["text"], sender=sender, uri=a["uri"])

    # ---------------------------------------------------------------- consent

    def _on_consent_ConsentGranted(self, consent: str, a: Any, w: _Where) -> None:
        self.store.execute(
            "INSERT OR REPLACE INTO grants VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                a["id"],
                consent,
                a["owner"].lower(),
                a["grantee"].lower(),
                a["data"].hex(),
                a["location"],
                a["purpose"].hex(),
                a["operations"],
                a["maxUses"],
                a["expiry"],
                w.block,
            ),
        )

    def _on_consent_ConsentRevoked(self, consent: str, a: Any, w: _Where) -> None:
        self.store.execute(
            "INSERT OR REPLACE INTO revocations VALUES (?, ?, ?)", (consent, a["id"], w.block)
        )

    def _on_consent_DataUsed(self, consent: str, a: Any, w: _Where) -> None:
        owner, grantee = a["owner"].lower(), a["grantee"].lower()
        self.store.execute(
            "INSERT OR REPLACE INTO uses VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                consent,
                a["id"],
                grantee,
                a["purpose"].hex(),
                a["operation"],
                a["useNumber"],
                w.block,
                w.tx,
            ),
        )
        text = (
            f"grant {a['id']} used by {grantee} (use {a['useNumber']}, operation {a['operation']})"
        )
        self._notify({owner}, "data-used", w, text, sender=grantee)

    # ---------------------------------------------------------------- projects

    def _on_factory_ProjectCreated(self, _: str, a: Any, w: _Where) -> None:
        project, creator, labels = a["project"].lower(), a["creator"].lower(), a["labels"]
        tags = sorted(normal_tags(list(labels["tags"])))
        title = labels.get("title") or labels.get("uri") or project
        self.store.execute(
            "INSERT OR REPLACE INTO projects VALUES (?, ?, ?, ?, ?)",
            (project, creator, title, json.dumps(tags), w.block),
        )
        keys = [Web3.keccak(text=t).hex() for t in tags]
        recipients = self.store.interested(keys) - {creator}
        text = f"new project {title} matches your interests ({', '.join(tags)})"
        self._notify(
            recipients,
            "project-matches",
            w,
            text,
            sender=creator,
            project=project,
            uri=labels.get("uri", ""),
        )

    def _on_project_OptionOffered(self, project: str, a: Any, w: _Where) -> None:
        self.store.execute(
            "INSERT OR REPLACE INTO options VALUES (?, ?, ?, ?)",
            (project, a["optionId"], a["maker"].lower(), w.block),
        )

    def _on_project_CombinationCreated(self, project: str, a: Any, w: _Where) -> None:
        for option in a["optionIds"]:
            row = self.store.db.execute(
                "SELECT maker FROM options WHERE project = ? AND option_id = ?", (project, option)
            ).fetchone()
            if row is not None:
                self._party(project, a["combo"], row[0], "maker", w)

    def _party(self, project: str, combo: int, account: str, role: str, w: _Where) -> None:
        self.store.execute(
            "INSERT OR IGNORE INTO parties VALUES (?, ?, ?, ?, ?)",
            (project, combo, account.lower(), role, w.block),
        )

    def _on_project_Invested(self, project: str, a: Any, w: _Where) -> None:
        self._party(project, a["combo"], a["backer"], "backer", w)

    def _on_project_Ordered(self, project: str, a: Any, w: _Where) -> None:
        self._party(project, a["combo"], a["buyer"], "buyer", w)

    def _on_project_CombinationRanked(self, project: str, a: Any, w: _Where) -> None:
        self.store.execute(
            "INSERT INTO ranked VALUES (?, ?, ?, ?, ?)",
            (project, a["combo"], 2 * int(a["attempt"]) + int(a["selected"]), w.block, w.index),
        )

    def _on_project_SelectionFinalized(self, project: str, a: Any, w: _Where) -> None:
        for combo, selected in self.store.combos(project, a["attempt"]).items():
            if selected:
                kind, text = (
                    "combination-selected",
                    f"combination {combo} was selected for a prototype",
                )
            else:
                kind = "combination-eliminated"
                text = f"combination {combo} was eliminated; rescuable until {a['rescueEnd']}"
            self._notify_combo(project, combo, kind, w, text)

    def _on_project_LaunchFailed(self, project: str, a: Any, w: _Where) -> None:
        text = "the launch failed: your refund is claimable now"
        self._notify(
            self.store.parties(project, roles=("backer",)), "claimable", w, text, project=project
        )

    def _on_project_CombinationRescued(self, project: str, a: Any, w: _Where) -> None:
        text = f"combination {a['combo']} was rescued and joins the trial run"
        self._notify_combo(project, a["combo"], "combination-rescued", w, text)

    def _on_project_PrototypePassed(self, project: str, a: Any, w: _Where) -> None:
        text = f"the prototype of combination {a['combo']} passed its tests"
        self._notify_combo(project, a["combo"], "prototype-passed", w, text)

    def _on_project_ModelTermsSet(self, project: str, a: Any, w: _Where) -> None:
        text = f"presale of model {a['combo']} opened: price {a['price']}, {a['minOrders']} orders"
        followers = frozenset(self.store.followers(project))
        self._notify_combo(project, a["combo"], "presale-opened", w, text, also=followers)

    def _on_project_ModelClosed(self, project: str, a: Any, w: _Where) -> None:
        combo = a["combo"]
        if a["succeeded"]:
            text = f"model {combo} succeeded: your part is claimable now"
            self._notify_combo(project, combo, "claimable", w, text)
        else:
            text = f"model {combo} failed its presale: your refund is claimable now"
            self._notify_combo(project, combo, "claimable", w, text, ("backer", "buyer"))

    def _on_project_RevenueDeposited(self, project: str, a: Any, w: _Where) -> None:
        combo = a["combo"]
        text = f"revenue of model {combo} was deposited: your share is claimable now"
        self._notify_combo(project, combo, "claimable", w, text)


class _CatchUp:
    """The progress of a catch-up over more than one range: a tqdm bar when stderr is a terminal
    (or `watcher.progress` says so), else a log line every 10 s; a summary at INFO when done."""

    EVERY = 10.0

    def __init__(self, watcher: Watcher, first: int, target: int) -> None:
        self.watcher, self.first, self.target = watcher, first, target
        self.total = target - first + 1
        self.long = self.total > watcher.reader.span
        self.t0 = self.last_log = time.monotonic()
        self.before = watcher.tally()
        self.bar: Any = None
        self._redirect: Any = None
        show = watcher.progress if watcher.progress is not None else sys.stderr.isatty()
        if self.long:
            LOG.info("catching up from block %d to %d (%d blocks)", first, target, self.total)
            if show:
                from tqdm import tqdm
                from tqdm.contrib.logging import logging_redirect_tqdm

                self.bar = tqdm(total=self.total, desc="catch-up", unit="block", file=sys.stderr)
                self._redirect = logging_redirect_tqdm(loggers=[logging.getLogger("cobuild")])
                self._redirect.__enter__()

    def advanced(self, start: int, end: int) -> None:
        LOG.debug("blocks %d-%d processed", start, end)
        if self.bar is not None:
            self.bar.update(end - start + 1)
            self.bar.set_postfix(range=self.watcher.reader.span, refresh=False)
        elif self.long and time.monotonic() - self.last_log >= self.EVERY:
            self.last_log = time.monotonic()
            done = 100 * (end - self.first + 1) // self.total
            LOG.info("catch-up: block %d of %d (%d%%)", end, self.target, done)

    def __enter__(self) -> _CatchUp:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()
            self._redirect.__exit__(None, None, None)
        if not self.long or exc[0] is not None:
            return
        made = self.watcher.tally() - self.before
        refused = sum(v for k, v in made.items() if k.startswith("refused"))
        LOG.info(
            "caught up to block %d in %.1f s: %d ranges, %d events, %d notices; "
            "%d log requests (%d refused as too large), %d rate limited",
            self.target,
            time.monotonic() - self.t0,
            made["ranges"],
            made["events"],
            made["notices"],
            made["requests"],
            refused,
            made["rate limited"],
        )


@dataclass(frozen=True)
class _Where:
    block: int
    tx: str
    index: int

    @classmethod
    def of(cls, log: dict) -> _Where:
        return cls(log["blockNumber"], HexBytes(log["transactionHash"]).hex(), log["logIndex"])


def _topic(events: dict, kind: str, name: str) -> bytes:
    for (k, topic), event in events.items():
        if k == kind and event.event_name == name:
            return topic
    raise KeyError(name)
