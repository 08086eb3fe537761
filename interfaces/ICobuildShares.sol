// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1155MetadataURI} from "@openzeppelin/contracts/token/ERC1155/extensions/IERC1155MetadataURI.sol";

/// @title ICobuildShares
/// @notice ERC-1155 view of investor shares in every Cobuild model. Balances are derived from the
/// projects' books (a share is a unit invested in a model that succeeded), so investing costs no
/// token mint; transfers settle both holders' revenue in the project.
/// @dev Token id = (uint256(uint160(project)) << 96) | combination id.
interface ICobuildShares is IERC1155MetadataURI {
    /// @notice The token id is not a model of a project created by the factory.
    error UnknownShareToken(uint256 id);

    /// @notice The factory whose projects this contract shows.
    function factory() external view returns (address);

    /// @notice The token id of model `combo` of `project`.
    function tokenId(address project, uint256 combo) external pure returns (uint256);

    /// @notice Total shares of a token id.
    function totalSupply(uint256 id) external view returns (uint256);
}
