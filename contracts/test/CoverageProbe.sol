// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";

/// @title CoverageProbe
/// @notice Known-shape contract for the coverage tool's self-test (tools/coverage/selftest).
/// @dev Used through an EIP-1167 clone whose implementation delegatecalls a facet, like the
///      product contracts. Do not change without updating the expected numbers in the self-test.
contract CoverageProbe {
    uint256 public total;
    address public facet;
    bool private _initialized;

    error AlreadyInitialized();
    error FacetFailed();

    constructor() {
        _initialized = true;
    }

    function initialize(address facet_) external {
        if (_initialized) revert AlreadyInitialized();
        _initialized = true;
        facet = facet_;
    }

    function add(uint256 x) external returns (uint256) {
        if (x > 10) {
            total += x;
        } else {
            ++total;
        }
        return total;
    }

    function viaFacet(uint256 x) external {
        (bool ok, ) = facet.delegatecall(abi.encodeCall(CoverageProbeFacet.bump, (x)));
        require(ok, FacetFailed());
    }

    /// @dev Only ever called (eth_call), never in a transaction.
    function doubled() external view returns (uint256) {
        return total * 2;
    }

    function neverCalled() external {
        total = 0;
    }
}

/// @notice Facet reached by delegatecall from a CoverageProbe clone.
contract CoverageProbeFacet {
    uint256 public total;

    function bump(uint256 x) external {
        total = x == 0 ? 1 : x;
    }
}

/// @notice Deploys CoverageProbe clones.
contract CoverageProbeFactory {
    function clone(address implementation, address facet) external returns (address instance) {
        instance = Clones.clone(implementation);
        CoverageProbe(instance).initialize(facet);
    }
}
