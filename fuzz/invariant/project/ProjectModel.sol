// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {ICobuildFactory} from "../../../interfaces/ICobuildFactory.sol";
import {ICobuildProject} from "../../../interfaces/ICobuildProject.sol";
import {IProjectBase} from "../../../interfaces/IProjectBase.sol";
import {Vm, VM_ADDRESS} from "../../utils/Vm.sol";

/// @notice The ghost state of the project suite and an independent model of the money rules
/// (docs/security.md, cobuild/model/project.py): phases, statuses, the true ranking, selection,
/// and what every actor is entitled to. Nothing here reads the project's storage or asks a project
/// what it owes; the handler compares the projects' views and payouts with this model.
abstract contract ProjectModel is IProjectBase {
    Vm internal constant vm = Vm(VM_ADDRESS);

    uint256 internal constant SCALE = 1e18;
    uint256 internal constant BPS = 10_000;
    uint256 internal constant MAX_PROJECTS = 6;
    uint256 internal constant MAX_LIVE_PROJECTS = 3;
    uint256 internal constant MAX_OPTIONS_PER_DIM = 3;
    uint256 internal constant MAX_COMBOS = 6;
    uint256 internal constant MAX_ORDERS = 6;
    uint256 internal constant MAX_ADDONS = 4;
    uint256 internal constant MAX_BONDS = 3;
    uint256 internal constant FINALIZATION_WINDOW = 7 days;

    // violation kinds: each invariant_* of the suite asserts its own count is zero
    uint256 internal constant V_ONCE = 0; // a claim or refund paid a second time
    uint256 internal constant V_ENTITLEMENT = 1; // an actor paid beyond what the rules give it
    uint256 internal constant V_RATIO = 2; // a revenue unit split otherwise than by the ratio
    uint256 internal constant V_PHASE = 3; // money moved in a phase that forbids it
    uint256 internal constant V_RANKING = 4; // a ranking batch out of the true order was accepted
    uint256 internal constant V_SELECTION = 5; // selection outside slots / rescue cap / next in line
    uint256 internal constant V_VIEW = 6; // a claim paid other than its view and the model say
    uint256 internal constant V_FOT = 7; // a fee-on-transfer payment was accepted
    uint256 internal constant V_SHARES = 8; // ERC-1155 balances differ from the stakes moved
    uint256 internal constant V_KINDS = 9;

    struct Proj {
        address addr;
        address token;
        uint256 kind; // 0 ETH, 1 18-decimal ERC-20, 2 6-decimal ERC-20
        uint256 unit;
        address creator;
        uint256 ideationEnd;
        uint256 rescueWindow;
        uint256 devPeriod;
        uint256 testPeriod;
        uint256 presalePeriod;
        uint256 minTotal;
        uint256 minStake;
        uint256 slots;
        uint256 maxRescues;
        bool byFunding;
        uint256[4] ratio;
        uint256 advanceBps;
        uint256 quorum;
        uint256 inspectors; // inspectorPool[0 .. inspectors)
        uint256 dims;
        uint256 conditions;
        uint256 nOptions;
        uint256 nCombos;
        uint256 nAddons;
        uint256 nBonds;
        bool failed;
        uint256 finalizedAt;
        uint256 total;
        uint256 selectedCount;
        uint256 nextInLineCount;
        uint256 rescuedCount;
        uint256 moneyIn;
        uint256 moneyOut;
        uint256 creatorDep; // the creator's part of every deposit, floor(amount * r0 / BPS)
        uint256 platformDep;
        uint256[2] rolePaid; // paid to the creator (0) and the platform (1) as such
    }

    struct Option {
        address maker;
        uint256 quote;
        uint256 dim;
    }

    struct Combo {
        uint256 cost;
        uint256 advanceTotal;
        uint256 funded;
        uint256 supporters;
        uint256 backers;
        bool selected;
        bool nextInLine;
        bool rescued;
        uint256 delivered;
        bool failed;
        uint256 passedConds;
        bool passed;
        bool termsSet;
        uint256 price;
        uint256 minOrders;
        uint256 orders;
        uint256 makerDep; // the makers' parts of the deposits
        uint256 accruals;
        uint256 settlements;
        uint256 refundClaims;
        uint32[] optionIds;
    }

    struct Ord {
        address buyer;
        uint256 paid;
        bool refunded;
        uint256 awarded;
        uint256 awardPaid;
    }

    struct Addon {
        uint256 combo;
        address merchant;
        uint256 price;
        uint256 sold;
        bool claimed;
    }

    struct Bond {
        address provider;
        uint256 combo;
        uint256 amount;
        uint256 awarded;
        uint256 warrantyEnd;
        bool withdrawn;
    }

    ICobuildFactory public factory;
    address public treasury;
    address[3] public tokens;
    address[] internal actors; // EOAs, then the hostile receivers
    address[] internal hostiles;
    address[4] internal inspectorPool;

    Proj[] internal projs;
    mapping(uint256 p => mapping(uint256 id => Option)) internal opts;
    mapping(uint256 p => mapping(uint256 dim => uint256[])) internal optsByDim;
    mapping(uint256 p => mapping(uint256 c => Combo)) internal combos;
    mapping(uint256 p => mapping(uint256 c => mapping(address => uint256))) internal origStake;
    mapping(uint256 p => mapping(uint256 c => mapping(address => uint256))) internal shareOf;
    mapping(uint256 p => mapping(uint256 c => mapping(address => bool))) internal refunded;
    mapping(uint256 p => mapping(uint256 c => mapping(address => uint256))) internal revEnt; // scaled
    mapping(uint256 p => mapping(uint256 c => mapping(uint256 d => uint256))) internal escrowPaid;
    mapping(uint256 p => mapping(uint256 c => mapping(uint256 cond => uint256))) internal voted;
    mapping(uint256 p => mapping(uint256 c => mapping(uint256 cond => uint256))) internal passes;
    mapping(uint256 p => mapping(uint256 c => mapping(uint256 cond => uint256))) internal fails;
    mapping(uint256 p => mapping(uint256 c => mapping(uint256 i => Ord))) internal ords;
    mapping(uint256 p => mapping(uint256 id => Addon)) internal addons;
    mapping(uint256 p => mapping(uint256 id => Bond)) internal bonds;
    mapping(uint256 p => mapping(address => uint256)) public paidIn;
    mapping(uint256 p => mapping(address => uint256)) public paidOut;
    mapping(uint256 p => mapping(address => uint256[])) internal rankSeq;
    // every actor's net position per asset (kind): what it was given, paid in and paid out
    mapping(address => mapping(uint256 kind => uint256)) public given;
    mapping(address => mapping(uint256 kind => uint256)) public assetIn;
    mapping(address => mapping(uint256 kind => uint256)) public assetOut;

    uint256[V_KINDS] public violations;
    string[V_KINDS] public firstViolation;
    /// @notice The project the last action touched with money out or time, +1 (0: none): the
    /// view-based solvency check runs on it.
    uint256 public dirty;

    // ------------------------------------------------------------------ bookkeeping

    function _violate(uint256 kind, string memory what) internal {
        if (violations[kind] == 0) firstViolation[kind] = what;
        ++violations[kind];
    }

    function _bal(address token, address a) internal view returns (uint256) {
        return token == address(0) ? a.balance : IERC20(token).balanceOf(a);
    }

    function _bookIn(uint256 p, address payer, uint256 amount) internal {
        Proj storage P = projs[p];
        P.moneyIn += amount;
        paidIn[p][payer] += amount;
        assetIn[payer][P.kind] += amount;
    }

    function _bookOut(uint256 p, address a, uint256 got) internal {
        Proj storage P = projs[p];
        P.moneyOut += got;
        paidOut[p][a] += got;
        assetOut[a][P.kind] += got;
        dirty = p + 1;
    }

    function _checkEntitled(uint256 p, address a, string memory what) internal {
        if (paidOut[p][a] * SCALE > entitled(p, a) + dust(p) * SCALE) _violate(V_ENTITLEMENT, what);
    }

    function _project(uint256 p) internal view returns (ICobuildProject) {
        return ICobuildProject(projs[p].addr);
    }

    // ------------------------------------------------------------------ the rules, independently

    function _phase(uint256 p) internal view returns (Phase) {
        Proj storage P = projs[p];
        if (block.timestamp < P.ideationEnd) return Phase.Ideation;
        if (P.failed) return Phase.Failed;
        if (P.finalizedAt == 0) {
            return block.timestamp < P.ideationEnd + FINALIZATION_WINDOW ? Phase.Finalizing : Phase.Failed;
        }
        uint256 t = P.finalizedAt + P.rescueWindow;
        if (block.timestamp < t) return Phase.Rescue;
        t += P.devPeriod;
        if (block.timestamp < t) return Phase.Development;
        t += P.testPeriod;
        if (block.timestamp < t) return Phase.Testing;
        t += P.presalePeriod;
        if (block.timestamp < t) return Phase.Presale;
        return Phase.Closed;
    }

    function _presaleEnd(uint256 p) internal view returns (uint256) {
        Proj storage P = projs[p];
        return P.finalizedAt + P.rescueWindow + P.devPeriod + P.testPeriod + P.presalePeriod;
    }

    function _status(uint256 p, uint256 c) internal view returns (Status) {
        return _statusIn(p, c, _phase(p));
    }

    function _statusIn(uint256 p, uint256 c, Phase ph) internal view returns (Status) {
        Combo storage C = combos[p][c];
        if (C.backers == 0) return Status.None;
        if (ph == Phase.Ideation || ph == Phase.Finalizing) return Status.Backed;
        if (ph == Phase.Failed) return Status.NotSelected;
        if (!C.selected && !C.rescued) {
            return ph == Phase.Rescue && C.nextInLine ? Status.Eliminated : Status.NotSelected;
        }
        if (ph == Phase.Rescue) return Status.Selected;
        if (ph == Phase.Development) return Status.Prototype;
        if (C.delivered != (1 << projs[p].dims) - 1 || C.failed) return Status.Dropped;
        if (!C.passed) return ph == Phase.Testing ? Status.Prototype : Status.Dropped;
        if (ph != Phase.Closed) return Status.Model;
        return C.termsSet && C.orders >= C.minOrders ? Status.Succeeded : Status.PresaleFailed;
    }

    /// @dev The ratio's part `role` of one unit of base price (investors take the rounding).
    function _unitPart(uint256 p, uint256 price, uint256 role) internal view returns (uint256) {
        uint256[4] storage r = projs[p].ratio;
        if (role != 2) return price * r[role] / BPS;
        return price - price * r[0] / BPS - price * r[1] / BPS - price * r[3] / BPS;
    }

    /// @dev Whether combination `a` ranks before `b` in the project's order.
    function _before(uint256 p, uint256 a, uint256 b) internal view returns (bool) {
        Combo storage A = combos[p][a];
        Combo storage B = combos[p][b];
        if (projs[p].byFunding && A.funded != B.funded) return A.funded > B.funded;
        if (A.supporters != B.supporters) return A.supporters > B.supporters;
        if (A.funded != B.funded) return A.funded > B.funded;
        return a < b;
    }

    /// @notice The true ranking of project `p` (insertion sort of the model's keys).
    function trueOrder(uint256 p) public view returns (uint256[] memory order) {
        uint256 n = projs[p].nCombos;
        order = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            uint256 id = i + 1;
            uint256 j = i;
            while (j > 0 && _before(p, id, order[j - 1])) {
                order[j] = order[j - 1];
                --j;
            }
            order[j] = id;
        }
    }

    /// @dev A ranking completed: the outcome the rules give (selection by rank among those funded
    /// to their cost, the next maxRescues left out as rescuable, or launch failure).
    function _conclude(uint256 p) internal {
        Proj storage P = projs[p];
        uint256[] memory order = trueOrder(p);
        uint256 total;
        for (uint256 i; i < order.length; ++i) {
            total += combos[p][order[i]].funded;
        }
        P.total = total;
        if (total < P.minTotal) {
            P.failed = true;
            return;
        }
        P.finalizedAt = block.timestamp;
        for (uint256 i; i < order.length; ++i) {
            Combo storage C = combos[p][order[i]];
            if (P.selectedCount < P.slots && C.funded >= C.cost) {
                C.selected = true;
                ++P.selectedCount;
            } else if (P.nextInLineCount < P.maxRescues) {
                C.nextInLine = true;
                ++P.nextInLineCount;
            }
        }
    }

    // ------------------------------------------------------------------ entitlements

    /// @notice Rounding allowance of project `p`, in wei per claimant: pro-rata refunds give the
    /// rounding to the last claimant (< backers wei), the accumulators carry sub-wei remainders
    /// into the next deposit (< 1 + settlements wei per deposit).
    function dust(uint256 p) public view returns (uint256 d) {
        uint256 n = projs[p].nCombos;
        for (uint256 c = 1; c <= n; ++c) {
            Combo storage C = combos[p][c];
            d += C.backers + C.accruals + C.settlements + projs[p].dims + 3;
        }
    }

    /// @notice Everything the rules give actor `a` in project `p` now, scaled by 1e18 (exact
    /// rationals, floored once): refunds by status, revenue and surplus of the shares it held at
    /// each deposit, makers' quotes and their part of revenue, order refunds, awards, add-on
    /// revenue, what is left of its bonds, and the creator's and platform's parts.
    function entitled(uint256 p, address a) public view returns (uint256 e) {
        Proj storage P = projs[p];
        Phase ph = _phase(p);
        for (uint256 c = 1; c <= P.nCombos; ++c) {
            e += _comboEntitled(p, c, a, _statusIn(p, c, ph));
        }
        for (uint256 id = 1; id <= P.nAddons; ++id) {
            Addon storage ad = addons[p][id];
            if (ad.merchant == a && _statusIn(p, ad.combo, ph) == Status.Succeeded) e += ad.sold * ad.price * SCALE;
        }
        for (uint256 b = 1; b <= P.nBonds; ++b) {
            Bond storage bd = bonds[p][b];
            if (bd.provider == a) e += (bd.amount - bd.awarded) * SCALE;
        }
        if (ph == Phase.Closed) {
            if (a == P.creator) e += roleEntitled(p, 0) * SCALE;
            if (a == treasury) e += roleEntitled(p, 1) * SCALE;
        }
    }

    /// @notice The creator's (0) or the platform's (1) part of all revenue of project `p`, in wei:
    /// its unit part of every order of a succeeded model plus its part of every deposit.
    function roleEntitled(uint256 p, uint256 role) public view returns (uint256 e) {
        Proj storage P = projs[p];
        if (_phase(p) != Phase.Closed) return 0;
        for (uint256 c = 1; c <= P.nCombos; ++c) {
            Combo storage C = combos[p][c];
            if (_status(p, c) == Status.Succeeded) e += C.orders * _unitPart(p, C.price, role == 0 ? 0 : 3);
        }
        e += role == 0 ? P.creatorDep : P.platformDep;
    }

    function _comboEntitled(uint256 p, uint256 c, address a, Status st) internal view returns (uint256 e) {
        Combo storage C = combos[p][c];
        uint256 s = origStake[p][c][a];
        if (s != 0) {
            if (st == Status.NotSelected) {
                e += s * SCALE;
            } else if (st == Status.Dropped) {
                e += s * (C.funded - C.advanceTotal) * SCALE / C.funded;
            } else if (st == Status.PresaleFailed) {
                e += s * (C.funded - C.cost) * SCALE / C.funded;
            } else if (st == Status.Succeeded) {
                e += s * (C.orders * _unitPart(p, C.price, 2) + C.funded - C.cost) * SCALE / C.funded;
            }
        }
        e += revEnt[p][c][a];
        for (uint256 d; d < C.optionIds.length; ++d) {
            Option storage o = opts[p][C.optionIds[d]];
            if (o.maker == a) e += _makerEntitled(p, C, o.quote, st);
        }
        for (uint256 i; i < C.orders; ++i) {
            Ord storage od = ords[p][c][i];
            if (od.buyer != a) continue;
            if (st == Status.PresaleFailed) e += od.paid * SCALE;
            e += od.awarded * SCALE;
        }
    }

    /// @dev A maker's escrow by status (the advance while a prototype or dropped, the quote once
    /// passed), plus its quote-weighted part of the makers' revenue once its model succeeded.
    function _makerEntitled(uint256 p, Combo storage C, uint256 quote, Status st) internal view returns (uint256 e) {
        if (st == Status.Prototype || st == Status.Dropped) return quote * projs[p].advanceBps / BPS * SCALE;
        if (st != Status.Model && st != Status.Succeeded && st != Status.PresaleFailed) return 0;
        e = quote * SCALE;
        if (st == Status.Succeeded) e += quote * (C.orders * _unitPart(p, C.price, 1) + C.makerDep) * SCALE / C.cost;
    }
}
