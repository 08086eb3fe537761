// SPDX-License-Identifier: MIT
// `make app`: the dApp on a local chain (or any chain with NETWORK=<chainid>).
//   node app/serve.mjs                      own anvil on a free port, platform deployed, seed played
//   NETWORK=<chainid> RPC_URL=<url> node app/serve.mjs    addresses from deployments/<chainid>.json
//   DEPLOYMENT=<file> RPC_URL=<url> node app/serve.mjs    addresses from that deployment record
// Serves app/dist on 127.0.0.1 (APP_PORT, default a free port) with /config.json for the app.
// FEED_URL=<url of a watcher's JSON feed> (`make watch`): the inbox reads it instead of the logs.
import { createServer } from 'node:http';
import { readFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getAddress } from 'viem';
import { root, startAnvil, clients, deployPlatform, seed, testAccounts, freePort } from './tools/devchain.mjs';
import { deployServices, seedSaturday, ACCOUNTS, PEOPLE } from './tools/saturday.mjs';

const dist = join(root, 'app', 'dist');
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.png': 'image/png',
};

/** Serve app/dist and config.json on 127.0.0.1:`port`. */
export async function serveApp(config, port) {
  port = port || (await freePort());
  const body = JSON.stringify(config);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/config.json') {
      res.writeHead(200, { 'content-type': TYPES['.json'], 'cache-control': 'no-store' });
      res.end(body);
      return;
    }
    const file = join(dist, path === '/' ? 'index.html' : path.replace(/^\/+/, ''));
    if (!file.startsWith(dist) || !existsSync(file)) {
      res.writeHead(404);
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) };
}

/** A local chain with the platform and the seed scenario, and the app serving it. */
export async function localApp({ port, play = true } = {}) {
  if (!existsSync(join(dist, 'app.js'))) throw new Error('app/dist is missing: run `make setup` (or node app/build.mjs)');
  const anvil = await startAnvil({ accounts: ACCOUNTS });
  try {
    const c = clients(anvil.rpcUrl, anvil.chainId);
    const accounts = testAccounts(ACCOUNTS);
    const record = await deployPlatform(c, accounts[0].address);
    Object.assign(record.contracts, await deployServices(c, accounts[0].address));
    // the Saturday first: its one move of the clock comes before the projects' phases are set
    const saturday = play ? await seedSaturday(c, record, (i) => accounts[i].address) : null;
    const scenario = play ? await seed(c, record) : { projects: {} };
    // the two test tokens anyone may mint on this chain: the app's "Get test tokens" button
    const faucet = [
      { address: record.contracts.PermitToken, symbol: 'cUSD', decimals: 18 },
      { address: record.contracts.TestToken, symbol: 'pUSD', decimals: 18 },
    ];
    const config = {
      chainId: anvil.chainId,
      chainName: 'Cobuild local (anvil)',
      rpcUrl: anvil.rpcUrl,
      contracts: record.contracts,
      deployBlock: record.deployBlock,
      logPageBlocks: 5000,
      ...(process.env.FEED_URL ? { feedUrl: process.env.FEED_URL } : {}),
      faucet,
    };
    const server = await serveApp(config, port);
    return {
      ...server,
      anvil,
      c,
      record,
      config,
      accounts,
      projects: scenario.projects,
      saturday,
      stop: async () => {
        await server.close();
        anvil.stop();
      },
    };
  } catch (err) {
    anvil.stop();
    throw err;
  }
}

function recordFor() {
  if (process.env.DEPLOYMENT) return JSON.parse(readFileSync(process.env.DEPLOYMENT, 'utf8'));
  const id = process.env.NETWORK;
  for (const p of [join(root, 'deployments', `${id}.json`), join(root, 'deployments', 'dev', `${id}.json`)])
    if (existsSync(p)) return JSON.parse(readFileSync(p, 'utf8'));
  throw new Error(
    `no deployment record deployments/${id}.json (deploy first: make deploy NETWORK=<brownie network id>, or pass DEPLOYMENT=<file>)`,
  );
}

async function main() {
  if (process.env.NETWORK || process.env.DEPLOYMENT) {
    const record = recordFor();
    const rpcUrl = process.env.RPC_URL || record.rpcUrl;
    if (!rpcUrl) throw new Error("set RPC_URL=<the chain's JSON-RPC URL> (the deployment record has none)");
    const chainId = Number(record.chainid);
    const answer = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
    }).then((r) => r.json());
    if (Number(answer.result) !== chainId)
      throw new Error(`${rpcUrl} is chain ${Number(answer.result)}, the deployment record is for chain ${chainId}`);
    const config = {
      chainId,
      chainName: record.network || `Chain ${chainId}`,
      rpcUrl,
      contracts: {
        Multicall3: '0xcA11bde05977b3631167028862bE2a173976CA11',
        ...record.contracts,
      },
      deployBlock: record.deployBlock ?? record.blocks?.CobuildFactory ?? 0,
      logPageBlocks: Number(process.env.LOG_PAGE_BLOCKS || 5000),
      ...(process.env.FEED_URL ? { feedUrl: process.env.FEED_URL } : {}),
    };
    const server = await serveApp(config, Number(process.env.APP_PORT) || undefined);
    console.log(
      `Cobuild app for chain ${chainId}\n  URL       ${server.url}\n  RPC URL   ${rpcUrl}\n  factory   ${config.contracts.CobuildFactory} (logs from block ${config.deployBlock})`,
    );
    return;
  }
  const app = await localApp({ port: Number(process.env.APP_PORT) || undefined });
  mkdirSync(join(root, 'out', 'app'), { recursive: true });
  writeFileSync(
    join(root, 'out', 'app', 'deployment.json'),
    JSON.stringify({ ...app.record, rpcUrl: app.anvil.rpcUrl, projects: app.projects, saturday: app.saturday }, null, 2),
  );
  console.log(`Cobuild app on a local chain (Ctrl-C stops both)
  URL        ${app.url}
  chain id   ${app.anvil.chainId}
  RPC URL    ${app.anvil.rpcUrl}
  factory    ${getAddress(app.record.contracts.CobuildFactory)}
  tokens     cUSD ${getAddress(app.record.contracts.PermitToken)} (EIP-2612 permits), pUSD ${getAddress(app.record.contracts.TestToken)} (no permits)
  projects   ${Object.entries(app.projects)
    .map(([k, v]) => `${k} ${v}`)
    .join('\n             ')}
MetaMask: Settings > Networks > Add a network manually: RPC URL ${app.anvil.rpcUrl}, chain id ${app.anvil.chainId}, symbol ETH;
then Import account with one of these local test keys (10,000 ETH, 1,000 cUSD and 1,000 pUSD each; never use them elsewhere):`);
  const roles = [
    'deployer + treasury',
    'creator',
    'maker',
    'maker',
    'backer',
    'backer',
    'backer',
    'inspector',
    'inspector',
    'inspector',
    'buyer',
    'merchant',
    'provider',
  ];
  for (const [i, a] of app.accounts.slice(0, 13).entries())
    console.log(`  ${String(i).padStart(2)} ${a.address} ${a.privateKey}  ${roles[i]}`);
  console.log("The seed's Saturday (#/inbox, #/activities, #/bookings, #/mandates, #/consent):");
  for (const [name, i] of Object.entries(PEOPLE))
    console.log(`  ${String(i).padStart(2)} ${app.accounts[i].address} ${app.accounts[i].privateKey}  ${name}`);
  const stop = async () => {
    await app.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  main().catch((err) => {
    console.error(`error: ${err.message}`);
    process.exit(1);
  });
