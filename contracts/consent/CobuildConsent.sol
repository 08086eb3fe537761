// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICobuildConsent} from "../../interfaces/consent/ICobuildConsent.sol";
import {ISignedActions} from "../../interfaces/signatures/ISignedActions.sol";
import {SignedActions} from "../signatures/SignedActions.sol";

/// @title CobuildConsent
/// @notice Grants over one's own data, their uses and revocations (see {ICobuildConsent}).
/// No owner, no admin: only a data owner creates (or signs) and revokes its grants, only the
/// grantee uses them, and nothing here moves money.
contract CobuildConsent is ICobuildConsent, SignedActions {
    // EIP-712 type strings: hashed at compile time, never stored
    // solhint-disable gas-small-strings
    bytes32 private constant GRANT_TYPEHASH = keccak256(
        "Grant(address grantee,bytes32 data,string location,bytes32 purpose,uint32 operations,uint32 maxUses,"
        "uint64 expiry,address owner,uint256 nonce,uint256 deadline)"
    );
    bytes32 private constant REVOKE_TYPEHASH = keccak256("Revoke(uint256 id,uint256 nonce,uint256 deadline)");
    // solhint-enable gas-small-strings

    mapping(uint256 id => Grant) private _grants;
    uint256 private _count;

    constructor() SignedActions("Cobuild Consent", "1") {}

    /// @inheritdoc ICobuildConsent
    function grant(Terms calldata terms) external returns (uint256 id) {
        return _grant(terms, msg.sender);
    }

    /// @inheritdoc ICobuildConsent
    function grantBySig(
        Terms calldata terms,
        address owner,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external returns (uint256 id) {
        bytes32 structHash = keccak256(
            abi.encode(
                GRANT_TYPEHASH,
                terms.grantee,
                terms.data,
                keccak256(bytes(terms.location)),
                terms.purpose,
                terms.operations,
                terms.maxUses,
                terms.expiry,
                owner,
                nonce,
                deadline
            )
        );
        _useSignature(owner, structHash, nonce, deadline, signature);
        return _grant(terms, owner);
    }

    /// @inheritdoc ICobuildConsent
    function revoke(uint256 id) external {
        Grant storage g = _revocable(id);
        if (msg.sender != g.owner) revert NotGrantOwner(id, msg.sender);
        _revoke(id, g);
    }

    /// @inheritdoc ICobuildConsent
    function revokeBySig(uint256 id, uint256 nonce, uint256 deadline, bytes calldata signature) external {
        Grant storage g = _revocable(id);
        _useSignature(g.owner, keccak256(abi.encode(REVOKE_TYPEHASH, id, nonce, deadline)), nonce, deadline, signature);
        _revoke(id, g);
    }

    /// @inheritdoc ICobuildConsent
    function use(uint256 id, bytes32 purpose, uint8 operation) external returns (uint32 useNumber) {
        Grant storage g = _existing(id);
        if (msg.sender != g.grantee) revert NotGrantee(id, msg.sender);
        if (g.revoked) revert GrantRevoked(id);
        if (block.timestamp > g.expiry) revert GrantExpired(id, g.expiry);
        if (purpose != g.purpose) revert PurposeMismatch(id, purpose);
        if ((uint256(g.operations) >> operation) & 1 == 0) revert OperationNotGranted(id, operation);
        useNumber = g.uses + 1;
        if (useNumber > g.maxUses) revert UsesExhausted(id, g.maxUses);
        g.uses = useNumber;
        emit DataUsed(id, g.owner, msg.sender, purpose, operation, useNumber);
    }

    /// @inheritdoc ICobuildConsent
    function grantOf(uint256 id) external view returns (Grant memory) {
        return _existing(id);
    }

    /// @inheritdoc ICobuildConsent
    function usable(uint256 id, bytes32 purpose, uint8 operation) external view returns (bool) {
        Grant storage g = _grants[id];
        return g.owner != address(0) && !g.revoked && block.timestamp <= g.expiry && purpose == g.purpose
            && (uint256(g.operations) >> operation) & 1 == 1 && g.uses < g.maxUses;
    }

    /// @inheritdoc SignedActions
    function nonces(address owner) public view override(ISignedActions, SignedActions) returns (uint256) {
        return super.nonces(owner);
    }

    /// @inheritdoc ICobuildConsent
    function grantCount() external view returns (uint256) {
        return _count;
    }

    function _grant(Terms calldata t, address owner) private returns (uint256 id) {
        if (t.grantee == address(0) || t.operations == 0 || t.maxUses == 0 || t.expiry < block.timestamp) {
            revert InvalidTerms(t.grantee, t.operations, t.maxUses, t.expiry);
        }
        id = ++_count;
        _grants[id] = Grant({
            owner: owner,
            expiry: t.expiry,
            maxUses: t.maxUses,
            grantee: t.grantee,
            uses: 0,
            operations: t.operations,
            revoked: false,
            purpose: t.purpose,
            data: t.data
        });
        emit ConsentGranted(id, owner, t.grantee, t.data, t.location, t.purpose, t.operations, t.maxUses, t.expiry);
    }

    function _revoke(uint256 id, Grant storage g) private {
        g.revoked = true;
        emit ConsentRevoked(id, g.owner, g.grantee);
    }

    function _revocable(uint256 id) private view returns (Grant storage g) {
        g = _existing(id);
        if (g.revoked) revert GrantRevoked(id);
    }

    function _existing(uint256 id) private view returns (Grant storage g) {
        g = _grants[id];
        if (g.owner == address(0)) revert UnknownGrant(id);
    }
}
