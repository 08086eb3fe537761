// SPDX-License-Identifier: MIT
// The connected wallet: EIP-6963 discovery (window.ethereum as fallback), account and chain
// changes, switching to the app's chain, and every write with its states (simulating → signing →
// pending → confirmed | failed | rejected; an ERC-20 payment signs a permit or approves first).
import { createWalletClient, custom, numberToHex } from 'viem';
import { state as chainState, erc20Abi } from './chain.js';
import { explain, isRejection, revertName } from './errors.js';
import { paymentState, permitTypedData, permitAndPay, noPermit } from './permit.js';
import { money } from './ui.js';
import { t } from './i18n.js';

export const wallet = { providers: [], provider: null, info: null, account: null, chainId: null, listeners: new Set() };
const notify = () => wallet.listeners.forEach((fn) => fn());

export function discover() {
  window.addEventListener('eip6963:announceProvider', (event) => {
    const { info, provider } = event.detail;
    if (!wallet.providers.some((p) => p.info.uuid === info.uuid)) wallet.providers.push({ info, provider });
    notify();
  });
  window.dispatchEvent(new Event('eip6963:requestProvider'));
}

export function available() {
  if (wallet.providers.length) return wallet.providers;
  if (window.ethereum) return [{ info: { uuid: 'injected', name: 'Browser wallet', rdns: 'injected' }, provider: window.ethereum }];
  return [];
}

function attach(provider) {
  if (wallet.provider === provider) return;
  wallet.provider = provider;
  provider.on?.('accountsChanged', (accounts) => {
    wallet.account = accounts[0] || null;
    notify();
  });
  provider.on?.('chainChanged', (id) => {
    wallet.chainId = Number(id);
    notify();
  });
}

export async function connect(uuid) {
  const choice = available().find((p) => p.info.uuid === uuid) || available()[0];
  if (!choice) throw new Error(t('wallet.noneFound'));
  attach(choice.provider);
  wallet.info = choice.info;
  const accounts = await choice.provider.request({ method: 'eth_requestAccounts' });
  wallet.account = accounts[0] || null;
  wallet.chainId = Number(await choice.provider.request({ method: 'eth_chainId' }));
  localStorage.setItem('cobuild.wallet', choice.info.rdns);
  notify();
  return wallet.account;
}

/** Reconnect silently to the wallet used last time, if it still grants the account. */
export async function restore() {
  const rdns = localStorage.getItem('cobuild.wallet');
  const choice = available().find((p) => p.info.rdns === rdns);
  if (!choice) return;
  attach(choice.provider);
  wallet.info = choice.info;
  const accounts = await choice.provider.request({ method: 'eth_accounts' });
  wallet.account = accounts[0] || null;
  wallet.chainId = Number(await choice.provider.request({ method: 'eth_chainId' }));
  notify();
}

export const wrongChain = () => wallet.account && wallet.chainId !== chainState.cfg.chainId;

export async function switchChain() {
  const { cfg } = chainState;
  const chainId = numberToHex(cfg.chainId);
  try {
    await wallet.provider.request({ method: 'wallet_switchEthereumChain', params: [{ chainId }] });
  } catch (err) {
    if (err.code !== 4902) throw err;
    await wallet.provider.request({
      method: 'wallet_addEthereumChain',
      params: [
        {
          chainId,
          chainName: cfg.chainName || `Chain ${cfg.chainId}`,
          nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
          rpcUrls: [cfg.rpcUrl],
        },
      ],
    });
  }
  wallet.chainId = Number(await wallet.provider.request({ method: 'eth_chainId' }));
  notify();
}

// ---- transaction states, shown in #tx
let seq = 0;
function toast(label) {
  const el = document.createElement('div');
  el.className = 't';
  el.dataset.tx = String(++seq);
  document.body.dataset.txs = String(seq);
  document.getElementById('tx').prepend(el);
  const set = (status, text) => {
    el.className = `t ${status}`;
    el.dataset.status = status;
    el.innerHTML = `<b></b> · <span class="st"></span><div class="msg"></div>`;
    el.querySelector('b').textContent = label;
    el.querySelector('.st').textContent = t(`txStatus.${status}`);
    el.querySelector('.msg').textContent = text || '';
    if (status === 'confirmed') setTimeout(() => el.remove(), 8000);
  };
  return set;
}

async function ready() {
  if (!wallet.account) await connect(wallet.info?.uuid);
  if (wrongChain()) await switchChain();
  return createWalletClient({ chain: chainState.chain, transport: custom(wallet.provider), account: wallet.account });
}

/** Simulate `request` as the connected account (the states' first step). */
async function simulate(set, request) {
  set('simulating', t('tx.simulating'));
  return chainState.pub.simulateContract({ ...request, account: wallet.account });
}

/** Send a simulated request and wait for its receipt; `describe(result)` adds what the simulation
 * says the call returns to the wallet prompt. */
async function send(client, set, { request, result }, describe) {
  set('signing', `${t('tx.confirm')}${describe ? ` ${describe(result)}` : ''}`);
  const hash = await client.writeContract(request);
  set('pending', t('tx.sent', { hash }));
  const receipt = await chainState.pub.waitForTransactionReceipt({ hash, pollingInterval: 250 });
  if (receipt.status !== 'success') throw new Error(t('tx.reverted', { hash }));
  return receipt;
}

async function sendOne(client, set, request, describe) {
  return send(client, set, await simulate(set, request), describe);
}

/**
 * An ERC-20 payment (`request` pulls `amount` of `token` from the caller to `spender`): the balance
 * is checked first; an allowance that already covers the amount sends the payment alone; a token
 * with EIP-2612 permits takes one permit signature (exactly the amount) and one transaction,
 * multicall([selfPermit, payment]); any other token an approval of the exact amount, then the
 * payment. A permit the simulation shows did not take falls back to the approval (nothing sent).
 */
async function payToken(client, set, { token, spender, amount, info }, request) {
  set('simulating', t('tx.checkingBalance'));
  const st = await paymentState(token, wallet.account, spender);
  if (st.balance < amount) throw new Error(t('tx.short', { amount: money(amount, info), balance: money(st.balance, info) }));
  if (st.allowance >= amount) return sendOne(client, set, request);
  if (st.domain) {
    const typed = permitTypedData({ domain: st.domain, owner: wallet.account, spender, value: amount, nonce: st.nonce, now: st.now });
    set('signing', t('tx.permit', { amount: money(amount, info) }));
    const signature = await client.signTypedData({ account: wallet.account, ...typed });
    let simulated = null;
    try {
      simulated = await simulate(set, permitAndPay(typed, signature, request));
    } catch (err) {
      if (revertName(err) !== 'PermitFailed') throw err;
      noPermit(token); // its permit is not EIP-2612's after all: this visit approves instead
    }
    if (simulated) return send(client, set, simulated);
  }
  set('approving', t('tx.approve', { amount: money(amount, info) }));
  await sendOne(client, () => {}, { address: token, abi: erc20Abi, functionName: 'approve', args: [spender, amount] });
  return sendOne(client, set, request);
}

/**
 * Run one or more writes as the connected account. `erc20: {token, spender, amount, info}` makes
 * the one write an ERC-20 payment (see payToken: a permit in the same transaction, or an approval
 * first, or neither); `describe(result)` words a write's simulated result for the wallet prompt.
 * Returns the receipts, or null when it failed or was rejected (the page stays usable either way).
 */
export async function run(label, requests, { erc20, describe } = {}) {
  const set = toast(label);
  try {
    const client = await ready();
    const list = Array.isArray(requests) ? requests : [requests];
    const receipts = [];
    for (const [i, r] of list.entries()) {
      const step = list.length > 1 ? (s, text) => set(s, `${i + 1}/${list.length}: ${text}`) : set;
      const request = typeof r === 'function' ? await r() : r;
      receipts.push(
        await (erc20 && erc20.amount > 0n && i === 0 ? payToken(client, step, erc20, request) : sendOne(client, step, request, describe)),
      );
    }
    set('confirmed', t('tx.confirmed', { block: receipts.at(-1).blockNumber }));
    return receipts;
  } catch (err) {
    set(isRejection(err) ? 'rejected' : 'failed', explain(err));
    return null;
  }
}
