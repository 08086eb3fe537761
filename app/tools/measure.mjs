// SPDX-License-Identifier: MIT
// Load time and request count of a project page with 1,000 combinations on the local chain,
// in headless chromium (first visit, no cache), without and with a connected wallet.
// Writes out/app/load.json.   node app/tools/measure.mjs [combinations=1000]
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseEther, zeroAddress } from 'viem';
import { localApp } from '../serve.mjs';
import { root, Driver, params, PROJECT_ABI } from './devchain.mjs';
import { launchChromium, countedPage } from './bench-page.mjs';

const N = Number(process.argv[2] || 1000);
const app = await localApp({ play: false });
const result = { combinations: N };
try {
  const { c, accounts } = app;
  const d = new Driver(c, app.record, {});
  const [, creator, maker, backer, inspector] = accounts.map((a) => a.address);
  const now = await d.now();
  const side = Math.ceil(Math.sqrt(N));
  const project = await d.create(
    creator,
    params(now, { ideationEnd: BigInt(now + 7 * 86400), inspectors: [inspector], minTotal: parseEther('1') }),
    {
      title: 'Thousand-combination bench',
      description: `${N} combinations of ${side} x ${side} options`,
      uri: '',
      tags: ['bench'],
      dimensions: ['left', 'right'],
      conditions: ['works'],
    },
  );
  const t0 = Date.now();
  const w = c.wallet(maker);
  let hash;
  for (let dim = 0; dim < 2; dim++)
    for (let i = 0; i < side; i++)
      hash = await w.writeContract({
        address: project,
        abi: PROJECT_ABI,
        functionName: 'offerOption',
        args: [BigInt(dim), parseEther('0.01'), { text: `option ${dim}.${i}`, uri: '', hash: '0x'.padEnd(66, '0') }],
        gas: 300000n,
      });
  const b = c.wallet(backer);
  for (let k = 0; k < N; k++) {
    const ids = [1 + (k % side), side + 1 + Math.floor(k / side)];
    hash = await b.writeContract({
      address: project,
      abi: PROJECT_ABI,
      functionName: 'investInNew',
      args: [ids, parseEther('0.001') * BigInt(1 + (k % 7))],
      value: parseEther('0.001') * BigInt(1 + (k % 7)),
      gas: 400000n,
    });
  }
  const few = c.wallet(accounts[5].address); // a typical backer: three positions
  for (let k = 0; k < 3; k++)
    hash = await few.writeContract({
      address: project,
      abi: PROJECT_ABI,
      functionName: 'invest',
      args: [BigInt(1 + 100 * k), parseEther('0.01')],
      value: parseEther('0.01'),
      gas: 400000n,
    });
  await c.pub.waitForTransactionReceipt({ hash });
  const [, combos] = await d.read(project, 'counts');
  if (Number(combos) !== N) throw new Error(`seeded ${combos} combinations, expected ${N}`);
  result.seedSeconds = (Date.now() - t0) / 1000;
  void zeroAddress;

  const browser = await launchChromium();
  for (const [label, connected] of [
    ['anonymous', null],
    ['connected, 3 positions', 5],
    ['connected, 1,000 positions', 3],
  ]) {
    const { context, page, requests } = await countedPage(browser, app, connected && accounts[connected].privateKey);
    page.on('response', async (r) => {
      if (!r.url().startsWith(app.anvil.rpcUrl)) return;
      const t = await r.text().catch(() => '');
      if (t.includes('-326')) {
        const b = r.request().postData() || '';
        console.error('bad request', b.length, b.slice(0, 200), '...', b.slice(-200), t.slice(0, 300));
      }
    });
    page.on('console', (m) => m.type() === 'warning' && console.error('page:', m.text()));
    const start = Date.now();
    await page.waitForTimeout(0);
    await page.goto(`${app.url}#/p/${project}`);
    await page
      .waitForFunction(
        (n) =>
          document.querySelectorAll('#combinations tr[data-combo]').length === Math.min(n, 100) &&
          document.getElementById('combination-pager')?.textContent.startsWith(`${n.toLocaleString('en')} shown`) &&
          (!window.ethereum || document.getElementById('mine')),
        N,
        { timeout: 60000, polling: 20 },
      )
      .catch(async (err) => {
        console.error(await page.evaluate(() => document.getElementById('main').innerText.slice(0, 2000)));
        throw err;
      });
    const ms = Date.now() - start;
    await page.waitForFunction(() => window.cobuild?.timings?.painted, null, { timeout: 10000 });
    const timings = await page.evaluate(() => window.cobuild?.timings);
    const nav = await page.evaluate(() => {
      const t = performance.getEntriesByType('navigation')[0];
      return { domContentLoaded: Math.round(t.domContentLoadedEventEnd) };
    });
    result[label] = {
      painted: timings.painted,
      wallClock: ms,
      requests: requests.app + requests.rpc,
      appRequests: requests.app,
      rpcRequests: requests.rpc,
      ...nav,
      timings,
    };
    if (!connected) await page.screenshot({ path: join(root, 'out', 'app', 'project-1000.png') });
    await context.close();
  }
  await browser.close();
} finally {
  await app.stop();
}
mkdirSync(join(root, 'out', 'app'), { recursive: true });
writeFileSync(join(root, 'out', 'app', 'load.json'), JSON.stringify(result, null, 2));
console.log(JSON.stringify(result, null, 2));
