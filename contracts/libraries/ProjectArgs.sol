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
    /// @dev Size of the EIP-1167 runtime code in front of the arguments (see OpenZeppelin `Clones`).
    uint256 private constant _CLONE_CODE_SIZE = 0x2d;

    // ------------------------------------------------------------------ the fields
    // One typed getter per field of the layout above, and only here are its name, type, byte
    // offset and bit width written: each copies the 32 bytes at its offset of the running
    // contract's code to scratch space (EXTCODECOPY of our own, warm, code) and keeps the top
    // `width` bits. One assembly block each, not a shared reader: a call less on every read (the
    // hot paths read three fields). The getters make no clone check: on an implementation they
    // would read its code as arguments, so each entry point makes the check before its first
    // read (see {ProjectBase-_requireClone}).

    /// @notice The factory that opened the project.
    function factory() internal view returns (address value) {
        assembly ("memory-safe") {
            extcodecopy(address(), 0x00, add(_CLONE_CODE_SIZE, 0), 0x20)
            value := shr(sub(256, 160), mload(0x00))
        }
    }

    /// @notice The platform's shares contract, the only caller of `moveShares`.
    function shares() internal view returns (address value) {
        assembly ("memory-safe") {
            extcodecopy(address(), 0x00, add(_CLONE_CODE_SIZE, 20), 0x20)
            value := shr(sub(256, 160), mload(0x00))
        }
    }

    /// @notice The payment token; address(0) is ETH.
    function token() internal view returns (address value) {
        assembly ("memory-safe") {
            extcodecopy(address(), 0x00, add(_CLONE_CODE_SIZE, 40), 0x20)
            value := shr(sub(256, 160), mload(0x00))
        }
    }

    /// @notice The creator.
    function creator() internal view returns (address value) {
        assembly ("memory-safe") {
            extcodecopy(address(), 0x00, add(_CLONE_CODE_SIZE, 60), 0x20)
            value := shr(sub(256, 160), mload(0x00))
        }
    }

    /// @notice The hash of the project's content.
    function contentHash() internal view returns (bytes32 value) {
        assembly ("memory-safe") {
            extcodecopy(address(), 0x00, add(_CLONE_CODE_SIZE, 80), 0x20)
            value := shr(sub(256, 256), mload(0x00))
        }
    }

    /// @notice The end of ideation (a timestamp).
    function ideationEnd() internal view returns (uint64 value) {
        assembly ("memory-safe") {
            extcodecopy(address(), 0x00, add(_CLONE_CODE_SIZE, 112), 0x20)
            value := shr(sub(256, 64), mload(0x00))
        }
    }

    /// @notice The rescue window, from finalization (seconds).
    function rescueWindow() internal view returns (uint32 value) {
        assembly ("memory-safe") {
            extcodecopy(address(), 0x00, add(_CLONE_CODE_SIZE, 120), 0x20)
            value := shr(sub(256, 32), mload(0x00))
        }
    }

    /// @notice The R&D period, from the end of the rescue window (seconds).
    function developmentPeriod() internal view returns (uint32 value) {
        assembly ("memory-safe") {
            extcodecopy(address(), 0x00, add(_CLONE_CODE_SIZE, 124), 0x20)
            value := shr(sub(256, 32), mload(0x00))
        }
    }

    /// @notice The testing period, from the end of R&D (seconds).
    function testingPeriod() internal view returns (uint32 value) {
        assembly ("memory-safe") {
            extcodecopy(address(), 0x00, add(_CLONE_CODE_SIZE, 128), 0x20)
            value := shr(sub(256, 32), mload(0x00))
        }
    }

    /// @notice The presale period, from the end of testing (seconds).
    function presalePeriod() internal view returns (uint32 value) {
        assembly ("memory-safe") {
            extcodecopy(address(), 0x00, add(_CLONE_CODE_SIZE, 132), 0x20)
            value := shr(sub(256, 32), mload(0x00))
        }
    }

    /// @notice The launch condition: the least total funding of all combinations.
    function minTotal() internal view returns (uint128 value) {
        assembly ("memory-safe") {
            extcodecopy(address(), 0x00, add(_CLONE_CODE_SIZE, 136), 0x20)
            value := shr(sub(256, 128), mload(0x00))
        }
    }

    /// @notice The least stake that makes a backer a supporter.
    function minStake() internal view returns (uint128 value) {
        assembly ("memory-safe") {
            extcodecopy(address(), 0x00, add(_CLONE_CODE_SIZE, 152), 0x20)
            value := shr(sub(256, 128), mload(0x00))
        }
    }

    /// @notice How many combinations the ranking selects at most.
    function slots() internal view returns (uint16 value) {
        assembly ("memory-safe") {
            extcodecopy(address(), 0x00, add(_CLONE_CODE_SIZE, 168), 0x20)
            value := shr(sub(256, 16), mload(0x00))
        }
    }

    /// @notice How many combinations the ranking left out may be rescued at most.
    function maxRescues() internal view returns (uint16 value) {
        assembly ("memory-safe") {
            extcodecopy(address(), 0x00, add(_CLONE_CODE_SIZE, 170), 0x20)
            value := shr(sub(256, 16), mload(0x00))
        }
    }

    /// @notice A role's part of revenue in basis points; `role` 0 creator, 1 makers, 2 investors,
    /// 3 platform (the caller keeps `role` below 4).
    function ratioBps(uint256 role) internal view returns (uint16 value) {
        assembly ("memory-safe") {
            extcodecopy(address(), 0x00, add(_CLONE_CODE_SIZE, add(172, mul(2, role))), 0x20)
            value := shr(sub(256, 16), mload(0x00))
        }
    }

    /// @notice The part of a quote paid to its maker as an advance, in basis points.
    function advanceBps() internal view returns (uint16 value) {
        assembly ("memory-safe") {
            extcodecopy(address(), 0x00, add(_CLONE_CODE_SIZE, 180), 0x20)
            value := shr(sub(256, 16), mload(0x00))
        }
    }

    /// @notice The inspectors' quorum (their majority).
    function quorum() internal view returns (uint8 value) {
        assembly ("memory-safe") {
            extcodecopy(address(), 0x00, add(_CLONE_CODE_SIZE, 182), 0x20)
            value := shr(sub(256, 8), mload(0x00))
        }
    }

    /// @notice The order of the ranking.
    function rankBy() internal view returns (ICobuildFactory.RankBy value) {
        assembly ("memory-safe") {
            extcodecopy(address(), 0x00, add(_CLONE_CODE_SIZE, 183), 0x20)
            value := shr(sub(256, 8), mload(0x00))
        }
    }

    /// @notice The number of dimensions (parts) of a combination.
    function dimensions() internal view returns (uint8 value) {
        assembly ("memory-safe") {
            extcodecopy(address(), 0x00, add(_CLONE_CODE_SIZE, 184), 0x20)
            value := shr(sub(256, 8), mload(0x00))
        }
    }

    /// @notice The number of test conditions.
    function conditions() internal view returns (uint8 value) {
        assembly ("memory-safe") {
            extcodecopy(address(), 0x00, add(_CLONE_CODE_SIZE, 185), 0x20)
            value := shr(sub(256, 8), mload(0x00))
        }
    }

    /// @notice The number of inspectors.
    function inspectorCount() internal view returns (uint8 value) {
        assembly ("memory-safe") {
            extcodecopy(address(), 0x00, add(_CLONE_CODE_SIZE, 186), 0x20)
            value := shr(sub(256, 8), mload(0x00))
        }
    }

    /// @notice Inspector `index` (the caller keeps it below {inspectorCount}).
    function inspector(uint256 index) internal view returns (address value) {
        assembly ("memory-safe") {
            extcodecopy(address(), 0x00, add(_CLONE_CODE_SIZE, add(187, mul(20, index))), 0x20)
            value := shr(sub(256, 160), mload(0x00))
        }
    }

    // ------------------------------------------------------------------ encoding

    /// @notice Pack a project's configuration. Parameters are validated by the factory.
    function encode(
        address factory_,
        address shares_,
        address creator_,
        ICobuildFactory.ProjectParams calldata p,
        uint256 dimensions_,
        uint256 conditions_
    ) internal pure returns (bytes memory) {
        bytes memory head = abi.encodePacked(factory_, shares_, p.token, creator_, p.contentHash, p.ideationEnd);
        bytes memory periods = abi.encodePacked(
            p.rescueWindow, p.developmentPeriod, p.testingPeriod, p.presalePeriod, p.minTotal, p.minStake
        );
        bytes memory rules = abi.encodePacked(
            p.slots, p.maxRescues, p.ratioBps[0], p.ratioBps[1], p.ratioBps[2], p.ratioBps[3], p.advanceBps
        );
        bytes memory counts = abi.encodePacked(
            p.quorum, uint8(p.rankBy), uint8(dimensions_), uint8(conditions_), uint8(p.inspectors.length)
        );
        // abi.encodePacked would pad each array element to 32 bytes: pack the addresses by hand.
        bytes memory inspectors = "";
        for (uint256 i; i < p.inspectors.length; ++i) {
            inspectors = bytes.concat(inspectors, bytes20(p.inspectors[i]));
        }
        return bytes.concat(head, periods, rules, counts, inspectors);
    }
}
