// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IProjectBase} from "./IProjectBase.sol";

/// @title IProjectSelection
/// @notice Ideation, selection, refunds, investor revenue and the views of a Cobuild project:
/// the functions of its {CobuildProject} facet.
interface IProjectSelection is IProjectBase {
    // ------------------------------------------------------------------ ideation and selection

    /// @notice Offer an option (a part) in `dimension` with the quote to build it for one prototype.
    /// @dev Ideation only. The caller becomes the option's maker.
    /// @return optionId the new option's id (1-based)
    function offerOption(uint256 dimension, uint256 quote, bytes32 contentHash) external returns (uint256 optionId);

    /// @notice Create the combination of `optionIds` (one per dimension, in dimension order) by
    /// investing `amount` in it. Ideation only.
    /// @return combo the new combination's id (ids follow the order of first funding)
    function investInNew(uint32[] calldata optionIds, uint256 amount) external payable returns (uint256 combo);

    /// @notice Invest `amount` in combination `combo`: during ideation in any combination, during
    /// the rescue window (as one of its backers) in an eliminated one, during presale in a model (a
    /// late investment). For ETH projects `msg.value` must equal `amount`.
    function invest(uint256 combo, uint256 amount) external payable;

    /// @notice Publish an argument for a combination you back (a content hash; the text lives off chain).
    function argue(uint256 combo, bytes32 contentHash) external;

    /// @notice Submit the next batch of the ranking: combination ids ordered by supporters (desc),
    /// then funding (desc), then id (asc). Anyone may call; batches continue where the last stopped,
    /// and a wrong order reverts. The last batch decides selection or launch failure.
    /// A batch can only check its order against the last ranked combination, so a sequence that
    /// skips a combination is accepted but can never complete. A batch whose first id is such a
    /// skipped combination (not ranked yet, but ranking before the last ranked one) proves it:
    /// the ranking so far is discarded and the rest of the batch starts it again from rank 1
    /// (a dApp sees `CombinationRanked` with rank 1 again). A correct partial ranking has no
    /// skipped combination, so it can never be discarded.
    function finalize(uint256[] calldata ranking) external;

    /// @notice Withdraw what the rules owe you back for `combo` (full or pro rata, by its status).
    /// @return amount paid to the caller
    function refund(uint256 combo) external returns (uint256 amount);

    /// @notice Withdraw your share of a succeeded model's investor revenue.
    /// @return amount paid to the caller
    function claimRevenue(uint256 combo) external returns (uint256 amount);

    /// @notice Move `amount` shares of `combo` from `from` to `to` (settling both holders' revenue).
    /// @dev Only the factory's ERC-1155 shares contract, which checks approvals and emits the event.
    function moveShares(address from, address to, uint256 combo, uint256 amount) external;

    // ------------------------------------------------------------------ views

    /// @notice The project's immutable configuration.
    function config() external view returns (Config memory);

    /// @notice The current phase.
    function phase() external view returns (Phase);

    /// @notice Timestamps of the phases after finalization (0 until finalized).
    function schedule()
        external
        view
        returns (uint256 rescueEnd, uint256 developmentEnd, uint256 testingEnd, uint256 presaleEnd);

    /// @notice Numbers of options, combinations, add-ons and bonds.
    function counts() external view returns (uint256 options, uint256 combinations, uint256 addons, uint256 bonds);

    /// @notice Finalization progress: combinations ranked, selected by rank, rescued, total invested.
    function selection()
        external
        view
        returns (uint256 ranked, uint256 selected, uint256 rescued, uint256 totalInvested);

    /// @notice An option's maker, quote and dimension.
    function option(uint256 optionId) external view returns (address maker, uint256 quote, uint256 dimension);

    /// @notice The id of the combination of `optionIds`, or 0.
    function combinationId(uint32[] calldata optionIds) external view returns (uint256);

    /// @notice Ranking keys (supporters, funding) of the combinations `first` to `first + count - 1`,
    /// so a client can compute the order {finalize} expects in a few calls.
    function rankingKeys(uint256 first, uint256 count)
        external
        view
        returns (uint256[] memory supporters, uint256[] memory funded);

    /// @notice One combination.
    function combination(uint256 combo) external view returns (Combination memory);

    /// @notice A combination's status.
    function status(uint256 combo) external view returns (Status);

    /// @notice A backer's selection-stage and late stake in a combination (before its model succeeded).
    function stakeOf(uint256 combo, address backer) external view returns (uint256 stake, uint256 late);

    /// @notice Shares of a succeeded model held by `holder` (0 for any other status).
    function sharesOf(uint256 combo, address holder) external view returns (uint256);

    /// @notice Total shares of a succeeded model (0 for any other status).
    function totalShares(uint256 combo) external view returns (uint256);

    /// @notice Revenue an investor can claim now from a succeeded model.
    function revenueOf(uint256 combo, address holder) external view returns (uint256);

    /// @notice What {refund} would pay `backer` for `combo` now.
    function refundableOf(uint256 combo, address backer) external view returns (uint256);

    /// @notice What {claimMaker} would pay for part `dimension` of `combo` now (escrow, revenue).
    function makerOwed(uint256 combo, uint256 dimension) external view returns (uint256 escrow, uint256 revenue);

    /// @notice The creator's and the platform's unclaimed revenue.
    function roleOwed() external view returns (uint256 creator, uint256 platform);

    /// @notice An add-on: its model, merchant, price, units sold and whether its revenue was claimed.
    function addon(uint256 addonId)
        external
        view
        returns (uint256 combo, address merchant, uint256 price, uint256 sold, bool claimed);

    /// @notice An order: its buyer, what it paid (0 once refunded) and awards granted but unclaimed.
    function orderOf(uint256 combo, uint256 orderIndex)
        external
        view
        returns (address buyer, uint256 paid, uint256 awardOwed);

    /// @notice A bond: provider, model, what is left, and the end of its warranty.
    function bond(uint256 bondId)
        external
        view
        returns (address provider, uint256 combo, uint256 amount, uint256 warrantyEnd);
}
