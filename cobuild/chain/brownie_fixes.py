"""Work-arounds for brownie 1.22.2 on anvil, applied once when cobuild.chain is imported."""

from __future__ import annotations

import time
from typing import Any

RECEIPT_WAIT_SECONDS = 10.0


def _patch_receipt_race() -> None:
    """brownie declares a transaction "dropped without known replacement" when the sender's nonce
    has moved past it but `eth_getTransactionReceipt` returns nothing yet. anvil updates the
    account before it stores the receipt, so on a loaded machine a freshly mined transaction hits
    exactly that window. Wait for the receipt before brownie's own confirmation logic runs."""
    from brownie import web3
    from brownie.network.transaction import TransactionReceipt
    from web3.exceptions import TransactionNotFound

    original = TransactionReceipt._await_confirmation
    if getattr(original, "_cobuild_patched", False):
        return

    def _await_confirmation(
        self: Any, block_number: int | None = None, required_confs: int = 1
    ) -> None:
        deadline = time.monotonic() + RECEIPT_WAIT_SECONDS
        while time.monotonic() < deadline:
            try:
                if web3.eth.get_transaction_receipt(self.txid) is not None:
                    break
            except TransactionNotFound:
                pass
            time.sleep(0.02)
        original(self, block_number, required_confs)

    _await_confirmation._cobuild_patched = True  # type: ignore[attr-defined]
    TransactionReceipt._await_confirmation = _await_confirmation


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _patch_local_sessions() -> None:
    """requests reads every proxy variable of the environment on each request (a third of a
    millisecond with eighty variables: seconds in a long test), and a node on this machine needs
    no proxy. brownie's HTTP provider for a loopback node gets a session that skips them."""
    import sys
    from urllib.parse import urlparse

    import brownie.network.web3  # noqa: F401 - loads the module `sys.modules` is asked for
    import requests

    # the module, not the `web3` object brownie.network exports under the same name
    brownie_web3 = sys.modules["brownie.network.web3"]

    original = brownie_web3.HTTPProvider
    if getattr(original, "_cobuild_patched", False):
        return

    def provider(uri: str, request_kwargs: Any = None, **kwargs: Any) -> Any:
        if urlparse(uri).hostname in LOOPBACK and kwargs.get("session") is None:
            kwargs["session"] = requests.Session()
            kwargs["session"].trust_env = False
        return original(uri, request_kwargs, **kwargs)

    provider._cobuild_patched = True  # type: ignore[attr-defined]
    brownie_web3.HTTPProvider = provider


def _patch_history_by_sender() -> None:
    """Before every transaction brownie looks up the sender's earlier ones in its history,
    converting the address once per receipt it compares (`Account.__eq__`): quadratic in the
    length of a test. Convert it once and compare strings."""
    from brownie.convert import to_address
    from brownie.network.state import TxHistory

    if getattr(TxHistory.from_sender, "_cobuild_patched", False):
        return

    def from_sender(self: Any, account: str) -> list:
        address = to_address(str(account))
        return [tx for tx in self._list if str(getattr(tx.sender, "address", tx.sender)) == address]

    from_sender._cobuild_patched = True  # type: ignore[attr-defined]
    TxHistory.from_sender = from_sender


def _patch_receipt_timestamp() -> None:
    """brownie fetches the whole block again on every read of a receipt's `timestamp` (a sixth of
    the production seed run's time: 1,183 reads of 5 ms). A mined block's time never changes:
    read it once per receipt."""
    from brownie.network.transaction import TransactionReceipt

    original = TransactionReceipt.timestamp
    if getattr(original.fget, "_cobuild_patched", False):
        return

    def timestamp(self: Any) -> int | None:
        cached = self.__dict__.get("_cobuild_timestamp")
        if cached is not None and cached[0] == self.block_number:
            return cached[1]
        value = original.fget(self)
        if value is not None:
            self.__dict__["_cobuild_timestamp"] = (self.block_number, value)
        return value

    timestamp._cobuild_patched = True  # type: ignore[attr-defined]
    TransactionReceipt.timestamp = property(timestamp)


def apply() -> None:
    _patch_receipt_race()
    _patch_local_sessions()
    _patch_history_by_sender()
    _patch_receipt_timestamp()
