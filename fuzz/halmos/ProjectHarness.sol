// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICobuildFactory} from "../../interfaces/ICobuildFactory.sol";
import {ProjectArgs} from "../../contracts/libraries/ProjectArgs.sol";
import {CobuildProject} from "../../contracts/project/CobuildProject.sol";

/// @notice The project's first facet as deployed, plus test-only writers of its storage and readers
/// of its internal arithmetic, for the halmos proofs. Every money path a proof calls (deposits,
/// share moves, claims, refunds, makers' claims) is the contract's own code: the clone delegates to
/// this contract, whose fallback delegates to a real {ProjectProduction}. The writers only put a
/// combination into the state its lifecycle would have brought it to (selected, delivered, passed,
/// its backers' stakes), which the proofs state as their preconditions.
contract ProjectHarness is CobuildProject {
    constructor(address production_) CobuildProject(production_) {}

    /// @dev A completed ranking, finalized at `finalizedAt` (the schedule runs from it).
    function hFinalize(uint40 finalizedAt) external {
        _s().progress = Progress(0, 0, 0, finalizedAt, false, 0);
    }

    function hSetCombination(
        uint256 combo,
        uint96 funded,
        uint32 backers,
        uint8 flags,
        uint8 delivered,
        uint96 cost,
        uint96 advanceTotal,
        uint256 options
    ) external {
        CombinationRecord storage c = _s().combos[combo];
        c.state = CombinationState(funded, 0, backers, flags, delivered, 0);
        c.costs = CombinationCosts(cost, advanceTotal);
        c.options = options;
    }

    /// @dev The progress of a combination through R&D and testing (its other fields as they are).
    function hSetProgress(uint256 combo, uint8 flags, uint8 delivered) external {
        CombinationState storage st = _s().combos[combo].state;
        st.flags = flags;
        st.delivered = delivered;
    }

    function hSetSale(uint256 combo, uint96 price, uint32 minOrders, uint32 orders) external {
        _s().combos[combo].sale = Sale(price, minOrders, orders);
    }

    function hSetStake(uint256 combo, address holder, uint96 stake) external {
        _s().positions[combo][holder] = Position(stake, 0);
    }

    function hSetOption(uint256 optionId, address maker, uint88 quote, uint8 dimension) external {
        _s().options[optionId] = OptionRecord(maker, quote, dimension);
    }

    /// @dev The investors' accumulator of `combo` at a given revenue per share and carry.
    function hSetInvestorPool(uint256 combo, uint160 perShare, uint96 carry) external {
        _s().investorPools[combo] = Pool(perShare, carry);
    }

    /// @dev A holder's position as settlement leaves it: `shares`, its checkpoint and, when
    /// `credit` > 0, settled revenue parked by a share move (`_credit`).
    function hSetHolder(uint256 combo, address holder, uint96 shares, uint160 checkpoint, uint256 credit) external {
        uint160 aux = SETTLED | checkpoint;
        if (credit != 0) aux |= HAS_CREDIT;
        _s().positions[combo][holder] = Position(shares, aux);
        _s().revenueCredit[combo][holder] = credit;
    }

    /// @dev A holder's shares (stake), checkpoint, whether it is settled and its parked credit.
    function hHolder(uint256 combo, address holder)
        external
        view
        returns (uint256 shares, uint256 checkpoint, bool settled, uint256 credit)
    {
        Position memory p = _s().positions[combo][holder];
        return (p.stake, p.aux & CHECKPOINT_MASK, p.aux & SETTLED != 0, _s().revenueCredit[combo][holder]);
    }

    function hInvestorPool(uint256 combo) external view returns (uint256 perShare, uint256 carry) {
        Pool memory p = _s().investorPools[combo];
        return (p.perShare, p.carry);
    }

    function hMakerPool(uint256 combo) external view returns (uint256 perShare, uint256 carry) {
        Pool memory p = _s().makerPools[combo];
        return (p.perShare, p.carry);
    }

    function hRevenueBooked(uint256 combo) external view returns (uint256) {
        return _s().combos[combo].settlement.revenue;
    }

    /// @dev {ProjectBase-_split}, the split of an amount (a deposit, or one unit of base price) by the ratio.
    function hSplit(uint256 amount) external view returns (uint256, uint256, uint256, uint256) {
        return _split(amount);
    }

    /// @dev {ProjectBase-_makerEntitled} for part `dimension` in status `st`.
    function hMakerEntitled(uint256 combo, uint256 dimension, Status st) external view returns (uint256) {
        return _makerEntitled(combo, dimension, st);
    }
}

/// @notice Packs a configuration with the factory's own encoder ({ProjectArgs-encode}, which
/// reads calldata): the clones the proofs run are laid out exactly as the factory's.
contract ArgsEncoder {
    function encode(
        address factory,
        address shares,
        address creator,
        ICobuildFactory.ProjectParams calldata p,
        uint256 dimensions,
        uint256 conditions
    ) external pure returns (bytes memory) {
        return ProjectArgs.encode(factory, shares, creator, p, dimensions, conditions);
    }
}
