// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ProjectHarness} from "./ProjectHarness.sol";
import {ProofBase} from "./ProofBase.sol";

/// @notice The ratio split ({ProjectBase-_split}) of every deposit and of one unit of base price.
contract SplitProofs is ProofBase {
    /// @notice The four parts sum to the amount; the creator's, the makers' and the platform's are
    /// their exact ratio rounded down (less than one wei under it); the investors take the rounding:
    /// at least their exact ratio, less than three wei over it. For every ratio the factory accepts
    /// (four parts summing to 10,000 basis points) and every amount below 2^16.
    function check_ratioSplit(uint16 r0, uint16 r1, uint16 r2, uint16 r3, uint16 amount) external {
        uint16[4] memory ratio = [r0, r1, r2, r3];
        _assumeRatio(ratio);
        ProjectHarness project = _open(ratio, 0, 1);
        (uint256 c, uint256 m, uint256 i, uint256 p) = project.hSplit(amount);
        uint256 x = amount;
        // no overflow below: every part is at most the amount (< 2^16), a ratio below 2^16
        unchecked {
            assert(c + m + i + p == x);
            assert(c * BPS <= x * r0 && x * r0 < c * BPS + BPS);
            assert(m * BPS <= x * r1 && x * r1 < m * BPS + BPS);
            assert(p * BPS <= x * r3 && x * r3 < p * BPS + BPS);
            assert(i * BPS >= x * r2 && i * BPS < x * r2 + 3 * BPS);
        }
    }
}
