# SPDX-License-Identifier: MIT
"""Reproduce the window in which brownie 1.22.2 declares an anvil transaction "dropped"
(docs/brownie-receipt-race.md), with plain web3.py and an anvil of its own on a free port.

For each of `--count` transfers it does what brownie's `TransactionReceipt._await_confirmation`
does right after the send: ask the sender's nonce, then the transaction's receipt. brownie takes
"the nonce has moved past the transaction, and there is no receipt" as a dropped transaction
(status -2). Each transfer is then waited for properly, so every one of them was mined.

    .venv/bin/python -m tools.receipt_race [--count 2000] [--busy 2] [--anvil PATH]

`--busy N` keeps N processes spinning meanwhile (a loaded machine, like a test run on 2 cores).
It prints how many transfers brownie would have called dropped, how many first asks found no
receipt at all (the nonce not moved either: brownie waits, which is harmless), and, asking the
pair again without a pause until the receipt is there, how many transfers showed the window
(nonce moved, no receipt) at any ask."""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from web3 import Web3
from web3.exceptions import TransactionNotFound

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def spin(stop: Any) -> None:
    while not stop.is_set():
        sum(range(10_000))


def start_anvil(anvil: str, port: int) -> subprocess.Popen:
    node = subprocess.Popen(
        [anvil, "--port", str(port), "--accounts", "2", "--silent"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    w3 = Web3(Web3.HTTPProvider(f"http://127.0.0.1:{port}"))
    deadline = time.monotonic() + 30
    while not w3.is_connected():
        if time.monotonic() > deadline or node.poll() is not None:
            node.kill()
            raise SystemExit(f"anvil did not start on port {port}")
        time.sleep(0.1)
    return node


def run(w3: Web3, count: int) -> dict[str, int]:
    sender, receiver = w3.eth.accounts[:2]
    seen = {"transfers": 0, "dropped": 0, "no_receipt_yet": 0, "window": 0}
    for _ in range(count):
        nonce = w3.eth.get_transaction_count(sender)
        txid = w3.eth.send_transaction(
            {"from": sender, "to": receiver, "value": 1, "gas": 21_000, "gasPrice": 10**9}
        )
        # brownie's order: the sender's nonce first, then the receipt
        first = True
        in_window = False
        while True:
            sender_nonce = w3.eth.get_transaction_count(sender)
            receipt = _receipt(w3, txid)
            if receipt is not None:
                break
            if sender_nonce > nonce:
                in_window = True
                if first:
                    seen["dropped"] += 1  # brownie: "dropped without known replacement"
            elif first:
                seen["no_receipt_yet"] += 1  # brownie sleeps a second and asks again
            first = False
        # asked again and again until the receipt is there: did any ask see the window?
        seen["window"] += in_window
        seen["transfers"] += 1
    return seen


def _receipt(w3: Web3, txid: bytes) -> Any:
    try:
        return w3.eth.get_transaction_receipt(txid)
    except TransactionNotFound:
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000, help="transfers (default 2000)")
    parser.add_argument("--busy", type=int, default=0, help="spinning processes meanwhile")
    parser.add_argument(
        "--anvil",
        default=str(ROOT / "node_modules" / ".bin" / "anvil")
        if (ROOT / "node_modules" / ".bin" / "anvil").exists()
        else shutil.which("anvil"),
        help="the anvil binary (default: node_modules/.bin/anvil)",
    )
    args = parser.parse_args(argv)
    if not args.anvil:
        raise SystemExit("no anvil: pass --anvil PATH")
    version = subprocess.run([args.anvil, "--version"], capture_output=True, text=True, check=True)
    port = free_port()
    node = start_anvil(args.anvil, port)
    stop = multiprocessing.Event()
    busy = [multiprocessing.Process(target=spin, args=(stop,)) for _ in range(args.busy)]
    for p in busy:
        p.start()
    try:
        started = time.monotonic()
        w3 = Web3(Web3.HTTPProvider(f"http://127.0.0.1:{port}"))
        seen = run(w3, args.count)
        seconds = time.monotonic() - started
    finally:
        stop.set()
        for p in busy:
            p.join()
        node.terminate()
        node.wait()
    print(
        version.stdout.splitlines()[0], f"on port {port}; {os.cpu_count()} cores, busy {args.busy}"
    )
    print(
        f"{seen['transfers']} transfers in {seconds:.1f} s: brownie would call "
        f"{seen['dropped']} dropped (nonce moved, no receipt yet); "
        f"{seen['no_receipt_yet']} more had no receipt at the first ask (nonce not moved); "
        f"asking again until the receipt came, {seen['window']} showed the window at some ask"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
