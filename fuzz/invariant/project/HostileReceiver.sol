// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice An actor of the project suite that is a contract: while `refusing` it reverts on every
/// ETH payment and every ERC-1155 share it is sent, so each withdrawal it makes fails (and must
/// stay owed) and nobody can push shares to it; once it accepts again, it claims like anyone.
contract HostileReceiver {
    /// @notice Whether payments and shares are refused now.
    bool public refusing;

    /// @notice A payment or a share transfer refused.
    error Refused(uint256 amount);

    /// @notice Refuse (true) or accept (false) from now on.
    function setRefusing(bool refusing_) external {
        refusing = refusing_;
    }

    receive() external payable {
        if (refusing) revert Refused(msg.value);
    }

    /// @notice ERC-1155 single receipt hook: accepts unless refusing.
    function onERC1155Received(address, address, uint256, uint256 value, bytes calldata)
        external
        view
        returns (bytes4)
    {
        if (refusing) revert Refused(value);
        return this.onERC1155Received.selector;
    }

    /// @notice ERC-1155 batch receipt hook: accepts unless refusing.
    function onERC1155BatchReceived(address, address, uint256[] calldata, uint256[] calldata, bytes calldata)
        external
        view
        returns (bytes4)
    {
        if (refusing) revert Refused(0);
        return this.onERC1155BatchReceived.selector;
    }
}
