// SPDX-License-Identifier: MIT
// A project's page: what loadProject (app/src/load.js) read, rendered for the connected account.
// Each form is shown when that account can use it now, else a sentence says why not; every input
// is checked (app/src/input.js) before anything is sent, its sentence next to the field.
import { zeroAddress, zeroHash, keccak256, toHex, encodeFunctionData, decodeFunctionResult } from 'viem';
import { state, projectAbi, sharesAbi } from './chain.js';
import { run } from './wallet.js';
import { PHASES, STATUSES, Phase, RankBy } from './phases.mjs';
import { loadProject, nextBoundary, timings, mark, range, same } from './load.js';
import { parseAmount, parseWhole, parseAddress, checkFields } from './input.js';
import { t, num, date, dateTime, duration } from './i18n.js';
import { phaseGuide } from './guide.js';
import { esc, addr, on, money, shares, short, decimal, field, select, showErrors, downloadCsv } from './ui.js';

const $ = (id) => document.getElementById(id);
const hashOf = (text) => (text ? keccak256(toHex(text)) : zeroHash);
const content = (text, uri = '') => ({ text: text || '', uri: uri || '', hash: uri ? hashOf(`${text}\n${uri}`) : zeroHash });
const SECONDS_PER_DAY = 86400;
const BPS_PER_PERCENT = 100;
/** Rows of the combinations table per page. */
const PAGE = 100;
/** A finalize batch: ranking entries per transaction. */
const FINALIZE_BATCH = 250;
const MAX_WARRANTY_DAYS = 3650;
let timer = null;

export const statusName = (s) => t(`status.${STATUSES[Number(s)]}`);
export const phaseName = (ph) => t(`phase.${PHASES[Number(ph)]}`);

/** A submit handler that checks the form's fields first: `checks(data)` gives field name ->
 * check; `fn(values, data, form)` runs only when every field passes. */
const checked = (checks, fn) => async (data, form) => {
  const r = checkFields(data, checks(data));
  showErrors(form, r.errors);
  if (r.errors) return;
  await fn(r.values, data, form);
};

/** What every part of a project page needs: the project `p` as loaded, the account `me`, and the
 * helpers that word amounts, check inputs and send writes. */
function context(p, me, route) {
  const { config, labels, token } = p;
  const ph = p.phase;
  const amt = (v) => money(v, token);
  const erc20 = config.token !== zeroAddress;
  const balance = p.tokenBalance; // undefined without a wallet
  // an ERC-20 payment: a permit in the same transaction when the token takes one, else an approval first (app/src/wallet.js)
  const pay = (amount) =>
    erc20 ? { value: 0n, withToken: { token: config.token, spender: p.address, amount, info: token } } : { value: amount, withToken: null };
  const write = (functionName, args, value = 0n) => ({ address: p.address, abi: projectAbi, functionName, args, value });
  const act = async (label, req, withToken, describe) => {
    const ok = await run(label, req, { erc20: withToken, describe });
    if (ok) route();
    return ok;
  };
  const amountCheck =
    (opts = {}) =>
    (s) =>
      parseAmount(s, token, opts);
  const payCheck = amountCheck({ max: balance });
  const addressCheck = (s) => parseAddress(s);
  const optionById = new Map(p.options.map((o) => [Number(o.optionId), o]));
  const optName = (id) => esc(optionById.get(Number(id))?.content.text || t('option.n', { id }));
  const isInspector = Boolean(me) && config.inspectors.some((i) => same(i, me));
  const isCreator = same(config.creator, me);
  const statusIs = (c, name) => STATUSES[c.status] === name;
  const why = (key, vars) => `<p class="muted why">${esc(t(key, vars))}</p>`;
  const missing = (c) => (c.cost > c.funded ? c.cost - c.funded : 0n);

  // ---- investing: a new combination in ideation, an existing one in ideation or (its backers) in rescue
  const invest = async (f, form, build) => {
    const amount = f.amount;
    if (amount < config.minStake && form.dataset.confirmed !== String(amount)) {
      form.dataset.confirmed = String(amount);
      showErrors(form, { amount: { key: 'input.belowMinStake', vars: { min: amt(config.minStake) }, warn: true } });
      return;
    }
    delete form.dataset.confirmed;
    const { value, withToken } = pay(amount);
    await build(amount, value, withToken);
  };
  const dims = config.dimensions;
  const dimNames = labels.dimensions;
  return {
    config,
    labels,
    token,
    ph,
    amt,
    erc20,
    balance,
    pay,
    write,
    act,
    amountCheck,
    payCheck,
    addressCheck,
    optionById,
    optName,
    isInspector,
    isCreator,
    statusIs,
    why,
    missing,
    invest,
    dims,
    dimNames,
    p,
    me,
    route,
  };
}

/** Investing in an existing combination (ideation, or its backers in a rescue) and arguing for one backed. */
function investForms(x) {
  const { token, ph, amt, write, act, payCheck, statusIs, why, invest, p, me } = x;
  const backed = p.positions.filter((x) => x.stake > 0n).map((x) => x.combo);
  const rescuable = p.combos.filter((c) => statusIs(c, 'Eliminated') && p.positionOf.get(c.id)?.stake > 0n);
  let investForm = '';
  if (p.combos.length && (ph === Phase.Ideation || (ph === Phase.Rescue && rescuable.length))) {
    investForm = `<form class="inline card" name="invest" data-submit="${on(
      checked(
        () => ({ combo: (s) => parseWhole(s, { min: 1, max: p.combos.length }), amount: payCheck }),
        (f, _d, form) =>
          invest(f, form, (amount, value, withToken) =>
            act(t('tx.invest', { amount: amt(amount), combo: f.combo }), write('invest', [BigInt(f.combo), amount], value), withToken),
          ),
      ),
    )}"><b>${esc(t('invest.existing'))}</b> ${field('invest', 'combo', t('field.combo'), 'size="4" inputmode="numeric" autocomplete="off"')}
      ${field('invest', 'amount', t('field.amount', { symbol: token.symbol }), 'size="8" inputmode="decimal" autocomplete="off"')}<button>${esc(t('button.invest'))}</button>
    <span class="muted">${esc(ph === Phase.Rescue ? t('invest.rescueHint') : t('invest.pickHint'))}</span></form>`;
  } else if (ph === Phase.Rescue) investForm = why('why.rescueNotBacker');
  const argueForm =
    ph === Phase.Ideation && backed.length
      ? `<form class="inline card" name="argue" data-submit="${on(
          checked(
            () => ({ text: (s) => (String(s || '').trim() ? { value: String(s).trim() } : { error: { key: 'input.empty', vars: {} } }) }),
            (f, d) => act(t('tx.argue', { combo: d.combo }), write('argue', [BigInt(d.combo), f.text])),
          ),
        )}">
    <b>${esc(t('argue.title'))}</b> ${select(
      'argue',
      'combo',
      t('field.combo'),
      backed.map((id) => [id, `#${id}`]),
    )}
    ${field('argue', 'text', t('field.argument'), 'maxlength="280" size="40"')}<button class="ghost">${esc(t('button.argue'))}</button></form>`
      : ph === Phase.Ideation && me
        ? why('why.argueNotBacker')
        : '';

  return { investForm, argueForm };
}

/** The combinations table: pages of PAGE rows, by rank (or id), filtered by status; `onView` redraws it. */
function combinationsTable(x) {
  const { ph, amt, optName, statusIs, missing, p, me } = x;
  // ---- the combinations table: pages of PAGE rows, by rank (or id), filtered by status
  const comboRow = (c) => {
    const pos = p.positionOf.get(c.id);
    const pct = c.cost ? Number((c.funded * 100n) / c.cost) : 0;
    const mineBacks = pos && pos.stake > 0n;
    const canInvest = ph === Phase.Ideation || (ph === Phase.Rescue && statusIs(c, 'Eliminated') && mineBacks);
    const gap =
      ph === Phase.Rescue && statusIs(c, 'Eliminated')
        ? `<div class="warn missing">${esc(t('rescue.missing', { amount: amt(missing(c)) }))}</div>`
        : '';
    return `<tr data-combo="${c.id}"><td>#${c.id}</td><td>${(c.optionIds || []).map(optName).join(' · ')}</td>
      <td>${amt(c.cost)}</td><td>${amt(c.funded)}<div class="bar" role="img" aria-label="${pct}%"><i style="width:${Math.min(100, pct)}%"></i></div>${gap}</td>
      <td>${num(c.supporters)}</td><td>${num(c.backers)}</td><td>${p.rankOf.get(c.id) ?? ''}</td><td class="status" data-status="${STATUSES[c.status]}">${esc(statusName(c.status))}</td>
      <td>${pos ? amt(pos.stake) : me ? '–' : ''}</td>
      <td>${canInvest ? `<button class="ghost" name="pick-${c.id}" data-pick="${c.id}" aria-label="${esc(t('button.investIn', { combo: c.id }))}">${esc(t('button.invest'))}</button>` : ''}${
        mineBacks && ph === Phase.Ideation
          ? ` <button class="ghost" name="pick-argue-${c.id}" data-pick-argue="${c.id}" aria-label="${esc(t('button.argueFor', { combo: c.id }))}">${esc(t('button.argue'))}</button>`
          : ''
      }</td></tr>`;
  };
  const view = { sort: 'rank', status: '', page: 0 };
  const listed = () => {
    let list = view.sort === 'rank' ? p.order.map((id) => p.combos[id - 1]) : p.combos;
    if (view.status === 'mine') list = list.filter((c) => p.positionOf.has(c.id));
    else if (view.status) list = list.filter((c) => STATUSES[c.status] === view.status);
    return list;
  };
  const comboRows = (list = listed()) =>
    list
      .slice(view.page * PAGE, (view.page + 1) * PAGE)
      .map(comboRow)
      .join('') || `<tr><td colspan="10" class="muted">${esc(t('none'))}</td></tr>`;
  const pager = (list = listed()) =>
    t('pager', { shown: num(list.length), page: view.page + 1, pages: Math.max(1, Math.ceil(list.length / PAGE)) });
  const redraw = () => {
    const list = listed();
    view.page = Math.min(view.page, Math.max(0, Math.ceil(list.length / PAGE) - 1));
    $('combination-rows').innerHTML = comboRows(list);
    $('combination-pager').textContent = pager(list);
  };
  const statuses = [...new Set(p.combos.map((c) => STATUSES[c.status]))];
  const controls =
    p.combos.length > 0
      ? `<div class="inline" id="combination-controls">${select(
          'view',
          'sort',
          t('view.sort'),
          [
            ['rank', t('view.byRank')],
            ['id', t('view.byId')],
          ],
          'data-view="sort"',
        )}
    ${select('view', 'status', t('view.show'), [['', t('view.all')], ...(me ? [['mine', t('view.mine')]] : []), ...statuses.map((x) => [x, t(`status.${x}`)])], 'data-view="status"')}
    <button class="ghost" name="page-prev" aria-label="${esc(t('view.prev'))}" data-on="${on(() => {
      view.page = Math.max(0, view.page - 1);
      redraw();
    })}">‹</button>
    <button class="ghost" name="page-next" aria-label="${esc(t('view.next'))}" data-on="${on(() => {
      view.page += 1;
      redraw();
    })}">›</button> <span id="combination-pager" class="muted">${esc(pager())}</span>
    <button class="ghost" name="csv-combinations" data-on="${on(() => exportCombinations(p, optName))}">${esc(t('csv.combinations'))}</button></div>`
      : '';
  const onView = (key, value) => {
    view[key] = value;
    view.page = 0;
    redraw();
  };

  return { controls, comboRows, onView };
}

/** Each dimension's options with maker and quote. */
function optionsTables(x) {
  const { amt, dimNames, p } = x;
  const optionsHtml = dimNames
    .map(
      (name, d) =>
        `<h3>${esc(name)}</h3><div class="scroll" tabindex="0"><table><thead><tr><th scope="col">${esc(t('col.id'))}</th><th scope="col">${esc(t('col.option'))}</th><th scope="col">${esc(t('col.maker'))}</th><th scope="col">${esc(t('col.quote'))}</th></tr></thead><tbody>${
          p.options
            .filter((o) => Number(o.dimension) === d)
            .map(
              (o) =>
                `<tr><td>${o.optionId}</td><td>${esc(o.content.text)}${o.content.uri ? ` <a href="${esc(o.content.uri)}">${esc(t('more'))}</a>` : ''}</td><td>${addr(o.maker)}</td><td>${amt(o.quote)}</td></tr>`,
            )
            .join('') || `<tr><td colspan="4" class="muted">${esc(t('option.none'))}</td></tr>`
        }</tbody></table></div>`,
    )
    .join('');

  return optionsHtml;
}

/** Ideation: investing in a new combination, offering an option. */
function ideationCards(x, actions) {
  const { config, token, ph, amt, write, act, amountCheck, payCheck, invest, dims, dimNames, p } = x;
  if (ph === Phase.Ideation) {
    actions.push(`<div class="card"><h3>${esc(t('invest.new'))}</h3><form class="inline" name="invest-new" data-submit="${on(
      checked(
        () => ({ amount: payCheck }),
        (f, d, form) =>
          invest(f, form, (amount, value, withToken) => {
            const ids = range(0, dims - 1).map((i) => Number(d[`d${i}`]));
            return act(t('tx.investNew', { amount: amt(amount) }), write('investInNew', [ids, amount], value), withToken);
          }),
      ),
    )}">${dimNames
      .map((name, d) =>
        select(
          'invest-new',
          `d${d}`,
          name,
          p.options.filter((o) => Number(o.dimension) === d).map((o) => [o.optionId, `${o.content.text} (${amt(o.quote)})`]),
          'required',
        ),
      )
      .join('')}
      ${field('invest-new', 'amount', t('field.amount', { symbol: token.symbol }), 'size="8" inputmode="decimal" autocomplete="off"')}<button>${esc(t('button.invest'))}</button></form>
      <div class="muted">${esc(t('invest.minStake', { min: amt(config.minStake) }))}</div></div>`);
    actions.push(`<div class="card"><h3>${esc(t('offer.title'))}</h3><form class="inline" name="offer" data-submit="${on(
      checked(
        () => ({ quote: amountCheck({ positive: false }) }),
        (f, d) => act(t('tx.offer'), write('offerOption', [BigInt(d.dimension), f.quote, content(d.text, d.uri)])),
      ),
    )}">
      ${select(
        'offer',
        'dimension',
        t('field.dimension'),
        dimNames.map((n, d) => [d, n]),
      )}
      ${field('offer', 'text', t('field.name'), 'required maxlength="140"')}${field('offer', 'quote', t('field.quote', { symbol: token.symbol }), 'size="8" inputmode="decimal"')}${field('offer', 'uri', t('field.uri'), 'size="12"')}<button>${esc(t('button.offer'))}</button></form></div>`);
  }
}

/** Finalizing: the ranking computed from the chain, submitted in batches. */
function finalizeCard(x, actions) {
  const { config, ph, write, act, p } = x;
  if (ph === Phase.Finalizing) {
    const [attempt, ranked, last] = p.rankingOf || [0n, 0n, 0n];
    const resume =
      attempt && ranked > 0n && Number(ranked) <= p.order.length && p.order[Number(ranked) - 1] === Number(last) ? Number(ranked) : 0;
    actions.push(`<div class="card"><h3>${esc(t('finalize.title'))}</h3><p>${esc(
      t(config.rankBy === RankBy.Funding ? 'finalize.byFunding' : 'finalize.bySupporters', { n: num(p.order.length) }),
    )}${resume ? ' ' + esc(t('finalize.resume', { at: resume })) : ''}</p>
      <form class="inline" name="finalize" data-submit="${on(
        checked(
          () => ({ batch: (s) => parseWhole(s, { min: 1, max: 1000 }) }),
          (f) => {
            const reqs = [];
            if (!p.order.length) reqs.push(write('finalize', [0n, []]));
            for (let first = resume; first < p.order.length; first += f.batch)
              reqs.push(write('finalize', [BigInt(first), p.order.slice(first, first + f.batch).map(BigInt)]));
            return act(t('tx.finalize'), reqs);
          },
        ),
      )}">${field('finalize', 'batch', t('field.batch'), `size="4" value="${FINALIZE_BATCH}" inputmode="numeric"`)}<button>${esc(t('button.finalize'))}</button></form></div>`);
  }
}

/** Development: a maker's undelivered parts of the prototypes. */
function deliverCards(x, actions) {
  const { ph, write, act, optionById, optName, statusIs, why, dimNames, p, me } = x;
  if (ph === Phase.Development) {
    const parts = me
      ? p.combos
          .filter((c) => statusIs(c, 'Prototype'))
          .flatMap((c) => c.optionIds.map((o, d) => ({ c, d, o })))
          .filter(({ c, d, o }) => same(optionById.get(Number(o))?.maker, me) && !((c.deliveredMask >> BigInt(d)) & 1n))
      : [];
    if (parts.length)
      actions.push(
        `<div class="card"><h3>${esc(t('deliver.title'))}</h3>${parts
          .map(
            ({ c, d, o }) =>
              `<form class="inline" name="deliver-${c.id}-${d}" data-submit="${on((f) =>
                act(t('tx.deliver', { d, combo: c.id }), write('deliver', [BigInt(c.id), BigInt(d), hashOf(f.report)])),
              )}">#${c.id} ${esc(dimNames[d])}: ${optName(o)} ${field(`deliver-${c.id}-${d}`, 'report', t('field.report'))}<button>${esc(t('button.deliver'))}</button></form>`,
          )
          .join('')}</div>`,
      );
    else if (me) actions.push(why('why.notMaker'));
  }
}

/** Testing: the verdicts, for inspectors. */
function verdictCard(x, actions) {
  const { config, labels, ph, write, act, isInspector, statusIs, why, p } = x;
  if (ph === Phase.Testing) {
    if (isInspector) {
      const protos = p.combos.filter((c) => statusIs(c, 'Prototype'));
      actions.push(`<div class="card"><h3>${esc(t('verdict.title'))}</h3><form class="inline" name="verdict" data-submit="${on((f) =>
        act(
          t('tx.verdict', { combo: f.combo }),
          write('recordVerdict', [BigInt(f.combo), BigInt(f.condition), f.pass === 'pass', hashOf(f.report)]),
        ),
      )}">
      ${select(
        'verdict',
        'combo',
        t('field.combo'),
        protos.map((c) => [c.id, `#${c.id}`]),
      )}
      ${select(
        'verdict',
        'condition',
        t('field.condition'),
        labels.conditions.map((n, i) => [i, n]),
      )}
      ${select('verdict', 'pass', t('field.verdict'), [
        ['pass', t('verdict.pass')],
        ['fail', t('verdict.fail')],
      ])}${field('verdict', 'report', t('field.report'))}<button>${esc(t('button.record'))}</button></form>
      <div class="muted">${p.verdicts
        .map(
          (v) =>
            `#${v.combo} ${esc(labels.conditions[Number(v.condition)])}: ${esc(t(v.pass ? 'verdict.pass' : 'verdict.fail'))} · ${short(v.inspector)}`,
        )
        .join(' · ')}</div></div>`);
    } else actions.push(why('why.notInspector', { k: config.quorum, n: config.inspectors.length }));
  }
}

/** Each model: its terms, and in the presale the order, add-on and bond forms; closing; revenue. */
function modelCards(x, actions) {
  const { token, ph, amt, balance, pay, write, act, amountCheck, payCheck, optName, isCreator, statusIs, why, p } = x;
  const models = p.combos.filter((c) => ['Model', 'Succeeded', 'PresaleFailed'].includes(STATUSES[c.status]));
  for (const c of models) {
    const terms = p.terms.get(c.id);
    const mAddons = p.addons.filter((a) => Number(a.combo) === c.id);
    const parts = [
      `<h3>${esc(t('model.title', { combo: c.id }))}: ${(c.optionIds || []).map(optName).join(' · ')} <span class="phase">${esc(statusName(c.status))}</span></h3>`,
    ];
    parts.push(
      terms
        ? `<div>${esc(t('model.terms', { price: amt(terms.price), orders: num(c.orders), min: num(terms.minOrders) }))}</div>`
        : `<div class="muted">${esc(t('model.noTerms'))}</div>`,
    );
    if (ph === Phase.Presale && !terms && isCreator)
      parts.push(
        `<form class="inline" name="terms-${c.id}" data-submit="${on(
          checked(
            () => ({ price: amountCheck(), minOrders: (s) => parseWhole(s, { min: 1 }) }),
            (f) => act(t('tx.terms', { combo: c.id }), write('setModelTerms', [BigInt(c.id), f.price, BigInt(f.minOrders)])),
          ),
        )}"><b>${esc(t('role.creator'))}</b> ${field(`terms-${c.id}`, 'price', t('field.price', { symbol: token.symbol }), 'size="6" inputmode="decimal"')} ${field(`terms-${c.id}`, 'minOrders', t('field.minOrders'), 'size="4" inputmode="numeric"')}<button>${esc(t('button.setTerms'))}</button></form>`,
      );
    else if (ph === Phase.Presale && !terms) parts.push(why('why.termsByCreator'));
    if (mAddons.length)
      parts.push(
        `<div>${esc(t('model.addons'))}: ${mAddons.map((a) => esc(t('model.addon', { name: a.content.text, price: amt(a.price), sold: num(a.sold), by: short(a.merchant) }))).join(' · ')}</div>`,
      );
    if (ph === Phase.Presale && terms) {
      const orderForm = `order-${c.id}`;
      parts.push(
        `<form class="inline" name="${orderForm}" data-submit="${on(async (f, form) => {
          const ids = [...form.querySelectorAll('input[name=addon]:checked')].map((i) => Number(i.value)).sort((a, b) => a - b);
          const total = terms.price + ids.reduce((s, id) => s + mAddons.find((a) => Number(a.addonId) === id).price, 0n);
          if (balance !== undefined && total > balance) {
            showErrors(form, {
              order: { key: 'input.overBalance', vars: { symbol: token.symbol, balance: decimal(balance, token.decimals) } },
            });
            return;
          }
          showErrors(form, {});
          const { value, withToken } = pay(total);
          await act(t('tx.order', { combo: c.id, total: amt(total) }), write('order', [BigInt(c.id), ids], value), withToken);
        })}"><b>${esc(t('role.buyer'))}</b> ${mAddons
          .map((a) => `<label><input type="checkbox" name="addon" value="${a.addonId}"> ${esc(a.content.text)} (+${amt(a.price)})</label>`)
          .join(
            ' ',
          )}<button>${esc(t('button.order', { price: amt(terms.price) }))}</button><span class="err" data-error-for="order" aria-live="polite"></span></form>`,
      );
      parts.push(
        `<form class="inline" name="addon-${c.id}" data-submit="${on(
          checked(
            () => ({ price: amountCheck() }),
            (f, d) => act(t('tx.addon', { combo: c.id }), write('offerAddon', [BigInt(c.id), f.price, content(d.text, d.uri)])),
          ),
        )}"><b>${esc(t('role.merchant'))}</b> ${field(`addon-${c.id}`, 'text', t('field.addon'), 'required maxlength="140" size="12"')} ${field(`addon-${c.id}`, 'price', t('field.price', { symbol: token.symbol }), 'size="6" inputmode="decimal"')}${field(`addon-${c.id}`, 'uri', t('field.uri'), 'size="8"')}<button class="ghost">${esc(t('button.offerAddon'))}</button></form>`,
      );
      parts.push(
        `<form class="inline" name="bond-${c.id}" data-submit="${on(
          checked(
            () => ({ amount: payCheck, days: (s) => parseWhole(s, { min: 1, max: MAX_WARRANTY_DAYS }) }),
            (f, d) => {
              const { value, withToken } = pay(f.amount);
              return act(
                t('tx.bond', { combo: c.id }),
                write('commitBond', [BigInt(c.id), f.amount, BigInt(f.days * SECONDS_PER_DAY), content(d.text, d.uri)], value),
                withToken,
              );
            },
          ),
        )}"><b>${esc(t('role.provider'))}</b> ${field(`bond-${c.id}`, 'amount', t('field.bond', { symbol: token.symbol }), 'size="6" inputmode="decimal"')} ${field(`bond-${c.id}`, 'days', t('field.days'), 'size="4" value="365" inputmode="numeric"')} ${field(`bond-${c.id}`, 'text', t('field.covering'), 'required maxlength="140" size="12"')}${field(`bond-${c.id}`, 'uri', t('field.uri'), 'size="8"')}<button class="ghost">${esc(t('button.bond'))}</button></form>`,
      );
    }
    if (ph === Phase.Closed && !p.closedModels.has(c.id))
      parts.push(
        `<button name="close-${c.id}" data-on="${on(() => act(t('tx.close', { combo: c.id }), write('closeModel', [BigInt(c.id)])))}">${esc(t('button.close'))}</button>`,
      );
    if (statusIs(c, 'Succeeded'))
      parts.push(
        `<form class="inline" name="deposit-${c.id}" data-submit="${on(
          checked(
            () => ({ amount: payCheck }),
            (f) => {
              const { value, withToken } = pay(f.amount);
              return act(t('tx.deposit', { combo: c.id }), write('depositRevenue', [BigInt(c.id), f.amount], value), withToken);
            },
          ),
        )}">${field(`deposit-${c.id}`, 'amount', t('field.deposit', { symbol: token.symbol }), 'size="6" inputmode="decimal"')}<button class="ghost">${esc(t('button.deposit'))}</button></form>`,
      );
    const mBonds = p.bonds.filter((b) => Number(b.combo) === c.id);
    if (mBonds.length)
      parts.push(
        `<div>${esc(t('model.bonds'))}: ${mBonds.map((b) => esc(t('model.bond', { id: b.bondId, text: b.content.text, left: amt(b.left), by: short(b.provider) }))).join(' · ')}</div>`,
      );
    actions.push(`<div class="card model">${parts.join('')}</div>`);
  }
}

/** An award from a bond, for inspectors. */
function awardCard(x, actions) {
  const { token, write, act, amountCheck, isInspector, p } = x;
  if (isInspector && p.bonds.length)
    actions.push(`<div class="card"><h3>${esc(t('award.title'))}</h3><form class="inline" name="award" data-submit="${on(
      checked(
        () => ({ order: (s) => parseWhole(s), amount: amountCheck() }),
        (f, d) =>
          act(t('tx.award', { bond: d.bond }), write('approveAward', [BigInt(d.bond), BigInt(f.order), f.amount, hashOf(d.evidence)])),
      ),
    )}">
    ${select(
      'award',
      'bond',
      t('field.bondId'),
      p.bonds.map((b) => [b.bondId, `#${b.bondId}`]),
    )} ${field('award', 'order', t('field.orderIndex'), 'size="3" inputmode="numeric"')} ${field('award', 'amount', t('field.amount', { symbol: token.symbol }), 'size="6" inputmode="decimal"')} ${field('award', 'evidence', t('field.evidence'))}<button>${esc(t('button.approve'))}</button></form></div>`);
}

/** The actions of the project's phase, for the roles the account holds: a form when it can act now, else why not. */
function actionCards(x) {
  const actions = [];
  for (const cards of [ideationCards, finalizeCard, deliverCards, verdictCard, modelCards, awardCard]) cards(x, actions);
  if (!x.me) actions.unshift(x.why('why.connect'));
  return actions;
}

/** The account's positions and what it can claim now; `claims` also feeds Claim everything. */
function positionsAndClaims(x) {
  const { token, ph, amt, write, act, amountCheck, addressCheck, isCreator, p, me } = x;
  // ---- my positions and claims; every claim that would pay now also goes in `claims`, for
  // "Claim everything" (one multicall of them all when there is more than one)
  const mine = [];
  const claims = [];
  const claimable = (what, functionName, args, amount) => claims.push({ what, functionName, args, amount, token });
  const statusOf = (combo) => STATUSES[p.combos[Number(combo) - 1]?.status];
  const claimButton = (name, label, fn) => `<button name="${name}" data-on="${on(fn)}">${esc(label)}</button>`;
  if (me) {
    for (const pos of p.positions) {
      const btns = [];
      const combo = BigInt(pos.combo);
      if (pos.refundable > 0n) {
        btns.push(
          claimButton(`refund-${pos.combo}`, t('button.refund', { amount: amt(pos.refundable) }), () =>
            act(t('tx.refund', { combo: pos.combo }), write('refund', [combo])),
          ),
        );
        claimable(t('claim.refund', { combo: pos.combo }), 'refund', [combo], pos.refundable);
      }
      if (pos.revenue > 0n) {
        btns.push(
          claimButton(`revenue-${pos.combo}`, t('button.revenue', { amount: amt(pos.revenue) }), () =>
            act(t('tx.revenue', { combo: pos.combo }), write('claimRevenue', [combo])),
          ),
        );
        claimable(t('claim.revenue', { combo: pos.combo }), 'claimRevenue', [combo], pos.revenue);
      }
      if (pos.shares > 0n)
        btns.push(
          `<form class="inline" name="transfer-${pos.combo}" data-submit="${on(
            checked(
              () => ({ to: addressCheck, amount: amountCheck({ max: pos.shares }) }),
              (f) => {
                const id = (BigInt(p.address) << 96n) | combo;
                return act(t('tx.transfer', { combo: pos.combo }), {
                  address: state.cfg.contracts.CobuildShares,
                  abi: sharesAbi,
                  functionName: 'safeTransferFrom',
                  args: [me, f.to, id, f.amount, '0x'],
                });
              },
            ),
          )}">${field(`transfer-${pos.combo}`, 'to', t('field.to'), 'size="14" autocomplete="off"')}${field(`transfer-${pos.combo}`, 'amount', t('field.shares'), 'size="6" inputmode="decimal"')}<button class="ghost">${esc(t('button.transfer'))}</button></form>`,
        );
      if (pos.stake || pos.refundable || pos.revenue || pos.shares)
        mine.push(
          `<tr data-position="${pos.combo}"><td>#${pos.combo}</td><td>${amt(pos.stake)}</td><td>${shares(pos.shares, token)}</td><td>${btns.join(' ')}</td></tr>`,
        );
    }
    for (const m of p.makerOwed)
      if (m.escrow || m.revenue) {
        claimable(
          t('claim.maker', { d: m.dimension, combo: m.combo }),
          'claimMaker',
          [BigInt(m.combo), BigInt(m.dimension)],
          m.escrow + m.revenue,
        );
        mine.push(
          `<tr><td>${esc(t('mine.maker', { combo: m.combo, d: m.dimension }))}</td><td>${esc(t('mine.escrow', { amount: amt(m.escrow) }))}</td><td>${esc(t('mine.revenue', { amount: amt(m.revenue) }))}</td><td>${claimButton(`maker-${m.combo}-${m.dimension}`, t('button.claim'), () => act(t('tx.maker', { combo: m.combo, d: m.dimension }), write('claimMaker', [BigInt(m.combo), BigInt(m.dimension)])))}</td></tr>`,
        );
      }
    // the creator's and the platform's parts are paid once the project is closed
    if (isCreator && p.roleOwed[0] > 0n) {
      if (ph === Phase.Closed) claimable(t('claim.creator'), 'claimCreator', [], p.roleOwed[0]);
      mine.push(
        `<tr><td>${esc(t('role.creator'))}</td><td colspan="2">${amt(p.roleOwed[0])}</td><td>${ph === Phase.Closed ? claimButton('creator-claim', t('button.claim'), () => act(t('tx.creator'), write('claimCreator', []))) : esc(t('why.afterClose'))}</td></tr>`,
      );
    }
    if (same(p.treasury, me) && p.roleOwed[1] > 0n) {
      if (ph === Phase.Closed) claimable(t('claim.platform'), 'claimPlatform', [], p.roleOwed[1]);
      mine.push(
        `<tr><td>${esc(t('role.treasury'))}</td><td colspan="2">${amt(p.roleOwed[1])}</td><td>${ph === Phase.Closed ? claimButton('platform-claim', t('button.claim'), () => act(t('tx.platform'), write('claimPlatform', []))) : esc(t('why.afterClose'))}</td></tr>`,
      );
    }
    for (const a of p.addons)
      if (same(a.merchant, me) && !a.claimed && a.sold > 0n) {
        if (statusOf(a.combo) === 'Succeeded')
          claimable(t('claim.addon', { id: a.addonId }), 'claimAddonRevenue', [a.addonId], a.sold * a.price);
        mine.push(
          `<tr><td>${esc(t('mine.addon', { id: a.addonId, name: a.content.text }))}</td><td colspan="2">${esc(t('mine.sold', { n: num(a.sold) }))}</td><td>${claimButton(`addon-claim-${a.addonId}`, t('button.claim'), () => act(t('tx.addonClaim', { id: a.addonId }), write('claimAddonRevenue', [a.addonId])))}</td></tr>`,
        );
      }
    for (const o of p.orders)
      if (same(o.buyer, me)) {
        const btns = [];
        if (statusOf(o.combo) === 'PresaleFailed' && o.paidNow > 0n) {
          claimable(t('claim.orderRefund', { i: o.orderIndex, combo: o.combo }), 'refundOrder', [o.combo, o.orderIndex], o.paidNow);
          btns.push(
            claimButton(`order-refund-${o.combo}-${o.orderIndex}`, t('button.refund', { amount: amt(o.paidNow) }), () =>
              act(t('tx.orderRefund'), write('refundOrder', [o.combo, o.orderIndex])),
            ),
          );
        }
        if (o.awardOwed > 0n) {
          claimable(t('claim.award', { i: o.orderIndex, combo: o.combo }), 'claimAward', [o.combo, o.orderIndex], o.awardOwed);
          btns.push(
            claimButton(`award-claim-${o.combo}-${o.orderIndex}`, t('button.award', { amount: amt(o.awardOwed) }), () =>
              act(t('tx.awardClaim'), write('claimAward', [o.combo, o.orderIndex])),
            ),
          );
        }
        mine.push(
          `<tr><td>${esc(t('mine.order', { i: o.orderIndex, combo: o.combo }))}</td><td colspan="2">${esc(t('mine.paid', { amount: amt(o.paidNow) }))}</td><td>${btns.join(' ')}</td></tr>`,
        );
      }
    for (const b of p.bonds)
      if (same(b.provider, me) && b.left > 0n) {
        // free at once if its model failed its presale, after its warranty if it succeeded
        const st = statusOf(b.combo);
        const free = st === 'PresaleFailed' || (st === 'Succeeded' && p.now >= Number(b.warrantyEnd));
        if (free) claimable(t('claim.bond', { id: b.bondId }), 'withdrawBond', [b.bondId], b.left);
        mine.push(
          `<tr><td>${esc(t('mine.bond', { id: b.bondId }))}</td><td colspan="2">${esc(t('mine.bondLeft', { amount: amt(b.left), until: date(b.warrantyEnd) }))}</td><td>${claimButton(`bond-withdraw-${b.bondId}`, t('button.withdraw'), () => act(t('tx.withdraw', { id: b.bondId }), write('withdrawBond', [b.bondId])))}</td></tr>`,
        );
      }
  }
  return { mine, claims };
}

/** The page of project `address` for account `me`; returns {html, current}. */
export async function pageProject(address, me, { route }) {
  const t0 = performance.now();
  const p = await loadProject(address, me);
  mark('load', t0);
  const x = context(p, me, route);
  const { config, labels, token, ph, amt, erc20, balance, isInspector, isCreator, why, act, write } = x;
  const { investForm, argueForm } = investForms(x);
  const { controls, comboRows, onView } = combinationsTable(x);
  const optionsHtml = optionsTables(x);
  const actions = actionCards(x);
  const { mine, claims } = positionsAndClaims(x);
  const claimAll = claims.length > 1 ? claimEverything(claims, act, write) : '';
  const boundary = nextBoundary(p);
  if (timer) clearInterval(timer);
  const offset = p.now - p.loadedAt;
  const tick = () => {
    const el = $('countdown');
    if (el) el.textContent = duration(Number(el.dataset.at) - (Date.now() / 1000 + offset));
  };
  timer = setInterval(tick, 1000);
  setTimeout(tick);
  const countdown = boundary
    ? t('phase.until', {
        countdown: `<span id="countdown" data-at="${boundary.end}"></span>`,
        next: esc(phaseName(Phase[boundary.next])),
        date: esc(dateTime(boundary.end)),
      })
    : '';
  const ratio = config.ratioBps.map((b) => `${Number(b) / BPS_PER_PERCENT}%`);
  const myRows = mine.join('') || `<tr><td colspan="4" class="muted">${esc(t(me ? 'mine.nothing' : 'why.connect'))}</td></tr>`;
  const guide = phaseGuide(p, { isCreator, isInspector, me, boundary });

  mark('html', t0);
  const html = `<h1 id="title">${esc(labels.title)} <span class="phase" id="phase">${esc(phaseName(ph))}</span></h1>
  <p>${esc(labels.description)}${labels.uri ? ` <a href="${esc(labels.uri)}">${esc(t('more'))}</a>` : ''}</p>
  <div>${labels.tags.map((tag) => `<a class="tag" href="#/?tag=${encodeURIComponent(tag)}">${esc(tag)}</a>`).join('')}</div>
  ${guide}
  <div class="card kv">
    <span>${esc(t('kv.phase'))}</span><span>${esc(phaseName(ph))} ${countdown}</span>
    <span>${esc(t('kv.creator'))}</span><span>${addr(config.creator)}</span>
    <span>${esc(t('kv.money'))}</span><span>${esc(token.symbol)} ${erc20 ? addr(config.token) : ''}${balance !== undefined ? ` · <span id="balance">${esc(t('kv.youHold', { amount: amt(balance) }))}</span>` : ''}</span>
    <span>${esc(t('kv.ratio'))}</span><span>${esc(t('kv.ratioText', { creator: ratio[0], makers: ratio[1], investors: ratio[2], platform: ratio[3], advance: `${Number(config.advanceBps) / BPS_PER_PERCENT}%` }))}</span>
    <span>${esc(t('kv.launch'))}</span><span>${esc(t('kv.launchText', { total: amt(config.minTotal), min: amt(config.minStake), slots: config.slots, rescues: config.maxRescues, by: t(config.rankBy === RankBy.Funding ? 'rank.funding' : 'rank.supporters') }))}</span>
    <span>${esc(t('kv.inspectors'))}</span><span>${esc(t('kv.quorum', { k: config.quorum, n: config.inspectors.length }))}: ${config.inspectors.map((a) => addr(a)).join(', ')}</span>
    <span>${esc(t('kv.conditions'))}</span><span>${labels.conditions.map(esc).join(', ')}</span>
    <span>${esc(t('kv.selection'))}</span><span>${p.selection[0] ? esc(t('kv.selectionText', { selected: num(p.selection[1]), rescued: num(p.selection[2]), ranked: num(p.selection[0]), invested: amt(p.selection[3]) })) : esc(t('kv.notFinal'))}</span>
  </div>
  <h2>${esc(t('h.mine'))}</h2>${claimAll}<div class="scroll" tabindex="0"><table id="mine"><thead><tr><th scope="col">${esc(t('col.what'))}</th><th scope="col">${esc(t('col.stake'))}</th><th scope="col">${esc(t('col.shares'))}</th><th scope="col">${esc(t('col.claim'))}</th></tr></thead><tbody>${myRows}</tbody></table></div>
  ${me ? `<p><button class="ghost" name="csv-mine" data-on="${on(() => exportMine(p, token, claims))}">${esc(t('csv.mine'))}</button></p>` : ''}
  <h2>${esc(t('h.actions'))}</h2>${actions.join('') || why('why.nothing')}
  <h2>${esc(t('h.options'))}</h2>${optionsHtml}
  <h2>${esc(t('h.combinations', { n: p.combos.length }))}</h2>
  ${investForm}${argueForm}
  ${controls}
  <div class="scroll" tabindex="0"><table id="combinations"><thead><tr>${[
    'id',
    'options',
    'cost',
    'funding',
    'supporters',
    'backers',
    'rank',
    'status',
    'mine',
    'act',
  ]
    .map((k) => `<th scope="col">${esc(t(`col.${k}`))}</th>`)
    .join(
      '',
    )}</tr></thead><tbody id="combination-rows">${p.combos.length ? comboRows() : `<tr><td colspan="10" class="muted">${esc(t('none'))}</td></tr>`}</tbody></table></div>
  <h2>${esc(t('h.arguments'))}</h2><div id="arguments">${p.args.map((a) => `<div class="card argument"><b>#${a.combo}</b> ${addr(a.author)}: ${esc(a.text)}</div>`).join('') || `<p class="muted">${esc(t('argue.none'))}</p>`}</div>`;
  return { html, current: { page: 'project', address: p.address, phase: PHASES[ph], combinations: p.combos.length }, onView, timings };
}

/** "Claim everything": one multicall of every claim that pays now, with the total per token from
 * the views on the button and from the simulation in the wallet prompt. */
function claimEverything(claims, act, write) {
  const byToken = (amounts) => {
    const totals = new Map(); // token address -> [token, amount]
    amounts.forEach((v, i) => {
      const { token } = claims[i];
      totals.set(token.address, [token, (totals.get(token.address)?.[1] ?? 0n) + v]);
    });
    return [...totals.values()].map(([tk, v]) => money(v, tk)).join(' + ');
  };
  const total = byToken(claims.map((c) => c.amount));
  const describe = (results) => {
    const paid = results.map((data, i) => {
      const r = decodeFunctionResult({ abi: projectAbi, functionName: claims[i].functionName, data });
      return Array.isArray(r) ? r.reduce((a, b) => a + b, 0n) : r; // claimMaker: escrow + revenue
    });
    return t('claim.simulated', { total: byToken(paid), n: claims.length });
  };
  const data = claims.map((c) => encodeFunctionData({ abi: projectAbi, functionName: c.functionName, args: c.args }));
  return `<div class="card" id="claim-all"><b>${esc(t('claim.count', { n: claims.length }))}</b>: ${claims.map((c) => esc(c.what)).join(' · ')}
    <div>${esc(t('claim.total'))} <b id="claim-all-total">${esc(total)}</b> <button name="claim-all" data-on="${on(() =>
      act(t('tx.claimAll', { total }), write('multicall', [data]), null, describe),
    )}">${esc(t('button.claimAll'))}</button></div></div>`;
}

/** The project's combinations as CSV (one row each, amounts in tokens). */
function exportCombinations(p, optName) {
  const rows = [['id', 'options', 'cost', 'funded', 'supporters', 'backers', 'rank', 'status', 'token']];
  for (const c of p.combos)
    rows.push([
      c.id,
      (c.optionIds || []).map((o) => optName(o).replace(/&amp;/g, '&')).join(' + '),
      decimal(c.cost ?? 0n, p.token.decimals),
      decimal(c.funded, p.token.decimals),
      c.supporters,
      c.backers,
      p.rankOf.get(c.id) ?? '',
      STATUSES[c.status],
      p.token.symbol,
    ]);
  return downloadCsv(`cobuild-${p.address.slice(2, 10)}-combinations.csv`, rows);
}

/** The connected account's positions and claims as CSV. */
function exportMine(p, token, claims) {
  const rows = [['what', 'combination', 'stake', 'shares', 'refundable', 'revenue', 'claim now', 'token']];
  for (const x of p.positions)
    rows.push([
      'position',
      x.combo,
      decimal(x.stake, token.decimals),
      decimal(x.shares, token.decimals),
      decimal(x.refundable, token.decimals),
      decimal(x.revenue, token.decimals),
      '',
      token.symbol,
    ]);
  for (const c of claims) rows.push([c.what, c.args[0] ?? '', '', '', '', '', decimal(c.amount, token.decimals), c.token.symbol]);
  return downloadCsv(`cobuild-${p.address.slice(2, 10)}-mine.csv`, rows);
}
