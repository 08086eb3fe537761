// SPDX-License-Identifier: MIT
// Logs the way public JSON-RPC providers allow them (issue 36; the rules of the watcher's
// cobuild/routing/logs.py). Pages of `step` blocks are asked at once, as before; a page a provider
// refuses as too large is cut to the range or the limit its answer names, else in halves, and
// asked again; when the answer blames the block range, that page size holds for the rest of the
// visit (`learned.step`); when it blames the results, only that page is cut and the next pages are
// full-sized again. At most `perFilter` addresses go in one filter (fewer when refused), and a
// rate-limited answer (HTTP 429, code 429 or -32007) is asked again after a backoff.
import { numberToHex } from 'viem';

const RATE = /rate limit|rate exceeded|too many requests|request limit|compute units|capacity|throughput/i;
const ADDRESSES = /address(es)?\b.*\b(max|limit|too many|exceed)|\b(max|limit|too many|exceed|less)\b.*\baddress/i;
const RESULTS = /more than [\d,]+ (results|logs)|too many (results|logs)|response size|timeout|timed out/i;
const RANGE =
  /block range|blocks range|range (is )?too|range \d+|range limit|exceeds limit|limited to an? [\d,]+|too (wide|large|big)|maximum block/i;
const SUGGESTED = /\[\s*(0x[0-9a-f]+)\s*,\s*(0x[0-9a-f]+)\s*\]/i;
const NAMED = /(?:maximum block range:?|range limit|exceeds limit of|limited to an?|max(?:imum)? is)\s*([\d,]+)\s*(k?)\b/i;
const TRANSIENT = [408, 500, 502, 503, 504];

/** What a failed request says: `kind` 'rate', 'addresses', 'results', 'range', 'transient' or
 * null, and the node's words. viem wraps the node's error in `cause`s; its own messages quote the
 * request (addresses and all), so only the node's message, details and data are read. */
export function limitOf(err) {
  const codes = [];
  const texts = [];
  let status;
  for (let e = err, depth = 0; e && depth < 8; e = e.cause, depth++) {
    if (typeof e.code === 'number') codes.push(e.code);
    if (typeof e.status === 'number') status = e.status;
    const words = 'shortMessage' in e ? e.details : e.message;
    if (typeof words === 'string') texts.push(words);
    if (e.data !== undefined && !('shortMessage' in e)) {
      try {
        texts.push(JSON.stringify(e.data));
      } catch {
        /* not JSON */
      }
    }
  }
  const text = texts.join(' ');
  let kind = null;
  if (status === 429 || codes.includes(429) || codes.includes(-32007) || RATE.test(text)) kind = 'rate';
  else if (ADDRESSES.test(text)) kind = 'addresses';
  else if (RESULTS.test(text)) kind = 'results';
  else if (RANGE.test(text)) kind = 'range';
  else if (codes.includes(-32005) || status === 413) kind = 'results';
  else if (TRANSIENT.includes(status) || err?.name === 'TimeoutError') kind = 'transient';
  return { kind, text };
}

/** The page size a refusal suggests for a page from `from` (a bigint), if it names one. */
export function hintedSpan(text, from) {
  const suggested = SUGGESTED.exec(text);
  if (suggested && BigInt(suggested[1]) === from && BigInt(suggested[2]) >= from) return BigInt(suggested[2]) - from + 1n;
  const named = NAMED.exec(text);
  if (named) {
    const size = BigInt(named[1].replace(/,/g, '')) * (named[2] ? 1000n : 1n);
    return size > 0n ? size : null;
  }
  return null;
}

function pages(from, to, size) {
  const out = [];
  for (let f = from; f <= to; f += size) out.push([f, f + size - 1n < to ? f + size - 1n : to]);
  return out;
}

const byPlace = (a, b) => Number(BigInt(a.blockNumber) - BigInt(b.blockNumber)) || Number(a.logIndex) - Number(b.logIndex);

/**
 * Every raw log of `address` (one, or a list) and `topics` from block `from` to `to` (bigints),
 * ordered by block and index. `request` sends one JSON-RPC request (without retries of its own);
 * `learned` keeps what refusals taught between calls.
 */
export async function pagedLogs(request, { address, topics, from, to, step, perFilter = 10, learned = {}, sleep }) {
  const wait = sleep || ((ms) => new Promise((r) => setTimeout(r, ms)));
  const list = Array.isArray(address) ? address : [address];
  const per = Math.max(1, Math.min(perFilter, learned.perFilter || perFilter));
  const groups = [];
  for (let i = 0; i < list.length; i += per) groups.push(Array.isArray(address) ? list.slice(i, i + per) : address);
  const size = learned.step && learned.step < step ? learned.step : step;

  async function page(addr, f, t, tries = 0) {
    try {
      return await request({
        method: 'eth_getLogs',
        params: [{ address: addr, topics, fromBlock: numberToHex(f), toBlock: numberToHex(t) }],
      });
    } catch (err) {
      const { kind, text } = limitOf(err);
      if ((kind === 'rate' && tries < 6) || (kind === 'transient' && tries < 3)) {
        await wait(250 * 2 ** tries);
        return page(addr, f, t, tries + 1);
      }
      const many = Array.isArray(addr) && addr.length > 1;
      if (many && (kind === 'addresses' || ((kind === 'range' || kind === 'results') && t === f))) {
        const half = addr.length >> 1;
        if (kind === 'addresses') learned.perFilter = Math.min(learned.perFilter || half, half);
        return (await Promise.all([addr.slice(0, half), addr.slice(half)].map((a) => page(a, f, t)))).flat();
      }
      if ((kind === 'range' || kind === 'results') && t > f) {
        const span = t - f + 1n;
        const hint = hintedSpan(text, f);
        let cut = hint && hint < span ? hint : span / 2n;
        if (kind === 'range' && !(learned.step && learned.step <= cut)) learned.step = cut;
        if (learned.step && learned.step < cut) cut = learned.step;
        return (await Promise.all(pages(f, t, cut).map(([a, b]) => page(addr, a, b)))).flat();
      }
      throw err;
    }
  }

  const found = (await Promise.all(groups.flatMap((g) => pages(from, to, size).map(([f, t]) => page(g, f, t))))).flat();
  // one address: the pages (and the halves of a cut one) come in order already
  return Array.isArray(address) ? found.sort(byPlace) : found;
}
