// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICobuildProject} from "../../../interfaces/ICobuildProject.sol";
import {IProjectProduction} from "../../../interfaces/IProjectProduction.sol";
import {IProjectSelection} from "../../../interfaces/IProjectSelection.sol";
import {HostileReceiver} from "./HostileReceiver.sol";
import {ProjectModel} from "./ProjectModel.sol";

/// @notice Every withdrawal of the project suite, each measured on the receiver's balance and
/// compared with what the call returned, what the project's view said before and what the model
/// gives; each is tried a second time at once (exactly once). Also the checks the invariants call
/// and the end-of-run drain.
abstract contract ProjectClaims is ProjectModel {
    uint256 internal constant REFUND_PHASES = (1 << uint256(Phase.Failed)) | (1 << uint256(Phase.Rescue))
        | (1 << uint256(Phase.Development)) | (1 << uint256(Phase.Testing)) | (1 << uint256(Phase.Presale))
        | (1 << uint256(Phase.Closed));
    uint256 internal constant MAKER_PHASES = (1 << uint256(Phase.Development)) | (1 << uint256(Phase.Testing))
        | (1 << uint256(Phase.Presale)) | (1 << uint256(Phase.Closed));
    uint256 internal constant CLOSED_ONLY = 1 << uint256(Phase.Closed);

    function _paidPhase(uint256 p, uint256 allowed, uint256 got, string memory what) internal {
        if (got != 0 && allowed & (1 << uint256(_phase(p))) == 0) _violate(V_PHASE, what);
    }

    /// @dev A second call of a claim that just paid: it must pay nothing (NothingToClaim).
    function _again(uint256 p, address a, bytes memory call, string memory what) internal {
        uint256 before = _bal(projs[p].token, a);
        vm.prank(a);
        (bool ok,) = projs[p].addr.call(call);
        uint256 got = _bal(projs[p].token, a) - before;
        if (ok) _violate(V_ONCE, what);
        if (got != 0) _bookOut(p, a, got);
    }

    function _doRefund(uint256 p, uint256 c, address a) internal {
        Status st = _status(p, c);
        uint256 view_ = _project(p).refundableOf(c, a);
        uint256 before = _bal(projs[p].token, a);
        vm.prank(a);
        uint256 ret = _project(p).refund(c);
        uint256 got = _bal(projs[p].token, a) - before;
        _bookOut(p, a, got);
        refunded[p][c][a] = true;
        if (st != Status.NotSelected) ++combos[p][c].refundClaims;
        if (got != ret || got != view_) _violate(V_VIEW, "refund: paid other than returned or refundableOf");
        if (st == Status.NotSelected && got != origStake[p][c][a]) _violate(V_VIEW, "refund: not selected, not the stake");
        _paidPhase(p, REFUND_PHASES, got, "refund paid in a phase without refunds");
        _checkEntitled(p, a, "refund: beyond entitlement");
        _again(p, a, abi.encodeCall(IProjectSelection.refund, (c)), "refund paid twice");
    }

    function _doClaimRevenue(uint256 p, uint256 c, address a) internal {
        uint256 view_ = _project(p).revenueOf(c, a);
        uint256 before = _bal(projs[p].token, a);
        vm.prank(a);
        uint256 ret = _project(p).claimRevenue(c);
        uint256 got = _bal(projs[p].token, a) - before;
        _bookOut(p, a, got);
        ++combos[p][c].settlements;
        if (got != ret || got != view_) _violate(V_VIEW, "claimRevenue: paid other than returned or revenueOf");
        _paidPhase(p, CLOSED_ONLY, got, "claimRevenue paid before the presale ended");
        _checkEntitled(p, a, "claimRevenue: beyond entitlement");
        _again(p, a, abi.encodeCall(IProjectSelection.claimRevenue, (c)), "claimRevenue paid twice");
    }

    function _doClaimMaker(uint256 p, uint256 c, uint256 d) internal {
        Option storage o = opts[p][combos[p][c].optionIds[d]];
        address maker = o.maker;
        (uint256 e, uint256 r) = _project(p).makerOwed(c, d);
        uint256 before = _bal(projs[p].token, maker);
        vm.prank(maker);
        (uint256 escrow, uint256 revenue) = _project(p).claimMaker(c, d);
        uint256 got = _bal(projs[p].token, maker) - before;
        _bookOut(p, maker, got);
        if (revenue != 0) ++combos[p][c].settlements;
        escrowPaid[p][c][d] += escrow;
        if (got != escrow + revenue || escrow != e || revenue != r) {
            _violate(V_VIEW, "claimMaker: paid other than returned or makerOwed");
        }
        if (escrowPaid[p][c][d] > o.quote) _violate(V_ENTITLEMENT, "claimMaker: a maker's escrow beyond its quote");
        _paidPhase(p, MAKER_PHASES, got, "claimMaker paid before R&D");
        _checkEntitled(p, maker, "claimMaker: beyond entitlement");
        _again(p, maker, abi.encodeCall(IProjectProduction.claimMaker, (c, d)), "claimMaker paid twice");
    }

    function _doClaimAward(uint256 p, uint256 c, uint256 i) internal {
        Ord storage o = ords[p][c][i];
        address buyer = o.buyer;
        (,, uint256 owed) = _project(p).orderOf(c, i);
        uint256 before = _bal(projs[p].token, buyer);
        vm.prank(buyer);
        uint256 ret = _project(p).claimAward(c, i);
        uint256 got = _bal(projs[p].token, buyer) - before;
        _bookOut(p, buyer, got);
        if (got != ret || got != owed || got != o.awarded - o.awardPaid) {
            _violate(V_VIEW, "claimAward: paid other than the awards granted");
        }
        o.awardPaid += got;
        _paidPhase(p, CLOSED_ONLY, got, "claimAward paid before the presale ended");
        _checkEntitled(p, buyer, "claimAward: beyond entitlement");
        _again(p, buyer, abi.encodeCall(IProjectProduction.claimAward, (c, i)), "claimAward paid twice");
    }

    function _doRefundOrder(uint256 p, uint256 c, uint256 i) internal {
        Ord storage o = ords[p][c][i];
        address buyer = o.buyer;
        uint256 before = _bal(projs[p].token, buyer);
        vm.prank(buyer);
        uint256 ret = _project(p).refundOrder(c, i);
        uint256 got = _bal(projs[p].token, buyer) - before;
        _bookOut(p, buyer, got);
        o.refunded = true;
        if (got != ret || got != o.paid) _violate(V_VIEW, "refundOrder: paid other than the order's price");
        _paidPhase(p, CLOSED_ONLY, got, "refundOrder paid before the presale ended");
        _checkEntitled(p, buyer, "refundOrder: beyond entitlement");
        _again(p, buyer, abi.encodeCall(IProjectProduction.refundOrder, (c, i)), "refundOrder paid twice");
    }

    function _doWithdrawBond(uint256 p, uint256 b) internal {
        Bond storage B = bonds[p][b];
        address provider = B.provider;
        uint256 before = _bal(projs[p].token, provider);
        vm.prank(provider);
        uint256 ret = _project(p).withdrawBond(b);
        uint256 got = _bal(projs[p].token, provider) - before;
        _bookOut(p, provider, got);
        B.withdrawn = true;
        if (got != ret || got != B.amount - B.awarded) _violate(V_VIEW, "withdrawBond: paid other than the bond left");
        _paidPhase(p, CLOSED_ONLY, got, "withdrawBond paid before the presale ended");
        _checkEntitled(p, provider, "withdrawBond: beyond entitlement");
        _again(p, provider, abi.encodeCall(IProjectProduction.withdrawBond, (b)), "withdrawBond paid twice");
    }

    function _doClaimAddon(uint256 p, uint256 id) internal {
        Addon storage ad = addons[p][id];
        address merchant = ad.merchant;
        uint256 before = _bal(projs[p].token, merchant);
        vm.prank(merchant);
        uint256 ret = _project(p).claimAddonRevenue(id);
        uint256 got = _bal(projs[p].token, merchant) - before;
        _bookOut(p, merchant, got);
        ad.claimed = true;
        if (got != ret || got != ad.sold * ad.price) _violate(V_VIEW, "claimAddonRevenue: paid other than sold * price");
        _paidPhase(p, CLOSED_ONLY, got, "claimAddonRevenue paid before the presale ended");
        _checkEntitled(p, merchant, "claimAddonRevenue: beyond entitlement");
        _again(p, merchant, abi.encodeCall(IProjectProduction.claimAddonRevenue, (id)), "claimAddonRevenue paid twice");
    }

    function _doClaimRole(uint256 p, uint256 role) internal {
        Proj storage P = projs[p];
        address who = role == 0 ? P.creator : treasury;
        (uint256 creatorOwed, uint256 platformOwed) = _project(p).roleOwed();
        uint256 before = _bal(P.token, who);
        vm.prank(who);
        uint256 ret = role == 0 ? _project(p).claimCreator() : _project(p).claimPlatform();
        uint256 got = _bal(P.token, who) - before;
        _bookOut(p, who, got);
        P.rolePaid[role] += got;
        if (got != ret || got != (role == 0 ? creatorOwed : platformOwed)) {
            _violate(V_VIEW, "claimCreator/claimPlatform: paid other than roleOwed");
        }
        if (P.rolePaid[role] != roleEntitled(p, role)) _violate(V_RATIO, "role claim: not the ratio's part of revenue");
        _paidPhase(p, CLOSED_ONLY, got, "role claim paid before the presale ended");
        _checkEntitled(p, who, "role claim: beyond entitlement");
        bytes memory again = role == 0 ? abi.encodeCall(IProjectProduction.claimCreator, ()) : abi.encodeCall(
            IProjectProduction.claimPlatform, ()
        );
        _again(p, who, again, "role claim paid twice");
    }

    // ------------------------------------------------------------------ checks for the invariants

    /// @notice What the project's views say is claimable now (refunds, revenue, makers, roles,
    /// order refunds, awards, add-on revenue, bonds): the project must hold at least this.
    function owedByViews(uint256 p) public view returns (uint256 owed) {
        Proj storage P = projs[p];
        ICobuildProject project = ICobuildProject(P.addr);
        (uint256 creator, uint256 platform) = project.roleOwed();
        owed = creator + platform;
        for (uint256 c = 1; c <= P.nCombos; ++c) {
            Status st = project.status(c);
            if (st == Status.NotSelected || st == Status.Dropped || st == Status.PresaleFailed) {
                for (uint256 i; i < actors.length; ++i) {
                    owed += project.refundableOf(c, actors[i]);
                }
            }
            if (st == Status.Succeeded) {
                for (uint256 i; i < actors.length; ++i) {
                    owed += project.revenueOf(c, actors[i]);
                }
            }
            for (uint256 d; d < P.dims; ++d) {
                (uint256 e, uint256 r) = project.makerOwed(c, d);
                owed += e + r;
            }
            for (uint256 i; i < combos[p][c].orders; ++i) {
                (, uint256 paid, uint256 awardOwed) = project.orderOf(c, i);
                owed += awardOwed + (st == Status.PresaleFailed ? paid : 0);
            }
        }
        for (uint256 id = 1; id <= P.nAddons; ++id) {
            (uint256 c,, uint256 price, uint256 sold, bool claimed) = project.addon(id);
            if (!claimed && project.status(c) == Status.Succeeded) owed += sold * price;
        }
        for (uint256 b = 1; b <= P.nBonds; ++b) {
            (,, uint256 amount,) = project.bond(b);
            owed += amount;
        }
    }

    /// @notice The number of projects opened.
    function projectCount() external view returns (uint256) {
        return projs.length;
    }

    /// @notice Project `p`'s address, token and the money the handler paid in and received out.
    function moneyOf(uint256 p) external view returns (address addr, address token, uint256 moneyIn, uint256 moneyOut) {
        Proj storage P = projs[p];
        return (P.addr, P.token, P.moneyIn, P.moneyOut);
    }

    /// @notice First actor (with its project) paid beyond its entitlement plus the dust bound, if any.
    function overpaid() public view returns (bool found, uint256 p, address a) {
        for (p = 0; p < projs.length; ++p) {
            for (uint256 i; i <= actors.length; ++i) {
                a = i == actors.length ? treasury : actors[i];
                if (paidOut[p][a] * SCALE > entitled(p, a) + dust(p) * SCALE) {
                    return (true, p, a);
                }
            }
        }
        return (false, 0, address(0));
    }

    /// @notice First combination whose status differs from the model's, if any.
    function statusMismatch() external view returns (bool found, uint256 p, uint256 c, Status chain, Status model) {
        for (p = 0; p < projs.length; ++p) {
            Phase ph = _phase(p);
            if (ICobuildProject(projs[p].addr).phase() != ph) return (true, p, 0, Status.None, Status.None);
            for (c = 1; c <= projs[p].nCombos; ++c) {
                chain = ICobuildProject(projs[p].addr).status(c);
                model = _statusIn(p, c, ph);
                if (chain != model) return (true, p, c, chain, model);
            }
        }
        return (false, 0, 0, Status.None, Status.None);
    }

    /// @notice Whether selection (the view's counts and the statuses) is within the rules: ranked
    /// = all, selected by rank <= slots and as the true order gives, rescued <= maxRescues and only
    /// among the next in line, every prototype funded to its cost.
    function selectionProblem() external view returns (string memory) {
        for (uint256 p; p < projs.length; ++p) {
            Proj storage P = projs[p];
            if (P.finalizedAt == 0 && !P.failed) continue;
            (uint256 ranked, uint256 selected, uint256 rescued, uint256 total) = _project(p).selection();
            if (ranked != P.nCombos || total != P.total) return "selection: ranked or total differs from the model";
            if (selected != (P.failed ? 0 : P.selectedCount) || selected > P.slots) return "selection: selected";
            if (rescued != P.rescuedCount || rescued > P.maxRescues) return "selection: rescued beyond the cap";
            uint256 picked;
            for (uint256 c = 1; c <= P.nCombos; ++c) {
                Combo storage C = combos[p][c];
                if (C.rescued && !C.nextInLine) return "selection: a rescue outside the next in line";
                if ((C.selected || C.rescued) && C.funded < C.cost) return "selection: a prototype below its cost";
                if (C.selected || C.rescued) ++picked;
            }
            if (picked > P.slots + P.maxRescues) return "selection: more prototypes than slots + rescues";
        }
        return "";
    }

    /// @notice First actor whose balance of an asset is not given - paid in + paid out.
    function netPositionProblem() external view returns (bool found, address a, uint256 kind, uint256[4] memory v) {
        for (uint256 i; i <= actors.length; ++i) {
            a = i == actors.length ? treasury : actors[i];
            for (kind = 0; kind < 3; ++kind) {
                if (_bal(tokens[kind], a) != given[a][kind] + assetOut[a][kind] - assetIn[a][kind]) {
                    return (true, a, kind, [_bal(tokens[kind], a), given[a][kind], assetIn[a][kind], assetOut[a][kind]]);
                }
            }
        }
        return (false, address(0), 0, v);
    }

    /// @notice First holder whose ERC-1155 shares (through the views) differ from its stake moved
    /// by the transfers, for the succeeded models.
    function sharesProblem() external view returns (bool found, uint256 p, uint256 c) {
        for (p = 0; p < projs.length; ++p) {
            for (c = 1; c <= projs[p].nCombos; ++c) {
                if (_status(p, c) != Status.Succeeded) continue;
                if (_project(p).totalShares(c) != combos[p][c].funded) return (true, p, c);
                for (uint256 i; i < actors.length; ++i) {
                    if (_project(p).sharesOf(c, actors[i]) != shareOf[p][c][actors[i]]) return (true, p, c);
                }
            }
        }
        return (false, 0, 0);
    }

    // ------------------------------------------------------------------ the end of a run

    /// @notice After a run: time runs out for every project, every receiver accepts, and every
    /// account withdraws everything the views say it is owed (a withdrawal that fails fails the
    /// run). Then the views owe nothing, each project holds at most its dust, and every actor got
    /// its entitlement to within the dust.
    function drain() external {
        _logCoverage();
        for (uint256 i; i < hostiles.length; ++i) {
            HostileReceiver(payable(hostiles[i])).setRefusing(false);
        }
        vm.warp(block.timestamp + 400 days);
        for (uint256 p; p < projs.length; ++p) {
            _drainProject(p);
        }
    }

    /// @dev Lifecycle coverage of the run, on forge's console (shown with -vv).
    function _logCoverage() internal view {
        for (uint256 p; p < projs.length; ++p) {
            uint256 mask;
            for (uint256 ph; ph < 8; ++ph) {
                if (_reached(p, ph)) mask |= 1 << ph;
            }
            _log("project phases reached (bit mask: ideation 1 ... closed 128)", mask);
            _log("project combinations", projs[p].nCombos);
            uint256 succeeded;
            for (uint256 k = 1; k <= projs[p].nCombos; ++k) {
                if (_status(p, k) == Status.Succeeded) ++succeeded;
            }
            _log("project models succeeded", succeeded);
        }
    }

    function _reached(uint256 p, uint256 ph) internal view virtual returns (bool);

    function _log(string memory what, uint256 value) internal view {
        address console = 0x000000000000000000636F6e736F6c652e6c6f67;
        (bool ok,) = console.staticcall(abi.encodeWithSignature("log(string,uint256)", what, value));
        ok;
    }

    function _drainProject(uint256 p) internal {
        Proj storage P = projs[p];
        ICobuildProject project = ICobuildProject(P.addr);
        for (uint256 c = 1; c <= P.nCombos; ++c) {
            Status st = _status(p, c);
            for (uint256 i; i < actors.length; ++i) {
                address a = actors[i];
                bool refundable = st == Status.NotSelected || st == Status.Dropped || st == Status.PresaleFailed;
                if (refundable && origStake[p][c][a] != 0 && !refunded[p][c][a]) _doRefund(p, c, a);
                if (st == Status.Succeeded && project.revenueOf(c, a) != 0) _doClaimRevenue(p, c, a);
            }
            for (uint256 d; d < P.dims; ++d) {
                (uint256 e, uint256 r) = project.makerOwed(c, d);
                if (e + r != 0) _doClaimMaker(p, c, d);
            }
            for (uint256 i; i < combos[p][c].orders; ++i) {
                Ord storage o = ords[p][c][i];
                if (st == Status.PresaleFailed && !o.refunded) _doRefundOrder(p, c, i);
                if (o.awarded > o.awardPaid) _doClaimAward(p, c, i);
            }
        }
        for (uint256 id = 1; id <= P.nAddons; ++id) {
            Addon storage ad = addons[p][id];
            if (!ad.claimed && ad.sold != 0 && _status(p, ad.combo) == Status.Succeeded) _doClaimAddon(p, id);
        }
        for (uint256 b = 1; b <= P.nBonds; ++b) {
            if (!bonds[p][b].withdrawn && bonds[p][b].amount > bonds[p][b].awarded) _doWithdrawBond(p, b);
        }
        for (uint256 role; role < 2; ++role) {
            if (roleEntitled(p, role) > P.rolePaid[role]) _doClaimRole(p, role);
        }
    }

    /// @notice After {drain}: the first problem found, or "" (views owe nothing, the project holds
    /// only dust, every actor got its entitlement to within the dust).
    function drainedProblem() external view returns (string memory) {
        for (uint256 p; p < projs.length; ++p) {
            Proj storage P = projs[p];
            if (owedByViews(p) != 0) return "drained: a view still owes something";
            uint256 held = _bal(P.token, P.addr);
            uint256 bound = dust(p);
            if (held > bound) return "drained: the project holds more than the dust";
            for (uint256 i; i <= actors.length; ++i) {
                address a = i == actors.length ? treasury : actors[i];
                uint256 ent = entitled(p, a) / SCALE;
                uint256 got = paidOut[p][a];
                if (got + bound < ent) return "drained: an actor got less than its entitlement";
                if (got > ent + bound) return "drained: an actor got more than its entitlement";
            }
        }
        return "";
    }
}
