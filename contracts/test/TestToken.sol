// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title TestToken
/// @notice A plain, well-behaved ERC-20 used as a project's payment token in tests and scenarios.
/// @dev Anyone can mint: it only exists on local chains.
contract TestToken is ERC20 {
    constructor(string memory name_, string memory symbol_) ERC20(name_, symbol_) {}

    /// @notice Mint `amount` tokens to `to`.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
