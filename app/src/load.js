// SPDX-License-Identifier: MIT
// Loading: what a page shows, read from the chain (logs of the factory and a project, then one
// aggregated round of views). Pure of the DOM: each function takes its parameters and returns named
// fields; pages render them (app/src/project.js, app/src/pages.js).
import { zeroAddress, encodeEventTopics } from 'viem';
import { state, getLogsPaged, reads, rankOrder, factoryAbi, projectAbi, erc20Abi, MULTICALL3_ABI } from './chain.js';
import { Phase } from './phases.mjs';
import { t } from './i18n.js';

export const range = (a, b) => Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => a + i);
export const same = (a, b) => a && b && a.toLowerCase() === b.toLowerCase();
/** Milliseconds each loading step took (window.cobuild.timings; app/tools/measure.mjs reads them). */
export const timings = {};
export const mark = (name, t0) => {
  timings[name] = Math.round(performance.now() - t0);
};
/** Seconds after the end of ideation within which a complete ranking must be submitted (the
 * contract's FINALIZE_WINDOW: else the project fails). */
export const FINALIZE_WINDOW = 7 * 86400;

const tokens = new Map();
export async function tokenInfo(token) {
  if (!token || token === zeroAddress) return { address: zeroAddress, symbol: 'ETH', decimals: 18 };
  if (!tokens.has(token)) {
    const [symbol, decimals] = await reads([
      { address: token, abi: erc20Abi, functionName: 'symbol' },
      { address: token, abi: erc20Abi, functionName: 'decimals' },
    ]);
    tokens.set(token, { address: token, symbol: symbol ?? 'TOKEN', decimals: decimals ?? 18 });
  }
  return tokens.get(token);
}

export async function created(project) {
  const { cfg } = state;
  const topics = encodeEventTopics({ abi: factoryAbi, eventName: 'ProjectCreated', args: project ? { project } : {} });
  const logs = await getLogsPaged({ address: cfg.contracts.CobuildFactory, abi: factoryAbi, fromBlock: cfg.deployBlock || 0, topics });
  return logs.filter((l) => l.eventName === 'ProjectCreated');
}

/** Everything a project page shows, and what the connected account `me` holds and is owed. */
export async function loadProject(address, me) {
  const t0 = performance.now();
  const [origin] = await created(address);
  mark('created', t0);
  if (!origin) throw new Error(t('error.notProject', { address }));
  const A = (functionName, args = []) => ({ address, abi: projectAbi, functionName, args });
  const [logs, block] = await Promise.all([
    getLogsPaged({ address, abi: projectAbi, fromBlock: origin.blockNumber }),
    state.pub.getBlock(),
  ]);
  mark('logs', t0);
  const [config, phase, schedule, counts, selection, roleOwed, treasury, mine] = await reads([
    A('config'),
    A('phase'),
    A('schedule'),
    A('counts'),
    A('selection'),
    A('roleOwed'),
    { address: state.cfg.contracts.CobuildFactory, abi: factoryAbi, functionName: 'treasury' },
    me ? A('rankingOf', [me]) : A('phase'),
  ]);
  const n = Number(counts[1]);
  const ev = (name) => logs.filter((l) => l.eventName === name).map((l) => l.args);
  const options = ev('OptionOffered');
  const combosCreated = ev('CombinationCreated');
  const addons = ev('AddonOffered');
  const orders = ev('Ordered');
  const bonds = ev('BondCommitted');
  const keyCalls = [];
  for (let first = 1; first <= n; first += 500) keyCalls.push(A('rankingKeys', [BigInt(first), BigInt(Math.min(500, n - first + 1))]));
  // every combination's status (cheap); the full record only of those selected or rescued by a
  // ranking (the rest is in the logs and rankingKeys), so a page of 1,000 stays light
  const detailIds = [
    ...new Set([...ev('CombinationRanked').filter((l) => l.selected), ...ev('CombinationRescued')].map((l) => Number(l.combo))),
  ].sort((a, b) => a - b);
  const comboCalls = [...range(1, n).map((i) => A('status', [BigInt(i)])), ...detailIds.map((i) => A('combination', [BigInt(i)]))];
  // my positions: only the combinations I invested in or received shares of (from the logs)
  const myCombos = me
    ? [
        ...new Set(
          ev('Invested')
            .filter((l) => same(l.backer, me))
            .map((l) => Number(l.combo))
            .concat(
              ev('SharesMoved')
                .filter((l) => same(l.to, me))
                .map((l) => Number(l.combo)),
            ),
        ),
      ].sort((a, b) => a - b)
    : [];
  // nothing is refundable or shared before selection: those reads only start after ideation
  const early = Number(phase) <= Phase.Finalizing;
  const per = early ? 1 : 4;
  const myCalls = myCombos.flatMap((i) => [
    A('stakeOf', [BigInt(i), me]),
    ...(early ? [] : [A('refundableOf', [BigInt(i), me]), A('revenueOf', [BigInt(i), me]), A('sharesOf', [BigInt(i), me])]),
  ]);
  const myOptions = new Set(options.filter((o) => same(o.maker, me)).map((o) => Number(o.optionId)));
  const makerParts = [];
  for (const c of combosCreated) c.optionIds.forEach((o, d) => myOptions.has(Number(o)) && makerParts.push([Number(c.combo), d]));
  const makerCalls = makerParts.map(([c, d]) => A('makerOwed', [BigInt(c), BigInt(d)]));
  const orderCalls = orders.map((o) => A('orderOf', [o.combo, o.orderIndex]));
  const addonCalls = addons.map((a) => A('addon', [a.addonId]));
  const bondCalls = bonds.map((b) => A('bond', [b.bondId]));
  const token = await tokenInfo(config.token);
  // what the connected account holds of the project's money (ETH through Multicall3): forms refuse more
  const extra = !me
    ? []
    : config.token !== zeroAddress
      ? [{ address: config.token, abi: erc20Abi, functionName: 'balanceOf', args: [me] }]
      : [{ address: state.cfg.contracts.Multicall3, abi: MULTICALL3_ABI, functionName: 'getEthBalance', args: [me] }];
  mark('views', t0);
  const res = await reads([...keyCalls, ...comboCalls, ...myCalls, ...makerCalls, ...orderCalls, ...addonCalls, ...bondCalls, ...extra]);
  mark('reads', t0);
  let k = 0;
  const take = (m) => res.slice(k, (k += m));
  const keys = take(keyCalls.length);
  const supporters = keys.flatMap((r) => r?.[0] ?? []);
  const funded = keys.flatMap((r) => r?.[1] ?? []);
  const statuses = take(n);
  const details = new Map(take(detailIds.length).map((c, i) => [detailIds[i], c]));
  const backersOf = new Map();
  for (const l of ev('Invested')) {
    const id = Number(l.combo);
    if (!backersOf.has(id)) backersOf.set(id, new Set());
    backersOf.get(id).add(l.backer.toLowerCase());
  }
  const combos = range(1, n).map((id) => {
    if (statuses[id - 1] === undefined || (details.has(id) && !details.get(id))) throw new Error(t('error.readCombination', { id }));
    const base = {
      id,
      status: statuses[id - 1],
      funded: funded[id - 1] ?? 0n,
      supporters: supporters[id - 1] ?? 0n,
      backers: BigInt(backersOf.get(id)?.size ?? 0),
      deliveredMask: 0n,
      price: 0n,
      minOrders: 0n,
      orders: 0n,
    };
    return { ...base, ...(details.get(id) || {}), ...(combosCreated[id - 1] || {}), status: statuses[id - 1] };
  });
  const my = take(myCalls.length);
  const owed = (i, k) => (early ? 0n : (my[per * i + k] ?? 0n));
  const positions = myCombos.map((combo, i) => ({
    combo,
    stake: my[per * i] ?? 0n,
    refundable: owed(i, 1),
    revenue: owed(i, 2),
    shares: owed(i, 3),
  }));
  const positionOf = new Map(positions.map((x) => [x.combo, x]));
  const makerOwed = take(makerCalls.length).map((r, i) => ({
    combo: makerParts[i][0],
    dimension: makerParts[i][1],
    escrow: r?.[0] ?? 0n,
    revenue: r?.[1] ?? 0n,
  }));
  const orderState = take(orderCalls.length).map((r, i) => ({
    ...orders[i],
    buyer: r?.[0],
    paidNow: r?.[1] ?? 0n,
    awardOwed: r?.[2] ?? 0n,
  }));
  const addonState = take(addonCalls.length).map((r, i) => ({ ...addons[i], sold: r?.[3] ?? 0n, claimed: r?.[4] ?? false }));
  const bondState = take(bondCalls.length).map((r, i) => ({ ...bonds[i], left: r?.[2] ?? 0n }));
  const [tokenBalance] = take(extra.length);
  const order = n ? rankOrder(supporters, funded, config.rankBy) : [];
  const rankOf = new Map(order.map((id, i) => [id, i + 1]));
  return {
    address,
    origin,
    labels: origin.args.labels,
    config,
    phase: Number(phase),
    schedule: schedule.map(Number),
    counts,
    selection,
    roleOwed,
    treasury,
    rankingOf: me ? mine : null,
    now: Number(block.timestamp),
    loadedAt: Date.now() / 1000,
    token,
    tokenBalance,
    options,
    combos,
    supporters,
    funded,
    order,
    rankOf,
    positions,
    positionOf,
    makerOwed,
    orders: orderState,
    addons: addonState,
    bonds: bondState,
    args: ev('ArgumentPublished'),
    terms: new Map(ev('ModelTermsSet').map((t) => [Number(t.combo), t])),
    verdicts: ev('VerdictRecorded'),
    delivered: ev('PartDelivered'),
    me,
    closedModels: new Set(ev('ModelClosed').map((l) => Number(l.combo))),
  };
}

/** When the project's current phase ends and what follows: {end (chain seconds), next (a phase
 * name)}, or null for a phase without an end (Failed, Closed). */
export function nextBoundary({ phase, schedule, config }) {
  const [rescueEnd, developmentEnd, testingEnd, presaleEnd] = schedule;
  const ideationEnd = Number(config.ideationEnd);
  const ends = {
    [Phase.Ideation]: [ideationEnd, 'Finalizing'],
    [Phase.Finalizing]: [ideationEnd + FINALIZE_WINDOW, 'Failed'],
    [Phase.Rescue]: [rescueEnd, 'Development'],
    [Phase.Development]: [developmentEnd, 'Testing'],
    [Phase.Testing]: [testingEnd, 'Presale'],
    [Phase.Presale]: [presaleEnd, 'Closed'],
  }[phase];
  return ends ? { end: ends[0], next: ends[1] } : null;
}
