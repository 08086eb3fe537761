# SPDX-License-Identifier: MIT
"""Fixtures of the sharing tests: `build_model` takes a project paid in ETH or an ERC-20 through
to a model that succeeded its presale (uneven quotes and ideation stakes, funded above its cost)
and returns it with its Python money model (see sharing_support.Sharing)."""

from __future__ import annotations

import pytest
from actor_fixtures import actor_fixture
from sharing_support import E, ModelPlan, Sharing

from cobuild.chain.lifecycle import advance_to, back, offer
from cobuild.chain.money import Money
from cobuild.chain.platform import ProjectSpec
from cobuild.chain.platform import open_project as open_on_factory
from cobuild.model.project import Combination, ProjectModel
from cobuild.model.revenue import RevenueModel
from cobuild.protocol import Phase, Status


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a long test (the 1,000-holder gas measurement)")


licensee = actor_fixture(
    "licensee", scope="session", doc="Pays later revenue (sales, licensing) into models."
)
newcomer = actor_fixture("share-buyer", doc="Buys shares from an investor.")


@pytest.fixture(scope="module")
def module_sharing(build_model, money):
    """The module's model, built once per payment asset: the default plan (a module overrides this
    fixture for another plan)."""
    return build_model(money)


@pytest.fixture
def sharing(module_sharing):
    """Each test starts from `module_sharing` (its own copy of the Python model)."""
    return module_sharing.fresh()


@pytest.fixture(scope="module")
def build_model(
    platform, creator, makers, inspectors, treasury, backers, buyers, licensee, to_presale
):
    """`build_model(money, plan=ModelPlan(), investors=backers)`: open a project paid in `money`,
    take one combination (maker d offers dimension d, backer i stakes `plan.stakes[i]` in
    ideation) through selection, R&D, testing and a successful presale, close it, and return a
    `Sharing` whose model has booked the close: the base revenue and the surplus (funding above
    the cost), which the investors' pool pays pro rata to the shares. With `makers_claim_escrow`
    every maker then claims (escrow, its quote, plus its revenue part). With
    `until=Phase.Presale` it stops before the presale ends (the model is empty); with
    `close=False` it stops after the presale, before anyone closes the model (the Python model
    has booked the close already: the first claim, transfer or deposit books it on chain)."""

    def build(money: Money, plan: ModelPlan | None = None, investors=None) -> Sharing:
        plan = plan or ModelPlan()
        investors = list(investors or backers)
        spec = ProjectSpec(inspectors=list(inspectors), token=money.address, min_total=E)
        project = open_on_factory(platform.factory, creator, spec).project
        options = [offer(project, makers[d], d, q) for d, q in enumerate(plan.quotes)]
        combo = back(project, money, investors[0], options, plan.stakes[0])
        for i, stake in enumerate(plan.stakes[1:], start=1):
            back(project, money, investors[i], combo, stake)
        to_presale(project, combo)
        project.setModelTerms(combo, plan.price, plan.min_orders, {"from": creator})
        for i in range(plan.orders):
            buyer = buyers[i % len(buyers)]
            project.order(combo, [], money.pay(buyer, project, plan.price))
        if plan.until == Phase.Presale:
            return Sharing(
                project,
                combo,
                money,
                RevenueModel(),
                platform.shares,
                list(makers),
                creator,
                treasury,
                list(investors),
                licensee,
                plan,
            )
        advance_to(project, Phase.Closed)
        assert project.status(combo) == Status.Succeeded
        close_tx = None
        if plan.close:
            close_tx = project.closeModel(combo, {"from": licensee})
            assert close_tx.events["ModelClosed"]["revenue"] == plan.orders * plan.price

        model = RevenueModel(tuple(project.config()["ratioBps"]))
        holders = investors[: len(plan.stakes)]
        model.add_model(combo, plan.quotes, {str(h): plan.stakes[i] for i, h in enumerate(holders)})
        # the surplus by the project model's rule, from the plan's funding and cost (which the
        # chain's view must show)
        funded, cost = sum(plan.stakes), sum(plan.quotes)
        view = project.combination(combo)
        assert (view["funded"], view["cost"]) == (funded, cost)
        surplus = ProjectModel.surplus(Combination(combo, (), cost, 0, funded=funded))
        # the close, claimable from then: base revenue and the surplus, in one accrual
        model.deposit_base(combo, plan.price, plan.orders, surplus)
        sharing = Sharing(
            project=project,
            combo=combo,
            money=money,
            model=model,
            shares=platform.shares,
            makers=list(makers[: len(plan.quotes)]),
            creator=creator,
            treasury=treasury,
            investors=holders,
            payer=licensee,
            plan=plan,
            close_tx=close_tx,
        )
        if plan.makers_claim_escrow and plan.close:
            for dimension in range(len(plan.quotes)):
                sharing.claim_maker(dimension)
        return sharing

    return build
