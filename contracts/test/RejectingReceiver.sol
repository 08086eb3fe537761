// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title RejectingReceiver
/// @notice Test-only contract that rejects ERC-1155 tokens: its hooks answer a wrong selector
/// (single) or revert without a reason (batch); a contract with no hook at all is the third case.
contract RejectingReceiver {
    function onERC1155Received(address, address, uint256, uint256, bytes calldata) external pure returns (bytes4) {
        return 0xdeadbeef;
    }

    function onERC1155BatchReceived(address, address, uint256[] calldata, uint256[] calldata, bytes calldata)
        external
        pure
        returns (bytes4)
    {
        assembly {
            revert(0, 0)
        }
    }
}
