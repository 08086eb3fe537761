// SPDX-License-Identifier: MIT
// Cobuild in a browser: the header (pages, language, wallet, test tokens on the local chain) and the
// router. Hash routes: #/ (?tag=), #/how, #/create, #/p/<address>, #/platform. Loading is in
// load.js, the pages in project.js, pages.js and guide.js, the writes in wallet.js.
import { getAddress, parseUnits } from 'viem';
import { init, state, erc20Abi } from './chain.js';
import { wallet, discover, available, connect, restore, wrongChain, switchChain, run } from './wallet.js';
import { explain } from './errors.js';
import { timings } from './load.js';
import { pageProject } from './project.js';
import { pageProjects, pageCreate, pagePlatform } from './pages.js';
import { pageHow } from './guide.js';
import { pageInbox, pageActivities, pageBookings, pageMandates, pageConsent } from './saturday.js';
import { lastUnread } from './services.js';
import { t, lang, setLang, loadLang, applyLang, LANGUAGES } from './i18n.js';
import { esc, on, resetHandlers, short } from './ui.js';

const $ = (id) => document.getElementById(id);
/** Test tokens one press of "Get test tokens" mints of each faucet token (local chain only). */
const FAUCET_AMOUNT = '100';
let current = null; // what the page shows, for tests and re-renders
let viewChange = () => {};

// ------------------------------------------------------------------ header
function renderHeader() {
  const path = (location.hash.slice(1) || '/').split('?')[0];
  const services = state.cfg.contracts.Activities
    ? [
        ['#/inbox', 'nav.inbox', path === '/inbox'],
        ['#/activities', 'nav.activities', path.startsWith('/activities')],
        ['#/bookings', 'nav.bookings', path === '/bookings'],
        ['#/mandates', 'nav.mandates', path === '/mandates'],
        ['#/consent', 'nav.consent', path === '/consent'],
      ]
    : [];
  const links = [
    // the inbox is the first thing a connected person sees
    ...(wallet.account ? services.slice(0, 1) : []),
    ['#/', 'nav.projects', path === '/'],
    ['#/how', 'nav.how', path === '/how'],
    ['#/create', 'nav.create', path === '/create'],
    ['#/platform', 'nav.platform', path === '/platform'],
    ...(wallet.account ? services.slice(1) : services),
  ];
  // the inbox's unread count as it was when last shown here (the header loads nothing itself)
  const unread = wallet.account && services.length ? lastUnread(state, wallet.account) : null;
  const label = (key) => (key === 'nav.inbox' && unread ? t('nav.inboxUnread', { count: unread }) : t(key));
  $('nav').innerHTML = links
    .map(([href, key, here]) => `<a href="${href}"${here ? ' aria-current="page"' : ''}>${esc(label(key))}</a>`)
    .join('');
  $('nav').setAttribute('aria-label', t('nav.label'));
  $('skip').textContent = t('nav.skip');
  $('lang').innerHTML =
    `<label class="sr-only" for="lang-select">${esc(t('lang.label'))}</label><select id="lang-select" name="lang" data-lang>${LANGUAGES.map(
      (l) => `<option value="${l.code}"${l.code === lang() ? ' selected' : ''}>${esc(l.name)}</option>`,
    ).join('')}</select>`;
  const el = $('wallet');
  const faucet =
    state.cfg.faucet?.length && wallet.account && !wrongChain()
      ? ` <button class="ghost" name="faucet" data-on="${on(getTestTokens)}">${esc(t('faucet.button'))}</button>`
      : '';
  if (wallet.account) {
    el.innerHTML = `<span class="muted">${esc(wallet.info?.name || t('wallet.name'))}</span> <b class="mono" id="account" title="${esc(wallet.account)}">${esc(short(wallet.account))}</b>
      <span class="muted">${esc(t('wallet.chain', { id: wallet.chainId }))}</span>${faucet}`;
  } else {
    const list = available();
    el.innerHTML = list.length
      ? list
          .map(
            (p) =>
              `<button data-on="${on(() => connect(p.info.uuid).catch((e) => flash(explain(e))))}" class="connect">${esc(t('wallet.connect', { name: p.info.name }))}</button>`,
          )
          .join(' ')
      : `<span class="muted">${esc(t('wallet.none'))}</span>`;
  }
  $('banner').innerHTML = wrongChain()
    ? `${esc(t('wallet.wrongChain', { have: wallet.chainId, want: state.cfg.chainId }))} <button id="switch" data-on="${on(() => switchChain().catch((e) => flash(explain(e))))}">${esc(t('wallet.switch'))}</button>`
    : '';
}
function flash(text) {
  $('banner').textContent = text;
}

/** The local chain's test tokens (config.faucet: tokens anyone may mint), FAUCET_AMOUNT of each to
 * the connected account. */
async function getTestTokens() {
  const requests = state.cfg.faucet.map(({ address, decimals }) => ({
    address,
    abi: [
      ...erc20Abi,
      {
        type: 'function',
        name: 'mint',
        stateMutability: 'nonpayable',
        inputs: [
          { name: 'to', type: 'address' },
          { name: 'amount', type: 'uint256' },
        ],
        outputs: [],
      },
    ],
    functionName: 'mint',
    args: [wallet.account, parseUnits(FAUCET_AMOUNT, decimals)],
  }));
  const symbols = state.cfg.faucet.map((f) => `${FAUCET_AMOUNT} ${f.symbol}`).join(' + ');
  if (await run(t('tx.faucet', { amount: symbols }), requests)) route();
}

document.addEventListener('change', (event) => {
  if (event.target.matches('[data-lang]')) {
    setLang(event.target.value)
      .then(route)
      .then(() => $('lang-select')?.focus())
      .catch((err) => flash(explain(err)));
    return;
  }
  const el = event.target.closest('[data-view]');
  if (el) viewChange(el.dataset.view, el.value);
});
document.addEventListener('click', (event) => {
  if (event.target.closest('#skip')) {
    // the skip link moves the focus to the content without touching the route (the hash)
    event.preventDefault();
    $('main').focus();
    return;
  }
  const pick = event.target.closest('[data-pick], [data-pick-argue]');
  if (!pick) return;
  const form = document.querySelector(pick.dataset.pick ? 'form[name=invest]' : 'form[name=argue]');
  if (!form) return;
  form.elements.combo.value = pick.dataset.pick || pick.dataset.pickArgue;
  (form.elements.amount || form.elements.text).focus();
  form.scrollIntoView({ block: 'nearest' });
});

// ------------------------------------------------------------------ router
async function route() {
  const [path, q] = (location.hash.slice(1) || '/').split('?');
  const query = new URLSearchParams(q || '');
  resetHandlers();
  renderHeader();
  const ctx = { route };
  try {
    let page;
    if (path.startsWith('/p/')) page = await pageProject(getAddress(path.slice(3)), wallet.account, ctx);
    else if (path === '/how') page = pageHow();
    else if (path === '/create') page = await pageCreate();
    else if (path === '/platform') page = await pagePlatform(ctx);
    else if (path === '/inbox') page = await pageInbox(ctx, query);
    else if (path === '/activities') page = await pageActivities(ctx);
    else if (path.startsWith('/activities/')) page = await pageActivities(ctx, Number(path.slice('/activities/'.length)));
    else if (path === '/bookings') page = await pageBookings(ctx, query);
    else if (path === '/mandates') page = await pageMandates(ctx);
    else if (path === '/consent') page = await pageConsent(ctx);
    else page = await pageProjects(query);
    current = page.current;
    viewChange = page.onView || (() => {});
    const here = $('nav').querySelector('[aria-current]');
    document.title = here && path !== '/' ? `${here.textContent} · Cobuild` : 'Cobuild';
    const t0 = performance.now();
    $('main').innerHTML = page.html;
    timings.dom = Math.round(performance.now() - t0);
    document.body.dataset.ready = String(Date.now());
  } catch (err) {
    $('main').innerHTML = `<p class="bad" id="load-error">${esc(explain(err))}</p>`;
    document.body.dataset.ready = String(Date.now());
  }
  window.cobuild = { current, timings };
}

async function main() {
  timings.script = Math.round(performance.now()); // since navigation start
  await Promise.all([init(), loadLang().catch(() => setLang('en'))]);
  applyLang();
  timings.config = Math.round(performance.now());
  discover();
  window.addEventListener('hashchange', route);
  await new Promise((r) => setTimeout(r)); // let EIP-6963 wallets announce themselves
  await restore().catch(() => {});
  timings.wallet = Math.round(performance.now());
  wallet.listeners.add(() => route());
  // a visit without a page, with a wallet connected: the inbox first
  if (!location.hash && wallet.account && state.cfg.contracts.Activities) history.replaceState(null, '', '#/inbox');
  await route();
  timings.ready = Math.round(performance.now());
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      timings.painted = Math.round(performance.now());
    }),
  );
}
main().catch((err) => {
  $('main').innerHTML = `<p class="bad">${esc(explain(err))}</p>`;
});
