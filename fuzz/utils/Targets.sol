// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice What forge's `targetSelectors()` returns (forge-std's struct, by its ABI).
struct FuzzSelector {
    address addr;
    bytes4[] selectors;
}

/// @notice A suite whose only target is its handler: forge calls {targetContracts} by selector
/// (no forge-std), and the suite lists the handler's actions with {_selectors}.
abstract contract HandlerTarget {
    /// @dev The handler forge calls.
    function _target() internal view virtual returns (address);

    function targetContracts() public view returns (address[] memory list) {
        list = new address[](1);
        list[0] = _target();
    }

    function _selectors(bytes4[] memory s) internal view returns (FuzzSelector[] memory list) {
        list = new FuzzSelector[](1);
        list[0] = FuzzSelector({addr: _target(), selectors: s});
    }
}
