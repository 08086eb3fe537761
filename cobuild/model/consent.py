# SPDX-License-Identifier: MIT
"""The consent rules in plain Python (the oracle of the stateful consent test): what
`CobuildConsent` must answer to each grant, use and revocation."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ModelGrant:
    owner: str
    grantee: str
    purpose: bytes
    operations: int
    max_uses: int
    expiry: int
    uses: int = 0
    revoked: bool = False


@dataclass
class ConsentModel:
    grants: dict[int, ModelGrant] = field(default_factory=dict)

    def grant(self, g: ModelGrant, now: int) -> str | None:
        """The error name `grant` reverts with, or None (then the grant gets the next id)."""
        if g.grantee == "0x" + "0" * 40 or g.operations == 0 or g.max_uses == 0 or g.expiry < now:
            return "InvalidTerms"
        self.grants[len(self.grants) + 1] = g
        return None

    def use(self, gid: int, caller: str, purpose: bytes, op: int, now: int) -> str | None:
        g = self.grants.get(gid)
        if g is None:
            return "UnknownGrant"
        if caller != g.grantee:
            return "NotGrantee"
        if g.revoked:
            return "GrantRevoked"
        if now > g.expiry:
            return "GrantExpired"
        if purpose != g.purpose:
            return "PurposeMismatch"
        if not (g.operations >> op) & 1:
            return "OperationNotGranted"
        if g.uses >= g.max_uses:
            return "UsesExhausted"
        g.uses += 1
        return None

    def revoke(self, gid: int, caller: str) -> str | None:
        g = self.grants.get(gid)
        if g is None:
            return "UnknownGrant"
        if g.revoked:
            return "GrantRevoked"
        if caller != g.owner:
            return "NotGrantOwner"
        g.revoked = True
        return None
