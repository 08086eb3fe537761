// SPDX-License-Identifier: MIT
// The seed's Saturday in the browser (issue 33): headless Chromium with the injected test wallet on
// the chain `make app` seeds (one anvil, one deployment, one browser; a new context per journey).
// Each journey acts on the page and is checked on chain (viem, not through the page); each leaves
// out/app/saturday-<id>.png. The last one compares the inbox read from the chain's logs with the
// inbox read from the watcher's feed (cobuild.routing, on the same chain). Writes
// out/app/saturday.json and out/app/saturday-shots.json.   node tests/app/saturday.mjs
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync, readFileSync, existsSync, rmSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { parseEther, keccak256, toHex } from 'viem';
import { errors } from '@cobuild/abi';
import { localApp, serveApp } from '../../app/serve.mjs';
import { root, abi, freePort } from '../../app/tools/devchain.mjs';
import { PEOPLE, OPERATION, refusal } from '../../app/tools/saturday.mjs';
import zh from '../../app/src/locales.zh.mjs';
import { TestWallet } from './wallet.mjs';
import { journeyRecorder, pageDriver } from './harness.mjs';

const out = join(root, 'out', 'app');
mkdirSync(out, { recursive: true });
// this module's screenshots of the last run go first (listed in saturday-shots.json); other
// modules' pictures in out/app are left alone
const SHOTS = join(out, 'saturday-shots.json');
if (existsSync(SHOTS)) for (const f of JSON.parse(readFileSync(SHOTS, 'utf8'))) rmSync(join(out, f), { force: true });
for (const f of [SHOTS, join(out, 'saturday.json')]) rmSync(f, { force: true });
const taken = [];
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PHONE = { width: 375, height: 812 };
const E = parseEther;
const HOUR = 3600;
const MINUTE = 60;

const t0 = Date.now();
const app = await localApp();
const seedMs = Date.now() - t0;
const { accounts, saturday: S, record } = app;
const C = record.contracts;
let page;
const shot = async (name) => {
  await page.screenshot({ path: join(out, `saturday-${name}.png`), fullPage: true });
  taken.push(`saturday-${name}.png`);
};
const recorder = journeyRecorder({ label: 'saturday', chain: app.c.chain, rpcUrl: app.anvil.rpcUrl, shot });
const { results, reader } = recorder;
// JOURNEYS=feed,consent runs only those (while working on one)
const only = process.env.JOURNEYS ? process.env.JOURNEYS.split(',') : null;
const journey = (id, name, fn) => (only && !only.includes(id) ? null : recorder.journey(id, name, fn));
const key = (i) => accounts[i].privateKey;
const who = (i) => accounts[i].address;
const read = (contract, functionName, args = []) =>
  reader.readContract({ address: C[contract], abi: abi(ABI[contract]), functionName, args });
const ABI = {
  Activities: 'IActivities',
  Bookings: 'IBookings',
  DeviceMandates: 'IDeviceMandates',
  CobuildConsent: 'ICobuildConsent',
  CobuildNotices: 'ICobuildNotices',
  CobuildInterests: 'ICobuildInterests',
};
const events = (contract, eventName, args) =>
  reader.getContractEvents({ address: C[contract], abi: abi(ABI[contract]), eventName, args, fromBlock: 0n });
/** The English sentence of custom error `name` (@cobuild/abi), as the page starts it. */
const sentenceOf = (name) => Object.values(errors).find((e) => e.name === name).sentence.en;
const say = (dict, k, vars = {}) => {
  let text = dict[k];
  if (typeof text === 'object') text = Number(vars.n) === 1 ? text.one : text.other;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
};
/** A chain time as the value of a datetime-local input (UTC). */
const local = (seconds) => new Date(seconds * 1000).toISOString().slice(0, 16);
const at = (hh, mm = 0) => S.day + hh * HOUR + mm * MINUTE;
/** The table's arbiters in the seed (accounts 7 to 9; a majority of two decides) and a full refund. */
const ARBITERS = [7, 8, 9];
const FULL_REFUND_BPS = 10000;
/** An activity id nobody opened on the seeded chain. */
const NO_SUCH_ACTIVITY = 99;
const zhErrors = JSON.parse(readFileSync(join(root, 'app', 'src', 'errors.zh.json'), 'utf8'));
/** The pages of the seed's other half, by their `current.page`. */
const SERVICE_PAGES = [
  ['inbox', '/inbox'],
  ['activities', '/activities'],
  ['activity', '/activities/1'],
  ['bookings', '/bookings'],
  ['mandates', '/mandates'],
  ['consent', '/consent'],
];
/** The watcher's largest block range: above the chain's length, so its first catch-up is one range. */
const WATCH_BATCH = 100000;
/** How often and how long the feed is asked until the watcher has caught up. */
const FEED_POLL_MS = 100;
const FEED_POLLS = 300;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
let wallet;
/** A fresh context (its own storage) with the test wallet, on `url` (default: the app). */
async function fresh(url = app.url) {
  if (page) await page.context().close();
  wallet = new TestWallet({ rpcUrl: app.anvil.rpcUrl, chain: app.c.chain });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await wallet.install(context);
  page = await context.newPage();
  page.on('pageerror', (err) => console.error('page error:', err.message));
  page.base = url;
}
const driver = pageDriver(() => page);
const { ready, settled, tx } = driver;
/** Open page `hash` (a new hash routes by itself; the same one is loaded again). */
async function open(hash) {
  const b = await ready().catch(() => '');
  if ((await page.evaluate(() => location.hash)) === `#${hash}`) await page.reload();
  else await page.goto(`${page.base}#${hash}`);
  await page.waitForFunction((x) => document.body.dataset.ready && document.body.dataset.ready !== x, b, { timeout: 30000 });
}
const as = (i) => driver.as(wallet, key(i), who(i));
/** Start a page session as account `i` on `hash`. */
async function start(i, hash, url) {
  await fresh(url);
  wallet.use(key(i));
  await page.addInitScript(() => localStorage.setItem('cobuild.wallet', 'org.cobuild.testwallet'));
  await page.goto(`${page.base}#${hash}`);
  await page.waitForFunction((a) => document.getElementById('account')?.title === a && document.body.dataset.ready, who(i), {
    timeout: 30000,
  });
  if (!(await page.evaluate(() => window.cobuild?.current?.page))) await settled(await ready());
}
const text = (sel) => page.textContent(sel);
const current = () => page.evaluate(() => window.cobuild.current);

try {
  await journey(
    'invitation',
    'an invitation appears in the inbox; the person joins the activity and books the 09:00 ride linked to it',
    async (check) => {
      const me = who(PEOPLE.me);
      await start(PEOPLE.me, '/inbox');
      const inv = page.locator('[data-kind=invitation]').filter({ hasText: 'Fishing trip' });
      check('the invitation to the fishing trip is in the inbox', (await inv.count()) === 1, await text('#notices'));
      check(
        'it is unread, counted',
        (await text('#unread')).includes('unread') && !(await text('#unread')).startsWith('0'),
        await text('#unread'),
      );
      const b = await ready();
      await inv.locator('a[data-open-notice]').click();
      await settled(b);
      check('it opens the activity', (await current()).page === 'activity' && (await current()).id === S.activities.fishing);
      let r = await tx(() => page.click('button[name=join]'));
      check('joined: confirmed', r.status === 'confirmed', r.msg);
      const id = BigInt(S.activities.fishing);
      check('on chain: a participant', await read('Activities', 'isParticipant', [id, me]));
      check('on chain: the deposit is held', (await read('Activities', 'activity', [id])).participants === 2);
      const b2 = await ready();
      await page.click('a[href^="#/bookings?activity="]');
      await settled(b2);
      const form = `form[name=book-${S.listings.ride}]`;
      const nine = at(9);
      await page.selectOption(`${form} [name=slot]`, String(nine));
      await page.fill(`${form} [name=arriveBy]`, local(at(9, 50)));
      check('the form is linked to the activity', (await page.inputValue(`${form} [name=activity]`)) === String(S.activities.fishing));
      r = await tx(() => page.click(`${form} button`));
      check('booked: confirmed', r.status === 'confirmed', r.msg);
      const [booked] = await events('Bookings', 'Booked', { customer: me });
      const bk = await read('Bookings', 'booking', [booked.args.bookingId]);
      check('on chain: the 09:00 ride', Number(bk.slotStart) === nine && Number(bk.listingId) === S.listings.ride, bk.slotStart);
      check(
        'on chain: arrive by 09:50, linked to the trip',
        Number(bk.arriveBy) === at(9, 50) && Number(bk.activityId) === S.activities.fishing,
      );
      check('on chain: the price held', bk.price === E('0.02'));
      check('the booking is listed', (await page.locator(`#bookings tr[data-booking="${booked.args.bookingId}"]`).count()) === 1);
      await shot('invitation');
    },
  );

  await journey(
    'mandate',
    "the owner sets up the fridge's mandate; an order within limits goes through, one over the cap and one at a vendor not allowed are refused",
    async (check) => {
      const owner = who(PEOPLE.chen);
      const device = who(PEOPLE.spare);
      await start(PEOPLE.chen, '/mandates');
      const f = 'form[name=create-mandate]';
      await page.fill(`${f} [name=device]`, device);
      await page.fill(`${f} [name=vendors]`, S.people.grocer);
      await page.fill(`${f} [name=perOrder]`, '0.05');
      await page.fill(`${f} [name=perPeriod]`, '0.08');
      await page.fill(`${f} [name=budget]`, '0.1');
      let r = await tx(() => page.click(`${f} button`));
      check('the mandate: confirmed', r.status === 'confirmed', r.msg);
      const [made] = await events('DeviceMandates', 'MandateCreated', { owner });
      const id = made.args.mandateId;
      const m = await read('DeviceMandates', 'mandate', [id]);
      check(
        'on chain: the device, caps and window',
        m.terms.device === device &&
          m.terms.perOrderCap === E('0.05') &&
          m.terms.periodCap === E('0.08') &&
          m.terms.windowStart === 18 * HOUR &&
          m.terms.windowEnd === 22 * HOUR,
      );
      check(
        'on chain: funded 0.1 ETH, the grocer allowed',
        m.budget === E('0.1') && (await read('DeviceMandates', 'isVendor', [id, S.people.grocer])),
      );
      await shot('mandate-owner');
      // the device orders
      await as(PEOPLE.spare);
      const o = `form[name=order-${id}]`;
      const order = async (vendor, amount) => {
        await page.fill(`${o} [name=vendor]`, vendor);
        await page.fill(`${o} [name=amount]`, amount);
        await page.fill(`${o} [name=deliverAt]`, local(at(18, 30)));
      };
      await order(S.people.grocer, '0.04');
      r = await tx(() => page.click(`${o} button`));
      check('the order within limits: confirmed', r.status === 'confirmed', r.msg);
      const [ordered] = await events('DeviceMandates', 'Ordered', { mandateId: id });
      const ord = await read('DeviceMandates', 'orderOf', [ordered.args.orderId]);
      check(
        'on chain: the order, escrowed',
        ord.amount === E('0.04') && ord.vendor === S.people.grocer && Number(ord.deliverAt) === at(18, 30),
      );
      for (const [vendor, amount, error] of [
        [S.people.grocer, '0.06', 'OverOrderCap'],
        [S.people.cornerShop, '0.01', 'VendorNotAllowed'],
      ]) {
        const asked = wallet.requests.length;
        await order(vendor, amount);
        await page.click(`${o} button`);
        await page.waitForFunction((s) => document.querySelector(s)?.textContent, `${o} .refusal`, { timeout: 10000 });
        const said = await text(`${o} .refusal`);
        check(`${error}: refused with its sentence`, said.startsWith(sentenceOf(error)), said);
        check(`${error}: nothing asked of the wallet`, wallet.requests.length === asked);
        if (error === 'OverOrderCap') await shot('mandate-refused');
      }
      const after = await read('DeviceMandates', 'mandate', [id]);
      check('on chain: only the first order took money', after.budget === E('0.06') && after.spentInPeriod === E('0.04'));
      check('on chain: one order of this mandate', (await events('DeviceMandates', 'Ordered', { mandateId: id })).length === 1);
      // the owner allows the corner shop, adds to the budget, then revokes the device
      await as(PEOPLE.chen);
      await page.fill(`form[name=vendor-${id}] [name=vendor]`, S.people.cornerShop);
      r = await tx(() => page.click(`form[name=vendor-${id}] button`));
      check('the corner shop allowed: confirmed', r.status === 'confirmed', r.msg);
      check('on chain: the corner shop allowed', await read('DeviceMandates', 'isVendor', [id, S.people.cornerShop]));
      await page.fill(`form[name=fund-${id}] [name=amount]`, '0.04');
      r = await tx(() => page.click(`form[name=fund-${id}] button`));
      check('funded: confirmed', r.status === 'confirmed', r.msg);
      check('on chain: the budget grew by 0.04 ETH', (await read('DeviceMandates', 'mandate', [id])).budget === E('0.1'));
      const credit = await read('DeviceMandates', 'creditOf', [owner]);
      r = await tx(() => page.click(`[data-mandate="${id}"] button[name=revoke]`));
      check('revoked: confirmed', r.status === 'confirmed', r.msg);
      const revoked = await read('DeviceMandates', 'mandate', [id]);
      check(
        'on chain: revoked, the unspent budget credited to the owner',
        revoked.revoked && (await read('DeviceMandates', 'creditOf', [owner])) - credit === E('0.1'),
      );
      const refusedNow = await refusal(app.c, device, C.DeviceMandates, abi('IDeviceMandates'), 'order', [
        id,
        S.people.grocer,
        E('0.01'),
        at(18, 45),
      ]);
      check('on chain: the device can order no more', refusedNow === 'MandateIsRevoked', refusedNow);
    },
  );

  await journey('tag-post', 'the community posts "gas is cut tonight" to a tag; every follower of the tag sees it', async (check) => {
    const tag = S.tags.street;
    await start(PEOPLE.community, '/inbox');
    const f = 'form[name=post]';
    await page.fill(`${f} [name=text]`, 'gas is cut tonight');
    await page.fill(`${f} [name=tag]`, tag);
    const r = await tx(() => page.click(`${f} button`));
    check('posted: confirmed', r.status === 'confirmed', r.msg);
    const posts = await events('CobuildNotices', 'Posted', { sender: S.people.community });
    const post = posts.at(-1);
    check('on chain: to the tag', post.args.key === keccak256(toHex(tag)) && post.args.text === 'gas is cut tonight');
    // the tag's followers, on chain: who follows the community and declares the tag
    const followers = [
      ...new Set((await events('CobuildNotices', 'Followed', { sender: S.people.community })).map((l) => l.args.follower)),
    ];
    const reached = [];
    for (const f2 of followers)
      if (
        (await read('CobuildNotices', 'isFollowing', [f2, S.people.community])) &&
        (await read('CobuildInterests', 'isInterested', [f2, tag]))
      )
        reached.push(f2);
    check(
      'on chain: the tag has followers, and a follower without the tag',
      reached.length >= 2 && followers.length > reached.length,
      `${reached.length} of ${followers.length}`,
    );
    for (const f2 of followers) {
      const i = accounts.findIndex((a) => a.address === f2);
      await as(i);
      if ((await current()).page !== 'inbox') await open('/inbox');
      const sees = (await page.locator('[data-kind=post]').filter({ hasText: 'gas is cut tonight' }).count()) === 1;
      check(
        `${reached.includes(f2) ? 'a follower of the tag sees it' : 'a follower without the tag does not'} (account ${i})`,
        sees === reached.includes(f2),
      );
      if (i === PEOPLE.ben) await shot('tag-post');
    }
  });

  await journey(
    'dinner',
    "the person opens a dinner, invites two friends, books the restaurant, and moves the fridge's delivery after 21:00",
    async (check) => {
      const me = who(PEOPLE.me);
      await start(PEOPLE.me, '/activities');
      const f = 'form[name=open-activity]';
      await page.fill(`${f} [name=place]`, "Lao Wang's");
      await page.fill(`${f} [name=startsAt]`, local(at(19, 30)));
      await page.fill(`${f} [name=invitees]`, `${S.people.ana}, ${S.people.ben}`);
      let r = await tx(() => page.click(`${f} button`));
      check('the dinner: confirmed', r.status === 'confirmed', r.msg);
      const opened = (await events('Activities', 'ActivityOpened', { organizer: me })).at(-1);
      const id = opened.args.id;
      check('on chain: at 19:30 at the restaurant', opened.args.place === "Lao Wang's" && Number(opened.args.startsAt) === at(19, 30));
      check(
        'on chain: both friends invited',
        (await read('Activities', 'isInvited', [id, S.people.ana])) && (await read('Activities', 'isInvited', [id, S.people.ben])),
      );
      const told = await events('CobuildNotices', 'Invited', { sender: me });
      check(
        'on chain: both friends invited in their inboxes too, to the dinner',
        [S.people.ana, S.people.ben].every((f2) => told.some((l) => l.args.invitee === f2 && l.args.uri === `#/activities/${id}`)),
      );
      await open(`/bookings?kind=table&activity=${id}`);
      const form = `form[name=book-${S.listings.table}]`;
      await page.selectOption(`${form} [name=slot]`, String(at(19, 30)));
      r = await tx(() => page.click(`${form} button`));
      check('the table: confirmed', r.status === 'confirmed', r.msg);
      const booked = (await events('Bookings', 'Booked', { customer: me })).at(-1);
      const bk = await read('Bookings', 'booking', [booked.args.bookingId]);
      check(
        'on chain: the 19:30 table, linked to the dinner',
        Number(bk.listingId) === S.listings.table && Number(bk.slotStart) === at(19, 30) && bk.activityId === id,
      );
      await shot('dinner');
      await open('/mandates');
      const g = `form[name=reschedule-${S.orders.groceries}]`;
      await page.fill(`${g} [name=deliverAt]`, local(at(21, 15)));
      r = await tx(() => page.click(`${g} button`));
      check('moved: confirmed', r.status === 'confirmed', r.msg);
      const o = await read('DeviceMandates', 'orderOf', [BigInt(S.orders.groceries)]);
      check('on chain: the delivery after 21:00', Number(o.deliverAt) === at(21, 15) && Number(o.deliverAt) > at(21), o.deliverAt);
      await shot('reschedule');
      // ben follows the person: the dinner's invitation is in his inbox, and opens the dinner
      await as(PEOPLE.ben);
      await open('/inbox');
      const inv = page.locator('[data-kind=invitation]').filter({ hasText: "Lao Wang's" });
      check("the dinner's invitation is in a friend's inbox", (await inv.count()) === 1, await text('#notices'));
      check('it opens the dinner', (await inv.locator('a[data-open-notice]').getAttribute('href')) === `#/activities/${id}`);
    },
  );

  await journey(
    'consent',
    'a grant of one use of the address; the service uses it (a receipt); revoked; a second use is refused',
    async (check) => {
      const me = who(PEOPLE.me);
      await start(PEOPLE.me, '/consent');
      const f = 'form[name=grant]';
      await page.fill(`${f} [name=grantee]`, S.people.delivery);
      await page.fill(`${f} [name=data]`, 'me: 12 Elm Street, flat 3');
      await page.fill(`${f} [name=location]`, 'ipfs://me/address.enc');
      let r = await tx(() => page.click(`${f} button:not([name])`));
      check('granted: confirmed', r.status === 'confirmed', r.msg);
      const id = await read('CobuildConsent', 'grantCount');
      let g = await read('CobuildConsent', 'grantOf', [id]);
      check(
        'on chain: one use of the address, for delivery, by the service',
        g.owner === me &&
          g.grantee === S.people.delivery &&
          g.maxUses === 1 &&
          g.purpose === keccak256(toHex('delivery')) &&
          g.data === keccak256(toHex('me: 12 Elm Street, flat 3')) &&
          g.operations === 1 << OPERATION.read,
      );
      await as(PEOPLE.delivery);
      const u = `form[name=use-${id}]`;
      await page.fill(`${u} [name=purpose]`, 'delivery');
      r = await tx(() => page.click(`${u} button`));
      check('used: confirmed', r.status === 'confirmed', r.msg);
      g = await read('CobuildConsent', 'grantOf', [id]);
      check('on chain: one use', g.uses === 1);
      const [receipt] = await events('CobuildConsent', 'DataUsed', { id });
      check('on chain: a receipt to the owner', receipt && receipt.args.owner === me && receipt.args.useNumber === 1);
      await as(PEOPLE.me);
      if ((await current()).page !== 'consent') await open('/consent');
      check('the receipt appears', (await page.locator(`#receipts [data-receipt="${id}:1"]`).count()) === 1, await text('#receipts'));
      check('the grant shows its purpose', (await text(`#grants tr[data-grant="${id}"] [data-purpose]`)) === 'delivery');
      await shot('consent-receipt');
      r = await tx(() => page.click(`#grants tr[data-grant="${id}"] button[name=revoke]`));
      check('revoked: confirmed', r.status === 'confirmed', r.msg);
      check('on chain: revoked', (await read('CobuildConsent', 'grantOf', [id])).revoked);
      await as(PEOPLE.delivery);
      await page.fill(`${u} [name=purpose]`, 'delivery');
      r = await tx(() => page.click(`${u} button`));
      check('a second use: refused with its sentence', r.status === 'failed' && r.msg.startsWith(sentenceOf('GrantRevoked')), r.msg);
      check('on chain: still one use', (await read('CobuildConsent', 'grantOf', [id])).uses === 1);
      await shot('consent-refused');
    },
  );

  await journey(
    'zh-invitation',
    'in Chinese: an invitation in the inbox; ben joins the trip and books the 08:30 ride linked to it',
    async (check) => {
      const ben = who(PEOPLE.ben);
      await start(PEOPLE.ben, '/inbox');
      const b = await ready();
      await page.selectOption('#lang-select', 'zh');
      await settled(b);
      check(
        'the page is in Chinese',
        (await page.getAttribute('html', 'lang')) === 'zh-CN' && (await text('h1')).includes(zh['inbox.title']),
      );
      const inv = page.locator('[data-kind=invitation]').filter({ hasText: 'Fishing trip' });
      check(
        'the invitation, named in Chinese',
        (await inv.count()) === 1 && (await inv.textContent()).includes(zh['inbox.kind.invitation']),
      );
      const b1 = await ready();
      await inv.locator('a[data-open-notice]').click();
      await settled(b1);
      let r = await tx(() => page.click('button[name=join]'));
      check(
        'joined: confirmed, the label in Chinese',
        r.status === 'confirmed' && r.label === say(zh, 'tx.join', { id: S.activities.fishing }),
        r.label,
      );
      check('on chain: a participant', await read('Activities', 'isParticipant', [BigInt(S.activities.fishing), ben]));
      const b2 = await ready();
      await page.click('a[href^="#/bookings?activity="]');
      await settled(b2);
      const form = `form[name=book-${S.listings.ride}]`;
      // the 09:00 ride is taken (journey 1): a refusal in Chinese when asked for anyway
      const full = await page.evaluate(() => window.cobuild.current.listings);
      check(
        'the 09:00 ride is no longer offered as free',
        !full.find((x) => x.kind === 'ride').slots.some((s) => s.start === at(9) && s.free > 0),
      );
      // linked to an activity ben takes no part in: refused, in Chinese, and nothing booked
      const linked = await page.inputValue(`${form} [name=activity]`);
      await page.selectOption(`${form} [name=slot]`, String(at(8, 30)));
      await page.fill(`${form} [name=activity]`, String(NO_SUCH_ACTIVITY));
      const bookedBefore = (await events('Bookings', 'Booked', { customer: ben })).length;
      r = await tx(() => page.click(`${form} button`));
      check(
        "a booking linked to a stranger's activity: refused in Chinese",
        r.status === 'failed' && r.msg.startsWith(zhErrors.NotInActivity),
        r.msg,
      );
      check('on chain: nothing booked', (await events('Bookings', 'Booked', { customer: ben })).length === bookedBefore);
      await page.fill(`${form} [name=activity]`, linked);
      r = await tx(() => page.click(`${form} button`));
      check('booked: confirmed', r.status === 'confirmed', r.msg);
      const booked = (await events('Bookings', 'Booked', { customer: ben })).at(-1);
      const bk = await read('Bookings', 'booking', [booked.args.bookingId]);
      check(
        'on chain: the 08:30 ride, linked to the trip',
        Number(bk.slotStart) === at(8, 30) && Number(bk.activityId) === S.activities.fishing,
      );
      await shot('zh-invitation');
    },
  );

  await journey(
    'signed-withdraw',
    'a grant signed by its owner and sent by the grantee (it pays the gas); a deposit left and withdrawn from the escrow',
    async (check) => {
      const ben = who(PEOPLE.ben);
      await start(PEOPLE.ben, '/consent');
      const f = 'form[name=grant]';
      await page.fill(`${f} [name=grantee]`, S.people.delivery);
      await page.fill(`${f} [name=data]`, 'ben: 7 Elm Street');
      await page.fill(`${f} [name=maxUses]`, '2');
      const asked = wallet.requests.length;
      await page.click(`${f} button[name=sign]`);
      await page.waitForFunction(() => document.getElementById('signed-grant').value, null, { timeout: 10000 });
      const signed = await page.inputValue('#signed-grant');
      check(
        'one signature asked, no transaction',
        wallet.requests.length === asked + 1 && wallet.requests.at(-1).method === 'eth_signTypedData_v4',
      );
      const count = await read('CobuildConsent', 'grantCount');
      await as(PEOPLE.delivery);
      await page.fill('form[name=relay] [name=signed]', signed);
      let r = await tx(() => page.click('form[name=relay] button'));
      check('sent by the grantee: confirmed', r.status === 'confirmed', r.msg);
      const id = await read('CobuildConsent', 'grantCount');
      const g = await read('CobuildConsent', 'grantOf', [id]);
      check(
        'on chain: a new grant of ben to the service, two uses',
        id === count + 1n && g.owner === ben && g.grantee === S.people.delivery && g.maxUses === 2,
      );
      const sent = await reader.getTransaction({ hash: wallet.sent.at(-1) });
      check('on chain: the service paid the gas', sent.from.toLowerCase() === S.people.delivery.toLowerCase(), sent.from);
      check('the grantee sees what it may use', (await page.locator(`#held tr[data-grant="${id}"]`).count()) === 1);
      // ben leaves the fishing trip (its deposit credited) and withdraws
      await as(PEOPLE.ben);
      await open(`/activities/${S.activities.fishing}`);
      r = await tx(() => page.click('button[name=leave]'));
      check('left: confirmed', r.status === 'confirmed', r.msg);
      const credit = await read('Activities', 'creditOf', [ben]);
      check('on chain: the deposit credited', credit === E('0.01'));
      const before = await reader.getBalance({ address: ben });
      r = await tx(() => page.click('#credits button[name=withdraw-Activities]'));
      check('withdrawn: confirmed', r.status === 'confirmed', r.msg);
      const receipt = await reader.getTransactionReceipt({ hash: wallet.sent.at(-1) });
      const after = await reader.getBalance({ address: ben });
      check(
        'on chain: the credit is paid out, to the wei',
        (await read('Activities', 'creditOf', [ben])) === 0n && after - before === credit - receipt.gasUsed * receipt.effectiveGasPrice,
      );
      await shot('signed-withdraw');
    },
  );

  await journey(
    'phone-axe',
    'the inbox and the services pages at 375 px without sideways scroll, and axe-core without a serious or critical violation, in both languages',
    async (check) => {
      await start(PEOPLE.me, '/inbox');
      await page.setViewportSize(PHONE);
      await page.addScriptTag({ content: AXE });
      for (const lang of ['en', 'zh']) {
        if (lang === 'zh') {
          const b = await ready();
          await page.selectOption('#lang-select', 'zh');
          await settled(b);
        }
        for (const [name, hash] of SERVICE_PAGES) {
          const b = await ready();
          // a new hash routes (and renders again); the same one changes nothing
          const moved = await page.evaluate((h) => {
            const changed = location.hash !== h;
            location.hash = h;
            return changed;
          }, `#${hash}`);
          if (moved) await settled(b);
          check(`${lang} ${name}: the page`, (await current()).page === name);
          const width = await page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));
          check(`${lang} ${name}: scrollWidth ${width} <= ${PHONE.width}`, width <= PHONE.width, width);
          const found = await page.evaluate(async () => {
            const r = await window.axe.run(document, { resultTypes: ['violations'] });
            return r.violations
              .filter((v) => v.impact === 'serious' || v.impact === 'critical')
              .map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ')}`);
          });
          check(`${lang} ${name}: no serious or critical axe violation`, found.length === 0, found.join('; '));
          if (lang === 'zh') await shot(`mobile-zh-${name}`);
        }
      }
    },
  );

  await journey('feed', "the inbox shows the same notices from the chain's logs and from the watcher's feed", async (check) => {
    const me = who(PEOPLE.me);
    const dir = mkdtempSync(join(tmpdir(), 'saturday-feed-'));
    const contracts = join(dir, 'contracts.json');
    const db = join(dir, 'inbox.sqlite');
    writeFileSync(
      contracts,
      JSON.stringify({ interests: C.CobuildInterests, notices: C.CobuildNotices, consent: C.CobuildConsent, factory: C.CobuildFactory }),
    );
    const python = join(root, '.venv', 'bin', 'python');
    const port = await freePort();
    const tw = Date.now();
    // one watcher (cobuild.routing watch) with its feed; its first catch-up commits the whole chain
    // in one range (--batch above the chain's length), so the feed answers all or nothing
    const feed = spawn(
      python,
      [
        '-m',
        'cobuild.routing',
        'watch',
        '--rpc',
        app.anvil.rpcUrl,
        '--contracts',
        contracts,
        '--db',
        db,
        '--confirmations',
        '0',
        '--batch',
        String(WATCH_BATCH),
        '--port',
        String(port),
        '-q',
      ],
      { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const feedUrl = `http://127.0.0.1:${port}`;
    let served = [];
    try {
      const head = await reader.getBlockNumber();
      // meanwhile, the inbox from the chain's logs
      await start(PEOPLE.me, '/inbox');
      const chain = { current: await current(), text: await text('#notices') };
      await shot('inbox-chain');
      for (let i = 0; i < FEED_POLLS && !served.length; i++) {
        try {
          served = await (await fetch(`${feedUrl}/inbox/${me}`)).json();
        } catch {
          // not listening yet
        }
        if (!served.length) await new Promise((res) => setTimeout(res, FEED_POLL_MS));
      }
      check('the watcher caught up and its feed answers', served.length > 0, `${Date.now() - tw} ms`);
      check('the chain did not move meanwhile', (await reader.getBlockNumber()) === head);
      const viaFeed = await serveApp({ ...app.config, feedUrl });
      try {
        await start(PEOPLE.me, '/inbox', viaFeed.url);
        const fed = { current: await current(), text: await text('#notices') };
        await shot('inbox-feed');
        check('the sources are what they say', chain.current.source === 'chain' && fed.current.source === 'feed');
        const kinds = new Set(chain.current.notices.map((n) => n.kind));
        check(
          'every kind is there',
          ['post', 'invitation', 'project-matches', 'data-used'].every((k) => kinds.has(k)),
          [...kinds].join(','),
        );
        check(
          'the same notices, field by field',
          JSON.stringify(chain.current.notices) === JSON.stringify(fed.current.notices),
          `${JSON.stringify(chain.current.notices)}\n vs ${JSON.stringify(fed.current.notices)}`,
        );
        check('the same inbox on the page', chain.text === fed.text && chain.current.unread === fed.current.unread);
        check(
          'as many as the watcher holds for these kinds',
          fed.current.notices.length ===
            served.filter((n) => ['post', 'invitation', 'project-matches', 'data-used'].includes(n.kind)).length,
        );
        check('the notices are on chain', (await events('CobuildNotices', 'Invited', { invitee: me })).length > 0);
        // mark one read: the count goes down and stays down after a reload
        const before = fed.current.unread;
        const b = await ready();
        await page.locator('#notices button[name=read]').first().click();
        await settled(b);
        await page.reload();
        await page.waitForFunction((a) => document.getElementById('account')?.title === a && document.body.dataset.ready, me, {
          timeout: 30000,
        });
        check('mark read: kept in this browser', (await current()).unread === before - 1, `${before} -> ${(await current()).unread}`);
        const nav = await text('#nav');
        check('the header shows the unread count', nav.includes(`Inbox (${before - 1})`), nav);
        // a follower of the tag and one without it: the same notices either way
        for (const i of [PEOPLE.ben, PEOPLE.chen]) {
          await start(i, '/inbox');
          const fromLogs = (await current()).notices;
          await start(i, '/inbox', viaFeed.url);
          const fromFeed = (await current()).notices;
          check(
            `account ${i}: the same ${fromLogs.length} notices either way`,
            fromLogs.length > 0 && JSON.stringify(fromLogs) === JSON.stringify(fromFeed),
            `${JSON.stringify(fromLogs)}\n vs ${JSON.stringify(fromFeed)}`,
          );
        }
      } finally {
        await viaFeed.close();
      }
    } finally {
      feed.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  await journey(
    'day-goes-on',
    'the clock moves through the Saturday: the driver checks in, the ride is confirmed and paid out; attendance confirmed; the dinner disputed and refunded by two arbiters; the groceries delivered and confirmed by the fridge; the deposit settled',
    async (check) => {
      const me = who(PEOPLE.me);
      const travel = async (ts) => {
        await app.c.test.setNextBlockTimestamp({ timestamp: BigInt(ts) });
        await app.c.test.mine({ blocks: 1 });
      };
      const [mine] = await events('Bookings', 'Booked', { customer: me, listingId: BigInt(S.listings.ride) });
      check('the ride of the first journey is there', Boolean(mine));
      const bid = mine.args.bookingId;
      await travel(at(9, 10));
      await start(PEOPLE.driver, '/bookings');
      let r = await tx(() => page.click(`#bookings tr[data-booking="${bid}"] button[name=check-in]`));
      check('the driver checks in: confirmed', r.status === 'confirmed', r.msg);
      check('on chain: checked in', (await read('Bookings', 'booking', [bid])).checkedIn);
      await as(PEOPLE.me);
      r = await tx(() => page.click(`#bookings tr[data-booking="${bid}"] button[name=confirm]`));
      check('the person confirms the ride: confirmed', r.status === 'confirmed', r.msg);
      const settled3 = await read('Bookings', 'booking', [bid]);
      const credit = await read('Bookings', 'creditOf', [S.people.driver]);
      check('on chain: settled, the price credited to the driver', settled3.status === 3 && credit === settled3.price, credit);
      await as(PEOPLE.driver);
      r = await tx(() => page.click('#credits button[name=withdraw-Bookings]'));
      check('the driver withdraws: confirmed', r.status === 'confirmed', r.msg);
      check('on chain: nothing left to withdraw', (await read('Bookings', 'creditOf', [S.people.driver])) === 0n);
      // the trip starts: the two who came confirm each other
      const trip = BigInt(S.activities.fishing);
      await travel(at(10, 5));
      for (const [i, other] of [
        [PEOPLE.me, S.people.ana],
        [PEOPLE.ana, me],
      ]) {
        await as(i);
        await open(`/activities/${trip}`);
        r = await tx(() => page.click(`#participants li[data-participant="${other}"] button[name=confirm-attendance]`));
        check(`attendance of ${other} confirmed`, r.status === 'confirmed', r.msg);
        check('on chain: one confirmation', (await read('Activities', 'attendanceVotes', [trip, other])) === 1);
      }
      await shot('attendance');
      // the dinner (the dinner journey's table): the restaurant checks in, the person disputes, two of
      // the three arbiters rule a full refund
      const [table] = await events('Bookings', 'Booked', { customer: me, listingId: BigInt(S.listings.table) });
      check('the table of the dinner journey is there', Boolean(table));
      const tid = table.args.bookingId;
      await travel(at(19, 35));
      await as(PEOPLE.restaurant);
      await open('/bookings');
      r = await tx(() => page.click(`#bookings tr[data-booking="${tid}"] button[name=check-in]`));
      check('the restaurant checks in: confirmed', r.status === 'confirmed', r.msg);
      await as(PEOPLE.me);
      r = await tx(() => page.click(`#bookings tr[data-booking="${tid}"] button[name=dispute]`));
      check('the person disputes: confirmed', r.status === 'confirmed', r.msg);
      check('on chain: disputed', (await read('Bookings', 'booking', [tid])).status === 2);
      const refundBefore = await read('Bookings', 'creditOf', [me]);
      for (const arbiter of ARBITERS.slice(0, 2)) {
        await as(arbiter);
        await open('/bookings');
        r = await tx(() => page.click(`#bookings tr[data-booking="${tid}"] button[name=rule-${FULL_REFUND_BPS}]`));
        check(`arbiter ${arbiter} rules a full refund: confirmed`, r.status === 'confirmed', r.msg);
      }
      const ruled = await read('Bookings', 'booking', [tid]);
      const refunded = (await read('Bookings', 'creditOf', [me])) - refundBefore;
      check('on chain: settled by the quorum, the price refunded', ruled.status === 3 && refunded === ruled.price, refunded);
      await shot('ruling');
      // the groceries: delivered in their slot by the grocer, confirmed by the fridge
      const gid = BigInt(S.orders.groceries);
      const { deliverAt } = await read('DeviceMandates', 'orderOf', [gid]);
      check('the groceries come after the dinner (moved by the dinner journey)', Number(deliverAt) > at(19, 35), deliverAt);
      await travel(Number(deliverAt) + 5 * MINUTE);
      await as(PEOPLE.grocer);
      await open('/mandates');
      r = await tx(() => page.click(`#vending tr[data-order="${gid}"] button[name=mark-delivered]`));
      check('the grocer marks it delivered: confirmed', r.status === 'confirmed', r.msg);
      check('on chain: delivered', (await read('DeviceMandates', 'orderOf', [gid])).status === 2);
      await as(PEOPLE.fridge);
      r = await tx(() => page.click(`tr[data-order="${gid}"] button[name=confirm-delivery]`));
      check('the fridge confirms: confirmed', r.status === 'confirmed', r.msg);
      const order = await read('DeviceMandates', 'orderOf', [gid]);
      check(
        'on chain: settled, the grocer credited',
        order.status === 3 && (await read('DeviceMandates', 'creditOf', [S.people.grocer])) >= order.amount,
      );
      // the attestation period is over: the deposit comes back
      const { startsAt, attestationPeriod } = await read('Activities', 'activity', [trip]);
      await travel(Number(startsAt) + attestationPeriod + MINUTE);
      await as(PEOPLE.me);
      await open(`/activities/${trip}`);
      const before = await read('Activities', 'creditOf', [me]);
      r = await tx(() => page.click('#activity-actions button[name=settle]'));
      check('the person settles the deposit: confirmed', r.status === 'confirmed', r.msg);
      check('on chain: the deposit credited back', (await read('Activities', 'creditOf', [me])) - before === E('0.01'));
      await shot('day-goes-on');
    },
  );
} finally {
  await browser.close().catch(() => {});
  await app.stop();
}
const total = Date.now() - t0;
writeFileSync(join(out, 'saturday.json'), JSON.stringify({ seedMs, totalMs: total, journeys: results }, null, 2));
writeFileSync(SHOTS, JSON.stringify(taken, null, 2));
console.log(`saturday: ${results.filter((r) => r.ok).length}/${results.length} journeys in ${total} ms (seed ${seedMs} ms)`);
