// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IProjectBase} from "./IProjectBase.sol";

/// @title IProjectSelection
/// @notice Ideation, selection, refunds, investor revenue and the views of a Cobuild project:
/// the functions of its {CobuildProject} facet.
interface IProjectSelection is IProjectBase {
    // ------------------------------------------------------------------ ideation and selection

    /// @notice Offer an option (a part) in `dimension` with the quote to build it for one prototype.
    /// @dev Ideation only. The caller becomes the option's maker. `content.text` is its name, emitted
    /// (not stored) so a dApp can show it.
    /// @return optionId the new option's id (1-based)
    function offerOption(uint256 dimension, uint256 quote, Content calldata content)
        external
        returns (uint256 optionId);

    /// @notice Invest `amount` in the combination of `optionIds` (one per dimension, in dimension
    /// order), creating it if nobody funded it yet. Ideation only. An existing combination is simply
    /// invested in, so a front-run of the same combination cannot make this call fail.
    /// @return combo the combination's id (ids follow the order of first funding)
    function investInNew(uint32[] calldata optionIds, uint256 amount) external payable returns (uint256 combo);

    /// @notice Invest `amount` in combination `combo`: during ideation in any combination; during
    /// the rescue window (as one of its backers) in an eliminated one, i.e. one of the first
    /// `maxRescues` combinations the ranking left out, which is rescued once it reaches its cost.
    /// Nowhere else: shares are bought before anything about a prototype is known. For ETH projects
    /// `msg.value` must equal `amount`.
    function invest(uint256 combo, uint256 amount) external payable;

    /// @notice {investInNew} on behalf of `beneficiary`: the caller pays, the beneficiary holds the
    /// stake (its support, refunds, shares and revenue); the caller gets nothing and can do
    /// nothing for the beneficiary afterwards. A gift, a custodial on-ramp or a relayer's call.
    /// @return combo the combination's id
    function investInNewFor(address beneficiary, uint32[] calldata optionIds, uint256 amount)
        external
        payable
        returns (uint256 combo);

    /// @notice {invest} on behalf of `beneficiary` (see {investInNewFor}). A rescue top-up needs the
    /// beneficiary, not the caller, to be one of the combination's backers.
    function investFor(address beneficiary, uint256 combo, uint256 amount) external payable;

    /// @notice Publish an argument ("PK") for a combination you back: `text` is emitted, so anyone
    /// can read it. Longer content goes by a content-addressed URI in the text (`ipfs://<CID>`: the
    /// CID carries its digest). Arguing is ideation's hot path, so it has no separate URI and
    /// digest fields (see docs/architecture.md).
    function argue(uint256 combo, string calldata text) external;

    /// @notice Submit a batch of your ranking: combination ids in the project's order (by supporters
    /// or by funding, see {config}), each strictly after the one before. Anyone may call, during
    /// Finalizing. Every caller builds a ranking of its own: `start` is 0 to begin a new attempt,
    /// or the number your own attempt has ranked so far (see {rankingOf}) to continue it, so nobody
    /// else's transactions can move, derail or discard yours. An attempt that contains every
    /// combination is necessarily the true ranking (a strictly ordered sequence of all of them);
    /// the batch that completes it decides selection (top `slots` among those funded to their
    /// cost, then the next `maxRescues` as rescuable) or launch failure, for everyone. A complete
    /// ranking in one call (`start` 0) always finishes. Without a complete ranking 7 days after
    /// ideation the project has failed.
    function finalize(uint256 start, uint256[] calldata ranking) external;

    /// @notice Withdraw what the rules owe you back for `combo` (full or pro rata, by its status).
    /// @return amount paid to the caller
    function refund(uint256 combo) external returns (uint256 amount);

    /// @notice Withdraw your share of a succeeded model's investor revenue, and of its surplus (the
    /// money its backers put in above its cost, see {SurplusReturned}).
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

    /// @notice The outcome of selection: combinations ranked, selected by rank, rescued, total
    /// invested. All 0 until a ranking completes; `selected` is 0 when the launch failed.
    function selection()
        external
        view
        returns (uint256 ranked, uint256 selected, uint256 rescued, uint256 totalInvested);

    /// @notice Where `submitter`'s own ranking stands: its attempt id (0: none), how many
    /// combinations it ranked and the id of the last one.
    function rankingOf(address submitter) external view returns (uint256 attempt, uint256 ranked, uint256 lastRanked);

    /// @notice An option's maker, quote and dimension.
    function option(uint256 optionId) external view returns (address maker, uint256 quote, uint256 dimension);

    /// @notice The id of the combination of `optionIds`, or 0.
    function combinationId(uint32[] calldata optionIds) external view returns (uint256);

    /// @notice Ranking keys (supporters, funding) of the combinations `first` to `first + count - 1`,
    /// so a client can compute the order {finalize} expects (and every rank) in a few calls.
    function rankingKeys(uint256 first, uint256 count)
        external
        view
        returns (uint256[] memory supporters, uint256[] memory funded);

    /// @notice One combination.
    function combination(uint256 combo) external view returns (Combination memory);

    /// @notice A combination's status.
    function status(uint256 combo) external view returns (Status);

    /// @notice A backer's stake in a combination; 0 once a succeeded model settled the position
    /// into shares (its first claim or share move; see {sharesOf}, which equals the stake).
    function stakeOf(uint256 combo, address backer) external view returns (uint256);

    /// @notice Shares of a succeeded model held by `holder` (0 for any other status).
    function sharesOf(uint256 combo, address holder) external view returns (uint256);

    /// @notice Total shares of a succeeded model (0 for any other status).
    function totalShares(uint256 combo) external view returns (uint256);

    /// @notice What {claimRevenue} would pay `holder` now: revenue and surplus of a succeeded model.
    function revenueOf(uint256 combo, address holder) external view returns (uint256);

    /// @notice What {refund} would pay `backer` for `combo` now (0 where it would revert).
    function refundableOf(uint256 combo, address backer) external view returns (uint256);

    /// @notice What {claimMaker} would pay for part `dimension` of `combo` now (escrow, revenue).
    function makerOwed(uint256 combo, uint256 dimension) external view returns (uint256 escrow, uint256 revenue);

    /// @notice The creator's and the platform's unclaimed revenue, base revenue of presales that
    /// succeeded included (booked as the orders come, whether or not anyone closed the model);
    /// claimable once the presale is over.
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
