# SPDX-License-Identifier: MIT
"""Listings: terms are checked at creation, only the provider manages a listing, slots are offered
in the future and hold up to their capacity, and a booking states the price it accepts (a provider
raising the price in front of a customer's booking makes it revert, not overcharge)."""

import pytest
from services_support import DAY, ZERO, E, book, listing_terms, new_listing, now, rejects


@pytest.mark.parametrize(
    "terms,error",
    [
        ({"price": 0}, "BadListingTerms"),
        ({"slot_length": 0}, "BadListingTerms"),
        ({"capacity": 0}, "BadListingTerms"),
        ({"fee_bps": 10_001}, "BadListingTerms"),
        ({"quorum": 1}, "InvalidArbiters"),  # a quorum without arbiters
        ({"quorum": 0, "arbiters": ("A", "B")}, "InvalidArbiters"),
        ({"quorum": 1, "arbiters": ("A", "B")}, "InvalidArbiters"),  # not a majority
        ({"quorum": 3, "arbiters": ("A", "B")}, "InvalidArbiters"),
        ({"quorum": 1, "arbiters": ("A",), "arbitration": 0}, "BadListingTerms"),
        ({"quorum": 2, "arbiters": ("A", "A")}, "BadListingTerms"),
        ({"quorum": 1, "arbiters": (ZERO,)}, "BadListingTerms"),
        ({"quorum": 1, "arbiters": ("P",)}, "BadListingTerms"),
        ({"quorum": 9, "arbiters": tuple(f"0x{i:040x}" for i in range(1, 18))}, "InvalidArbiters"),
    ],
)
def test_bad_terms_are_refused(svc, provider, inspectors, terms, error):
    terms = dict(terms)  # the parameter is shared by the ETH and the ERC-20 run
    names = {"A": inspectors[0], "B": inspectors[1], "P": provider}
    if "arbiters" in terms:
        terms["arbiters"] = tuple(names.get(a, a) for a in terms["arbiters"])
    with rejects(error):
        svc.bookings.createListing(b"ride", listing_terms(**terms), {"from": provider})


def test_only_the_provider_manages_its_listing(svc, provider, stranger):
    start = now() + DAY
    listing_id = new_listing(svc, provider, [start])
    with rejects("NotProvider", listing_id, stranger):
        svc.bookings.setPrice(listing_id, 1, {"from": stranger})
    with rejects("NotProvider", listing_id, stranger):
        svc.bookings.offerSlots(listing_id, [start + DAY], {"from": stranger})
    with rejects("NotProvider", listing_id, stranger):
        svc.bookings.closeListing(listing_id, {"from": stranger})
    with rejects("BadListingTerms"):
        svc.bookings.setPrice(listing_id, 0, {"from": provider})
    with rejects("ListingNotFound", 9):
        svc.bookings.setPrice(9, 1, {"from": provider})
    with rejects("ListingNotFound", 9):
        svc.bookings.listing(9)


def test_slots_are_offered_in_the_future_and_fill_up(svc, provider, customer, stranger):
    start = now() + DAY
    past = now() - 5
    with rejects("SlotInPast", past):
        new_listing(svc, provider, [start, past])
    listing_id = new_listing(svc, provider, [start], capacity=2)
    svc.bookings.offerSlots(listing_id, [start], {"from": provider})  # again: no change
    book(svc, customer, listing_id, start)
    book(svc, stranger, listing_id, start)
    with rejects("SlotUnavailable", listing_id, start):
        book(svc, customer, listing_id, start)
    with rejects("SlotUnavailable", listing_id, start + 1):
        book(svc, customer, listing_id, start + 1)  # never offered


def test_booking_a_past_slot_or_a_closed_listing(svc, provider, customer):
    start = now() + DAY
    listing_id = new_listing(svc, provider, [start])
    with rejects("SlotInPast", 5):
        book(svc, customer, listing_id, 5)
    svc.bookings.closeListing(listing_id, {"from": provider})
    with rejects("ListingIsClosed", listing_id):
        book(svc, customer, listing_id, start)
    with rejects("ListingIsClosed", listing_id):
        svc.bookings.offerSlots(listing_id, [start + DAY], {"from": provider})
    with rejects("ListingNotFound", 99):
        svc.bookings.book(99, start, 0, 0, E, svc.pay(customer, svc.bookings, E))


def test_a_price_raised_in_front_of_a_booking_does_not_overcharge(svc, provider, customer):
    start = now() + DAY
    listing_id = new_listing(svc, provider, [start])
    svc.bookings.setPrice(listing_id, 2 * E, {"from": provider})  # the front-run
    params = svc.pay(customer, svc.bookings, 2 * E)
    with rejects("PriceChanged", E, 2 * E):
        svc.bookings.book(listing_id, start, 0, 0, E, params)
    # a booking keeps its price when the listing's changes later
    booking_id = svc.bookings.book(listing_id, start, 0, 0, 2 * E, params).return_value
    svc.bookings.setPrice(listing_id, 3 * E, {"from": provider})
    assert svc.bookings.booking(booking_id)["price"] == 2 * E
