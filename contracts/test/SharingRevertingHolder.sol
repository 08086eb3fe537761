// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";
import {IERC1155Receiver} from "@openzeppelin/contracts/token/ERC1155/IERC1155Receiver.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";

import {ICobuildProject} from "../../interfaces/ICobuildProject.sol";

/// @title SharingRevertingHolder
/// @notice Test-only share holder: accepts ERC-1155 shares, claims revenue, and refuses ETH until told
/// otherwise, so its own revenue claim fails while everyone else's must go through.
contract SharingRevertingHolder is IERC1155Receiver {
    error EthRefused();

    bool public acceptEth;

    function setAcceptEth(bool accept) external {
        acceptEth = accept;
    }

    function claimRevenue(address project, uint256 combo) external returns (uint256) {
        return ICobuildProject(project).claimRevenue(combo);
    }

    function transferShares(address shares, address to, uint256 id, uint256 amount) external {
        IERC1155(shares).safeTransferFrom(address(this), to, id, amount, "");
    }

    receive() external payable {
        if (!acceptEth) revert EthRefused();
    }

    function onERC1155Received(address, address, uint256, uint256, bytes calldata) external pure returns (bytes4) {
        return IERC1155Receiver.onERC1155Received.selector;
    }

    function onERC1155BatchReceived(address, address, uint256[] calldata, uint256[] calldata, bytes calldata)
        external
        pure
        returns (bytes4)
    {
        return IERC1155Receiver.onERC1155BatchReceived.selector;
    }

    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == type(IERC1155Receiver).interfaceId || interfaceId == type(IERC165).interfaceId;
    }
}
