// SPDX-License-Identifier: MIT
// Generates the npm package @cobuild/abi (this folder) from the brownie build (build/interfaces,
// build/contracts: run `brownie compile` first), the NatSpec of the Solidity sources and the
// committed deployment records (deployments/<chainid>.json):
//   src/<Interface>.ts       each ABI as a typed `as const` export, for viem's type inference
//   src/errors.ts            every custom error a Cobuild call can revert with, by 4-byte selector:
//                            name, signature, inputs and its sentence by language (the NatSpec, `en`)
//   src/deployments.ts       the platform's addresses per chain id ({} while none is committed)
//   src/index.ts             all of them, and `abis` (by interface name)
//   json/*.json              the same as JSON, for any other language or tool
//   LICENSE                  the repository's (npm packs the package folder's own)
// and then compiles src/ to dist/ (.js and .d.ts) with tsc. Only the generated sources are
// committed; dist/ is compiled by `npm ci`/`npm install` at the root (the package's `prepare`
// script), by `npm pack` (the same script) and by `make setup` when it is missing or stale.
//   node packages/abi/build.mjs           write the files, compile
//   node packages/abi/build.mjs --check   exit 1 when a committed file differs from the build
import { readFileSync, writeFileSync, readdirSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toFunctionSelector } from 'viem';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const build = join(root, 'build');

const artifact = (dir, name) => JSON.parse(readFileSync(join(build, dir, `${name}.json`), 'utf8'));

// The ABIs a dApp or a script needs: [interface, build folder, export name, what it is for].
// ICobuildProject covers both facets of a project clone (selection and production).
const ABIS = [
  ['ICobuildFactory', 'interfaces', 'cobuildFactoryAbi', 'The factory: opens each project as a clone, holds the platform treasury.'],
  ['ICobuildProject', 'interfaces', 'cobuildProjectAbi', 'A project (both facets of its clone): options, combinations, investing, selection, production, presale, revenue.'],
  ['ICobuildShares', 'interfaces', 'cobuildSharesAbi', "The ERC-1155 of every model's investor shares."],
  ['IERC20Metadata', 'contracts', 'erc20MetadataAbi', "A project's ERC-20 payment token (OpenZeppelin's IERC20Metadata)."],
  ['ICobuildInterests', 'interfaces', 'cobuildInterestsAbi', 'Routing: the interest tags people declare.'],
  ['ICobuildNotices', 'interfaces', 'cobuildNoticesAbi', 'Routing: follows, notices to followers or to a tag, invitations.'],
  ['ICobuildConsent', 'interfaces', 'cobuildConsentAbi', "Consent: a data owner's grants (also by EIP-712 signature), their uses and receipts."],
  ['IActivities', 'interfaces', 'activitiesAbi', 'Services: activities an organizer opens and participants join, in escrow.'],
  ['IBookings', 'interfaces', 'bookingsAbi', 'Services: bookings of a provider (a ride, a restaurant, a delivery), in escrow.'],
  ['IDeviceMandates', 'interfaces', 'deviceMandatesAbi', "Services: a device acting within its owner's limits."],
  ['IServicesEscrow', 'interfaces', 'servicesEscrowAbi', 'Services: the payment asset, credits and the one withdrawal every services contract shares.'],
];
// contracts whose reverts reach a caller (their ABIs carry the library errors too)
const ERROR_SOURCES = ['CobuildProject', 'ProjectProduction', 'CobuildFactory', 'CobuildShares', 'ERC20',
  'CobuildInterests', 'CobuildNotices', 'CobuildConsent', 'Activities', 'Bookings', 'DeviceMandates'];
// the languages of the errors' sentences: English (the NatSpec) only, for now. A translation adds
// its tag here and a sentence for every error under that key.
const LANGUAGES = ['en'];

// library errors OpenZeppelin leaves undocumented
const UNDOCUMENTED = {
  CloneArgumentsTooLong: "The project's immutable arguments are too long for a clone.",
  InvalidShortString: 'A short string (the EIP-712 domain name or version) is malformed.',
  StringTooLong: 'A string is too long for a short string (the EIP-712 domain name or version).',
};

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

/** Every custom error of ERROR_SOURCES by selector: { name, signature, inputs, sentence: { en } }. */
function errors() {
  const notices = errorNotices();
  const found = {};
  const missing = [];
  for (const name of ERROR_SOURCES) {
    const a = artifact('contracts', name);
    const natspec = (a.natspec && a.natspec.errors) || {};
    for (const item of a.abi.filter((x) => x.type === 'error')) {
      const sig = signature(item);
      const selector = toFunctionSelector(sig);
      if (found[selector]) {
        if (found[selector].signature !== sig) throw new Error(`selector ${selector} of both ${found[selector].signature} and ${sig}`);
        continue;
      }
      const dev = natspec[sig] && natspec[sig][0] && (natspec[sig][0].notice || natspec[sig][0].details);
      const en = notices[item.name] || dev || UNDOCUMENTED[item.name];
      if (!en) missing.push(`${sig} of ${name}`);
      found[selector] = { name: item.name, signature: sig, inputs: item.inputs, sentence: { en } };
    }
  }
  if (missing.length) throw new Error(`errors without a NatSpec sentence: ${missing.join(', ')}`);
  return Object.fromEntries(Object.entries(found).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The committed deployment records (deployments/<chainid>.json), as addresses by chain id. */
function deployments() {
  const tracked = execFileSync('git', ['ls-files', '-z', '--', 'deployments'], { cwd: root, encoding: 'utf8' })
    .split('\0').filter((p) => /^deployments\/\d+\.json$/.test(p));
  const records = {};
  for (const path of tracked) {
    const r = JSON.parse(readFileSync(join(root, path), 'utf8'));
    records[r.chainid] = { chainId: r.chainid, network: r.network, block: r.block ?? null, treasury: r.treasury, contracts: r.contracts };
  }
  return Object.fromEntries(Object.entries(records).sort(([a], [b]) => Number(a) - Number(b)));
}

const json = (value) => JSON.stringify(value, null, 2);
const generated = (from) => `// SPDX-License-Identifier: MIT\n// Generated by packages/abi/build.mjs from ${from}: do not edit.\n`;

const ERRORS_TS = (data) => `${generated('the build and the NatSpec of every custom error')}
/** A language of the sentences: English only, for now; a translation adds its tag. */
export type Language = ${LANGUAGES.map((l) => JSON.stringify(l)).join(' | ')};

/** An argument of a custom error, as in an ABI. */
export interface ErrorInput {
  readonly name: string;
  readonly type: string;
  readonly internalType?: string;
  readonly components?: readonly ErrorInput[];
}

/** A custom error a Cobuild call can revert with. */
export interface CobuildError {
  /** Its name, as declared in Solidity. */
  readonly name: string;
  /** Its canonical signature, whose keccak-256 starts with the selector. */
  readonly signature: string;
  readonly inputs: readonly ErrorInput[];
  /** What it means, in a sentence to show a user (its NatSpec), by language. */
  readonly sentence: { readonly [language in Language]: string };
}

/** Every custom error a Cobuild contract (libraries included) can revert with, by 4-byte selector. */
export const errors: { readonly [selector: \`0x\${string}\`]: CobuildError } = ${json(data)};
`;

const DEPLOYMENTS_TS = (data) => `${generated('the committed deployment records, deployments/<chainid>.json')}
/** The platform deployed on one chain (\`make deploy\`): its contracts' addresses. */
export interface Deployment {
  readonly chainId: number;
  /** The brownie network it was deployed through. */
  readonly network: string;
  /** The first block of the deployment: where an indexer starts reading logs. */
  readonly block: number | null;
  readonly treasury: \`0x\${string}\`;
  /** ProjectProduction, CobuildProject (the clones' implementation), CobuildFactory, CobuildShares. */
  readonly contracts: { readonly [contract: string]: \`0x\${string}\` };
}

/** The deployments committed to the repository, by chain id (none yet: deploy your own, see README). */
export const deployments: { readonly [chainId: number]: Deployment } = ${json(data)};
`;

export function generate() {
  const files = {};
  const index = [generated('the list of ABIs in packages/abi/build.mjs'), ''];
  for (const [name, dir, exportName, what] of ABIS) {
    const a = artifact(dir, name);
    const source = dir === 'interfaces' ? findSource(name) : a.sourcePath;
    files[`json/${name}.json`] = json(a.abi) + '\n';
    files[`src/${name}.ts`] = `${generated(`the build of ${source}`)}
/** The ABI of ${name}. ${what} */
export const ${exportName} = ${json(a.abi)} as const;
`;
    index.push(`import { ${exportName} } from './${name}.js';`);
  }
  const errorsData = errors();
  files['json/errors.json'] = json(errorsData) + '\n';
  files['src/errors.ts'] = ERRORS_TS(errorsData);
  const deployed = deployments();
  files['json/deployments.json'] = json(deployed) + '\n';
  files['src/deployments.ts'] = DEPLOYMENTS_TS(deployed);
  index.push('',
    `export { ${ABIS.map(([, , e]) => e).join(', ')} };`,
    "export { errors, type CobuildError, type ErrorInput, type Language } from './errors.js';",
    "export { deployments, type Deployment } from './deployments.js';",
    '',
    '/** Every ABI of the package, by the name of its Solidity interface. */',
    'export const abis: {',
    ...ABIS.map(([name, , e]) => `  readonly ${name}: typeof ${e};`),
    '} = {',
    ...ABIS.map(([name, , e]) => `  ${name}: ${e},`),
    '};',
    '');
  files['src/index.ts'] = index.join('\n');
  files.LICENSE = readFileSync(join(root, 'LICENSE'), 'utf8');
  return files;
}

function findSource(name) {
  const hit = solFiles(join(root, 'interfaces')).find((f) => f.endsWith(`/${name}.sol`));
  return hit ? relative(root, hit) : `${name}.sol`;
}

// the generated folders hold nothing else: a file no longer generated is stale too
const GENERATED_DIRS = ['src', 'json'];

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = generate();
  const check = process.argv.includes('--check');
  let stale = 0;
  const extra = GENERATED_DIRS.flatMap((d) => (existsSync(join(here, d)) ? readdirSync(join(here, d)).map((f) => `${d}/${f}`) : []))
    .filter((f) => !(f in files));
  for (const f of extra) {
    if (check) { console.error(`stale: packages/abi/${f} is no longer generated (run: node packages/abi/build.mjs)`); stale++; }
    else rmSync(join(here, f));
  }
  for (const [file, text] of Object.entries(files)) {
    const path = join(here, file);
    const same = existsSync(path) && readFileSync(path, 'utf8') === text;
    if (check) {
      if (!same) { console.error(`stale: packages/abi/${file} differs from the build (run: node packages/abi/build.mjs)`); stale++; }
    } else if (!same) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
  }
  if (!check) {
    execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', here], { stdio: 'inherit' });
    console.log(`@cobuild/abi: ${Object.keys(files).length} files generated, dist/ compiled`);
  }
  process.exit(stale ? 1 : 0);
}
