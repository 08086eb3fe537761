// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";

/// @title SharingFanout
/// @notice Test-only operator that spreads one holder's shares over many new holders in one
/// transaction (each move is a real `safeTransferFrom`, settled by the project), so a test can
/// create a thousand holders in a few blocks. The holder must `setApprovalForAll` it first.
contract SharingFanout {
    /// @notice Give each of `count` addresses derived from `seed` `amount` shares of `id` from `from`.
    function spread(address shares, address from, uint256 id, uint256 amount, uint256 seed, uint256 count) external {
        for (uint256 i; i < count; ++i) {
            address to = holderAt(seed, i);
            IERC1155(shares).safeTransferFrom(from, to, id, amount, "");
        }
    }

    /// @notice The `i`-th address derived from `seed` (an EOA-like address with no code).
    function holderAt(uint256 seed, uint256 i) public pure returns (address) {
        return address(uint160(uint256(keccak256(abi.encode(seed, i)))));
    }
}
