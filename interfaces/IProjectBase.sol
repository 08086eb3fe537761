// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICobuildFactory} from "./ICobuildFactory.sol";
import {IPaymentErrors} from "./IPaymentErrors.sol";

/// @title IProjectBase
/// @notice Types, events and errors of a Cobuild project (see {ICobuildProject}).
interface IProjectBase is IPaymentErrors {
    // ------------------------------------------------------------------ types

    /// @notice The project's lifecycle. Only `Finalizing -> Rescue|Failed` is a stored transition
    /// (made by the batch that completes a ranking); every other phase follows from `block.timestamp`.
    enum Phase {
        Ideation, // makers offer options, backers invest and argue
        Finalizing, // ideation is over; anyone submits the ranking (in batches of their own)
        Failed, // launch conditions not met, or no complete ranking within 7 days: full refunds
        Rescue, // fans of eliminated combinations may top them up to their prototype cost
        Development, // R&D: makers claim advances and deliver prototypes
        Testing, // inspectors record verdicts per test condition
        Presale, // models take orders, add-ons and bonds
        Closed // presale is over: models succeeded or failed; revenue sharing goes on
    }

    /// @notice Where one combination stands (derived from its stored flags and the project phase).
    enum Status {
        None, // no such combination
        Backed, // funded during ideation; selection is not final yet
        Selected, // ranked into the top n (or rescued), waiting for R&D
        Eliminated, // ranked out but next in line (among the first maxRescues left out): rescuable until
        // the rescue window closes
        NotSelected, // out for good (or the launch failed): full refunds
        Prototype, // in R&D or testing
        Dropped, // not delivered by the R&D deadline, or failed testing (at once when the fails make
        // the quorum unreachable): pro-rata refunds
        Model, // passed testing, on presale
        Succeeded, // presale reached its minimum orders: revenue and the surplus go to the shares
        PresaleFailed // presale missed its minimum: buyers refunded in full, backers the surplus
    }

    /// @notice The immutable configuration of a project.
    struct Config {
        address factory;
        address token; // address(0) = ETH
        address creator;
        bytes32 contentHash; // description and key points (e.g. an IPFS digest)
        uint64 ideationEnd; // timestamp
        uint32 rescueWindow; // seconds, from the end of finalization
        uint32 developmentPeriod; // seconds of R&D after the rescue window
        uint32 testingPeriod; // seconds
        uint32 presalePeriod; // seconds
        uint128 minTotal; // launch condition: minimum total investment
        uint128 minStake; // a backer counts as a supporter from this stake on
        uint16 slots; // n: prototypes selected by rank
        uint16 maxRescues; // rescuable prototypes: the first maxRescues the ranking left out
        ICobuildFactory.RankBy rankBy; // the ranking's order
        uint16[4] ratioBps; // creator, makers, investors, platform (sum 10000)
        uint16 advanceBps; // share of a quote paid to its maker when R&D starts
        uint8 quorum; // k inspectors of m: the majority, floor(m/2) + 1
        uint8 dimensions;
        uint8 conditions; // test conditions
        address[] inspectors;
    }

    /// @notice A combination: one option per dimension, its funding and its progress.
    struct Combination {
        Status status;
        uint32[] optionIds;
        uint256 cost; // sum of the options' quotes
        uint256 funded; // stake (ideation and rescue): the combination's shares if it succeeds
        uint256 supporters; // backers at or above the minimum stake
        uint256 backers; // backers with a selection-stage stake
        uint256 deliveredMask; // bit d set = part d delivered
        uint256 passedConditions;
        uint256 price; // presale base price
        uint256 minOrders;
        uint256 orders;
    }

    /// @notice Readable content of an option, argument, add-on or bond: a short text shown as is
    /// (a name, an argument), and optionally longer content at `uri` with its digest `hash`.
    struct Content {
        string text;
        string uri;
        bytes32 hash;
    }

    // ------------------------------------------------------------------ events

    /// @notice A maker offered an option (a part) in a dimension.
    event OptionOffered(
        uint256 indexed optionId, uint256 indexed dimension, address indexed maker, uint256 quote, Content content
    );
    /// @notice A combination was created by its first investment.
    event CombinationCreated(uint256 indexed combo, uint32[] optionIds, uint256 cost);
    /// @notice A backer invested during ideation or rescue (its stake is the sum of these amounts).
    event Invested(uint256 indexed combo, address indexed backer, uint256 amount);
    /// @notice A supporter published an argument ("PK") for a combination.
    event ArgumentPublished(uint256 indexed combo, address indexed author, string text);
    /// @notice `submitter` started ranking attempt `attempt` (each submitter extends only its own).
    event RankingStarted(uint256 indexed attempt, address indexed submitter);
    /// @notice Ranking attempt `attempt` placed a combination at `rank`; `selected` counts only if
    /// that attempt completes (see {SelectionFinalized}).
    event CombinationRanked(uint256 indexed combo, uint256 indexed attempt, uint256 rank, bool selected);
    /// @notice Ranking attempt `attempt` completed and the launch conditions held.
    event SelectionFinalized(uint256 indexed attempt, uint256 selected, uint256 totalInvested, uint256 rescueEnd);
    /// @notice Ranking attempt `attempt` completed and the launch conditions failed: refunds are open.
    event LaunchFailed(uint256 indexed attempt, uint256 totalInvested, uint256 minTotal);
    /// @notice An eliminated combination reached its prototype cost during the rescue window.
    event CombinationRescued(uint256 indexed combo, uint256 funded);
    /// @notice A backer withdrew a refund.
    event Refunded(uint256 indexed combo, address indexed backer, uint256 amount);
    /// @notice A maker was paid escrow (advance, remainder, production fund) and revenue for a part.
    event MakerPaid(
        uint256 indexed combo, uint256 indexed dimension, address indexed maker, uint256 escrow, uint256 revenue
    );
    /// @notice A maker delivered its part of a prototype.
    event PartDelivered(uint256 indexed combo, uint256 indexed dimension, address indexed maker, bytes32 reportHash);
    /// @notice An inspector recorded a verdict.
    event VerdictRecorded(
        uint256 indexed combo, uint256 indexed condition, address indexed inspector, bool pass, bytes32 reportHash
    );
    /// @notice A prototype passed every condition with a quorum: it is a model.
    event PrototypePassed(uint256 indexed combo);
    /// @notice The fail verdicts under `condition` made its pass quorum unreachable: the prototype is dropped.
    event PrototypeFailed(uint256 indexed combo, uint256 indexed condition);
    /// @notice The creator set a model's presale terms.
    event ModelTermsSet(uint256 indexed combo, uint256 price, uint256 minOrders);
    /// @notice A merchant offered an add-on for a model.
    event AddonOffered(
        uint256 indexed addonId, uint256 indexed combo, address indexed merchant, uint256 price, Content content
    );
    /// @notice A buyer ordered a model with add-ons.
    event Ordered(
        uint256 indexed combo, uint256 indexed orderIndex, address indexed buyer, uint256 paid, uint32[] addonIds
    );
    /// @notice An after-sales provider locked a bond for a model.
    event BondCommitted(
        uint256 indexed bondId,
        uint256 indexed combo,
        address indexed provider,
        uint256 amount,
        uint256 warrantyEnd,
        Content content
    );
    /// @notice An inspector approved an award from a bond.
    event AwardApproved(uint256 indexed bondId, bytes32 indexed awardKey, address indexed inspector);
    /// @notice A quorum of inspectors granted a buyer an award from a bond.
    event AwardGranted(uint256 indexed bondId, uint256 indexed combo, uint256 indexed orderIndex, uint256 amount);
    /// @notice A buyer withdrew an award.
    event AwardClaimed(uint256 indexed combo, uint256 indexed orderIndex, address indexed buyer, uint256 amount);
    /// @notice A provider withdrew what is left of its bond.
    event BondWithdrawn(uint256 indexed bondId, address indexed provider, uint256 amount);
    /// @notice A model's presale was closed.
    event ModelClosed(uint256 indexed combo, bool succeeded, uint256 orders, uint256 revenue);
    /// @notice A model succeeded: the money its backers put in above its cost (`surplus`) is booked
    /// back to them, pro rata to their shares, with the investors' revenue (`claimRevenue`).
    event SurplusReturned(uint256 indexed combo, uint256 surplus);
    /// @notice A buyer withdrew the refund of an order of a failed model.
    event OrderRefunded(uint256 indexed combo, uint256 indexed orderIndex, address indexed buyer, uint256 amount);
    /// @notice A merchant withdrew the revenue of an add-on.
    event AddonRevenueClaimed(uint256 indexed addonId, address indexed merchant, uint256 amount);
    /// @notice Revenue of a model was split by the project's ratio.
    event RevenueDeposited(
        uint256 indexed combo,
        address indexed from,
        uint256 amount,
        uint256 creatorPart,
        uint256 makersPart,
        uint256 investorsPart,
        uint256 platformPart
    );
    /// @notice An investor withdrew its share of a model's revenue.
    event RevenueClaimed(uint256 indexed combo, address indexed holder, uint256 amount);
    /// @notice The creator withdrew its part of the revenue.
    event CreatorPaid(address indexed creator, uint256 amount);
    /// @notice The platform treasury withdrew its part of the revenue.
    event PlatformPaid(address indexed treasury, uint256 amount);
    /// @notice Shares of a model changed hands (mirrored by the ERC-1155 TransferSingle of the shares contract).
    event SharesMoved(uint256 indexed combo, address indexed from, address indexed to, uint256 amount);

    // ------------------------------------------------------------------ errors

    /// @notice The action belongs to another phase.
    error ProjectWrongPhase(Phase current, Phase required);
    /// @notice The combination is not in the status the action needs.
    error CombinationWrongStatus(uint256 combo, Status current, Status required);
    /// @notice No combination has this id.
    error UnknownCombination(uint256 combo);
    /// @notice The dimension index is out of range.
    error InvalidDimension(uint256 dimension, uint256 dimensions);
    /// @notice The option does not exist or belongs to another dimension.
    error InvalidOption(uint256 optionId, uint256 dimension);
    /// @notice The test condition index is out of range.
    error InvalidCondition(uint256 condition, uint256 conditions);
    /// @notice An amount too large for the project's accounting.
    error AmountTooLarge(uint256 amount, uint256 max);
    /// @notice Only a backer of the combination may do this.
    error NotASupporter(uint256 combo, address account);
    /// @notice The submitted ranking is not the combinations' order at `position`.
    error RankingOutOfOrder(uint256 position, uint256 combo);
    /// @notice A ranking batch must start where the caller's own ranking stands (`ranked`), or at 0
    /// to start a new attempt.
    error RankingStartMismatch(uint256 start, uint256 ranked);
    /// @notice A payment on someone's behalf needs a beneficiary (not the zero address).
    error InvalidBeneficiary(address beneficiary);
    /// @notice The permit did not take and the allowance does not cover the payment (ETH projects
    /// take no permit).
    error PermitFailed(address token, uint256 allowance, uint256 needed);
    /// @notice Nothing is owed to the caller here.
    error NothingToClaim(uint256 combo, address account);
    /// @notice The caller is not the maker of this part.
    error NotMaker(uint256 combo, uint256 dimension, address account);
    /// @notice The caller is not one of the project's inspectors.
    error NotInspector(address account);
    /// @notice The caller is not the project's creator.
    error NotCreator(address account);
    /// @notice The part was already delivered.
    error AlreadyDelivered(uint256 combo, uint256 dimension);
    /// @notice The inspector already recorded a verdict for this combination and condition.
    error AlreadyVoted(uint256 combo, uint256 condition, address inspector);
    /// @notice The model's presale terms are already set.
    error TermsAlreadySet(uint256 combo);
    /// @notice The model has no presale terms yet.
    error TermsNotSet(uint256 combo);
    /// @notice The add-on does not exist, belongs to another model, or is listed twice.
    error InvalidAddon(uint256 addonId, uint256 combo);
    /// @notice No order at this index.
    error UnknownOrder(uint256 combo, uint256 orderIndex);
    /// @notice No bond with this id.
    error UnknownBond(uint256 bondId);
    /// @notice The caller is not the bond's provider.
    error NotProvider(uint256 bondId, address account);
    /// @notice The bond is locked until the end of its warranty.
    error BondLocked(uint256 bondId, uint256 until);
    /// @notice The warranty of the bond is over: no more awards.
    error WarrantyOver(uint256 bondId, uint256 end);
    /// @notice The award is larger than what is left in the bond.
    error AwardExceedsBond(uint256 bondId, uint256 amount, uint256 available);
    /// @notice The inspector already approved this award, or it was already granted.
    error AwardAlreadyApproved(bytes32 awardKey, address inspector);
    /// @notice The holder has fewer shares than the transfer.
    error InsufficientShares(uint256 combo, address holder, uint256 balance, uint256 needed);
    /// @notice Only the factory's shares contract may move shares.
    error NotSharesContract(address caller);
    /// @notice Only the platform treasury may withdraw the platform's part.
    error NotTreasury(address caller);
    /// @notice The implementation is called directly instead of through a project clone.
    error NotAProject();
}
