// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDeviceMandates} from "../../../interfaces/services/IDeviceMandates.sol";
import {DeviceMandates} from "../../../contracts/services/DeviceMandates.sol";
import {ServicesActor, ServicesHandlerBase} from "./ServicesHandlerBase.sol";

/// @notice Owners, devices, vendors and anyone acting at random on {DeviceMandates}: mandates made,
/// funded, drained and revoked, vendors allowed and removed, orders placed (within and beyond every
/// limit), moved, marked, confirmed, released, cancelled and expired, time running over delivery
/// windows, slots, claim windows and periods. The handler keeps each mandate's budget, vendors,
/// revocation and spending per period by its own books.
contract DeviceMandatesHandler is ServicesHandlerBase {
    uint256 private constant MAX_MANDATES = 30; // the newest 6 are the ones acted on
    uint256 private constant MAX_ORDERS = 80;
    uint256 private constant DELIVERY_SLOT = 1 hours;
    uint256 private constant CLAIM_WINDOW = 1 days;

    bytes32 internal constant CAPS = "caps";
    bytes32 internal constant VENDORS = "vendors and window";
    bytes32 internal constant REVOKED = "revoked";
    bytes32 internal constant ONCE = "order once";
    bytes32 internal constant RULES = "mandate rules";

    DeviceMandates public immutable mandates;

    uint256 public mandateCount;
    mapping(uint256 mandateId => uint256) public ghostBudget;
    mapping(uint256 mandateId => uint256) public funded;
    mapping(uint256 mandateId => uint256) public ordered;
    mapping(uint256 mandateId => uint256) public createdAt;
    mapping(uint256 mandateId => bool) public revoked;
    mapping(uint256 mandateId => mapping(address vendor => bool)) public allowed;
    mapping(uint256 mandateId => mapping(uint256 period => uint256)) public spent;

    uint256 public orderCount;
    mapping(uint256 orderId => uint256) public settlements;

    struct Before {
        IDeviceMandates.OrderView o;
        IDeviceMandates.MandateView m;
        uint256 ownerCredit;
        uint256 vendorCredit;
    }

    constructor(bool withToken) ServicesHandlerBase(withToken) {
        mandates = new DeviceMandates(asset);
        _register(mandates);
    }

    // ================================================================== the owner

    function createMandate(
        uint256 ownerSeed,
        uint256 capSeed,
        uint256 periodSeed,
        uint256 windowSeed,
        uint256 vendorMask,
        uint256 budgetSeed
    ) external {
        (ownerSeed, capSeed, periodSeed, windowSeed, vendorMask, budgetSeed) =
        (
            _mix(ownerSeed, 0),
            _mix(capSeed, 1),
            _mix(periodSeed, 2),
            _mix(windowSeed, 3),
            _mix(vendorMask, 4),
            _mix(budgetSeed, 5)
        );
        _need(mandateCount < MAX_MANDATES, "enough mandates");
        ServicesActor owner = _actor(ownerSeed);
        address device = address(_actor(ownerSeed + 1 + (periodSeed >> 128) % (actors.length - 1)));
        uint128 perOrder =
            capSeed % 2 == 0 ? uint128(_bound(capSeed >> 1, 1, 1000)) : uint128(_bound(capSeed >> 1, 1, 1e18));
        uint32 windowStart = uint32(_bound(windowSeed, 0, DAY - 1));
        IDeviceMandates.MandateTerms memory t = IDeviceMandates.MandateTerms({
            device: device,
            perOrderCap: perOrder,
            periodCap: uint128(perOrder * _bound(capSeed >> 128, 1, 4)),
            period: uint32(_bound(periodSeed, 1 hours, 3 * DAY)),
            windowStart: windowStart,
            windowEnd: uint32(_bound(windowSeed >> 32, windowStart + 1, DAY))
        });
        // vendors: the masked actors, never the device (one time in eight as the owner asked)
        address[] memory vendors = new address[](actors.length);
        uint256 n;
        for (uint256 i; i < actors.length; ++i) {
            if ((vendorMask >> i) & 1 == 0 || (address(actors[i]) == device && vendorMask % 8 != 1)) continue;
            vendors[n++] = address(actors[i]);
        }
        assembly ("memory-safe") {
            mstore(vendors, n)
        }
        uint256 budget = budgetSeed % 4 == 0 ? 0 : _bound(budgetSeed >> 2, 1, uint256(t.periodCap) * 3);
        _pay(owner, address(mandates), budget, abi.encodeCall(IDeviceMandates.createMandate, (t, vendors, budget)));
        uint256 id = ++mandateCount;
        createdAt[id] = block.timestamp;
        ghostBudget[id] = budget;
        funded[id] = budget;
        for (uint256 i; i < n; ++i) {
            if (vendors[i] == device) _break(VENDORS, "the device was allowed as its own vendor");
            allowed[id][vendors[i]] = true;
        }
    }

    function fund(uint256 callerSeed, uint256 mandateSeed, uint256 amountSeed) external {
        (callerSeed, mandateSeed, amountSeed) = (_mix(callerSeed, 0), _mix(mandateSeed, 1), _mix(amountSeed, 2));
        uint256 id = _mandateId(mandateSeed);
        IDeviceMandates.MandateView memory m = mandates.mandate(id);
        ServicesActor caller = _pick(callerSeed, m.owner);
        uint256 amount = _bound(amountSeed, 1, uint256(m.terms.periodCap) * 2);
        _pay(caller, address(mandates), amount, abi.encodeCall(IDeviceMandates.fund, (id, amount)));
        if (address(caller) != m.owner || revoked[id]) _break(RULES, "a funding against the rules");
        ghostBudget[id] += amount;
        funded[id] += amount;
    }

    /// @notice The owner allows a vendor or removes one.
    function setVendor(uint256 callerSeed, uint256 mandateSeed, uint256 vendorSeed) external {
        (callerSeed, mandateSeed, vendorSeed) = (_mix(callerSeed, 0), _mix(mandateSeed, 1), _mix(vendorSeed, 2));
        uint256 id = _mandateId(mandateSeed);
        IDeviceMandates.MandateView memory m = mandates.mandate(id);
        ServicesActor caller = _pick(callerSeed, m.owner);
        address vendor = address(_actor(vendorSeed));
        bool allow = (vendorSeed >> 128) % 2 == 0;
        _call(caller, address(mandates), abi.encodeCall(IDeviceMandates.setVendor, (id, vendor, allow)));
        if (address(caller) != m.owner) _break(RULES, "someone else set a vendor");
        if (allow && vendor == m.terms.device) _break(VENDORS, "the device was allowed as its own vendor");
        allowed[id][vendor] = allow;
    }

    /// @notice The owner (one time in eight someone else) takes budget back, or one time in six
    /// revokes the device (the whole budget back).
    function withdrawBudgetOrRevoke(uint256 callerSeed, uint256 mandateSeed, uint256 amountSeed) external {
        (callerSeed, mandateSeed, amountSeed) = (_mix(callerSeed, 0), _mix(mandateSeed, 1), _mix(amountSeed, 2));
        uint256 id = _mandateId(mandateSeed);
        IDeviceMandates.MandateView memory m = mandates.mandate(id);
        ServicesActor caller = _pick(callerSeed, m.owner);
        if (amountSeed % 6 == 0) {
            _call(caller, address(mandates), abi.encodeCall(IDeviceMandates.revoke, (id)));
            if (address(caller) != m.owner || revoked[id]) _break(RULES, "a revocation against the rules");
            revoked[id] = true;
            _credit(address(mandates), m.owner, ghostBudget[id]);
            ghostBudget[id] = 0;
            return;
        }
        uint256 amount = _bound(amountSeed >> 3, 1, ghostBudget[id] == 0 ? 1 : ghostBudget[id]);
        _call(caller, address(mandates), abi.encodeCall(IDeviceMandates.withdrawBudget, (id, amount)));
        if (address(caller) != m.owner || amount > ghostBudget[id]) {
            _break(RULES, "a budget withdrawal against the rules");
        }
        ghostBudget[id] -= amount;
        _credit(address(mandates), m.owner, amount);
    }

    function reschedule(uint256 orderSeed, uint256 callerSeed, uint256 whenSeed) external {
        (orderSeed, callerSeed, whenSeed) = (_mix(orderSeed, 0), _mix(callerSeed, 1), _mix(whenSeed, 2));
        (uint256 id, Before memory s) = _before(orderSeed, IDeviceMandates.OrderStatus.Open);
        ServicesActor caller = _pick(callerSeed, s.m.owner);
        uint40 deliverAt = _deliveryTime(s.m.terms, whenSeed);
        _call(caller, address(mandates), abi.encodeCall(IDeviceMandates.reschedule, (id, deliverAt)));
        if (address(caller) != s.m.owner || s.o.status != IDeviceMandates.OrderStatus.Open || _inSlot(s.o)) {
            _break(RULES, "a reschedule against the rules");
        }
        if (!_inWindow(s.m.terms, deliverAt)) _break(VENDORS, "a delivery moved outside the window");
    }

    function cancelByOwner(uint256 orderSeed, uint256 callerSeed) external {
        (orderSeed, callerSeed) = (_mix(orderSeed, 0), _mix(callerSeed, 1));
        (uint256 id, Before memory s) = _before(orderSeed, IDeviceMandates.OrderStatus.Open);
        ServicesActor caller = _pick(callerSeed, s.m.owner);
        _call(caller, address(mandates), abi.encodeCall(IDeviceMandates.cancelByOwner, (id)));
        if (address(caller) != s.m.owner || s.o.status != IDeviceMandates.OrderStatus.Open || _inSlot(s.o)) {
            _break(RULES, "an owner's cancellation against the rules");
        }
        _settled(id, s, s.o.amount);
    }

    // ================================================================== the device

    /// @notice The device orders: mostly from a vendor it may pay, within its caps and window; one
    /// time in eight anything (any vendor, up to twice the per-order cap, any time ahead).
    function order(uint256 mandateSeed, uint256 callerSeed, uint256 vendorSeed, uint256 amountSeed, uint256 whenSeed)
        external
    {
        (mandateSeed, callerSeed, vendorSeed, amountSeed, whenSeed) =
        (_mix(mandateSeed, 0), _mix(callerSeed, 1), _mix(vendorSeed, 2), _mix(amountSeed, 3), _mix(whenSeed, 4));
        _need(orderCount < MAX_ORDERS, "enough orders");
        uint256 id = _mandateId(mandateSeed);
        IDeviceMandates.MandateView memory m = mandates.mandate(id);
        ServicesActor caller = _pick(callerSeed, m.terms.device);
        address vendor = address(_actor(vendorSeed));
        for (uint256 i; i < actors.length && vendorSeed % 8 != 0; ++i) {
            address v = address(_actor(vendorSeed + i));
            if (allowed[id][v]) {
                vendor = v;
                break;
            }
        }
        uint256 cap = m.terms.perOrderCap;
        uint256 period = (block.timestamp - createdAt[id]) / m.terms.period;
        uint256 room = m.terms.periodCap - spent[id][period];
        if (room < cap) cap = room;
        if (ghostBudget[id] < cap) cap = ghostBudget[id];
        uint128 amount = uint128(
            amountSeed % 8 == 0 || cap == 0
                ? _bound(amountSeed >> 3, 1, 2 * uint256(m.terms.perOrderCap))
                : _bound(amountSeed >> 3, 1, cap)
        );
        uint40 deliverAt = _deliveryTime(m.terms, whenSeed);
        bytes memory ret =
            _call(caller, address(mandates), abi.encodeCall(IDeviceMandates.order, (id, vendor, amount, deliverAt)));
        if (abi.decode(ret, (uint256)) != ++orderCount) _break(RULES, "order ids are not 1, 2, ...");
        if (address(caller) != m.terms.device) _break(RULES, "someone else ordered");
        if (revoked[id]) _break(REVOKED, "a revoked device ordered");
        if (!allowed[id][vendor]) _break(VENDORS, "an order at a vendor not allowed");
        if (!_inWindow(m.terms, deliverAt)) _break(VENDORS, "an order outside the delivery window");
        if (amount > m.terms.perOrderCap) _break(CAPS, "an order over the per-order cap");
        if (spent[id][period] + amount > m.terms.periodCap) _break(CAPS, "orders over the period cap");
        if (amount > ghostBudget[id]) _break(CAPS, "an order over the budget");
        spent[id][period] += amount;
        ghostBudget[id] -= amount;
        ordered[id] += amount;
        if (mandates.mandate(id).spentInPeriod != spent[id][period]) _break(CAPS, "the period's spending miscounted");
    }

    // ================================================================== delivery

    function markDelivered(uint256 orderSeed, uint256 callerSeed) external {
        (orderSeed, callerSeed) = (_mix(orderSeed, 0), _mix(callerSeed, 1));
        (uint256 id, Before memory s) = _before(orderSeed, IDeviceMandates.OrderStatus.Open);
        ServicesActor caller = _pick(callerSeed, s.o.vendor);
        _warpInto(callerSeed, s.o.deliverAt, uint256(s.o.deliverAt) + DELIVERY_SLOT);
        _call(caller, address(mandates), abi.encodeCall(IDeviceMandates.markDelivered, (id)));
        if (address(caller) != s.o.vendor || s.o.status != IDeviceMandates.OrderStatus.Open || !_inSlot(s.o)) {
            _break(RULES, "a delivery mark against the rules");
        }
    }

    /// @notice The owner (or, one time in two, the device) confirms a delivery.
    function confirmDelivery(uint256 orderSeed, uint256 callerSeed) external {
        (orderSeed, callerSeed) = (_mix(orderSeed, 0), _mix(callerSeed, 1));
        (uint256 id, Before memory s) = _before(orderSeed, IDeviceMandates.OrderStatus.Open);
        bool asDevice = (callerSeed >> 64) % 2 == 1;
        if (asDevice && (callerSeed >> 72) % 2 == 0) {
            // a compromised device goes for the orders its owner cut off (revoked, or vendor removed)
            for (uint256 i; i < orderCount; ++i) {
                uint256 c = 1 + ((orderSeed + i) % orderCount);
                IDeviceMandates.OrderView memory o = mandates.orderOf(c);
                if (o.status == IDeviceMandates.OrderStatus.Settled) continue;
                if (revoked[o.mandateId] || !allowed[o.mandateId][o.vendor]) {
                    (id, s) = (c, _load(c));
                    break;
                }
            }
        }
        ServicesActor caller = _pick(callerSeed, asDevice ? s.m.terms.device : s.m.owner);
        _warpInto(callerSeed, s.o.deliverAt, uint256(s.o.deliverAt) + 2 * DELIVERY_SLOT);
        _call(caller, address(mandates), abi.encodeCall(IDeviceMandates.confirmDelivery, (id)));
        bool byOwner = address(caller) == s.m.owner;
        if (
            (!byOwner && address(caller) != s.m.terms.device) || block.timestamp < s.o.deliverAt
                || s.o.status == IDeviceMandates.OrderStatus.Settled
        ) _break(RULES, "a confirmation against the rules");
        if (!byOwner && revoked[s.o.mandateId]) _break(REVOKED, "a revoked device paid an order");
        if (!byOwner && !allowed[s.o.mandateId][s.o.vendor]) _break(REVOKED, "the device paid a removed vendor");
        _settled(id, s, 0);
    }

    function release(uint256 orderSeed, uint256 callerSeed) external {
        (orderSeed, callerSeed) = (_mix(orderSeed, 0), _mix(callerSeed, 1));
        (uint256 id, Before memory s) = _before(orderSeed, IDeviceMandates.OrderStatus.Delivered);
        _warpInto(callerSeed, uint256(s.o.deliveredAt) + CLAIM_WINDOW, uint256(s.o.deliveredAt) + 2 * CLAIM_WINDOW);
        _call(_actor(callerSeed), address(mandates), abi.encodeCall(IDeviceMandates.release, (id)));
        if (
            s.o.status != IDeviceMandates.OrderStatus.Delivered
                || block.timestamp < uint256(s.o.deliveredAt) + CLAIM_WINDOW
        ) _break(RULES, "a release against the rules");
        _settled(id, s, 0);
    }

    function cancelOrder(uint256 orderSeed, uint256 callerSeed) external {
        (orderSeed, callerSeed) = (_mix(orderSeed, 0), _mix(callerSeed, 1));
        (uint256 id, Before memory s) = _before(orderSeed, IDeviceMandates.OrderStatus.Open);
        ServicesActor caller = _pick(callerSeed, s.o.vendor);
        _call(caller, address(mandates), abi.encodeCall(IDeviceMandates.cancelOrder, (id)));
        if (address(caller) != s.o.vendor || s.o.status != IDeviceMandates.OrderStatus.Open) {
            _break(RULES, "a vendor's cancellation against the rules");
        }
        _settled(id, s, s.o.amount);
    }

    function expire(uint256 orderSeed, uint256 callerSeed) external {
        (orderSeed, callerSeed) = (_mix(orderSeed, 0), _mix(callerSeed, 1));
        (uint256 id, Before memory s) = _before(orderSeed, IDeviceMandates.OrderStatus.Open);
        uint256 from = uint256(s.o.deliverAt) + DELIVERY_SLOT;
        _warpInto(callerSeed, from, from + DAY);
        _call(_actor(callerSeed), address(mandates), abi.encodeCall(IDeviceMandates.expire, (id)));
        if (s.o.status != IDeviceMandates.OrderStatus.Open || block.timestamp < from) {
            _break(RULES, "an expiry against the rules");
        }
        _settled(id, s, s.o.amount);
    }

    // ================================================================== views for the invariants

    /// @notice What the escrow holds beyond credits: budgets and unsettled orders, by its own views.
    function held(address) external view returns (uint256 sum) {
        for (uint256 id = 1; id <= mandateCount; ++id) {
            sum += mandates.mandate(id).budget;
        }
        for (uint256 id = 1; id <= orderCount; ++id) {
            IDeviceMandates.OrderView memory o = mandates.orderOf(id);
            if (o.status != IDeviceMandates.OrderStatus.Settled) sum += o.amount;
        }
    }

    // ================================================================== internals

    function _before(uint256 orderSeed, IDeviceMandates.OrderStatus want)
        private
        view
        returns (uint256 id, Before memory s)
    {
        _need(orderCount != 0, "no order");
        id = 1 + (orderSeed % orderCount);
        for (uint256 i; i < orderCount && orderSeed % 8 != 0; ++i) {
            uint256 c = 1 + ((orderSeed + i) % orderCount);
            if (mandates.orderOf(c).status == want) {
                id = c;
                break;
            }
        }
        s = _load(id);
    }

    function _load(uint256 id) private view returns (Before memory s) {
        s.o = mandates.orderOf(id);
        s.m = mandates.mandate(s.o.mandateId);
        s.ownerCredit = mandates.creditOf(s.m.owner);
        s.vendorCredit = mandates.creditOf(s.o.vendor);
    }

    /// @dev An order was settled with `toOwner` back to the mandate's owner and the rest to its
    /// vendor: once, credited exactly so.
    function _settled(uint256 id, Before memory s, uint256 toOwner) private {
        if (++settlements[id] > 1) _break(ONCE, "an order settled twice");
        if (mandates.orderOf(id).status != IDeviceMandates.OrderStatus.Settled) {
            _break(ONCE, "a settlement left it open");
        }
        uint256 toVendor = s.o.amount - toOwner;
        uint256 gotOwner = mandates.creditOf(s.m.owner) - s.ownerCredit;
        uint256 gotVendor = mandates.creditOf(s.o.vendor) - s.vendorCredit;
        bool exact = s.m.owner == s.o.vendor ? gotOwner == s.o.amount : gotOwner == toOwner && gotVendor == toVendor;
        if (!exact) _break(ONCE, "a settlement credited other than the rules");
        _credit(address(mandates), s.m.owner, toOwner);
        _credit(address(mandates), s.o.vendor, toVendor);
    }

    /// @dev Mostly a time ahead inside the daily window, today or up to two days later; one time in
    /// eight any time in the next two days.
    function _deliveryTime(IDeviceMandates.MandateTerms memory t, uint256 seed) private view returns (uint40) {
        if (seed % 8 == 0) return uint40(block.timestamp + _bound(seed >> 3, 0, 2 * DAY));
        uint256 at = (block.timestamp / DAY + ((seed >> 3) % 3)) * DAY + t.windowStart
            + ((seed >> 8) % (t.windowEnd - t.windowStart));
        if (at <= block.timestamp) at += DAY;
        return uint40(at);
    }

    function _inWindow(IDeviceMandates.MandateTerms memory t, uint40 at) private view returns (bool) {
        uint256 timeOfDay = uint256(at) % DAY;
        return at > block.timestamp && timeOfDay >= t.windowStart && timeOfDay < t.windowEnd;
    }

    function _inSlot(IDeviceMandates.OrderView memory o) private view returns (bool) {
        return block.timestamp >= o.deliverAt && block.timestamp < uint256(o.deliverAt) + DELIVERY_SLOT;
    }

    /// @dev Time moves to a moment in [from, until) when it is before it, unless the seed says one time
    /// in eight to act whenever it is (to try the time checks).
    function _warpInto(uint256 seed, uint256 from, uint256 until) private {
        if ((seed >> 128) % 8 == 0 || block.timestamp >= from || until <= from) return;
        vm.warp(from + ((seed >> 131) % (until - from)));
    }

    /// @dev Among the newest six mandates, mostly the first from the seed not revoked; one time in
    /// eight the seed's.
    function _mandateId(uint256 seed) private view returns (uint256) {
        _need(mandateCount != 0, "no mandate");
        uint256 n = mandateCount < 6 ? mandateCount : 6;
        for (uint256 i; i < n && seed % 8 != 0; ++i) {
            uint256 id = mandateCount - ((seed + i) % n);
            if (!revoked[id]) return id;
        }
        return mandateCount - (seed % n);
    }
}
