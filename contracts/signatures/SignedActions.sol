// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

import {ISignedActions} from "../../interfaces/signatures/ISignedActions.sol";

/// @title SignedActions
/// @notice Base of contracts that accept EIP-712 signed actions relayed by anyone (see
/// {ISignedActions}). A project's `argueBySig` is meant to use the same base.
/// @dev OpenZeppelin's EIP712 rebuilds the domain separator when `address(this)` or the chain id
/// differs from the cached one, so the domain also binds clones and forks correctly.
abstract contract SignedActions is ISignedActions, EIP712, Nonces {
    constructor(string memory name, string memory version) EIP712(name, version) {}

    /// @inheritdoc ISignedActions
    function nonces(address owner) public view virtual override(ISignedActions, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    /// @inheritdoc ISignedActions
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @dev Spends `signer`'s `nonce` and checks its signature of `structHash` (the nonce and the
    /// deadline must be part of the struct) before `deadline`. Order of checks: deadline, nonce,
    /// signature: a replay is named by its spent nonce, whatever else it changes.
    function _useSignature(
        address signer,
        bytes32 structHash,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) internal {
        if (block.timestamp > deadline) revert SignatureExpired(deadline, block.timestamp);
        _useCheckedNonce(signer, nonce);
        if (!SignatureChecker.isValidSignatureNowCalldata(signer, _hashTypedDataV4(structHash), signature)) {
            revert InvalidSigner(signer);
        }
    }
}
