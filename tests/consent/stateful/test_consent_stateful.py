# SPDX-License-Identifier: MIT
"""Stateful: random grants, uses (by the grantee and by others, for right and wrong purposes and
operations), revocations (by owners and others) and time passing, against `cobuild.model.consent`.
Every call's outcome (accepted, or the named error) and every grant's uses and revocation match
the model; no use is ever accepted beyond what its owner granted."""

from __future__ import annotations

from collections import Counter
from typing import ClassVar

from brownie import chain, web3
from brownie.exceptions import VirtualMachineError
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from cobuild.chain.actors import actor
from cobuild.model.consent import ConsentModel, ModelGrant

PURPOSES = [b"\x01" * 32, b"\x02" * 32]
# -1: the party the rules name (the grant's grantee for a use, its owner for a revocation), drawn
# often so that accepted calls are as common as refused ones
CALLER = st.one_of(st.just(-1), st.just(-1), st.integers(0, 2))
SETTINGS = settings(
    max_examples=10,
    stateful_step_count=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


def _outcome(call, *args):
    try:
        call(*args)
        return None
    except VirtualMachineError as exc:
        return (exc.revert_msg or "").split(":")[0]


class ConsentMachine(RuleBasedStateMachine):
    env: ClassVar[dict] = {}

    def __init__(self) -> None:
        super().__init__()
        chain.revert()
        self.consent, self.people = self.env["consent"], self.env["people"]
        self.model = ConsentModel()
        self.accepted_uses = 0

    def _who(self, gid: int, caller: int, role: str):
        g = self.model.grants.get(gid)
        if caller >= 0 or g is None:
            return self.people[max(caller, 0)]
        return next(p for p in self.people if p.address == getattr(g, role))

    def now(self) -> int:
        return web3.eth.get_block("latest")["timestamp"]

    def _next_time(self) -> int:
        """The timestamp the next transaction is mined at (set explicitly: the model needs it)."""
        when = self.now() + 1
        web3.provider.make_request("evm_setNextBlockTimestamp", [when])
        return when

    @initialize(
        uses=st.integers(1, 3),
        ops=st.integers(1, 7),
        lifetime=st.integers(30, 300),
        actions=st.lists(
            st.one_of(
                st.tuples(
                    st.just("use"),
                    st.integers(1, 4),
                    CALLER,
                    st.integers(0, 1),
                    st.integers(0, 3),
                ),
                st.tuples(st.just("revoke"), st.integers(1, 4), CALLER),
                st.tuples(st.just("wait"), st.integers(1, 200)),
                st.tuples(
                    st.just("grant"),
                    st.integers(0, 2),
                    st.integers(0, 2),
                    st.integers(0, 1),
                    st.integers(0, 7),
                    st.integers(0, 3),
                    st.integers(-5, 300),
                ),
            ),
            min_size=30,
            max_size=30,
        ),
    )
    def start(self, uses, ops, lifetime, actions):
        """Two valid grants (0 -> 1 and 1 -> 2), then thirty random actions. Initialize rules
        always run: hypothesis 6.27 under brownie ends most examples after a step or two, so the
        bulk of each example is drawn here rather than left to the step loop."""
        for owner, grantee in ((0, 1), (1, 2)):
            self.grant(owner, grantee, owner, ops, uses, lifetime)
        for name, *args in actions:
            getattr(self, name)(*args)

    @rule(
        owner=st.integers(0, 2),
        grantee=st.integers(0, 2),
        purpose=st.integers(0, 1),
        ops=st.integers(0, 7),
        uses=st.integers(0, 3),
        lifetime=st.integers(-5, 300),
    )
    def grant(self, owner, grantee, purpose, ops, uses, lifetime):
        o, g = self.people[owner], self.people[grantee]
        when = self._next_time()
        terms = (g.address, b"\x00" * 32, "", PURPOSES[purpose], ops, uses, max(0, when + lifetime))
        expected = self.model.grant(
            ModelGrant(o.address, g.address, PURPOSES[purpose], ops, uses, terms[6]), when
        )
        got = _outcome(self.consent.grant, terms, {"from": o, "gas_limit": 400_000})
        assert got == expected
        self.env["outcomes"]["grant " + (got or "accepted")] += 1

    @rule(
        gid=st.integers(1, 8),
        caller=st.integers(0, 2),
        purpose=st.integers(0, 1),
        op=st.integers(0, 3),
    )
    def use(self, gid, caller, purpose, op):
        who = self._who(gid, caller, "grantee")
        when = self._next_time()
        expected = self.model.use(gid, who.address, PURPOSES[purpose], op, when)
        got = _outcome(
            self.consent.use, gid, PURPOSES[purpose], op, {"from": who, "gas_limit": 200_000}
        )
        assert got == expected
        self.accepted_uses += got is None
        self.env["outcomes"][got or "accepted"] += 1

    @rule(gid=st.integers(1, 4), caller=CALLER)
    def revoke(self, gid, caller):
        who = self._who(gid, caller, "owner")
        self._next_time()
        expected = self.model.revoke(gid, who.address)
        assert _outcome(self.consent.revoke, gid, {"from": who, "gas_limit": 200_000}) == expected

    @rule(seconds=st.integers(1, 200))
    def wait(self, seconds):
        web3.provider.make_request("evm_setNextBlockTimestamp", [self.now() + seconds])
        chain.mine()

    @invariant()
    def grants_match_the_model(self):
        assert self.consent.grantCount() == len(self.model.grants)
        for gid, g in self.model.grants.items():
            stored = self.consent.grantOf(gid)
            assert (stored["uses"], stored["revoked"], stored["owner"]) == (
                g.uses,
                g.revoked,
                g.owner,
            )
            assert stored["uses"] <= stored["maxUses"]
        assert sum(g.uses for g in self.model.grants.values()) == self.accepted_uses


def test_consent_matches_the_model(consent):
    outcomes: Counter = Counter()
    people = [actor(f"stateful-{i}") for i in range(3)]
    ConsentMachine.env.update(consent=consent, people=people, outcomes=outcomes)
    chain.snapshot()
    run_state_machine_as_test(ConsentMachine, settings=SETTINGS)
    # the examples reached accepted uses and most refusals, not only the trivial ones
    assert outcomes["accepted"] >= 10 and len(outcomes) >= 9, outcomes
