// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title BenchAttestations
/// @notice Benchmark anchor only (`make bench`): the storage and checks of an EAS attestation
/// (Ethereum Attestation Service `EAS.attest`/`revoke`: the attestation record with its uid, schema
/// check, time, expiry, revocation time, ref uid, recipient, attester and data bytes; only the
/// attester revokes), without EAS's resolver call and multi-attestation plumbing.
contract BenchAttestations {
    struct Attestation {
        bytes32 uid;
        bytes32 schema;
        uint64 time;
        uint64 expirationTime;
        uint64 revocationTime;
        bytes32 refUID;
        address recipient;
        address attester;
        bool revocable;
        bytes data;
    }

    event SchemaRegistered(bytes32 indexed uid);
    event Attested(address indexed recipient, address indexed attester, bytes32 uid, bytes32 indexed schema);
    event Revoked(address indexed recipient, address indexed attester, bytes32 uid, bytes32 indexed schema);

    error UnknownSchema(bytes32 schema);
    error NotAttester(bytes32 uid);
    error AlreadyRevoked(bytes32 uid);

    mapping(bytes32 schema => bool) private _schemas;
    mapping(bytes32 uid => Attestation) private _db;

    function register(string calldata schema) external returns (bytes32 uid) {
        uid = keccak256(bytes(schema));
        _schemas[uid] = true;
        emit SchemaRegistered(uid);
    }

    function attest(bytes32 schema, address recipient, uint64 expirationTime, bytes32 refUID, bytes calldata data)
        external
        returns (bytes32 uid)
    {
        if (!_schemas[schema]) revert UnknownSchema(schema);
        uid = keccak256(
            abi.encodePacked(schema, recipient, msg.sender, uint64(block.timestamp), expirationTime, true, refUID, data)
        );
        _db[uid] = Attestation({
            uid: uid,
            schema: schema,
            time: uint64(block.timestamp),
            expirationTime: expirationTime,
            revocationTime: 0,
            refUID: refUID,
            recipient: recipient,
            attester: msg.sender,
            revocable: true,
            data: data
        });
        emit Attested(recipient, msg.sender, uid, schema);
    }

    function revoke(bytes32 uid) external {
        Attestation storage a = _db[uid];
        if (a.attester != msg.sender) revert NotAttester(uid);
        if (a.revocationTime != 0) revert AlreadyRevoked(uid);
        a.revocationTime = uint64(block.timestamp);
        emit Revoked(a.recipient, msg.sender, uid, a.schema);
    }
}
