# SPDX-License-Identifier: MIT
"""`python -m cobuild.routing`: watch a chain, read an inbox, serve the feed, or run locally.

watch  --rpc URL --contracts deployment.json --db inbox.sqlite [--confirmations N]
       [--batch BLOCKS] [--max-addresses N] [-v | -q]
inbox  --db inbox.sqlite ADDRESS            (one notice a line; --json for JSON)
my-data --db inbox.sqlite ADDRESS           (grants, uses, revocations as JSON)
serve  --db inbox.sqlite [--port P]         (JSON feed on 127.0.0.1)
local  --db inbox.sqlite                    (own anvil on a free port, routing contracts
                                             deployed, watch + feed: `make watch`)

The watcher logs what it does on stderr (INFO: a catch-up's start and summary, a provider's
limits as it meets them; `-v` every range, `-q` warnings only) and shows a progress bar while it
catches up when stderr is a terminal.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading

from web3 import Web3

from cobuild.progress import setup_logging
from cobuild.routing.feed import make_server
from cobuild.routing.logs import PatientHTTPProvider
from cobuild.routing.store import Store, StoreVersionError, dumps
from cobuild.routing.watcher import Contracts, Watcher


def _watch(args: argparse.Namespace, rpc: str, contracts: Contracts) -> None:
    w3 = Web3(PatientHTTPProvider(rpc))
    watcher = Watcher(
        w3,
        Store(args.db),
        contracts,
        confirmations=args.confirmations,
        start_block=args.start_block,
        batch=args.batch,
        max_addresses=args.max_addresses,
    )
    watcher.run(interval=args.interval, until_block=args.until_block, pace=args.pace)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m cobuild.routing")
    verbosity = argparse.ArgumentParser(add_help=False)
    verbosity.add_argument("-v", "--verbose", action="count", default=0, help="log every range")
    verbosity.add_argument("-q", "--quiet", action="count", default=0, help="warnings only")
    sub = parser.add_subparsers(dest="command", required=True)
    watch = sub.add_parser("watch", parents=[verbosity])
    local = sub.add_parser("local", parents=[verbosity])
    for p in (watch, local):
        p.add_argument("--db", required=True)
        p.add_argument("--confirmations", type=int, default=2)
        p.add_argument("--start-block", type=int, default=0)
        p.add_argument(
            "--batch",
            type=int,
            default=2000,
            help="the largest block range of one eth_getLogs (less when the provider refuses it)",
        )
        p.add_argument(
            "--max-addresses", type=int, default=10, help="addresses in one eth_getLogs filter"
        )
        p.add_argument("--interval", type=float, default=1.0)
        p.add_argument("--pace", type=float, default=0.0, help="seconds to sleep between ranges")
        p.add_argument("--until-block", type=int, default=None)
        p.add_argument(
            "--port", type=int, default=0, help="feed port on 127.0.0.1 (0: any; -1: no feed)"
        )
    watch.add_argument("--rpc", required=True)
    watch.add_argument(
        "--contracts", required=True, help="JSON with interests/notices/consent/factory"
    )
    for name in ("inbox", "my-data"):
        p = sub.add_parser(name)
        p.add_argument("--db", required=True)
        p.add_argument("address")
        p.add_argument("--json", action="store_true")
    serve = sub.add_parser("serve")
    serve.add_argument("--db", required=True)
    serve.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    setup_logging(getattr(args, "verbose", 0) - getattr(args, "quiet", 0))
    try:
        _command(args)
    except StoreVersionError as exc:
        sys.exit(f"error: {exc}")


def _command(args: argparse.Namespace) -> None:
    if args.command == "inbox":
        notices = Store(args.db).inbox(args.address)
        if args.json:
            print(dumps(notices))
        for n in [] if args.json else notices:
            print(
                f"#{n['block']} {n['kind']:<24} {n['text']}"
                + (f" <{n['uri']}>" if n["uri"] else "")
            )
    elif args.command == "my-data":
        print(dumps(Store(args.db).my_data(args.address)))
    elif args.command == "serve":
        _serve(args.db, args.port).join()
    elif args.command == "watch":
        if args.port >= 0:
            _serve(args.db, args.port)
        _watch(args, args.rpc, Contracts.from_json(args.contracts))
    else:
        from cobuild.routing.local import local_chain

        # SIGTERM ends the watcher like Ctrl-C, so the anvil it started is stopped too
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        with local_chain() as (rpc, contracts):
            print(json.dumps({"rpc": rpc, **vars(contracts)}), flush=True)
            if args.port >= 0:
                _serve(args.db, args.port)
            _watch(args, rpc, contracts)


def _serve(db: str, port: int) -> threading.Thread:
    Store(db).close()  # create the schema before the first request
    server = make_server(db, port)
    host, bound = server.server_address[:2]
    print(f"feed on http://{host}:{bound}/inbox/<address>", flush=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread


if __name__ == "__main__":
    main()
