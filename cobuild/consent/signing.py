# SPDX-License-Identifier: MIT
"""EIP-712 signatures for `CobuildConsent` (grants and revocations relayed by anyone).

The typed data mirrors the contract's type hashes; a signature is bound to the chain id and the
contract through the domain, and to one use through the owner's nonce."""

from __future__ import annotations

from dataclasses import dataclass

from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_account.signers.local import LocalAccount
from eth_utils import keccak

DOMAIN_NAME = "Cobuild Consent"
DOMAIN_VERSION = "1"

# operation bits of a grant (a convention of the toolkit; the contract only sees bit numbers)
OPERATIONS = {"read": 0, "store": 1, "share": 2, "contact": 3, "deliver": 4}


def _struct(name: str, fields: str) -> dict[str, list[dict[str, str]]]:
    """EIP-712 types of one struct, its fields written as in Solidity ("uint256 id, ...")."""
    typed = (field.split() for field in fields.split(","))
    return {name: [{"name": n, "type": t} for t, n in typed]}


GRANT_TYPES = _struct(
    "Grant",
    "address grantee, bytes32 data, string location, bytes32 purpose, uint32 operations,"
    "uint32 maxUses, uint64 expiry, address owner, uint256 nonce, uint256 deadline",
)
REVOKE_TYPES = _struct("Revoke", "uint256 id, uint256 nonce, uint256 deadline")


def purpose_id(purpose: str) -> bytes:
    """The bytes32 of a purpose named in words ("delivery")."""
    return keccak(text=purpose)


def operations_mask(names: list[str]) -> int:
    """The bit set of named operations."""
    return sum(1 << OPERATIONS[name] for name in set(names))


@dataclass(frozen=True)
class Terms:
    """`ICobuildConsent.Terms`."""

    grantee: str
    data: bytes
    location: str
    purpose: bytes
    operations: int
    max_uses: int
    expiry: int

    def as_tuple(self) -> tuple:
        return (
            self.grantee,
            self.data,
            self.location,
            self.purpose,
            self.operations,
            self.max_uses,
            self.expiry,
        )


def signer(name: str) -> LocalAccount:
    """A deterministic key for `name` (local chains and tests; it never needs gas)."""
    return Account.from_key(keccak(text=f"cobuild-signer:{name}"))


def _domain(chain_id: int, contract: str) -> dict:
    return {
        "name": DOMAIN_NAME,
        "version": DOMAIN_VERSION,
        "chainId": chain_id,
        "verifyingContract": contract,
    }


def sign_grant(
    key: LocalAccount, terms: Terms, nonce: int, deadline: int, chain_id: int, contract: str
) -> bytes:
    """The owner's signature of `terms` for `grantBySig`."""
    message = {
        "grantee": terms.grantee,
        "data": terms.data,
        "location": terms.location,
        "purpose": terms.purpose,
        "operations": terms.operations,
        "maxUses": terms.max_uses,
        "expiry": terms.expiry,
        "owner": key.address,
        "nonce": nonce,
        "deadline": deadline,
    }
    signable = encode_typed_data(_domain(chain_id, contract), GRANT_TYPES, message)
    return bytes(key.sign_message(signable).signature)


def sign_revoke(
    key: LocalAccount, grant_id: int, nonce: int, deadline: int, chain_id: int, contract: str
) -> bytes:
    """The owner's signature revoking grant `grant_id` for `revokeBySig`."""
    message = {"id": grant_id, "nonce": nonce, "deadline": deadline}
    signable = encode_typed_data(_domain(chain_id, contract), REVOKE_TYPES, message)
    return bytes(key.sign_message(signable).signature)


# A project's `argueBySig` (not wired yet: the hook the project needs is described in
# docs/architecture.md). Domain: name "Cobuild Project", version "1", the chain id and the
# project clone's address.
PROJECT_DOMAIN_NAME = "Cobuild Project"
ARGUE_TYPES = _struct(
    "Argue", "uint256 combo, bytes32 contentHash, address backer, uint256 nonce, uint256 deadline"
)


def sign_argue(
    key: LocalAccount,
    combo: int,
    content_hash: bytes,
    nonce: int,
    deadline: int,
    chain_id: int,
    project: str,
) -> bytes:
    """A backer's signature of an argument for `argueBySig` on `project`."""
    domain = {
        "name": PROJECT_DOMAIN_NAME,
        "version": DOMAIN_VERSION,
        "chainId": chain_id,
        "verifyingContract": project,
    }
    message = {
        "combo": combo,
        "contentHash": content_hash,
        "backer": key.address,
        "nonce": nonce,
        "deadline": deadline,
    }
    return bytes(key.sign_message(encode_typed_data(domain, ARGUE_TYPES, message)).signature)
