// SPDX-License-Identifier: MIT
// The dApp's log pager (app/src/logs.mjs) against fake providers behind a viem client (custom
// transport: the errors come wrapped as viem wraps a node's): the rules one by one, the same as
// the watcher's (tests/routing/test_log_reader.py). Prints one JSON line per check; exits 1 if
// any fails.   node tests/app/log_pager.mjs
import { createPublicClient, custom } from 'viem';
import { pagedLogs, limitOf, hintedSpan } from '../../app/src/logs.mjs';

const results = [];
const check = (what, ok, detail = '') => results.push({ what, ok: Boolean(ok), detail: String(detail) });

/** A provider with a public provider's limits; a log every `every` blocks per address. */
function provider({
  maxBlocks = Infinity,
  maxAddresses = Infinity,
  maxLogs = Infinity,
  every = 1,
  rangeText = 'block range is too large',
  resultsText = 'query returned more than 10000 results',
  rateLimited = 0,
} = {}) {
  const asked = [];
  const fail = (code, message) => {
    const e = new Error(message);
    e.code = code;
    throw e;
  };
  const client = createPublicClient({
    transport: custom({
      async request({ method, params }) {
        if (method !== 'eth_getLogs') throw new Error(method);
        const [{ address, fromBlock, toBlock }] = params;
        const list = Array.isArray(address) ? address : [address];
        const [f, t] = [BigInt(fromBlock), BigInt(toBlock)];
        asked.push([f, t, list.length]);
        if (rateLimited > 0) {
          rateLimited--;
          fail(429, 'Your app has exceeded its compute units per second capacity.');
        }
        if (list.length > maxAddresses) fail(-32000, 'exceed max addresses');
        if (t - f + 1n > BigInt(maxBlocks === Infinity ? 1e15 : maxBlocks)) fail(-32000, rangeText);
        const logs = [];
        for (let b = f; b <= t; b++)
          if (b % BigInt(every) === 0n)
            for (const a of list) logs.push({ blockNumber: `0x${b.toString(16)}`, logIndex: `0x${BigInt(a).toString(16)}`, address: a });
        if (logs.length > maxLogs) fail(-32005, resultsText);
        return logs;
      },
    }),
  });
  return { asked, request: (args) => client.request(args, { retryCount: 0 }) };
}
const addresses = Array.from({ length: 25 }, (_, i) => `0x${i.toString(16).padStart(40, '0')}`);
const noWait = async () => {};
const sorted = (logs) =>
  logs.every(
    (l, i) =>
      i === 0 ||
      BigInt(logs[i - 1].blockNumber) < BigInt(l.blockNumber) ||
      (logs[i - 1].blockNumber === l.blockNumber && BigInt(logs[i - 1].logIndex) < BigInt(l.logIndex)),
  );

{
  // a normal node: pages of `step` asked at once, one request each (the pager's old shape)
  const p = provider({ every: 100 });
  const logs = await pagedLogs(p.request, { address: addresses[0], from: 0n, to: 19999n, step: 5000n, sleep: noWait });
  check(
    'a normal node: one request per page',
    p.asked.length === 4 && logs.length === 200 && sorted(logs),
    JSON.stringify(p.asked.map(String)),
  );
}
{
  // a range limit without a number: halved until taken, then kept for the next calls
  const p = provider({ maxBlocks: 1000, every: 10 });
  const learned = {};
  const logs = await pagedLogs(p.request, { address: addresses[0], from: 0n, to: 9999n, step: 5000n, learned, sleep: noWait });
  const first = p.asked.length;
  const again = await pagedLogs(p.request, { address: addresses[0], from: 0n, to: 9999n, step: 5000n, learned, sleep: noWait });
  check(
    'a range limit is halved to and kept',
    logs.length === 1000 && sorted(logs) && learned.step === 625n && again.length === 1000 && p.asked.length - first === 16,
    `${first} then ${p.asked.length - first}, step ${learned.step}`,
  );
}
{
  // a limit the refusal names is taken at once
  const p = provider({ maxBlocks: 1000, rangeText: 'exceed maximum block range: 1000' });
  const learned = {};
  const logs = await pagedLogs(p.request, { address: addresses[0], from: 0n, to: 9999n, step: 5000n, learned, sleep: noWait });
  check('a named range limit is taken at once', logs.length === 10000 && learned.step === 1000n && p.asked.length === 12, p.asked.length);
}
{
  // too many results: only that page is cut (halves), the step stays
  const p = provider({ maxLogs: 600 });
  const learned = {};
  const logs = await pagedLogs(p.request, { address: addresses[0], from: 0n, to: 1999n, step: 1000n, learned, sleep: noWait });
  check(
    'a results limit cuts the page only',
    logs.length === 2000 && sorted(logs) && !learned.step,
    `${p.asked.length} asked, step ${learned.step}`,
  );
}
{
  // too many addresses: split, and the count kept for the next calls; the merge is ordered
  const p = provider({ maxAddresses: 4, every: 50 });
  const learned = {};
  const logs = await pagedLogs(p.request, { address: addresses, from: 0n, to: 999n, step: 1000n, perFilter: 10, learned, sleep: noWait });
  const first = p.asked.length;
  await pagedLogs(p.request, { address: addresses, from: 0n, to: 999n, step: 1000n, perFilter: 10, learned, sleep: noWait });
  const later = p.asked.slice(first).map(([, , n]) => n);
  check(
    'too many addresses are split and the count kept',
    logs.length === 20 * 25 && sorted(logs) && later.every((n) => n <= 4),
    `${learned.perFilter}: ${later}`,
  );
}
{
  // 429: asked again after a backoff
  const waits = [];
  const p = provider({ rateLimited: 2 });
  const logs = await pagedLogs(p.request, {
    address: addresses[0],
    from: 0n,
    to: 9n,
    step: 5000n,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  check('429s wait and ask again', logs.length === 10 && waits.join() === '250,500', waits);
}
{
  // another error is not retried
  const p = provider();
  let error = null;
  await pagedLogs(
    async () => {
      const e = new Error('execution reverted');
      e.code = 3;
      throw e;
    },
    { address: addresses[0], from: 0n, to: 9n, step: 5000n, sleep: noWait },
  ).catch((e) => {
    error = e;
  });
  check('another error is thrown', error && p.asked.length === 0, error?.message);
}
// the refusals' words, as the watcher reads them
const words = [
  [-32005, 'query returned more than 10000 results', 'results', null],
  [-32602, 'Query returned more than 10000 results. Try with this block range [0x64, 0xc7].', 'results', 100n],
  [-32602, 'Log response size exceeded. ... this block range should work: [0x64, 0x95]', 'results', 50n],
  [-32000, 'exceed maximum block range: 5000', 'range', 5000n],
  [-32602, 'range 1000000 exceeds limit of 10000', 'range', 10000n],
  [-32602, 'eth_getLogs and eth_newFilter are limited to a 10,000 blocks range', 'range', 10000n],
  [-32000, 'block range is too large', 'range', null],
  [-32000, 'exceed max addresses', 'addresses', null],
  [429, 'Your app has exceeded its compute units per second capacity.', 'rate', null],
  [-32005, 'project ID request rate exceeded', 'rate', null],
  [-32005, 'limit exceeded', 'results', null],
  [3, 'execution reverted', null, null],
];
for (const [code, text, kind, hint] of words) {
  const got = limitOf({ code, message: text });
  check(`"${text}" is ${kind}`, got.kind === kind && hintedSpan(got.text, 100n) === hint, `${got.kind} ${hintedSpan(got.text, 100n)}`);
}
for (const r of results) console.log(JSON.stringify(r));
process.exit(results.every((r) => r.ok) ? 0 : 1);
