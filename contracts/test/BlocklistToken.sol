// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title BlocklistToken
/// @notice Test-only ERC-20 with a blocklist, like the large stablecoins: a transfer to or from a
/// blocked address reverts. The ERC-20 counterpart of a reverting ETH receiver: a payout to a
/// blocked account fails, and must not block anyone else's.
/// @dev Anyone can mint and (un)block: it only exists on local chains.
contract BlocklistToken is ERC20 {
    /// @notice Whether an address is blocked.
    mapping(address account => bool) public blocked;

    /// @notice A transfer touched a blocked address.
    error Blocked(address account);

    constructor() ERC20("Blocklist Dollar", "BLD") {}

    /// @notice Mint `amount` tokens to `to`.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Block or unblock `account`.
    function setBlocked(address account, bool on) external {
        blocked[account] = on;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (blocked[from]) revert Blocked(from);
        if (blocked[to]) revert Blocked(to);
        super._update(from, to, value);
    }
}
