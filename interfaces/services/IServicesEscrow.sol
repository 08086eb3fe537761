// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPaymentErrors} from "../IPaymentErrors.sol";

/// @title IServicesEscrow
/// @notice The money side every services contract shares: one payment asset per deployment (ETH or
/// one ERC-20, fixed at construction), escrow held per booking, deposit or order, and pull payments:
/// every release or refund only credits an account, which withdraws its credit itself.
interface IServicesEscrow is IPaymentErrors {
    /// @notice `account` was credited `amount` (a release, a refund, a settled deposit).
    event Credited(address indexed account, uint256 amount);

    /// @notice `account` withdrew its whole credit, `amount`.
    event Withdrawn(address indexed account, uint256 amount);

    /// @notice The caller has no credit to withdraw.
    error NothingToWithdraw(address account);

    /// @notice The payment asset: the zero address for ETH, else the ERC-20.
    function token() external view returns (address);

    /// @notice What `account` may withdraw now.
    function creditOf(address account) external view returns (uint256);

    /// @notice Withdraw your whole credit (books first, then the transfer). A failing receiver fails
    /// only its own withdrawal and keeps its credit.
    /// @return amount the amount sent
    function withdraw() external returns (uint256 amount);
}
