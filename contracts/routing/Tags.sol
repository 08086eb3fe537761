// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Tags
/// @notice The normal form of an interest tag: 1 to 32 bytes of `a-z`, `0-9` and hyphens, with no
/// hyphen first, last or twice in a row. A tag has one spelling, so keys match exactly.
library Tags {
    /// @notice `tag` is not in normal form; `position` is the first offending byte (its length
    /// when the length is wrong or it ends with a hyphen).
    error InvalidTag(string tag, uint256 position);

    uint256 internal constant MAX_LENGTH = 32;

    /// @dev keccak256 of a tag in normal form; reverts `InvalidTag` otherwise.
    function key(string calldata tag) internal pure returns (bytes32) {
        bytes calldata b = bytes(tag);
        uint256 n = b.length;
        if (n == 0 || n > MAX_LENGTH) revert InvalidTag(tag, n);
        bool hyphen = true; // a hyphen may not come first
        for (uint256 i; i < n; ++i) {
            bytes1 c = b[i];
            if (c == "-") {
                if (hyphen) revert InvalidTag(tag, i);
                hyphen = true;
            } else if ((c >= "a" && c <= "z") || (c >= "0" && c <= "9")) {
                hyphen = false;
            } else {
                revert InvalidTag(tag, i);
            }
        }
        if (hyphen) revert InvalidTag(tag, n);
        return keccak256(b);
    }
}
