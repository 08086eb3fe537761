// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IPaymentErrors} from "../../interfaces/IPaymentErrors.sol";

/// @title Payments
/// @notice The one way money enters and leaves a project or a services contract, in ETH (`token`
/// zero) or one ERC-20. Internal functions: inlined into the caller, which must be `nonReentrant`
/// and must have updated its books before {pay}.
library Payments {
    using SafeERC20 for IERC20;

    /// @dev Take `amount` from the caller: ETH must come as msg.value; a token must arrive whole.
    /// Reached from the payable invest, order, bond, revenue, booking and mandate functions
    /// (slither looks at the library alone, where nothing is payable).
    // slither-disable-next-line msg-value-in-nonpayable
    function collect(address token, uint256 amount) internal {
        if (amount == 0) revert IPaymentErrors.ZeroAmount();
        if (token == address(0)) {
            if (msg.value != amount) revert IPaymentErrors.WrongPaymentValue(amount, msg.value);
            return;
        }
        if (msg.value != 0) revert IPaymentErrors.WrongPaymentValue(0, msg.value);
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - before;
        if (received != amount) revert IPaymentErrors.TokenFeeOnTransfer(amount, received);
    }

    /// @dev Send `amount` to `to`. A receiver that refuses ETH fails only this call.
    function pay(address token, address to, uint256 amount) internal {
        if (token == address(0)) {
            bool ok;
            assembly ("memory-safe") {
                // no return data is copied: a receiver cannot make us pay for a huge revert string
                ok := call(gas(), to, amount, 0, 0, 0, 0)
            }
            if (!ok) revert IPaymentErrors.PaymentFailed(to, amount);
        } else {
            IERC20(token).safeTransfer(to, amount);
        }
    }
}
