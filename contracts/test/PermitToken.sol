// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title PermitToken
/// @notice Test-only ERC-20 with EIP-2612 permits (like USDC or DAI's newer tokens): anyone may mint.
contract PermitToken is ERC20, ERC20Permit {
    constructor(string memory name_, string memory symbol_) ERC20(name_, symbol_) ERC20Permit(name_) {}

    /// @notice Mint `amount` to `to` (tests only).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
