// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title FeeOnTransferToken
/// @notice Test-only ERC-20 that burns a fee on every transfer (the recipient gets less than the
/// amount sent), like several deflationary tokens. A project must reject it (`TokenFeeOnTransfer`).
/// @dev Anyone can mint and change the fee (so a test can open a combination fee-free, then turn the
/// fee on). Minting and burning take no fee.
contract FeeOnTransferToken is ERC20 {
    /// @notice The fee in basis points of each transfer.
    uint256 public feeBps;

    constructor(uint256 feeBps_) ERC20("Fee On Transfer", "FOT") {
        feeBps = feeBps_;
    }

    /// @notice Mint `amount` tokens to `to`.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Set the fee (basis points, at most 10000).
    function setFee(uint256 feeBps_) external {
        feeBps = feeBps_;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) {
            super._update(from, to, value);
            return;
        }
        uint256 fee = value * feeBps / 10_000;
        super._update(from, address(0), fee);
        super._update(from, to, value - fee);
    }
}
