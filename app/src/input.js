// SPDX-License-Identifier: MIT
// What a person types, checked before anything is sent: amounts in tokens with the token's
// decimals, whole numbers and addresses. Each check returns {value} or {error: {key, vars}}: the key
// of the sentence shown next to the field (app/src/locales.js), in the user's language.
import { parseUnits, formatUnits, isAddress, getAddress } from 'viem';

const DECIMAL = /^\d+(\.\d*)?$|^\.\d+$/;
const fail = (key, vars = {}) => ({ error: { key, vars } });

/** An amount of `token` ({symbol, decimals}) typed as `text`: a plain decimal with at most the
 * token's decimals. `max` (the balance, in units) refuses more; `positive` refuses zero. */
export function parseAmount(text, token, { max, positive = true } = {}) {
  const s = String(text ?? '').trim();
  const vars = { symbol: token.symbol, decimals: token.decimals };
  if (!s) return fail('input.empty', vars);
  if (s.startsWith('-')) return fail('input.negative', vars);
  if (/^[\d.]*,[\d.,]*$/.test(s)) return fail('input.comma', { ...vars, fixed: s.replace(/,/g, '.') });
  if (/^[\d.]+e[+-]?\d+$/i.test(s)) return fail('input.exponent', vars);
  if (!DECIMAL.test(s)) return fail('input.notNumber', { ...vars, text: s });
  const decimals = (s.split('.')[1] || '').length;
  if (decimals > token.decimals) return fail('input.tooManyDecimals', vars);
  const value = parseUnits(s, token.decimals);
  if (positive && value === 0n) return fail('input.zero', vars);
  if (max !== undefined && value > max) return fail('input.overBalance', { ...vars, balance: formatUnits(max, token.decimals) });
  return { value };
}

/** A whole number from `min` to `max` (an id, a count). */
export function parseWhole(text, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}) {
  const s = String(text ?? '')
    .trim()
    .replace(/^#/, '');
  if (!s) return fail('input.empty', {});
  if (!/^\d+$/.test(s)) return fail('input.notWhole', { text: s });
  const value = Number(s);
  if (value < min || value > max) return fail('input.range', { min, max });
  return { value };
}

/** A 0x address of 20 bytes (a mixed-case one must carry a valid EIP-55 checksum). */
export function parseAddress(text) {
  const s = String(text ?? '').trim();
  if (!s) return fail('input.empty', {});
  if (!isAddress(s)) return fail('input.address', { text: s });
  return { value: getAddress(s) };
}

/** Check a form's fields with `checks` (field name -> f(text) returning {value} or {error}).
 * Returns {values} when all pass, else {errors} (field name -> {key, vars}). */
export function checkFields(data, checks) {
  const values = {};
  const errors = {};
  for (const [name, check] of Object.entries(checks)) {
    const r = check(data[name]);
    if (r.error) errors[name] = r.error;
    else values[name] = r.value;
  }
  return Object.keys(errors).length ? { errors } : { values };
}
