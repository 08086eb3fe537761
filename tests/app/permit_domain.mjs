// SPDX-License-Identifier: MIT
// How the dApp decides that a token takes EIP-2612 permits (app/src/permit.js domainOf), from what
// the token answers: OpenZeppelin's EIP-5267 eip712Domain(), USDC's name()/version() and DAI's
// name() alone, each only when DOMAIN_SEPARATOR() agrees; anything unproven is no permit (the app
// approves instead). And the permit it builds: signed with viem, it recovers to the owner, and
// multicall([selfPermit, payment]) carries the signature's r, s and v (27/28 from either form).
// Prints one JSON line per check; exits 1 if any fails.   node tests/app/permit_domain.mjs
import { domainSeparator, decodeFunctionData, recoverTypedDataAddress, zeroHash, getAddress } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { state, projectAbi } from '../../app/src/chain.js';
import { domainOf, permitTypedData, permitAndPay } from '../../app/src/permit.js';

const results = [];
const check = (what, ok, detail = '') => results.push({ what, ok: Boolean(ok), detail: String(detail) });
state.cfg = { chainId: 31337, contracts: {} };
const token = '0x5fbdb2315678afecb367f032d93f642f64180aa3';
const other = '0x0000000000000000000000000000000000000bad';
const T = getAddress(token);
const sep = (domain) => domainSeparator({ domain });
const oz = { name: 'Cobuild Dollar', version: '1', chainId: 31337, verifyingContract: T };
const eip5267 = (d = oz, fields = '0x0f', extensions = []) => [
  fields,
  d.name,
  d.version,
  BigInt(d.chainId),
  d.verifyingContract,
  zeroHash,
  extensions,
];

const cases = [
  [
    'OpenZeppelin ERC20Permit: eip712Domain() and a matching DOMAIN_SEPARATOR()',
    { eip712Domain: eip5267(), DOMAIN_SEPARATOR: sep(oz), name: oz.name, version: '1' },
    0n,
    oz,
  ],
  ["eip712Domain() alone (EIP-5267 is the token's own word)", { eip712Domain: eip5267() }, 0n, oz],
  [
    'eip712Domain() that DOMAIN_SEPARATOR() contradicts',
    { eip712Domain: eip5267(), DOMAIN_SEPARATOR: sep({ ...oz, version: '2' }) },
    0n,
    null,
  ],
  ['eip712Domain() of another chain', { eip712Domain: eip5267({ ...oz, chainId: 1 }) }, 0n, null],
  ['eip712Domain() of another contract', { eip712Domain: eip5267({ ...oz, verifyingContract: getAddress(other) }) }, 0n, null],
  ['eip712Domain() with extensions', { eip712Domain: eip5267(oz, '0x0f', [1n]) }, 0n, null],
  [
    'eip712Domain() without a version field',
    { eip712Domain: eip5267(oz, '0x0d') },
    0n,
    { name: oz.name, chainId: 31337, verifyingContract: T },
  ],
  [
    'USDC-like: name(), version() "2" and a matching DOMAIN_SEPARATOR()',
    { name: 'USD Coin', version: '2', DOMAIN_SEPARATOR: sep({ ...oz, name: 'USD Coin', version: '2' }) },
    3n,
    { ...oz, name: 'USD Coin', version: '2' },
  ],
  [
    'DAI-like: name() without version(), DOMAIN_SEPARATOR() of version "1"',
    { name: 'Dai', DOMAIN_SEPARATOR: sep({ ...oz, name: 'Dai' }) },
    0n,
    { ...oz, name: 'Dai' },
  ],
  [
    'name() without version(), DOMAIN_SEPARATOR() of no version',
    { name: 'Odd', DOMAIN_SEPARATOR: sep({ name: 'Odd', chainId: 31337, verifyingContract: T }) },
    0n,
    { name: 'Odd', chainId: 31337, verifyingContract: T },
  ],
  [
    'name() and version() that DOMAIN_SEPARATOR() does not match',
    { name: 'X', version: '1', DOMAIN_SEPARATOR: sep({ ...oz, name: 'Y' }) },
    0n,
    null,
  ],
  ['name() and version() without DOMAIN_SEPARATOR(): not proven', { name: 'X', version: '1' }, 0n, null],
  ['a domain but no nonces(owner)', { eip712Domain: eip5267(), DOMAIN_SEPARATOR: sep(oz) }, undefined, null],
  ['a plain ERC-20 (no answer at all)', {}, undefined, null],
];
for (const [what, answers, nonce, expected] of cases) {
  const got = domainOf(token, answers, nonce);
  check(what, JSON.stringify(got) === JSON.stringify(expected), `${JSON.stringify(got)} vs ${JSON.stringify(expected)}`);
}

// the permit for exactly the value, signed as a wallet signs eth_signTypedData_v4, in the multicall
const owner = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
const spender = '0xE451980132E65465d0a498c53f0b5227326Dd73F';
const typed = permitTypedData({ domain: oz, owner: owner.address, spender, value: 12n * 10n ** 18n, nonce: 4n, now: 1000n });
check(
  'the permit: exactly the value, the nonce, an hour of chain time',
  typed.message.value === 12n * 10n ** 18n &&
    typed.message.nonce === 4n &&
    typed.message.deadline === 4600n &&
    typed.primaryType === 'Permit',
);
const signature = await owner.signTypedData(typed);
check('signed, it recovers to the owner', (await recoverTypedDataAddress({ ...typed, signature })) === owner.address);
const payment = { address: spender, abi: projectAbi, functionName: 'invest', args: [1n, 12n * 10n ** 18n], value: 0n };
for (const form of ['v', 'yParity']) {
  let sig = signature;
  if (form === 'yParity') sig = `${signature.slice(0, 130)}${(parseInt(signature.slice(130), 16) - 27).toString(16).padStart(2, '0')}`;
  const req = permitAndPay(typed, sig, payment);
  const [permitCall, payCall] = req.args[0].map((data) => decodeFunctionData({ abi: projectAbi, data }));
  const [value, deadline, v, r, s] = permitCall.args;
  check(
    `multicall([selfPermit, invest]) from a signature with ${form}`,
    req.functionName === 'multicall' &&
      req.value === 0n &&
      req.address === spender &&
      permitCall.functionName === 'selfPermit' &&
      value === typed.message.value &&
      deadline === 4600n &&
      v === parseInt(signature.slice(130), 16) &&
      r === signature.slice(0, 66) &&
      s === `0x${signature.slice(66, 130)}` &&
      payCall.functionName === 'invest' &&
      payCall.args[0] === 1n &&
      payCall.args[1] === 12n * 10n ** 18n,
    `${permitCall.functionName} v=${v}`,
  );
}
for (const r of results) console.log(JSON.stringify(r));
process.exit(results.every((r) => r.ok) ? 0 : 1);
