// SPDX-License-Identifier: MIT
// Reads: one public client on the app's RPC (JSON-RPC batching + Multicall3 aggregation), logs in
// pages of `logPageBlocks` from the factory's deployment block, cut further where a public RPC
// refuses them (app/src/logs.mjs).
import { createPublicClient, http, defineChain, parseEventLogs } from 'viem';
import {
  cobuildFactoryAbi as factoryAbi,
  cobuildProjectAbi as projectAbi,
  cobuildSharesAbi as sharesAbi,
  erc20MetadataAbi as erc20Abi,
} from '@cobuild/abi';
import { pagedLogs } from './logs.mjs';

export { factoryAbi, projectAbi, sharesAbi, erc20Abi };
export const MULTICALL3_ABI = [
  {
    type: 'function',
    name: 'getEthBalance',
    stateMutability: 'view',
    inputs: [{ name: 'addr', type: 'address' }],
    outputs: [{ name: 'balance', type: 'uint256' }],
  },
  {
    type: 'function',
    name: 'getCurrentBlockTimestamp',
    stateMutability: 'view',
    inputs: [],
    outputs: [{ name: 'timestamp', type: 'uint256' }],
  },
];

export const state = { cfg: null, chain: null, pub: null };

export async function init() {
  const cfg = await (await fetch('config.json', { cache: 'no-store' })).json();
  const chain = defineChain({
    id: cfg.chainId,
    name: cfg.chainName || `Chain ${cfg.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [cfg.rpcUrl] } },
    contracts: cfg.contracts.Multicall3 ? { multicall3: { address: cfg.contracts.Multicall3 } } : {},
  });
  const pub = createPublicClient({
    chain,
    cacheTime: 0, // a page rendered right after a transaction must see its block
    // a JSON-RPC batch of a few large multicalls per HTTP request (nodes cap the request body)
    transport: http(cfg.rpcUrl, { batch: { batchSize: 6, wait: 0 } }),
  });
  Object.assign(state, { cfg, chain, pub });
  return state;
}

const learned = {}; // what a provider's refusals taught this visit (app/src/logs.mjs)

/** Logs of `address` (one, or a list: `logAddresses` per filter, default 10; optionally one
 * event's topics) from `fromBlock` to the latest block, in pages of `logPageBlocks` asked at once;
 * pages a provider refuses are cut and asked again (app/src/logs.mjs). */
export async function getLogsPaged({ address, abi, fromBlock, topics, toBlock }) {
  const last = toBlock ?? (await state.pub.getBlockNumber());
  const raw = await pagedLogs((args) => state.pub.request(args, { retryCount: 0 }), {
    address,
    topics,
    from: BigInt(fromBlock),
    to: last,
    step: BigInt(state.cfg.logPageBlocks || 5000),
    perFilter: Number(state.cfg.logAddresses || 10),
    learned,
  });
  return parseEventLogs({ abi, logs: raw.map((l) => ({ ...l, blockNumber: BigInt(l.blockNumber), logIndex: Number(l.logIndex) })) });
}

/** Many view calls at once (aggregated by Multicall3 when the chain has it); a failed one reads
 * as undefined (`quiet`: failures are expected, as when asking a token what it supports). */
export async function reads(calls, { quiet = false } = {}) {
  if (!calls.length) return [];
  if (state.cfg.contracts.Multicall3) {
    // one aggregate3 eth_call per 250 calls (nodes cap the request size; anvil at about 2 MB per HTTP request)
    const chunks = [];
    for (let i = 0; i < calls.length; i += 250) chunks.push(calls.slice(i, i + 250));
    const res = (
      await Promise.all(chunks.map((chunk) => state.pub.multicall({ contracts: chunk, allowFailure: true, batchSize: 0 })))
    ).flat();
    const failed = res.filter((r) => r.status !== 'success');
    if (failed.length && !quiet)
      console.warn(`${failed.length} of ${calls.length} reads failed: ${failed[0].error?.shortMessage || failed[0].error}`);
    return res.map((r) => (r.status === 'success' ? r.result : undefined));
  }
  return Promise.all(calls.map((c) => state.pub.readContract(c).catch(() => undefined)));
}

export { rankOrder } from './ranking.mjs';
