// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title RevertingReceiver
/// @notice Test-only hostile account: a contract that acts through {execute} (invest, refund, claim,
/// ...) and refuses every ETH payment while `reverting` is on.
/// @dev Use it to show that a receiver whose `receive` fails blocks only its own withdrawal:
/// `execute(project, value, abi.encodeCall(...))` makes the call as this contract, and a payout to
/// it reverts the payer's transaction. No access control: it only exists on local chains.
contract RevertingReceiver {
    /// @notice When true (the default), `receive` reverts.
    bool public reverting = true;

    /// @notice ETH payments refused.
    error Refused(address from, uint256 amount);

    /// @notice Turn the refusal on or off (e.g. to show that a blocked withdrawal is still owed).
    function setReverting(bool on) external {
        reverting = on;
    }

    /// @notice Call `target` with `data` and `value` (taken from this call's value or this contract's
    /// balance) as this contract; a revert of `target` is bubbled up unchanged.
    /// @return result what `target` returned
    function execute(address target, uint256 value, bytes calldata data)
        external
        payable
        returns (bytes memory result)
    {
        bool ok;
        (ok, result) = target.call{value: value}(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
    }

    receive() external payable {
        if (reverting) revert Refused(msg.sender, msg.value);
    }
}
