// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ReentrantReceiver
/// @notice Test-only hostile account: a contract that acts through {execute} and, when it receives
/// ETH, calls back into any contract with any calldata (e.g. `refund` again, `refund` of another
/// combination, `claimRevenue`) before the payer's transaction is over.
/// @dev Arm it with {setHook}. The hook runs at most `maxHookCalls` times per arming (no infinite
/// recursion). By default the hook's failure is swallowed and recorded (`lastHookOk`,
/// `lastHookResult`), so the outer payment goes through and a test can show what the reentrant call
/// got; with `bubble` the hook's revert is re-thrown, failing the payment that triggered it.
/// No access control: it only exists on local chains.
contract ReentrantReceiver {
    /// @notice The contract the hook calls.
    address public hookTarget;
    /// @notice The calldata of the hook's call.
    bytes public hookData;
    /// @notice Whether a failed hook call makes `receive` revert with the same data.
    bool public bubble;
    /// @notice How many more times the hook may run.
    uint256 public hookCallsLeft;
    /// @notice How many times the hook ran since it was armed.
    uint256 public hookCalls;
    /// @notice Whether the last hook call succeeded.
    bool public lastHookOk;
    /// @notice Return data (or revert data) of the last hook call.
    bytes public lastHookResult;
    /// @notice Total ETH received.
    uint256 public received;

    /// @notice Arm the hook: on each of the next `maxHookCalls` ETH receipts, call `target` with `data`.
    function setHook(address target, bytes calldata data, bool bubble_, uint256 maxHookCalls) external {
        hookTarget = target;
        hookData = data;
        bubble = bubble_;
        hookCallsLeft = maxHookCalls;
        hookCalls = 0;
        lastHookOk = false;
        delete lastHookResult;
    }

    /// @notice Call `target` with `data` and `value` as this contract; a revert is bubbled up unchanged.
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

    // solhint-disable-next-line no-complex-fallback
    receive() external payable {
        received += msg.value;
        if (hookCallsLeft == 0) return;
        --hookCallsLeft;
        ++hookCalls;
        (bool ok, bytes memory result) = hookTarget.call(hookData);
        lastHookOk = ok;
        lastHookResult = result;
        if (!ok && bubble) _revertWith(result);
    }

    function _revertWith(bytes memory data) private pure {
        assembly ("memory-safe") {
            revert(add(data, 0x20), mload(data))
        }
    }
}
