# SPDX-License-Identifier: MIT
"""The payment asset of a services deployment: ETH must come as the exact value, a token call
takes no ETH, and a token that delivers less than it was asked to move (fee on transfer) is
refused, in each contract that takes money."""

import pytest
from brownie import Activities, Bookings, DeviceMandates, FeeOnTransferToken
from services_support import DAY, E, listing_terms, mandate_terms, now, rejects

from cobuild.chain.money import Money


def _deploy(asset, deployer):
    activities = Activities.deploy(asset, {"from": deployer})
    return (
        activities,
        Bookings.deploy(asset, activities, {"from": deployer}),
        DeviceMandates.deploy(asset, {"from": deployer}),
    )


@pytest.fixture(scope="module")
def fee_token(deployer):
    return FeeOnTransferToken.deploy(100, {"from": deployer})  # 1 % fee


def _calls(activities, bookings, mandates, provider, deployer, fridge):
    start = now() + DAY
    bookings.createListing(b"ride", listing_terms(), {"from": provider})
    bookings.offerSlots(1, [start], {"from": provider})
    activities.openActivity((start, DAY, 5, 2, E, True, "x"), [], {"from": deployer})
    return {
        "book": lambda p: bookings.book(1, start, 0, 0, E, p),
        "join": lambda p: activities.join(1, p),
        "createMandate": lambda p: mandates.createMandate(mandate_terms(fridge), [], E, p),
    }


@pytest.mark.parametrize("what", ["book", "join", "createMandate"])
def test_fee_on_transfer_is_refused(fee_token, deployer, provider, fridge, customer, what):
    contracts = _deploy(fee_token, deployer)
    call = _calls(*contracts, provider, deployer, fridge)[what]
    payee = {"book": contracts[1], "join": contracts[0], "createMandate": contracts[2]}[what]
    params = Money(fee_token).pay(customer, payee, E)
    with rejects("TokenFeeOnTransfer", E, E - E // 100):
        call(params)


@pytest.mark.parametrize("what", ["book", "join", "createMandate"])
def test_eth_must_be_the_exact_value(deployer, provider, fridge, customer, what):
    contracts = _deploy("0x" + "0" * 40, deployer)
    call = _calls(*contracts, provider, deployer, fridge)[what]
    with rejects("WrongPaymentValue", E, E + 1):
        call({"from": customer, "value": E + 1})


def test_a_token_deployment_takes_no_eth(deployer, provider, fridge, customer):
    token = FeeOnTransferToken.deploy(0, {"from": deployer})
    contracts = _deploy(token, deployer)
    calls = _calls(*contracts, provider, deployer, fridge)
    params = Money(token).pay(customer, contracts[1], E)
    with rejects("WrongPaymentValue", 0, 1):
        calls["book"](params | {"value": 1})
    with rejects("WrongPaymentValue", 0, 1):
        contracts[2].createMandate(mandate_terms(fridge), [], 0, {"from": customer, "value": 1})
    assert contracts[1].token() == token
