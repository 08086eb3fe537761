// SPDX-License-Identifier: MIT
// Load time and request count of the inbox and the services pages (issue 33) for an account with
// 1,000 notices and 100 bookings on the local chain, in headless chromium (first visit, no cache,
// the test wallet connected). Writes out/app/saturday-load.json.
//   node app/tools/measure-saturday.mjs [notices=1000] [bookings=100]
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseEther } from 'viem';
import { localApp } from '../serve.mjs';
import { root, abi } from './devchain.mjs';
import { PEOPLE, HOUR, DAY, kindOf } from './saturday.mjs';
import { launchChromium, countedPage } from './bench-page.mjs';

const NOTICES = Number(process.argv[2] || 1000);
const BOOKINGS = Number(process.argv[3] || 100);
/** Bookings one slot takes: the bench's listing offers BOOKINGS / SLOT_CAPACITY slots. */
const SLOT_CAPACITY = 10;
/** Each page is ready within this (else the bench fails). */
const TIMEOUT_MS = 60000;
/** What each page must stay under (issue 33): its load time and its requests (the app's and the chain's). */
const BUDGET_MS = 2000;
const MAX_REQUESTS = 20;
const app = await localApp({ play: false });
const result = { notices: NOTICES, bookings: BOOKINGS, pages: {} };
try {
  const { c, accounts, record } = app;
  const A = record.contracts;
  const [me, sender, provider] = [PEOPLE.me, PEOPLE.community, PEOPLE.driver].map((i) => accounts[i].address);
  const t0 = Date.now();
  let hash;
  const send = async (from, contract, name, functionName, args, value = 0n) =>
    (hash = await c.wallet(from).writeContract({ address: A[contract], abi: abi(name), functionName, args, value, gas: 500000n }));
  // 1,000 notices: the person follows a sender, who posts (every tenth an invitation)
  await send(me, 'CobuildNotices', 'ICobuildNotices', 'follow', [sender]);
  for (let k = 0; k < NOTICES; k++)
    if (k % 10 === 9) await send(sender, 'CobuildNotices', 'ICobuildNotices', 'invite', [me, `invitation ${k}`, '']);
    else await send(sender, 'CobuildNotices', 'ICobuildNotices', 'post', [`notice ${k}: the bench's street news`, '']);
  // 100 bookings of one listing, SLOT_CAPACITY a slot
  const now = Number((await c.pub.getBlock()).timestamp);
  const price = parseEther('0.001');
  await send(provider, 'Bookings', 'IBookings', 'createListing', [
    kindOf('ride'),
    {
      price,
      slotLength: HOUR,
      slotCapacity: SLOT_CAPACITY,
      releaseWindow: HOUR,
      cancelNotice: HOUR,
      cancelFeeBps: 0,
      arbitrationPeriod: 0,
      quorum: 0,
      arbiters: [],
    },
  ]);
  const starts = Array.from({ length: Math.ceil(BOOKINGS / SLOT_CAPACITY) }, (_, i) => now + DAY + i * HOUR);
  await send(provider, 'Bookings', 'IBookings', 'offerSlots', [1n, starts]);
  for (let k = 0; k < BOOKINGS; k++)
    await send(me, 'Bookings', 'IBookings', 'book', [1n, starts[Math.floor(k / SLOT_CAPACITY)], 0, 0n, price], price);
  const receipt = await c.pub.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new Error('the last seeding transaction reverted');
  result.seedSeconds = (Date.now() - t0) / 1000;

  const browser = await launchChromium();
  const pages = [
    ['inbox', '/inbox', (n) => window.cobuild?.current?.page === 'inbox' && window.cobuild.current.notices.length === n, NOTICES],
    [
      'bookings',
      '/bookings',
      (n) => window.cobuild?.current?.page === 'bookings' && window.cobuild.current.bookings.length === n,
      BOOKINGS,
    ],
    ['activities', '/activities', () => window.cobuild?.current?.page === 'activities', 0],
    ['mandates', '/mandates', () => window.cobuild?.current?.page === 'mandates', 0],
    ['consent', '/consent', () => window.cobuild?.current?.page === 'consent', 0],
  ];
  for (const [label, hashPath, done, n] of pages) {
    const { context, page, requests } = await countedPage(browser, app, accounts[PEOPLE.me].privateKey);
    const start = Date.now();
    await page.goto(`${app.url}#${hashPath}`);
    await page.waitForFunction(done, n, { timeout: TIMEOUT_MS, polling: 20 }).catch(async (err) => {
      console.error(await page.evaluate(() => document.getElementById('main').innerText.slice(0, 2000)));
      throw err;
    });
    const ms = Date.now() - start;
    const timings = await page.evaluate(() => window.cobuild?.timings);
    result.pages[label] = {
      wallClock: ms,
      ready: timings.ready,
      requests: requests.app + requests.rpc,
      appRequests: requests.app,
      rpcRequests: requests.rpc,
    };
    if (label === 'inbox' || label === 'bookings') await page.screenshot({ path: join(root, 'out', 'app', `saturday-bench-${label}.png`) });
    await context.close();
  }
  await browser.close();
} finally {
  await app.stop();
}
mkdirSync(join(root, 'out', 'app'), { recursive: true });
writeFileSync(join(root, 'out', 'app', 'saturday-load.json'), JSON.stringify(result, null, 2));
console.log(JSON.stringify(result, null, 2));
const over = Object.entries(result.pages).filter(([, p]) => p.wallClock >= BUDGET_MS || p.requests > MAX_REQUESTS);
if (over.length) {
  console.error(`over the budget (${BUDGET_MS} ms, ${MAX_REQUESTS} requests): ${over.map(([name]) => name).join(', ')}`);
  process.exit(1);
}
