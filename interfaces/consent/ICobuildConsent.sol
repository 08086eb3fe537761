// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ISignedActions} from "../signatures/ISignedActions.sol";

/// @title ICobuildConsent
/// @notice Consent over one's own data. A data owner grants a grantee the use of one data item
/// (its hash and where it lives) for one purpose, a set of operations, a maximum number of uses
/// and until an expiry. Only the owner revokes, and a revocation holds from its block on. The
/// grantee records each use; a use is refused when the grant is revoked, expired, used up, for
/// another purpose or for an operation not granted, and every accepted use emits a receipt
/// ({DataUsed}) indexed by the owner.
/// @dev Grants and revocations can also be signed by the owner (EIP-712, domain "Cobuild
/// Consent", version "1", bound to the chain id and this contract) and relayed by anyone. Each
/// signature carries the owner's next nonce ({nonces}) and a deadline, so it is valid once, on
/// this chain, on this contract, until its deadline. Owners that are contracts sign through
/// ERC-1271. The data itself never goes on chain: `data` is its digest (or a commitment to it)
/// and `location` says where the owner keeps it (e.g. an encrypted blob's URI).
interface ICobuildConsent is ISignedActions {
    /// @notice What the owner grants.
    struct Terms {
        address grantee; // who may use the data item
        bytes32 data; // digest of the data item
        string location; // where the data item lives (emitted, not stored)
        bytes32 purpose; // the one purpose it may be used for, e.g. keccak256("delivery")
        uint32 operations; // bit i set = operation i allowed (e.g. 0 read, 1 store, 2 share, 3 contact)
        uint32 maxUses; // uses allowed in total, at least 1
        uint64 expiry; // last timestamp at which a use is allowed
    }

    /// @notice A grant as stored.
    struct Grant {
        address owner;
        uint64 expiry;
        uint32 maxUses;
        address grantee;
        uint32 uses;
        uint32 operations;
        bool revoked;
        bytes32 purpose;
        bytes32 data;
    }

    /// @notice `owner` granted `grantee` the use of a data item (grant `id`).
    event ConsentGranted(
        uint256 indexed id,
        address indexed owner,
        address indexed grantee,
        bytes32 data,
        string location,
        bytes32 purpose,
        uint32 operations,
        uint32 maxUses,
        uint64 expiry
    );
    /// @notice The owner revoked grant `id`; no use is accepted from this block on.
    event ConsentRevoked(uint256 indexed id, address indexed owner, address indexed grantee);
    /// @notice The receipt of one use: the `useNumber`-th use of grant `id` (1-based).
    event DataUsed(
        uint256 indexed id,
        address indexed owner,
        address indexed grantee,
        bytes32 purpose,
        uint8 operation,
        uint32 useNumber
    );

    /// @notice No grant has this id.
    error UnknownGrant(uint256 id);
    /// @notice Only the grant's owner may revoke it (directly or by signature).
    error NotGrantOwner(uint256 id, address caller);
    /// @notice Only the grant's grantee may use it.
    error NotGrantee(uint256 id, address caller);
    /// @notice The grant was revoked.
    error GrantRevoked(uint256 id);
    /// @notice The grant expired at `expiry`.
    error GrantExpired(uint256 id, uint256 expiry);
    /// @notice The grant's uses are all spent.
    error UsesExhausted(uint256 id, uint256 maxUses);
    /// @notice The use is for another purpose than the grant's.
    error PurposeMismatch(uint256 id, bytes32 purpose);
    /// @notice The operation is not in the grant's set.
    error OperationNotGranted(uint256 id, uint8 operation);
    /// @notice Terms with no grantee, no operation or no use, or an expiry already past.
    error InvalidTerms(address grantee, uint32 operations, uint32 maxUses, uint64 expiry);

    /// @notice Grant `terms` over the caller's data item.
    /// @return id the new grant's id (1-based, in order of creation)
    function grant(Terms calldata terms) external returns (uint256 id);

    /// @notice Grant `terms` over `owner`'s data item with the owner's EIP-712 signature of
    /// `Grant(address grantee,bytes32 data,string location,bytes32 purpose,uint32 operations,
    /// uint32 maxUses,uint64 expiry,address owner,uint256 nonce,uint256 deadline)`. Anyone relays.
    /// @dev Reverts `SignatureExpired` after `deadline`, `InvalidAccountNonce` unless `nonce` is the
    /// owner's next nonce, `InvalidSigner` if the signature is not the owner's for this chain and
    /// contract.
    /// @return id the new grant's id
    function grantBySig(
        Terms calldata terms,
        address owner,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external returns (uint256 id);

    /// @notice Revoke grant `id` (its owner only).
    function revoke(uint256 id) external;

    /// @notice Revoke grant `id` with its owner's EIP-712 signature of
    /// `Revoke(uint256 id,uint256 nonce,uint256 deadline)`. Anyone relays.
    /// @dev Same signature errors as {grantBySig}; `UnknownGrant`, `GrantRevoked` as {revoke}.
    function revokeBySig(uint256 id, uint256 nonce, uint256 deadline, bytes calldata signature) external;

    /// @notice Record one use of grant `id` for `purpose` and `operation` (its grantee only);
    /// emits the receipt {DataUsed}.
    /// @return useNumber how many uses the grant has had, this one included
    function use(uint256 id, bytes32 purpose, uint8 operation) external returns (uint32 useNumber);

    /// @notice Grant `id` as stored (reverts `UnknownGrant` for an id never granted).
    function grantOf(uint256 id) external view returns (Grant memory);

    /// @notice Whether grant `id` accepts a use for `purpose` and `operation` right now (by its
    /// grantee); false for an unknown id.
    function usable(uint256 id, bytes32 purpose, uint8 operation) external view returns (bool);

    /// @notice How many grants were made.
    function grantCount() external view returns (uint256);
}
