// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IServicesEscrow} from "../../interfaces/services/IServicesEscrow.sol";
import {Payments} from "../libraries/Payments.sol";

/// @title ServicesEscrow
/// @notice Payment asset, credits and the one withdrawal shared by {Activities}, {Bookings} and
/// {DeviceMandates}. Money enters only through {_collect}, leaves only through {withdraw}.
abstract contract ServicesEscrow is IServicesEscrow, ReentrancyGuardTransient {
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
        Payments.pay(_asset, msg.sender, amount);
    }

    /// @dev Take `amount` from the caller: ETH must come as msg.value; a token must arrive whole
    /// (see {Payments-collect}). Callers are `nonReentrant` (a token's transfer hook cannot
    /// re-enter mid-booking).
    function _collect(uint256 amount) internal {
        Payments.collect(_asset, amount);
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
