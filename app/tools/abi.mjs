// SPDX-License-Identifier: MIT
// Generates abi/*.json from the brownie build (build/interfaces, build/contracts) and
// abi/errors.json: every custom error a Cobuild call can revert with, by selector, with
// the sentence of its NatSpec (@notice in interfaces/*.sol, else the library's @dev text).
//   node app/tools/abi.mjs           write the files
//   node app/tools/abi.mjs --check   exit 1 when a committed file differs from the build
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toFunctionSelector } from 'viem';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const build = join(root, 'build');
const out = join(root, 'abi');

const artifact = (dir, name) => JSON.parse(readFileSync(join(build, dir, `${name}.json`), 'utf8'));
// the ABIs a dApp or script needs; ICobuildProject covers both facets of a project clone
const ABIS = {
  ICobuildFactory: () => artifact('interfaces', 'ICobuildFactory').abi,
  ICobuildProject: () => artifact('interfaces', 'ICobuildProject').abi,
  ICobuildShares: () => artifact('interfaces', 'ICobuildShares').abi,
  IERC20Metadata: () => artifact('contracts', 'IERC20Metadata').abi,
};
// contracts whose reverts reach a caller (their ABIs carry the library errors too)
const DEPLOYED = ['CobuildProject', 'ProjectProduction', 'CobuildFactory', 'CobuildShares', 'ERC20'];

// library errors OpenZeppelin leaves undocumented
const UNDOCUMENTED = { CloneArgumentsTooLong: "The project's immutable arguments are too long for a clone." };

const signature = (item) => `${item.name}(${item.inputs.map(typeOf).join(',')})`;
function typeOf(input) {
  if (!input.type.startsWith('tuple')) return input.type;
  return `(${input.components.map(typeOf).join(',')})${input.type.slice(5)}`;
}

function solFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? solFiles(join(dir, e.name)) : e.name.endsWith('.sol') ? [join(dir, e.name)] : []);
}

// `/// @notice ...` (or `@dev`) lines, continued by `/// ...`, right above `error Name(`; the
// interfaces first, then the contracts, then OpenZeppelin (its errors carry only @dev text)
function errorNotices() {
  const notices = {};
  const files = [...solFiles(join(root, 'interfaces')), ...solFiles(join(root, 'contracts')),
    ...solFiles(join(root, 'node_modules', '@openzeppelin', 'contracts'))];
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n');
    let doc = [];
    for (const raw of lines) {
      const line = raw.trim();
      if (line.startsWith('///')) {
        const text = line.replace(/^\/\/\/\s?/, '');
        if (text.startsWith('@notice') || text.startsWith('@dev')) doc = [text.replace(/^@\w+/, '').trim()];
        else if (doc.length && !text.startsWith('@')) doc.push(text.trim());
        continue;
      }
      const match = line.match(/^error\s+(\w+)\s*\(/);
      if (match && doc.length && !notices[match[1]]) notices[match[1]] = doc.join(' ');
      doc = [];
    }
  }
  return notices;
}

export function generate() {
  const files = {};
  for (const [name, load] of Object.entries(ABIS)) files[`${name}.json`] = load();
  const notices = errorNotices();
  const errors = {};
  const missing = [];
  for (const name of DEPLOYED) {
    const a = artifact('contracts', name);
    const natspec = (a.natspec && a.natspec.errors) || {};
    for (const item of a.abi.filter((x) => x.type === 'error')) {
      const sig = signature(item);
      const dev = natspec[sig] && natspec[sig][0] && (natspec[sig][0].notice || natspec[sig][0].details);
      const sentence = notices[item.name] || dev || UNDOCUMENTED[item.name];
      if (!sentence) missing.push(`${sig} of ${name}`);
      errors[toFunctionSelector(sig)] = { signature: sig, inputs: item.inputs, sentence };
    }
  }
  if (missing.length) throw new Error(`errors without a NatSpec sentence: ${missing.join(', ')}`);
  files['errors.json'] = Object.fromEntries(Object.entries(errors).sort());
  return Object.fromEntries(Object.entries(files).map(([f, v]) => [f, JSON.stringify(v, null, 2) + '\n']));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = generate();
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [file, text] of Object.entries(files)) {
    const path = join(out, file);
    const same = existsSync(path) && readFileSync(path, 'utf8') === text;
    if (check) {
      if (!same) { console.error(`stale: abi/${file} differs from the build (run: node app/tools/abi.mjs)`); stale++; }
    } else if (!same) writeFileSync(path, text);
  }
  if (!check) console.log(`abi: ${Object.keys(files).join(', ')}`);
  process.exit(stale ? 1 : 0);
}
