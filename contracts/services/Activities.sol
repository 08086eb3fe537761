// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IActivities} from "../../interfaces/services/IActivities.sol";
import {ServicesEscrow} from "./ServicesEscrow.sol";

/// @title Activities
/// @notice Activities with joins, deposits, peer-confirmed attendance and pull refunds; see
/// {IActivities}. Bookings link to an activity through {Bookings}, which reads {cancelledAt}.
contract Activities is IActivities, ServicesEscrow {
    // Member flags.
    uint8 private constant INVITED = 1;
    uint8 private constant JOINED = 2;
    uint8 private constant ATTENDED = 4;
    uint8 private constant SETTLED = 8;

    struct Member {
        uint8 flags;
        uint32 votes;
    }

    uint256 private _count;
    mapping(uint256 id => ActivityView) private _activities; // stored as the view returns it
    mapping(uint256 id => mapping(address who => Member)) private _members;
    mapping(uint256 id => mapping(address by => mapping(address who => bool))) private _attested;

    /// @param asset the payment asset of deposits: zero for ETH, else an ERC-20
    constructor(address asset) ServicesEscrow(asset) {}

    /// @inheritdoc IActivities
    function openActivity(ActivityTerms calldata terms, address[] calldata invitees) external returns (uint256 id) {
        if (
            terms.startsAt <= block.timestamp || terms.capacity == 0 || terms.attestationPeriod == 0
                || terms.quorum == 0 || terms.quorum >= terms.capacity
        ) revert BadActivityTerms();
        id = ++_count;
        _activities[id] = ActivityView({
            organizer: msg.sender,
            startsAt: terms.startsAt,
            attestationPeriod: terms.attestationPeriod,
            capacity: terms.capacity,
            quorum: terms.quorum,
            participants: 0,
            attended: 0,
            attendeesSettled: 0,
            cancelledAt: 0,
            deposit: terms.deposit,
            open: terms.open
        });
        emit ActivityOpened(
            id, msg.sender, terms.startsAt, terms.capacity, terms.quorum, terms.deposit, terms.open, terms.place
        );
        _invite(id, invitees);
    }

    /// @inheritdoc IActivities
    function invite(uint256 id, address[] calldata invitees) external {
        ActivityView storage a = _beforeStart(id);
        if (msg.sender != a.organizer) revert NotOrganizer(id, msg.sender);
        _invite(id, invitees);
    }

    /// @inheritdoc IActivities
    function join(uint256 id) external payable nonReentrant {
        ActivityView storage a = _beforeStart(id);
        Member storage m = _members[id][msg.sender];
        uint8 flags = m.flags;
        if (flags & JOINED != 0) revert AlreadyJoined(id, msg.sender);
        if (!a.open && flags & INVITED == 0) revert NotInvited(id, msg.sender);
        if (a.participants >= a.capacity) revert ActivityFull(id, a.capacity);
        m.flags = flags | JOINED;
        ++a.participants;
        emit Joined(id, msg.sender);
        _collectOptional(a.deposit);
    }

    /// @inheritdoc IActivities
    function leave(uint256 id) external {
        ActivityView storage a = _beforeStart(id);
        Member storage m = _members[id][msg.sender];
        if (m.flags & JOINED == 0) revert NotParticipant(id, msg.sender);
        m.flags &= ~JOINED;
        --a.participants;
        emit Left(id, msg.sender);
        _credit(msg.sender, a.deposit);
    }

    /// @inheritdoc IActivities
    function cancel(uint256 id) external {
        ActivityView storage a = _beforeStart(id);
        if (msg.sender != a.organizer) revert NotOrganizer(id, msg.sender);
        a.cancelledAt = uint64(block.timestamp);
        emit ActivityCancelled(id);
    }

    /// @inheritdoc IActivities
    function confirmAttendance(uint256 id, address who) external {
        ActivityView storage a = _existing(id);
        if (a.cancelledAt != 0) revert ActivityIsCancelled(id);
        if (block.timestamp < a.startsAt) revert ActivityNotStarted(id, a.startsAt);
        uint256 closesAt = uint256(a.startsAt) + a.attestationPeriod;
        if (block.timestamp >= closesAt) revert AttestationClosed(id, closesAt);
        if (_members[id][msg.sender].flags & JOINED == 0) revert NotParticipant(id, msg.sender);
        Member storage m = _members[id][who];
        if (m.flags & JOINED == 0) revert NotParticipant(id, who);
        if (who == msg.sender) revert SelfAttestation(id, who);
        if (_attested[id][msg.sender][who]) revert AlreadyAttested(id, msg.sender, who);
        _attested[id][msg.sender][who] = true;
        uint32 votes = ++m.votes;
        emit AttendanceConfirmed(id, msg.sender, who, votes);
        if (votes == a.quorum) {
            m.flags |= ATTENDED;
            ++a.attended;
        }
    }

    /// @inheritdoc IActivities
    function settleDeposit(uint256 id) external returns (uint256 amount) {
        ActivityView storage a = _existing(id);
        Member storage m = _members[id][msg.sender];
        uint8 flags = m.flags;
        if (flags & JOINED == 0) revert NotParticipant(id, msg.sender);
        if (flags & SETTLED != 0) revert DepositAlreadySettled(id, msg.sender);
        uint256 deposit = a.deposit;
        if (a.cancelledAt == 0) {
            uint256 closesAt = uint256(a.startsAt) + a.attestationPeriod;
            if (block.timestamp < closesAt) revert AttestationOpen(id, closesAt);
            uint256 attended = a.attended;
            if (attended != 0) {
                if (flags & ATTENDED == 0) revert NotAnAttendee(id, msg.sender);
                // the no-shows' deposits, in equal shares; the last attendee to settle takes the dust
                uint256 pool = deposit * (a.participants - attended);
                // slither-disable-next-line divide-before-multiply (the remainder is the dust, on purpose)
                uint256 share = pool / attended;
                uint32 settled = ++a.attendeesSettled;
                if (settled == attended) share = pool - share * (attended - 1);
                deposit += share;
            }
        }
        m.flags = flags | SETTLED;
        amount = deposit;
        emit DepositSettled(id, msg.sender, amount);
        _credit(msg.sender, amount);
    }

    /// @inheritdoc IActivities
    function activity(uint256 id) external view returns (ActivityView memory) {
        return _existing(id);
    }

    /// @inheritdoc IActivities
    function isParticipant(uint256 id, address who) external view returns (bool) {
        return _members[id][who].flags & JOINED != 0;
    }

    /// @inheritdoc IActivities
    function isInvited(uint256 id, address who) external view returns (bool) {
        return _members[id][who].flags & INVITED != 0;
    }

    /// @inheritdoc IActivities
    function attendanceVotes(uint256 id, address who) external view returns (uint32) {
        return _members[id][who].votes;
    }

    /// @inheritdoc IActivities
    function cancelledAt(uint256 id) external view returns (uint64) {
        return _existing(id).cancelledAt;
    }

    /// @inheritdoc IActivities
    function organizerOf(uint256 id) external view returns (address) {
        return _activities[id].organizer;
    }

    function _invite(uint256 id, address[] calldata invitees) private {
        for (uint256 i; i < invitees.length; ++i) {
            _members[id][invitees[i]].flags |= INVITED;
            emit Invited(id, invitees[i]);
        }
    }

    function _existing(uint256 id) private view returns (ActivityView storage a) {
        a = _activities[id];
        if (a.organizer == address(0)) revert ActivityNotFound(id);
    }

    function _beforeStart(uint256 id) private view returns (ActivityView storage a) {
        a = _existing(id);
        if (a.cancelledAt != 0) revert ActivityIsCancelled(id);
        if (block.timestamp >= a.startsAt) revert ActivityStarted(id, a.startsAt);
    }
}
