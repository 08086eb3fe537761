// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title BenchPushComm
/// @notice Benchmark anchor only (`make bench`): the core of Push Protocol's EPNSCommV1 —
/// `subscribe` (the subscription flags, the user's channel list and counters) and
/// `sendNotification` (a sender check against the channel and its delegates, then the event).
contract BenchPushComm {
    struct User {
        bool isActivated;
        uint256 subscribedCount;
        mapping(address channel => uint8) isSubscribed;
        mapping(address channel => uint256) subscribed;
        mapping(uint256 index => address) mapAddressSubscribed;
    }

    event Subscribe(address indexed channel, address indexed user);
    event SendNotification(address indexed channel, address indexed recipient, bytes identity);

    error AlreadySubscribed(address channel, address user);
    error NotAllowedToSend(address channel, address sender);

    mapping(address user => User) private _users;
    mapping(address channel => mapping(address sender => bool)) private _delegated;
    uint256 private _usersCount;

    function subscribe(address channel) external {
        User storage u = _users[msg.sender];
        if (u.isSubscribed[channel] == 1) revert AlreadySubscribed(channel, msg.sender);
        if (!u.isActivated) {
            u.isActivated = true;
            _usersCount += 1;
        }
        u.isSubscribed[channel] = 1;
        u.subscribed[channel] = u.subscribedCount;
        u.mapAddressSubscribed[u.subscribedCount] = channel;
        u.subscribedCount += 1;
        emit Subscribe(channel, msg.sender);
    }

    function sendNotification(address channel, address recipient, bytes calldata identity) external {
        if (channel != msg.sender && !_delegated[channel][msg.sender]) revert NotAllowedToSend(channel, msg.sender);
        emit SendNotification(channel, recipient, identity);
    }
}
