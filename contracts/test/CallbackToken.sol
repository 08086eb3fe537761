// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC165Checker} from "@openzeppelin/contracts/utils/introspection/ERC165Checker.sol";

/// @title ITokenTransferReceiver
/// @notice Hook a contract implements (and declares through ERC-165) to be told by a
/// {CallbackToken} that it received tokens, like ERC-777's `tokensReceived` or ERC-1363's
/// `onTransferReceived`.
interface ITokenTransferReceiver {
    /// @notice `amount` tokens from `from` arrived (balances are already updated). A revert
    /// refuses the transfer.
    function onTokenTransfer(address from, uint256 amount) external;
}

/// @title ITokenTransferSender
/// @notice Hook a contract implements (and declares through ERC-165) to be told by a
/// {CallbackToken} that tokens are about to leave it, like ERC-777's `tokensToSend`. It runs
/// inside `transferFrom`, so a payer can re-enter the contract that is pulling its payment.
interface ITokenTransferSender {
    /// @notice `amount` tokens are about to move to `to` (balances not updated yet). A revert
    /// refuses the transfer.
    function onTokenSend(address to, uint256 amount) external;
}

/// @title CallbackToken
/// @notice Test-only ERC-20 that calls back into the contracts it moves tokens between, the way
/// ERC-777 and ERC-1363 tokens do: before a transfer it calls `from.onTokenSend(to, amount)`, and
/// after it `to.onTokenTransfer(from, amount)`, on every contract that declares the hook through
/// ERC-165. A hook's revert fails the transfer. A project paid in it must treat every payment in
/// and out as a call into an untrusted contract (reentrancy guard, books before transfers).
/// @dev Contracts that do not declare a hook (a project, for one) are moved to and from like
/// with a plain ERC-20, so the token is usable for a whole lifecycle. Mints and burns call no
/// hook. Anyone can mint: it only exists on local chains.
contract CallbackToken is ERC20 {
    constructor() ERC20("Callback Token", "CBK") {}

    /// @notice Mint `amount` tokens to `to` (no hook).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @dev Sender hook, the move, receiver hook.
    function _update(address from, address to, uint256 value) internal override {
        bool moving = from != address(0) && to != address(0);
        if (moving && _declares(from, type(ITokenTransferSender).interfaceId)) {
            ITokenTransferSender(from).onTokenSend(to, value);
        }
        super._update(from, to, value);
        if (moving && _declares(to, type(ITokenTransferReceiver).interfaceId)) {
            ITokenTransferReceiver(to).onTokenTransfer(from, value);
        }
    }

    function _declares(address account, bytes4 interfaceId) private view returns (bool) {
        return account.code.length != 0 && ERC165Checker.supportsInterface(account, interfaceId);
    }
}
