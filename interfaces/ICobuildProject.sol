// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IProjectProduction} from "./IProjectProduction.sol";
import {IProjectSelection} from "./IProjectSelection.sol";

/// @title ICobuildProject
/// @notice One crowd-built product project: makers' options, escrowed investment in combinations,
/// selection (top n plus rescue), R&D with advances, inspectors' testing, presale with add-ons and
/// after-sales bonds, and revenue shared by a fixed role ratio and by merit.
/// @dev A project is an EIP-1167 clone created by {ICobuildFactory}; its configuration is immutable
/// (appended to the clone's bytecode). Every coin it holds leaves only through the functions below,
/// each by pull, to the account the rules name. Phases that follow from time are derived, never stored.
interface ICobuildProject is IProjectSelection, IProjectProduction {}
