// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICobuildConsent} from "../../../interfaces/consent/ICobuildConsent.sol";
import {FuzzSelector, HandlerTarget} from "../../utils/Targets.sol";
import {ConsentHandler} from "./ConsentHandler.sol";

/// @notice The invariants of {CobuildConsent} under {ConsentHandler}'s random owners, grantees,
/// relayers and strangers.
contract ConsentInvariants is HandlerTarget {
    ConsentHandler internal handler;

    /// @notice An invariant does not hold.
    error Broken(string why);

    function setUp() public {
        handler = new ConsentHandler();
    }

    function _target() internal view override returns (address) {
        return address(handler);
    }

    function targetSelectors() public view returns (FuzzSelector[] memory) {
        bytes4[] memory s = new bytes4[](6);
        s[0] = handler.grant.selector;
        s[1] = handler.grantBySig.selector;
        s[2] = handler.revoke.selector;
        s[3] = handler.replay.selector;
        s[4] = handler.use.selector;
        s[5] = handler.warp.selector;
        return _selectors(s);
    }

    /// @notice No grant is used more times than its count; each grant's count of uses is the
    /// handler's.
    function invariant_grantNeverUsedBeyondItsCount() public view {
        _noViolation("count");
        ICobuildConsent c = handler.consent();
        for (uint256 id = 1; id <= handler.grantCount(); ++id) {
            ICobuildConsent.Grant memory g = c.grantOf(id);
            if (g.uses > g.maxUses) revert Broken("a grant used beyond its count");
            if (g.uses != handler.grantOf(id).uses) revert Broken("a grant's uses differ from the books");
        }
    }

    /// @notice No use after a grant's expiry or once it was revoked.
    function invariant_noUseAfterExpiryOrRevocation() public view {
        _noViolation("expiry and revocation");
    }

    /// @notice Every use has exactly one receipt naming it, and a grant's receipts are its uses.
    function invariant_everyUseHasAReceipt() public view {
        _noViolation("receipt");
        ICobuildConsent c = handler.consent();
        for (uint256 id = 1; id <= handler.grantCount(); ++id) {
            if (handler.receipts(id) != c.grantOf(id).uses) revert Broken("a grant's receipts are not its uses");
        }
    }

    /// @notice A use is accepted only from the grantee, for the grant's purpose and an operation it
    /// grants, and a use the terms allow is never refused; no void grant is made.
    function invariant_usesFollowTheTerms() public view {
        _noViolation("terms");
    }

    /// @notice Only a grant's owner revokes it (directly or by its signature), once; every revocation
    /// and every grant is the handler's.
    function invariant_onlyTheOwnerRevokes() public view {
        _noViolation("owner");
        ICobuildConsent c = handler.consent();
        if (c.grantCount() != handler.grantCount()) revert Broken("grants miscounted");
        for (uint256 id = 1; id <= handler.grantCount(); ++id) {
            ConsentHandler.Ghost memory ghost = handler.grantOf(id);
            ICobuildConsent.Grant memory g = c.grantOf(id);
            if (g.revoked != ghost.revoked || g.owner != ghost.owner || g.grantee != ghost.grantee) {
                revert Broken("a grant differs from the books");
            }
        }
    }

    /// @notice A signature acts once, only by its owner's key, with the owner's next nonce, before its
    /// deadline: a replay never goes through, and each nonce is the handler's count.
    function invariant_signaturesActOnce() public view {
        _noViolation("signature");
        ICobuildConsent c = handler.consent();
        for (uint256 i; i < handler.peopleCount(); ++i) {
            address who = handler.person(i);
            if (c.nonces(who) != handler.nonceOf(who)) revert Broken("a nonce differs from the books");
        }
    }

    function _noViolation(bytes32 invariant) private view {
        string memory why = handler.violation(invariant);
        if (bytes(why).length != 0) revert Broken(why);
    }
}
