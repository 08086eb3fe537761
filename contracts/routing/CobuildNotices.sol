// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICobuildNotices} from "../../interfaces/routing/ICobuildNotices.sol";
import {Tags} from "./Tags.sol";

/// @title CobuildNotices
/// @notice Follows and notices (see {ICobuildNotices}). No owner, no admin: the sender of a notice
/// is always `msg.sender`, and only a follower changes what it follows.
contract CobuildNotices is ICobuildNotices {
    /// @inheritdoc ICobuildNotices
    uint256 public constant MAX_TEXT = 1024;

    mapping(address follower => mapping(address sender => bool)) private _following;

    /// @inheritdoc ICobuildNotices
    function follow(address sender) external {
        if (sender == address(0) || sender == msg.sender) revert InvalidSender(sender);
        if (_following[msg.sender][sender]) revert AlreadyFollowing(msg.sender, sender);
        _following[msg.sender][sender] = true;
        emit Followed(msg.sender, sender);
    }

    /// @inheritdoc ICobuildNotices
    function unfollow(address sender) external {
        if (!_following[msg.sender][sender]) revert NotFollowing(msg.sender, sender);
        delete _following[msg.sender][sender];
        emit Unfollowed(msg.sender, sender);
    }

    /// @inheritdoc ICobuildNotices
    function post(string calldata text, string calldata uri) external {
        _checkLength(text, uri);
        emit Posted(msg.sender, bytes32(0), "", text, uri);
    }

    /// @inheritdoc ICobuildNotices
    function postToTag(string calldata tag, string calldata text, string calldata uri) external {
        bytes32 key = Tags.key(tag);
        _checkLength(text, uri);
        emit Posted(msg.sender, key, tag, text, uri);
    }

    /// @inheritdoc ICobuildNotices
    function invite(address invitee, string calldata text, string calldata uri) external {
        if (invitee == address(0) || invitee == msg.sender) revert InvalidInvitee(invitee);
        _checkLength(text, uri);
        emit Invited(msg.sender, invitee, text, uri);
    }

    /// @inheritdoc ICobuildNotices
    function isFollowing(address follower, address sender) external view returns (bool) {
        return _following[follower][sender];
    }

    function _checkLength(string calldata text, string calldata uri) private pure {
        uint256 t = bytes(text).length;
        uint256 u = bytes(uri).length;
        if (t == 0 || t > MAX_TEXT || u > MAX_TEXT) revert InvalidNoticeLength(t, u);
    }
}
