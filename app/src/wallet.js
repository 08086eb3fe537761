// SPDX-License-Identifier: MIT
// The connected wallet: EIP-6963 discovery (window.ethereum as fallback), account and chain
// changes, switching to the app's chain, and every write with its states
// (approval → simulation → pending → confirmed | failed | rejected).
import { createWalletClient, custom, numberToHex } from 'viem';
import { state as chainState, erc20Abi } from './chain.js';
import { explain, isRejection } from './errors.js';

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
  provider.on?.('accountsChanged', (accounts) => { wallet.account = accounts[0] || null; notify(); });
  provider.on?.('chainChanged', (id) => { wallet.chainId = Number(id); notify(); });
}

export async function connect(uuid) {
  const choice = available().find((p) => p.info.uuid === uuid) || available()[0];
  if (!choice) throw new Error('No wallet found: install MetaMask (or another EIP-1193 wallet) and reload.');
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
    await wallet.provider.request({ method: 'wallet_addEthereumChain', params: [{ chainId, chainName: cfg.chainName || `Chain ${cfg.chainId}`,
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: [cfg.rpcUrl] }] });
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
    el.innerHTML = `<b>${label}</b> · <span class="st">${status}</span><div class="msg"></div>`;
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

async function sendOne(client, set, request) {
  const { pub } = chainState;
  set('simulating', 'Checking the transaction against the chain…');
  const { request: simulated } = await pub.simulateContract({ ...request, account: wallet.account });
  set('signing', 'Confirm in your wallet.');
  const hash = await client.writeContract(simulated);
  set('pending', `Sent: ${hash}`);
  const receipt = await pub.waitForTransactionReceipt({ hash, pollingInterval: 250 });
  if (receipt.status !== 'success') throw new Error(`The transaction ${hash} reverted.`);
  return receipt;
}

/**
 * Run one or more writes as the connected account. `approve: {token, amount}` first makes sure the
 * project may pull `amount` of the ERC-20 (one approval transaction when the allowance is short).
 * Returns the receipts, or null when it failed or was rejected (the page stays usable either way).
 */
export async function run(label, requests, { approve } = {}) {
  const set = toast(label);
  try {
    const client = await ready();
    if (approve && approve.amount > 0n) {
      const allowance = await chainState.pub.readContract({ address: approve.token, abi: erc20Abi, functionName: 'allowance', args: [wallet.account, approve.spender] });
      if (allowance < approve.amount) {
        set('approving', 'Approve the token spend in your wallet.');
        await sendOne(client, () => {}, { address: approve.token, abi: erc20Abi, functionName: 'approve', args: [approve.spender, approve.amount] });
      }
    }
    const receipts = [];
    const list = Array.isArray(requests) ? requests : [requests];
    for (const [i, r] of list.entries()) {
      const step = list.length > 1 ? (s, t) => set(s, `${i + 1}/${list.length}: ${t}`) : set;
      receipts.push(await sendOne(client, step, typeof r === 'function' ? await r() : r));
    }
    set('confirmed', `Confirmed in block ${receipts.at(-1).blockNumber}.`);
    return receipts;
  } catch (err) {
    set(isRejection(err) ? 'rejected' : 'failed', explain(err));
    return null;
  }
}
