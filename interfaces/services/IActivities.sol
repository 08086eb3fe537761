// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IServicesEscrow} from "./IServicesEscrow.sol";

/// @title IActivities
/// @notice Activities a person organizes (a fishing trip, a dinner): a start time, a place label,
/// invitees or open to all, a capacity and an optional deposit. People join (paying the deposit)
/// and leave before the start. The organizer may cancel before the start; then every deposit, and
/// every booking linked to the activity whose slot has not started (see {IBookings}), is refundable
/// by pull, one claim each.
/// After the start, participants confirm one another's attendance; a participant confirmed by
/// `quorum` others attended. When the attestation period is over, each attendee claims its deposit
/// plus an equal share of the no-shows' deposits (the last attendee to claim takes the rounding
/// dust); a no-show's deposit is forfeited to them. If nobody reached the quorum, every deposit is
/// returned. The organizer has no power over attendance beyond its own single confirmation.
interface IActivities is IServicesEscrow {
    /// @notice An activity's terms, fixed at opening.
    /// @param startsAt when it starts (joins and leaves close, attestation opens)
    /// @param attestationPeriod how long after the start attendance may be confirmed
    /// @param capacity the most participants at once
    /// @param quorum how many other participants must confirm someone's attendance
    /// @param deposit what each participant pays on joining (0: none)
    /// @param open whether anyone may join (else only invitees)
    /// @param place a short place label, emitted only
    struct ActivityTerms {
        uint64 startsAt;
        uint32 attestationPeriod;
        uint32 capacity;
        uint32 quorum;
        uint128 deposit;
        bool open;
        string place;
    }

    /// @notice An activity's state.
    struct ActivityView {
        address organizer;
        uint64 startsAt;
        uint32 attestationPeriod;
        uint32 capacity;
        uint32 quorum;
        uint32 participants;
        uint32 attended;
        uint32 attendeesSettled;
        uint64 cancelledAt;
        uint128 deposit;
        bool open;
    }

    /// @notice Activity `id` was opened by `organizer`.
    event ActivityOpened(
        uint256 indexed id,
        address indexed organizer,
        uint64 startsAt,
        uint32 capacity,
        uint32 quorum,
        uint128 deposit,
        bool open,
        string place
    );
    /// @notice `who` was invited to activity `id`.
    event Invited(uint256 indexed id, address indexed who);
    /// @notice `who` joined activity `id`.
    event Joined(uint256 indexed id, address indexed who);
    /// @notice `who` left activity `id` (its deposit credited back).
    event Left(uint256 indexed id, address indexed who);
    /// @notice Activity `id` was cancelled by its organizer.
    event ActivityCancelled(uint256 indexed id);
    /// @notice `by` confirmed that `who` attended activity `id`; `votes` confirmations so far.
    event AttendanceConfirmed(uint256 indexed id, address indexed by, address indexed who, uint32 votes);
    /// @notice `who`'s deposit settlement for activity `id`: `amount` credited.
    event DepositSettled(uint256 indexed id, address indexed who, uint256 amount);

    /// @notice No activity has this id.
    error ActivityNotFound(uint256 id);
    /// @notice Only the activity's organizer may do this.
    error NotOrganizer(uint256 id, address caller);
    /// @notice The activity was cancelled.
    error ActivityIsCancelled(uint256 id);
    /// @notice The activity has started: joins, leaves, invitations and cancelling are closed.
    error ActivityStarted(uint256 id, uint64 startsAt);
    /// @notice The activity has not started: attendance cannot be confirmed yet.
    error ActivityNotStarted(uint256 id, uint64 startsAt);
    /// @notice The activity is invitation-only and `who` was not invited.
    error NotInvited(uint256 id, address who);
    /// @notice `who` already takes part.
    error AlreadyJoined(uint256 id, address who);
    /// @notice `who` does not take part.
    error NotParticipant(uint256 id, address who);
    /// @notice The activity is full.
    error ActivityFull(uint256 id, uint32 capacity);
    /// @notice Terms refused: start in the past, zero capacity, attestation period or quorum, or a
    /// quorum no set of other participants can reach (quorum >= capacity).
    error BadActivityTerms();
    /// @notice Nobody confirms their own attendance.
    error SelfAttestation(uint256 id, address who);
    /// @notice `by` already confirmed `who`.
    error AlreadyAttested(uint256 id, address by, address who);
    /// @notice The attestation period is over.
    error AttestationClosed(uint256 id, uint256 closedAt);
    /// @notice Deposits settle only after the attestation period.
    error AttestationOpen(uint256 id, uint256 closesAt);
    /// @notice `who` already settled its deposit.
    error DepositAlreadySettled(uint256 id, address who);
    /// @notice `who` did not reach the attendance quorum while others did: its deposit is forfeited.
    error NotAnAttendee(uint256 id, address who);

    /// @notice Open an activity; `invitees` are invited at once (the organizer pays for its list).
    /// @return id the new activity's id (1-based)
    function openActivity(ActivityTerms calldata terms, address[] calldata invitees) external returns (uint256 id);

    /// @notice Invite more people. Organizer only, before the start, not cancelled.
    function invite(uint256 id, address[] calldata invitees) external;

    /// @notice Join, paying the deposit (ETH as value, or the token pulled). Before the start; open
    /// activities take anyone, others their invitees; up to the capacity.
    function join(uint256 id) external payable;

    /// @notice Leave before the start; your deposit is credited back.
    function leave(uint256 id) external;

    /// @notice Cancel before the start. Organizer only. Every deposit, and every linked booking whose
    /// slot has not started, becomes refundable by pull.
    function cancel(uint256 id) external;

    /// @notice Confirm that participant `who` attended. Participants only (not `who`), once per
    /// pair, between the start and the end of the attestation period.
    function confirmAttendance(uint256 id, address who) external;

    /// @notice Settle your deposit: after a cancellation, at once (your deposit back); else after the
    /// attestation period (attendee: deposit plus a share of the no-shows'; all back if nobody
    /// attended). Once per participant.
    /// @return amount the amount credited
    function settleDeposit(uint256 id) external returns (uint256 amount);

    /// @notice An activity's state.
    function activity(uint256 id) external view returns (ActivityView memory);

    /// @notice Whether `who` takes part in activity `id` now.
    function isParticipant(uint256 id, address who) external view returns (bool);

    /// @notice Whether `who` is invited to activity `id`.
    function isInvited(uint256 id, address who) external view returns (bool);

    /// @notice How many participants confirmed `who`'s attendance.
    function attendanceVotes(uint256 id, address who) external view returns (uint32);

    /// @notice When activity `id` was cancelled (0: not cancelled). Reverts for an unknown id.
    function cancelledAt(uint256 id) external view returns (uint64);

    /// @notice The organizer of activity `id` (the zero address for an unknown id).
    function organizerOf(uint256 id) external view returns (address);
}
