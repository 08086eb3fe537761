// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";
import {IERC1155MetadataURI} from "@openzeppelin/contracts/token/ERC1155/extensions/IERC1155MetadataURI.sol";
import {ERC1155Utils} from "@openzeppelin/contracts/token/ERC1155/utils/ERC1155Utils.sol";
import {IERC1155Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";

import {ICobuildFactory} from "../interfaces/ICobuildFactory.sol";
import {ICobuildProject} from "../interfaces/ICobuildProject.sol";
import {ICobuildShares} from "../interfaces/ICobuildShares.sol";

/// @title CobuildShares
/// @notice ERC-1155 view of investor shares in every Cobuild model. One token id per model.
/// @dev Balances are not stored here: they are read from the project's books, where an investment
/// is a single mapping write (minting a token per investment would cost every backer ~6k gas more).
/// A share exists once its model's presale succeeded. Transfers ask the project to move them, which
/// settles both holders' revenue first, so revenue accrued before a transfer stays with the seller.
/// Consequence for indexers: shares appear without a mint event when a model succeeds; they are the
/// `Invested` amounts of that model (see {ICobuildProject-ModelClosed}). Transfers emit the standard events.
contract CobuildShares is ICobuildShares, IERC1155Errors {
    address private immutable _factory;
    string private _uri;
    mapping(address owner => mapping(address operator => bool)) private _operatorApprovals;

    /// @param uri_ metadata URI template (ERC-1155 `{id}` substitution)
    constructor(string memory uri_) {
        _factory = msg.sender;
        _uri = uri_;
    }

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == type(IERC1155).interfaceId || interfaceId == type(IERC1155MetadataURI).interfaceId
            || interfaceId == type(IERC165).interfaceId;
    }

    /// @inheritdoc ICobuildShares
    function factory() external view returns (address) {
        return _factory;
    }

    /// @inheritdoc ICobuildShares
    function tokenId(address project, uint256 combo) public pure returns (uint256) {
        return (uint256(uint160(project)) << 96) | uint96(combo);
    }

    /// @inheritdoc IERC1155MetadataURI
    function uri(uint256) external view returns (string memory) {
        return _uri;
    }

    /// @inheritdoc IERC1155
    function balanceOf(address account, uint256 id) public view returns (uint256) {
        (address project, uint256 combo) = _decode(id);
        if (project == address(0)) return 0;
        return ICobuildProject(project).sharesOf(combo, account);
    }

    /// @inheritdoc IERC1155
    function balanceOfBatch(address[] calldata accounts, uint256[] calldata ids)
        external
        view
        returns (uint256[] memory balances)
    {
        if (accounts.length != ids.length) revert ERC1155InvalidArrayLength(ids.length, accounts.length);
        balances = new uint256[](accounts.length);
        for (uint256 i; i < accounts.length; ++i) {
            balances[i] = balanceOf(accounts[i], ids[i]);
        }
    }

    /// @inheritdoc ICobuildShares
    function totalSupply(uint256 id) external view returns (uint256) {
        (address project, uint256 combo) = _decode(id);
        if (project == address(0)) return 0;
        return ICobuildProject(project).totalShares(combo);
    }

    /// @inheritdoc IERC1155
    function setApprovalForAll(address operator, bool approved) external {
        if (operator == address(0)) revert ERC1155InvalidOperator(operator);
        _operatorApprovals[msg.sender][operator] = approved;
        emit ApprovalForAll(msg.sender, operator, approved);
    }

    /// @inheritdoc IERC1155
    function isApprovedForAll(address account, address operator) public view returns (bool) {
        return _operatorApprovals[account][operator];
    }

    /// @inheritdoc IERC1155
    function safeTransferFrom(address from, address to, uint256 id, uint256 value, bytes calldata data) external {
        _authorize(from, to);
        _move(from, to, id, value);
        emit TransferSingle(msg.sender, from, to, id, value);
        ERC1155Utils.checkOnERC1155Received(msg.sender, from, to, id, value, data);
    }

    /// @inheritdoc IERC1155
    function safeBatchTransferFrom(
        address from,
        address to,
        uint256[] calldata ids,
        uint256[] calldata values,
        bytes calldata data
    ) external {
        _authorize(from, to);
        if (ids.length != values.length) revert ERC1155InvalidArrayLength(ids.length, values.length);
        for (uint256 i; i < ids.length; ++i) {
            _move(from, to, ids[i], values[i]);
        }
        emit TransferBatch(msg.sender, from, to, ids, values);
        ERC1155Utils.checkOnERC1155BatchReceived(msg.sender, from, to, ids, values, data);
    }

    function _authorize(address from, address to) private view {
        if (from == address(0)) revert ERC1155InvalidSender(from);
        if (to == address(0)) revert ERC1155InvalidReceiver(to);
        if (from != msg.sender && !isApprovedForAll(from, msg.sender)) {
            revert ERC1155MissingApprovalForAll(msg.sender, from);
        }
    }

    function _move(address from, address to, uint256 id, uint256 value) private {
        (address project, uint256 combo) = _decode(id);
        if (project == address(0)) revert UnknownShareToken(id);
        ICobuildProject(project).moveShares(from, to, combo, value);
    }

    /// @dev (project, combination) of a token id, or address(0) when the project is not the factory's.
    function _decode(uint256 id) private view returns (address project, uint256 combo) {
        project = address(uint160(id >> 96));
        combo = uint96(id);
        if (ICobuildFactory(_factory).projectId(project) == 0) project = address(0);
    }
}
