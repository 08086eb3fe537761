// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title BarePledge
/// @notice Benchmark floor: the least an escrowed pledge can cost (one mapping write and a running
/// total), and the least a pull withdrawal can cost. Used only by `make bench`.
contract BarePledge {
    mapping(address backer => uint256) public pledged;
    uint256 public total;

    /// @notice The withdrawal's ETH transfer failed.
    error WithdrawFailed();

    /// @notice Pledge the ETH sent.
    function pledge() external payable {
        pledged[msg.sender] += msg.value;
        total += msg.value;
    }

    /// @notice Withdraw everything pledged (books first, then the transfer).
    function withdraw() external {
        uint256 amount = pledged[msg.sender];
        pledged[msg.sender] = 0;
        total -= amount;
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert WithdrawFailed();
    }
}
