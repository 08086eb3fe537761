// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IProjectBase} from "../../../interfaces/IProjectBase.sol";
import {ProjectHandler} from "./ProjectHandler.sol";
import {ProjectSetup} from "./ProjectSetup.sol";

/// @notice A scripted walk of the handler through one whole lifecycle (the suite's smoke test: the
/// handler's actions reach every phase), then the end-of-run drain and its checks.
contract ProjectLifecycle is ProjectSetup {
    function _do(bytes memory call) internal returns (bool ok) {
        (ok,) = address(handler).call(call);
    }

    function _must(bytes memory call, string memory what) internal {
        (bool ok, bytes memory err) = address(handler).call(call);
        if (!ok) {
            assembly {
                revert(add(err, 32), mload(err))
            }
        }
        what;
    }

    function test_aWholeLifecycleThroughTheHandler() public {
        _must(abi.encodeCall(ProjectHandler.createProject, (1 << 56)), "create");
        for (uint256 i; i < 30; ++i) {
            _do(abi.encodeCall(ProjectHandler.investInNew, (uint256(keccak256(abi.encode(i))))));
        }
        require(uint256(handler.phaseOf(0)) == uint256(IProjectBase.Phase.Ideation), "ideation");
        _must(abi.encodeCall(ProjectHandler.warpTo, (0)), "to finalizing");
        _must(abi.encodeCall(ProjectHandler.finalizeHonest, (1 << 16)), "finalize");
        for (uint256 k; k < 3 && handler.phaseOf(0) == IProjectBase.Phase.Finalizing; ++k) {
            _must(abi.encodeCall(ProjectHandler.finalizeHonest, (1 << 16)), "finalize");
        }
        require(uint256(handler.phaseOf(0)) == uint256(IProjectBase.Phase.Rescue), "rescue");
        _must(abi.encodeCall(ProjectHandler.warpTo, (0)), "to development");
        for (uint256 i; i < 10; ++i) {
            _do(abi.encodeCall(ProjectHandler.deliver, (i << 24)));
        }
        _must(abi.encodeCall(ProjectHandler.warpTo, (0)), "to testing");
        for (uint256 i; i < 30; ++i) {
            _do(abi.encodeCall(ProjectHandler.verdict, (uint256(keccak256(abi.encode("v", i))) & ~uint256(3 << 40))));
        }
        _must(abi.encodeCall(ProjectHandler.warpTo, (0)), "to presale");
        for (uint256 i; i < 10; ++i) {
            _do(abi.encodeCall(ProjectHandler.setTerms, (uint256(keccak256(abi.encode("t", i))))));
            _do(abi.encodeCall(ProjectHandler.offerAddon, (uint256(keccak256(abi.encode("a", i))))));
            _do(abi.encodeCall(ProjectHandler.order, (uint256(keccak256(abi.encode("o", i))))));
            _do(abi.encodeCall(ProjectHandler.commitBond, (uint256(keccak256(abi.encode("b", i))))));
        }
        _must(abi.encodeCall(ProjectHandler.warpTo, (0)), "to closed");
        require(uint256(handler.phaseOf(0)) == uint256(IProjectBase.Phase.Closed), "closed");
        for (uint256 i; i < 10; ++i) {
            _do(abi.encodeCall(ProjectHandler.depositRevenue, (uint256(keccak256(abi.encode("d", i))))));
            _do(abi.encodeCall(ProjectHandler.transferShares, (uint256(keccak256(abi.encode("s", i))))));
            _do(abi.encodeCall(ProjectHandler.award, (uint256(keccak256(abi.encode("w", i))))));
            _do(abi.encodeCall(ProjectHandler.claimRevenue, (uint256(keccak256(abi.encode("r", i))))));
        }
        require(handler.models() != 0, "no model");
        _drainAndCheck();
    }
}
