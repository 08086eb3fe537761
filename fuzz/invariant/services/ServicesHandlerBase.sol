// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IServicesEscrow} from "../../../interfaces/services/IServicesEscrow.sol";
import {BlocklistToken} from "../../../contracts/test/BlocklistToken.sol";
import {Draws} from "../../utils/Draws.sol";
import {HandlerTarget} from "../../utils/Targets.sol";
import {Vm, VM_ADDRESS} from "../../utils/Vm.sol";

/// @notice One person of the services suites: it calls the contracts itself (so `msg.sender` is its
/// own address and ETH leaves its own balance), and when hostile it refuses every ETH payment (with
/// the ERC-20 the token's blocklist plays that part).
contract ServicesActor {
    address private immutable _handler;
    bool public hostile;

    error OnlyHandler();
    error Refused();

    constructor() {
        _handler = msg.sender;
    }

    function setHostile(bool on) external {
        if (msg.sender != _handler) revert OnlyHandler();
        hostile = on;
    }

    function exec(address target, uint256 value, bytes calldata data) external returns (bool ok, bytes memory ret) {
        if (msg.sender != _handler) revert OnlyHandler();
        (ok, ret) = target.call{value: value}(data);
    }

    receive() external payable {
        if (hostile) revert Refused();
    }
}

/// @notice What every services handler shares: the actors, the payment asset (ETH or an ERC-20),
/// the ghost books of each escrow (money in, money withdrawn, the credit each actor should have by
/// the rules) and each actor's net position, the withdrawal, time travel and hostility.
/// @dev Handler functions revert when the call they make reverts, so forge's metrics count the
/// refusals per function; a broken rule never reverts: it is recorded (`violation`) and the
/// invariant that owns it fails.
abstract contract ServicesHandlerBase is Draws {
    Vm internal constant vm = Vm(VM_ADDRESS);
    uint256 internal constant START = 1e30;
    uint256 internal constant HOSTILE_FROM = 4; // actors 4 and 5 may turn hostile
    uint256 internal constant DAY = 1 days;

    address public immutable asset; // zero: ETH
    ServicesActor[] internal actors;
    mapping(address account => uint256) private _actorIndex; // index + 1
    IServicesEscrow[] internal escrows;

    // ghost books, per escrow
    mapping(address escrow => uint256) public ghostIn;
    mapping(address escrow => uint256) public ghostOut;
    mapping(address escrow => mapping(address account => uint256)) public expectedCredit;
    // each actor's net position, over every escrow
    mapping(address account => uint256) public paidIn;
    mapping(address account => uint256) public withdrawnBy;

    // broken rules, by the invariant that owns them
    mapping(bytes32 invariant => string) public violation;

    uint256 public withdrawals;

    bytes32 internal constant WITHDRAWAL = "withdrawal";

    /// @notice The handler could not make this call meaningful (no such object yet, a cap reached).

    constructor(bool withToken) {
        address token;
        if (withToken) token = address(new BlocklistToken());
        asset = token;
        for (uint256 i; i < 6; ++i) {
            ServicesActor a = new ServicesActor();
            actors.push(a);
            _actorIndex[address(a)] = i + 1;
            if (token == address(0)) vm.deal(address(a), START);
            else BlocklistToken(token).mint(address(a), START);
        }
    }

    /// @dev Called once the escrows exist: actors approve them for the token.
    function _register(IServicesEscrow escrow) internal {
        escrows.push(escrow);
        if (asset == address(0)) return;
        for (uint256 i; i < actors.length; ++i) {
            (bool ok,) = actors[i].exec(asset, 0, abi.encodeWithSignature("approve(address,uint256)", escrow, START));
            _need(ok, "approve");
        }
    }

    // ------------------------------------------------------------------ actions every suite has

    /// @notice An actor withdraws its credit from one escrow: it gets exactly its credit, which is
    /// then zero; only a hostile actor's withdrawal may fail, and only its own.
    function withdraw(uint256 actorSeed, uint256 escrowSeed) external {
        (actorSeed, escrowSeed) = (_mix(actorSeed, 0), _mix(escrowSeed, 1));
        IServicesEscrow e = escrows[escrowSeed % escrows.length];
        ServicesActor a = _actor(actorSeed);
        // mostly an actor with something to withdraw, one time in eight anyone
        for (uint256 i; i < actors.length && actorSeed % 8 != 0; ++i) {
            ServicesActor c = _actor(actorSeed + i);
            if (e.creditOf(address(c)) != 0) {
                a = c;
                break;
            }
        }
        uint256 credit = e.creditOf(address(a));
        uint256 walletBefore = _wallet(address(a));
        (bool ok, bytes memory ret) = a.exec(address(e), 0, abi.encodeCall(IServicesEscrow.withdraw, ()));
        if (!ok) {
            if (credit != 0 && !_isHostile(a)) _break(WITHDRAWAL, "an honest withdrawal of a credit failed");
            _bubble(ret);
        }
        uint256 got = _wallet(address(a)) - walletBefore;
        if (credit == 0) _break(WITHDRAWAL, "a withdrawal of nothing succeeded");
        if (got != credit) _break(WITHDRAWAL, "a withdrawal paid other than the credit");
        if (e.creditOf(address(a)) != 0) _break(WITHDRAWAL, "a withdrawal left a credit");
        if (expectedCredit[address(e)][address(a)] != credit) _break(WITHDRAWAL, "credit differs from the rules");
        expectedCredit[address(e)][address(a)] = 0;
        ghostOut[address(e)] += got;
        withdrawnBy[address(a)] += got;
        ++withdrawals;
    }

    /// @notice Time passes: mostly up to three hours, one time in four up to two days (slots, windows,
    /// periods and expiries are minutes to days).
    function warp(uint256 secs) external {
        secs = _mix(secs, 0);
        uint256 step = secs % 4 == 0 ? _bound(secs >> 2, 1 hours, 2 * DAY) : _bound(secs >> 2, 1, 3 hours);
        vm.warp(block.timestamp + step);
    }

    /// @notice Actor 4 or 5 starts or stops refusing payments.
    function toggleHostile(uint256 actorSeed) external {
        actorSeed = _mix(actorSeed, 0);
        ServicesActor a = actors[HOSTILE_FROM + (actorSeed % (actors.length - HOSTILE_FROM))];
        bool on = !_isHostile(a);
        if (asset == address(0)) a.setHostile(on);
        else BlocklistToken(asset).setBlocked(address(a), on);
    }

    // ------------------------------------------------------------------ views for the invariants

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function actorAt(uint256 i) external view returns (address) {
        return address(actors[i]);
    }

    function escrowCount() external view returns (uint256) {
        return escrows.length;
    }

    function escrowAt(uint256 i) external view returns (IServicesEscrow) {
        return escrows[i];
    }

    /// @notice The asset an escrow holds, as its balance.
    function balanceOfEscrow(address escrow) public view returns (uint256) {
        return _wallet(escrow);
    }

    /// @notice Everything an escrow owes: the sum of its actors' credits.
    function creditsOf(address escrow) public view returns (uint256 sum) {
        for (uint256 i; i < actors.length; ++i) {
            sum += IServicesEscrow(escrow).creditOf(address(actors[i]));
        }
    }

    /// @notice Each actor's wallet is its start, less what it paid in, plus what it withdrew; its
    /// credit in each escrow is what the rules (the handler's own arithmetic) gave it.
    function positionsHold() external view returns (bool ok, string memory why) {
        for (uint256 i; i < actors.length; ++i) {
            address a = address(actors[i]);
            if (_wallet(a) + paidIn[a] != START + withdrawnBy[a]) return (false, "a wallet is not start - in + out");
            for (uint256 j; j < escrows.length; ++j) {
                if (escrows[j].creditOf(a) != expectedCredit[address(escrows[j])][a]) {
                    return (false, "a credit differs from the rules");
                }
            }
        }
        return (true, "");
    }

    // ------------------------------------------------------------------ helpers

    function _actor(uint256 seed) internal view returns (ServicesActor) {
        return actors[seed % actors.length];
    }

    /// @dev Mostly the actor whose role the call is (`natural`); one call in eight another actor, to
    /// try the role checks.
    function _pick(uint256 seed, address natural) internal view returns (ServicesActor) {
        uint256 i = _actorIndex[natural];
        if (i == 0 || seed % 8 == 0) return _actor(seed >> 3);
        return actors[i - 1];
    }

    function _actorIndexOf(address who) internal view returns (uint256) {
        return _actorIndex[who] - 1;
    }

    function _isHostile(ServicesActor a) internal view returns (bool) {
        if (asset == address(0)) return a.hostile();
        return BlocklistToken(asset).blocked(address(a));
    }

    function _wallet(address who) internal view returns (uint256) {
        return asset == address(0) ? who.balance : BlocklistToken(asset).balanceOf(who);
    }

    /// @dev `a` calls `target` paying `amount` into `escrow` (as ETH value, or pulled by the token):
    /// bubbles a revert, books the payment on success.
    function _pay(ServicesActor a, address escrow, uint256 amount, bytes memory data) internal {
        uint256 value = asset == address(0) ? amount : 0;
        (bool ok, bytes memory ret) = a.exec(escrow, value, data);
        if (!ok) _bubble(ret);
        ghostIn[escrow] += amount;
        paidIn[address(a)] += amount;
    }

    /// @dev `a` calls `target`; bubbles a revert.
    function _call(ServicesActor a, address target, bytes memory data) internal returns (bytes memory ret) {
        bool ok;
        (ok, ret) = a.exec(target, 0, data);
        if (!ok) _bubble(ret);
    }

    function _credit(address escrow, address who, uint256 amount) internal {
        expectedCredit[escrow][who] += amount;
    }

    function _break(bytes32 invariant, string memory why) internal {
        if (bytes(violation[invariant]).length == 0) violation[invariant] = why;
    }
}

/// @notice The part every services suite shares: its handler as forge's only target, and the escrow
/// invariants (solvency, conservation, withdrawals, net positions) over every escrow it drives.
abstract contract InvariantSuite is HandlerTarget {
    ServicesHandlerBase private _handler;

    /// @notice An invariant does not hold.
    error Broken(string why);

    function _useHandler(address handler_) internal {
        _handler = ServicesHandlerBase(handler_);
    }

    function _target() internal view override returns (address) {
        return address(_handler);
    }

    function _solvent(function(address) external view returns (uint256) held) internal view {
        for (uint256 i; i < _handler.escrowCount(); ++i) {
            address e = address(_handler.escrowAt(i));
            if (_handler.balanceOfEscrow(e) < _handler.creditsOf(e) + held(e)) revert Broken("an escrow is insolvent");
        }
    }

    function _conserved(function(address) external view returns (uint256) held) internal view {
        for (uint256 i; i < _handler.escrowCount(); ++i) {
            address e = address(_handler.escrowAt(i));
            uint256 balance = _handler.balanceOfEscrow(e);
            if (balance + _handler.ghostOut(e) != _handler.ghostIn(e)) revert Broken("in != withdrawn + balance");
            if (balance != _handler.creditsOf(e) + held(e)) revert Broken("balance != credits + held");
        }
    }

    function _positions() internal view {
        (bool ok, string memory why) = _handler.positionsHold();
        if (!ok) revert Broken(why);
    }

    function _noViolation(bytes32 invariant) internal view {
        string memory why = _handler.violation(invariant);
        if (bytes(why).length != 0) revert Broken(why);
    }
}
