// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TestToken} from "./TestToken.sol";

/// @title DecimalsToken
/// @notice A {TestToken} with a chosen number of decimals, e.g. 6 like USDC: scenarios and tests
/// use it to show that every amount is counted in the token's base unit, not in 18-decimal wei.
/// @dev Anyone can mint: it only exists on local chains.
contract DecimalsToken is TestToken {
    uint8 private immutable _decimals;

    constructor(string memory name_, string memory symbol_, uint8 decimals_) TestToken(name_, symbol_) {
        _decimals = decimals_;
    }

    /// @notice The number of decimals of one whole token.
    function decimals() public view override returns (uint8) {
        return _decimals;
    }
}
