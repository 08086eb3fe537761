// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IBookings} from "../../../interfaces/services/IBookings.sol";
import {IActivities} from "../../../interfaces/services/IActivities.sol";
import {BookingsHandler} from "./BookingsHandler.sol";
import {FuzzSelector} from "../../utils/Targets.sol";
import {InvariantSuite} from "./ServicesHandlerBase.sol";

/// @notice The invariants of {Activities} and {Bookings} (each an escrow of its own) under
/// {BookingsHandler}'s random actors; run with ETH and with an ERC-20 (the concrete suites below).
abstract contract BookingsInvariants is InvariantSuite {
    BookingsHandler internal handler;

    function _withToken() internal pure virtual returns (bool);

    function setUp() public {
        handler = new BookingsHandler(_withToken());
        _useHandler(address(handler));
    }

    function targetSelectors() public view returns (FuzzSelector[] memory) {
        bytes4[] memory s = new bytes4[](30);
        s[0] = handler.withdraw.selector;
        s[1] = handler.warp.selector;
        s[2] = handler.toggleHostile.selector;
        s[3] = handler.openActivity.selector;
        s[4] = handler.inviteOrCancel.selector;
        s[5] = handler.join.selector;
        s[6] = handler.leave.selector;
        s[7] = handler.confirmAttendance.selector;
        s[8] = handler.settleDeposit.selector;
        s[9] = handler.createListing.selector;
        s[10] = handler.setPriceOrClose.selector;
        s[11] = handler.offerSlot.selector;
        s[12] = handler.book.selector;
        s[13] = handler.confirm.selector;
        s[14] = handler.checkIn.selector;
        s[15] = handler.release.selector;
        s[16] = handler.dispute.selector;
        s[17] = handler.rule.selector;
        s[18] = handler.settleStalled.selector;
        s[19] = handler.cancelByProvider.selector;
        s[20] = handler.cancelByCustomer.selector;
        s[21] = handler.claimNoShow.selector;
        s[22] = handler.refundCancelledActivity.selector;
        // the actions that make something to act on, three times as likely
        s[23] = handler.book.selector;
        s[24] = handler.book.selector;
        s[25] = handler.join.selector;
        s[26] = handler.join.selector;
        s[27] = handler.offerSlot.selector;
        s[28] = handler.offerSlot.selector;
        s[29] = handler.inviteOrCancel.selector; // twice as likely: cancellations meet linked bookings
        return _selectors(s);
    }

    /// @notice Each escrow's balance covers every credit and everything it holds (open bookings,
    /// deposits not settled).
    function invariant_escrowIsSolvent() public view {
        _solvent(handler.held);
    }

    /// @notice Money in = money withdrawn + balance, and the balance is exactly the credits plus what
    /// is held: nothing unaccounted, nothing locked.
    function invariant_escrowConservesMoney() public view {
        _conserved(handler.held);
    }

    /// @notice A withdrawal pays exactly the caller's credit and zeroes it; an honest one never fails.
    function invariant_withdrawalPaysTheCreditOnce() public view {
        _noViolation("withdrawal");
    }

    /// @notice Every actor's wallet is its start less what it paid in plus what it withdrew, and its
    /// credit is what the handler's own arithmetic of the rules gave it.
    function invariant_actorNetPositions() public view {
        _positions();
    }

    /// @notice A booking's price is settled once, split exactly as its settlement's rule says.
    function invariant_bookingPaidOrRefundedExactlyOnce() public view {
        _noViolation("booking once");
        for (uint256 id = 1; id <= handler.bookingCount(); ++id) {
            uint256 times = handler.settlements(id);
            bool settled = handler.bookings().booking(id).status == IBookings.BookingStatus.Settled;
            if (times > 1 || settled != (times == 1)) revert Broken("a booking's settlements are not its status");
        }
    }

    /// @notice A deposit is paid back or shared once: an activity never pays out more than came in,
    /// and once everybody who can settle did, exactly what came in.
    function invariant_depositPaidOrRefundedExactlyOnce() public view {
        _noViolation("deposits");
        IActivities acts = handler.activities();
        for (uint256 id = 1; id <= handler.activityCount(); ++id) {
            uint256 paidIn = handler.depositsIn(id);
            uint256 paidOut = handler.depositsOut(id);
            if (paidOut > paidIn) revert Broken("an activity paid out more deposits than it took");
            if (_allSettled(acts, id) && paidOut != paidIn) revert Broken("a settled activity kept or lost deposits");
        }
    }

    /// @notice A linked refund only for a booked, unchecked booking whose activity was cancelled
    /// before its slot, by the terms at that cancellation; such a booking takes no check-in, no-show
    /// claim or dispute.
    function invariant_linkedRefundOnlyUnderTheRules() public view {
        _noViolation("linked refund");
    }

    /// @notice Every booking and activity action that succeeded was the caller's to make, at its time;
    /// the attendance count is the handler's count of quorums reached.
    function invariant_actionsFollowTheRules() public view {
        _noViolation("booking rules");
        _noViolation("attendance");
        IActivities acts = handler.activities();
        for (uint256 id = 1; id <= handler.activityCount(); ++id) {
            if (acts.activity(id).attended != handler.attendedCount(id)) revert Broken("attendance miscounted");
        }
    }

    /// @notice No slot holds more bookings than its capacity, nor an activity more participants; each
    /// count is the handler's.
    function invariant_seatsNeverExceedCapacity() public view {
        IBookings b = handler.bookings();
        for (uint256 i; i < handler.listingCount(); ++i) {
            uint256 listingId = handler.listingIds(i);
            (,, IBookings.ListingTerms memory t) = b.listing(listingId);
            for (uint256 j; j < handler.slotCount(listingId); ++j) {
                uint40 start = handler.slotsOf(listingId, j);
                (, uint32 booked) = b.slot(listingId, start);
                if (booked > t.slotCapacity) revert Broken("a slot over its capacity");
                if (booked != handler.seats(listingId, start)) revert Broken("a slot's seats miscounted");
            }
        }
        IActivities acts = handler.activities();
        for (uint256 id = 1; id <= handler.activityCount(); ++id) {
            IActivities.ActivityView memory a = acts.activity(id);
            uint256 joined;
            for (uint256 k; k < handler.actorCount(); ++k) {
                if (acts.isParticipant(id, handler.actorAt(k))) ++joined;
            }
            if (a.participants > a.capacity) revert Broken("an activity over its capacity");
            if (a.participants != joined) revert Broken("an activity's participants miscounted");
        }
    }

    /// @dev Whether everyone who can settle a deposit of activity `id` has: after a cancellation, or
    /// when nobody attended, every participant; else every attendee.
    function _allSettled(IActivities acts, uint256 id) private view returns (bool) {
        IActivities.ActivityView memory a = acts.activity(id);
        if (a.cancelledAt == 0 && block.timestamp < uint256(a.startsAt) + a.attestationPeriod) return false;
        uint32 attended = handler.attendedCount(id);
        if (a.cancelledAt == 0 && attended != 0) return handler.attendeesSettled(id) == attended;
        for (uint256 k; k < handler.actorCount(); ++k) {
            address who = handler.actorAt(k);
            if (acts.isParticipant(id, who) && handler.depositSettlements(id, who) == 0) return false;
        }
        return true;
    }
}

/// @notice Activities and bookings paid in ETH; actors 4 and 5 may refuse ETH.
contract BookingsEthInvariants is BookingsInvariants {
    function _withToken() internal pure override returns (bool) {
        return false;
    }
}

/// @notice Activities and bookings paid in an ERC-20 whose blocklist plays the hostile receivers.
contract BookingsTokenInvariants is BookingsInvariants {
    function _withToken() internal pure override returns (bool) {
        return true;
    }
}
