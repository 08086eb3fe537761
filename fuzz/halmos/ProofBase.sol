// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";

import {ICobuildFactory} from "../../interfaces/ICobuildFactory.sol";
import {ProjectProduction} from "../../contracts/project/ProjectProduction.sol";
import {ArgsEncoder, ProjectHarness} from "./ProjectHarness.sol";

/// @notice The cheatcodes the proofs use; halmos answers them at forge's cheatcode address.
interface IHalmosVm {
    function assume(bool condition) external pure;
    function warp(uint256 timestamp) external;
    function deal(address account, uint256 balance) external;
    function prank(address sender) external;
}

/// @notice Deploys the two facets once (the implementations a factory clones) and opens
/// projects as clones of them with the factory's own argument encoding.
abstract contract ProofBase {
    IHalmosVm internal constant VM = IHalmosVm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);

    uint256 internal constant BPS = 10_000;
    uint256 internal constant SCALE = 1e18;
    uint256 internal constant MAX_AMOUNT = type(uint88).max;
    uint256 internal constant MAX_REVENUE = type(uint96).max;

    // The schedule of every clone: ideation ends at 1,000; a ranking completed at FINALIZED
    // gives rescue [2,000, 2,100), development [2,100, 2,200), testing [2,200, 2,300),
    // presale [2,300, 2,400), closed from 2,400.
    uint64 internal constant IDEATION_END = 1_000;
    uint40 internal constant FINALIZED = 2_000;
    uint256 internal constant DEVELOPMENT = 2_150;
    uint256 internal constant TESTING = 2_250;
    uint256 internal constant PRESALE = 2_350;
    uint256 internal constant CLOSED = 2_500;

    // Combination flags (ProjectBase)
    uint8 internal constant RESCUED = 1;
    uint8 internal constant PASSED = 2;
    uint8 internal constant TERMS_SET = 4;
    uint8 internal constant CLOSED_FLAG = 8;
    uint8 internal constant SUCCEEDED = 16;

    address internal constant CREATOR = address(0xC0);
    address internal constant TREASURY_FACTORY = address(0xFA);

    address internal implementation;
    ArgsEncoder internal encoder;

    function setUp() public virtual {
        implementation = address(new ProjectHarness(address(new ProjectProduction())));
        encoder = new ArgsEncoder();
    }

    /// @dev A project paid in ETH with `ratio`, `advanceBps` and `dimensions` parts; this contract
    /// is its shares contract (so it may call `moveShares`).
    function _open(uint16[4] memory ratio, uint16 advanceBps, uint256 dimensions)
        internal
        returns (ProjectHarness project)
    {
        ICobuildFactory.ProjectParams memory p;
        p.ideationEnd = IDEATION_END;
        p.rescueWindow = 100;
        p.developmentPeriod = 100;
        p.testingPeriod = 100;
        p.presalePeriod = 100;
        p.minTotal = 1;
        p.minStake = 1;
        p.slots = 1;
        p.ratioBps = ratio;
        p.advanceBps = advanceBps;
        p.quorum = 1;
        p.inspectors = new address[](1);
        p.inspectors[0] = address(0x1157);
        bytes memory args = encoder.encode(TREASURY_FACTORY, address(this), CREATOR, p, dimensions, 1);
        project = ProjectHarness(payable(Clones.cloneWithImmutableArgs(implementation, args)));
    }

    /// @dev The factory's rule on a ratio: four parts summing to 10,000 basis points.
    function _assumeRatio(uint16[4] memory ratio) internal pure {
        VM.assume(uint256(ratio[0]) + ratio[1] + ratio[2] + ratio[3] == BPS);
    }
}
