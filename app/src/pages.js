// SPDX-License-Identifier: MIT
// The pages other than a project's: the projects (with the tag filter), creating a project and the
// platform's treasury. Each returns {html, current}; the handlers it registers act through run().
import { zeroAddress, keccak256, toHex, zeroHash, isAddress, getAddress } from 'viem';
import { state, reads, factoryAbi, projectAbi, erc20Abi, MULTICALL3_ABI } from './chain.js';
import { run } from './wallet.js';
import { PHASES } from './phases.mjs';
import { created, tokenInfo, same } from './load.js';
import { parseAmount, parseAddress } from './input.js';
import { t, num } from './i18n.js';
import { esc, addr, on, money, field, select, showErrors } from './ui.js';

const hashOf = (text) => (text ? keccak256(toHex(text)) : zeroHash);
const SECONDS_PER_DAY = 86400;
const BPS_PER_PERCENT = 100;
const DEFAULT_IDEATION_DAYS = 14;
const LIMITS = { dimensions: [1, 8], conditions: [1, 32], inspectors: [1, 16], uint16: 65535, uint32: 2 ** 32 };

export async function pageProjects(query) {
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
  const cards = list
    .map((l, i) => {
      const [phase, counts, held] = res.slice(3 * i, 3 * i + 3);
      const { labels, projectId } = l.args;
      const phaseText = phase === undefined ? '?' : t(`phase.${PHASES[phase]}`);
      return `<div class="card project" data-project="${l.args.project}">
      <h3><a href="#/p/${l.args.project}">${esc(labels.title)}</a> <span class="phase">${esc(phaseText)}</span></h3>
      <div class="muted">#${projectId} · ${esc(t('projects.by'))} ${addr(l.args.creator)}</div>
      <p>${esc(labels.description)}</p>
      <div>${labels.tags.map((x) => `<a class="tag" href="#/?tag=${encodeURIComponent(x)}">${esc(x)}</a>`).join('')}</div>
      <div class="muted">${counts ? `${esc(t('count.options', { n: Number(counts[0]), count: num(counts[0]) }))} · ${esc(t('count.combinations', { n: Number(counts[1]), count: num(counts[1]) }))} · ` : ''}${esc(t('projects.held', { amount: money(held, infos[i]) }))}</div>
    </div>`;
    })
    .join('');
  return {
    current: { page: 'projects', count: list.length },
    html: `<section class="card intro"><h1>${esc(t('projects.title'))}</h1><p>${esc(t('projects.intro'))} <a href="#/how">${esc(t('how.link'))}</a></p></section>
  <p>${tags.map((x) => `<a class="tag ${x === tag ? 'on' : ''}" href="#/?tag=${encodeURIComponent(x)}">${esc(x)}</a>`).join('')}
  ${tag ? `<a href="#/" class="muted">${esc(t('projects.all'))}</a>` : ''}</p>
  <div class="grid" id="projects">${cards || `<p class="muted">${esc(t('projects.none'))}</p>`}</div>`,
  };
}

// ------------------------------------------------------------------ create
// the create form's fields in order: name, label key, default, input attributes; `rankBy` is a select
export const CREATE_FIELDS = [
  ['title', '', 'required maxlength="80"'],
  ['description', '', 'required maxlength="280" size="40"'],
  ['uri', '', 'size="30"'],
  ['tags', '', 'size="30"'],
  ['dimensions', 'shape, material, engine', 'required size="30"'],
  ['conditions', 'road, weather, traffic', 'required size="30"'],
  ['token', '', 'size="30" placeholder="0x…" autocomplete="off"'],
  ['ideationEnd', null, 'type="datetime-local" required'],
  ['rescueDays', '3', 'required inputmode="decimal"'],
  ['developmentDays', '60', 'required inputmode="decimal"'],
  ['testingDays', '14', 'required inputmode="decimal"'],
  ['presaleDays', '30', 'required inputmode="decimal"'],
  ['minTotal', '10', 'required inputmode="decimal"'],
  ['minStake', '0.1', 'required inputmode="decimal"'],
  ['slots', '3', 'required inputmode="numeric"'],
  ['maxRescues', '1', 'required inputmode="numeric"'],
  ['rankBy', 'select'],
  ['ratio', '10, 20, 60, 10', 'required'],
  ['advance', '20', 'required inputmode="decimal"'],
  ['inspectors', '', 'required size="40" autocomplete="off"'],
  ['quorum', '2', 'required inputmode="numeric"'],
];

export async function pageCreate() {
  const block = await state.pub.getBlock();
  const end = new Date((Number(block.timestamp) + DEFAULT_IDEATION_DAYS * SECONDS_PER_DAY) * 1000).toISOString().slice(0, 16);
  const input = ([name, value, extra]) =>
    value === 'select'
      ? select('create', name, t(`create.${name}`), [
          ['0', t('rank.supportersLong')],
          ['1', t('rank.funding')],
        ])
      : field('create', name, t(`create.${name}`), `value="${esc(value === null ? end : value)}" ${extra}`);
  return {
    current: { page: 'create' },
    html: `<h1>${esc(t('create.h'))}</h1><p class="muted">${esc(t('create.intro'))}</p><form class="stack card" name="create" data-submit="${on(createProject)}">
    ${CREATE_FIELDS.map(input).join('\n    ')}
    <div id="create-errors" class="err" role="alert"></div><button>${esc(t('create.button'))}</button></form>`,
  };
}

async function createProject(f, form) {
  const errors = {}; // field -> {key, vars}
  const fail = (name, key, vars = {}) => {
    errors[name] ??= { key, vars };
  };
  const list = (s) =>
    String(s || '')
      .split(/[,，]/)
      .map((x) => x.trim())
      .filter(Boolean);
  const token = f.token.trim() ? f.token.trim() : zeroAddress;
  if (token !== zeroAddress && !isAddress(token)) fail('token', 'input.address', { text: token });
  const info = token !== zeroAddress && isAddress(token) ? await tokenInfo(token) : { symbol: 'ETH', decimals: 18 };
  const amount = (name, opts) => {
    const r = parseAmount(f[name], info, opts);
    if (r.error) fail(name, r.error.key, r.error.vars);
    return r.value ?? 0n;
  };
  const days = (name) => {
    const v = Math.round(Number(f[name]) * SECONDS_PER_DAY);
    if (!/^\d+(\.\d+)?$/.test(String(f[name]).trim()) || !(v > 0) || v >= LIMITS.uint32) fail(name, 'create.err.days');
    return v;
  };
  const whole = (name, min, max) => {
    const s = String(f[name]).trim();
    if (!/^\d+$/.test(s) || Number(s) < min || Number(s) > max) fail(name, 'input.range', { min, max });
    return Number(s);
  };
  const dimensions = list(f.dimensions);
  const conditions = list(f.conditions);
  if (dimensions.length < LIMITS.dimensions[0] || dimensions.length > LIMITS.dimensions[1]) fail('dimensions', 'create.err.dimensions');
  if (conditions.length < LIMITS.conditions[0] || conditions.length > LIMITS.conditions[1]) fail('conditions', 'create.err.conditions');
  const ratio = list(f.ratio).map((x) => Math.round(Number(x) * BPS_PER_PERCENT));
  if (ratio.length !== 4 || ratio.some((x) => !(x >= 0)) || ratio.reduce((a, b) => a + b, 0) !== 100 * BPS_PER_PERCENT)
    fail('ratio', 'create.err.ratio');
  const inspectors = list(f.inspectors);
  if (inspectors.some((a) => parseAddress(a).error)) fail('inspectors', 'create.err.inspector');
  else if (new Set(inspectors.map((a) => a.toLowerCase())).size !== inspectors.length) fail('inspectors', 'create.err.distinct');
  const quorum = Number(f.quorum);
  if (
    inspectors.length < LIMITS.inspectors[0] ||
    inspectors.length > LIMITS.inspectors[1] ||
    !(quorum >= 1) ||
    quorum > inspectors.length ||
    2 * quorum <= inspectors.length
  )
    fail('quorum', 'create.err.quorum');
  const slots = whole('slots', 1, LIMITS.uint16);
  const maxRescues = whole('maxRescues', 0, LIMITS.uint16);
  const advance = Math.round(Number(f.advance) * BPS_PER_PERCENT);
  if (!/^\d+(\.\d+)?$/.test(String(f.advance).trim()) || advance > 100 * BPS_PER_PERCENT) fail('advance', 'create.err.advance');
  const minStake = amount('minStake');
  const minTotal = amount('minTotal', { positive: false });
  const ideationEnd = Math.floor(Date.parse(`${f.ideationEnd}Z`) / 1000);
  const now = Number((await state.pub.getBlock()).timestamp);
  if (!(ideationEnd > now)) fail('ideationEnd', 'create.err.ideationEnd');
  const periods = ['rescueDays', 'developmentDays', 'testingDays', 'presaleDays'].map(days);
  if (!f.title.trim()) fail('title', 'input.empty');
  showErrors(form, errors);
  form.querySelector('#create-errors').textContent = Object.values(errors)
    .map((e) => t(e.key, e.vars))
    .join(' ');
  if (Object.keys(errors).length) return;
  const [rescueWindow, developmentPeriod, testingPeriod, presalePeriod] = periods;
  const params = {
    token,
    contentHash: hashOf(`${f.description}\n${f.uri}`),
    ideationEnd: BigInt(ideationEnd),
    rescueWindow,
    developmentPeriod,
    testingPeriod,
    presalePeriod,
    minTotal,
    minStake,
    slots,
    maxRescues,
    rankBy: Number(f.rankBy),
    ratioBps: ratio,
    advanceBps: advance,
    quorum,
    inspectors: inspectors.map((a) => getAddress(a)),
  };
  const labels = { title: f.title, description: f.description, uri: f.uri, tags: list(f.tags), dimensions, conditions };
  const receipts = await run(t('tx.create', { title: f.title }), {
    address: state.cfg.contracts.CobuildFactory,
    abi: factoryAbi,
    functionName: 'createProject',
    args: [params, labels],
  });
  if (receipts) {
    const log = receipts[0].logs.find((l) => same(l.address, state.cfg.contracts.CobuildFactory));
    location.hash = log ? `#/p/${getAddress(`0x${log.topics[1].slice(26)}`)}` : '#/';
  }
}

// ------------------------------------------------------------------ platform
export async function pagePlatform({ route }) {
  const F = state.cfg.contracts.CobuildFactory;
  const [treasury, pending, count] = await reads(
    ['treasury', 'pendingTreasury', 'projectCount'].map((functionName) => ({ address: F, abi: factoryAbi, functionName })),
  );
  const act = async (label, req) => {
    if (await run(label, req)) route();
  };
  const propose = on((data, form) => {
    const r = parseAddress(data.next);
    showErrors(form, r.error ? { next: r.error } : {});
    if (!r.error) act(t('tx.propose'), { address: F, abi: factoryAbi, functionName: 'proposeTreasury', args: [r.value] });
  });
  return {
    current: { page: 'platform', treasury },
    html: `<h1>${esc(t('platform.title'))}</h1><div class="card kv"><span>${esc(t('platform.factory'))}</span><span class="mono">${F}</span><span>${esc(t('platform.shares'))}</span><span class="mono">${state.cfg.contracts.CobuildShares}</span>
    <span>${esc(t('platform.projects'))}</span><span>${num(count ?? 0)}</span><span>${esc(t('platform.treasury'))}</span><span class="mono" id="treasury">${treasury}</span><span>${esc(t('platform.proposed'))}</span><span class="mono">${pending === zeroAddress ? '–' : pending}</span></div>
    <div class="card"><h2>${esc(t('platform.handover'))}</h2><form class="inline" name="propose" data-submit="${propose}">
    ${field('propose', 'next', t('platform.successor'), 'size="30" autocomplete="off"')}<button>${esc(t('platform.propose'))}</button></form>
    <button name="accept" class="ghost" data-on="${on(() => act(t('tx.accept'), { address: F, abi: factoryAbi, functionName: 'acceptTreasury', args: [] }))}">${esc(t('platform.accept'))}</button>
    <p class="muted">${esc(t('platform.note'))}</p></div>`,
  };
}
