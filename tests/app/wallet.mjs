// SPDX-License-Identifier: MIT
// An injected EIP-1193 test wallet for the browser tests: announced by EIP-6963 (and as
// window.ethereum), it signs transactions with a local key (viem local account) and forwards every
// other request to the chain; it answers eth_signTypedData_v4 (an EIP-2612 permit, say) by signing
// the typed data with the same key (viem's signTypedData). Every request to sign is recorded:
// `requests` (method, parameters, rejected or not, in order), `sent` (the hashes sent) and `signed`
// (the typed data signed). `rejectNext()` makes the next signature request (a transaction or typed
// data) fail like a user's refusal (code 4001); `signAsOtherNext()` signs the next typed data with
// another key (a permit the token refuses, as a token whose permit is not EIP-2612's would);
// `use(key)` switches the account and emits accountsChanged.
import { createWalletClient, http, numberToHex, hexToBigInt } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

const PAGE_SIDE = `(() => {
  const listeners = {};
  const provider = {
    isCobuildTestWallet: true,
    async request({ method, params }) {
      const r = await window.__testWallet(method, params || []);
      if (r.error) { const e = new Error(r.error.message); e.code = r.error.code; if (r.error.data) e.data = r.error.data; throw e; }
      return r.result;
    },
    on(event, fn) { (listeners[event] ||= []).push(fn); return provider; },
    removeListener(event, fn) { listeners[event] = (listeners[event] || []).filter((f) => f !== fn); return provider; },
  };
  window.__walletEmit = (event, value) => (listeners[event] || []).forEach((fn) => fn(value));
  const info = { uuid: 'b1c0ffee-0000-4000-8000-000000000001', name: 'Test wallet', icon: 'data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg"/>', rdns: 'org.cobuild.testwallet' };
  const announce = () => window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail: Object.freeze({ info, provider }) }));
  window.addEventListener('eip6963:requestProvider', announce);
  window.ethereum = provider;
  announce();
})();`;

export class TestWallet {
  constructor({ rpcUrl, chain }) {
    this.rpcUrl = rpcUrl;
    this.chain = chain;
    this.account = null;
    this.rejecting = 0;
    this.sent = [];
    this.signed = [];
    this.requests = [];
  }
  use(privateKey) {
    this.account = privateKeyToAccount(privateKey);
    this.client = createWalletClient({ account: this.account, chain: this.chain, transport: http(this.rpcUrl) });
    return this.account.address;
  }
  rejectNext(n = 1) {
    this.rejecting = n;
  }
  signAsOtherNext() {
    this.other = privateKeyToAccount(`0x${'11'.repeat(32)}`);
  }
  async forward(method, params) {
    const r = await fetch(this.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    });
    const body = await r.json();
    return body.error ? { error: body.error } : { result: body.result };
  }
  async handle(method, params) {
    const reject = () => ({ error: { code: 4001, message: 'User rejected the request.' } });
    switch (method) {
      case 'eth_requestAccounts':
      case 'eth_accounts':
        return { result: this.account ? [this.account.address] : [] };
      case 'eth_chainId':
        return { result: numberToHex(this.chain.id) };
      case 'wallet_switchEthereumChain':
      case 'wallet_addEthereumChain':
        return { result: null };
      case 'eth_sendTransaction': {
        const [tx] = params;
        const asked = { method, from: tx.from, to: tx.to, data: tx.data, value: tx.value, rejected: this.rejecting > 0 };
        this.requests.push(asked);
        if (this.rejecting > 0) {
          this.rejecting--;
          return reject();
        }
        try {
          const hash = await this.client.sendTransaction({
            to: tx.to,
            data: tx.data,
            value: tx.value ? hexToBigInt(tx.value) : 0n,
            gas: tx.gas ? hexToBigInt(tx.gas) : undefined,
          });
          this.sent.push(hash);
          return { result: hash };
        } catch (err) {
          return { error: { code: -32000, message: err.shortMessage || err.message } };
        }
      }
      case 'eth_signTypedData_v4': {
        const [address, json] = params;
        const typed = typeof json === 'string' ? JSON.parse(json) : json;
        this.requests.push({ method, address, typedData: typed, rejected: this.rejecting > 0 });
        if (this.rejecting > 0) {
          this.rejecting--;
          return reject();
        }
        if (address.toLowerCase() !== this.account.address.toLowerCase())
          return { error: { code: 4100, message: `${address} is not this wallet's account.` } };
        if (typed.domain?.chainId !== undefined && Number(typed.domain.chainId) !== this.chain.id)
          return { error: { code: -32602, message: `typed data for chain ${typed.domain.chainId}` } };
        const { domain, types, primaryType, message } = typed;
        try {
          const signer = this.other || this.account;
          this.other = null;
          const signature = await signer.signTypedData({ domain, types, primaryType, message });
          this.signed.push({ address, typedData: typed, signature });
          return { result: signature };
        } catch (err) {
          return { error: { code: -32602, message: err.shortMessage || err.message } };
        }
      }
      case 'personal_sign': {
        this.requests.push({ method, rejected: this.rejecting > 0 });
        if (this.rejecting > 0) {
          this.rejecting--;
          return reject();
        }
        return { result: await this.account.signMessage({ message: { raw: params[0] } }) };
      }
      default:
        return this.forward(method, params);
    }
  }
  /** Install the wallet in a browser context (before any page script runs). */
  async install(context) {
    await context.exposeBinding('__testWallet', (_source, method, params) => this.handle(method, params));
    await context.addInitScript(PAGE_SIDE);
  }
  /** Switch the wallet's account and tell the page (EIP-1193 accountsChanged). */
  async switchTo(page, privateKey) {
    const address = this.use(privateKey);
    await page.evaluate((a) => window.__walletEmit('accountsChanged', [a]), address);
    return address;
  }
}
