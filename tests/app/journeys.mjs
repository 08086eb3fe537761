// SPDX-License-Identifier: MIT
// The dApp's journeys in headless Chromium (Debian's chromium, driven by playwright-core) with the
// injected test wallet; each journey acts on the page and then checks the chain with viem.
// Writes out/app/journeys.json (one result per journey) and out/app/*.png (every page).
//   node tests/app/journeys.mjs
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEther, parseEventLogs, zeroAddress, decodeFunctionData, formatEther } from 'viem';
import { localApp } from '../../app/serve.mjs';
import { root, Driver, params, PROJECT_ABI, FACTORY_ABI, ERC20_ABI, PERMIT_TOKEN_ABI } from '../../app/tools/devchain.mjs';
import { TestWallet } from './wallet.mjs';
import { journeyRecorder, pageDriver } from './harness.mjs';

const out = join(root, 'out', 'app');
mkdirSync(out, { recursive: true });
// The screenshots of the last run go first (listed in journeys-shots.json), so a page that is not
// photographed this time is missing, not stale; other modules' pictures in out/app (the
// newcomer's zh-*, mobile-*: tests/app/newcomer.mjs, maybe running meanwhile) are left alone.
const SHOTS = join(out, 'journeys-shots.json');
if (existsSync(SHOTS)) for (const f of JSON.parse(readFileSync(SHOTS, 'utf8'))) rmSync(join(out, f), { force: true });
for (const f of [SHOTS, join(out, 'journeys.json')]) rmSync(f, { force: true });
const taken = [];
const E = parseEther;

const app = await localApp();
const { c, accounts, projects: P } = app;
const d = new Driver(c, app.record, {});
// every chain read of the test itself (not the page's), counted per journey
const { results, reader, journey } = journeyRecorder({
  label: 'journey',
  chain: c.chain,
  rpcUrl: app.anvil.rpcUrl,
  shot: (name) => shot(name),
});
const key = (i) => accounts[i].privateKey;
const who = (i) => accounts[i].address;
const read = (project, fn, args = []) => reader.readContract({ address: project, abi: PROJECT_ABI, functionName: fn, args });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const wallet = new TestWallet({ rpcUrl: app.anvil.rpcUrl, chain: c.chain });
await wallet.install(context);
const page = await context.newPage();
page.on('pageerror', (err) => console.error('page error:', err.message));

// an investment below the project's minimum stake is a warning the user confirms by pressing the
// button again (issue 32): these journeys confirm it
const driver = pageDriver(() => page, {
  beforeWait: async (p) => {
    const warned = await p.$('form .err.warn:not(:empty)');
    if (warned) await warned.evaluate((e) => e.closest('form').querySelector('button').click());
  },
});
const { tx } = driver;
/** A fresh load of the page at `hash` (the wallet reconnects silently, as after a reload). */
async function open(hash) {
  await page.goto('about:blank');
  await page.goto(`${app.url}#${hash}`);
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 20000 });
}
const as = (i) => driver.as(wallet, key(i), who(i));
const shot = (name) => {
  taken.push(`${name}.png`);
  writeFileSync(SHOTS, JSON.stringify(taken));
  return page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
};
/** The page as a 375 px phone shows it: its width (scrollWidth) and out/app/mobile-<name>.png. */
async function phone(name) {
  await page.setViewportSize({ width: 375, height: 812 });
  const width = await page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));
  await shot(`mobile-${name}`);
  await page.setViewportSize({ width: 1280, height: 900 });
  return width;
}
async function fee(hash) {
  const r = await reader.getTransactionReceipt({ hash });
  return r.gasUsed * r.effectiveGasPrice;
}
async function lastTx(address) {
  const h = wallet.sent.at(-1);
  const r = await reader.getTransactionReceipt({ hash: h });
  if (address && r.from.toLowerCase() !== address.toLowerCase()) throw new Error('last transaction is not from the expected account');
  return { hash: h, receipt: r, logs: parseEventLogs({ abi: PROJECT_ABI, logs: r.logs }) };
}

/** What the wallet was asked from now on: `since(mark())` gives the typed-data signature requests
 * and the transaction requests (each rejected or not) made after the mark. */
const mark = () => ({ requests: wallet.requests.length, sent: wallet.sent.length });
function since(m) {
  const asked = wallet.requests.slice(m.requests);
  return {
    signatures: asked.filter((r) => r.method === 'eth_signTypedData_v4'),
    transactions: asked.filter((r) => r.method === 'eth_sendTransaction'),
    sent: wallet.sent.slice(m.sent),
  };
}
/** The function a sent transaction called on a project, and for a multicall the calls inside it. */
async function called(hash) {
  const { input } = await reader.getTransaction({ hash });
  const call = decodeFunctionData({ abi: PROJECT_ABI, data: input });
  const inner = call.functionName === 'multicall' ? call.args[0].map((data) => decodeFunctionData({ abi: PROJECT_ABI, data })) : [];
  return { name: call.functionName, inner: inner.map((x) => x.functionName), innerCalls: inner };
}
const same = (a, b) => String(a).toLowerCase() === String(b).toLowerCase();
const tokenRead = (token, fn, args = []) => reader.readContract({ address: token, abi: PERMIT_TOKEN_ABI, functionName: fn, args });
/** An amount as the page shows it (app/src/ui.js money: the whole part grouped, at most six decimals, trailing zeros cut). */
const shown = (v, symbol = 'ETH') => {
  const [i, f = ''] = formatEther(v).split('.');
  return `${`${BigInt(i).toLocaleString('en')}${f ? `.${f.slice(0, 6).replace(/0+$/, '')}` : ''}`.replace(/\.$/, '')} ${symbol}`;
};
/** Every message the transaction toasts show from now on (states pass quickly with a test wallet). */
const recordToasts = () =>
  page.evaluate(() => {
    window.__toasts = [];
    new MutationObserver(() => document.querySelectorAll('#tx .t .msg').forEach((m) => window.__toasts.push(m.textContent))).observe(
      document.getElementById('tx'),
      { subtree: true, childList: true, characterData: true },
    );
  });

const BACKER = 13,
  FINALIZER = 14,
  STRANGER = 15;
try {
  await open('/');
  await shot('projects');
  await open('/create');
  await shot('create');
  await open('/platform');
  await shot('platform');
  await open(`/p/${P.car}`);
  await shot('project-ideation');

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
    check(
      'decoded NotTreasury sentence with its argument',
      r.msg.includes('Only the treasury') && r.msg.toLowerCase().includes(me.toLowerCase()),
      r.msg,
    );
    await shot('error');
    check('nothing was sent', (await reader.getTransactionCount({ address: me })) === nonce);
    check('no option was added', (await read(P.car, 'counts'))[0] === options);
    const pending = await reader.readContract({
      address: app.record.contracts.CobuildFactory,
      abi: FACTORY_ABI,
      functionName: 'pendingTreasury',
    });
    check('no treasury proposed', pending === zeroAddress, pending);
  });

  await journey(7, 'a rejection in the wallet is shown, and the page recovers', async (check) => {
    await open(`/p/${P.car}`);
    await as(BACKER);
    const me = who(BACKER);
    const before = await read(P.car, 'stakeOf', [1n, me]);
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

  await journey(
    9,
    'ERC-20 payments with an EIP-2612 permit: one signature and one transaction (else the allowance, else an approval)',
    async (check) => {
      const token = app.record.contracts.PermitToken;
      await open(`/p/${P.turbine}`);
      await as(BACKER);
      const me = who(BACKER);
      // an existing combination, with a permit
      const stake = await read(P.turbine, 'stakeOf', [1n, me]);
      const balance = await tokenRead(token, 'balanceOf', [me]);
      const nonce = await tokenRead(token, 'nonces', [me]);
      const txCount = await reader.getTransactionCount({ address: me });
      let m = mark();
      await page.fill('form[name=invest] input[name=combo]', '1');
      await page.fill('form[name=invest] input[name=amount]', '12.5');
      let r = await tx(() => page.click('form[name=invest] button'));
      check('invest with a permit confirmed', r.status === 'confirmed', r.msg);
      let asked = since(m);
      check(
        'the wallet was asked for exactly one signature, an EIP-2612 Permit',
        asked.signatures.length === 1 && asked.signatures[0].typedData.primaryType === 'Permit',
        asked.signatures.map((x) => x.typedData.primaryType),
      );
      const permit = asked.signatures[0].typedData;
      check(
        'the permit: exactly the amount, from the backer to the project, its next nonce, the token and chain',
        BigInt(permit.message.value) === E('12.5') &&
          same(permit.message.owner, me) &&
          same(permit.message.spender, P.turbine) &&
          BigInt(permit.message.nonce) === nonce &&
          same(permit.domain.verifyingContract, token) &&
          Number(permit.domain.chainId) === c.chain.id &&
          permit.domain.name === 'Cobuild Dollar' &&
          permit.domain.version === '1',
        JSON.stringify(permit),
      );
      check(
        'exactly one transaction',
        asked.transactions.length === 1 && asked.sent.length === 1 && (await reader.getTransactionCount({ address: me })) === txCount + 1,
        asked.transactions.length,
      );
      let call = await called(asked.sent[0]);
      check(
        'it is multicall([selfPermit, invest]) on the project',
        call.name === 'multicall' && call.inner.join() === 'selfPermit,invest' && call.innerCalls[0].args[0] === E('12.5'),
        `${call.name} ${call.inner}`,
      );
      check('the stake grew by the amount', (await read(P.turbine, 'stakeOf', [1n, me])) - stake === E('12.5'));
      check('the backer paid exactly the amount', balance - (await tokenRead(token, 'balanceOf', [me])) === E('12.5'));
      check('the allowance is 0 afterwards', (await tokenRead(token, 'allowance', [me, P.turbine])) === 0n);
      check('the permit nonce was used', (await tokenRead(token, 'nonces', [me])) === nonce + 1n);
      await shot('permit');
      // a new combination (Vertical helix + Axial-flux generator), with the next permit
      m = mark();
      await page.selectOption('form[name=invest-new] select[name=d0]', '2');
      await page.selectOption('form[name=invest-new] select[name=d1]', '3');
      await page.fill('form[name=invest-new] input[name=amount]', '10');
      r = await tx(() => page.click('form[name=invest-new] button'));
      check('investInNew with a permit confirmed', r.status === 'confirmed', r.msg);
      asked = since(m);
      call = await called(asked.sent[0]);
      check(
        'investInNew: one permit (next nonce), one transaction',
        asked.signatures.length === 1 &&
          BigInt(asked.signatures[0].typedData.message.nonce) === nonce + 1n &&
          asked.transactions.length === 1 &&
          call.inner.join() === 'selfPermit,investInNew',
        `${asked.signatures.length} ${asked.transactions.length} ${call.inner}`,
      );
      const combo = await read(P.turbine, 'combinationId', [[2, 3]]);
      check(
        'investInNew: the new combination holds the stake',
        combo === 2n && (await read(P.turbine, 'stakeOf', [2n, me])) === E('10'),
        combo,
      );
      check('investInNew: allowance 0 afterwards', (await tokenRead(token, 'allowance', [me, P.turbine])) === 0n);
      // an allowance that already covers the payment: the payment alone, no permit, no approval
      await d.c
        .wallet(me)
        .writeContract({ address: token, abi: ERC20_ABI, functionName: 'approve', args: [P.turbine, E('5')] })
        .then((h) => reader.waitForTransactionReceipt({ hash: h }));
      m = mark();
      await page.fill('form[name=invest] input[name=combo]', '1');
      await page.fill('form[name=invest] input[name=amount]', '5');
      r = await tx(() => page.click('form[name=invest] button'));
      check('invest within the allowance confirmed', r.status === 'confirmed', r.msg);
      asked = since(m);
      call = await called(asked.sent[0]);
      check(
        'within the allowance: no signature, one transaction, invest itself',
        asked.signatures.length === 0 && asked.transactions.length === 1 && call.name === 'invest',
        `${asked.signatures.length} ${asked.transactions.length} ${call.name}`,
      );
      check(
        'within the allowance: stake +5, allowance 0',
        (await read(P.turbine, 'stakeOf', [1n, me])) - stake === E('17.5') && (await tokenRead(token, 'allowance', [me, P.turbine])) === 0n,
      );
      // a token without permits (pUSD): no signature asked; an approval of the exact amount, then the payment
      const plain = app.record.contracts.TestToken;
      const now = await d.now();
      const project = await d.create(
        who(1),
        params(now, { token: plain, ideationEnd: BigInt(now + 5 * 86400), minTotal: E('100'), minStake: E('10'), inspectors: [who(8)] }),
        {
          title: 'Plain-token planter',
          description: 'Paid in a token without permits.',
          uri: '',
          tags: ['garden'],
          dimensions: ['pot', 'soil'],
          conditions: ['rain'],
        },
      );
      await d.offer(project, who(2), 0, E('20'), 'Clay pot');
      await d.offer(project, who(3), 1, E('10'), 'Peat-free soil');
      await open(`/p/${project}`);
      await as(BACKER);
      const plainBalance = await tokenRead(plain, 'balanceOf', [me]);
      m = mark();
      await page.fill('form[name=invest-new] input[name=amount]', '15');
      r = await tx(() => page.click('form[name=invest-new] button'));
      check('plain token: investInNew confirmed', r.status === 'confirmed', r.msg);
      asked = since(m);
      check(
        'plain token: no signature, an approval then the payment',
        asked.signatures.length === 0 &&
          asked.transactions.length === 2 &&
          same(asked.transactions[0].to, plain) &&
          same(asked.transactions[1].to, project),
        `${asked.signatures.length} ${asked.transactions.map((x) => x.to)}`,
      );
      check(
        'plain token: stake, payment and allowance',
        (await read(project, 'stakeOf', [1n, me])) === E('15') &&
          plainBalance - (await tokenRead(plain, 'balanceOf', [me])) === E('15') &&
          (await tokenRead(plain, 'allowance', [me, project])) === 0n,
      );
      // a bond on the bike (presale) in cUSD, with a permit
      await open(`/p/${P.bike}`);
      await as(12);
      const provided = await tokenRead(token, 'balanceOf', [who(12)]);
      m = mark();
      await page.fill('form[name=bond-1] input[name=amount]', '20');
      await page.fill('form[name=bond-1] input[name=text]', 'Frame warranty');
      r = await tx(() => page.click('form[name=bond-1] button'));
      check('bond with a permit confirmed', r.status === 'confirmed', r.msg);
      asked = since(m);
      check(
        'bond: one permit, one transaction',
        asked.signatures.length === 1 &&
          asked.transactions.length === 1 &&
          (await called(asked.sent[0])).inner.join() === 'selfPermit,commitBond',
      );
      const [provider, , amount] = await read(P.bike, 'bond', [2n]);
      check(
        'bond on chain, paid exactly',
        same(provider, who(12)) && amount === E('20') && provided - (await tokenRead(token, 'balanceOf', [who(12)])) === E('20'),
      );
    },
  );

  await journey(
    10,
    'a rejection of the permit signature sends nothing; a short balance asks nothing; a refused permit approves instead',
    async (check) => {
      const token = app.record.contracts.PermitToken;
      await open(`/p/${P.turbine}`);
      await as(BACKER);
      const me = who(BACKER);
      const before = async () => [
        await read(P.turbine, 'stakeOf', [1n, me]),
        await tokenRead(token, 'balanceOf', [me]),
        await tokenRead(token, 'allowance', [me, P.turbine]),
        await tokenRead(token, 'nonces', [me]),
        await reader.getTransactionCount({ address: me }),
      ];
      const state0 = await before();
      let m = mark();
      wallet.rejectNext();
      await page.fill('form[name=invest] input[name=combo]', '1');
      await page.fill('form[name=invest] input[name=amount]', '3');
      let r = await tx(() => page.click('form[name=invest] button'));
      check(
        'rejection shown',
        r.status === 'rejected' && r.msg.includes('You rejected the request in your wallet'),
        `${r.status}: ${r.msg}`,
      );
      let asked = since(m);
      check(
        'one signature asked (and refused), no transaction asked',
        asked.signatures.length === 1 && asked.signatures[0].rejected && asked.transactions.length === 0 && asked.sent.length === 0,
        `${asked.signatures.length} ${asked.transactions.length}`,
      );
      const state1 = await before();
      check(
        'nothing changed on chain: stake, balance, allowance, permit nonce, account nonce',
        state1.every((v, i) => v === state0[i]),
        `${state0} -> ${state1}`,
      );
      await shot('permit-rejected');
      check('page still usable', await page.locator('form[name=invest] button').isEnabled());
      // more than the balance: refused before any signature
      m = mark();
      await page.fill('form[name=invest] input[name=combo]', '1');
      await page.fill('form[name=invest] input[name=amount]', '100000');
      await page.click('form[name=invest] button');
      const sentence = await page.textContent('form[name=invest] [data-error-for=amount]');
      check(
        'a payment above the balance is refused at its field before the wallet is asked',
        sentence.startsWith('More than you hold') && since(m).signatures.length === 0 && since(m).transactions.length === 0,
        sentence,
      );
      // a permit the token refuses (as a token whose permit is not EIP-2612's would): the simulation
      // says PermitFailed, nothing is sent with it, and the app approves the exact amount instead
      m = mark();
      const refusedFrom = await before();
      wallet.signAsOtherNext();
      await page.fill('form[name=invest] input[name=combo]', '1');
      await page.fill('form[name=invest] input[name=amount]', '2');
      r = await tx(() => page.click('form[name=invest] button'));
      check('a refused permit falls back to an approval: confirmed', r.status === 'confirmed', r.msg);
      asked = since(m);
      check(
        'refused permit: one signature, then an approval and the payment (no multicall sent)',
        asked.signatures.length === 1 &&
          asked.transactions.length === 2 &&
          same(asked.transactions[0].to, token) &&
          (await called(asked.sent[1])).name === 'invest',
        `${asked.signatures.length} ${asked.transactions.map((x) => x.to)}`,
      );
      check(
        'refused permit: stake +2, allowance 0, permit nonce unused',
        (await read(P.turbine, 'stakeOf', [1n, me])) - refusedFrom[0] === E('2') &&
          (await tokenRead(token, 'allowance', [me, P.turbine])) === 0n &&
          (await tokenRead(token, 'nonces', [me])) === refusedFrom[3],
      );
      // the retry (a fresh visit: the app tries permits again) signs and pays
      await open(`/p/${P.turbine}`);
      await as(BACKER);
      m = mark();
      await page.fill('form[name=invest] input[name=combo]', '1');
      await page.fill('form[name=invest] input[name=amount]', '3');
      r = await tx(() => page.click('form[name=invest] button'));
      check('retry confirmed', r.status === 'confirmed', r.msg);
      asked = since(m);
      check('retry: one permit, one transaction', asked.signatures.length === 1 && asked.transactions.length === 1);
      check(
        'retry: stake +3 (after +2), allowance 0',
        (await read(P.turbine, 'stakeOf', [1n, me])) - state0[0] === E('5') &&
          (await tokenRead(token, 'allowance', [me, P.turbine])) === 0n,
      );
    },
  );

  await journey(2, 'time passes and someone finalizes from the page (in batches)', async (check) => {
    await d.travelTo(Number((await read(P.car, 'config')).ideationEnd));
    await open(`/p/${P.car}`);
    await as(FINALIZER);
    check('page shows Finalizing', (await page.locator('#phase').textContent()) === 'Finalizing');
    check('the finalizing page fits a phone', (await phone('project-finalizing')) <= 375);
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
    check(
      'status of #1 Selected, #2 Eliminated, #3 NotSelected',
      (await read(P.car, 'status', [1n])) === 2 && (await read(P.car, 'status', [2n])) === 3 && (await read(P.car, 'status', [3n])) === 4,
    );
    await shot('project-rescue');
    // the rescue shows what the ranked-out combination misses, from the chain's cost and funding
    const two = await read(P.car, 'combination', [2n]);
    const missing = await page.textContent('tr[data-combo="2"] .missing');
    check('the rescue shows the missing amount', missing === `${shown(two.cost - two.funded)} missing`, missing);
    check('the rescue page fits a phone', (await phone('project-rescue')) <= 375);
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
    check(
      'balance grew by the refund minus gas, to the wei',
      after === balance + owed - (await fee(hash)),
      `${after} vs ${balance} + ${owed} - fee`,
    );
    check(
      'Refunded event of the amount',
      logs.some((l) => l.eventName === 'Refunded' && l.args.amount === owed && l.args.backer === me),
    );
    check('nothing left to refund', (await read(P.car, 'refundableOf', [3n, me])) === 0n);
    await shot('project-development');
    check('the development page fits a phone', (await phone('project-development')) <= 375);
  });

  await journey(
    4,
    'ERC-20 project: an inspector records verdicts, the creator sets terms, a buyer orders with an add-on (permit)',
    async (check) => {
      const INSPECTOR = 9,
        CREATOR = 1,
        MERCHANT = 11,
        BUYER = 10;
      const token = app.record.contracts.PermitToken;
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
      await d.c
        .wallet(who(BUYER))
        .writeContract({ address: token, abi: ERC20_ABI, functionName: 'mint', args: [who(BUYER), E('100')] })
        .then((h) => reader.waitForTransactionReceipt({ hash: h }));
      await as(BUYER);
      const balance = await reader.readContract({ address: token, abi: ERC20_ABI, functionName: 'balanceOf', args: [who(BUYER)] });
      const m = mark();
      await page.check('form[name=order-1] input[name=addon][value="1"]');
      r = await tx(() => page.click('form[name=order-1] button'));
      check('order confirmed', r.status === 'confirmed', r.msg);
      const asked = since(m);
      check(
        'one permit signed, for the price with the add-on',
        asked.signatures.length === 1 && BigInt(asked.signatures[0].typedData.message.value) === E('58'),
        asked.signatures.map((x) => x.typedData.message.value),
      );
      check(
        'one transaction: the permit and the order',
        asked.transactions.length === 1 && asked.sent.length === 1,
        asked.transactions.length,
      );
      const call = await called(asked.sent[0]);
      check(
        'a multicall of selfPermit and order',
        call.name === 'multicall' && call.inner.join() === 'selfPermit,order',
        `${call.name} ${call.inner}`,
      );
      const [buyer, paid] = await read(P.drone, 'orderOf', [1n, 0n]);
      check('order on chain: buyer and price with the add-on', buyer === who(BUYER) && paid === E('58'), `${buyer} ${paid}`);
      check('add-on sold once', (await read(P.drone, 'addon', [1n]))[3] === 1n);
      const after = await reader.readContract({ address: token, abi: ERC20_ABI, functionName: 'balanceOf', args: [who(BUYER)] });
      check('buyer paid exactly 58 cUSD', balance - after === E('58'), balance - after);
      const allowance = await reader.readContract({
        address: token,
        abi: ERC20_ABI,
        functionName: 'allowance',
        args: [who(BUYER), P.drone],
      });
      check('the permit was used up exactly', allowance === 0n, allowance);
      await shot('project-presale');
    },
  );

  await journey(11, 'claim everything: four claims of one account in one transaction, each to the wei', async (check) => {
    const MAKER = 2;
    const me = who(MAKER);
    await open(`/p/${P.kettle}`);
    await as(MAKER);
    const views = [
      [
        'claimMaker',
        async () => {
          const [e, v] = await read(P.kettle, 'makerOwed', [1n, 0n]);
          return e + v;
        },
      ],
      ['claimRevenue', () => read(P.kettle, 'revenueOf', [1n, me])],
      ['refund', () => read(P.kettle, 'refundableOf', [2n, me])],
      ['refund', () => read(P.kettle, 'refundableOf', [3n, me])],
    ];
    const owed = await Promise.all(views.map(([, f]) => f()));
    const [escrow, makerRevenue] = await read(P.kettle, 'makerOwed', [1n, 0n]);
    const total = owed.reduce((a, b) => a + b, 0n);
    check('at least three things to claim', owed.every((x) => x > 0n) && owed.length >= 3, owed);
    check('the page lists the four claims', (await page.locator('#claim-all').textContent()).includes('4 claims'));
    check(
      'the page shows their total',
      (await page.locator('#claim-all-total').textContent()) === shown(total),
      `${await page.locator('#claim-all-total').textContent()} vs ${shown(total)}`,
    );
    await shot('claim-all');
    const balance = await reader.getBalance({ address: me });
    const txCount = await reader.getTransactionCount({ address: me });
    await recordToasts();
    const m = mark();
    const r = await tx(() => page.click('button[name=claim-all]'));
    check('claim everything confirmed', r.status === 'confirmed', r.msg);
    const asked = since(m);
    check(
      'exactly one transaction, no signature',
      asked.transactions.length === 1 &&
        asked.sent.length === 1 &&
        asked.signatures.length === 0 &&
        (await reader.getTransactionCount({ address: me })) === txCount + 1,
      `${asked.transactions.length} ${asked.signatures.length}`,
    );
    const call = await called(asked.sent[0]);
    check(
      'a multicall of the four claims',
      call.name === 'multicall' &&
        [...call.inner].sort().join() ===
          views
            .map(([f]) => f)
            .sort()
            .join(),
      `${call.name} ${call.inner}`,
    );
    const toasts = await page.evaluate(() => window.__toasts);
    check(
      'the simulated total was shown before signing',
      toasts.some((t) => t.includes(`You receive ${shown(total)} (4 claims, simulated)`)),
      toasts.join(' | '),
    );
    const { hash, logs } = await lastTx(me);
    check(
      "the balance grew by exactly the views' total, less gas",
      (await reader.getBalance({ address: me })) === balance + total - (await fee(hash)),
    );
    const ev = (name, pred) => logs.filter((l) => l.eventName === name && pred(l.args));
    check(
      'MakerPaid: the escrow and revenue makerOwed said',
      ev('MakerPaid', (a) => a.combo === 1n && a.dimension === 0n && a.escrow === escrow && a.revenue === makerRevenue && same(a.maker, me))
        .length === 1,
    );
    check(
      'RevenueClaimed: what revenueOf said',
      ev('RevenueClaimed', (a) => a.combo === 1n && a.amount === owed[1] && same(a.holder, me)).length === 1,
    );
    check(
      'Refunded #2 and #3: what refundableOf said',
      ev('Refunded', (a) => a.combo === 2n && a.amount === owed[2] && same(a.backer, me)).length === 1 &&
        ev('Refunded', (a) => a.combo === 3n && a.amount === owed[3] && same(a.backer, me)).length === 1,
    );
    const after = await Promise.all(views.map(([, f]) => f()));
    check(
      'nothing left to claim',
      after.every((x) => x === 0n),
      after,
    );
    check(
      'the refunded positions are closed',
      (await read(P.kettle, 'stakeOf', [2n, me])) === 0n && (await read(P.kettle, 'stakeOf', [3n, me])) === 0n,
    );
    check('the page has no claim-everything button left', (await page.locator('button[name=claim-all]').count()) === 0);
    await shot('claim-all-done');
  });

  await journey(5, 'a holder, the creator and a maker claim revenue', async (check) => {
    await open(`/p/${P.kettle}`);
    await shot('project-closed');
    const claims = [
      [4, 'button[name=revenue-1]', () => read(P.kettle, 'revenueOf', [1n, who(4)]), 'holder'],
      [1, 'button[name=creator-claim]', async () => (await read(P.kettle, 'roleOwed'))[0], 'creator'],
      [
        3,
        'button[name=maker-1-1]',
        async () => {
          const [e, v] = await read(P.kettle, 'makerOwed', [1n, 1n]);
          return e + v;
        },
        'maker',
      ],
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
      check(
        `${role} received exactly what was owed`,
        after === balance + due - (await fee(hash)),
        `${after - balance + (await fee(hash))} vs ${due}`,
      );
      check(`${role} has nothing left to claim`, (await owed()) === 0n);
    }
    await shot('project-closed-claimed');
  });

  await journey(8, 'the other roles: create, offer, transfer shares, deposit, platform claim, award, treasury handover', async (check) => {
    const NEWCOMER = 16,
      TREASURY = 0,
      HOLDER = 4,
      INSPECTOR = 7,
      BUYER = 10,
      MAKER = 2;
    const F = app.record.contracts.CobuildFactory;
    // kettle: shares move to a newcomer; anyone deposits revenue; the treasury claims the platform's part
    await open(`/p/${P.kettle}`);
    await as(HOLDER);
    const shares = await read(P.kettle, 'sharesOf', [1n, who(HOLDER)]);
    await page.fill('form[name=transfer-1] input[name=to]', who(NEWCOMER));
    await page.fill('form[name=transfer-1] input[name=amount]', '0.1');
    let r = await tx(() => page.click('form[name=transfer-1] button'));
    check('share transfer confirmed', r.status === 'confirmed', r.msg);
    check(
      'shares moved on chain',
      (await read(P.kettle, 'sharesOf', [1n, who(NEWCOMER)])) === E('0.1') &&
        (await read(P.kettle, 'sharesOf', [1n, who(HOLDER)])) === shares - E('0.1'),
    );
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
    check(
      'treasury received the platform part to the wei',
      (await reader.getBalance({ address: who(TREASURY) })) === balance + platformOwed - (await fee(hash)),
    );
    // bike: two more orders reach its minimum; after the presale anyone closes the model from the
    // page; an inspector grants an award from the bond (quorum 1); the buyer and the merchant claim
    for (const i of [17, 18]) {
      await d.pay(P.bike, who(i), E('50'));
      await d.tx(P.bike, who(i), 'order', [1n, []]);
    }
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
    const token = app.record.contracts.PermitToken;
    const tokens = await reader.readContract({ address: token, abi: ERC20_ABI, functionName: 'balanceOf', args: [who(BUYER)] });
    r = await tx(() => page.click('button[name=award-claim-1-0]'));
    check('award claim confirmed', r.status === 'confirmed', r.msg);
    check(
      'buyer received the award',
      (await reader.readContract({ address: token, abi: ERC20_ABI, functionName: 'balanceOf', args: [who(BUYER)] })) - tokens === E('5'),
    );
    await as(11);
    const merchantTokens = await reader.readContract({ address: token, abi: ERC20_ABI, functionName: 'balanceOf', args: [who(11)] });
    r = await tx(() => page.click('button[name=addon-claim-1]'));
    check('add-on revenue claim confirmed', r.status === 'confirmed', r.msg);
    check(
      'merchant received the add-on price',
      (await reader.readContract({ address: token, abi: ERC20_ABI, functionName: 'balanceOf', args: [who(11)] })) - merchantTokens ===
        E('5'),
    );
    // revenue deposited in cUSD from the page: a permit and the deposit in one transaction
    await as(NEWCOMER);
    const [, bikePlatform] = await read(P.bike, 'roleOwed');
    const newcomerTokens = await tokenRead(token, 'balanceOf', [who(NEWCOMER)]);
    const m = mark();
    await page.fill('form[name=deposit-1] input[name=amount]', '10');
    r = await tx(() => page.click('form[name=deposit-1] button'));
    check('ERC-20 deposit confirmed', r.status === 'confirmed', r.msg);
    const asked = since(m);
    check(
      'deposit: one permit, one transaction',
      asked.signatures.length === 1 &&
        asked.transactions.length === 1 &&
        (await called(asked.sent[0])).inner.join() === 'selfPermit,depositRevenue',
    );
    check(
      "deposit: paid 10 cUSD, the platform's 10% booked",
      newcomerTokens - (await tokenRead(token, 'balanceOf', [who(NEWCOMER)])) === E('10') &&
        (await read(P.bike, 'roleOwed'))[1] - bikePlatform === E('1'),
    );
    check('deposit: allowance 0 afterwards', (await tokenRead(token, 'allowance', [who(NEWCOMER), P.bike])) === 0n);
    // create a project from the form, then a maker offers an option in it
    await open('/create');
    await as(NEWCOMER);
    await page.fill('form[name=create] input[name=title]', 'Browser-made bicycle');
    await page.fill('form[name=create] input[name=description]', 'Created from the dApp');
    await page.fill('form[name=create] input[name=tags]', 'bike, test');
    await page.fill('form[name=create] input[name=inspectors]', 'not an address');
    await page.click('form[name=create] button');
    await page.waitForFunction(() => document.getElementById('create-errors')?.textContent, null, { timeout: 10000 });
    check(
      'the form refuses a bad inspector before sending',
      (await page.locator('#create-errors').textContent()).includes('Every inspector must be an address'),
    );
    await page.fill('form[name=create] input[name=inspectors]', [7, 8, 9].map(who).join(', '));
    const count = await reader.readContract({ address: F, abi: FACTORY_ABI, functionName: 'projectCount' });
    r = await tx(() => page.click('form[name=create] button'));
    check('creation confirmed', r.status === 'confirmed', r.msg);
    check(
      'a project more on chain',
      (await reader.readContract({ address: F, abi: FACTORY_ABI, functionName: 'projectCount' })) === count + 1n,
    );
    const created = await reader.readContract({ address: F, abi: FACTORY_ABI, functionName: 'projectAt', args: [count + 1n] });
    const cfg = await read(created, 'config');
    check(
      'created by the newcomer with the form defaults',
      cfg.creator === who(NEWCOMER) && cfg.quorum === 2 && cfg.inspectors.length === 3 && cfg.dimensions === 3,
    );
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
    check(
      'treasury changed on chain',
      (await reader.readContract({ address: F, abi: FACTORY_ABI, functionName: 'treasury' })) === who(NEWCOMER),
    );
  });
} finally {
  writeFileSync(join(out, 'journeys.json'), JSON.stringify(results, null, 2));
  await browser.close();
  await app.stop();
}
process.exit(results.length === 11 && results.every((r) => r.ok) ? 0 : 1);
