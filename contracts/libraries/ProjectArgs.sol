// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICobuildFactory} from "../../interfaces/ICobuildFactory.sol";

/// @title ProjectArgs
/// @notice Encodes a project's configuration into the immutable arguments of its EIP-1167 clone
/// and reads it back from the running clone's own code.
/// @dev Why clone arguments: code costs 200 gas a byte once, at creation (~190 bytes here), against
/// 22,100 per storage slot; a read is an EXTCODECOPY of our own (warm) code, ~110 gas against 2,100 for
/// a cold slot on every investment; and the ratio, the inspectors and the deadlines are
/// immutable by construction: no function could write them even by mistake.
/// Layout (packed, big-endian), byte offsets:
///   0 factory(20) 20 shares(20) 40 token(20) 60 creator(20) 80 contentHash(32) 112 ideationEnd(8)
///   120 rescueWindow(4) 124 developmentPeriod(4) 128 testingPeriod(4) 132 presalePeriod(4)
///   136 minTotal(16) 152 minStake(16) 168 slots(2) 170 maxRescues(2) 172 ratio 4x(2)
///   180 advanceBps(2) 182 quorum(1) 183 rankBy(1) 184 dimensions(1) 185 conditions(1)
///   186 inspectorCount(1) 187 inspectors(20 each)
library ProjectArgs {
    uint256 internal constant FACTORY = 0;
    uint256 internal constant SHARES = 20;
    uint256 internal constant TOKEN = 40;
    uint256 internal constant CREATOR = 60;
    uint256 internal constant CONTENT_HASH = 80;
    uint256 internal constant IDEATION_END = 112;
    uint256 internal constant RESCUE_WINDOW = 120;
    uint256 internal constant DEVELOPMENT_PERIOD = 124;
    uint256 internal constant TESTING_PERIOD = 128;
    uint256 internal constant PRESALE_PERIOD = 132;
    uint256 internal constant MIN_TOTAL = 136;
    uint256 internal constant MIN_STAKE = 152;
    uint256 internal constant SLOTS = 168;
    uint256 internal constant MAX_RESCUES = 170;
    uint256 internal constant RATIO = 172; // creator, makers, investors, platform
    uint256 internal constant ADVANCE_BPS = 180;
    uint256 internal constant QUORUM = 182;
    uint256 internal constant RANK_BY = 183;
    uint256 internal constant DIMENSIONS = 184;
    uint256 internal constant CONDITIONS = 185;
    uint256 internal constant INSPECTOR_COUNT = 186;
    uint256 internal constant INSPECTORS = 187;

    /// @dev Size of the EIP-1167 runtime code in front of the arguments (see OpenZeppelin `Clones`).
    uint256 private constant _CLONE_CODE_SIZE = 0x2d;

    /// @notice Pack a project's configuration. Parameters are validated by the factory.
    function encode(
        address factory,
        address shares,
        address creator,
        ICobuildFactory.ProjectParams calldata p,
        uint256 dimensions,
        uint256 conditions
    ) internal pure returns (bytes memory) {
        bytes memory head = abi.encodePacked(factory, shares, p.token, creator, p.contentHash, p.ideationEnd);
        bytes memory periods = abi.encodePacked(
            p.rescueWindow, p.developmentPeriod, p.testingPeriod, p.presalePeriod, p.minTotal, p.minStake
        );
        bytes memory rules = abi.encodePacked(
            p.slots, p.maxRescues, p.ratioBps[0], p.ratioBps[1], p.ratioBps[2], p.ratioBps[3], p.advanceBps
        );
        bytes memory counts = abi.encodePacked(
            p.quorum, uint8(p.rankBy), uint8(dimensions), uint8(conditions), uint8(p.inspectors.length)
        );
        // abi.encodePacked would pad each array element to 32 bytes: pack the addresses by hand.
        bytes memory inspectors = "";
        for (uint256 i; i < p.inspectors.length; ++i) {
            inspectors = bytes.concat(inspectors, bytes20(p.inspectors[i]));
        }
        return bytes.concat(head, periods, rules, counts, inspectors);
    }

    /// @notice Read the `bits`-wide big-endian field at byte `offset` of the running clone's arguments.
    function read(uint256 offset, uint256 bits) internal view returns (uint256 value) {
        assembly ("memory-safe") {
            extcodecopy(address(), 0x00, add(_CLONE_CODE_SIZE, offset), 0x20)
            value := shr(sub(256, bits), mload(0x00))
        }
    }

    /// @notice Read an address field.
    function readAddress(uint256 offset) internal view returns (address) {
        return address(uint160(read(offset, 160)));
    }
}
