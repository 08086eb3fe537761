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


def apply() -> None:
    _patch_receipt_race()
