// SPDX-License-Identifier: MIT
// Rendering helpers: escaped template strings, delegated handlers (reset on each render), amounts
// in tokens and shares, labelled fields with the place of their error sentence.
import { formatUnits } from 'viem';
import { t, num } from './i18n.js';

export const esc = (v) =>
  String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
export const short = (a) => (a ? `${a.slice(0, 6)}…${a.slice(-4)}` : '');
export const addr = (a) => `<span class="mono" title="${esc(a)}">${esc(short(a))}</span>`;

let handlers = new Map();
let next = 0;
export function resetHandlers() {
  handlers = new Map();
}
/** Register a handler; use as data-on="${on(fn)}" on a button or data-submit on a form. */
export function on(fn) {
  const id = String(++next);
  handlers.set(id, fn);
  return id;
}

if (globalThis.document) {
  document.addEventListener('click', (event) => {
    const el = event.target.closest('[data-on]');
    if (!el || !handlers.has(el.dataset.on)) return;
    event.preventDefault();
    handlers.get(el.dataset.on)(el, event);
  });
  document.addEventListener('submit', (event) => {
    const form = event.target.closest('form[data-submit]');
    if (!form || !handlers.has(form.dataset.submit)) return;
    event.preventDefault();
    handlers.get(form.dataset.submit)(Object.fromEntries(new FormData(form)), form);
  });
}

/** Decimals shown of an amount (the rest is cut, trailing zeros dropped). */
const SHOWN_DECIMALS = 6;
/** `value` units of a token with `decimals`, as a decimal string of at most SHOWN_DECIMALS. */
export function decimal(value, decimals = 18) {
  const s = formatUnits(BigInt(value), decimals);
  const [i, f = ''] = s.split('.');
  return `${i}${f ? '.' + f.slice(0, SHOWN_DECIMALS).replace(/0+$/, '') : ''}`.replace(/\.$/, '');
}
/** `value` as decimal() gives it, its whole part grouped as the language writes it ("1,000.5"). */
export function grouped(value, decimals = 18) {
  const [whole, fraction] = decimal(value, decimals).split('.');
  return `${num(BigInt(whole))}${fraction ? `.${fraction}` : ''}`;
}
/** An amount of `token` ({symbol, decimals}): "1,000.5 cUSD". */
export function money(value, token) {
  if (value === undefined || value === null) return '–';
  return `${grouped(value, token?.decimals ?? 18)} ${token?.symbol ?? 'ETH'}`;
}
/** Shares of a model (ERC-1155, one share per unit of the payment token invested): "0.7 shares". */
export function shares(value, token) {
  if (value === undefined || value === null) return '–';
  return t('unit.shares', { n: grouped(value, token?.decimals ?? 18) });
}

/** A labelled input of form `form` with the place of its error sentence (aria-describedby). */
export function field(form, name, label, attrs = '', { hidden = false } = {}) {
  const id = `${form}-${name}`;
  return `<label class="field" for="${id}"><span class="${hidden ? 'sr-only' : 'lbl'}">${esc(label)}</span> <input id="${id}" name="${name}" ${attrs} aria-describedby="${id}-error"></label><span class="err" id="${id}-error" data-error-for="${name}" aria-live="polite"></span>`;
}
/** A labelled select (options: [value, text]). */
export function select(form, name, label, options, attrs = '') {
  const id = `${form}-${name}`;
  return `<label class="field" for="${id}"><span class="lbl">${esc(label)}</span> <select id="${id}" name="${name}" ${attrs}>${options
    .map(([v, text]) => `<option value="${esc(v)}">${esc(text)}</option>`)
    .join('')}</select></label>`;
}

/** Show `errors` (field name -> {key, vars, warn}) next to their fields of `form`; clears the rest. */
export function showErrors(form, errors = {}) {
  for (const el of form.querySelectorAll('[data-error-for]')) {
    const e = errors[el.dataset.errorFor];
    el.textContent = e ? t(e.key, e.vars) : '';
    el.classList.toggle('warn', Boolean(e?.warn));
    const input = form.elements[el.dataset.errorFor];
    if (input?.setAttribute) {
      if (e && !e.warn) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
  }
  return !Object.keys(errors).length;
}

/** Rows as CSV (RFC 4180 quoting), offered as a download named `name`. */
export function downloadCsv(name, rows) {
  const cell = (v) => {
    const s = String(v ?? '');
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const text = rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return text;
}
