// SPDX-License-Identifier: MIT
// A local Cobuild chain for the app and its browser tests: its own anvil on a free port, the
// platform deployed from the brownie build (build/contracts, after `brownie compile`), Multicall3
// at its canonical address, and a small seed scenario played with real transactions and time travel.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createPublicClient,
  createWalletClient,
  createTestClient,
  http,
  parseEther,
  parseEventLogs,
  keccak256,
  toHex,
  zeroAddress,
  zeroHash,
  defineChain,
  bytesToHex,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { abis } from '@cobuild/abi';
import { rankOrder } from '../src/ranking.mjs';
import { Phase } from '../src/phases.mjs';

// viem ships Multicall3's creation code (for deployless calls) but does not export it
const multicall3Bytecode = readFileSync(
  join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'node_modules', 'viem', '_esm', 'constants', 'contracts.js'),
  'utf8',
).match(/multicall3Bytecode = '(0x[0-9a-f]+)'/)[1];

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MNEMONIC = 'test test test test test test test test test test test junk';
export const MULTICALL3 = '0xcA11bde05977b3631167028862bE2a173976CA11';
const artifact = (name) => JSON.parse(readFileSync(join(root, 'build', 'contracts', `${name}.json`), 'utf8'));
export const abi = (name) => abis[name]; // from the workspace package @cobuild/abi (packages/abi)
export const PROJECT_ABI = abi('ICobuildProject');
export const FACTORY_ABI = abi('ICobuildFactory');
export const ERC20_ABI = artifact('TestToken').abi;
export const PERMIT_TOKEN_ABI = artifact('PermitToken').abi; // ERC20_ABI + EIP-2612 (permit, nonces, eip712Domain)

// Ports for our nodes and servers come from below the kernel's ephemeral range (32768-60999),
// which every outgoing connection takes its local port from: a port handed out by listen(0) could
// be taken by another connection before anvil binds it (cobuild/chain/node.py does the same).
const NODE_PORTS = { start: 20000, stop: 32768 };

function tryListen(port) {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => {
      const { port: bound } = s.address();
      s.close(() => resolve(bound));
    });
  });
}

/** A TCP port on 127.0.0.1 that nothing listens on now: a random one below the ephemeral range,
 * checked by listening on it, else any the system gives. */
export async function freePort() {
  const span = NODE_PORTS.stop - NODE_PORTS.start;
  for (let attempt = 0; attempt < 64; attempt++) {
    try {
      return await tryListen(NODE_PORTS.start + Math.floor(Math.random() * span));
    } catch {
      // taken: try another
    }
  }
  return tryListen(0);
}

/** Accounts of anvil's default mnemonic, with their private keys (local test keys only). */
export function testAccounts(n = 20) {
  return Array.from({ length: n }, (_, i) => {
    const account = mnemonicToAccount(MNEMONIC, { addressIndex: i });
    return { address: account.address, privateKey: bytesToHex(account.getHdKey().privateKey) };
  });
}

/** Start anvil on a free port; resolves when it answers. */
export async function startAnvil({ accounts = 20 } = {}) {
  const port = await freePort();
  const bin = join(root, 'node_modules', '.bin', 'anvil');
  const proc = spawn(
    bin,
    [
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--accounts',
      String(accounts),
      '--mnemonic',
      MNEMONIC,
      '--silent',
      '--code-size-limit',
      '49152',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const rpcUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      const r = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      });
      const { result } = await r.json();
      return { proc, port, rpcUrl, chainId: Number(result), stop: () => proc.kill('SIGTERM') };
    } catch {
      await new Promise((res) => setTimeout(res, 50));
    }
  }
  proc.kill('SIGTERM');
  throw new Error(`anvil did not answer on ${rpcUrl}`);
}

/** Clients for a local chain: `pub` reads, `test` travels in time, `wallet(addr)` sends as an unlocked account. */
export function clients(rpcUrl, chainId) {
  const chain = defineChain({
    id: chainId,
    name: 'Local',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
    contracts: { multicall3: { address: MULTICALL3 } },
  });
  const transport = http(rpcUrl);
  const pub = createPublicClient({ chain, transport });
  const test = createTestClient({ chain, transport, mode: 'anvil' });
  const wallets = new Map();
  const wallet = (address) => {
    if (!wallets.has(address)) wallets.set(address, createWalletClient({ chain, transport, account: address }));
    return wallets.get(address);
  };
  return { chain, pub, test, wallet };
}

/** Send a contract write as `from` and wait for its receipt; throws on revert. Returns decoded logs too. */
export async function send(c, from, address, abi_, functionName, args = [], value = 0n) {
  const hash = await c.wallet(from).writeContract({ address, abi: abi_, functionName, args, value });
  const receipt = await c.pub.waitForTransactionReceipt({ hash, pollingInterval: 20 });
  if (receipt.status !== 'success') throw new Error(`${functionName} reverted (${hash})`);
  return { receipt, logs: parseEventLogs({ abi: abi_, logs: receipt.logs }) };
}

/** Send the deployment of build/contracts/<name>.json from `from`; its transaction hash. */
export async function sendDeployment(c, from, name, args = []) {
  const a = artifact(name);
  return c.wallet(from).deployContract({ abi: a.abi, bytecode: `0x${a.bytecode.replace(/^0x/, '')}`, args });
}

/** Deploy build/contracts/<name>.json from `from`; its receipt once mined. */
export async function deployArtifact(c, from, name, args = []) {
  const hash = await sendDeployment(c, from, name, args);
  return c.pub.waitForTransactionReceipt({ hash, pollingInterval: 20 });
}

/** Deploy Multicall3 (canonical address), the platform and two test ERC-20s: `PermitToken` (cUSD,
 * EIP-2612 permits: the seed's ERC-20 projects pay in it) and `TestToken` (pUSD, no permits: a
 * payment in it needs an approval first); returns the deployment record. */
export async function deployPlatform(c, deployer, { sharesUri = 'https://cobuild.example/shares/{id}.json' } = {}) {
  const mcHash = await c.wallet(deployer).sendTransaction({ data: multicall3Bytecode });
  const mc = await c.pub.waitForTransactionReceipt({ hash: mcHash, pollingInterval: 20 });
  await c.test.setCode({ address: MULTICALL3, bytecode: await c.pub.getCode({ address: mc.contractAddress }) });
  const production = (await deployArtifact(c, deployer, 'ProjectProduction')).contractAddress;
  const implementation = (await deployArtifact(c, deployer, 'CobuildProject', [production])).contractAddress;
  const factoryReceipt = await deployArtifact(c, deployer, 'CobuildFactory', [implementation, deployer, sharesUri]);
  const factory = factoryReceipt.contractAddress;
  const shares = await c.pub.readContract({ address: factory, abi: FACTORY_ABI, functionName: 'shares' });
  const permitToken = (await deployArtifact(c, deployer, 'PermitToken', ['Cobuild Dollar', 'cUSD'])).contractAddress;
  const token = (await deployArtifact(c, deployer, 'TestToken', ['Plain Dollar', 'pUSD'])).contractAddress;
  return {
    network: 'app-local',
    chainid: c.chain.id,
    deployer,
    treasury: deployer,
    shares_uri: sharesUri,
    deployBlock: Number(factoryReceipt.blockNumber),
    contracts: {
      ProjectProduction: production,
      CobuildProject: implementation,
      CobuildFactory: factory,
      CobuildShares: shares,
      Multicall3: MULTICALL3,
      PermitToken: permitToken,
      TestToken: token,
    },
  };
}

export const content = (text, uri = '') => ({ text, uri, hash: uri ? keccak256(toHex(text + uri)) : zeroHash });

/** A project driver: every step is a real transaction from the named role. */
export class Driver {
  constructor(c, record, roles) {
    this.c = c;
    this.record = record;
    this.roles = roles;
    this.factory = record.contracts.CobuildFactory;
  }
  async now() {
    return Number((await this.c.pub.getBlock()).timestamp);
  }
  async travelTo(ts) {
    const now = await this.now();
    if (ts > now) await this.c.test.setNextBlockTimestamp({ timestamp: BigInt(ts) });
    await this.c.test.mine({ blocks: 1 });
  }
  read(project, functionName, args = []) {
    return this.c.pub.readContract({ address: project, abi: PROJECT_ABI, functionName, args });
  }
  async create(creator, params, labels) {
    const { logs } = await send(this.c, creator, this.factory, FACTORY_ABI, 'createProject', [params, labels]);
    return logs.find((l) => l.eventName === 'ProjectCreated').args.project;
  }
  /** Make `from` able to pay `amount` to `project`: the ETH value to send, or 0 after minting and
   * approving the amount of the project's ERC-20 (both test tokens mint to anyone). */
  async pay(project, from, amount) {
    const { token } = await this.read(project, 'config');
    if (token === zeroAddress) return amount;
    await send(this.c, from, token, ERC20_ABI, 'mint', [from, amount]);
    await send(this.c, from, token, ERC20_ABI, 'approve', [project, amount]);
    return 0n;
  }
  async offer(project, maker, dimension, quote, name) {
    const { logs } = await send(this.c, maker, project, PROJECT_ABI, 'offerOption', [BigInt(dimension), quote, content(name)]);
    return Number(logs.find((l) => l.eventName === 'OptionOffered').args.optionId);
  }
  async back(project, backer, target, amount) {
    const value = await this.pay(project, backer, amount);
    if (typeof target === 'number') {
      await send(this.c, backer, project, PROJECT_ABI, 'invest', [BigInt(target), amount], value);
      return target;
    }
    const { logs } = await send(this.c, backer, project, PROJECT_ABI, 'investInNew', [target, amount], value);
    const created = logs.find((l) => l.eventName === 'CombinationCreated');
    return created ? Number(created.args.combo) : Number(await this.read(project, 'combinationId', [target]));
  }
  async argue(project, backer, combo, text) {
    await send(this.c, backer, project, PROJECT_ABI, 'argue', [BigInt(combo), text]);
  }
  async ranking(project) {
    const [, combos] = await this.read(project, 'counts');
    const cfg = await this.read(project, 'config');
    const n = Number(combos);
    if (!n) return [];
    const [supporters, funded] = await this.read(project, 'rankingKeys', [1n, BigInt(n)]);
    return rankOrder(supporters, funded, cfg.rankBy);
  }
  async finalize(project, sender) {
    const cfg = await this.read(project, 'config');
    if ((await this.read(project, 'phase')) === Phase.Ideation) await this.travelTo(Number(cfg.ideationEnd));
    const order = await this.ranking(project);
    await send(this.c, sender, project, PROJECT_ABI, 'finalize', [0n, order.map(BigInt)]);
  }
  async schedule(project) {
    return (await this.read(project, 'schedule')).map(Number);
  }
  async makersOf(project, combo) {
    const c = await this.read(project, 'combination', [BigInt(combo)]);
    return Promise.all(c.optionIds.map(async (o) => (await this.read(project, 'option', [BigInt(o)]))[0]));
  }
  async deliverAll(project, combo) {
    const makers = await this.makersOf(project, combo);
    for (const [d, maker] of makers.entries())
      await send(this.c, maker, project, PROJECT_ABI, 'deliver', [BigInt(combo), BigInt(d), keccak256(toHex(`report ${combo}/${d}`))]);
  }
  async passAll(project, combo, inspectors) {
    const cfg = await this.read(project, 'config');
    for (let k = 0; k < cfg.conditions; k++)
      for (const i of inspectors)
        await send(this.c, i, project, PROJECT_ABI, 'recordVerdict', [BigInt(combo), BigInt(k), true, keccak256(toHex(`verdict ${k}`))]);
  }
  /** One option per part ([maker, dimension, quote, name]) and their combination, backed by `stakes`
   * ([backer, amount]; the first creates it), then `others(optionIds)` (more options and
   * combinations, before the ranking), selected by `finalizer`, delivered by its makers, and the
   * clock at the start of testing. Returns the combination. */
  async toTesting(project, parts, stakes, finalizer, others = async () => {}) {
    let combo = [];
    for (const [maker, dimension, quote, name] of parts) combo.push(await this.offer(project, maker, dimension, quote, name));
    const optionIds = [...combo];
    for (const [backer, amount] of stakes) combo = await this.back(project, backer, combo, amount);
    await others(optionIds);
    await this.finalize(project, finalizer);
    await this.travelTo((await this.schedule(project))[0]);
    await this.deliverAll(project, combo);
    await this.travelTo((await this.schedule(project))[1]);
    return combo;
  }
  /** Every inspector passes every condition, and the clock moves to the presale. */
  async toPresale(project, combo, inspectors) {
    await this.passAll(project, combo, inspectors);
    await this.travelTo((await this.schedule(project))[2]);
  }
  async tx(project, from, fn, args, value = 0n) {
    return send(this.c, from, project, PROJECT_ABI, fn, args, value);
  }
}

const HOUR = 3600,
  DAY = 86400;

export function params(now, over = {}) {
  return {
    token: zeroAddress,
    contentHash: zeroHash,
    ideationEnd: BigInt(now + DAY),
    rescueWindow: HOUR,
    developmentPeriod: HOUR,
    testingPeriod: HOUR,
    presalePeriod: HOUR,
    minTotal: parseEther('1'),
    minStake: parseEther('0.1'),
    slots: 1,
    maxRescues: 1,
    rankBy: 0,
    ratioBps: [1000, 2000, 6000, 1000],
    advanceBps: 2000,
    quorum: 1,
    inspectors: [],
    ...over,
  };
}

/**
 * The seed scenario. Roles by account index: 0 deployer/treasury, 1 creator, 2-3 makers, 4-6 backers,
 * 7-9 inspectors, 10 buyer, 11 merchant, 12 provider. Projects (created in this order, so each later
 * one still sits in its phase after the time travel of the earlier ones):
 *   kettle  (ETH)    closed: a model succeeded, revenue deposited; holders, creator, makers can claim;
 *                    two combinations not selected, so maker A (account 2) has four claims at once:
 *                    its part of #1, its revenue of #1 and refunds of #2 and #3
 *   bike    (ERC-20) presale: a model with terms, an add-on, an order and a bond
 *   drone   (ERC-20) testing: a delivered prototype waiting for verdicts (quorum 1 of 1)
 *   car     (ETH)    ideation: the seed's spherical safety car, options, combinations, arguments
 *   turbine (ERC-20) ideation for 5 days: options and a combination, to back with a permit
 * The ERC-20 projects pay in cUSD (PermitToken: EIP-2612 permits); every account holds 1,000 cUSD
 * and 1,000 pUSD (TestToken: no permits) at the end.
 */
export async function seed(c, record) {
  const acc = testAccounts(20).map((a) => a.address);
  const [, creator, makerA, makerB, b1, b2, b3, i1, i2, i3, buyer, merchant, provider] = acc;
  const d = new Driver(c, record, {});
  const E = parseEther;
  const P = {};

  // ---- kettle: closed with revenue
  let now = await d.now();
  P.kettle = await d.create(creator, params(now, { ideationEnd: BigInt(now + HOUR), quorum: 2, inspectors: [i1, i2, i3] }), {
    title: 'Solar kettle',
    description: 'A camping kettle that boils with sunlight.',
    uri: '',
    tags: ['kitchen', 'solar'],
    dimensions: ['mirror', 'vessel'],
    conditions: ['boil time'],
  });
  {
    // #1 (3 supporters) is selected; #2 (2) is next in line for the rescue, which nobody makes, and
    // #3 (1) is not selected: maker A backs all three
    const combo = await d.toTesting(
      P.kettle,
      [
        [makerA, 0, E('0.6'), 'Parabolic mirror'],
        [makerB, 1, E('0.4'), 'Steel vessel'],
      ],
      [
        [b1, E('0.7')],
        [b2, E('0.3')],
        [makerA, E('0.1')],
      ],
      b1,
      async ([mirror, vessel]) => {
        const lens = await d.offer(P.kettle, makerB, 0, E('0.3'), 'Fresnel lens');
        const copper = await d.offer(P.kettle, makerA, 1, E('0.5'), 'Copper vessel');
        const second = await d.back(P.kettle, makerA, [lens, vessel], E('0.2'));
        await d.back(P.kettle, b3, second, E('0.1'));
        await d.back(P.kettle, makerA, [mirror, copper], E('0.15'));
      },
    );
    await d.toPresale(P.kettle, combo, [i1, i2]);
    await d.tx(P.kettle, creator, 'setModelTerms', [BigInt(combo), E('0.5'), 2n]);
    for (let k = 0; k < 2; k++) await d.tx(P.kettle, buyer, 'order', [BigInt(combo), []], E('0.5'));
    await d.travelTo((await d.schedule(P.kettle))[3]);
    await d.tx(P.kettle, b1, 'closeModel', [BigInt(combo)]);
    await d.tx(P.kettle, merchant, 'depositRevenue', [BigInt(combo), E('1')], E('1'));
  }

  // ---- bike: presale (ERC-20)
  now = await d.now();
  P.bike = await d.create(
    creator,
    params(now, {
      token: record.contracts.PermitToken,
      ideationEnd: BigInt(now + HOUR),
      presalePeriod: 60 * DAY,
      minTotal: E('100'),
      minStake: E('10'),
      quorum: 1,
      inspectors: [i1],
    }),
    {
      title: 'Folding e-bike',
      description: 'An electric bike that folds into a backpack.',
      uri: '',
      tags: ['mobility', 'electric'],
      dimensions: ['frame', 'motor'],
      conditions: ['hills', 'rain'],
    },
  );
  {
    const combo = await d.toTesting(
      P.bike,
      [
        [makerA, 0, E('60'), 'Carbon frame'],
        [makerB, 1, E('40'), 'Hub motor'],
      ],
      [
        [b1, E('60')],
        [b2, E('40')],
      ],
      b2,
    );
    await d.toPresale(P.bike, combo, [i1]);
    await d.tx(P.bike, creator, 'setModelTerms', [BigInt(combo), E('50'), 3n]);
    await d.tx(P.bike, merchant, 'offerAddon', [BigInt(combo), E('5'), content('Rear rack')]);
    await d.pay(P.bike, buyer, E('55'));
    await d.tx(P.bike, buyer, 'order', [BigInt(combo), [1]]);
    await d.pay(P.bike, provider, E('20'));
    await d.tx(P.bike, provider, 'commitBond', [BigInt(combo), E('20'), BigInt(365 * DAY), content('Two-year battery warranty')]);
  }

  // ---- drone: testing (ERC-20), testing lasts 30 days
  now = await d.now();
  P.drone = await d.create(
    creator,
    params(now, {
      token: record.contracts.PermitToken,
      ideationEnd: BigInt(now + HOUR),
      testingPeriod: 30 * DAY,
      presalePeriod: 60 * DAY,
      minTotal: E('100'),
      minStake: E('10'),
      quorum: 1,
      inspectors: [i3],
    }),
    {
      title: 'Delivery drone',
      description: 'A quiet drone for parcels up to 5 kg.',
      uri: '',
      tags: ['mobility', 'air'],
      dimensions: ['airframe', 'rotor'],
      conditions: ['wind', 'noise'],
    },
  );
  await d.toTesting(
    P.drone,
    [
      [makerA, 0, E('70'), 'Foam airframe'],
      [makerB, 1, E('30'), 'Ducted rotors'],
    ],
    [
      [b1, E('80')],
      [b3, E('20')],
    ],
    b1,
  );

  // ---- car: ideation for 2 days; the seed's story
  now = await d.now();
  P.car = await d.create(
    creator,
    params(now, {
      ideationEnd: BigInt(now + 2 * DAY),
      rescueWindow: DAY,
      developmentPeriod: 10 * DAY,
      testingPeriod: 10 * DAY,
      presalePeriod: 30 * DAY,
      minTotal: E('2'),
      minStake: E('0.1'),
      slots: 1,
      maxRescues: 1,
      quorum: 2,
      inspectors: [i1, i2, i3],
    }),
    {
      title: 'Spherical safety car',
      description: 'A round city car that rolls off impacts instead of crumpling.',
      uri: 'ipfs://bafy-spherical-safety-car',
      tags: ['car', 'safety'],
      dimensions: ['shape', 'material', 'engine'],
      conditions: ['road', 'weather', 'traffic'],
    },
  );
  {
    const s1 = await d.offer(P.car, makerA, 0, E('0.8'), 'Sphere shell');
    const s2 = await d.offer(P.car, makerB, 0, E('0.6'), 'Egg shell');
    const m1 = await d.offer(P.car, makerA, 1, E('0.5'), 'Carbon fibre');
    const m2 = await d.offer(P.car, makerB, 1, E('0.3'), 'Recycled aluminium');
    const e1 = await d.offer(P.car, makerB, 2, E('0.7'), 'Electric hub motors');
    const c1 = await d.back(P.car, b1, [s1, m1, e1], E('1.5'));
    await d.back(P.car, b2, c1, E('0.5'));
    const c2 = await d.back(P.car, b3, [s2, m2, e1], E('0.4'));
    await d.argue(P.car, b1, c1, 'A sphere spreads an impact over the whole shell: safer than any crumple zone.');
    await d.argue(P.car, b3, c2, 'Aluminium is cheaper to recycle and the egg shape keeps most of the safety.');
    void s2;
    void c2;
  }

  // ---- turbine: ideation for 5 days (ERC-20 with permits)
  now = await d.now();
  P.turbine = await d.create(
    creator,
    params(now, {
      token: record.contracts.PermitToken,
      ideationEnd: BigInt(now + 5 * DAY),
      minTotal: E('100'),
      minStake: E('10'),
      quorum: 1,
      inspectors: [i2],
    }),
    {
      title: 'Rooftop wind turbine',
      description: 'A quiet turbine for a flat roof, in cUSD.',
      uri: '',
      tags: ['energy', 'home'],
      dimensions: ['rotor', 'generator'],
      conditions: ['gusts', 'noise'],
    },
  );
  {
    const blades = await d.offer(P.turbine, makerA, 0, E('40'), 'Three carbon blades');
    await d.offer(P.turbine, makerB, 0, E('35'), 'Vertical helix');
    const generator = await d.offer(P.turbine, makerB, 1, E('30'), 'Axial-flux generator');
    await d.back(P.turbine, b3, [blades, generator], E('25'));
  }

  // every account holds tokens to act with in the app (the steps above minted exactly what they paid)
  for (const token of [record.contracts.PermitToken, record.contracts.TestToken])
    for (const a of acc) await send(c, a, token, ERC20_ABI, 'mint', [a, E('1000')]);
  return { projects: P, accounts: acc };
}
