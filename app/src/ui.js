// SPDX-License-Identifier: MIT
// Tiny rendering helpers: escaped template strings and delegated handlers (reset on each render).
import { formatUnits } from 'viem';

export const esc = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
export const short = (a) => (a ? `${a.slice(0, 6)}…${a.slice(-4)}` : '');
export const addr = (a) => `<span class="mono" title="${esc(a)}">${esc(short(a))}</span>`;

let handlers = new Map();
let next = 0;
export function resetHandlers() { handlers = new Map(); }
/** Register a handler; use as data-on="${on(fn)}" on a button or data-submit on a form. */
export function on(fn) { const id = String(++next); handlers.set(id, fn); return id; }

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

export function money(value, token) {
  if (value === undefined || value === null) return '–';
  const s = formatUnits(BigInt(value), token?.decimals ?? 18);
  const [i, f = ''] = s.split('.');
  return `${i}${f ? '.' + f.slice(0, 6).replace(/0+$/, '') : ''}`.replace(/\.$/, '') + ` ${token?.symbol ?? 'ETH'}`;
}

export function duration(seconds) {
  let s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400); s -= d * 86400;
  const h = Math.floor(s / 3600); s -= h * 3600;
  const m = Math.floor(s / 60); s -= m * 60;
  return d ? `${d}d ${h}h ${m}m` : h ? `${h}h ${m}m ${s}s` : `${m}m ${s}s`;
}
