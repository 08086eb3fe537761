// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice What the services and consent handlers share: draws from the fuzzer's seeds, a skip for
/// an action with nothing to act on, and a call's revert passed on as it came.
abstract contract Draws {
    /// @notice The action had nothing to act on (counted by forge as a revert of that function).
    error Skip(string why);

    function _need(bool condition, string memory why) internal pure {
        if (!condition) revert Skip(why);
    }

    /// @dev Reverts with `ret`, the revert data of a call, so forge counts the callee's refusal.
    function _bubble(bytes memory ret) internal pure {
        assembly ("memory-safe") {
            revert(add(ret, 32), mload(ret))
        }
    }

    /// @dev The fuzzer's seeds are often small or repeated: every seed is hashed first, so each of
    /// its bit ranges is an independent draw (the "one time in eight" choices among them).
    function _mix(uint256 seed, uint256 salt) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode(seed, salt)));
    }

    /// @dev `x` mapped into [lo, hi].
    function _bound(uint256 x, uint256 lo, uint256 hi) internal pure returns (uint256) {
        return lo + (x % (hi - lo + 1));
    }
}
