// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";

import {ICobuildFactory} from "../../../interfaces/ICobuildFactory.sol";
import {ICobuildProject} from "../../../interfaces/ICobuildProject.sol";
import {ICobuildShares} from "../../../interfaces/ICobuildShares.sol";
import {FeeOnTransferToken} from "../../../contracts/test/FeeOnTransferToken.sol";
import {TestToken} from "../../../contracts/test/TestToken.sol";
import {HostileReceiver} from "./HostileReceiver.sol";
import {ProjectClaims} from "./ProjectClaims.sol";

/// @notice The actions of the project suite: every role acts at random over the whole lifecycle
/// of up to three projects (ETH, an 18-decimal and a 6-decimal ERC-20), each action bounded so
/// that it usually does something; an action with nothing to act on reverts `Skip` (forge's
/// table counts it as a revert, so the table's revert ratio is honest).
contract ProjectHandler is ProjectClaims {
    /// @notice Nothing to act on in the current state.
    error Skip();

    FeeOnTransferToken public immutable fot;
    address public fotProject;

    constructor(ICobuildFactory factory_, address treasury_, address token18, address token6) {
        factory = factory_;
        treasury = treasury_;
        tokens = [address(0), token18, token6];
        fot = new FeeOnTransferToken(100);
        for (uint256 i; i < 6; ++i) {
            address a = address(uint160(0xA000 + i));
            actors.push(a);
            vm.label(a, string.concat("actor", vm_toString(i)));
        }
        for (uint256 i; i < 2; ++i) {
            address h = address(new HostileReceiver());
            actors.push(h);
            hostiles.push(h);
            vm.label(h, string.concat("hostile", vm_toString(i)));
        }
        for (uint256 i; i < 4; ++i) {
            inspectorPool[i] = address(uint160(0x1A5_0000 + i));
        }
    }

    /// @dev The view-based solvency check runs after the actions that paid out or moved time.
    modifier action() {
        dirty = 0;
        _;
    }

    function vm_toString(uint256 i) private pure returns (string memory) {
        return string(abi.encodePacked(bytes1(uint8(48 + i))));
    }

    // ------------------------------------------------------------------ picking

    function _pick(uint256 seed, uint256 phaseMask) internal view returns (uint256) {
        uint256 n = projs.length;
        for (uint256 i; i < n; ++i) {
            uint256 p = (seed + i) % n;
            if (phaseMask & (1 << uint256(_phase(p))) != 0) return p;
        }
        revert Skip();
    }

    function _bit(Phase ph) internal pure returns (uint256) {
        return 1 << uint256(ph);
    }

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % actors.length];
    }

    /// @dev An amount of `units` project units, or (1 in 16) a few wei: dust.
    function _amount(uint256 p, uint256 seed, uint256 maxUnits) internal view returns (uint256) {
        if (seed % 16 == 0) return 1 + (seed >> 4) % 7;
        return projs[p].unit * (1 + (seed >> 4) % maxUnits);
    }

    /// @dev Give `payer` `amount` of project `p`'s asset and let the project take it.
    function _fund(uint256 p, address payer, uint256 amount) internal returns (uint256 value) {
        Proj storage P = projs[p];
        given[payer][P.kind] += amount;
        if (P.token == address(0)) {
            vm.deal(payer, payer.balance + amount);
            return amount;
        }
        TestToken(P.token).mint(payer, amount);
        vm.prank(payer);
        IERC20(P.token).approve(P.addr, amount);
        return 0;
    }

    function _checkPhase(uint256 p, Phase ph, uint256 allowed, string memory what) internal {
        if (allowed & _bit(ph) == 0) _violate(V_PHASE, what);
        p; // the project is named by the message
    }

    // ------------------------------------------------------------------ creation and ideation

    /// @notice A random actor opens a project through the factory (random rules, token, panel),
    /// while fewer than 3 projects are live (at most 6 in a run).
    function createProject(uint256 seed) external action {
        uint256 live;
        for (uint256 p; p < projs.length; ++p) {
            Phase ph = _phase(p);
            if (ph != Phase.Closed && ph != Phase.Failed) ++live;
        }
        if (live >= MAX_LIVE_PROJECTS || projs.length >= MAX_PROJECTS) revert Skip();
        uint256 kind = seed % 3;
        ICobuildFactory.ProjectParams memory prm;
        prm.token = tokens[kind];
        prm.contentHash = keccak256(abi.encode(seed));
        prm.ideationEnd = uint64(block.timestamp + 12 hours + (seed >> 8) % 1 days);
        prm.rescueWindow = uint32(12 hours + (seed >> 24) % 1 days);
        prm.developmentPeriod = 1 days;
        prm.testingPeriod = 1 days;
        prm.presalePeriod = 1 days;
        uint256 unit = kind == 2 ? 1e3 : 1e15;
        prm.minStake = uint128(unit * (1 + (seed >> 40) % 10));
        prm.minTotal = uint128(unit * ((seed >> 48) % 60));
        prm.slots = uint16(1 + (seed >> 56) % 3);
        prm.maxRescues = uint16((seed >> 64) % 3);
        prm.rankBy = ICobuildFactory.RankBy((seed >> 72) % 2);
        uint256 r0 = (seed >> 80) % 3001;
        uint256 r1 = (seed >> 96) % 4001;
        uint256 r3 = (seed >> 112) % 1001;
        prm.ratioBps = [uint16(r0), uint16(r1), uint16(BPS - r0 - r1 - r3), uint16(r3)];
        uint256 adv = (seed >> 128) % 12;
        prm.advanceBps = uint16(adv == 0 ? 0 : adv == 1 ? BPS : (seed >> 132) % (BPS + 1));
        uint256 m = 1 + (seed >> 144) % 4;
        prm.quorum = uint8(m / 2 + 1);
        prm.inspectors = new address[](m);
        for (uint256 i; i < m; ++i) {
            prm.inspectors[i] = inspectorPool[i];
        }
        ICobuildFactory.ProjectLabels memory labels;
        labels.dimensions = new string[](1 + (seed >> 152) % 3);
        labels.conditions = new string[](1 + (seed >> 160) % 3);
        address creator = _actor(seed >> 168);
        vm.prank(creator);
        address project = factory.createProject(prm, labels);
        _record(project, prm, labels, creator, kind, unit);
    }

    function _record(
        address project,
        ICobuildFactory.ProjectParams memory prm,
        ICobuildFactory.ProjectLabels memory labels,
        address creator,
        uint256 kind,
        uint256 unit
    ) private {
        Proj storage P = projs.push();
        P.addr = project;
        P.token = prm.token;
        P.kind = kind;
        P.unit = unit;
        P.creator = creator;
        P.ideationEnd = prm.ideationEnd;
        P.rescueWindow = prm.rescueWindow;
        P.devPeriod = prm.developmentPeriod;
        P.testPeriod = prm.testingPeriod;
        P.presalePeriod = prm.presalePeriod;
        P.minTotal = prm.minTotal;
        P.minStake = prm.minStake;
        P.slots = prm.slots;
        P.maxRescues = prm.maxRescues;
        P.byFunding = prm.rankBy == ICobuildFactory.RankBy.Funding;
        for (uint256 r; r < 4; ++r) {
            P.ratio[r] = prm.ratioBps[r];
        }
        P.advanceBps = prm.advanceBps;
        P.quorum = prm.quorum;
        P.inspectors = prm.inspectors.length;
        P.dims = labels.dimensions.length;
        P.conditions = labels.conditions.length;
    }

    /// @notice A maker offers an option (sometimes a 1-wei dust quote) in ideation.
    function offerOption(uint256 seed) external action {
        uint256 p = _pick(seed, _bit(Phase.Ideation));
        Proj storage P = projs[p];
        uint256 dim = (seed >> 8) % P.dims;
        for (uint256 d; d < P.dims; ++d) {
            if (optsByDim[p][d].length < optsByDim[p][dim].length) dim = d;
        }
        if (optsByDim[p][dim].length >= MAX_OPTIONS_PER_DIM) revert Skip();
        _offer(p, dim, seed >> 16);
    }

    function _offer(uint256 p, uint256 dim, uint256 seed) internal {
        address maker = _actor(seed);
        uint256 quote = _amount(p, seed >> 8, 20);
        vm.prank(maker);
        uint256 id = _project(p).offerOption(dim, quote, Content("part", "", bytes32(0)));
        opts[p][id] = Option(maker, quote, dim);
        optsByDim[p][dim].push(id);
        ++projs[p].nOptions;
    }

    /// @notice A backer invests in a combination of options (new or existing), sometimes on
    /// behalf of another actor.
    function investInNew(uint256 seed) external action {
        uint256 p = _pick(seed, _bit(Phase.Ideation));
        Proj storage P = projs[p];
        uint32[] memory ids = new uint32[](P.dims);
        uint256 extra = (seed >> 200) % (2 * P.dims); // half the time a maker offers another option first
        if (extra < P.dims && optsByDim[p][extra].length < MAX_OPTIONS_PER_DIM) _offer(p, extra, seed >> 208);
        for (uint256 d; d < P.dims; ++d) {
            if (optsByDim[p][d].length == 0) _offer(p, d, seed >> (100 + 8 * d));
            uint256 n = optsByDim[p][d].length;
            ids[d] = uint32(optsByDim[p][d][(seed >> (8 + 4 * d)) % n]);
        }
        uint256 existing = _project(p).combinationId(ids);
        if (existing == 0 && P.nCombos >= MAX_COMBOS) revert Skip();
        address payer = _actor(seed >> 40);
        address backer = (seed >> 48) % 5 == 0 ? _actor(seed >> 56) : payer;
        uint256 amount = _amount(p, seed >> 64, 80);
        uint256 value = _fund(p, payer, amount);
        vm.prank(payer);
        uint256 combo = backer == payer
            ? _project(p).investInNew{value: value}(ids, amount)
            : _project(p).investInNewFor{value: value}(backer, ids, amount);
        if (existing == 0) {
            if (combo != ++P.nCombos) _violate(V_VIEW, "investInNew: combination ids follow first funding");
            Combo storage C = combos[p][combo];
            C.optionIds = ids;
            for (uint256 d; d < ids.length; ++d) {
                uint256 q = opts[p][ids[d]].quote;
                C.cost += q;
                C.advanceTotal += q * P.advanceBps / BPS;
            }
        } else if (combo != existing) {
            _violate(V_VIEW, "investInNew: an existing combination got another id");
        }
        _stake(p, combo, backer, amount);
        _bookIn(p, payer, amount);
    }

    function _stake(uint256 p, uint256 c, address backer, uint256 amount) internal {
        Combo storage C = combos[p][c];
        uint256 before = origStake[p][c][backer];
        if (before == 0) ++C.backers;
        if (before < projs[p].minStake && before + amount >= projs[p].minStake) ++C.supporters;
        origStake[p][c][backer] = before + amount;
        shareOf[p][c][backer] = before + amount;
        C.funded += amount;
    }

    /// @notice A backer tops up a combination: any in ideation; in the rescue window one next in
    /// line, as one of its backers (half the time exactly what it lacks to reach its cost).
    function invest(uint256 seed) external action {
        uint256 p = _pick(seed, _bit(Phase.Ideation) | _bit(Phase.Rescue));
        Proj storage P = projs[p];
        if (P.nCombos == 0) revert Skip();
        Phase ph = _phase(p);
        uint256 c = 1 + (seed >> 8) % P.nCombos;
        if (ph == Phase.Rescue) c = _rescuable(p, seed >> 8);
        Combo storage C = combos[p][c];
        address payer = _actor(seed >> 16);
        address backer = (seed >> 24) % 4 == 0 ? _actor(seed >> 32) : payer;
        if (ph == Phase.Rescue && origStake[p][c][backer] == 0) backer = _backerOf(p, c, seed >> 32);
        uint256 amount = _amount(p, seed >> 40, 80);
        if (ph == Phase.Rescue && (seed >> 48) % 2 == 0 && C.cost > C.funded) amount = C.cost - C.funded;
        uint256 value = _fund(p, payer, amount);
        vm.prank(payer);
        if (backer == payer) _project(p).invest{value: value}(c, amount);
        else _project(p).investFor{value: value}(backer, c, amount);
        _stake(p, c, backer, amount);
        _bookIn(p, payer, amount);
        if (ph == Phase.Rescue && !C.rescued && C.funded >= C.cost) {
            C.rescued = true;
            ++P.rescuedCount;
        }
        _checkPhase(p, ph, _bit(Phase.Ideation) | _bit(Phase.Rescue), "invest outside ideation and rescue");
    }

    function _rescuable(uint256 p, uint256 seed) internal view returns (uint256) {
        uint256 n = projs[p].nCombos;
        for (uint256 i; i < n; ++i) {
            uint256 c = 1 + (seed + i) % n;
            if (combos[p][c].nextInLine && !combos[p][c].rescued) return c;
        }
        revert Skip();
    }

    function _backerOf(uint256 p, uint256 c, uint256 seed) internal view returns (address) {
        for (uint256 i; i < actors.length; ++i) {
            address a = actors[(seed + i) % actors.length];
            if (origStake[p][c][a] != 0) return a;
        }
        revert Skip();
    }

    /// @notice A backer argues for its combination (no money moves).
    function argue(uint256 seed) external action {
        uint256 p = _pick(seed, _bit(Phase.Ideation) | _bit(Phase.Finalizing) | _bit(Phase.Rescue));
        if (projs[p].nCombos == 0) revert Skip();
        uint256 c = 1 + (seed >> 8) % projs[p].nCombos;
        address a = _backerOf(p, c, seed >> 16);
        vm.prank(a);
        _project(p).argue(c, "because");
    }

    // ------------------------------------------------------------------ selection

    /// @notice An honest submitter extends (or starts) its own ranking with the next batch of the
    /// true order; the batch that completes it decides selection.
    function finalizeHonest(uint256 seed) external action {
        uint256 p = _pick(seed, _bit(Phase.Finalizing));
        address a = _actor(seed >> 8);
        uint256[] memory ranking = trueOrder(p);
        for (uint256 i; i < actors.length && (seed >> 40) % 4 != 0; ++i) {
            // mostly a submitter carries on with its own unfinished attempt
            if (rankSeq[p][actors[i]].length != 0) {
                a = actors[i];
                break;
            }
        }
        uint256 done = rankSeq[p][a].length;
        if ((seed >> 16) % 8 == 0) done = 0; // start over
        uint256 left = ranking.length - done;
        // half the time the rest of the ranking at once, else a batch of 1 to all of it
        uint256 size = left == 0 || (seed >> 32) % 2 == 0 ? left : 1 + (seed >> 24) % left;
        uint256[] memory batch = new uint256[](size);
        for (uint256 i; i < size; ++i) {
            batch[i] = ranking[done + i];
        }
        if (done == 0 && size == 0 && ranking.length != 0) revert Skip();
        vm.prank(a);
        _project(p).finalize(done, batch);
        _accepted(p, a, done, batch);
    }

    /// @notice A griefer submits a batch out of the true order (shuffled, repeated, unknown ids,
    /// a wrong start): it must be refused, or be a strictly ordered batch nobody else depends on.
    function finalizeGrief(uint256 seed) external action {
        uint256 p = _pick(seed, _bit(Phase.Finalizing));
        address a = _actor(seed >> 8);
        uint256 n = projs[p].nCombos;
        uint256 size = 1 + (seed >> 16) % 4;
        uint256[] memory batch = new uint256[](size);
        for (uint256 i; i < size; ++i) {
            batch[i] = (seed >> (24 + 8 * i)) % (n + 2); // 0 and n + 1 are unknown ids
        }
        uint256 start = (seed >> 64) % 3 == 0 ? (seed >> 72) % (n + 1) : rankSeq[p][a].length;
        if ((seed >> 80) % 2 == 0) start = 0;
        vm.prank(a);
        try _project(p).finalize(start, batch) {
            _accepted(p, a, start, batch);
        } catch {}
    }

    /// @dev A finalize batch of `a` was accepted: it must continue `a`'s own attempt in the true
    /// order; the one that completes the ranking concludes selection.
    function _accepted(uint256 p, address a, uint256 start, uint256[] memory batch) internal {
        uint256[] storage seq = rankSeq[p][a];
        if (start == 0) {
            while (seq.length != 0) {
                seq.pop();
            }
        } else if (start != seq.length) {
            _violate(V_RANKING, "finalize: a batch accepted at another start than its own attempt's");
        }
        for (uint256 i; i < batch.length; ++i) {
            uint256 id = batch[i];
            if (id == 0 || id > projs[p].nCombos) _violate(V_RANKING, "finalize: an unknown id was ranked");
            if (seq.length != 0 && !_before(p, seq[seq.length - 1], id)) {
                _violate(V_RANKING, "finalize: a batch out of the true order was accepted");
            }
            seq.push(id);
        }
        if (seq.length == projs[p].nCombos) {
            uint256[] memory ranking = trueOrder(p);
            for (uint256 i; i < ranking.length; ++i) {
                if (seq[i] != ranking[i]) _violate(V_RANKING, "finalize: a complete ranking differs from the true order");
            }
            _conclude(p);
        }
    }

    // ------------------------------------------------------------------ R&D and testing

    function _comboWith(uint256 p, uint256 seed, Status want) internal view returns (uint256) {
        uint256 n = projs[p].nCombos;
        for (uint256 i; i < n; ++i) {
            uint256 c = 1 + (seed + i) % n;
            if (_status(p, c) == want) return c;
        }
        revert Skip();
    }

    /// @notice A maker delivers its part of a prototype (most are delivered).
    function deliver(uint256 seed) external action {
        uint256 p = _pick(seed, _bit(Phase.Development));
        uint256 c = _comboWith(p, seed >> 8, Status.Prototype);
        Combo storage C = combos[p][c];
        uint256 dims = projs[p].dims;
        uint256 d = (seed >> 16) % dims;
        for (uint256 i; i < dims && C.delivered & (1 << d) != 0; ++i) {
            d = (d + 1) % dims;
        }
        if (C.delivered & (1 << d) != 0) revert Skip();
        bool all = (seed >> 24) % 4 != 0;
        for (uint256 i; i < dims; ++i) {
            uint256 part = (d + i) % dims;
            if (C.delivered & (1 << part) != 0) continue;
            vm.prank(opts[p][C.optionIds[part]].maker);
            _project(p).deliver(c, part, bytes32(seed));
            C.delivered |= 1 << part;
            if (!all) break;
        }
    }

    /// @notice An inspector records its verdicts (a pass 9 times in 10) on a delivered prototype:
    /// under every condition it has not judged yet (3 times in 4), or under one.
    function verdict(uint256 seed) external action {
        uint256 p = _pick(seed, _bit(Phase.Testing));
        uint256 c = _comboWith(p, seed >> 8, Status.Prototype);
        Proj storage P = projs[p];
        uint256 j = (seed >> 24) % P.inspectors;
        bool all = (seed >> 40) % 4 != 0;
        bool any;
        for (uint256 k; k < P.conditions; ++k) {
            uint256 cond = ((seed >> 16) + k) % P.conditions;
            if (combos[p][c].failed || combos[p][c].passed) break;
            if (voted[p][c][cond] & (1 << j) != 0) continue;
            _vote(p, c, cond, j, (seed >> (48 + 4 * k)) % 10 != 0);
            any = true;
            if (!all) break;
        }
        if (!any) revert Skip();
    }

    function _vote(uint256 p, uint256 c, uint256 cond, uint256 j, bool pass) internal {
        Proj storage P = projs[p];
        vm.prank(inspectorPool[j]);
        _project(p).recordVerdict(c, cond, pass, bytes32(cond));
        voted[p][c][cond] |= 1 << j;
        Combo storage C = combos[p][c];
        if (pass) {
            if (++passes[p][c][cond] == P.quorum && ++C.passedConds == P.conditions) C.passed = true;
        } else if (++fails[p][c][cond] == P.inspectors - P.quorum + 1) {
            C.failed = true;
        }
    }

    // ------------------------------------------------------------------ presale

    /// @notice The creator sets a model's terms (price, sometimes dust; 1-3 minimum orders).
    function setTerms(uint256 seed) external action {
        uint256 p = _pick(seed, _bit(Phase.Presale));
        uint256 c = _comboWith(p, seed >> 8, Status.Model);
        Combo storage C = combos[p][c];
        if (C.termsSet) revert Skip();
        uint256 price = _amount(p, seed >> 16, 50);
        uint256 minOrders = 1 + (seed >> 32) % 3;
        vm.prank(projs[p].creator);
        _project(p).setModelTerms(c, price, minOrders);
        (C.termsSet, C.price, C.minOrders) = (true, price, minOrders);
    }

    /// @notice A merchant offers an add-on for a model.
    function offerAddon(uint256 seed) external action {
        uint256 p = _pick(seed, _bit(Phase.Presale));
        if (projs[p].nAddons >= MAX_ADDONS) revert Skip();
        uint256 c = _comboWith(p, seed >> 8, Status.Model);
        address merchant = _actor(seed >> 16);
        uint256 price = _amount(p, seed >> 24, 20);
        vm.prank(merchant);
        uint256 id = _project(p).offerAddon(c, price, Content("addon", "", bytes32(0)));
        if (id != ++projs[p].nAddons) _violate(V_VIEW, "offerAddon: ids are 1-based and sequential");
        addons[p][id] = Addon(c, merchant, price, 0, false);
    }

    /// @notice A buyer orders a model with some of its add-ons (sometimes for someone else);
    /// from the minimum order on, each order books one unit of the creator's and the platform's
    /// parts (the backlog at the minimum-th).
    function order(uint256 seed) external action {
        uint256 p = _pick(seed, _bit(Phase.Presale));
        uint256 c = _comboWith(p, seed >> 8, Status.Model);
        Combo storage C = combos[p][c];
        if (!C.termsSet || C.orders >= MAX_ORDERS) revert Skip();
        (uint32[] memory ids, uint256 total) = _addonsOf(p, c, seed >> 16);
        total += C.price;
        address payer = _actor(seed >> 24);
        address buyer = (seed >> 32) % 5 == 0 ? _actor(seed >> 40) : payer;
        uint256 value = _fund(p, payer, total);
        (uint256 creatorBefore, uint256 platformBefore) = _project(p).roleOwed();
        vm.prank(payer);
        uint256 index = buyer == payer
            ? _project(p).order{value: value}(c, ids)
            : _project(p).orderFor{value: value}(buyer, c, ids);
        if (index != C.orders) _violate(V_VIEW, "order: index is the order count");
        ords[p][c][index] = Ord(buyer, total, false, 0, 0);
        ++C.orders;
        for (uint256 i; i < ids.length; ++i) {
            ++addons[p][ids[i]].sold;
        }
        _bookIn(p, payer, total);
        uint256 units = C.orders < C.minOrders ? 0 : C.orders == C.minOrders ? C.orders : 1;
        (uint256 creatorAfter, uint256 platformAfter) = _project(p).roleOwed();
        if (creatorAfter - creatorBefore != units * _unitPart(p, C.price, 0)) {
            _violate(V_RATIO, "order: the creator's part of a unit is not price * ratio");
        }
        if (platformAfter - platformBefore != units * _unitPart(p, C.price, 3)) {
            _violate(V_RATIO, "order: the platform's part of a unit is not price * ratio");
        }
    }

    function _addonsOf(uint256 p, uint256 c, uint256 seed) internal view returns (uint32[] memory ids, uint256 sum) {
        uint256 n = projs[p].nAddons;
        uint32[] memory all = new uint32[](n);
        uint256 k;
        for (uint256 id = 1; id <= n; ++id) {
            if (addons[p][id].combo == c && (seed >> id) & 1 == 1) {
                all[k++] = uint32(id);
                sum += addons[p][id].price;
            }
        }
        ids = new uint32[](k);
        for (uint256 i; i < k; ++i) {
            ids[i] = all[i];
        }
    }

    /// @notice An after-sales provider locks a bond for a model.
    function commitBond(uint256 seed) external action {
        uint256 p = _pick(seed, _bit(Phase.Presale));
        Proj storage P = projs[p];
        if (P.nBonds >= MAX_BONDS) revert Skip();
        uint256 c = _comboWith(p, seed >> 8, Status.Model);
        address provider = _actor(seed >> 16);
        uint256 amount = _amount(p, seed >> 24, 50);
        uint256 period = 1 hours + (seed >> 40) % 10 days;
        uint256 value = _fund(p, provider, amount);
        vm.prank(provider);
        uint256 id = _project(p).commitBond{value: value}(c, amount, period, Content("bond", "", bytes32(0)));
        if (id != ++P.nBonds) _violate(V_VIEW, "commitBond: ids are 1-based and sequential");
        bonds[p][id] = Bond(provider, c, amount, 0, _presaleEnd(p) + period, false);
        _bookIn(p, provider, amount);
    }

    /// @notice The inspectors approve an award from a bond to an order's buyer: a quorum grants
    /// it (1 time in 8 one approval short of it, which must grant nothing).
    function award(uint256 seed) external action {
        uint256 p = _pick(seed, _bit(Phase.Closed));
        Proj storage P = projs[p];
        if (P.nBonds == 0) revert Skip();
        uint256 b = 1 + (seed >> 8) % P.nBonds;
        Bond storage B = bonds[p][b];
        Combo storage C = combos[p][B.combo];
        if (B.withdrawn || B.amount == B.awarded || C.orders == 0 || block.timestamp >= B.warrantyEnd) revert Skip();
        if (_status(p, B.combo) != Status.Succeeded) revert Skip();
        uint256 i = (seed >> 16) % C.orders;
        uint256 amount = 1 + (seed >> 24) % (B.amount - B.awarded);
        uint256 approvals = (seed >> 64) % 8 == 0 ? P.quorum - 1 : P.quorum;
        for (uint256 k; k < approvals; ++k) {
            vm.prank(inspectorPool[((seed >> 72) + k) % P.inspectors]);
            bool granted = _project(p).approveAward(b, i, amount, bytes32(seed));
            if (granted != (k + 1 == P.quorum)) _violate(V_VIEW, "approveAward: granted before or after the quorum");
        }
        if (approvals == P.quorum) {
            B.awarded += amount;
            ords[p][B.combo][i].awarded += amount;
        }
        (,, uint256 left,) = _project(p).bond(b);
        if (left != B.amount - B.awarded) _violate(V_VIEW, "approveAward: the bond is not what is left after awards");
    }

    // ------------------------------------------------------------------ revenue and shares

    /// @notice Anyone deposits revenue of a succeeded model: the creator's and the platform's parts
    /// must be price * ratio to the wei; the makers' and the investors' parts (through their
    /// accumulators, read back from the views) within the rounding.
    function depositRevenue(uint256 seed) external action {
        uint256 p = _pick(seed, _bit(Phase.Closed));
        uint256 c = _comboWith(p, seed >> 8, Status.Succeeded);
        address from = _actor(seed >> 16);
        uint256 amount = _amount(p, seed >> 24, 100);
        uint256 value = _fund(p, from, amount);
        uint256[3] memory before = _revenueViews(p, c);
        vm.prank(from);
        _project(p).depositRevenue{value: value}(c, amount);
        _bookIn(p, from, amount);
        uint256[3] memory afterwards = _revenueViews(p, c);
        _accrueDeposit(p, c, amount, before, afterwards);
    }

    /// @dev (creator + platform owed, makers' revenue owed, investors' revenue owed) by the views.
    function _revenueViews(uint256 p, uint256 c) internal view returns (uint256[3] memory v) {
        ICobuildProject project = _project(p);
        (uint256 creator, uint256 platform) = project.roleOwed();
        v[0] = creator * 1 + (platform << 128);
        for (uint256 d; d < projs[p].dims; ++d) {
            (, uint256 revenue) = project.makerOwed(c, d);
            v[1] += revenue;
        }
        for (uint256 i; i < actors.length; ++i) {
            v[2] += project.revenueOf(c, actors[i]);
        }
    }

    function _accrueDeposit(uint256 p, uint256 c, uint256 amount, uint256[3] memory b, uint256[3] memory a)
        internal
    {
        uint256[4] memory parts;
        parts[0] = amount * projs[p].ratio[0] / BPS;
        parts[1] = amount * projs[p].ratio[1] / BPS;
        parts[3] = amount * projs[p].ratio[3] / BPS;
        parts[2] = amount - parts[0] - parts[1] - parts[3];
        _checkDeposit(p, c, parts, b, a);
        _bookDeposit(p, c, parts);
    }

    function _checkDeposit(uint256 p, uint256 c, uint256[4] memory parts, uint256[3] memory b, uint256[3] memory a)
        internal
    {
        if (uint128(a[0]) - uint128(b[0]) != parts[0] || (a[0] >> 128) - (b[0] >> 128) != parts[3]) {
            _violate(V_RATIO, "depositRevenue: creator or platform part is not amount * ratio");
        }
        Combo storage C = combos[p][c];
        uint256 slack = C.settlements + C.accruals + 3;
        if (a[1] - b[1] > parts[1] + slack || a[1] - b[1] + projs[p].dims + 1 < parts[1]) {
            _violate(V_RATIO, "depositRevenue: the makers' revenue moved by other than their part");
        }
        if (a[2] - b[2] > parts[2] + slack || a[2] - b[2] + actors.length + 1 < parts[2]) {
            _violate(V_RATIO, "depositRevenue: the investors' revenue moved by other than their part");
        }
    }

    function _bookDeposit(uint256 p, uint256 c, uint256[4] memory parts) internal {
        Proj storage P = projs[p];
        Combo storage C = combos[p][c];
        P.creatorDep += parts[0];
        P.platformDep += parts[3];
        C.makerDep += parts[1];
        ++C.accruals;
        for (uint256 i; i < actors.length; ++i) {
            address h = actors[i];
            uint256 s = shareOf[p][c][h];
            if (s != 0) revEnt[p][c][h] += parts[2] * s * SCALE / C.funded;
        }
    }

    /// @notice A holder moves shares of a succeeded model (ERC-1155), to itself, another actor or a
    /// hostile contract, directly or through an approved operator.
    function transferShares(uint256 seed) external action {
        uint256 p = _pick(seed, _bit(Phase.Closed));
        uint256 c = _comboWith(p, seed >> 8, Status.Succeeded);
        address from = _holderOf(p, c, seed >> 16);
        address to = _actor(seed >> 24);
        uint256 amount = 1 + (seed >> 32) % shareOf[p][c][from];
        ICobuildShares sh = ICobuildShares(factory.shares());
        uint256 id = sh.tokenId(projs[p].addr, c);
        address operator = from;
        if ((seed >> 96) % 4 == 0) {
            operator = _actor(seed >> 100);
            vm.prank(from);
            sh.setApprovalForAll(operator, true);
        }
        vm.prank(operator);
        IERC1155(address(sh)).safeTransferFrom(from, to, id, amount, "");
        shareOf[p][c][from] -= amount;
        shareOf[p][c][to] += amount;
        combos[p][c].settlements += 2;
        if (sh.balanceOf(from, id) != shareOf[p][c][from] || sh.balanceOf(to, id) != shareOf[p][c][to]) {
            _violate(V_SHARES, "transfer: ERC-1155 balances differ from the shares moved");
        }
        if (sh.totalSupply(id) != combos[p][c].funded) _violate(V_SHARES, "transfer: total supply is not the funding");
    }

    function _holderOf(uint256 p, uint256 c, uint256 seed) internal view returns (address) {
        for (uint256 i; i < actors.length; ++i) {
            address a = actors[(seed + i) % actors.length];
            if (shareOf[p][c][a] != 0) return a;
        }
        revert Skip();
    }

    // ------------------------------------------------------------------ claims

    /// @notice A backer withdraws a refund (not selected, dropped, presale failed).
    function refund(uint256 seed) external action {
        uint256 p = _pick(seed, ~(_bit(Phase.Ideation) | _bit(Phase.Finalizing)));
        uint256 n = projs[p].nCombos;
        for (uint256 i; i < n * actors.length; ++i) {
            uint256 c = 1 + ((seed >> 8) + i) % n;
            address a = actors[((seed >> 16) + i / n) % actors.length];
            Status st = _status(p, c);
            bool refundable = st == Status.NotSelected || st == Status.Dropped || st == Status.PresaleFailed;
            if (refundable && origStake[p][c][a] != 0 && !refunded[p][c][a]) return _doRefund(p, c, a);
        }
        revert Skip();
    }

    /// @notice A holder withdraws revenue and surplus of a succeeded model.
    function claimRevenue(uint256 seed) external action {
        uint256 p = _pick(seed, _bit(Phase.Closed));
        uint256 c = _comboWith(p, seed >> 8, Status.Succeeded);
        for (uint256 i; i < actors.length; ++i) {
            address a = actors[((seed >> 16) + i) % actors.length];
            if (_project(p).revenueOf(c, a) != 0) return _doClaimRevenue(p, c, a);
        }
        revert Skip();
    }

    /// @notice A maker withdraws what it is owed for its part (advance, quote, revenue).
    function claimMaker(uint256 seed) external action {
        uint256 p = _pick(seed, _bit(Phase.Development) | _bit(Phase.Testing) | _bit(Phase.Presale) | _bit(Phase.Closed));
        uint256 n = projs[p].nCombos;
        uint256 dims = projs[p].dims;
        for (uint256 i; i < n * dims; ++i) {
            uint256 c = 1 + ((seed >> 8) + i / dims) % n;
            uint256 d = ((seed >> 16) + i) % dims;
            (uint256 e, uint256 r) = _project(p).makerOwed(c, d);
            if (e + r != 0) return _doClaimMaker(p, c, d);
        }
        revert Skip();
    }

    /// @notice A buyer withdraws an award granted to its order.
    function claimAward(uint256 seed) external action {
        uint256 p = _pick(seed, _bit(Phase.Closed));
        (uint256 c, uint256 i) = _orderWhere(p, seed >> 8, true);
        _doClaimAward(p, c, i);
    }

    /// @notice A buyer withdraws the refund of its order of a model whose presale failed.
    function refundOrder(uint256 seed) external action {
        uint256 p = _pick(seed, _bit(Phase.Closed));
        (uint256 c, uint256 i) = _orderWhere(p, seed >> 8, false);
        _doRefundOrder(p, c, i);
    }

    function _orderWhere(uint256 p, uint256 seed, bool awards) internal view returns (uint256, uint256) {
        uint256 n = projs[p].nCombos;
        for (uint256 k; k < n * MAX_ORDERS; ++k) {
            uint256 c = 1 + (seed + k / MAX_ORDERS) % n;
            uint256 i = ((seed >> 8) + k) % MAX_ORDERS;
            Ord storage o = ords[p][c][i];
            if (i >= combos[p][c].orders) continue;
            if (awards ? o.awarded > o.awardPaid : !o.refunded && _status(p, c) == Status.PresaleFailed) return (c, i);
        }
        revert Skip();
    }

    /// @notice A provider withdraws what is left of its bond (after its warranty, or at once if its
    /// model failed its presale).
    function withdrawBond(uint256 seed) external action {
        uint256 p = _pick(seed, _bit(Phase.Closed));
        uint256 n = projs[p].nBonds;
        for (uint256 k; k < n; ++k) {
            uint256 b = 1 + ((seed >> 8) + k) % n;
            Bond storage B = bonds[p][b];
            Status st = _status(p, B.combo);
            bool free = st == Status.PresaleFailed || (st == Status.Succeeded && block.timestamp >= B.warrantyEnd);
            if (!B.withdrawn && B.amount > B.awarded && free) return _doWithdrawBond(p, b);
        }
        revert Skip();
    }

    /// @notice A merchant withdraws an add-on's revenue once its model succeeded.
    function claimAddonRevenue(uint256 seed) external action {
        uint256 p = _pick(seed, _bit(Phase.Closed));
        uint256 n = projs[p].nAddons;
        for (uint256 k; k < n; ++k) {
            uint256 id = 1 + ((seed >> 8) + k) % n;
            Addon storage ad = addons[p][id];
            if (!ad.claimed && ad.sold != 0 && _status(p, ad.combo) == Status.Succeeded) return _doClaimAddon(p, id);
        }
        revert Skip();
    }

    /// @notice The creator or the platform treasury withdraws its part of the revenue.
    function claimRole(uint256 seed) external action {
        uint256 p = _pick(seed, _bit(Phase.Closed));
        uint256 role = seed >> 8 & 1;
        if (roleEntitled(p, role) == projs[p].rolePaid[role]) revert Skip();
        _doClaimRole(p, role);
    }

    /// @notice Anyone closes a model after its presale (claims close it themselves otherwise).
    function closeModel(uint256 seed) external action {
        uint256 p = _pick(seed, _bit(Phase.Closed));
        uint256 n = projs[p].nCombos;
        for (uint256 k; k < n; ++k) {
            uint256 c = 1 + ((seed >> 8) + k) % n;
            Status st = _status(p, c);
            if (st == Status.Succeeded || st == Status.PresaleFailed) {
                vm.prank(_actor(seed >> 16));
                try _project(p).closeModel(c) {} catch {} // once: closing twice is refused
                return;
            }
        }
        revert Skip();
    }

    // ------------------------------------------------------------------ time and hostility

    /// @notice Time passes: up to 4 hours (2 times in 3), or to the first next phase boundary of
    /// any project (exactly, a second before or a little after). Finalizing has no boundary to
    /// jump to: its end is a failure by neglect, reached by the hours only.
    function warp(uint256 seed) external action {
        uint256 to = block.timestamp + 1 + (seed >> 8) % 4 hours;
        if (projs.length != 0 && seed % 3 == 0) {
            // the project whose next boundary comes first
            uint256 boundary = type(uint256).max;
            for (uint256 p; p < projs.length; ++p) {
                uint256 b = _nextBoundary(p);
                if (b > block.timestamp && b < boundary) boundary = b;
            }
            if (boundary != type(uint256).max) {
                uint256 mode = (seed >> 48) % 3;
                to = mode == 0 ? boundary : mode == 1 ? boundary - 1 : boundary + (seed >> 56) % 1 hours;
                if (to <= block.timestamp) to = boundary;
            }
        }
        vm.warp(to);
        if (projs.length != 0) dirty = 1 + (seed >> 40) % projs.length;
        for (uint256 p; p < projs.length; ++p) {
            reached[p][uint256(_phase(p))] = true;
        }
    }

    /// @notice Whether project `p` was seen in each phase (a coverage report for the run).
    mapping(uint256 p => mapping(uint256 phase => bool)) public reached;

    function _reached(uint256 p, uint256 ph) internal view override returns (bool) {
        return reached[p][ph];
    }

    /// @notice Warp to project `p`'s next phase boundary (the scripted smoke test's clock).
    function warpTo(uint256 p) external {
        uint256 boundary = _nextBoundary(p);
        if (_phase(p) == Phase.Finalizing) boundary = block.timestamp + 1;
        if (boundary <= block.timestamp) revert Skip();
        vm.warp(boundary);
    }

    /// @notice The model's phase of project `p`.
    function phaseOf(uint256 p) external view returns (Phase) {
        return _phase(p);
    }

    /// @notice Combinations of every project that are models or succeeded now.
    function models() external view returns (uint256 n) {
        for (uint256 p; p < projs.length; ++p) {
            for (uint256 c = 1; c <= projs[p].nCombos; ++c) {
                Status st = _status(p, c);
                if (st == Status.Model || st == Status.Succeeded) ++n;
            }
        }
    }

    function _nextBoundary(uint256 p) internal view returns (uint256) {
        Proj storage P = projs[p];
        Phase ph = _phase(p);
        if (ph == Phase.Ideation) return P.ideationEnd;
        if (ph == Phase.Finalizing) return 0;
        if (ph == Phase.Failed) return 0;
        uint256 t = P.finalizedAt + P.rescueWindow;
        if (ph == Phase.Rescue) return t;
        t += P.devPeriod;
        if (ph == Phase.Development) return t;
        t += P.testPeriod;
        if (ph == Phase.Testing) return t;
        t += P.presalePeriod;
        if (ph == Phase.Presale) return t;
        for (uint256 b = 1; b <= P.nBonds; ++b) {
            if (bonds[p][b].warrantyEnd > block.timestamp) return bonds[p][b].warrantyEnd;
        }
        return 0;
    }

    /// @notice A hostile receiver starts or stops refusing payments and shares.
    function toggleHostile(uint256 seed) external action {
        HostileReceiver h = HostileReceiver(payable(hostiles[seed % hostiles.length]));
        h.setRefusing(!h.refusing());
    }

    /// @notice A fee-on-transfer token is refused: a project in it takes no payment
    /// (`TokenFeeOnTransfer`), and holds nothing afterwards.
    function probeFeeOnTransfer(uint256 seed) external action {
        if (fotProject == address(0) || block.timestamp + 1 hours >= ICobuildProject(fotProject).config().ideationEnd) {
            fotProject = _createFotProject();
        }
        ICobuildProject project = ICobuildProject(fotProject);
        fot.setFee(1 + (seed >> 8) % 500);
        address a = _actor(seed >> 16);
        uint256 amount = 1e15 * (1 + (seed >> 24) % 50);
        fot.mint(a, amount);
        vm.prank(a);
        fot.approve(fotProject, amount);
        uint32[] memory ids = new uint32[](1);
        ids[0] = 1;
        vm.prank(a);
        try project.investInNew(ids, amount) {
            _violate(V_FOT, "a fee-on-transfer payment was accepted");
        } catch (bytes memory err) {
            if (bytes4(err) != TokenFeeOnTransfer.selector) _violate(V_FOT, "fee-on-transfer refused by another error");
        }
        if (fot.balanceOf(fotProject) != 0) _violate(V_FOT, "the fee-on-transfer project holds tokens");
    }

    function _createFotProject() internal returns (address project) {
        ICobuildFactory.ProjectParams memory prm;
        prm.token = address(fot);
        prm.ideationEnd = uint64(block.timestamp + 1 days);
        prm.rescueWindow = 1 days;
        prm.developmentPeriod = 1 days;
        prm.testingPeriod = 1 days;
        prm.presalePeriod = 1 days;
        prm.minStake = 1;
        prm.slots = 1;
        prm.ratioBps = [uint16(2500), 2500, 2500, 2500];
        prm.quorum = 1;
        prm.inspectors = new address[](1);
        prm.inspectors[0] = inspectorPool[0];
        ICobuildFactory.ProjectLabels memory labels;
        labels.dimensions = new string[](1);
        labels.conditions = new string[](1);
        project = factory.createProject(prm, labels);
        ICobuildProject(project).offerOption(0, 1e15, Content("part", "", bytes32(0)));
    }

    /// @notice A money action tried in a phase that forbids it (chosen by the model): it must move
    /// nothing.
    function probeOutOfPhase(uint256 seed) external action {
        if (projs.length == 0) revert Skip();
        uint256 p = seed % projs.length;
        Proj storage P = projs[p];
        if (P.nCombos == 0) revert Skip();
        Phase ph = _phase(p);
        uint256 c = 1 + (seed >> 8) % P.nCombos;
        address a = _actor(seed >> 16);
        uint256 kind = (seed >> 24) % 5;
        uint256 balanceBefore = _bal(P.token, P.addr);
        bool ok;
        if (kind == 0 && ph != Phase.Ideation && ph != Phase.Rescue) {
            uint256 value = _fund(p, a, P.unit);
            vm.prank(a);
            try _project(p).invest{value: value}(c, P.unit) {
                ok = true;
            } catch {}
        } else if (kind == 1 && ph != Phase.Presale) {
            uint256 value = _fund(p, a, P.unit);
            vm.prank(a);
            try _project(p).commitBond{value: value}(c, P.unit, 1 days, Content("", "", 0)) {
                ok = true;
            } catch {}
        } else if (kind == 2 && (ph == Phase.Ideation || ph == Phase.Finalizing)) {
            vm.prank(a);
            try _project(p).refund(c) {
                ok = true;
            } catch {}
        } else if (kind == 3 && ph != Phase.Closed) {
            vm.prank(a);
            try _project(p).claimRevenue(c) {
                ok = true;
            } catch {}
            vm.prank(P.creator);
            try _project(p).claimCreator() {
                ok = true;
            } catch {}
        } else if (kind == 4 && ph != Phase.Closed) {
            uint256 value = _fund(p, a, P.unit);
            vm.prank(a);
            try _project(p).depositRevenue{value: value}(c, P.unit) {
                ok = true;
            } catch {}
        } else {
            revert Skip();
        }
        if (ok || _bal(P.token, P.addr) != balanceBefore) _violate(V_PHASE, "money moved in a phase that forbids it");
    }
}
