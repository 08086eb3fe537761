// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ProRata
/// @notice The one pro-rata primitive of a project: every part of an amount in proportion to a
/// weight (a role's part by the ratio, a maker's advance, a backer's refund, revenue per share) is
/// `mulDivDown`, so all of them round the same way, down, and the rule that gives the remainder to
/// someone is written once beside each caller (the investors take a split's rounding, the last
/// backer a refund pool's, the accumulators carry theirs into the next deposit).
/// @dev Checked arithmetic, like the expressions it replaces: `x * y` past 2^256 and `d == 0`
/// revert (panic). The callers' bounds keep every product far inside 256 bits (amounts below
/// 2^96, basis points below 2^14, revenue per share below 2^158).
library ProRata {
    /// @notice floor(x * y / d).
    function mulDivDown(uint256 x, uint256 y, uint256 d) internal pure returns (uint256) {
        return x * y / d;
    }
}
