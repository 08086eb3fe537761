// SPDX-License-Identifier: MIT
// The dApp's project list (#/) in headless chromium against each RPC URL given, for the public-RPC
// test (tests/routing/test_public_rpc_limits.py): serves app/dist with a config.json for that URL,
// opens the list on a fresh page (no wallet), and prints one JSON line per URL: the cards' text,
// the HTTP requests and JSON-RPC calls the page sent to the RPC, and the time to the list.
//   node tests/app/project_list.mjs '{"chainId":31337,"contracts":{...},"deployBlock":N,"rpcUrls":[...]}'
import { chromium } from 'playwright-core';
import { serveApp } from '../../app/serve.mjs';

const input = JSON.parse(process.argv[2]);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  for (const rpcUrl of input.rpcUrls) {
    const config = {
      chainId: input.chainId,
      chainName: 'spread chain',
      rpcUrl,
      contracts: input.contracts,
      deployBlock: input.deployBlock,
      logPageBlocks: input.logPageBlocks || 5000,
    };
    const server = await serveApp(config);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const sent = { requests: 0, calls: 0, getLogs: 0 };
    page.on('request', (r) => {
      if (!r.url().startsWith(rpcUrl) || r.method() !== 'POST') return;
      const body = JSON.parse(r.postData() || '{}');
      const calls = Array.isArray(body) ? body : [body];
      sent.requests++;
      sent.calls += calls.length;
      sent.getLogs += calls.filter((c) => c.method === 'eth_getLogs').length;
    });
    const errors = [];
    page.on('pageerror', (err) => errors.push(err.message));
    const t0 = Date.now();
    await page.goto(`${server.url}#/`);
    await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 120000 });
    const ms = Date.now() - t0;
    const cards = await page.evaluate(() =>
      [...document.querySelectorAll('#projects .project')].map((e) => `${e.dataset.project} ${e.innerText.replace(/\s+/g, ' ').trim()}`),
    );
    const error = await page.evaluate(() => document.getElementById('load-error')?.textContent || null);
    console.log(JSON.stringify({ rpcUrl, ms, ...sent, cards, error, errors }));
    await context.close();
    await server.close();
  }
} finally {
  await browser.close();
}
