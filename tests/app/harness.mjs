// SPDX-License-Identifier: MIT
// What the browser test scripts (journeys.mjs, newcomer.mjs) share: a reader of the chain that
// counts the test's own reads (not the page's), and the runner that records each journey's checks
// for the pytest side (out/app/<script>.json).
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
