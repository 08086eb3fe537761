// SPDX-License-Identifier: MIT
// What the load benches (measure.mjs: the project page; measure-saturday.mjs: the inbox and the
// services pages) share: headless Debian chromium, and a first visit in a fresh context, with the
// test wallet connected as an account or none, whose requests are counted by where they go (the
// app's server or the chain's RPC; the wallet's own calls go through the test binding, not the page).
import { chromium } from 'playwright-core';
import { TestWallet } from '../../tests/app/wallet.mjs';

/** The browser the benches measure in. */
export const launchChromium = () =>
  chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });

/**
 * A new page of `app` (localApp) in a fresh context, connected as `privateKey` (none: no wallet);
 * `requests` counts its requests to the app (`app`) and to the chain (`rpc`).
 */
export async function countedPage(browser, app, privateKey) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  if (privateKey) {
    const wallet = new TestWallet({ rpcUrl: app.anvil.rpcUrl, chain: app.c.chain });
    wallet.use(privateKey);
    await wallet.install(context);
    await context.addInitScript(() => localStorage.setItem('cobuild.wallet', 'org.cobuild.testwallet'));
  }
  const page = await context.newPage();
  const requests = { app: 0, rpc: 0 };
  page.on('request', (r) => {
    if (r.url().startsWith(app.anvil.rpcUrl)) requests.rpc++;
    else requests.app++;
  });
  return { context, page, requests };
}
