// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";

import {ICobuildFactory} from "../interfaces/ICobuildFactory.sol";
import {CobuildShares} from "./CobuildShares.sol";
import {ProjectArgs} from "./libraries/ProjectArgs.sol";

/// @title CobuildFactory
/// @notice Opens Cobuild projects as EIP-1167 clones of one implementation, with the whole
/// configuration in the clone's immutable arguments; keeps the registry; holds the treasury role.
/// @dev The factory has no power over any project's escrow: a project reads the treasury from here
/// only to know who may withdraw the platform's part of revenue, and the treasury can only hand its
/// role on (propose, then accept).
contract CobuildFactory is ICobuildFactory {
    uint256 private constant _MAX_DIMENSIONS = 8;
    uint256 private constant _MAX_CONDITIONS = 32;
    uint256 private constant _MAX_INSPECTORS = 16;
    uint256 private constant _BPS = 10_000;

    address private immutable _implementation;
    address private immutable _shares;

    address private _treasury;
    address private _pendingTreasury;
    address[] private _projects;
    mapping(address project => uint256 id) private _projectIds;

    /// @param implementation_ the {CobuildProject} implementation
    /// @param treasury_ the platform treasury
    /// @param sharesUri_ the ERC-1155 metadata URI template of the shares contract
    constructor(address implementation_, address treasury_, string memory sharesUri_) {
        if (treasury_ == address(0)) revert InvalidTreasury(treasury_);
        if (implementation_.code.length == 0) revert InvalidImplementation(implementation_);
        _implementation = implementation_;
        _treasury = treasury_;
        _shares = address(new CobuildShares(sharesUri_));
        emit TreasuryChanged(address(0), treasury_);
    }

    /// @inheritdoc ICobuildFactory
    function createProject(ProjectParams calldata params, ProjectLabels calldata labels)
        external
        returns (address project)
    {
        _validate(params, labels);
        bytes memory args = ProjectArgs.encode(
            address(this), _shares, msg.sender, params, labels.dimensions.length, labels.conditions.length
        );
        project = Clones.cloneWithImmutableArgs(_implementation, args);
        _projects.push(project);
        uint256 id = _projects.length;
        _projectIds[project] = id;
        emit ProjectCreated(project, id, msg.sender, params, labels);
    }

    /// @inheritdoc ICobuildFactory
    function proposeTreasury(address next) external {
        if (msg.sender != _treasury) revert NotTreasury(msg.sender);
        if (next == address(0)) revert InvalidTreasury(next);
        _pendingTreasury = next;
        emit TreasuryProposed(msg.sender, next);
    }

    /// @inheritdoc ICobuildFactory
    function acceptTreasury() external {
        if (msg.sender != _pendingTreasury) revert NotTreasury(msg.sender);
        address previous = _treasury;
        _treasury = msg.sender;
        delete _pendingTreasury;
        emit TreasuryChanged(previous, msg.sender);
    }

    /// @inheritdoc ICobuildFactory
    function treasury() external view returns (address) {
        return _treasury;
    }

    /// @inheritdoc ICobuildFactory
    function pendingTreasury() external view returns (address) {
        return _pendingTreasury;
    }

    /// @inheritdoc ICobuildFactory
    function implementation() external view returns (address) {
        return _implementation;
    }

    /// @inheritdoc ICobuildFactory
    function shares() external view returns (address) {
        return _shares;
    }

    /// @inheritdoc ICobuildFactory
    function projectId(address project) external view returns (uint256) {
        return _projectIds[project];
    }

    /// @inheritdoc ICobuildFactory
    function projectCount() external view returns (uint256) {
        return _projects.length;
    }

    /// @inheritdoc ICobuildFactory
    function projectAt(uint256 id) external view returns (address) {
        return _projects[id - 1];
    }

    function _validate(ProjectParams calldata p, ProjectLabels calldata labels) private view {
        uint256 sum = uint256(p.ratioBps[0]) + p.ratioBps[1] + p.ratioBps[2] + p.ratioBps[3];
        if (sum != _BPS) revert InvalidRatio(sum);
        if (p.ideationEnd <= block.timestamp || p.ideationEnd > type(uint40).max) {
            revert InvalidIdeationEnd(p.ideationEnd, block.timestamp);
        }
        if (p.rescueWindow == 0 || p.developmentPeriod == 0 || p.testingPeriod == 0 || p.presalePeriod == 0) {
            revert InvalidPeriod();
        }
        if (p.slots == 0) revert InvalidSlots(p.slots);
        if (labels.dimensions.length == 0 || labels.dimensions.length > _MAX_DIMENSIONS) {
            revert InvalidDimensions(labels.dimensions.length);
        }
        if (labels.conditions.length == 0 || labels.conditions.length > _MAX_CONDITIONS) {
            revert InvalidConditions(labels.conditions.length);
        }
        if (p.advanceBps > _BPS) revert InvalidAdvance(p.advanceBps);
        // totals are kept in 112 bits; a minimum stake of zero would make every backer a supporter
        if (p.minStake == 0 || p.minTotal > type(uint112).max) revert InvalidLaunchConditions(p.minTotal, p.minStake);
        if (p.token != address(0) && p.token.code.length == 0) revert InvalidToken(p.token);
        uint256 m = p.inspectors.length;
        // the quorum is the panel's majority, floor(m/2) + 1, and nothing else: a higher quorum
        // would let a minority of m - k + 1 fail (or, by abstaining, block) a prototype; a lower
        // one would let a minority pass it or grant an award
        if (m == 0 || m > _MAX_INSPECTORS || p.quorum != m / 2 + 1) {
            revert InvalidInspectors(p.quorum, m);
        }
        for (uint256 i; i < m; ++i) {
            if (p.inspectors[i] == address(0)) revert InvalidInspectors(p.quorum, m);
            for (uint256 j; j < i; ++j) {
                if (p.inspectors[j] == p.inspectors[i]) revert InvalidInspectors(p.quorum, m);
            }
        }
    }
}
