// SPDX-License-Identifier: MIT
// Cobuild in a browser: the projects, a project's page with every role's actions, creating a
// project, and the platform treasury. Hash routes: #/ (?tag=), #/create, #/p/<address>, #/platform.
import { parseUnits, zeroAddress, zeroHash, keccak256, toHex, isAddress, getAddress, encodeEventTopics, encodeFunctionData, decodeFunctionResult } from 'viem';
import { init, state, getLogsPaged, reads, rankOrder, factoryAbi, projectAbi, sharesAbi, erc20Abi, MULTICALL3_ABI } from './chain.js';
import { wallet, discover, available, connect, restore, wrongChain, switchChain, run } from './wallet.js';
import { PHASES, STATUSES, explain } from './errors.js';
import { esc, addr, on, resetHandlers, money, duration, short } from './ui.js';

const $ = (id) => document.getElementById(id);
const range = (a, b) => Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => a + i);
const same = (a, b) => a && b && a.toLowerCase() === b.toLowerCase();
const hashOf = (text) => (text ? keccak256(toHex(text)) : zeroHash);
const content = (text, uri = '') => ({ text: text || '', uri: uri || '', hash: uri ? hashOf(`${text}\n${uri}`) : zeroHash });
let timer = null;
let current = null; // what the page shows, for tests and re-renders

// ------------------------------------------------------------------ wallet header
function renderWallet() {
  const el = $('wallet');
  if (wallet.account) {
    el.innerHTML = `<span class="muted">${esc(wallet.info?.name || 'wallet')}</span> <b class="mono" id="account" title="${esc(wallet.account)}">${esc(short(wallet.account))}</b>
      <span class="muted">chain ${wallet.chainId}</span>`;
  } else {
    const list = available();
    el.innerHTML = list.length
      ? list.map((p) => `<button data-on="${on(() => connect(p.info.uuid).catch((e) => flash(explain(e))))}" class="connect">Connect ${esc(p.info.name)}</button>`).join(' ')
      : '<span class="muted">No wallet found (install MetaMask to act)</span>';
  }
  $('banner').innerHTML = wrongChain()
    ? `Your wallet is on chain ${wallet.chainId}; Cobuild here runs on chain ${state.cfg.chainId}. <button id="switch" data-on="${on(() => switchChain().catch((e) => flash(explain(e))))}">Switch network</button>`
    : '';
}
function flash(text) { $('banner').textContent = text; }

// ------------------------------------------------------------------ shared reads
const tokens = new Map();
async function tokenInfo(token) {
  if (!token || token === zeroAddress) return { address: zeroAddress, symbol: 'ETH', decimals: 18 };
  if (!tokens.has(token)) {
    const [symbol, decimals] = await reads([{ address: token, abi: erc20Abi, functionName: 'symbol' }, { address: token, abi: erc20Abi, functionName: 'decimals' }]);
    tokens.set(token, { address: token, symbol: symbol ?? 'TOKEN', decimals: decimals ?? 18 });
  }
  return tokens.get(token);
}

async function created(project) {
  const { cfg } = state;
  const topics = encodeEventTopics({ abi: factoryAbi, eventName: 'ProjectCreated', args: project ? { project } : {} });
  const logs = await getLogsPaged({ address: cfg.contracts.CobuildFactory, abi: factoryAbi, fromBlock: cfg.deployBlock || 0, topics });
  return logs.filter((l) => l.eventName === 'ProjectCreated');
}

// ------------------------------------------------------------------ projects
async function pageProjects(query) {
  const tag = query.get('tag');
  const all = await created();
  const list = tag ? all.filter((l) => l.args.labels.tags.includes(tag)) : all;
  const calls = list.flatMap((l) => {
    const address = l.args.project;
    const token = l.args.params.token;
    return [
      { address, abi: projectAbi, functionName: 'phase' },
      { address, abi: projectAbi, functionName: 'counts' },
      token === zeroAddress
        ? { address: state.cfg.contracts.Multicall3, abi: MULTICALL3_ABI, functionName: 'getEthBalance', args: [address] }
        : { address: token, abi: erc20Abi, functionName: 'balanceOf', args: [address] },
    ];
  });
  const res = await reads(calls);
  const infos = await Promise.all(list.map((l) => tokenInfo(l.args.params.token)));
  const tags = [...new Set(all.flatMap((l) => l.args.labels.tags))].sort();
  current = { page: 'projects', count: list.length };
  return `<h1>Projects</h1>
  <p>${tags.map((t) => `<a class="tag ${t === tag ? 'on' : ''}" href="#/?tag=${encodeURIComponent(t)}">${esc(t)}</a>`).join('')}
  ${tag ? '<a href="#/" class="muted">all</a>' : ''}</p>
  <div class="grid" id="projects">${list.map((l, i) => {
    const [phase, counts, held] = res.slice(3 * i, 3 * i + 3);
    const { labels, projectId } = l.args;
    return `<div class="card project" data-project="${l.args.project}">
      <h3><a href="#/p/${l.args.project}">${esc(labels.title)}</a> <span class="phase">${PHASES[phase] ?? '?'}</span></h3>
      <div class="muted">#${projectId} · by ${addr(l.args.creator)}</div>
      <p>${esc(labels.description)}</p>
      <div>${labels.tags.map((t) => `<a class="tag" href="#/?tag=${encodeURIComponent(t)}">${esc(t)}</a>`).join('')}</div>
      <div class="muted">${counts ? `${counts[0]} options · ${counts[1]} combinations · ` : ''}held ${money(held, infos[i])}</div>
    </div>`;
  }).join('') || '<p class="muted">No project yet.</p>'}</div>`;
}

// ------------------------------------------------------------------ project data
const timings = {};
const mark = (name, t0) => { timings[name] = Math.round(performance.now() - t0); };
async function loadProject(address) {
  const t0 = performance.now();
  const [origin] = await created(address);
  mark('created', t0);
  if (!origin) throw new Error(`${address} is not a project of this factory.`);
  const me = wallet.account;
  const A = (functionName, args = []) => ({ address, abi: projectAbi, functionName, args });
  const [logs, block] = await Promise.all([getLogsPaged({ address, abi: projectAbi, fromBlock: origin.blockNumber }), state.pub.getBlock()]);
  mark('logs', t0);
  const [config, phase, schedule, counts, selection, roleOwed, treasury, mine] = await reads([
    A('config'), A('phase'), A('schedule'), A('counts'), A('selection'), A('roleOwed'),
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
  const detailIds = [...new Set([...ev('CombinationRanked').filter((l) => l.selected), ...ev('CombinationRescued')].map((l) => Number(l.combo)))].sort((a, b) => a - b);
  const comboCalls = [...range(1, n).map((i) => A('status', [BigInt(i)])), ...detailIds.map((i) => A('combination', [BigInt(i)]))];
  // my positions: only the combinations I invested in or received shares of (from the logs)
  const myCombos = me ? [...new Set(ev('Invested').filter((l) => same(l.backer, me)).map((l) => Number(l.combo))
    .concat(ev('SharesMoved').filter((l) => same(l.to, me)).map((l) => Number(l.combo))))].sort((a, b) => a - b) : [];
  // nothing is refundable or shared before selection: those reads only start after ideation
  const early = Number(phase) <= 1;
  const per = early ? 1 : 4;
  const myCalls = myCombos.flatMap((i) => [A('stakeOf', [BigInt(i), me]),
    ...(early ? [] : [A('refundableOf', [BigInt(i), me]), A('revenueOf', [BigInt(i), me]), A('sharesOf', [BigInt(i), me])])]);
  const myOptions = new Set(options.filter((o) => same(o.maker, me)).map((o) => Number(o.optionId)));
  const makerParts = [];
  for (const c of combosCreated) c.optionIds.forEach((o, d) => myOptions.has(Number(o)) && makerParts.push([Number(c.combo), d]));
  const makerCalls = makerParts.map(([c, d]) => A('makerOwed', [BigInt(c), BigInt(d)]));
  const orderCalls = orders.map((o) => A('orderOf', [o.combo, o.orderIndex]));
  const addonCalls = addons.map((a) => A('addon', [a.addonId]));
  const bondCalls = bonds.map((b) => A('bond', [b.bondId]));
  const token = await tokenInfo(config.token);
  const extra = me && config.token !== zeroAddress ? [{ address: config.token, abi: erc20Abi, functionName: 'balanceOf', args: [me] }] : [];
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
  for (const l of ev('Invested')) { const id = Number(l.combo); if (!backersOf.has(id)) backersOf.set(id, new Set()); backersOf.get(id).add(l.backer.toLowerCase()); }
  const combos = range(1, n).map((id) => {
    if (statuses[id - 1] === undefined || (details.has(id) && !details.get(id))) throw new Error(`Could not read combination ${id}; reload the page.`);
    const base = { id, status: statuses[id - 1], funded: funded[id - 1] ?? 0n, supporters: supporters[id - 1] ?? 0n, backers: BigInt(backersOf.get(id)?.size ?? 0),
      deliveredMask: 0n, price: 0n, minOrders: 0n, orders: 0n };
    return { ...base, ...(details.get(id) || {}), ...(combosCreated[id - 1] || {}), status: statuses[id - 1] };
  });
  const my = take(myCalls.length);
  const owed = (i, k) => (early ? 0n : my[per * i + k] ?? 0n);
  const positions = myCombos.map((combo, i) => ({ combo, stake: my[per * i] ?? 0n, refundable: owed(i, 1), revenue: owed(i, 2), shares: owed(i, 3) }));
  const positionOf = new Map(positions.map((x) => [x.combo, x]));
  const makerOwed = take(makerCalls.length).map((r, i) => ({ combo: makerParts[i][0], dimension: makerParts[i][1], escrow: r?.[0] ?? 0n, revenue: r?.[1] ?? 0n }));
  const orderState = take(orderCalls.length).map((r, i) => ({ ...orders[i], buyer: r?.[0], paidNow: r?.[1] ?? 0n, awardOwed: r?.[2] ?? 0n }));
  const addonState = take(addonCalls.length).map((r, i) => ({ ...addons[i], sold: r?.[3] ?? 0n, claimed: r?.[4] ?? false }));
  const bondState = take(bondCalls.length).map((r, i) => ({ ...bonds[i], left: r?.[2] ?? 0n }));
  const [tokenBalance] = take(extra.length);
  const order = n ? rankOrder(supporters, funded, config.rankBy) : [];
  const rankOf = new Map(order.map((id, i) => [id, i + 1]));
  return {
    address, origin, labels: origin.args.labels, config, phase: Number(phase), schedule: schedule.map(Number), counts, selection, roleOwed, treasury,
    rankingOf: me ? mine : null, now: Number(block.timestamp), loadedAt: Date.now() / 1000, token, tokenBalance,
    options, combos, supporters, funded, order, rankOf, positions, positionOf, makerOwed, orders: orderState, addons: addonState, bonds: bondState,
    args: ev('ArgumentPublished'), terms: new Map(ev('ModelTermsSet').map((t) => [Number(t.combo), t])),
    verdicts: ev('VerdictRecorded'), delivered: ev('PartDelivered'), me, closedModels: new Set(ev('ModelClosed').map((l) => Number(l.combo))),
  };
}

function nextBoundary(p) {
  const [rescueEnd, developmentEnd, testingEnd, presaleEnd] = p.schedule;
  const end = Number(p.config.ideationEnd);
  return { 0: [end, 'Finalizing'], 1: [end + 7 * 86400, 'Failed (unless a ranking completes)'], 3: [rescueEnd, 'Development'],
    4: [developmentEnd, 'Testing'], 5: [testingEnd, 'Presale'], 6: [presaleEnd, 'Closed'] }[p.phase];
}

// ------------------------------------------------------------------ project page
async function pageProject(address) {
  const t0 = performance.now();
  const p = await loadProject(getAddress(address));
  mark('load', t0);
  current = { page: 'project', address: p.address, phase: PHASES[p.phase], combinations: p.combos.length };
  const { config, labels, token } = p;
  const amt = (v) => money(v, token);
  const units = (s) => parseUnits(String(s || '0').trim(), token.decimals);
  const erc20 = config.token !== zeroAddress;
  // an ERC-20 payment: a permit in the same transaction when the token takes one, else an approval first (app/src/wallet.js)
  const pay = (amount) => (erc20 ? { value: 0n, withToken: { token: config.token, spender: p.address, amount, info: token } } : { value: amount, withToken: null });
  const write = (functionName, args, value = 0n) => ({ address: p.address, abi: projectAbi, functionName, args, value });
  const act = async (label, req, erc20, describe) => { const ok = await run(label, req, { erc20, describe }); if (ok) route(); return ok; };
  const optionById = new Map(p.options.map((o) => [Number(o.optionId), o]));
  const optName = (id) => esc(optionById.get(Number(id))?.content.text || `option ${id}`);
  const isInspector = p.me && config.inspectors.some((i) => same(i, p.me));
  const boundary = nextBoundary(p);
  const ratio = config.ratioBps.map((b) => `${Number(b) / 100}%`);
  const ph = p.phase;

  const investable = ph === 0 || ph === 3;
  const investForm = investable && p.combos.length ? `<form class="inline card" name="invest" data-submit="${on(async (f) => {
    const amount = units(f.amount);
    const { value, withToken } = pay(amount);
    await act(`Invest ${amt(amount)} in #${f.combo}`, write('invest', [BigInt(f.combo), amount], value), withToken);
  })}"><b>Invest in combination</b> # <input name="combo" size="4" required> <input name="amount" size="8" placeholder="amount (${esc(token.symbol)})" required><button>Invest</button>
    <span class="muted">${ph === 3 ? 'rescue: backers of an eliminated combination top it up to its cost' : 'pick a row or type its id'}</span></form>` : '';
  const backed = p.positions.filter((x) => x.stake > 0n).map((x) => x.combo);
  const argueForm = ph === 0 && backed.length ? `<form class="inline card" name="argue" data-submit="${on((f) => act(`Argue for #${f.combo}`, write('argue', [BigInt(f.combo), f.text])))}">
    <b>Argue for</b> <select name="combo">${backed.map((id) => `<option value="${id}">#${id}</option>`).join('')}</select>
    <input name="text" maxlength="280" size="50" placeholder="your argument (shown as is; long content: an ipfs:// link in it)" required><button class="ghost">Argue</button></form>` : '';

  const comboRow = (c) => {
    const pos = p.positionOf.get(c.id);
    const pct = c.cost ? Number((c.funded * 100n) / c.cost) : 0;
    const st = STATUSES[c.status];
    const mineBacks = pos && pos.stake > 0n;
    const canInvest = ph === 0 || (ph === 3 && st === 'Eliminated' && mineBacks);
    return `<tr data-combo="${c.id}"><td>#${c.id}</td><td>${(c.optionIds || []).map(optName).join(' · ')}</td>
      <td>${amt(c.cost)}</td><td>${amt(c.funded)}<div class="bar"><i style="width:${Math.min(100, pct)}%"></i></div></td>
      <td>${c.supporters}</td><td>${c.backers}</td><td>${p.rankOf.get(c.id) ?? ''}</td><td class="status">${st}</td>
      <td>${pos ? amt(pos.stake) : p.me ? '–' : ''}</td>
      <td>${canInvest ? `<button class="ghost" name="pick-${c.id}" data-pick="${c.id}">Invest</button>` : ''}${mineBacks && ph === 0 ? ` <button class="ghost" name="pick-argue-${c.id}" data-pick-argue="${c.id}">Argue</button>` : ''}</td></tr>`;
  };
  // pages of PAGE rows, by rank (or id), with a filter by status; mine first on request
  const PAGE = 100;
  const view = { sort: 'rank', status: '', page: 0 };
  const listed = () => {
    let list = view.sort === 'rank' ? p.order.map((id) => p.combos[id - 1]) : p.combos;
    if (view.status === 'mine') list = list.filter((c) => p.positionOf.has(c.id));
    else if (view.status) list = list.filter((c) => STATUSES[c.status] === view.status);
    return list;
  };
  const comboRows = (list = listed()) => list.slice(view.page * PAGE, (view.page + 1) * PAGE).map(comboRow).join('')
    || '<tr><td colspan="10" class="muted">none</td></tr>';
  const pager = (list = listed()) => { const pages = Math.max(1, Math.ceil(list.length / PAGE)); return `${list.length} shown · page ${view.page + 1} of ${pages}`; };
  const redraw = () => {
    const list = listed();
    view.page = Math.min(view.page, Math.max(0, Math.ceil(list.length / PAGE) - 1));
    $('combination-rows').innerHTML = comboRows(list);
    $('combination-pager').textContent = pager(list);
  };
  const statuses = [...new Set(p.combos.map((c) => STATUSES[c.status]))];
  const controls = p.combos.length > 0 ? `<div class="inline" id="combination-controls">sort <select data-view="sort"><option value="rank">by rank</option><option value="id">by id</option></select>
    show <select data-view="status"><option value="">all</option>${p.me ? '<option value="mine">mine</option>' : ''}${statuses.map((x) => `<option>${x}</option>`).join('')}</select>
    <button class="ghost" name="page-prev" data-on="${on(() => { view.page = Math.max(0, view.page - 1); redraw(); })}">‹</button>
    <button class="ghost" name="page-next" data-on="${on(() => { view.page += 1; redraw(); })}">›</button> <span id="combination-pager" class="muted">${pager()}</span></div>` : '';
  viewChange = (key, value) => { view[key] = value; view.page = 0; redraw(); };

  const dims = config.dimensions;
  const dimNames = labels.dimensions;
  const optionsHtml = dimNames.map((name, d) => `<h3>${esc(name)}</h3><table><tr><th>id</th><th>option</th><th>maker</th><th>quote</th></tr>${
    p.options.filter((o) => Number(o.dimension) === d).map((o) => `<tr><td>${o.optionId}</td><td>${esc(o.content.text)}${o.content.uri ? ` <a href="${esc(o.content.uri)}">more</a>` : ''}</td><td>${addr(o.maker)}</td><td>${amt(o.quote)}</td></tr>`).join('') || '<tr><td colspan="4" class="muted">no option yet</td></tr>'}</table>`).join('');

  // ---- actions by phase and role
  const actions = [];
  if (ph === 0) {
    actions.push(`<div class="card"><h3>Invest in a new combination</h3><form class="inline" name="invest-new" data-submit="${on(async (f) => {
      const ids = range(0, dims - 1).map((d) => Number(f[`d${d}`]));
      const amount = units(f.amount);
      const { value, withToken } = pay(amount);
      await act(`Invest ${amt(amount)} in a new combination`, write('investInNew', [ids, amount], value), withToken);
    })}">${dimNames.map((name, d) => `<label>${esc(name)} <select name="d${d}" required>${p.options.filter((o) => Number(o.dimension) === d).map((o) => `<option value="${o.optionId}">${esc(o.content.text)} (${amt(o.quote)})</option>`).join('')}</select></label>`).join('')}
      <input name="amount" size="8" placeholder="amount (${esc(token.symbol)})" required><button>Invest</button></form>
      <div class="muted">At least ${amt(config.minStake)} makes you a supporter.</div></div>`);
    actions.push(`<div class="card"><h3>Offer an option (makers)</h3><form class="inline" name="offer" data-submit="${on((f) =>
      act('Offer an option', write('offerOption', [BigInt(f.dimension), units(f.quote), content(f.text, f.uri)])))}">
      <select name="dimension">${dimNames.map((n, d) => `<option value="${d}">${esc(n)}</option>`).join('')}</select>
      <input name="text" placeholder="name" required maxlength="140"><input name="quote" size="8" placeholder="quote" required><input name="uri" placeholder="uri (optional)"><button>Offer</button></form></div>`);
  }
  if (ph === 1) {
    const [attempt, ranked, last] = p.rankingOf || [0n, 0n, 0n];
    const resume = attempt && ranked > 0n && Number(ranked) <= p.order.length && p.order[Number(ranked) - 1] === Number(last) ? Number(ranked) : 0;
    actions.push(`<div class="card"><h3>Finalize</h3><p>Ideation is over. The app ranks the ${p.order.length} combinations from the chain
      (${config.rankBy === 1 ? 'by funding, then supporters' : 'by supporters, then funding'}) and submits the ranking in batches as your own attempt${resume ? ` (continuing yours at ${resume})` : ''}.</p>
      <form class="inline" name="finalize" data-submit="${on(async (f) => {
        const batch = Math.max(1, Number(f.batch) || 250);
        const reqs = [];
        if (!p.order.length) reqs.push(write('finalize', [0n, []]));
        for (let first = resume; first < p.order.length; first += batch) reqs.push(write('finalize', [BigInt(first), p.order.slice(first, first + batch).map(BigInt)]));
        await act('Finalize', reqs);
      })}"><label>batch <input name="batch" size="4" value="250"></label><button>Finalize</button></form></div>`);
  }
  if (ph === 4 && p.me) {
    const parts = p.combos.filter((c) => STATUSES[c.status] === 'Prototype').flatMap((c) => c.optionIds.map((o, d) => ({ c, d, o })))
      .filter(({ c, d, o }) => same(optionById.get(Number(o))?.maker, p.me) && !((c.deliveredMask >> BigInt(d)) & 1n));
    if (parts.length) actions.push(`<div class="card"><h3>Deliver your parts</h3>${parts.map(({ c, d, o }) => `<form class="inline" name="deliver-${c.id}-${d}" data-submit="${on((f) =>
      act(`Deliver part ${d} of #${c.id}`, write('deliver', [BigInt(c.id), BigInt(d), hashOf(f.report)])))}">#${c.id} ${esc(dimNames[d])}: ${optName(o)} <input name="report" placeholder="report (hashed)"><button>Deliver</button></form>`).join('')}</div>`);
  }
  if (ph === 5 && isInspector) {
    const protos = p.combos.filter((c) => STATUSES[c.status] === 'Prototype');
    actions.push(`<div class="card"><h3>Record a verdict (inspectors)</h3><form class="inline" name="verdict" data-submit="${on((f) =>
      act(`Verdict on #${f.combo}`, write('recordVerdict', [BigInt(f.combo), BigInt(f.condition), f.pass === 'pass', hashOf(f.report)])))}">
      <select name="combo">${protos.map((c) => `<option value="${c.id}">#${c.id}</option>`).join('')}</select>
      <select name="condition">${labels.conditions.map((n, i) => `<option value="${i}">${esc(n)}</option>`).join('')}</select>
      <select name="pass"><option value="pass">pass</option><option value="fail">fail</option></select><input name="report" placeholder="report (hashed)"><button>Record</button></form>
      <div class="muted">${p.verdicts.map((v) => `#${v.combo} ${esc(labels.conditions[Number(v.condition)])}: ${v.pass ? 'pass' : 'fail'} by ${short(v.inspector)}`).join(' · ')}</div></div>`);
  }
  const models = p.combos.filter((c) => ['Model', 'Succeeded', 'PresaleFailed'].includes(STATUSES[c.status]));
  for (const c of models) {
    const terms = p.terms.get(c.id);
    const mAddons = p.addons.filter((a) => Number(a.combo) === c.id);
    const parts = [`<h3>Model #${c.id}: ${(c.optionIds || []).map(optName).join(' · ')} <span class="phase">${STATUSES[c.status]}</span></h3>`];
    parts.push(terms ? `<div>Price ${amt(terms.price)} · ${c.orders} of ${terms.minOrders} minimum orders</div>` : '<div class="muted">No presale terms yet.</div>');
    if (ph === 6 && !terms && same(config.creator, p.me)) parts.push(`<form class="inline" name="terms-${c.id}" data-submit="${on((f) =>
      act(`Set terms of #${c.id}`, write('setModelTerms', [BigInt(c.id), units(f.price), BigInt(f.minOrders)])))}">Creator: price <input name="price" size="6" required> minimum orders <input name="minOrders" size="4" required><button>Set terms</button></form>`);
    if (mAddons.length) parts.push(`<div>Add-ons: ${mAddons.map((a) => `${esc(a.content.text)} (${amt(a.price)}, sold ${a.sold}, by ${short(a.merchant)})`).join(' · ')}</div>`);
    if (ph === 6 && terms) {
      parts.push(`<form class="inline" name="order-${c.id}" data-submit="${on(async (f, form) => {
        const ids = [...form.querySelectorAll('input[name=addon]:checked')].map((i) => Number(i.value)).sort((a, b) => a - b);
        const total = terms.price + ids.reduce((s, id) => s + mAddons.find((a) => Number(a.addonId) === id).price, 0n);
        const { value, withToken } = pay(total);
        await act(`Order #${c.id} (${amt(total)})`, write('order', [BigInt(c.id), ids], value), withToken);
      })}">Order: ${mAddons.map((a) => `<label><input type="checkbox" name="addon" value="${a.addonId}"> ${esc(a.content.text)}</label>`).join(' ')}<button>Order</button></form>`);
      parts.push(`<form class="inline" name="addon-${c.id}" data-submit="${on((f) =>
        act(`Offer an add-on for #${c.id}`, write('offerAddon', [BigInt(c.id), units(f.price), content(f.text, f.uri)])))}">Merchant: add-on <input name="text" placeholder="name" required maxlength="140"> price <input name="price" size="6" required><input name="uri" placeholder="uri (optional)" size="8"><button class="ghost">Offer add-on</button></form>`);
      parts.push(`<form class="inline" name="bond-${c.id}" data-submit="${on(async (f) => {
        const amount = units(f.amount);
        const { value, withToken } = pay(amount);
        await act(`Bond for #${c.id}`, write('commitBond', [BigInt(c.id), amount, BigInt(Math.round(Number(f.days) * 86400)), content(f.text, f.uri)], value), withToken);
      })}">Provider: bond <input name="amount" size="6" required> for <input name="days" size="4" value="365"> days covering <input name="text" required maxlength="140"><input name="uri" placeholder="uri (optional)" size="8"><button class="ghost">Commit bond</button></form>`);
    }
    if (ph === 7 && !p.closedModels.has(c.id)) parts.push(`<button name="close-${c.id}" data-on="${on(() => act(`Close model #${c.id}`, write('closeModel', [BigInt(c.id)])))}">Close model</button>`);
    if (STATUSES[c.status] === 'Succeeded') parts.push(`<form class="inline" name="deposit-${c.id}" data-submit="${on(async (f) => {
      const amount = units(f.amount);
      const { value, withToken } = pay(amount);
      await act(`Deposit revenue for #${c.id}`, write('depositRevenue', [BigInt(c.id), amount], value), withToken);
    })}">Deposit revenue <input name="amount" size="6" required><button class="ghost">Deposit</button></form>`);
    const mBonds = p.bonds.filter((b) => Number(b.combo) === c.id);
    if (mBonds.length) parts.push(`<div>Bonds: ${mBonds.map((b) => `#${b.bondId} ${esc(b.content.text)}: ${amt(b.left)} left, by ${short(b.provider)}`).join(' · ')}</div>`);
    actions.push(`<div class="card model">${parts.join('')}</div>`);
  }
  if (isInspector && p.bonds.length) actions.push(`<div class="card"><h3>Approve an award (inspectors)</h3><form class="inline" name="award" data-submit="${on((f) =>
    act(`Approve award from bond #${f.bond}`, write('approveAward', [BigInt(f.bond), BigInt(f.order), units(f.amount), hashOf(f.evidence)])))}">
    bond <select name="bond">${p.bonds.map((b) => `<option value="${b.bondId}">#${b.bondId}</option>`).join('')}</select> order index <input name="order" size="3" required> amount <input name="amount" size="6" required> <input name="evidence" placeholder="evidence (hashed)"><button>Approve</button></form></div>`);

  // ---- my positions and claims; every claim that would pay now also goes in `claims`, for
  // "Claim everything" (one multicall of them all when there is more than one)
  const mine = [];
  const claims = [];
  const claimable = (what, functionName, args, amount) => claims.push({ what, functionName, args, amount, token });
  const statusOf = (combo) => STATUSES[p.combos[Number(combo) - 1]?.status];
  if (p.me) {
    for (const pos of p.positions) {
      const btns = [];
      if (pos.refundable > 0n) btns.push(`<button name="refund-${pos.combo}" data-on="${on(() => act(`Refund #${pos.combo}`, write('refund', [BigInt(pos.combo)])))}">Refund ${amt(pos.refundable)}</button>`);
      if (pos.revenue > 0n) btns.push(`<button name="revenue-${pos.combo}" data-on="${on(() => act(`Claim revenue of #${pos.combo}`, write('claimRevenue', [BigInt(pos.combo)])))}">Claim revenue ${amt(pos.revenue)}</button>`);
      if (pos.refundable > 0n) claimable(`refund of #${pos.combo}`, 'refund', [BigInt(pos.combo)], pos.refundable);
      if (pos.revenue > 0n) claimable(`revenue of #${pos.combo}`, 'claimRevenue', [BigInt(pos.combo)], pos.revenue);
      if (pos.shares > 0n) btns.push(`<form class="inline" name="transfer-${pos.combo}" data-submit="${on(async (f) => {
        const id = (BigInt(p.address) << 96n) | BigInt(pos.combo);
        await act(`Transfer shares of #${pos.combo}`, { address: state.cfg.contracts.CobuildShares, abi: sharesAbi, functionName: 'safeTransferFrom', args: [p.me, getAddress(f.to), id, units(f.amount), '0x'] });
      })}"><input name="to" placeholder="to 0x…" required size="14"><input name="amount" size="6" required><button class="ghost">Transfer shares</button></form>`);
      if (pos.stake || pos.refundable || pos.revenue || pos.shares)
        mine.push(`<tr data-position="${pos.combo}"><td>#${pos.combo}</td><td>${amt(pos.stake)}</td><td>${amt(pos.shares)}</td><td>${btns.join(' ')}</td></tr>`);
    }
    for (const m of p.makerOwed) if (m.escrow || m.revenue) {
      claimable(`maker part ${m.dimension} of #${m.combo}`, 'claimMaker', [BigInt(m.combo), BigInt(m.dimension)], m.escrow + m.revenue);
      mine.push(`<tr><td>#${m.combo} part ${m.dimension} (maker)</td><td>escrow ${amt(m.escrow)}</td><td>revenue ${amt(m.revenue)}</td><td><button name="maker-${m.combo}-${m.dimension}" data-on="${on(() => act(`Claim maker #${m.combo}/${m.dimension}`, write('claimMaker', [BigInt(m.combo), BigInt(m.dimension)])))}">Claim</button></td></tr>`);
    }
    // the creator's and the platform's parts are paid once the project is closed
    if (same(config.creator, p.me) && p.roleOwed[0] > 0n) {
      if (ph === 7) claimable("the creator's part", 'claimCreator', [], p.roleOwed[0]);
      mine.push(`<tr><td>creator</td><td colspan="2">${amt(p.roleOwed[0])}</td><td><button name="creator-claim" data-on="${on(() => act('Claim creator revenue', write('claimCreator', [])))}">Claim</button></td></tr>`);
    }
    if (same(p.treasury, p.me) && p.roleOwed[1] > 0n) {
      if (ph === 7) claimable("the platform's part", 'claimPlatform', [], p.roleOwed[1]);
      mine.push(`<tr><td>treasury</td><td colspan="2">${amt(p.roleOwed[1])}</td><td><button name="platform-claim" data-on="${on(() => act('Claim platform revenue', write('claimPlatform', [])))}">Claim</button></td></tr>`);
    }
    for (const a of p.addons) if (same(a.merchant, p.me) && !a.claimed && a.sold > 0n) {
      if (statusOf(a.combo) === 'Succeeded') claimable(`add-on #${a.addonId}`, 'claimAddonRevenue', [a.addonId], a.sold * a.price);
      mine.push(`<tr><td>add-on #${a.addonId} ${esc(a.content.text)}</td><td colspan="2">sold ${a.sold}</td><td><button name="addon-claim-${a.addonId}" data-on="${on(() => act(`Claim add-on #${a.addonId}`, write('claimAddonRevenue', [a.addonId])))}">Claim</button></td></tr>`);
    }
    for (const o of p.orders) if (same(o.buyer, p.me)) {
      const st = statusOf(o.combo);
      const btns = [];
      if (st === 'PresaleFailed' && o.paidNow > 0n) {
        claimable(`refund of order #${o.orderIndex} of #${o.combo}`, 'refundOrder', [o.combo, o.orderIndex], o.paidNow);
        btns.push(`<button name="order-refund-${o.combo}-${o.orderIndex}" data-on="${on(() => act('Refund order', write('refundOrder', [o.combo, o.orderIndex])))}">Refund</button>`);
      }
      if (o.awardOwed > 0n) {
        claimable(`award of order #${o.orderIndex} of #${o.combo}`, 'claimAward', [o.combo, o.orderIndex], o.awardOwed);
        btns.push(`<button name="award-claim-${o.combo}-${o.orderIndex}" data-on="${on(() => act('Claim award', write('claimAward', [o.combo, o.orderIndex])))}">Claim award ${amt(o.awardOwed)}</button>`);
      }
      mine.push(`<tr><td>order #${o.orderIndex} of model #${o.combo}</td><td colspan="2">paid ${amt(o.paidNow)}</td><td>${btns.join(' ')}</td></tr>`);
    }
    for (const b of p.bonds) if (same(b.provider, p.me) && b.left > 0n) {
      // free at once if its model failed its presale, after its warranty if it succeeded
      const st = statusOf(b.combo);
      if (st === 'PresaleFailed' || (st === 'Succeeded' && p.now >= Number(b.warrantyEnd))) claimable(`bond #${b.bondId}`, 'withdrawBond', [b.bondId], b.left);
      mine.push(`<tr><td>bond #${b.bondId}</td><td colspan="2">${amt(b.left)} until ${new Date(Number(b.warrantyEnd) * 1000).toISOString().slice(0, 10)}</td><td><button name="bond-withdraw-${b.bondId}" data-on="${on(() => act(`Withdraw bond #${b.bondId}`, write('withdrawBond', [b.bondId])))}">Withdraw</button></td></tr>`);
    }
  }
  const claimAll = claims.length > 1 ? claimEverything(p, claims, act, write) : '';
  const countdown = boundary && boundary[0] ? `<span id="countdown" data-at="${boundary[0]}"></span> to ${esc(boundary[1])}` : '';
  if (timer) clearInterval(timer);
  const offset = p.now - p.loadedAt;
  const tick = () => { const el = $('countdown'); if (el) el.textContent = duration(Number(el.dataset.at) - (Date.now() / 1000 + offset)); };
  timer = setInterval(tick, 1000);
  setTimeout(tick);

  mark('html', t0);
  return `<h1 id="title">${esc(labels.title)} <span class="phase" id="phase">${PHASES[ph]}</span></h1>
  <p>${esc(labels.description)}${labels.uri ? ` <a href="${esc(labels.uri)}">more</a>` : ''}</p>
  <div>${labels.tags.map((t) => `<a class="tag" href="#/?tag=${encodeURIComponent(t)}">${esc(t)}</a>`).join('')}</div>
  <div class="card kv">
    <span>Phase</span><span>${PHASES[ph]} ${countdown}</span>
    <span>Creator</span><span>${addr(config.creator)}</span>
    <span>Money</span><span>${esc(token.symbol)} ${erc20 ? addr(config.token) : ''}${p.tokenBalance !== undefined ? ` · you hold ${amt(p.tokenBalance)}` : ''}</span>
    <span>Ratio</span><span>creator ${ratio[0]} · makers ${ratio[1]} · investors ${ratio[2]} · platform ${ratio[3]} · advance ${Number(config.advanceBps) / 100}%</span>
    <span>Launch conditions</span><span>total ≥ ${amt(config.minTotal)} · supporter from ${amt(config.minStake)} · ${config.slots} prototype slot(s) · up to ${config.maxRescues} rescue(s) · ranked by ${config.rankBy === 1 ? 'funding' : 'supporters'}</span>
    <span>Inspectors</span><span>${config.quorum} of ${config.inspectors.length}: ${config.inspectors.map((a) => addr(a)).join(', ')}</span>
    <span>Test conditions</span><span>${labels.conditions.map(esc).join(', ')}</span>
    <span>Selection</span><span>${p.selection[0] ? `${p.selection[1]} selected, ${p.selection[2]} rescued of ${p.selection[0]} ranked; ${amt(p.selection[3])} invested` : 'not final'}</span>
  </div>
  ${p.me ? `<h2>My positions and claims</h2>${claimAll}<table id="mine"><tr><th>what</th><th>stake</th><th>shares</th><th>claim now</th></tr>${mine.join('') || '<tr><td colspan="4" class="muted">nothing here yet</td></tr>'}</table>` : '<p class="muted">Connect a wallet to see your positions and act.</p>'}
  <h2>Actions</h2>${actions.join('') || '<p class="muted">Nothing to do in this phase.</p>'}
  <h2>Options</h2>${optionsHtml}
  <h2>Combinations (${p.combos.length})</h2>
  ${investForm}${argueForm}
  ${controls}
  <table id="combinations"><thead><tr><th>id</th><th>options</th><th>cost</th><th>funding</th><th>supporters</th><th>backers</th><th>rank</th><th>status</th><th>mine</th><th></th></tr></thead><tbody id="combination-rows">${p.combos.length ? comboRows() : '<tr><td colspan="10" class="muted">none yet</td></tr>'}</tbody></table>
  <h2>Arguments</h2><div id="arguments">${p.args.map((a) => `<div class="card argument"><b>#${a.combo}</b> ${addr(a.author)}: ${esc(a.text)}</div>`).join('') || '<p class="muted">No argument yet.</p>'}</div>`;
}

/** "Claim everything": one multicall of every claim that pays now, with the total per token from
 * the views on the button and from the simulation in the wallet prompt. */
function claimEverything(p, claims, act, write) {
  const byToken = (amounts) => {
    const totals = new Map(); // token address -> [token, amount]
    amounts.forEach((v, i) => {
      const { token } = claims[i];
      totals.set(token.address, [token, (totals.get(token.address)?.[1] ?? 0n) + v]);
    });
    return [...totals.values()].map(([t, v]) => money(v, t)).join(' + ');
  };
  const total = byToken(claims.map((c) => c.amount));
  const describe = (results) => {
    const paid = results.map((data, i) => {
      const r = decodeFunctionResult({ abi: projectAbi, functionName: claims[i].functionName, data });
      return Array.isArray(r) ? r.reduce((a, b) => a + b, 0n) : r; // claimMaker: escrow + revenue
    });
    return `You receive ${byToken(paid)} (${claims.length} claims, simulated).`;
  };
  const data = claims.map((c) => encodeFunctionData({ abi: projectAbi, functionName: c.functionName, args: c.args }));
  return `<div class="card" id="claim-all"><b>${claims.length} claims</b>: ${claims.map((c) => esc(c.what)).join(' · ')}
    <div>Total <b id="claim-all-total">${esc(total)}</b> <button name="claim-all" data-on="${on(() =>
      act(`Claim everything (${total})`, write('multicall', [data]), null, describe))}">Claim everything in one transaction</button></div></div>`;
}

// ------------------------------------------------------------------ create
// the create form: name, label, default, input attributes (`rankBy`, a select, goes at RANK_BY_AT)
const CREATE_FIELDS = [
    ['title', 'Title', '', 'required maxlength="80"'],
    ['description', 'Short description', '', 'required maxlength="280" size="60"'],
    ['uri', 'Long description URI', '', 'size="40"'],
    ['tags', 'Tags (comma separated)', '', 'size="40"'],
    ['dimensions', 'Dimensions (1 to 8, comma separated)', 'shape, material, engine', 'required size="40"'],
    ['conditions', 'Test conditions (1 to 32, comma separated)', 'road, weather, traffic', 'required size="40"'],
    ['token', 'Payment token (empty = ETH)', '', 'size="44" placeholder="0x…"'],
    ['ideationEnd', 'Ideation ends (UTC, chain time)', '(two weeks on)', 'type="datetime-local" required'],
    ['rescueDays', 'Rescue window (days)', '3', 'required'],
    ['developmentDays', 'R&D period (days)', '60', 'required'],
    ['testingDays', 'Testing period (days)', '14', 'required'],
    ['presaleDays', 'Presale period (days)', '30', 'required'],
    ['minTotal', 'Minimum total investment', '10', 'required'],
    ['minStake', 'Minimum stake of a supporter', '0.1', 'required'],
    ['slots', 'Prototype slots (n)', '3', 'required'],
    ['maxRescues', 'Rescues at most (0 = none)', '1', 'required'],
    ['ratio', 'Ratio in % (creator, makers, investors, platform)', '10, 20, 60, 10', 'required'],
    ['advance', 'Maker advance (% of quote)', '20', 'required'],
    ['inspectors', 'Inspectors (addresses, comma separated)', '', 'required size="60"'],
    ['quorum', 'Quorum k (a majority: 2k > inspectors)', '2', 'required'],
];
const RANK_BY_AT = 16;

async function pageCreate() {
  const block = await state.pub.getBlock();
  const t = Number(block.timestamp) + 14 * 86400;
  const local = new Date(t * 1000).toISOString().slice(0, 16);
  current = { page: 'create' };
  const input = ([name, label, value, extra]) => `<label><span>${label}</span> <input name="${name}" value="${esc(name === 'ideationEnd' ? local : value)}" ${extra}></label>`;
  return `<h1>Create a project</h1><form class="stack card" name="create" data-submit="${on(createProject)}">
    ${CREATE_FIELDS.slice(0, RANK_BY_AT).map(input).join('\n    ')}
    <label><span>Rank by</span> <select name="rankBy"><option value="0">supporters (one person, one vote)</option><option value="1">funding</option></select></label>
    ${CREATE_FIELDS.slice(RANK_BY_AT).map(input).join('\n    ')}
    <div id="create-errors" class="err"></div><button>Create project</button></form>`;
}

async function createProject(f) {
  const errs = [];
  const list = (s) => String(s || '').split(',').map((x) => x.trim()).filter(Boolean);
  const token = f.token.trim() ? f.token.trim() : zeroAddress;
  if (token !== zeroAddress && !isAddress(token)) errs.push('The payment token is not an address.');
  const info = token !== zeroAddress && isAddress(token) ? await tokenInfo(token) : { decimals: 18 };
  const u = (s, what) => { try { return parseUnits(String(s).trim(), info.decimals); } catch { errs.push(`${what} is not a number.`); return 0n; } };
  const days = (s, what) => { const v = Math.round(Number(s) * 86400); if (!(v > 0) || v >= 2 ** 32) errs.push(`${what} must be a positive number of days.`); return v; };
  const dimensions = list(f.dimensions); const conditions = list(f.conditions);
  if (dimensions.length < 1 || dimensions.length > 8) errs.push('A project needs 1 to 8 dimensions.');
  if (conditions.length < 1 || conditions.length > 32) errs.push('A project needs 1 to 32 test conditions.');
  const ratio = list(f.ratio).map((x) => Math.round(Number(x) * 100));
  if (ratio.length !== 4 || ratio.some((x) => !(x >= 0)) || ratio.reduce((a, b) => a + b, 0) !== 10000) errs.push('The ratio needs four parts that sum to 100%.');
  const inspectors = list(f.inspectors);
  if (inspectors.some((a) => !isAddress(a))) errs.push('Every inspector must be an address.');
  if (new Set(inspectors.map((a) => a.toLowerCase())).size !== inspectors.length) errs.push('Inspectors must be distinct.');
  const quorum = Number(f.quorum);
  if (inspectors.length < 1 || inspectors.length > 16 || !(quorum >= 1) || quorum > inspectors.length || 2 * quorum <= inspectors.length) errs.push('Use 1 to 16 inspectors and a majority quorum (2k > inspectors, k ≤ inspectors).');
  const slots = Number(f.slots); if (!(slots >= 1) || slots > 65535) errs.push('At least one prototype slot.');
  const maxRescues = Number(f.maxRescues); if (!(maxRescues >= 0) || maxRescues > 65535) errs.push('Rescues must be 0 or more.');
  const advance = Math.round(Number(f.advance) * 100); if (!(advance >= 0) || advance > 10000) errs.push('The advance is 0 to 100% of the quote.');
  const minStake = u(f.minStake, 'The minimum stake'); if (minStake <= 0n) errs.push('The minimum stake must be positive.');
  const minTotal = u(f.minTotal, 'The minimum total');
  const ideationEnd = Math.floor(Date.parse(`${f.ideationEnd}Z`) / 1000);
  const now = Number((await state.pub.getBlock()).timestamp);
  if (!(ideationEnd > now)) errs.push('Ideation must end in the future (chain time).');
  const el = $('create-errors');
  el.innerHTML = errs.map(esc).join('<br>');
  if (errs.length) return;
  const params = { token, contentHash: hashOf(`${f.description}\n${f.uri}`), ideationEnd: BigInt(ideationEnd), rescueWindow: days(f.rescueDays, 'Rescue window'),
    developmentPeriod: days(f.developmentDays, 'R&D'), testingPeriod: days(f.testingDays, 'Testing'), presalePeriod: days(f.presaleDays, 'Presale'),
    minTotal, minStake, slots, maxRescues, rankBy: Number(f.rankBy), ratioBps: ratio, advanceBps: advance, quorum, inspectors: inspectors.map((a) => getAddress(a)) };
  const labels = { title: f.title, description: f.description, uri: f.uri, tags: list(f.tags), dimensions, conditions };
  const receipts = await run(`Create "${f.title}"`, { address: state.cfg.contracts.CobuildFactory, abi: factoryAbi, functionName: 'createProject', args: [params, labels] });
  if (receipts) {
    const log = receipts[0].logs.find((l) => same(l.address, state.cfg.contracts.CobuildFactory));
    location.hash = log ? `#/p/${getAddress(`0x${log.topics[1].slice(26)}`)}` : '#/';
  }
}

// ------------------------------------------------------------------ platform
async function pagePlatform() {
  const F = state.cfg.contracts.CobuildFactory;
  const [treasury, pending, count] = await reads(['treasury', 'pendingTreasury', 'projectCount'].map((functionName) => ({ address: F, abi: factoryAbi, functionName })));
  current = { page: 'platform', treasury };
  const act = async (label, req) => { if (await run(label, req)) route(); };
  return `<h1>Platform</h1><div class="card kv"><span>Factory</span><span class="mono">${F}</span><span>Shares (ERC-1155)</span><span class="mono">${state.cfg.contracts.CobuildShares}</span>
    <span>Projects</span><span>${count}</span><span>Treasury</span><span class="mono" id="treasury">${treasury}</span><span>Proposed</span><span class="mono">${pending === zeroAddress ? '–' : pending}</span></div>
    <div class="card"><h3>Hand over the treasury</h3><form class="inline" name="propose" data-submit="${on((f) => act('Propose treasury', { address: F, abi: factoryAbi, functionName: 'proposeTreasury', args: [getAddress(f.next)] }))}">
    <input name="next" placeholder="0x… successor" size="44" required><button>Propose (treasury)</button></form>
    <button name="accept" class="ghost" data-on="${on(() => act('Accept treasury', { address: F, abi: factoryAbi, functionName: 'acceptTreasury', args: [] }))}">Accept (proposed treasury)</button>
    <p class="muted">The treasury claims the platform's part on each project's page.</p></div>`;
}

let viewChange = () => {};
document.addEventListener('change', (event) => { const el = event.target.closest('[data-view]'); if (el) viewChange(el.dataset.view, el.value); });
document.addEventListener('click', (event) => {
  const pick = event.target.closest('[data-pick], [data-pick-argue]');
  if (!pick) return;
  const form = document.querySelector(pick.dataset.pick ? 'form[name=invest]' : 'form[name=argue]');
  if (!form) return;
  form.elements.combo.value = pick.dataset.pick || pick.dataset.pickArgue;
  (form.elements.amount || form.elements.text).focus();
  form.scrollIntoView({ block: 'nearest' });
});

// ------------------------------------------------------------------ router
async function route() {
  const [path, q] = (location.hash.slice(1) || '/').split('?');
  const query = new URLSearchParams(q || '');
  resetHandlers();
  renderWallet();
  try {
    let html;
    if (path.startsWith('/p/')) html = await pageProject(path.slice(3));
    else if (path === '/create') html = await pageCreate();
    else if (path === '/platform') html = await pagePlatform();
    else html = await pageProjects(query);
    const t0 = performance.now();
    $('main').innerHTML = html;
    mark('dom', t0);
    document.body.dataset.ready = String(Date.now());
  } catch (err) {
    $('main').innerHTML = `<p class="bad" id="load-error">${esc(explain(err))}</p>`;
    document.body.dataset.ready = String(Date.now());
  }
  window.cobuild = { current, timings };
}

async function main() {
  timings.script = Math.round(performance.now()); // since navigation start
  await init();
  timings.config = Math.round(performance.now());
  discover();
  window.addEventListener('hashchange', route);
  await new Promise((r) => setTimeout(r)); // let EIP-6963 wallets announce themselves
  await restore().catch(() => {});
  timings.wallet = Math.round(performance.now());
  wallet.listeners.add(() => route());
  await route();
  timings.ready = Math.round(performance.now());
  requestAnimationFrame(() => requestAnimationFrame(() => { timings.painted = Math.round(performance.now()); }));
}
main().catch((err) => { $('main').innerHTML = `<p class="bad">${esc(explain(err))}</p>`; });
