// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IServicesEscrow
/// @notice The money side every services contract shares: one payment asset per deployment (ETH or
/// one ERC-20, fixed at construction), escrow held per booking, deposit or order, and pull payments:
/// every release or refund only credits an account, which withdraws its credit itself.
interface IServicesEscrow {
    /// @notice `account` was credited `amount` (a release, a refund, a settled deposit).
    event Credited(address indexed account, uint256 amount);

    /// @notice `account` withdrew its whole credit, `amount`.
    event Withdrawn(address indexed account, uint256 amount);

    /// @notice A payment of zero, or a booking/deposit/order of zero where money is required.
    error ZeroAmount();
    /// @notice The ETH sent is not what the call costs (always zero for a token deployment).
    error WrongPaymentValue(uint256 expected, uint256 sent);
    /// @notice The token delivered less than it was asked to move (fee-on-transfer): refused.
    error TokenFeeOnTransfer(uint256 expected, uint256 received);
    /// @notice The ETH transfer of a withdrawal failed (the receiver refused it).
    error PaymentFailed(address to, uint256 amount);
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
