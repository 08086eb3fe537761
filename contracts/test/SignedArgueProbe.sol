// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SignedActions} from "../signatures/SignedActions.sol";

/// @title SignedArgueProbe
/// @notice Test-only reference of the `argueBySig` hook a project is meant to add (see
/// docs/architecture.md): the same domain and typed data, on `SignedActions`, without the
/// project's own checks. It proves `cobuild.consent.signing.sign_argue` and the Solidity struct hash
/// agree before the hook is wired into the project.
contract SignedArgueProbe is SignedActions {
    // EIP-712 type string: hashed at compile time, never stored
    // solhint-disable gas-small-strings
    bytes32 private constant ARGUE_TYPEHASH =
        keccak256("Argue(uint256 combo,bytes32 contentHash,address backer,uint256 nonce,uint256 deadline)");
    // solhint-enable gas-small-strings

    /// @notice What a project emits (`IProjectBase.ArgumentPublished`), with the signer as author.
    event ArgumentPublished(uint256 indexed combo, address indexed author, bytes32 contentHash);

    constructor() SignedActions("Cobuild Project", "1") {}

    /// @notice Publish `backer`'s signed argument (anyone relays).
    function argueBySig(
        uint256 combo,
        bytes32 contentHash,
        address backer,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external {
        bytes32 structHash = keccak256(abi.encode(ARGUE_TYPEHASH, combo, contentHash, backer, nonce, deadline));
        _useSignature(backer, structHash, nonce, deadline, signature);
        emit ArgumentPublished(combo, backer, contentHash);
    }
}
