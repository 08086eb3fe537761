// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title FalseReturningToken
/// @notice Test-only ERC-20 that, while `failing` is on, answers `transfer` and `transferFrom` with
/// `false` instead of reverting, and moves nothing (the pre-revert ERC-20 style). A caller that does
/// not check the return value would book money that never arrived (or never left).
/// @dev Anyone can mint and switch the failure. Off, it behaves like a plain ERC-20.
contract FalseReturningToken is ERC20 {
    /// @notice When true, transfers return false and move nothing.
    bool public failing;

    constructor() ERC20("False Returning", "FRT") {}

    /// @notice Mint `amount` tokens to `to`.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Turn the failure on or off.
    function setFailing(bool on) external {
        failing = on;
    }

    /// @inheritdoc ERC20
    function transfer(address to, uint256 value) public override returns (bool) {
        if (failing) return false;
        return super.transfer(to, value);
    }

    /// @inheritdoc ERC20
    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        if (failing) return false;
        return super.transferFrom(from, to, value);
    }
}
