// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IPaymentErrors
/// @notice The errors of money moving in and out, shared by projects and services contracts (both
/// take payments and pay through the {Payments} library).
interface IPaymentErrors {
    /// @notice A quote, price, payment or amount of zero where money is required.
    error ZeroAmount();
    /// @notice The ETH sent does not match the amount (or ETH was sent to an ERC-20 contract).
    error WrongPaymentValue(uint256 expected, uint256 sent);
    /// @notice The token delivered less than asked: fee-on-transfer tokens are not supported.
    error TokenFeeOnTransfer(uint256 expected, uint256 received);
    /// @notice Sending ETH to the receiver failed (it refused it): what it is owed stays owed.
    error PaymentFailed(address to, uint256 amount);
}
