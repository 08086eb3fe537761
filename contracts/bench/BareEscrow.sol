// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title BareEscrow
/// @notice Benchmark floor of the services: the least an escrowed payment to a named payee can cost
/// (one two-word record and a counter), its release (a credit), and a pull withdrawal. Used only by
/// `make bench`.
contract BareEscrow {
    struct Deposit {
        address payer;
        address payee;
        uint96 amount;
    }

    uint256 public count;
    mapping(uint256 id => Deposit) public deposits;
    mapping(address account => uint256) public credit;

    /// @notice The withdrawal's ETH transfer failed.
    error WithdrawFailed();
    /// @notice Only the payer releases its deposit.
    error NotPayer();

    /// @notice Escrow the ETH sent for `payee`.
    function deposit(address payee) external payable returns (uint256 id) {
        id = ++count;
        deposits[id] = Deposit(msg.sender, payee, uint96(msg.value));
    }

    /// @notice Release deposit `id` to its payee's credit. Its payer only.
    function release(uint256 id) external {
        Deposit storage d = deposits[id];
        if (msg.sender != d.payer) revert NotPayer();
        credit[d.payee] += d.amount;
        d.amount = 0;
    }

    /// @notice Withdraw your whole credit (books first, then the transfer).
    function withdraw() external {
        uint256 amount = credit[msg.sender];
        credit[msg.sender] = 0;
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert WithdrawFailed();
    }
}
