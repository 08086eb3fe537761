// SPDX-License-Identifier: MIT
// EIP-2612 permits: whether a project's ERC-20 takes them (found once per token from what the
// token says of itself, never guessed), and the permit a holder signs so that the project takes a
// payment in one transaction: multicall([selfPermit(...), payment]).
import { domainSeparator, encodeFunctionData, getAddress } from 'viem';
import { state, reads, projectAbi, erc20Abi, MULTICALL3_ABI } from './chain.js';
import { t } from './i18n.js';

const out = (type, name = '') => ({ name, type });
const view = (name, inputs, outputs) => ({ type: 'function', name, stateMutability: 'view', inputs, outputs });
export const PERMIT_ABI = [
  view('nonces', [out('address', 'owner')], [out('uint256')]),
  view('DOMAIN_SEPARATOR', [], [out('bytes32')]),
  view('name', [], [out('string')]),
  view('version', [], [out('string')]),
  // EIP-5267: the token's own account of its EIP-712 domain (OpenZeppelin's ERC20Permit has it)
  view(
    'eip712Domain',
    [],
    [
      out('bytes1', 'fields'),
      out('string', 'name'),
      out('string', 'version'),
      out('uint256', 'chainId'),
      out('address', 'verifyingContract'),
      out('bytes32', 'salt'),
      out('uint256[]', 'extensions'),
    ],
  ),
];
const PERMIT_TYPES = {
  Permit: [
    out('address', 'owner'),
    out('address', 'spender'),
    out('uint256', 'value'),
    out('uint256', 'nonce'),
    out('uint256', 'deadline'),
  ],
};
const DETECT = ['eip712Domain', 'DOMAIN_SEPARATOR', 'name', 'version'];

// token (lower case) -> its EIP-712 domain, or null when it takes no EIP-2612 permit; found once a visit
const domains = new Map();
/** Forget what was found for `token` (a permit that did not take: it pays by approval from now on). */
export const noPermit = (token) => domains.set(token.toLowerCase(), null);

/** The domain a token's permits are signed in, from its answers: eip712Domain() (EIP-5267) or
 * name()/version(), checked against DOMAIN_SEPARATOR() when the token has one; null when nothing
 * proves a domain, or the token keeps no permit nonces. */
export function domainOf(token, { eip712Domain, DOMAIN_SEPARATOR, name, version }, nonce) {
  if (nonce === undefined) return null;
  const chainId = state.cfg.chainId;
  const candidates = [];
  if (eip712Domain) {
    const [fields, n, v, id, verifyingContract, salt, extensions] = eip712Domain;
    const f = Number(fields);
    if (extensions.length || f & ~0x1f) return null; // extensions this app does not know
    const d = {};
    if (f & 1) d.name = n;
    if (f & 2) d.version = v;
    if (f & 4) {
      if (Number(id) !== chainId) return null;
      d.chainId = chainId;
    }
    if (f & 8) {
      if (verifyingContract.toLowerCase() !== token.toLowerCase()) return null;
      d.verifyingContract = getAddress(token);
    }
    if (f & 16) d.salt = salt;
    candidates.push(d);
  } else if (name !== undefined && DOMAIN_SEPARATOR) {
    // no EIP-5267: only a DOMAIN_SEPARATOR() that matches proves name and version
    for (const v of version !== undefined ? [version] : ['1', undefined])
      candidates.push({ name, ...(v === undefined ? {} : { version: v }), chainId, verifyingContract: getAddress(token) });
  }
  for (const domain of candidates) {
    let separator;
    try {
      separator = domainSeparator({ domain });
    } catch {
      continue;
    }
    if (!DOMAIN_SEPARATOR || separator.toLowerCase() === DOMAIN_SEPARATOR.toLowerCase()) return domain;
  }
  return null;
}

/**
 * What an ERC-20 payment of `owner` to `spender` needs to know, in one aggregated read: balance,
 * allowance, the chain's time, and the permit domain and nonce (the domain found on the first
 * payment with the token and remembered). Returns {balance, allowance, now, domain, nonce}.
 */
export async function paymentState(token, owner, spender) {
  const key = token.toLowerCase();
  const detect = !domains.has(key);
  const T = (functionName, args = [], abi = erc20Abi) => ({ address: token, abi, functionName, args });
  const calls = [
    T('balanceOf', [owner]),
    T('allowance', [owner, spender]),
    { address: state.cfg.contracts.Multicall3, abi: MULTICALL3_ABI, functionName: 'getCurrentBlockTimestamp' },
    T('nonces', [owner], PERMIT_ABI),
    ...(detect ? DETECT.map((f) => T(f, [], PERMIT_ABI)) : []),
  ];
  const [balance, allowance, now, nonce, ...found] = await reads(calls, { quiet: true });
  if (balance === undefined || allowance === undefined) throw new Error(t('error.readBalance', { token }));
  if (detect) domains.set(key, domainOf(token, Object.fromEntries(DETECT.map((f, i) => [f, found[i]])), nonce));
  const domain = nonce === undefined ? null : domains.get(key);
  return { balance, allowance, now: now ?? (await state.pub.getBlock()).timestamp, domain, nonce };
}

/** The typed data of a permit for exactly `value`, valid for an hour of chain time. */
export function permitTypedData({ domain, owner, spender, value, nonce, now }) {
  return { domain, types: PERMIT_TYPES, primaryType: 'Permit', message: { owner, spender, value, nonce, deadline: now + 3600n } };
}

/** multicall([selfPermit(value, deadline, v, r, s), payment]) on the payment's project, from a
 * 65-byte signature (r, s, v; v as 27/28 or as the y parity 0/1). */
export function permitAndPay(typed, signature, payment) {
  const r = `0x${signature.slice(2, 66)}`;
  const s = `0x${signature.slice(66, 130)}`;
  let v = parseInt(signature.slice(130, 132), 16);
  if (v < 27) v += 27;
  const { value, deadline } = typed.message;
  const data = [
    encodeFunctionData({ abi: projectAbi, functionName: 'selfPermit', args: [value, deadline, v, r, s] }),
    encodeFunctionData({ abi: payment.abi, functionName: payment.functionName, args: payment.args }),
  ];
  return { address: payment.address, abi: projectAbi, functionName: 'multicall', args: [data], value: 0n };
}
