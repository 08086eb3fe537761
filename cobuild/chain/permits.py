# SPDX-License-Identifier: MIT
"""EIP-2612 permits: what a token holder signs so that a project can take a payment without a
separate `approve` (see `selfPermit` in interfaces/IProjectProduction.sol)."""

from __future__ import annotations

from typing import NamedTuple

from eth_account import Account
from eth_account.messages import encode_typed_data

PERMIT_TYPES = {
    "Permit": [
        {"name": "owner", "type": "address"},
        {"name": "spender", "type": "address"},
        {"name": "value", "type": "uint256"},
        {"name": "nonce", "type": "uint256"},
        {"name": "deadline", "type": "uint256"},
    ]
}


class Permit(NamedTuple):
    """The arguments of `selfPermit(value, deadline, v, r, s)`."""

    value: int
    deadline: int
    v: int
    r: bytes
    s: bytes


def sign_permit(
    private_key: str | bytes,
    *,
    token_name: str,
    token: str,
    chain_id: int,
    spender: str,
    value: int,
    nonce: int,
    deadline: int,
    version: str = "1",
) -> Permit:
    """`owner` (the key's address) lets `spender` take `value` of `token` until `deadline`."""
    account = Account.from_key(private_key)
    domain = {
        "name": token_name,
        "version": version,
        "chainId": chain_id,
        "verifyingContract": token,
    }
    message = {
        "owner": account.address,
        "spender": spender,
        "value": value,
        "nonce": nonce,
        "deadline": deadline,
    }
    signed = account.sign_message(encode_typed_data(domain, PERMIT_TYPES, message))
    return Permit(
        value, deadline, signed.v, signed.r.to_bytes(32, "big"), signed.s.to_bytes(32, "big")
    )
