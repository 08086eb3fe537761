// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ISignedActions
/// @notice The common surface of contracts that accept EIP-712 signed actions relayed by anyone
/// (gasless for the signer): one nonce sequence per signer, a deadline per signature, and a domain
/// bound to the chain id and the verifying contract (ERC-5267 `eip712Domain` describes it).
/// @dev A signature is refused with a named error: `SignatureExpired` after its deadline,
/// OpenZeppelin's `InvalidAccountNonce(account, currentNonce)` when its nonce is not the signer's
/// next one (a replay, or one signed out of order), `InvalidSigner` when it does not recover to
/// (or, for a contract signer, is not accepted through ERC-1271 by) the expected signer — which is
/// what a signature made for another chain id, another contract or other arguments gives.
interface ISignedActions {
    /// @notice The signature's deadline has passed.
    error SignatureExpired(uint256 deadline, uint256 nowTime);
    /// @notice The signature is not `signer`'s over this action, chain and contract.
    error InvalidSigner(address signer);

    /// @notice The next nonce an `owner`'s signature must carry.
    function nonces(address owner) external view returns (uint256);

    /// @notice The EIP-712 domain separator (chain id and this contract).
    function DOMAIN_SEPARATOR() external view returns (bytes32);
}
