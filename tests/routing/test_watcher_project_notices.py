# SPDX-License-Identifier: MIT
"""The project events a person is party to reach it without any follow: a new project matching
its tags (makers and followers of a topic); for a combination it backs or makes: selected,
eliminated and still rescuable, rescued; its prototype passed; its presale opened (also to the
project's followers); a refund or revenue claimable now."""

from __future__ import annotations

import pytest
from watch_support import new_watcher

from cobuild.chain.lifecycle import advance_to, back, deliver_all, finalize, offer, pass_all
from cobuild.chain.platform import ProjectSpec
from cobuild.protocol import Phase
from cobuild.routing.watcher import Contracts

E = 10**18


@pytest.fixture
def watched(tmp_path, platform, interests, notices, consent):
    contracts = Contracts(
        interests=interests.address,
        notices=notices.address,
        consent=consent.address,
        factory=platform.factory.address,
    )
    return new_watcher(tmp_path / "inbox.sqlite", contracts)


def _kinds(store, who, project=None):
    return [
        (n["kind"], n["combo"])
        for n in store.inbox(who.address)
        if project is None or n["project"] == project
    ]


def test_a_new_project_reaches_matching_interests_only(
    watched, open_project, interests, creator, inspectors, people
):
    interests.declareInterest("foam-material", {"from": people["alice"]})
    interests.declareInterest("cars", {"from": people["bob"]})
    interests.declareInterest("fishing-tackle", {"from": people["carol"]})
    interests.declareInterest("cars", {"from": creator})  # its own project is no news to it
    spec = ProjectSpec(inspectors=inspectors[:3], tags=("Cars", "Foam Material", "!!!"))
    project = open_project(spec=spec)
    watched.poll()
    for who in ("alice", "bob"):
        (notice,) = watched.store.inbox(people[who].address)
        assert (notice["kind"], notice["project"]) == ("project-matches", project.address.lower())
        assert "cars, foam-material" in notice["text"]
    assert (
        watched.store.inbox(people["carol"].address) == watched.store.inbox(creator.address) == []
    )


def test_a_combinations_life_reaches_its_backers_and_makers(
    watched, open_project, notices, eth, creator, makers, inspectors, backers, people
):
    spec = ProjectSpec(inspectors=inspectors[:3], slots=1, min_total=E)
    project = open_project(spec=spec)
    notices.follow(project, {"from": people["carol"]})  # a follower of the project
    opts = [[offer(project, makers[d], d, E // 4) for _ in range(2)] for d in range(3)]
    a = back(project, eth, backers[0], [o[0] for o in opts], 2 * E)
    b = back(project, eth, backers[1], [o[1] for o in opts], E // 2)
    finalize(project, creator)
    back(project, eth, backers[1], b, E)  # rescue b
    advance_to(project, Phase.Development)
    deliver_all(project, a)
    advance_to(project, Phase.Testing)
    pass_all(project, a, inspectors[:2])
    advance_to(project, Phase.Presale)
    project.setModelTerms(a, 5 * E, 1, {"from": creator})  # covers the 1.25 E fund
    watched.poll()
    store, p = watched.store, project.address.lower()
    assert _kinds(store, backers[0], p) == [
        ("combination-selected", a),
        ("prototype-passed", a),
        ("presale-opened", a),
    ]
    assert _kinds(store, backers[1], p) == [
        ("combination-eliminated", b),
        ("combination-rescued", b),
    ]
    assert _kinds(store, makers[0], p) == [
        ("combination-selected", a),
        ("combination-eliminated", b),
        ("combination-rescued", b),
        ("prototype-passed", a),
        ("presale-opened", a),
    ]
    assert _kinds(store, people["carol"], p) == [("presale-opened", a)]
    assert _kinds(store, backers[2]) == []


def test_a_failed_launch_tells_backers_their_refund_is_claimable(
    watched, open_project, eth, creator, makers, inspectors, backers
):
    spec = ProjectSpec(inspectors=inspectors[:3], min_total=100 * E)
    project = open_project(spec=spec)
    opts = [offer(project, makers[d], d, E // 4) for d in range(3)]
    back(project, eth, backers[0], opts, E)
    finalize(project, creator)
    watched.poll()
    notices = [n for n in watched.store.inbox(backers[0].address) if n["kind"] == "claimable"]
    assert len(notices) == 1 and "refund" in notices[0]["text"]
    assert watched.store.inbox(backers[1].address) == []
