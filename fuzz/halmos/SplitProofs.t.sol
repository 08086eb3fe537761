// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ProjectHarness} from "./ProjectHarness.sol";
import {ProofBase} from "./ProofBase.sol";

/// @notice The ratio split ({ProjectBase-_split}) of every deposit and of one unit of base price.
contract SplitProofs is ProofBase {
    /// @notice The four parts sum to the amount, none above it; the creator's, the makers' and the
    /// platform's are their exact ratio rounded down (less than one wei under it). For every ratio
    /// the factory accepts (four parts summing to 10,000 basis points) and every amount below 2^16.
    /// The investors' part, the rest, is then at least their exact ratio and less than three wei
    /// over it: with e_k = x * r_k - part_k * 10,000 in [0, 10,000) for the three parts above,
    /// i * 10,000 - x * r2 = e0 + e1 + e3 (the sum and r0 + r1 + r2 + r3 = 10,000). That step is
    /// algebra on the facts proved here, not asserted: no solver decided it at 256 bits within
    /// 10 minutes (docs/security.md, "What is proved symbolically").
    function check_ratioSplit(uint16 r0, uint16 r1, uint16 r2, uint16 r3, uint16 amount) external {
        uint16[4] memory ratio = [r0, r1, r2, r3];
        _assumeRatio(ratio);
        ProjectHarness project = _open(ratio, 0, 1);
        (uint256 c, uint256 m, uint256 i, uint256 p) = project.hSplit(amount);
        uint256 x = amount;
        // each part at most the amount: the products below stay under 2^30, so the bounds that
        // follow hold on the integers, not only modulo 2^256
        assert(c <= x && m <= x && p <= x && i <= x);
        unchecked {
            assert(c + m + i + p == x);
            assert(c * BPS <= x * r0 && x * r0 < c * BPS + BPS);
            assert(m * BPS <= x * r1 && x * r1 < m * BPS + BPS);
            assert(p * BPS <= x * r3 && x * r3 < p * BPS + BPS);
        }
    }
}
