// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IServicesEscrow} from "../../interfaces/services/IServicesEscrow.sol";

/// @title ServicesEscrow
/// @notice Payment asset, credits and the one withdrawal shared by {Activities}, {Bookings} and
/// {DeviceMandates}. Money enters only through {_collect}, leaves only through {withdraw}.
abstract contract ServicesEscrow is IServicesEscrow, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    address private immutable _asset;
    mapping(address account => uint256) private _credits;

    /// @param asset_ the payment asset: zero for ETH, else an ERC-20 without transfer fees
    constructor(address asset_) {
        _asset = asset_;
    }

    /// @inheritdoc IServicesEscrow
    function token() external view returns (address) {
        return _asset;
    }

    /// @inheritdoc IServicesEscrow
    function creditOf(address account) external view returns (uint256) {
        return _credits[account];
    }

    /// @inheritdoc IServicesEscrow
    function withdraw() external nonReentrant returns (uint256 amount) {
        amount = _credits[msg.sender];
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        _credits[msg.sender] = 0;
        emit Withdrawn(msg.sender, amount);
        if (_asset == address(0)) {
            bool ok;
            assembly ("memory-safe") {
                // no return data copied: a receiver cannot make us pay for a huge revert string
                ok := call(gas(), caller(), amount, 0, 0, 0, 0)
            }
            if (!ok) revert PaymentFailed(msg.sender, amount);
        } else {
            IERC20(_asset).safeTransfer(msg.sender, amount);
        }
    }

    /// @dev Take `amount` from the caller: ETH must come as msg.value; a token must arrive whole.
    /// Callers are `nonReentrant` (a token's transfer hook cannot re-enter mid-booking).
    function _collect(uint256 amount) internal {
        if (amount == 0) revert ZeroAmount();
        address asset = _asset;
        if (asset == address(0)) {
            if (msg.value != amount) revert WrongPaymentValue(amount, msg.value);
            return;
        }
        if (msg.value != 0) revert WrongPaymentValue(0, msg.value);
        uint256 before = IERC20(asset).balanceOf(address(this));
        IERC20(asset).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(asset).balanceOf(address(this)) - before;
        if (received != amount) revert TokenFeeOnTransfer(amount, received);
    }

    /// @dev Like {_collect}, but an `amount` of zero takes nothing (and no ETH may come with it).
    /// Reached from the payable `join` and `createMandate`; {Bookings} inherits it unused.
    // slither-disable-next-line msg-value-in-nonpayable
    function _collectOptional(uint256 amount) internal {
        if (amount == 0) {
            if (msg.value != 0) revert WrongPaymentValue(0, msg.value);
            return;
        }
        _collect(amount);
    }

    /// @dev Book `amount` to `account`'s credit (withdrawn later by the account itself).
    function _credit(address account, uint256 amount) internal {
        if (amount == 0) return;
        _credits[account] += amount;
        emit Credited(account, amount);
    }
}
