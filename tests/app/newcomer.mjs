// SPDX-License-Identifier: MIT
// The dApp as a newcomer meets it (issue 32), in headless Chromium with the injected test wallet on
// a chain seeded as by `make app`: every bad input refused next to its field with nothing sent; a
// backer and a buyer in Chinese (checked on chain); the language remembered; test tokens and CSV
// export; every page at 375 px without sideways scroll; axe-core on every page in both languages;
// the skip link and the focus ring. Writes out/app/newcomer.json and out/app/{zh,mobile}-*.png.
//   node tests/app/newcomer.mjs
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { parseEther, formatEther } from 'viem';
import { localApp } from '../../app/serve.mjs';
import { root, PROJECT_ABI, ERC20_ABI } from '../../app/tools/devchain.mjs';
import { en } from '../../app/src/locales.js';
import zh from '../../app/src/locales.zh.mjs';
import { TestWallet } from './wallet.mjs';
import { journeyRecorder, pageDriver } from './harness.mjs';

const out = join(root, 'out', 'app');
mkdirSync(out, { recursive: true });
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PHONE = { width: 375, height: 812 };
const E = parseEther;
const app = await localApp();
const { accounts, projects: P } = app;
const { results, reader, journey } = journeyRecorder({
  label: 'newcomer',
  chain: app.c.chain,
  rpcUrl: app.anvil.rpcUrl,
  shot: (name) => shot(name),
});
const key = (i) => accounts[i].privateKey;
const who = (i) => accounts[i].address;
const read = (project, fn, args = []) => reader.readContract({ address: project, abi: PROJECT_ABI, functionName: fn, args });
const balanceOf = (token, account) => reader.readContract({ address: token, abi: ERC20_ABI, functionName: 'balanceOf', args: [account] });
/** The sentence `key` of language `dict` with its placeholders filled (as app/src/i18n.js t does). */
const say = (dict, k, vars = {}) => {
  let text = dict[k];
  if (typeof text === 'object') text = Number(vars.n) === 1 ? text.one : text.other;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
};
const zhErrors = JSON.parse(readFileSync(join(root, 'app', 'src', 'errors.zh.json'), 'utf8'));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const wallet = new TestWallet({ rpcUrl: app.anvil.rpcUrl, chain: app.c.chain });

async function newPage(viewport, extra = {}) {
  const context = await browser.newContext({ viewport, acceptDownloads: true, ...extra });
  await wallet.install(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('page error:', err.message));
  return page;
}
const desk = await newPage({ width: 1280, height: 900 });
let page = desk;

const driver = pageDriver(() => page);
const { ready, settled, tx } = driver;
async function open(hash) {
  await page.goto('about:blank');
  await page.goto(`${app.url}#${hash}`);
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 30000 });
}
const as = (i) => driver.as(wallet, key(i), who(i));
async function language(code) {
  const b = await ready();
  await page.selectOption('#lang-select', code);
  await settled(b);
}
const shot = (name) => page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
/** Nothing asked of the wallet and no transaction started since `m` (a mark of both). */
const mark = async () => ({ requests: wallet.requests.length, txs: await page.evaluate(() => Number(document.body.dataset.txs || 0)) });
const nothingSent = async (m) =>
  wallet.requests.length === m.requests && (await page.evaluate(() => Number(document.body.dataset.txs || 0))) === m.txs;
/** Submit `form` with `value` in `input` and read the sentence next to the field. */
async function refused(form, input, value, fill = {}) {
  for (const [name, v] of Object.entries(fill)) await page.fill(`form[name=${form}] [name=${name}]`, v);
  await page.fill(`form[name=${form}] [name=${input}]`, value);
  await page.click(`form[name=${form}] button`);
  const sel = `form[name=${form}] [data-error-for=${input}]`;
  await page.waitForFunction((s) => document.querySelector(s)?.textContent, sel, { timeout: 5000 });
  return {
    text: await page.textContent(sel),
    invalid: await page.getAttribute(`form[name=${form}] [name=${input}]`, 'aria-invalid'),
    described: await page.getAttribute(`form[name=${form}] [name=${input}]`, 'aria-describedby'),
  };
}

const BACKER = 13;
const BUYER = 10; // the seed's buyer (app/tools/devchain.mjs seed)
const NEWCOMER = 16;
const PAGES = [
  ['projects', '/'],
  ['how', '/how'],
  ['create', '/create'],
  ['platform', '/platform'],
  ['project-ideation', `/p/${P.car}`],
  ['project-ideation-erc20', `/p/${P.turbine}`],
  ['project-testing', `/p/${P.drone}`],
  ['project-presale', `/p/${P.bike}`],
  ['project-closed', `/p/${P.kettle}`],
];
try {
  await journey('bad-input', 'every bad input gives its sentence next to the field and sends nothing', async (check) => {
    await open(`/p/${P.car}`);
    await as(BACKER);
    const me = who(BACKER);
    const eth = { symbol: 'ETH', decimals: 18 };
    const cases = [
      ['', 'input.empty', eth],
      ['abc', 'input.notNumber', { ...eth, text: 'abc' }],
      ['1,5', 'input.comma', { ...eth, fixed: '1.5' }],
      ['1e30', 'input.exponent', eth],
      ['x1', 'input.notNumber', { ...eth, text: 'x1' }],
      ['-1', 'input.negative', eth],
      ['0.0000000000000000001', 'input.tooManyDecimals', eth],
      ['0', 'input.zero', eth],
      ['20000', 'input.overBalance', { ...eth, balance: formatEther(await reader.getBalance({ address: me })) }],
    ];
    const stake = await read(P.car, 'stakeOf', [1n, me]);
    for (const [value, k, vars] of cases) {
      const m = await mark();
      const r = await refused('invest', 'amount', value, { combo: '1' });
      check(`invest "${value}": ${k}`, r.text === say(en, k, vars), r.text);
      check(
        `invest "${value}": the field is marked invalid and described by the sentence`,
        r.invalid === 'true' && r.described === 'invest-amount-error',
      );
      check(`invest "${value}": nothing asked of the wallet`, await nothingSent(m));
    }
    for (const [value, k, vars] of [
      ['abc', 'input.notWhole', { text: 'abc' }],
      ['99', 'input.range', { min: 1, max: 2 }],
    ]) {
      const m = await mark();
      const r = await refused('invest', 'combo', value, { amount: '0.2' });
      check(`combination "${value}": ${k}`, r.text === say(en, k, vars), r.text);
      check(`combination "${value}": nothing sent`, await nothingSent(m));
    }
    // a new combination: the same checks
    let m = await mark();
    let r = await refused('invest-new', 'amount', '1,5');
    check('invest-new "1,5": the decimal comma', r.text === say(en, 'input.comma', { fixed: '1.5' }) && (await nothingSent(m)), r.text);
    // an offer's quote with more decimals than the token
    m = await mark();
    r = await refused('offer', 'quote', '0.1234567890123456789', { text: 'Glass dome' });
    check('offer: 19 decimals', r.text === say(en, 'input.tooManyDecimals', eth) && (await nothingSent(m)), r.text);
    check('no stake moved on chain', (await read(P.car, 'stakeOf', [1n, me])) === stake);
    // below the minimum stake: a warning, nothing sent; the same amount again is sent
    const [min] = [(await read(P.car, 'config')).minStake];
    m = await mark();
    r = await refused('invest', 'amount', '0.05', { combo: '1' });
    check(
      'below the minimum stake: a warning naming the minimum',
      r.text === say(en, 'input.belowMinStake', { min: `${formatEther(min)} ETH` }) && r.invalid === null,
      r.text,
    );
    check('below the minimum stake: nothing sent yet', await nothingSent(m));
    const res = await tx(() => page.click('form[name=invest] button'));
    check('confirmed the second time', res.status === 'confirmed', res.msg);
    check('the stake on chain grew by 0.05 ETH', (await read(P.car, 'stakeOf', [1n, me])) - stake === E('0.05'));
    await shot('bad-input');
    // an ERC-20 payment above the balance: refused at the field, no signature, no approval
    await open(`/p/${P.turbine}`);
    const held = await balanceOf(app.record.contracts.PermitToken, me);
    m = await mark();
    r = await refused('invest', 'amount', '5000', { combo: '1' });
    check(
      'cUSD above the balance',
      r.text === say(en, 'input.overBalance', { symbol: 'cUSD', balance: formatEther(held) }) && (await nothingSent(m)),
      r.text,
    );
    // malformed addresses
    await open('/platform');
    // the checksummed address with the case of its first letter flipped: a wrong EIP-55 checksum
    const badChecksum = me.replace(/^(0x\d*)([a-fA-F])/, (_, pre, c) => pre + (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()));
    for (const value of ['not an address', '0x1234', badChecksum]) {
      m = await mark();
      r = await refused('propose', 'next', value);
      check(`address "${value}"`, r.text === say(en, 'input.address', { text: value }) && (await nothingSent(m)), r.text);
    }
  });

  await journey(
    'zh-backer',
    'a backer in Chinese: the language is remembered, <html lang> set; invests, argues, a refused input and a revert in Chinese',
    async (check) => {
      await open(`/p/${P.car}`);
      await language('zh');
      check('<html lang> is zh-CN', (await page.getAttribute('html', 'lang')) === 'zh-CN');
      check('the phase in the seed’s word', (await page.textContent('#phase')) === zh['phase.Ideation']);
      await open(`/p/${P.car}`);
      check(
        'remembered after a reload',
        (await page.getAttribute('html', 'lang')) === 'zh-CN' && (await page.textContent('#phase')) === '创意',
      );
      await as(NEWCOMER);
      const me = who(NEWCOMER);
      await shot('zh-project-ideation');
      const m = await mark();
      const r = await refused('invest', 'amount', '1,5', { combo: '1' });
      check('a refused input in Chinese', r.text === say(zh, 'input.comma', { fixed: '1.5' }) && (await nothingSent(m)), r.text);
      await page.selectOption('form[name=invest-new] select[name=d0]', '1');
      await page.selectOption('form[name=invest-new] select[name=d1]', '4');
      await page.selectOption('form[name=invest-new] select[name=d2]', '5');
      await page.fill('form[name=invest-new] input[name=amount]', '0.3');
      let res = await tx(() => page.click('form[name=invest-new] button'));
      check('new combination confirmed', res.status === 'confirmed', res.msg);
      const combo = await read(P.car, 'combinationId', [[1, 4, 5]]);
      check('the new combination on chain with the stake', combo > 0n && (await read(P.car, 'stakeOf', [combo, me])) === E('0.3'), combo);
      await page.fill('form[name=invest] input[name=combo]', '1');
      await page.fill('form[name=invest] input[name=amount]', '0.2');
      res = await tx(() => page.click('form[name=invest] button'));
      check('existing combination confirmed', res.status === 'confirmed', res.msg);
      check('stake in #1 on chain', (await read(P.car, 'stakeOf', [1n, me])) === E('0.2'));
      const text = '铝合金更便宜，也更容易回收。';
      await page.selectOption('form[name=argue] select[name=combo]', String(combo));
      await page.fill('form[name=argue] input[name=text]', text);
      res = await tx(() => page.click('form[name=argue] button'));
      check('PK confirmed', res.status === 'confirmed', res.msg);
      check('the argument is on the page', (await page.textContent('#arguments')).includes(text));
      check(
        'the headings are Chinese',
        (await page.textContent('main')).includes(say(zh, 'h.combinations', { n: 3 })),
        await page.textContent('main h2:last-of-type'),
      );
      await shot('zh-backer');
      // a revert explained in Chinese: a zero quote
      res = await tx(async () => {
        await page.fill('form[name=offer] input[name=text]', '免费外壳');
        await page.fill('form[name=offer] input[name=quote]', '0');
        await page.click('form[name=offer] button');
      });
      check('a revert in Chinese', res.status === 'failed' && res.msg.includes(zhErrors.ZeroAmount), res.msg);
      await shot('zh-error');
    },
  );

  await journey('zh-buyer', 'the seeded buyer orders the bike with an add-on straight after the seed, in Chinese', async (check) => {
    await open(`/p/${P.bike}`);
    check('still Chinese', (await page.textContent('#phase')) === zh['phase.Presale']);
    await as(BUYER);
    const me = who(BUYER);
    const token = app.record.contracts.PermitToken;
    const before = await balanceOf(token, me);
    check('the seeded buyer holds cUSD', before >= E('55'), formatEther(before));
    const orders = (await read(P.bike, 'combination', [1n])).orders;
    await shot('zh-project-presale');
    await page.check('form[name=order-1] input[name=addon][value="1"]');
    const res = await tx(() => page.click('form[name=order-1] button'));
    check('order confirmed', res.status === 'confirmed', res.msg);
    check('one order more on chain', (await read(P.bike, 'combination', [1n])).orders === orders + 1n);
    const [buyer, paid] = await read(P.bike, 'orderOf', [1n, orders]);
    check('the order is the buyer’s, price and add-on', buyer === me && paid === E('55'), `${buyer} ${paid}`);
    check('paid exactly 55 cUSD', before - (await balanceOf(token, me)) === E('55'));
    check(
      'the page shows the order in Chinese',
      (await page.textContent('#mine')).includes(say(zh, 'mine.order', { i: Number(orders), combo: 1 })),
    );
    await shot('zh-buyer');
    await language('en');
  });

  await journey('tokens-csv', 'get test tokens on the local chain; CSV of the combinations and of my positions', async (check) => {
    await open(`/p/${P.car}`);
    await as(NEWCOMER);
    const me = who(NEWCOMER);
    const [cusd, pusd] = [app.record.contracts.PermitToken, app.record.contracts.TestToken];
    const before = [await balanceOf(cusd, me), await balanceOf(pusd, me)];
    const res = await tx(() => page.click('button[name=faucet]'));
    check('test tokens confirmed', res.status === 'confirmed', res.msg);
    check(
      '100 cUSD and 100 pUSD more on chain',
      (await balanceOf(cusd, me)) - before[0] === E('100') && (await balanceOf(pusd, me)) - before[1] === E('100'),
    );
    const csv = async (name) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(`button[name=${name}]`)]);
      return {
        file: download.suggestedFilename(),
        rows: readFileSync(await download.path(), 'utf8')
          .trim()
          .split('\r\n'),
      };
    };
    const combos = await csv('csv-combinations');
    const [, count] = await read(P.car, 'counts');
    check(
      'combinations CSV: a header and one row per combination',
      combos.rows[0].startsWith('id,options,cost,funded') && combos.rows.length === Number(count) + 1,
      combos.rows.length,
    );
    const row1 = combos.rows.find((r) => r.startsWith('1,'));
    const c1 = await read(P.car, 'combination', [1n]);
    check('combination 1: cost in tokens, not wei', row1.split(',')[2] === formatEther(c1.cost), row1);
    const mine = await csv('csv-mine');
    const stake = await read(P.car, 'stakeOf', [1n, me]);
    check(
      'my CSV: my stake in #1 in tokens',
      mine.rows.some((r) => r.startsWith(`position,1,${formatEther(stake)},`)),
      mine.rows.join(' | '),
    );
  });

  await journey('keyboard', 'a skip link first, a visible focus ring, every input labelled', async (check) => {
    await open(`/p/${P.car}`);
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => {
      const el = document.activeElement;
      const box = el.getBoundingClientRect();
      return {
        id: el.id,
        visible: box.top >= 0 && box.height > 0,
        outline: getComputedStyle(el).outlineStyle,
        width: getComputedStyle(el).outlineWidth,
      };
    });
    check(
      'the first Tab reaches the skip link, visible, with a focus ring',
      skip.id === 'skip' && skip.visible && skip.outline === 'solid' && skip.width === '3px',
      JSON.stringify(skip),
    );
    const hash = await page.evaluate(() => location.hash);
    await page.keyboard.press('Enter');
    check(
      'the skip link moves the focus to the content and keeps the page',
      (await page.evaluate(() => document.activeElement.id)) === 'main' && (await page.evaluate(() => location.hash)) === hash,
    );
    await page.focus('form[name=invest] input[name=amount]');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(
      () => getComputedStyle(document.activeElement).outlineStyle + ' ' + getComputedStyle(document.activeElement).outlineColor,
    );
    check('a focused input shows the ring', ring.startsWith('solid rgb(245, 158, 11)'), ring);
    for (const [name, path] of PAGES) {
      await open(path);
      const unlabelled = await page.evaluate(() =>
        [...document.querySelectorAll('input, select, textarea')]
          .filter((el) => !el.labels?.length && !el.getAttribute('aria-label'))
          .map((el) => el.name),
      );
      check(`${name}: every input labelled`, unlabelled.length === 0, unlabelled.join(','));
    }
  });

  await journey(
    'phone-axe',
    'every page at 375 px without sideways scroll, and no serious or critical axe violation, in both languages',
    async (check) => {
      const phone = await newPage(PHONE, { isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
      const audits = [];
      for (const [viewport, p] of [
        ['desktop', desk],
        ['phone', phone],
      ]) {
        page = p;
        await open('/');
        await as(BACKER);
        for (const lang of ['en', 'zh']) {
          await open('/');
          if ((await page.getAttribute('html', 'lang')) !== (lang === 'zh' ? 'zh-CN' : 'en')) await language(lang);
          for (const [name, path] of PAGES) {
            await open(path);
            if (viewport === 'phone') {
              const width = await page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));
              check(`${lang} ${name}: scrollWidth ${width} <= 375`, width <= PHONE.width, width);
              await shot(`mobile-${lang === 'zh' ? 'zh-' : ''}${name}`);
            }
            await page.addScriptTag({ content: AXE });
            const found = await page.evaluate(async () => {
              const r = await window.axe.run(document, { resultTypes: ['violations'] });
              return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, target: v.nodes[0]?.target.join(' ') }));
            });
            audits.push({ viewport, lang, page: name, violations: found });
            const bad = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
            check(`axe ${viewport} ${lang} ${name}: no serious or critical violation`, bad.length === 0, JSON.stringify(bad));
          }
        }
      }
      writeFileSync(join(out, 'axe.json'), JSON.stringify(audits, null, 2));
      check('axe ran on every page, both languages, desktop and phone', audits.length === PAGES.length * 4);
      page = desk;
    },
  );
} finally {
  writeFileSync(join(out, 'newcomer.json'), JSON.stringify(results, null, 2));
  await browser.close();
  await app.stop();
}
process.exit(results.length === 6 && results.every((r) => r.ok) ? 0 : 1);
