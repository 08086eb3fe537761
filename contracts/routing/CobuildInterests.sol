// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICobuildInterests} from "../../interfaces/routing/ICobuildInterests.sol";
import {Tags} from "./Tags.sol";

/// @title CobuildInterests
/// @notice Anyone's declared interest tags (see {ICobuildInterests}). No owner, no admin.
contract CobuildInterests is ICobuildInterests {
    mapping(address account => mapping(bytes32 key => bool)) private _interested;

    /// @inheritdoc ICobuildInterests
    function declareInterest(string calldata tag) external returns (bytes32 key) {
        key = Tags.key(tag);
        if (_interested[msg.sender][key]) revert AlreadyInterested(msg.sender, tag);
        _interested[msg.sender][key] = true;
        emit InterestDeclared(msg.sender, key, tag);
    }

    /// @inheritdoc ICobuildInterests
    function withdrawInterest(string calldata tag) external {
        bytes32 key = Tags.key(tag);
        if (!_interested[msg.sender][key]) revert NotInterested(msg.sender, tag);
        delete _interested[msg.sender][key];
        emit InterestWithdrawn(msg.sender, key, tag);
    }

    /// @inheritdoc ICobuildInterests
    function isInterested(address account, string calldata tag) external view returns (bool) {
        return _interested[account][Tags.key(tag)];
    }

    /// @inheritdoc ICobuildInterests
    function tagKey(string calldata tag) external pure returns (bytes32) {
        return Tags.key(tag);
    }
}
