// SPDX-License-Identifier: MIT
// What tests/app/test_app_i18n.py checks of the app's languages, printed as JSON: the keys of both
// languages with their placeholders, every key the code asks for (literal t('…') calls and the
// families built from names), and the error names with a Chinese sentence.
//   node tests/app/i18n_check.mjs
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PHASES, STATUSES, BOOKING_STATUSES, ORDER_STATUSES } from '../../app/src/phases.mjs';
import { en } from '../../app/src/locales.js';
import zh from '../../app/src/locales.zh.mjs';
import { ROLES, GUIDE, RULES } from '../../app/src/guide.js';
import { CREATE_FIELDS } from '../../app/src/pages.js';

const src = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'app', 'src');
const placeholders = (v) => [...new Set(JSON.stringify(v).match(/\{\w+\}/g) || [])].sort();
const describe = (dict) =>
  Object.fromEntries(Object.entries(dict).map(([k, v]) => [k, { plural: typeof v === 'object', vars: placeholders(v) }]));
// literal keys: t('a.b'), t("a.b"), why('a.b'), and keys in a ternary inside t(…)
const literal = new Set();
for (const f of readdirSync(src).filter((x) => /\.(m?js)$/.test(x) && !x.startsWith('locales'))) {
  const text = readFileSync(join(src, f), 'utf8');
  for (const m of text.matchAll(/\b(?:t|why)\(\s*'([\w.]+)'/g)) literal.add(m[1]);
  for (const m of text.matchAll(/\bt\([^()]*\?\s*'([\w.]+)'\s*:\s*'([\w.]+)'/g)) literal.add(m[1]).add(m[2]);
  for (const m of text.matchAll(/\['#\/[\w/]*', '([\w.]+)'/g)) literal.add(m[1]);
  for (const m of text.matchAll(/key: '([\w.]+)'/g)) literal.add(m[1]);
  for (const m of text.matchAll(/fail\((?:'\w+', |\w+, )?'(\w+\.[\w.]+)'/g)) literal.add(m[1]);
}
const families = [
  ...PHASES.flatMap((p) => [`phase.${p}`, `phaseText.${p}`]),
  ...STATUSES.map((s) => `status.${s}`),
  ...BOOKING_STATUSES.map((s) => `book.status.${s.toLowerCase()}`),
  ...ORDER_STATUSES.map((s) => `mand.status.${s.toLowerCase()}`),
  ...ROLES.flatMap((r) => [`role.${r}`, `roleText.${r}`]),
  ...Object.entries(GUIDE).flatMap(([phase, roles]) => roles.map((r) => `guide.${phase}.${r}`)),
  ...RULES.map((r) => `rule.${r}`),
  ...CREATE_FIELDS.map(([name]) => `create.${name}`),
  ...['simulating', 'signing', 'approving', 'pending', 'confirmed', 'failed', 'rejected'].map((s) => `txStatus.${s}`),
  ...['id', 'options', 'cost', 'funding', 'supporters', 'backers', 'rank', 'status', 'mine', 'act'].map((c) => `col.${c}`),
];
const errorsZh = JSON.parse(readFileSync(join(src, 'errors.zh.json'), 'utf8'));
console.log(
  JSON.stringify({
    en: describe(en),
    zh: describe(zh),
    used: [...literal].sort(),
    families,
    errorsZh: Object.keys(errorsZh),
    zhText: Object.values(zh).map((v) => (typeof v === 'object' ? Object.values(v).join(' ') : v)),
  }),
);
