// SPDX-License-Identifier: MIT
// An injected EIP-1193 test wallet for the browser tests: announced by EIP-6963 (and as
// window.ethereum), it signs transactions with a local key (viem local account) and forwards every
// other request to the chain. `rejectNext()` makes the next signature request fail like a user's
// refusal (code 4001); `use(key)` switches the account and emits accountsChanged.
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
    this.rpcUrl = rpcUrl; this.chain = chain; this.account = null; this.rejecting = 0; this.sent = [];
  }
  use(privateKey) {
    this.account = privateKeyToAccount(privateKey);
    this.client = createWalletClient({ account: this.account, chain: this.chain, transport: http(this.rpcUrl) });
    return this.account.address;
  }
  rejectNext(n = 1) { this.rejecting = n; }
  async forward(method, params) {
    const r = await fetch(this.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
    const body = await r.json();
    return body.error ? { error: body.error } : { result: body.result };
  }
  async handle(method, params) {
    const reject = () => ({ error: { code: 4001, message: 'User rejected the request.' } });
    switch (method) {
      case 'eth_requestAccounts': case 'eth_accounts': return { result: this.account ? [this.account.address] : [] };
      case 'eth_chainId': return { result: numberToHex(this.chain.id) };
      case 'wallet_switchEthereumChain': case 'wallet_addEthereumChain': return { result: null };
      case 'eth_sendTransaction': {
        if (this.rejecting > 0) { this.rejecting--; return reject(); }
        const [tx] = params;
        try {
          const hash = await this.client.sendTransaction({ to: tx.to, data: tx.data, value: tx.value ? hexToBigInt(tx.value) : 0n,
            gas: tx.gas ? hexToBigInt(tx.gas) : undefined });
          this.sent.push(hash);
          return { result: hash };
        } catch (err) { return { error: { code: -32000, message: err.shortMessage || err.message } }; }
      }
      case 'personal_sign': {
        if (this.rejecting > 0) { this.rejecting--; return reject(); }
        return { result: await this.account.signMessage({ message: { raw: params[0] } }) };
      }
      default: return this.forward(method, params);
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
