// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";

/// @title BenchERC1155
/// @notice Benchmark reference: OpenZeppelin's ERC-1155 with an open mint. Used only by `make bench`.
contract BenchERC1155 is ERC1155 {
    constructor() ERC1155("") {}

    /// @notice Mint `amount` of `id` to `to`.
    function mint(address to, uint256 id, uint256 amount) external {
        _mint(to, id, amount, "");
    }
}
