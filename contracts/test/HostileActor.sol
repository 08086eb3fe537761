// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1155Receiver} from "@openzeppelin/contracts/token/ERC1155/IERC1155Receiver.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";

import {ITokenTransferReceiver, ITokenTransferSender} from "./CallbackToken.sol";

/// @title HostileActor
/// @notice Test-only account that can play any role of the platform and misbehave whenever it is
/// paid. It acts through {execute} (create a project through the factory, offer an option, invest,
/// order, offer an add-on, commit a bond, accept the treasury role, withdraw, ...), holds ERC-1155
/// shares, and answers every payment according to its {mode}, which may change at any time:
/// - `Accept`: takes the payment like any account;
/// - `Revert`: refuses it (`Refused`);
/// - `BurnGas`: spins until the payer's call runs out of gas;
/// - `Reenter`: calls the configured hook (`hookTarget`, `hookData`) before returning, e.g. the
///   same withdrawal again or another one, and records whether that call succeeded and what it
///   returned; with `bubble` a failed hook call is re-thrown, failing the payment.
/// Payments are ETH (`receive`) and {CallbackToken} transfers (`onTokenTransfer`). The callback
/// token's sender hook (`onTokenSend`, while it pays someone, e.g. a project pulling its
/// investment) runs the hook in `Reenter` mode only.
/// @dev A hook never nests: payments received while the hook runs are accepted. No access control:
/// it only exists on local chains.
contract HostileActor is IERC1155Receiver, ITokenTransferReceiver, ITokenTransferSender {
    /// @notice How the actor answers a payment.
    enum Mode {
        Accept,
        Revert,
        BurnGas,
        Reenter
    }

    /// @notice The current answer to payments.
    Mode public mode;
    /// @notice The contract the hook calls (Reenter mode).
    address public hookTarget;
    /// @notice The calldata of the hook's call.
    bytes public hookData;
    /// @notice Whether a failed hook call is re-thrown (failing the payment that triggered it).
    bool public bubble;
    /// @notice How many times the hook ran since it was set.
    uint256 public hookCalls;
    /// @notice Whether the last hook call succeeded.
    bool public lastHookOk;
    /// @notice Return data (or revert data) of the last hook call.
    bytes public lastHookResult;
    /// @notice Total ETH accepted through `receive`.
    uint256 public received;

    bool private _inHook;

    /// @notice A payment refused in `Revert` mode.
    error Refused(address from, uint256 amount);

    /// @notice Set how the actor answers payments from now on.
    function setMode(Mode mode_) external {
        mode = mode_;
    }

    /// @notice Configure the hook of `Reenter` mode and reset its records.
    /// @param target the contract to call when paid
    /// @param data the calldata of that call
    /// @param bubble_ whether a failed hook call fails the payment too
    function setHook(address target, bytes calldata data, bool bubble_) external {
        hookTarget = target;
        hookData = data;
        bubble = bubble_;
        hookCalls = 0;
        lastHookOk = false;
        delete lastHookResult;
    }

    /// @notice Call `target` with `data` and `value` (from this call's value or this contract's
    /// balance) as this contract; a revert of `target` is bubbled up unchanged.
    /// @return result what `target` returned
    function execute(address target, uint256 value, bytes calldata data)
        external
        payable
        returns (bytes memory result)
    {
        bool ok;
        (ok, result) = target.call{value: value}(data);
        if (!ok) _revertWith(result);
    }

    /// @notice An ETH payment, answered by the current mode.
    // solhint-disable-next-line no-complex-fallback
    receive() external payable {
        received += msg.value;
        _onPayment(msg.sender, msg.value);
    }

    /// @inheritdoc ITokenTransferReceiver
    function onTokenTransfer(address from, uint256 amount) external {
        _onPayment(from, amount);
    }

    /// @inheritdoc ITokenTransferSender
    function onTokenSend(address, uint256) external {
        if (mode == Mode.Reenter) _reenter();
    }

    /// @inheritdoc IERC1155Receiver
    function onERC1155Received(address, address, uint256, uint256, bytes calldata) external pure returns (bytes4) {
        return IERC1155Receiver.onERC1155Received.selector;
    }

    /// @inheritdoc IERC1155Receiver
    function onERC1155BatchReceived(address, address, uint256[] calldata, uint256[] calldata, bytes calldata)
        external
        pure
        returns (bytes4)
    {
        return IERC1155Receiver.onERC1155BatchReceived.selector;
    }

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == type(IERC165).interfaceId || interfaceId == type(IERC1155Receiver).interfaceId
            || interfaceId == type(ITokenTransferReceiver).interfaceId
            || interfaceId == type(ITokenTransferSender).interfaceId;
    }

    function _onPayment(address from, uint256 amount) private {
        Mode m = mode;
        if (m == Mode.Accept) return;
        if (m == Mode.Revert) revert Refused(from, amount);
        if (m == Mode.BurnGas) _burnGas();
        _reenter();
    }

    function _reenter() private {
        if (_inHook) return;
        _inHook = true;
        ++hookCalls;
        (bool ok, bytes memory result) = hookTarget.call(hookData);
        lastHookOk = ok;
        lastHookResult = result;
        _inHook = false;
        if (!ok && bubble) _revertWith(result);
    }

    /// @dev Loops until the call runs out of gas: the payer keeps only the 1/64 it withheld.
    function _burnGas() private pure {
        assembly ("memory-safe") {
            for {} 1 {} {}
        }
    }

    function _revertWith(bytes memory data) private pure {
        assembly ("memory-safe") {
            revert(add(data, 0x20), mload(data))
        }
    }
}
