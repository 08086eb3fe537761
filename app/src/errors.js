// SPDX-License-Identifier: MIT
// Every custom error a Cobuild call can revert with, decoded into a readable sentence in the user's
// language: the error's NatSpec (the errors of @cobuild/abi, generated from the build) in English,
// app/src/errors.zh.json in Chinese, followed by its arguments.
import { decodeErrorResult, BaseError, UserRejectedRequestError } from 'viem';
import { errors } from '@cobuild/abi';
import { PHASES, STATUSES, BOOKING_STATUSES, ORDER_STATUSES } from './phases.mjs';
// the sentences in the user's language when not English (app/src/errors.zh.json, one for every
// error of the ABI package: tests/app/test_app_i18n.py)
import { t, errorSentence } from './i18n.js';

const ERROR_ABI = Object.values(errors).map(({ name, inputs }) => ({ type: 'error', name, inputs }));
const BY_NAME = Object.fromEntries(Object.values(errors).map((e) => [e.name, e]));

// the services' statuses by value, in the user's language (book.status.<name>, mand.status.<name>)
export const BOOKING_STATUS = () => BOOKING_STATUSES.map((name) => t(`book.status.${name.toLowerCase()}`));
export const ORDER_STATUS = () => ORDER_STATUSES.map((name) => t(`mand.status.${name.toLowerCase()}`));

function show(input, value) {
  const type = input.internalType || '';
  if (type.endsWith('.BookingStatus')) return BOOKING_STATUS()[Number(value)] ?? String(value);
  if (type.endsWith('.OrderStatus')) return ORDER_STATUS()[Number(value)] ?? String(value);
  if (type.endsWith('.Phase')) return PHASES[Number(value)] ? t(`phase.${PHASES[Number(value)]}`) : String(value);
  if (type.endsWith('.Status')) return STATUSES[Number(value)] ? t(`status.${STATUSES[Number(value)]}`) : String(value);
  return String(value);
}

/** The sentence for error `name` with decoded `args`. */
export function sentence(name, args = []) {
  const e = BY_NAME[name];
  if (!e) return `${name}(${args.join(', ')})`;
  const parts = e.inputs.map((input, i) => `${input.name || `arg${i}`}: ${show(input, args[i])}`);
  const text = errorSentence(name) ?? e.sentence.en;
  return parts.length ? `${text} (${parts.join(', ')})` : text;
}

/** Decode raw revert data (0x + selector + arguments) into a sentence, or null. */
export function decodeRevertData(data) {
  if (typeof data !== 'string' || data.length < 10) return null;
  if (data.startsWith('0x08c379a0') || data.startsWith('0x4e487b71')) {
    try {
      const r = decodeErrorResult({ data });
      return r.errorName === 'Panic' ? t('error.panic', { code: r.args[0] }) : t('error.reverted', { reason: r.args[0] });
    } catch {
      return null;
    }
  }
  try {
    const r = decodeErrorResult({ abi: ERROR_ABI, data });
    return sentence(r.errorName, r.args || []);
  } catch {
    return null;
  }
}

/** True when the user refused the request in the wallet (EIP-1193 code 4001). */
export function isRejection(err) {
  if (!err) return false;
  if (err.code === 4001) return true;
  if (err instanceof BaseError && err.walk((e) => e instanceof UserRejectedRequestError || e?.code === 4001)) return true;
  return /user rejected|user denied|rejected the request/i.test(String(err.message || err));
}

function findData(err) {
  let found = null;
  const visit = (e, depth = 0) => {
    if (!e || found || depth > 8) return;
    for (const key of ['raw', 'data']) {
      const v = e[key];
      if (typeof v === 'string' && /^0x[0-9a-f]{8}/i.test(v)) {
        found = v;
        return;
      }
      if (v && typeof v === 'object' && typeof v.data === 'string') {
        found = v.data;
        return;
      }
    }
    if (e.data?.errorName && BY_NAME[e.data.errorName]) {
      found = { name: e.data.errorName, args: e.data.args || [] };
      return;
    }
    visit(e.cause, depth + 1);
  };
  visit(err);
  return found;
}

/** The name of the custom error `err` carries (a simulation's revert), or null. */
export function revertName(err) {
  const data = findData(err);
  if (data && typeof data === 'object') return data.name;
  if (typeof data !== 'string') return null;
  try {
    return decodeErrorResult({ abi: ERROR_ABI, data }).errorName;
  } catch {
    return null;
  }
}

/** A sentence for any error from a read, a simulation, the wallet or a receipt. */
export function explain(err) {
  if (isRejection(err)) return t('error.rejected');
  const data = findData(err);
  if (data && typeof data === 'object') return sentence(data.name, data.args);
  const decoded = decodeRevertData(data);
  if (decoded) return decoded;
  if (err instanceof BaseError) return err.shortMessage || err.message;
  return String(err?.message || err);
}
