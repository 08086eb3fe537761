// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CobuildFactory} from "../../../contracts/CobuildFactory.sol";
import {CobuildProject} from "../../../contracts/project/CobuildProject.sol";
import {ProjectProduction} from "../../../contracts/project/ProjectProduction.sol";
import {DecimalsToken} from "../../../contracts/test/DecimalsToken.sol";
import {TestToken} from "../../../contracts/test/TestToken.sol";
import {ProjectHandler} from "./ProjectHandler.sol";

/// @notice The platform the project suites act on: the two facets, the factory (with its shares
/// contract), an 18-decimal and a 6-decimal token, and the handler.
abstract contract ProjectSetup {
    ProjectHandler internal handler;

    function setUp() public {
        ProjectProduction production = new ProjectProduction();
        CobuildProject implementation = new CobuildProject(address(production));
        address treasury = address(0x7EA5);
        CobuildFactory factory = new CobuildFactory(address(implementation), treasury, "ipfs://shares/{id}");
        TestToken token18 = new TestToken("Test 18", "T18");
        DecimalsToken token6 = new DecimalsToken("Test 6", "T6", 6);
        handler = new ProjectHandler(factory, treasury, address(token18), address(token6));
    }

    /// @dev The end of a run: everyone withdraws everything; nothing may be left but dust.
    function _drainAndCheck() internal {
        handler.drain();
        string memory problem = handler.drainedProblem();
        require(bytes(problem).length == 0, problem);
        for (uint256 k; k < 9; ++k) {
            require(handler.violations(k) == 0, handler.firstViolation(k));
        }
    }
}
