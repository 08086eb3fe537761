// SPDX-License-Identifier: MIT
// What the browser test scripts (journeys.mjs, newcomer.mjs, saturday.mjs) share: a reader of the
// chain that counts the test's own reads (not the page's), the runner that records each journey's
// checks for the pytest side (out/app/<script>.json), and the driver of the app's renders,
// transactions and accounts.
import { createPublicClient, http } from 'viem';

/**
 * A recorder of journeys. `journey(id, name, fn)` runs `fn(check)`: `check(what, ok, detail)`
 * records a check and throws on a failed one, which ends the journey with a screenshot
 * `failed-<label>-<id>` (through `shot`). Each result holds its checks, the chain reads `reader`
 * made meanwhile, its time and any error; a line per journey goes to stdout.
 */
export function journeyRecorder({ label, chain, rpcUrl, shot }) {
  const results = [];
  let chainReads = 0;
  const reader = createPublicClient({
    chain,
    transport: http(rpcUrl, {
      onFetchRequest: () => {
        chainReads++;
      },
    }),
  });
  async function journey(id, name, fn) {
    const checks = [];
    const check = (what, ok, detail = '') => {
      checks.push({ what, ok: Boolean(ok), detail: String(detail) });
      if (!ok) throw new Error(`${what}: ${detail}`);
    };
    const t0 = Date.now();
    chainReads = 0;
    try {
      await fn(check);
      results.push({ id, name, ok: true, checks, chainReads, ms: Date.now() - t0 });
    } catch (err) {
      await shot(`failed-${label}-${id}`).catch(() => {});
      results.push({ id, name, ok: false, checks, chainReads, error: String(err.stack || err), ms: Date.now() - t0 });
    }
    const last = results.at(-1);
    console.log(`${label} ${id} ${last.ok ? 'ok' : 'FAILED'}: ${name}${last.error ? `\n  ${last.error.split('\n')[0]}` : ''}`);
  }
  return { results, reader, journey };
}

/** How long the drivers wait for the app to render again, and for a transaction's final toast. */
const RENDER_MS = 30000;
const TOAST_MS = 60000;

/**
 * The app's render stamp and transactions on the page `getPage()` returns (a script may move to
 * another page). `ready()` reads the stamp the app sets after each render; `settled(before)` waits
 * for a new one; `tx(action)` runs a UI action that starts a transaction and resolves with its
 * final toast {status, msg, label}, once the page has rendered again after a confirmed one
 * (`beforeWait(page)` runs between the action and the wait); `as(wallet, key, address)` switches
 * the test wallet to that account and connects it.
 */
export function pageDriver(getPage, { beforeWait } = {}) {
  const ready = () => getPage().evaluate(() => document.body.dataset.ready || '');
  const settled = (before) =>
    getPage().waitForFunction((b) => document.body.dataset.ready && document.body.dataset.ready !== b, before, {
      timeout: RENDER_MS,
    });
  async function tx(action) {
    const page = getPage();
    const n = await page.evaluate(() => Number(document.body.dataset.txs || 0));
    const before = await ready();
    await action();
    if (beforeWait) await beforeWait(page);
    const sel = `#tx .t[data-tx="${n + 1}"]`;
    await page.waitForSelector(`${sel}[data-status=confirmed], ${sel}[data-status=failed], ${sel}[data-status=rejected]`, {
      timeout: TOAST_MS,
    });
    const res = await page.evaluate((s) => {
      const e = document.querySelector(s);
      return { status: e.dataset.status, msg: e.querySelector('.msg').textContent, label: e.querySelector('b').textContent };
    }, sel);
    if (res.status === 'confirmed') await settled(before);
    return res;
  }
  async function as(wallet, key, address) {
    const page = getPage();
    const before = await ready();
    await wallet.switchTo(page, key);
    await page.evaluate(() => localStorage.setItem('cobuild.wallet', 'org.cobuild.testwallet'));
    if (await page.locator('button.connect').count()) await page.locator('button.connect').first().click();
    await settled(before);
    await page.waitForFunction((a) => document.getElementById('account')?.title === a, address);
  }
  return { ready, settled, tx, as };
}
