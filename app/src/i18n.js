// SPDX-License-Identifier: MIT
// The app's two languages: English (app/src/locales.js, in the bundle; error sentences from the
// NatSpec in @cobuild/abi's errors.json) and Simplified Chinese (app/src/locales.zh.mjs and
// app/src/errors.zh.json, one file app/dist/zh.json fetched when chosen: the bundle stays small).
// The choice is made in the header, remembered in localStorage and set on <html lang>; numbers and
// dates follow it.
import { en } from './locales.js';

/** Each language's strings; Chinese once loaded: {strings, errors} (error name -> sentence). */
const LOCALES = { en: { strings: en, errors: {} }, zh: null };

export const LANGUAGES = [
  { code: 'en', tag: 'en', name: 'English' },
  { code: 'zh', tag: 'zh-CN', name: '中文' },
];
const STORAGE_KEY = 'cobuild.lang';
const SECOND = 1;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const stored = () => {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
};
const fromBrowser = () =>
  String(globalThis.navigator?.language || '')
    .toLowerCase()
    .startsWith('zh')
    ? 'zh'
    : 'en';
let current = stored() in LOCALES ? stored() : fromBrowser();

/** The language in use: 'en' or 'zh'. */
export const lang = () => current;
/** Its BCP 47 tag (for <html lang> and Intl). */
export const langTag = () => LANGUAGES.find((l) => l.code === current).tag;

/** Load the strings of language `code` when not loaded yet (Chinese: app/dist/zh.json). */
export async function loadLang(code = current) {
  if (LOCALES[code]) return;
  if (!(code in LOCALES)) throw new Error(`unknown language ${code}`);
  const r = await fetch(`${code}.json`);
  if (!r.ok) throw new Error(`${code}.json: HTTP ${r.status}`);
  LOCALES[code] = await r.json();
}

/** Switch the language (loading it first), remember it and set <html lang>. */
export async function setLang(code) {
  await loadLang(code);
  current = code;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, code);
  } catch {
    // a browser without storage keeps the choice for this visit
  }
  applyLang();
}
export function applyLang() {
  if (globalThis.document) document.documentElement.lang = langTag();
}

/** The sentence `key` in the current language with {name} placeholders filled from `vars`. A
 * key with a plural form ({one, other}) picks it by `vars.n`. */
export function t(key, vars = {}) {
  let text = (LOCALES[current] ?? LOCALES.en).strings[key] ?? en[key];
  if (text === undefined) throw new Error(`no text for ${key}`);
  if (typeof text === 'object') text = Number(vars.n) === 1 ? text.one : text.other;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

/** The sentence of custom error `name` in the current language, or undefined (then English). */
export const errorSentence = (name) => LOCALES[current]?.errors[name];

// Intl formatters are slow to build: one of each kind per language, kept
const formats = new Map();
const format = (kind, make) => {
  const k = `${kind}:${langTag()}`;
  if (!formats.has(k)) formats.set(k, make(langTag()));
  return formats.get(k);
};
/** A whole number (a Number or a BigInt) in the locale's grouping. */
export const num = (n) => format('number', (tag) => new Intl.NumberFormat(tag)).format(typeof n === 'bigint' ? n : Number(n));

/** A chain timestamp (seconds) as a date and time in the locale, in UTC (chain time). */
export const dateTime = (seconds) =>
  format('dateTime', (tag) => new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })).format(
    new Date(Number(seconds) * 1000),
  ) + ' UTC';
/** A chain timestamp as a date in the locale (UTC). */
export const date = (seconds) =>
  format('date', (tag) => new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' })).format(new Date(Number(seconds) * 1000));

/** A span of seconds, its two largest units ("3d 4h", "3天4小时"). */
export function duration(seconds) {
  let s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / DAY);
  s -= d * DAY;
  const h = Math.floor(s / HOUR);
  s -= h * HOUR;
  const m = Math.floor(s / MINUTE);
  s -= m * MINUTE;
  if (d) return t('duration.dh', { d, h, m });
  if (h) return t('duration.hm', { h, m, s });
  return t('duration.ms', { m, s });
}
