// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICobuildConsent} from "../../../interfaces/consent/ICobuildConsent.sol";
import {CobuildConsent} from "../../../contracts/consent/CobuildConsent.sol";
import {Draws} from "../../utils/Draws.sol";
import {Vm, VM_ADDRESS} from "../../utils/Vm.sol";

/// @notice Data owners, grantees, relayers and strangers acting at random on {CobuildConsent}:
/// grants made directly and by EIP-712 signatures (some signed by another key, with a stale or a
/// future nonce, or past their deadline), uses (some for another purpose, an operation not granted,
/// by someone else), revocations directly and by signature, replays of signatures already used, and
/// time passing over expiries and deadlines. The handler keeps each grant's terms, uses, receipts and
/// revocation, and each owner's nonce, by its own books.
/// @dev Handler functions revert when the call they make reverts, so forge's metrics count the
/// refusals per function; a broken rule is recorded (`violation`) and the invariant owning it fails.
contract ConsentHandler is Draws {
    Vm internal constant vm = Vm(VM_ADDRESS);
    uint256 private constant PEOPLE = 5;
    uint256 private constant MAX_GRANTS = 120;

    bytes32 private constant GRANT_TYPEHASH = keccak256(
        "Grant(address grantee,bytes32 data,string location,bytes32 purpose,uint32 operations,uint32 maxUses,"
        "uint64 expiry,address owner,uint256 nonce,uint256 deadline)"
    );
    bytes32 private constant REVOKE_TYPEHASH = keccak256("Revoke(uint256 id,uint256 nonce,uint256 deadline)");
    bytes32 private constant DATA_USED = keccak256("DataUsed(uint256,address,address,bytes32,uint8,uint32)");

    bytes32 internal constant COUNT = "count";
    bytes32 internal constant LIMITS = "expiry and revocation";
    bytes32 internal constant TERMS = "terms";
    bytes32 internal constant RECEIPT = "receipt";
    bytes32 internal constant OWNER = "owner";
    bytes32 internal constant SIGNATURE = "signature";

    CobuildConsent public immutable consent;
    address[PEOPLE] public people;
    uint256[PEOPLE] private _keys;

    struct Ghost {
        address owner;
        address grantee;
        bytes32 purpose;
        uint32 operations;
        uint32 maxUses;
        uint64 expiry;
        uint32 uses;
        bool revoked;
    }

    uint256 public grantCount;
    mapping(uint256 id => Ghost) private _grants;
    mapping(uint256 id => uint256) public receipts;
    mapping(address owner => uint256) public nonceOf;
    bytes[] private _usedSignatureCalls; // calldata of signed calls that went through, to replay
    mapping(bytes32 invariant => string) public violation;

    /// @notice The handler could not make this call meaningful (no grant yet, a cap reached).

    constructor() {
        consent = new CobuildConsent();
        for (uint256 i; i < PEOPLE; ++i) {
            _keys[i] = 0xC0FFEE + i;
            people[i] = vm.addr(_keys[i]);
        }
    }

    // ------------------------------------------------------------------ grants

    /// @notice A person grants another the use of a data item; one time in eight with terms the
    /// contract must refuse (no operation, no use, an expiry past).
    function grant(uint256 ownerSeed, uint256 granteeSeed, uint256 termsSeed) external {
        (ownerSeed, granteeSeed, termsSeed) = (_mix(ownerSeed, 0), _mix(granteeSeed, 1), _mix(termsSeed, 2));
        _need(grantCount < MAX_GRANTS, "enough grants");
        address owner = people[ownerSeed % PEOPLE];
        ICobuildConsent.Terms memory t = _terms(granteeSeed, termsSeed);
        vm.prank(owner);
        (bool ok, bytes memory ret) = address(consent).call(abi.encodeCall(ICobuildConsent.grant, (t)));
        if (!ok) _bubble(ret);
        _granted(abi.decode(ret, (uint256)), owner, t);
    }

    /// @notice A relayer submits an owner's signed grant; one time in eight signed by another key,
    /// one in eight with a wrong nonce, one in eight past its deadline.
    function grantBySig(uint256 ownerSeed, uint256 granteeSeed, uint256 termsSeed, uint256 sigSeed) external {
        (ownerSeed, granteeSeed, termsSeed, sigSeed) =
        (_mix(ownerSeed, 0), _mix(granteeSeed, 1), _mix(termsSeed, 2), _mix(sigSeed, 3));
        _need(grantCount < MAX_GRANTS, "enough grants");
        uint256 o = ownerSeed % PEOPLE;
        address owner = people[o];
        ICobuildConsent.Terms memory t = _terms(granteeSeed, termsSeed);
        (uint256 key, uint256 nonce, uint256 deadline) = _signing(o, owner, sigSeed);
        bytes32 structHash = keccak256(
            abi.encode(
                GRANT_TYPEHASH,
                t.grantee,
                t.data,
                keccak256(bytes(t.location)),
                t.purpose,
                t.operations,
                t.maxUses,
                t.expiry,
                owner,
                nonce,
                deadline
            )
        );
        bytes memory data =
            abi.encodeCall(ICobuildConsent.grantBySig, (t, owner, nonce, deadline, _sign(key, structHash)));
        vm.prank(people[(sigSeed >> 64) % PEOPLE]);
        (bool ok, bytes memory ret) = address(consent).call(data);
        if (!ok) _bubble(ret);
        _signed(key == _keys[o], owner, nonce, deadline, data);
        _granted(abi.decode(ret, (uint256)), owner, t);
    }

    // ------------------------------------------------------------------ revocations

    /// @notice A grant is revoked: one time in two by its owner (one time in eight someone else),
    /// else by the owner's signature relayed by anyone (signed by another key, with a wrong nonce or
    /// past its deadline one time in eight each).
    function revoke(uint256 callerSeed, uint256 grantSeed, uint256 sigSeed) external {
        (callerSeed, grantSeed, sigSeed) = (_mix(callerSeed, 0), _mix(grantSeed, 1), _mix(sigSeed, 2));
        uint256 id = _grantWhere(grantSeed, false);
        Ghost storage g = _grants[id];
        bool bySig = sigSeed % 2 == 0;
        sigSeed >>= 1;
        bytes memory data;
        uint256 key;
        uint256 nonce;
        uint256 deadline;
        address caller = callerSeed % 8 == 0 ? people[(callerSeed >> 3) % PEOPLE] : g.owner;
        if (bySig) {
            (key, nonce, deadline) = _signing(_index(g.owner), g.owner, sigSeed);
            bytes memory sig = _sign(key, keccak256(abi.encode(REVOKE_TYPEHASH, id, nonce, deadline)));
            data = abi.encodeCall(ICobuildConsent.revokeBySig, (id, nonce, deadline, sig));
            caller = people[(sigSeed >> 64) % PEOPLE];
        } else {
            data = abi.encodeCall(ICobuildConsent.revoke, (id));
        }
        vm.prank(caller);
        (bool ok, bytes memory ret) = address(consent).call(data);
        if (!ok) _bubble(ret);
        if (bySig) _signed(key == _keys[_index(g.owner)], g.owner, nonce, deadline, data);
        else if (caller != g.owner) _break(OWNER, "someone else revoked a grant");
        if (g.revoked) _break(OWNER, "a grant revoked twice");
        g.revoked = true;
    }

    /// @notice A relayer submits again a signed grant or revocation that already went through.
    function replay(uint256 seed) external {
        seed = _mix(seed, 0);
        _need(_usedSignatureCalls.length != 0, "no signature used yet");
        vm.prank(people[(seed >> 64) % PEOPLE]);
        (bool ok, bytes memory ret) = address(consent).call(_usedSignatureCalls[seed % _usedSignatureCalls.length]);
        if (!ok) _bubble(ret);
        _break(SIGNATURE, "a signature acted twice");
    }

    // ------------------------------------------------------------------ uses

    /// @notice The grantee (one time in eight someone else) uses a grant, mostly for its purpose and
    /// an operation it grants; a use the terms allow must be accepted, with one receipt.
    function use(uint256 callerSeed, uint256 grantSeed, uint256 useSeed) external {
        (callerSeed, grantSeed, useSeed) = (_mix(callerSeed, 0), _mix(grantSeed, 1), _mix(useSeed, 2));
        uint256 id = _grantWhere(grantSeed, true);
        Ghost storage g = _grants[id];
        address caller = callerSeed % 8 == 0 ? people[(callerSeed >> 3) % PEOPLE] : g.grantee;
        bytes32 purpose = useSeed % 8 == 0 ? _purpose(useSeed >> 3) : g.purpose;
        uint8 op = _operation(g.operations, useSeed >> 8);
        bool allowed = caller == g.grantee && !g.revoked && block.timestamp <= g.expiry && purpose == g.purpose
            && (g.operations >> op) & 1 == 1 && g.uses < g.maxUses;
        vm.recordLogs();
        vm.prank(caller);
        (bool ok, bytes memory ret) = address(consent).call(abi.encodeCall(ICobuildConsent.use, (id, purpose, op)));
        Vm.Log[] memory logs = vm.getRecordedLogs();
        if (!ok) {
            if (allowed) _break(TERMS, "a use the grant allows was refused");
            _bubble(ret);
        }
        if (caller != g.grantee) _break(TERMS, "someone else used a grant");
        if (purpose != g.purpose) _break(TERMS, "a use for another purpose");
        if ((g.operations >> op) & 1 == 0) _break(TERMS, "a use for an operation not granted");
        if (g.revoked) _break(LIMITS, "a use after revocation");
        if (block.timestamp > g.expiry) _break(LIMITS, "a use after expiry");
        if (g.uses >= g.maxUses) _break(COUNT, "a use beyond the count");
        ++g.uses;
        if (abi.decode(ret, (uint32)) != g.uses) _break(COUNT, "a use numbered wrong");
        _receipt(id, g, purpose, op, logs);
    }

    /// @notice Time passes: mostly up to six hours, one time in four up to two days.
    function warp(uint256 secs) external {
        secs = _mix(secs, 0);
        vm.warp(block.timestamp + (secs % 4 == 0 ? _bound(secs >> 2, 1 hours, 2 days) : _bound(secs >> 2, 1, 6 hours)));
    }

    // ------------------------------------------------------------------ views for the invariants

    function grantOf(uint256 id) external view returns (Ghost memory) {
        return _grants[id];
    }

    function person(uint256 i) external view returns (address) {
        return people[i];
    }

    function peopleCount() external pure returns (uint256) {
        return PEOPLE;
    }

    // ------------------------------------------------------------------ internals

    function _terms(uint256 granteeSeed, uint256 seed) private view returns (ICobuildConsent.Terms memory t) {
        t.grantee = people[granteeSeed % PEOPLE];
        t.data = keccak256(abi.encode("address of", granteeSeed % 7));
        t.location = "ipfs://encrypted";
        t.purpose = _purpose(seed);
        t.operations = uint32(_bound(seed >> 8, 1, 15));
        t.maxUses = uint32(_bound(seed >> 16, 1, 8));
        t.expiry = uint64(block.timestamp + _bound(seed >> 24, 0, 3 days));
        if ((seed >> 64) % 8 == 0) {
            uint256 fault = (seed >> 67) % 3;
            if (fault == 0) t.operations = 0;
            else if (fault == 1) t.maxUses = 0;
            else if (block.timestamp != 0) t.expiry = uint64(block.timestamp - 1);
        }
    }

    function _granted(uint256 id, address owner, ICobuildConsent.Terms memory t) private {
        if (id != ++grantCount) _break(OWNER, "grant ids are not 1, 2, ...");
        if (t.operations == 0 || t.maxUses == 0 || t.expiry < block.timestamp) _break(TERMS, "a void grant was made");
        _grants[id] = Ghost({
            owner: owner,
            grantee: t.grantee,
            purpose: t.purpose,
            operations: t.operations,
            maxUses: t.maxUses,
            expiry: t.expiry,
            uses: 0,
            revoked: false
        });
    }

    /// @dev The key, nonce and deadline of a signature by person `o`: its own key, its next nonce, a
    /// deadline ahead, each wrong one time in eight.
    function _signing(uint256 o, address owner, uint256 seed)
        private
        view
        returns (uint256 key, uint256 nonce, uint256 deadline)
    {
        key = seed % 8 == 0 ? _keys[(o + 1 + (seed >> 3) % (PEOPLE - 1)) % PEOPLE] : _keys[o];
        nonce = nonceOf[owner];
        uint256 n = (seed >> 8) % 16;
        if (n == 0) ++nonce;
        else if (n == 1 && nonce != 0) --nonce;
        deadline = (seed >> 16) % 8 == 0 ? block.timestamp - 1 : block.timestamp + _bound(seed >> 19, 0, 1 days);
    }

    function _signed(bool byOwner, address owner, uint256 nonce, uint256 deadline, bytes memory data) private {
        if (!byOwner) _break(SIGNATURE, "a signature by another key acted");
        if (nonce != nonceOf[owner]) _break(SIGNATURE, "a signature with a wrong nonce acted");
        if (deadline < block.timestamp) _break(SIGNATURE, "a signature past its deadline acted");
        ++nonceOf[owner];
        _usedSignatureCalls.push(data);
    }

    function _sign(uint256 key, bytes32 structHash) private view returns (bytes memory) {
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", consent.DOMAIN_SEPARATOR(), structHash));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    /// @dev Exactly one receipt for this use, naming the grant, its owner and grantee, the purpose,
    /// the operation and the use's number.
    function _receipt(uint256 id, Ghost storage g, bytes32 purpose, uint8 op, Vm.Log[] memory logs) private {
        uint256 found;
        for (uint256 i; i < logs.length; ++i) {
            Vm.Log memory l = logs[i];
            if (l.emitter != address(consent) || l.topics.length == 0 || l.topics[0] != DATA_USED) continue;
            ++found;
            (bytes32 p, uint8 o, uint32 n) = abi.decode(l.data, (bytes32, uint8, uint32));
            if (
                l.topics.length != 4 || uint256(l.topics[1]) != id || address(uint160(uint256(l.topics[2]))) != g.owner
                    || address(uint160(uint256(l.topics[3]))) != g.grantee || p != purpose || o != op || n != g.uses
            ) _break(RECEIPT, "a receipt that does not name its use");
        }
        if (found != 1) _break(RECEIPT, "a use without exactly one receipt");
        receipts[id] += found;
    }

    /// @dev Mostly the first grant from the seed that is not revoked (and, for a use, still has uses
    /// left and has not expired); one time in eight the seed's.
    function _grantWhere(uint256 seed, bool forUse) private view returns (uint256) {
        _need(grantCount != 0, "no grant");
        for (uint256 i; i < grantCount && seed % 8 != 0; ++i) {
            uint256 id = 1 + ((seed + i) % grantCount);
            Ghost storage g = _grants[id];
            if (!g.revoked && (!forUse || (g.uses < g.maxUses && block.timestamp <= g.expiry))) return id;
        }
        return 1 + (seed % grantCount);
    }

    function _purpose(uint256 seed) private pure returns (bytes32) {
        uint256 p = seed % 3;
        return p == 0 ? keccak256("delivery") : p == 1 ? keccak256("ride") : keccak256("dinner");
    }

    /// @dev Mostly an operation the grant allows; one time in eight any of the eight lowest.
    function _operation(uint32 operations, uint256 seed) private pure returns (uint8) {
        if (seed % 8 == 0) return uint8((seed >> 3) % 8);
        for (uint8 i; i < 32; ++i) {
            uint8 op = uint8(((seed >> 3) + i) % 32);
            if ((operations >> op) & 1 == 1) return op;
        }
        return 0;
    }

    function _index(address who) private view returns (uint256) {
        for (uint256 i; i < PEOPLE; ++i) {
            if (people[i] == who) return i;
        }
        revert Skip("not a person");
    }

    function _break(bytes32 invariant, string memory why) private {
        if (bytes(violation[invariant]).length == 0) violation[invariant] = why;
    }
}
