// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title ProductionFeeToken
/// @notice Test-only ERC-20 that, once its fee is switched on, burns 1 % of every transfer between
/// two accounts (a fee-on-transfer token, which projects refuse). Anyone can mint and switch.
contract ProductionFeeToken is ERC20 {
    /// @notice Whether transfers pay the fee.
    bool public feeOn;

    constructor() ERC20("Production Fee Token", "PFT") {}

    /// @notice Mint `amount` tokens to `to`.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Switch the transfer fee on or off.
    function setFee(bool on) external {
        feeOn = on;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (feeOn && from != address(0) && to != address(0)) {
            uint256 fee = value / 100;
            super._update(from, address(0), fee);
            value -= fee;
        }
        super._update(from, to, value);
    }
}
