// SPDX-License-Identifier: MIT
// The dApp's journeys in headless Chromium (Debian's chromium, driven by playwright-core) with the
// injected test wallet; each journey acts on the page and then checks the chain with viem.
// Writes out/app/journeys.json (one result per journey) and out/app/*.png (every page).
//   node tests/app/journeys.mjs
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { parseEther, parseEventLogs, zeroAddress, createPublicClient, http } from 'viem';
import { localApp } from '../../app/serve.mjs';
import { root, Driver, PROJECT_ABI, FACTORY_ABI, ERC20_ABI } from '../../app/tools/devchain.mjs';
import { TestWallet } from './wallet.mjs';

const out = join(root, 'out', 'app');
mkdirSync(out, { recursive: true });
for (const f of readdirSync(out)) if (f.endsWith('.png') || f === 'journeys.json') unlinkSync(join(out, f));
const results = [];
const E = parseEther;

const app = await localApp();
const { c, accounts, projects: P } = app;
const d = new Driver(c, app.record, {});
// every chain read of the test itself (not the page's), counted per journey
let chainReads = 0;
const reader = createPublicClient({ chain: c.chain, transport: http(app.anvil.rpcUrl, { onFetchRequest: () => { chainReads++; } }) });
const key = (i) => accounts[i].privateKey;
const who = (i) => accounts[i].address;
const read = (project, fn, args = []) => reader.readContract({ address: project, abi: PROJECT_ABI, functionName: fn, args });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const wallet = new TestWallet({ rpcUrl: app.anvil.rpcUrl, chain: c.chain });
await wallet.install(context);
const page = await context.newPage();
page.on('pageerror', (err) => console.error('page error:', err.message));

async function settled(before) {
  await page.waitForFunction((b) => document.body.dataset.ready && document.body.dataset.ready !== b, before, { timeout: 20000 });
}
/** A fresh load of the page at `hash` (the wallet reconnects silently, as after a reload). */
async function open(hash) {
  await page.goto('about:blank');
  await page.goto(`${app.url}#${hash}`);
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 20000 });
}
async function as(i) {
  const b = await page.evaluate(() => document.body.dataset.ready || '');
  await wallet.switchTo(page, key(i));
  await page.evaluate(() => localStorage.setItem('cobuild.wallet', 'org.cobuild.testwallet'));
  if (await page.locator('button.connect').count()) await page.locator('button.connect').first().click();
  await settled(b);
  await page.waitForFunction((a) => document.getElementById('account')?.title === a, who(i));
}
/** Run a UI action that starts a transaction; resolves with its final toast {status, msg} and waits for the re-render. */
async function tx(action) {
  const n = await page.evaluate(() => Number(document.body.dataset.txs || 0));
  const b = await page.evaluate(() => document.body.dataset.ready);
  await action();
  const sel = `#tx .t[data-tx="${n + 1}"]`;
  await page.waitForSelector(`${sel}[data-status=confirmed], ${sel}[data-status=failed], ${sel}[data-status=rejected]`, { timeout: 30000 });
  const res = await page.evaluate((s) => { const e = document.querySelector(s); return { status: e.dataset.status, msg: e.querySelector('.msg').textContent }; }, sel);
  if (res.status === 'confirmed') await settled(b);
  return res;
}
const shot = (name) => page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
async function fee(hash) { const r = await reader.getTransactionReceipt({ hash }); return r.gasUsed * r.effectiveGasPrice; }
async function lastTx(address) {
  const h = wallet.sent.at(-1);
  const r = await reader.getTransactionReceipt({ hash: h });
  if (address && r.from.toLowerCase() !== address.toLowerCase()) throw new Error('last transaction is not from the expected account');
  return { hash: h, receipt: r, logs: parseEventLogs({ abi: PROJECT_ABI, logs: r.logs }) };
}

async function journey(id, name, fn) {
  const checks = [];
  const check = (what, ok, detail = '') => { checks.push({ what, ok: Boolean(ok), detail: String(detail) }); if (!ok) throw new Error(`${what}: ${detail}`); };
  const t0 = Date.now();
  chainReads = 0;
  try { await fn(check); results.push({ id, name, ok: true, checks, chainReads, ms: Date.now() - t0 }); }
  catch (err) { await shot(`failed-journey-${id}`).catch(() => {}); results.push({ id, name, ok: false, checks, chainReads, error: String(err.stack || err), ms: Date.now() - t0 }); }
  console.log(`journey ${id} ${results.at(-1).ok ? 'ok' : 'FAILED'}: ${name}${results.at(-1).error ? `\n  ${results.at(-1).error.split('\n')[0]}` : ''}`);
}

const BACKER = 13, FINALIZER = 14, STRANGER = 15;
try {
  await open('/');
  await shot('projects');
  await open('/create'); await shot('create');
  await open('/platform'); await shot('platform');
  await open(`/p/${P.car}`); await shot('project-ideation');

  await journey(1, 'a backer connects, invests in a new and an existing combination, and argues', async (check) => {
    await as(BACKER);
    const me = who(BACKER);
    check('connected account shown', (await page.locator('#account').getAttribute('title')) === me, me);
    // options of the car: 1 Sphere shell, 2 Egg shell (shape); 3 Carbon fibre, 4 Recycled aluminium; 5 Electric hub motors
    await page.selectOption('form[name=invest-new] select[name=d0]', '2');
    await page.selectOption('form[name=invest-new] select[name=d1]', '3');
    await page.selectOption('form[name=invest-new] select[name=d2]', '5');
    await page.fill('form[name=invest-new] input[name=amount]', '0.2');
    let r = await tx(() => page.click('form[name=invest-new] button'));
    check('new combination confirmed', r.status === 'confirmed', r.msg);
    const combo = Number(await read(P.car, 'combinationId', [[2, 3, 5]]));
    check('combination created on chain', combo === 3, combo);
    check('stake in the new combination', (await read(P.car, 'stakeOf', [3n, me])) === E('0.2'));
    await page.click('button[name=pick-1]');
    check('picking a row fills the form', (await page.inputValue('form[name=invest] input[name=combo]')) === '1');
    await page.fill('form[name=invest] input[name=amount]', '0.3');
    r = await tx(() => page.click('form[name=invest] button'));
    check('existing combination confirmed', r.status === 'confirmed', r.msg);
    check('stake in the existing combination', (await read(P.car, 'stakeOf', [1n, me])) === E('0.3'));
    const text = 'Egg shell with carbon fibre: light and still round enough to roll.';
    await page.selectOption('form[name=argue] select[name=combo]', '3');
    await page.fill('form[name=argue] input[name=text]', text);
    r = await tx(() => page.click('form[name=argue] button'));
    check('argument confirmed', r.status === 'confirmed', r.msg);
    const { logs } = await lastTx(me);
    const arg = logs.find((l) => l.eventName === 'ArgumentPublished');
    check('argument text emitted on chain', arg && arg.args.text === text && arg.args.author === me && arg.args.combo === 3n);
    check('argument shown on the page', (await page.locator('#arguments').textContent()).includes(text));
    await shot('project-ideation-after-invest');
  });

  await journey(6, 'a reverting transaction shows its decoded error', async (check) => {
    await as(STRANGER);
    const me = who(STRANGER);
    const nonce = await reader.getTransactionCount({ address: me });
    const options = (await read(P.car, 'counts'))[0];
    await page.selectOption('form[name=offer] select[name=dimension]', '0');
    await page.fill('form[name=offer] input[name=text]', 'Free shell');
    await page.fill('form[name=offer] input[name=quote]', '0');
    let r = await tx(() => page.click('form[name=offer] button'));
    check('zero quote fails', r.status === 'failed', r.status);
    check('decoded ZeroAmount sentence', r.msg.includes('A quote, price, payment or amount of zero where money is required.'), r.msg);
    await open('/platform');
    await page.fill('form[name=propose] input[name=next]', me);
    r = await tx(() => page.click('form[name=propose] button'));
    check('non-treasury proposal fails', r.status === 'failed', r.status);
    check('decoded NotTreasury sentence with its argument', r.msg.includes('Only the treasury') && r.msg.toLowerCase().includes(me.toLowerCase()), r.msg);
    await shot('error');
    check('nothing was sent', (await reader.getTransactionCount({ address: me })) === nonce);
    check('no option was added', (await read(P.car, 'counts'))[0] === options);
    const pending = await reader.readContract({ address: app.record.contracts.CobuildFactory, abi: FACTORY_ABI, functionName: 'pendingTreasury' });
    check('no treasury proposed', pending === zeroAddress, pending);
  });

  await journey(7, 'a rejection in the wallet is shown, and the page recovers', async (check) => {
    await open(`/p/${P.car}`);
    await as(BACKER);
    const me = who(BACKER);
    const before = (await read(P.car, 'stakeOf', [1n, me]));
    wallet.rejectNext();
    await page.fill('form[name=invest] input[name=combo]', '1');
    await page.fill('form[name=invest] input[name=amount]', '0.1');
    let r = await tx(() => page.click('form[name=invest] button'));
    check('rejection shown', r.status === 'rejected' && r.msg.includes('You rejected the request in your wallet'), `${r.status}: ${r.msg}`);
    await shot('rejected');
    check('stake unchanged after the rejection', (await read(P.car, 'stakeOf', [1n, me])) === before);
    check('page still usable', await page.locator('form[name=invest] button').isEnabled());
    await page.fill('form[name=invest] input[name=combo]', '1');
    await page.fill('form[name=invest] input[name=amount]', '0.1');
    r = await tx(() => page.click('form[name=invest] button'));
    check('retry confirmed', r.status === 'confirmed', r.msg);
    check('stake grew by the retry', (await read(P.car, 'stakeOf', [1n, me])) === before + E('0.1'));
  });

  await journey(2, 'time passes and someone finalizes from the page (in batches)', async (check) => {
    await d.travelTo(Number((await read(P.car, 'config')).ideationEnd));
    await open(`/p/${P.car}`);
    await as(FINALIZER);
    check('page shows Finalizing', (await page.locator('#phase').textContent()) === 'Finalizing');
    await page.fill('form[name=finalize] input[name=batch]', '2');
    const r = await tx(() => page.click('form[name=finalize] button'));
    check('finalize confirmed', r.status === 'confirmed', r.msg);
    check('two batches sent', wallet.sent.length >= 2);
    const [ranked, selected] = await read(P.car, 'selection');
    check('every combination ranked', ranked === 3n, ranked);
    check('one selected', selected === 1n, selected);
    const [, mine] = await read(P.car, 'rankingOf', [who(FINALIZER)]);
    check("the finalizer's own attempt ranked all", mine === 3n, mine);
    check('phase is Rescue on chain', (await read(P.car, 'phase')) === 3);
    // one rescue: only the best-ranked combination left out (#2) may be rescued; #3 is out at once
    check('status of #1 Selected, #2 Eliminated, #3 NotSelected', (await read(P.car, 'status', [1n])) === 2
      && (await read(P.car, 'status', [2n])) === 3 && (await read(P.car, 'status', [3n])) === 4);
    await shot('project-rescue');
  });

  await journey(3, 'a backer whose combination was not selected takes a refund, to the wei', async (check) => {
    await d.travelTo((await d.schedule(P.car))[0]);
    await open(`/p/${P.car}`);
    await as(BACKER);
    const me = who(BACKER);
    check('#3 not selected', (await read(P.car, 'status', [3n])) === 4);
    const owed = await read(P.car, 'refundableOf', [3n, me]);
    check('refund owed is the whole stake', owed === E('0.2'), owed);
    const balance = await reader.getBalance({ address: me });
    const r = await tx(() => page.click('button[name=refund-3]'));
    check('refund confirmed', r.status === 'confirmed', r.msg);
    const { hash, logs } = await lastTx(me);
    const after = await reader.getBalance({ address: me });
    check('balance grew by the refund minus gas, to the wei', after === balance + owed - (await fee(hash)), `${after} vs ${balance} + ${owed} - fee`);
    check('Refunded event of the amount', logs.some((l) => l.eventName === 'Refunded' && l.args.amount === owed && l.args.backer === me));
    check('nothing left to refund', (await read(P.car, 'refundableOf', [3n, me])) === 0n);
    await shot('project-development');
  });

  await journey(4, 'ERC-20 project: an inspector records verdicts, the creator sets terms, a buyer orders with an add-on (approval)', async (check) => {
    const INSPECTOR = 9, CREATOR = 1, MERCHANT = 11, BUYER = 10;
    const token = app.record.contracts.TestToken;
    await open(`/p/${P.drone}`);
    await shot('project-testing');
    await as(INSPECTOR);
    for (const condition of ['0', '1']) {
      await page.selectOption('form[name=verdict] select[name=combo]', '1');
      await page.selectOption('form[name=verdict] select[name=condition]', condition);
      await page.fill('form[name=verdict] input[name=report]', `flight log ${condition}`);
      const r = await tx(() => page.click('form[name=verdict] button'));
      check(`verdict ${condition} confirmed`, r.status === 'confirmed', r.msg);
      if (condition === '0') check('prototype still in testing after one condition', (await read(P.drone, 'status', [1n])) === 5);
    }
    check('prototype passed: a model on chain', (await read(P.drone, 'status', [1n])) === 7);
    await d.travelTo((await d.schedule(P.drone))[2]);
    await open(`/p/${P.drone}`);
    await as(CREATOR);
    await page.fill('form[name=terms-1] input[name=price]', '50');
    await page.fill('form[name=terms-1] input[name=minOrders]', '2');
    let r = await tx(() => page.click('form[name=terms-1] button'));
    check('terms confirmed', r.status === 'confirmed', r.msg);
    const c1 = await read(P.drone, 'combination', [1n]);
    check('terms on chain', c1.price === E('50') && c1.minOrders === 2n);
    await as(MERCHANT);
    await page.fill('form[name=addon-1] input[name=text]', 'Spare battery');
    await page.fill('form[name=addon-1] input[name=price]', '8');
    r = await tx(() => page.click('form[name=addon-1] button'));
    check('add-on confirmed', r.status === 'confirmed', r.msg);
    const [addonCombo, merchant, addonPrice] = await read(P.drone, 'addon', [1n]);
    check('add-on on chain', addonCombo === 1n && merchant === who(MERCHANT) && addonPrice === E('8'));
    await d.c.wallet(who(BUYER)).writeContract({ address: token, abi: ERC20_ABI, functionName: 'mint', args: [who(BUYER), E('100')] })
      .then((h) => reader.waitForTransactionReceipt({ hash: h }));
    await as(BUYER);
    const balance = await reader.readContract({ address: token, abi: ERC20_ABI, functionName: 'balanceOf', args: [who(BUYER)] });
    const sentBefore = wallet.sent.length;
    await page.check('form[name=order-1] input[name=addon][value="1"]');
    r = await tx(() => page.click('form[name=order-1] button'));
    check('order confirmed', r.status === 'confirmed', r.msg);
    check('an approval, then the order', wallet.sent.length === sentBefore + 2, wallet.sent.length - sentBefore);
    const approval = await reader.getTransactionReceipt({ hash: wallet.sent[sentBefore] });
    check('first transaction approved the token', approval.to.toLowerCase() === token.toLowerCase());
    const [buyer, paid] = await read(P.drone, 'orderOf', [1n, 0n]);
    check('order on chain: buyer and price with the add-on', buyer === who(BUYER) && paid === E('58'), `${buyer} ${paid}`);
    check('add-on sold once', (await read(P.drone, 'addon', [1n]))[3] === 1n);
    const after = await reader.readContract({ address: token, abi: ERC20_ABI, functionName: 'balanceOf', args: [who(BUYER)] });
    check('buyer paid exactly 58 cUSD', balance - after === E('58'), balance - after);
    const allowance = await reader.readContract({ address: token, abi: ERC20_ABI, functionName: 'allowance', args: [who(BUYER), P.drone] });
    check('the exact approval was used up', allowance === 0n, allowance);
    await shot('project-presale');
  });

  await journey(5, 'a holder, the creator and a maker claim revenue', async (check) => {
    await open(`/p/${P.kettle}`);
    await shot('project-closed');
    const claims = [
      [4, 'button[name=revenue-1]', () => read(P.kettle, 'revenueOf', [1n, who(4)]), 'holder'],
      [1, 'button[name=creator-claim]', async () => (await read(P.kettle, 'roleOwed'))[0], 'creator'],
      [2, 'button[name=maker-1-0]', async () => { const [e, v] = await read(P.kettle, 'makerOwed', [1n, 0n]); return e + v; }, 'maker'],
    ];
    for (const [i, button, owed, role] of claims) {
      await as(i);
      const me = who(i);
      const due = await owed();
      check(`${role} has something to claim`, due > 0n, due);
      const balance = await reader.getBalance({ address: me });
      const r = await tx(() => page.click(button));
      check(`${role} claim confirmed`, r.status === 'confirmed', r.msg);
      const { hash } = await lastTx(me);
      const after = await reader.getBalance({ address: me });
      check(`${role} received exactly what was owed`, after === balance + due - (await fee(hash)), `${after - balance + (await fee(hash))} vs ${due}`);
      check(`${role} has nothing left to claim`, (await owed()) === 0n);
    }
    await shot('project-closed-claimed');
  });

  await journey(8, 'the other roles: create, offer, transfer shares, deposit, platform claim, award, treasury handover', async (check) => {
    const NEWCOMER = 16, TREASURY = 0, HOLDER = 4, INSPECTOR = 7, BUYER = 10, MAKER = 2;
    const F = app.record.contracts.CobuildFactory;
    // kettle: shares move to a newcomer; anyone deposits revenue; the treasury claims the platform's part
    await open(`/p/${P.kettle}`);
    await as(HOLDER);
    const shares = await read(P.kettle, 'sharesOf', [1n, who(HOLDER)]);
    await page.fill('form[name=transfer-1] input[name=to]', who(NEWCOMER));
    await page.fill('form[name=transfer-1] input[name=amount]', '0.1');
    let r = await tx(() => page.click('form[name=transfer-1] button'));
    check('share transfer confirmed', r.status === 'confirmed', r.msg);
    check('shares moved on chain', (await read(P.kettle, 'sharesOf', [1n, who(NEWCOMER)])) === E('0.1')
      && (await read(P.kettle, 'sharesOf', [1n, who(HOLDER)])) === shares - E('0.1'));
    await as(NEWCOMER);
    const [, platformBefore] = await read(P.kettle, 'roleOwed');
    await page.fill('form[name=deposit-1] input[name=amount]', '0.5');
    r = await tx(() => page.click('form[name=deposit-1] button'));
    check('deposit confirmed', r.status === 'confirmed', r.msg);
    const [, platformOwed] = await read(P.kettle, 'roleOwed');
    check("platform's 10% of the deposit booked", platformOwed - platformBefore === E('0.05'), platformOwed - platformBefore);
    await as(TREASURY);
    const balance = await reader.getBalance({ address: who(TREASURY) });
    r = await tx(() => page.click('button[name=platform-claim]'));
    check('platform claim confirmed', r.status === 'confirmed', r.msg);
    const { hash } = await lastTx(who(TREASURY));
    check('treasury received the platform part to the wei', (await reader.getBalance({ address: who(TREASURY) })) === balance + platformOwed - (await fee(hash)));
    // bike: two more orders reach its minimum; after the presale anyone closes the model from the
    // page; an inspector grants an award from the bond (quorum 1); the buyer and the merchant claim
    for (const i of [17, 18]) { await d.pay(P.bike, who(i), E('50')); await d.tx(P.bike, who(i), 'order', [1n, []]); }
    await d.travelTo((await d.schedule(P.bike))[3]);
    await open(`/p/${P.bike}`);
    await as(NEWCOMER);
    r = await tx(() => page.click('button[name=close-1]'));
    check('close confirmed', r.status === 'confirmed', r.msg);
    check('model succeeded on chain', (await read(P.bike, 'status', [1n])) === 8);
    await as(INSPECTOR);
    await page.fill('form[name=award] input[name=order]', '0');
    await page.fill('form[name=award] input[name=amount]', '5');
    r = await tx(() => page.click('form[name=award] button'));
    check('award approval confirmed', r.status === 'confirmed', r.msg);
    check('award owed to the order on chain', (await read(P.bike, 'orderOf', [1n, 0n]))[2] === E('5'));
    await as(BUYER);
    await shot('project-presale-bike');
    const token = app.record.contracts.TestToken;
    const tokens = await reader.readContract({ address: token, abi: ERC20_ABI, functionName: 'balanceOf', args: [who(BUYER)] });
    r = await tx(() => page.click('button[name=award-claim-1-0]'));
    check('award claim confirmed', r.status === 'confirmed', r.msg);
    check('buyer received the award', (await reader.readContract({ address: token, abi: ERC20_ABI, functionName: 'balanceOf', args: [who(BUYER)] })) - tokens === E('5'));
    await as(11);
    const merchantTokens = await reader.readContract({ address: token, abi: ERC20_ABI, functionName: 'balanceOf', args: [who(11)] });
    r = await tx(() => page.click('button[name=addon-claim-1]'));
    check('add-on revenue claim confirmed', r.status === 'confirmed', r.msg);
    check('merchant received the add-on price', (await reader.readContract({ address: token, abi: ERC20_ABI, functionName: 'balanceOf', args: [who(11)] })) - merchantTokens === E('5'));
    // create a project from the form, then a maker offers an option in it
    await open('/create');
    await as(NEWCOMER);
    await page.fill('form[name=create] input[name=title]', 'Browser-made bicycle');
    await page.fill('form[name=create] input[name=description]', 'Created from the dApp');
    await page.fill('form[name=create] input[name=tags]', 'bike, test');
    await page.fill('form[name=create] input[name=inspectors]', 'not an address');
    await page.click('form[name=create] button');
    await page.waitForFunction(() => document.getElementById('create-errors')?.textContent, null, { timeout: 10000 });
    check('the form refuses a bad inspector before sending', (await page.locator('#create-errors').textContent()).includes('Every inspector must be an address'));
    await page.fill('form[name=create] input[name=inspectors]', [7, 8, 9].map(who).join(', '));
    const count = await reader.readContract({ address: F, abi: FACTORY_ABI, functionName: 'projectCount' });
    r = await tx(() => page.click('form[name=create] button'));
    check('creation confirmed', r.status === 'confirmed', r.msg);
    check('a project more on chain', (await reader.readContract({ address: F, abi: FACTORY_ABI, functionName: 'projectCount' })) === count + 1n);
    const created = await reader.readContract({ address: F, abi: FACTORY_ABI, functionName: 'projectAt', args: [count + 1n] });
    const cfg = await read(created, 'config');
    check('created by the newcomer with the form defaults', cfg.creator === who(NEWCOMER) && cfg.quorum === 2 && cfg.inspectors.length === 3 && cfg.dimensions === 3);
    await page.waitForFunction(() => location.hash.startsWith('#/p/'));
    await page.waitForSelector('#title');
    check('the page opened the new project', (await page.locator('#title').textContent()).includes('Browser-made bicycle'));
    await as(MAKER);
    await page.fill('form[name=offer] input[name=text]', 'Bamboo frame');
    await page.fill('form[name=offer] input[name=quote]', '0.25');
    r = await tx(() => page.click('form[name=offer] button'));
    check('offer confirmed', r.status === 'confirmed', r.msg);
    const [maker, quote] = await read(created, 'option', [1n]);
    check('option on chain', maker === who(MAKER) && quote === E('0.25'));
    // the treasury hands over its role
    await open('/platform');
    await as(TREASURY);
    await page.fill('form[name=propose] input[name=next]', who(NEWCOMER));
    r = await tx(() => page.click('form[name=propose] button'));
    check('proposal confirmed', r.status === 'confirmed', r.msg);
    await as(NEWCOMER);
    r = await tx(() => page.click('button[name=accept]'));
    check('acceptance confirmed', r.status === 'confirmed', r.msg);
    check('treasury changed on chain', (await reader.readContract({ address: F, abi: FACTORY_ABI, functionName: 'treasury' })) === who(NEWCOMER));
  });
} finally {
  writeFileSync(join(out, 'journeys.json'), JSON.stringify(results, null, 2));
  await browser.close();
  await app.stop();
}
process.exit(results.length === 8 && results.every((r) => r.ok) ? 0 : 1);
