// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ProductionHostileActor
/// @notice Test-only account for the production tests: it acts as maker, merchant, buyer, backer or
/// provider by forwarding calls, and misbehaves when it is paid ETH: it accepts, refuses, or reenters
/// a stored call (swallowing the reentry's failure, or refusing the ETH when the reentry fails).
/// @dev Anyone can drive it: it only exists on local chains.
contract ProductionHostileActor {
    uint8 public constant ACCEPT = 0;
    uint8 public constant REFUSE = 1;
    uint8 public constant REENTER = 2;
    uint8 public constant REENTER_STRICT = 3;

    /// @notice How the actor reacts to ETH (one of the constants above).
    uint8 public mode;
    /// @notice The call made from `receive` in the reentering modes.
    address public reentryTarget;
    bytes public reentryData;
    /// @notice Reentries attempted and reentries that succeeded.
    uint256 public reentries;
    uint256 public reentriesSucceeded;
    /// @notice Revert data of the last failed reentry.
    bytes public lastReentryError;
    /// @notice ETH accepted through `receive`.
    uint256 public received;

    /// @notice The actor refused a payment.
    error Refused(uint256 amount);

    /// @notice Set the reaction to ETH and, for the reentering modes, the call to make.
    function configure(uint8 mode_, address target, bytes calldata data) external {
        mode = mode_;
        reentryTarget = target;
        reentryData = data;
    }

    /// @notice Call `target` with `data` (and the ETH sent) as this actor; bubbles any revert.
    function forward(address target, bytes calldata data) external payable returns (bytes memory result) {
        bool ok;
        (ok, result) = target.call{value: msg.value}(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 32), mload(result))
            }
        }
    }

    // solhint-disable-next-line no-complex-fallback
    receive() external payable {
        uint8 m = mode;
        if (m == REFUSE) revert Refused(msg.value);
        if (m == REENTER || m == REENTER_STRICT) {
            ++reentries;
            (bool ok, bytes memory err) = reentryTarget.call(reentryData);
            if (ok) {
                ++reentriesSucceeded;
            } else {
                lastReentryError = err;
                if (m == REENTER_STRICT) revert Refused(msg.value);
            }
        }
        received += msg.value;
    }
}
