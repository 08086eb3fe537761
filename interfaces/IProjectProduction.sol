// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IProjectBase} from "./IProjectBase.sol";

/// @title IProjectProduction
/// @notice R&D, testing, presale, after-sales and payouts of a Cobuild project: the functions of
/// its {ProjectProduction} facet, reached through the project's address like the others.
interface IProjectProduction is IProjectBase {
    // ------------------------------------------------------------------ R&D, testing, presale

    /// @notice Pay the maker of part `dimension` of `combo` everything now owed to it: the advance
    /// (from R&D on), the rest of its quote (once the prototype passed) and its quote-weighted
    /// share of the makers' revenue (once the model succeeded). A maker's escrow income is its
    /// quote, however much the combination raised.
    /// @return escrow the escrow released, @return revenue the revenue paid
    function claimMaker(uint256 combo, uint256 dimension) external returns (uint256 escrow, uint256 revenue);

    /// @notice Mark your part of a prototype delivered, with a report hash. R&D only.
    function deliver(uint256 combo, uint256 dimension, bytes32 reportHash) external;

    /// @notice Record a verdict on a delivered prototype under one test condition. Inspectors, testing
    /// only. A condition passes with `quorum` passes (the panel's majority); it fails, and the
    /// prototype is dropped at once, when the fails leave fewer inspectors than the quorum still to
    /// vote (ceil(m/2) fails).
    function recordVerdict(uint256 combo, uint256 condition, bool pass, bytes32 reportHash) external;

    /// @notice Set a model's base price and minimum order count, once. Creator, presale only.
    /// @dev Success releases none of the backers' money to anyone else (makers have their quotes,
    /// the surplus comes back to the backers in both outcomes), so no terms leave the backers worse
    /// off than a failure, and nobody profits from buying its own model with dust terms.
    function setModelTerms(uint256 combo, uint256 price, uint256 minOrders) external;

    /// @notice Offer an add-on for a model; `content.text` is its name. Presale only.
    /// @return addonId the new add-on's id (1-based)
    function offerAddon(uint256 combo, uint256 price, Content calldata content) external returns (uint256 addonId);

    /// @notice Order a model with add-ons (ids strictly increasing), paying the full price. Presale only.
    /// @return orderIndex the order's index within the model
    function order(uint256 combo, uint32[] calldata addonIds) external payable returns (uint256 orderIndex);

    /// @notice {order} on behalf of `beneficiary`: the caller pays, the beneficiary is the order's
    /// buyer (its refund if the presale fails, its awards); the caller gets nothing.
    /// @return orderIndex the order's index among the model's orders
    function orderFor(address beneficiary, uint256 combo, uint32[] calldata addonIds)
        external
        payable
        returns (uint256 orderIndex);

    /// @notice Lock `amount` as an after-sales bond for a model, for `warrantyPeriod` seconds after
    /// the presale ends; `content.text` says what it covers. Presale only.
    /// @return bondId the new bond's id (1-based)
    function commitBond(uint256 combo, uint256 amount, uint256 warrantyPeriod, Content calldata content)
        external
        payable
        returns (uint256 bondId);

    /// @notice Approve an award of `amount` from bond `bondId` to the buyer of order `orderIndex`;
    /// the award is granted when a quorum of inspectors approved the same terms.
    /// @return granted whether this approval completed the quorum
    function approveAward(uint256 bondId, uint256 orderIndex, uint256 amount, bytes32 evidenceHash)
        external
        returns (bool granted);

    /// @notice Withdraw the awards granted to an order, to its buyer.
    function claimAward(uint256 combo, uint256 orderIndex) external returns (uint256 amount);

    /// @notice Withdraw what is left of your bond: after its warranty, or at once if its model failed.
    function withdrawBond(uint256 bondId) external returns (uint256 amount);

    /// @notice Close a model's presale (after the presale phase): success books the base-price
    /// revenue into the revenue split. Anyone may call; claims close a model themselves when needed.
    function closeModel(uint256 combo) external;

    /// @notice Withdraw the refund of your order of a model whose presale failed.
    function refundOrder(uint256 combo, uint256 orderIndex) external returns (uint256 amount);

    /// @notice Withdraw an add-on's revenue, once its model succeeded. Its merchant only.
    function claimAddonRevenue(uint256 addonId) external returns (uint256 amount);

    /// @notice Let the project take `value` of the caller's tokens with an EIP-2612 permit signed by
    /// the caller, so that a payment needs one signature and, in a {multicall} with the payment, one
    /// transaction. If the permit fails (someone submitted it first, or the token has no permit),
    /// the call still succeeds when the caller's allowance already covers `value`.
    function selfPermit(uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;

    /// @notice Several of the caller's own calls to this project in one transaction (e.g. a permit
    /// and an investment, or every claim at once). Each runs as if the caller sent it, so a batch
    /// can do nothing its caller could not do alone; it takes no ETH (an ETH payment is sent alone,
    /// so no value is counted twice). Any call that reverts reverts the batch.
    /// @return results each call's return data
    function multicall(bytes[] calldata data) external returns (bytes[] memory results);

    /// @notice Pay later revenue of a succeeded model (sales, licensing); it is split by the ratio.
    function depositRevenue(uint256 combo, uint256 amount) external payable;

    /// @notice Withdraw the creator's part of all revenue. Creator only, once the presale is over.
    function claimCreator() external returns (uint256 amount);

    /// @notice Withdraw the platform's part of all revenue to the factory's current treasury.
    /// Treasury only, once the presale is over.
    function claimPlatform() external returns (uint256 amount);
}
