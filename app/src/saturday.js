// SPDX-License-Identifier: MIT
// The pages of the seed's other half (issue 33): the inbox, activities, bookings, device mandates,
// consent and the services escrow's credits. Each page loads through app/src/services.js and
// returns {html, current}; its handlers act through run() (app/src/wallet.js) and render again.
import { zeroAddress, parseEventLogs } from 'viem';
import { state } from './chain.js';
import { run, wallet } from './wallet.js';
import { explain, BOOKING_STATUS, ORDER_STATUS } from './errors.js';
import { same } from './load.js';
import { parseAmount, parseWhole, parseAddress } from './input.js';
import { t, dateTime } from './i18n.js';
import { esc, addr, on, money, field, select, showErrors } from './ui.js';
import {
  loadInbox,
  loadActivities,
  loadBookings,
  loadMandates,
  loadConsent,
  loadCredits,
  readIds,
  markRead,
  rememberUnread,
  normalTag,
  labelHash,
  kindBytes,
  grantTypedData,
  request,
  hasServices,
  BookingStatus,
  OrderStatus,
  activitiesAbi,
  BPS,
} from './services.js';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Defaults of the forms (what a person most often types). */
const DEFAULTS = { capacity: '4', quorum: '1', attestHours: '24', deposit: '0', maxUses: '1', expiryDays: '30', periodDays: '7' };
/** Purposes named by their label (a grant stores only the label's hash); any other shows its hash. */
const PURPOSES = ['delivery', 'marketing', 'analytics', 'research', 'contact'];
const purposeName = (hash) => PURPOSES.find((p) => labelHash(p) === hash) ?? `${hash.slice(0, 10)}…`;
/** The consent operations by bit (ICobuildConsent.Terms.operations). */
const OPERATIONS = () => [t('consent.op.read'), t('consent.op.store'), t('consent.op.share'), t('consent.op.contact')];
const client = () => state;
const need = () => {
  if (!hasServices(state)) throw new Error(t('svc.none'));
  if (!wallet.account) return false;
  return true;
};
const connectFirst = (title) => `<h1>${esc(title)}</h1><p class="muted" id="connect-first">${esc(t('svc.connect'))}</p>`;
/** Seconds since 1970 of a datetime-local value, read as UTC (chain time), or an error. */
function parseTime(text) {
  const s = String(text ?? '').trim();
  if (!s) return { error: { key: 'input.empty', vars: {} } };
  const v = Math.floor(Date.parse(`${s}Z`) / 1000);
  return Number.isFinite(v) ? { value: v } : { error: { key: 'svc.err.time', vars: {} } };
}
/** A chain time as a datetime-local value (UTC). */
const localValue = (seconds) => new Date(seconds * 1000).toISOString().slice(0, 16);
/** "HH:MM" as seconds after midnight. */
function parseClock(text) {
  const m = /^(\d{1,2}):(\d{2})$/.exec(String(text ?? '').trim());
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59) return { error: { key: 'svc.err.clock', vars: {} } };
  return { value: Number(m[1]) * HOUR + Number(m[2]) * MINUTE };
}
const clock = (seconds) =>
  `${String(Math.floor(seconds / HOUR)).padStart(2, '0')}:${String(Math.floor((seconds % HOUR) / MINUTE)).padStart(2, '0')}`;
const addresses = (text) =>
  String(text || '')
    .split(/[\s,，]+/)
    .filter(Boolean)
    .map(parseAddress);
const payment = (token, value) => (token.address === zeroAddress ? { value } : { value: 0n });
const erc20For = (token, contract, amount) =>
  token.address === zeroAddress ? undefined : { token: token.address, spender: state.cfg.contracts[contract], amount, info: token };
/** The custom error a write would revert with, as a sentence in the user's language, or null. */
async function refusalOf(req) {
  try {
    await state.pub.simulateContract({ ...req, account: wallet.account });
    return null;
  } catch (err) {
    return explain(err);
  }
}
/** Tell `invitees` of activity `id` in their inbox (a notice each, from the organizer: it reaches
 * those who follow the organizer), after its invitation on chain. */
function inboxInvitations(id, place, startsAt, invitees) {
  const text = t('act.inviteText', { place, time: dateTime(startsAt) });
  return run(
    t('tx.inviteInbox', { n: invitees.length, count: invitees.length }),
    invitees.map((who) => request(client(), 'CobuildNotices', 'invite', [who, text, `#/activities/${id}`])),
  );
}
const notifyBox = () => `<label class="field"><input type="checkbox" name="notify" checked> <span>${esc(t('act.notify'))}</span></label>`;

/** Fill a form's field errors; true when there are none. */
function checked(form, errors) {
  return showErrors(form, errors);
}

// ------------------------------------------------------------------ credits (the escrow)
const ESCROW_NAME = {
  Activities: () => t('credit.activities'),
  Bookings: () => t('credit.bookings'),
  DeviceMandates: () => t('credit.mandates'),
};
async function creditsCard(route) {
  const { token, credits } = await loadCredits(client(), { account: wallet.account });
  const rows = credits
    .map(
      (c) =>
        `<li data-credit="${c.contract}"><span>${esc(ESCROW_NAME[c.contract]())}</span> <b>${esc(money(c.amount, token))}</b>${
          c.amount > 0n
            ? ` <button name="withdraw-${c.contract}" data-on="${on(async () => {
                if (await run(t('tx.withdrawCredit', { amount: money(c.amount, token) }), request(client(), c.contract, 'withdraw')))
                  route();
              })}">${esc(t('credit.withdraw'))}</button>`
            : ''
        }</li>`,
    )
    .join('');
  return { credits, html: `<section class="card" id="credits"><h2>${esc(t('credit.title'))}</h2><ul class="plain">${rows}</ul></section>` };
}

// ------------------------------------------------------------------ inbox
const KIND_TEXT = {
  post: () => t('inbox.kind.post'),
  invitation: () => t('inbox.kind.invitation'),
  'project-matches': () => t('inbox.kind.project'),
  'data-used': () => t('inbox.kind.used'),
};
function noticeText(n) {
  const who = n.sender ? addr(n.sender) : '';
  switch (n.kind) {
    case 'post':
      return `${esc(t('inbox.post'))} ${who}${esc(t('punct.colon'))}<q>${esc(n.text)}</q>`;
    case 'invitation':
      return `${esc(t('inbox.invitation'))} ${who}${esc(t('punct.colon'))}<q>${esc(n.text)}</q>`;
    case 'project-matches':
      return esc(t('inbox.project', { title: n.title, tags: n.tags.join(', ') }));
    case 'data-used':
      return `${esc(t('inbox.used', { grant: n.grant, use: n.use, operation: OPERATIONS()[n.operation] ?? n.operation }))} ${who}`;
    default:
      return esc(n.text);
  }
}
function noticeLink(n) {
  if (n.kind === 'project-matches') return `<a href="#/p/${n.project}">${esc(t('inbox.open'))}</a>`;
  if (n.kind === 'data-used') return `<a href="#/consent">${esc(t('inbox.open'))}</a>`;
  if (n.uri && n.uri.startsWith('#/')) return `<a href="${esc(n.uri)}" data-open-notice>${esc(t('inbox.open'))}</a>`;
  return n.uri ? `<span class="muted">${esc(n.uri)}</span>` : '';
}

/** Notices rendered at first (newest first); "more" shows as many again. */
const INBOX_PAGE = 100;

export async function pageInbox({ route }, query) {
  if (!need()) return { current: { page: 'inbox' }, html: connectFirst(t('inbox.title')) };
  const me = wallet.account;
  const feedUrl = state.cfg.feedUrl || null;
  const inbox = await loadInbox(client(), { account: me, feedUrl });
  const read = readIds(client(), me);
  const unread = inbox.notices.filter((n) => !read.has(n.id)).length;
  rememberUnread(client(), me, unread);
  const markAll = on(() => {
    markRead(
      client(),
      me,
      inbox.notices.map((n) => n.id),
    );
    route();
  });
  const shown = Math.max(INBOX_PAGE, Number(query?.get('n')) || 0);
  const items = [...inbox.notices]
    .reverse()
    .slice(0, shown)
    .map(
      (n) =>
        `<li class="notice ${read.has(n.id) ? 'read' : 'unread'}" data-notice="${n.id}" data-kind="${n.kind}"><span class="tag">${esc(KIND_TEXT[n.kind]())}</span> ${noticeText(n)} <span class="muted">#${n.block}</span> ${noticeLink(n)}${
          read.has(n.id)
            ? ''
            : ` <button class="ghost" name="read" data-on="${on(() => {
                markRead(client(), me, [n.id]);
                route();
              })}">${esc(t('inbox.markRead'))}</button>`
        }</li>`,
    )
    .join('');
  const act = async (label, req) => {
    if (await run(label, req)) route();
  };
  const declare = on((data, form) => {
    const tag = normalTag(data.tag);
    if (!checked(form, tag ? {} : { tag: { key: 'inbox.err.tag', vars: {} } })) return;
    act(t('tx.declare', { tag }), request(client(), 'CobuildInterests', 'declareInterest', [tag]));
  });
  const follow = on((data, form) => {
    const r = parseAddress(data.sender);
    if (!checked(form, r.error ? { sender: r.error } : {})) return;
    act(t('tx.follow', { sender: r.value }), request(client(), 'CobuildNotices', 'follow', [r.value]));
  });
  const post = on((data, form) => {
    const text = String(data.text || '').trim();
    const tag = data.tag.trim() ? normalTag(data.tag) : '';
    const errors = {};
    if (!text) errors.text = { key: 'input.empty', vars: {} };
    if (tag === null) errors.tag = { key: 'inbox.err.tag', vars: {} };
    if (!checked(form, errors)) return;
    act(
      t('tx.post'),
      tag
        ? request(client(), 'CobuildNotices', 'postToTag', [tag, text, data.uri.trim()])
        : request(client(), 'CobuildNotices', 'post', [text, data.uri.trim()]),
    );
  });
  const tags = inbox.tags
    .map(
      (tag) =>
        `<li data-interest="${esc(tag)}"><span class="tag">${esc(tag)}</span> <button class="ghost" name="withdraw-interest" data-on="${on(
          () => act(t('tx.withdrawInterest', { tag }), request(client(), 'CobuildInterests', 'withdrawInterest', [tag])),
        )}">${esc(t('inbox.withdraw'))}</button></li>`,
    )
    .join('');
  const follows = inbox.following
    .map(
      (sender) =>
        `<li data-following="${sender}">${addr(sender)} <button class="ghost" name="unfollow" data-on="${on(() =>
          act(t('tx.unfollow', { sender }), request(client(), 'CobuildNotices', 'unfollow', [sender])),
        )}">${esc(t('inbox.unfollow'))}</button></li>`,
    )
    .join('');
  return {
    current: { page: 'inbox', source: inbox.source, unread, notices: inbox.notices, tags: inbox.tags, following: inbox.following },
    html: `<h1>${esc(t('inbox.title'))} <span class="tag" id="unread">${esc(t('inbox.unread', { n: unread, count: unread }))}</span></h1>
  <p class="muted">${esc(t(inbox.source === 'feed' ? 'inbox.fromFeed' : 'inbox.fromChain'))}${unread ? ` <button class="ghost" name="read-all" data-on="${markAll}">${esc(t('inbox.markAll'))}</button>` : ''}</p>
  <ol class="plain notices" id="notices">${items || `<li class="muted">${esc(t('inbox.empty'))}</li>`}</ol>${
    inbox.notices.length > shown
      ? `<p><a class="button" href="#/inbox?n=${shown + INBOX_PAGE}" id="inbox-more">${esc(t('more'))}</a></p>`
      : ''
  }
  <div class="grid">
  <section class="card"><h2>${esc(t('inbox.interests'))}</h2><ul class="plain" id="interests">${tags || `<li class="muted">${esc(t('none'))}</li>`}</ul>
    <form class="inline" name="declare" data-submit="${declare}">${field('declare', 'tag', t('inbox.tag'), 'size="20" autocomplete="off"')}<button>${esc(t('inbox.declare'))}</button></form></section>
  <section class="card"><h2>${esc(t('inbox.following'))}</h2><ul class="plain" id="following">${follows || `<li class="muted">${esc(t('none'))}</li>`}</ul>
    <form class="inline" name="follow" data-submit="${follow}">${field('follow', 'sender', t('inbox.sender'), 'size="30" autocomplete="off"')}<button>${esc(t('inbox.follow'))}</button></form></section>
  <section class="card"><h2>${esc(t('inbox.postTitle'))}</h2><form class="stack" name="post" data-submit="${post}">
    ${field('post', 'text', t('inbox.text'), 'size="40" maxlength="280"')}${field('post', 'tag', t('inbox.postTag'), 'size="20" autocomplete="off"')}${field('post', 'uri', t('inbox.uri'), 'size="30"')}
    <button>${esc(t('inbox.send'))}</button></form></section></div>`,
  };
}

// ------------------------------------------------------------------ activities
const activityState = (a, now) =>
  Number(a.cancelledAt)
    ? t('act.cancelled')
    : now < Number(a.startsAt)
      ? t('act.upcoming')
      : now < Number(a.startsAt) + Number(a.attestationPeriod)
        ? t('act.attesting')
        : t('act.over');

export async function pageActivities({ route }, id) {
  if (!need()) return { current: { page: 'activities' }, html: connectFirst(t('act.title')) };
  const me = wallet.account;
  const data = await loadActivities(client(), { account: me, id });
  const credits = await creditsCard(route);
  const { token, now } = data;
  const act = async (label, req, opts) => {
    if (await run(label, req, opts)) route();
  };
  const row = (a) =>
    `<tr data-activity="${a.id}"><td><a href="#/activities/${a.id}">#${a.id}</a></td><td>${esc(a.place)}</td><td>${esc(
      dateTime(a.startsAt),
    )}</td><td>${addr(a.organizer)}</td><td>${a.participants ?? 0}/${a.capacity ?? 0}</td><td>${esc(money(a.deposit ?? 0n, token))}</td><td>${esc(
      activityState(a, now),
    )}${a.joined ? ` <span class="tag">${esc(t('act.youJoined'))}</span>` : a.invited ? ` <span class="tag">${esc(t('act.youInvited'))}</span>` : ''}</td></tr>`;
  const table = (list) =>
    `<table class="list"><thead><tr><th>${esc(t('col.id'))}</th><th>${esc(t('act.place'))}</th><th>${esc(t('act.starts'))}</th><th>${esc(
      t('act.organizer'),
    )}</th><th>${esc(t('act.people'))}</th><th>${esc(t('act.deposit'))}</th><th>${esc(t('col.status'))}</th></tr></thead><tbody>${list.map(row).join('')}</tbody></table>`;
  if (id) {
    const a = data.activities[0];
    if (!a) throw new Error(t('act.notFound', { id }));
    const organizer = same(a.organizer, me);
    const started = now >= Number(a.startsAt);
    const invite = on((f, form) => {
      const list = addresses(f.invitees);
      const bad = list.find((r) => r.error);
      if (!checked(form, !list.length ? { invitees: { key: 'input.empty', vars: {} } } : bad ? { invitees: bad.error } : {})) return;
      const invitees = list.map((r) => r.value);
      run(t('tx.invite', { n: list.length, count: list.length }), request(client(), 'Activities', 'invite', [BigInt(id), invitees])).then(
        async (done) => {
          if (done && f.notify === 'on') await inboxInvitations(id, a.place, Number(a.startsAt), invitees);
          if (done) route();
        },
      );
    });
    const buttons = [];
    const B = (name, label, fn) => buttons.push(`<button name="${name}" data-on="${on(fn)}">${esc(label)}</button>`);
    if (!Number(a.cancelledAt) && !started) {
      if (!a.joined)
        B('join', t('act.join', { deposit: money(a.deposit, token) }), () =>
          act(t('tx.join', { id }), request(client(), 'Activities', 'join', [BigInt(id)], payment(token, a.deposit).value), {
            erc20: erc20For(token, 'Activities', a.deposit),
          }),
        );
      else B('leave', t('act.leave'), () => act(t('tx.leave', { id }), request(client(), 'Activities', 'leave', [BigInt(id)])));
      if (organizer)
        B('cancel', t('act.cancel'), () => act(t('tx.cancelActivity', { id }), request(client(), 'Activities', 'cancel', [BigInt(id)])));
      if (a.joined || organizer) buttons.push(`<a class="button" href="#/bookings?activity=${id}">${esc(t('act.book'))}</a>`);
    }
    const attested = now >= Number(a.startsAt) + Number(a.attestationPeriod);
    if (a.joined && (Number(a.cancelledAt) || attested))
      B('settle', t('act.settle'), () => act(t('tx.settle', { id }), request(client(), 'Activities', 'settleDeposit', [BigInt(id)])));
    const people = data.participants
      .map(
        (p) =>
          `<li data-participant="${p.who}">${addr(p.who)} <span class="muted">${esc(t('act.votes', { n: p.votes, count: p.votes }))}</span>${
            a.joined && started && !same(p.who, me)
              ? ` <button class="ghost" name="confirm-attendance" data-on="${on(() =>
                  act(t('tx.attend'), request(client(), 'Activities', 'confirmAttendance', [BigInt(id), p.who])),
                )}">${esc(t('act.confirm'))}</button>`
              : ''
          }</li>`,
      )
      .join('');
    return {
      current: { page: 'activity', id, activity: a, participants: data.participants, invitees: data.invitees },
      html: `<h1>${esc(t('act.one', { id, place: a.place }))}</h1>${table([a])}
    <div class="card" id="activity-actions">${buttons.join(' ') || `<span class="muted">${esc(t('act.nothing'))}</span>`}</div>
    <div class="grid"><section class="card"><h2>${esc(t('act.participants'))}</h2><ul class="plain" id="participants">${people || `<li class="muted">${esc(t('none'))}</li>`}</ul></section>
    <section class="card"><h2>${esc(t('act.invitees'))}</h2><ul class="plain" id="invitees">${data.invitees.map((w) => `<li>${addr(w)}</li>`).join('')}</ul>
    ${organizer && !started && !Number(a.cancelledAt) ? `<form class="inline" name="invite" data-submit="${invite}">${field('invite', 'invitees', t('act.inviteesField'), 'size="40" autocomplete="off"')}${notifyBox()}<button>${esc(t('act.invite'))}</button></form>` : ''}</section></div>${credits.html}`,
    };
  }
  const open = on((f, form) => {
    const errors = {};
    const startsAt = parseTime(f.startsAt);
    const capacity = parseWhole(f.capacity, { min: 1, max: 2 ** 32 - 1 });
    const quorum = parseWhole(f.quorum, { min: 1, max: 2 ** 32 - 1 });
    const hours = parseWhole(f.attestHours, { min: 1, max: 24 * 365 });
    const deposit = parseAmount(f.deposit, token, { positive: false });
    const list = addresses(f.invitees);
    for (const [name, r] of Object.entries({ startsAt, capacity, quorum, attestHours: hours, deposit }))
      if (r.error) errors[name] = r.error;
    const bad = list.find((r) => r.error);
    if (bad) errors.invitees = bad.error;
    if (!String(f.place || '').trim()) errors.place = { key: 'input.empty', vars: {} };
    if (!checked(form, errors)) return;
    const invitees = list.map((r) => r.value);
    const place = f.place.trim();
    run(
      t('tx.openActivity', { place }),
      request(client(), 'Activities', 'openActivity', [
        {
          startsAt: BigInt(startsAt.value),
          attestationPeriod: hours.value * HOUR,
          capacity: capacity.value,
          quorum: quorum.value,
          deposit: deposit.value,
          open: f.open === 'on',
          place,
        },
        invitees,
      ]),
    ).then(async (receipts) => {
      if (!receipts) return;
      const [opened] = parseEventLogs({ abi: activitiesAbi, logs: receipts[0].logs, eventName: 'ActivityOpened' });
      if (opened && invitees.length && f.notify === 'on') await inboxInvitations(Number(opened.args.id), place, startsAt.value, invitees);
      // the new activity's page (a new hash routes by itself)
      if (opened) location.hash = `#/activities/${opened.args.id}`;
      else route();
    });
  });
  return {
    current: { page: 'activities', activities: data.activities },
    html: `<h1>${esc(t('act.title'))}</h1>${data.activities.length ? table(data.activities) : `<p class="muted">${esc(t('act.none'))}</p>`}
  <section class="card"><h2>${esc(t('act.open'))}</h2><form class="stack" name="open-activity" data-submit="${open}">
  ${field('open-activity', 'place', t('act.place'), 'size="30" maxlength="80"')}
  ${field('open-activity', 'startsAt', t('act.starts'), `type="datetime-local" value="${localValue(now + DAY)}"`)}
  ${field('open-activity', 'capacity', t('act.capacity'), `value="${DEFAULTS.capacity}" inputmode="numeric"`)}
  ${field('open-activity', 'quorum', t('act.quorum'), `value="${DEFAULTS.quorum}" inputmode="numeric"`)}
  ${field('open-activity', 'attestHours', t('act.attestHours'), `value="${DEFAULTS.attestHours}" inputmode="numeric"`)}
  ${field('open-activity', 'deposit', t('act.depositField', { symbol: token.symbol }), `value="${DEFAULTS.deposit}" inputmode="decimal"`)}
  <label class="field"><input type="checkbox" name="open"> <span>${esc(t('act.openToAll'))}</span></label>
  ${field('open-activity', 'invitees', t('act.inviteesField'), 'size="40" autocomplete="off"')}${notifyBox()}
  <button>${esc(t('act.openButton'))}</button></form></section>${credits.html}`,
  };
}

// ------------------------------------------------------------------ bookings

export async function pageBookings({ route }, query) {
  if (!need()) return { current: { page: 'bookings' }, html: connectFirst(t('book.title')) };
  const me = wallet.account;
  const kind = query.get('kind') || '';
  const activity = query.get('activity') || '';
  const data = await loadBookings(client(), { account: me, kind });
  const credits = await creditsCard(route);
  const { token, now } = data;
  const act = async (label, req, opts) => {
    if (await run(label, req, opts)) route();
  };
  const book = on(async (f, form) => {
    const listing = data.listings.find((x) => x.id === Number(f.listing));
    const slotStart = Number(f.slot);
    const errors = {};
    let arriveBy = 0;
    if (String(f.arriveBy || '').trim()) {
      const r = parseTime(f.arriveBy);
      if (r.error) errors.arriveBy = r.error;
      else arriveBy = r.value;
    }
    let activityId = 0n;
    if (String(f.activity || '').trim()) {
      const r = parseWhole(f.activity, { min: 1 });
      if (r.error) errors.activity = r.error;
      else activityId = BigInt(r.value);
    }
    if (!checked(form, errors)) return;
    const price = listing.terms.price;
    act(
      t('tx.book', { kind: listing.kind, time: dateTime(slotStart) }),
      request(client(), 'Bookings', 'book', [BigInt(listing.id), slotStart, arriveBy, activityId, price], payment(token, price).value),
      { erc20: erc20For(token, 'Bookings', price) },
    );
  });
  const listingCards = data.listings
    .filter((x) => !x.closed)
    .map((x) => {
      const free = x.slots.filter((s) => s.free > 0);
      const mineListing = same(x.provider, me);
      const offer = on((f, form) => {
        const r = parseTime(f.start);
        if (!checked(form, r.error ? { start: r.error } : {})) return;
        act(t('tx.offerSlot', { time: dateTime(r.value) }), request(client(), 'Bookings', 'offerSlots', [BigInt(x.id), [r.value]]));
      });
      return `<div class="card listing" data-listing="${x.id}" data-kind="${esc(x.kind)}"><h3>${esc(t('book.listing', { kind: x.kind, id: x.id }))} <span class="muted">${esc(
        money(x.terms.price ?? 0n, token),
      )}</span></h3><div class="muted">${esc(t('book.by'))} ${addr(x.provider)} · ${esc(t('book.terms', { hours: Number(x.terms.slotLength ?? 0) / HOUR, capacity: Number(x.terms.slotCapacity ?? 0), fee: Number(x.terms.cancelFeeBps ?? 0) / 100, notice: Number(x.terms.cancelNotice ?? 0) / HOUR }))}</div>
      <ul class="plain slots">${x.slots.map((s) => `<li data-slot="${s.start}" data-free="${s.free}">${esc(t('book.slot', { time: dateTime(s.start), free: s.free }))}</li>`).join('') || `<li class="muted">${esc(t('book.noSlots'))}</li>`}</ul>
      ${
        free.length && !mineListing
          ? `<form class="stack" name="book-${x.id}" data-submit="${book}"><input type="hidden" name="listing" value="${x.id}">
        ${select(
          `book-${x.id}`,
          'slot',
          t('book.slotField'),
          free.map((s) => [String(s.start), t('book.slot', { time: dateTime(s.start), free: s.free })]),
        )}
        ${field(`book-${x.id}`, 'arriveBy', t('book.arriveBy'), 'type="datetime-local"')}
        ${field(`book-${x.id}`, 'activity', t('book.activity'), `value="${esc(activity)}" inputmode="numeric"`)}
        <button>${esc(t('book.book', { price: money(x.terms.price ?? 0n, token) }))}</button></form>`
          : ''
      }${mineListing ? `<form class="inline" name="offer-${x.id}" data-submit="${offer}">${field(`offer-${x.id}`, 'start', t('book.offer'), 'type="datetime-local"')}<button>${esc(t('book.offerButton'))}</button></form>` : ''}</div>`;
    })
    .join('');
  const rows = data.bookings
    .map((b) => {
      const customer = same(b.customer, me);
      const provider = same(b.provider, me);
      const arbiter = b.arbiters.some((x) => same(x, me));
      const id = BigInt(b.id);
      const buttons = [];
      const B = (name, label, fn, txLabel) =>
        buttons.push(
          `<button class="ghost" name="${name}" data-on="${on(() => act(txLabel, request(client(), 'Bookings', fn, [id])))}">${esc(label)}</button>`,
        );
      if (b.status === BookingStatus.Booked) {
        if (customer) {
          B('confirm', t('book.confirm'), 'confirm', t('tx.bookingConfirm', { id: b.id }));
          if (now < Number(b.slotStart)) B('cancel', t('book.cancel'), 'cancelByCustomer', t('tx.bookingCancel', { id: b.id }));
          if (b.arbiters.length) B('dispute', t('book.dispute'), 'dispute', t('tx.dispute', { id: b.id }));
          if (!b.checkedIn) B('no-show', t('book.noShow'), 'claimNoShow', t('tx.noShow', { id: b.id }));
          if (Number(b.activityId))
            B('refund-activity', t('book.refundActivity'), 'refundCancelledActivity', t('tx.refundActivity', { id: b.id }));
        }
        if (provider) {
          if (!b.checkedIn) B('check-in', t('book.checkIn'), 'checkIn', t('tx.checkIn', { id: b.id }));
          B('cancel-provider', t('book.cancelProvider'), 'cancelByProvider', t('tx.bookingCancel', { id: b.id }));
        }
        if (b.checkedIn) B('release', t('book.release'), 'release', t('tx.release', { id: b.id }));
      }
      if (b.status === BookingStatus.Disputed) {
        if (arbiter && !customer)
          for (const [bps, label] of [
            [BPS, t('book.ruleRefund')],
            [0, t('book.ruleRelease')],
          ])
            buttons.push(
              `<button class="ghost" name="rule-${bps}" data-on="${on(() => act(t('tx.rule', { id: b.id }), request(client(), 'Bookings', 'rule', [id, bps])))}">${esc(label)}</button>`,
            );
        B('settle-stalled', t('book.stalled'), 'settleStalled', t('tx.stalled', { id: b.id }));
      }
      return `<tr data-booking="${b.id}"><td>#${b.id}</td><td>${esc(b.kind)}</td><td>${esc(dateTime(b.slotStart ?? 0))}</td><td>${
        Number(b.arriveBy ?? 0) ? esc(dateTime(b.arriveBy)) : '–'
      }</td><td>${Number(b.activityId ?? 0) ? `<a href="#/activities/${b.activityId}">#${b.activityId}</a>` : '–'}</td><td>${addr(b.customer)}</td><td>${esc(
        money(b.price ?? 0n, token),
      )}</td><td>${esc(BOOKING_STATUS()[b.status] ?? '')}${b.checkedIn ? ` <span class="tag">${esc(t('book.checkedIn'))}</span>` : ''}${
        b.activityCancelled ? ` <span class="tag">${esc(t('book.activityCancelled'))}</span>` : ''
      }</td><td>${buttons.join(' ')}</td></tr>`;
    })
    .join('');
  const create = on((f, form) => {
    const errors = {};
    const label = normalTag(f.kind);
    if (!label) errors.kind = { key: 'inbox.err.tag', vars: {} };
    const price = parseAmount(f.price, token);
    const hours = parseWhole(f.hours, { min: 1, max: 24 * 30 });
    const capacity = parseWhole(f.capacity, { min: 1, max: 2 ** 32 - 1 });
    for (const [name, r] of Object.entries({ price, hours, capacity })) if (r.error) errors[name] = r.error;
    if (!checked(form, errors)) return;
    act(
      t('tx.createListing', { kind: label }),
      request(client(), 'Bookings', 'createListing', [
        kindBytes(label),
        {
          price: price.value,
          slotLength: hours.value * HOUR,
          slotCapacity: capacity.value,
          releaseWindow: HOUR,
          cancelNotice: 2 * HOUR,
          cancelFeeBps: 0,
          arbitrationPeriod: 0,
          quorum: 0,
          arbiters: [],
        },
      ]),
    );
  });
  return {
    current: { page: 'bookings', listings: data.listings, bookings: data.bookings },
    html: `<h1>${esc(t('book.title'))}</h1><p>${[['', t('book.all')], ...data.kinds.map((k) => [k, k])]
      .map(
        ([k, text]) =>
          `<a class="tag ${k === kind ? 'on' : ''}" href="#/bookings?kind=${encodeURIComponent(k)}${activity ? `&activity=${activity}` : ''}">${esc(text)}</a>`,
      )
      .join('')}</p>
  <div class="grid" id="listings">${listingCards || `<p class="muted">${esc(t('book.none'))}</p>`}</div>
  <h2>${esc(t('book.mine'))}</h2>${rows ? `<table class="list" id="bookings"><thead><tr><th>${esc(t('col.id'))}</th><th>${esc(t('book.kind'))}</th><th>${esc(t('book.slotField'))}</th><th>${esc(t('book.arriveBy'))}</th><th>${esc(t('book.activity'))}</th><th>${esc(t('book.customer'))}</th><th>${esc(t('book.price'))}</th><th>${esc(t('col.status'))}</th><th>${esc(t('col.act'))}</th></tr></thead><tbody>${rows}</tbody></table>` : `<p class="muted" id="bookings">${esc(t('book.noBookings'))}</p>`}
  <section class="card"><h2>${esc(t('book.create'))}</h2><form class="stack" name="create-listing" data-submit="${create}">
  ${field('create-listing', 'kind', t('book.kind'), 'size="20" placeholder="ride"')}${field('create-listing', 'price', t('book.price'), 'inputmode="decimal"')}
  ${field('create-listing', 'hours', t('book.hours'), 'value="1" inputmode="numeric"')}${field('create-listing', 'capacity', t('act.capacity'), 'value="1" inputmode="numeric"')}
  <button>${esc(t('book.createButton'))}</button></form></section>${credits.html}`,
  };
}

// ------------------------------------------------------------------ device mandates

export async function pageMandates({ route }) {
  if (!need()) return { current: { page: 'mandates' }, html: connectFirst(t('mand.title')) };
  const me = wallet.account;
  const data = await loadMandates(client(), { account: me });
  const credits = await creditsCard(route);
  const { token, now } = data;
  const act = async (label, req, opts) => {
    if (await run(label, req, opts)) route();
  };
  const orderRow = (o, m) => {
    const owner = m && same(m.owner, me);
    const device = m && same(m.terms.device, me);
    const vendor = same(o.vendor, me);
    const id = BigInt(o.id);
    const buttons = [];
    const B = (name, label, fn, args, txLabel) =>
      buttons.push(
        `<button class="ghost" name="${name}" data-on="${on(() => act(txLabel, request(client(), 'DeviceMandates', fn, args)))}">${esc(label)}</button>`,
      );
    if (o.status === OrderStatus.Open || o.status === OrderStatus.Delivered) {
      if ((owner || device) && now >= Number(o.deliverAt))
        B('confirm-delivery', t('mand.confirm'), 'confirmDelivery', [id], t('tx.confirmDelivery', { id: o.id }));
      if (vendor && o.status === OrderStatus.Open) {
        B('mark-delivered', t('mand.markDelivered'), 'markDelivered', [id], t('tx.markDelivered', { id: o.id }));
        B('vendor-cancel', t('mand.vendorCancel'), 'cancelOrder', [id], t('tx.cancelOrder', { id: o.id }));
      }
      if (owner && o.status === OrderStatus.Open)
        B('owner-cancel', t('mand.ownerCancel'), 'cancelByOwner', [id], t('tx.cancelOrder', { id: o.id }));
      if (o.status === OrderStatus.Delivered) B('release', t('mand.release'), 'release', [id], t('tx.releaseOrder', { id: o.id }));
      if (o.status === OrderStatus.Open && now > Number(o.deliverAt) + HOUR)
        B('expire', t('mand.expire'), 'expire', [id], t('tx.expire', { id: o.id }));
    }
    const reschedule = on((f, form) => {
      const r = parseTime(f.deliverAt);
      if (!checked(form, r.error ? { deliverAt: r.error } : {})) return;
      act(t('tx.reschedule', { id: o.id, time: dateTime(r.value) }), request(client(), 'DeviceMandates', 'reschedule', [id, r.value]));
    });
    const moving =
      owner && o.status === OrderStatus.Open
        ? `<form class="inline" name="reschedule-${o.id}" data-submit="${reschedule}">${field(`reschedule-${o.id}`, 'deliverAt', t('mand.moveTo'), `type="datetime-local" value="${localValue(Number(o.deliverAt))}"`, { hidden: true })}<button class="ghost">${esc(t('mand.reschedule'))}</button></form>`
        : '';
    return `<tr data-order="${o.id}"><td>#${o.id}</td><td>${addr(o.vendor)}</td><td>${esc(money(o.amount ?? 0n, token))}</td><td>${esc(dateTime(o.deliverAt ?? 0))}</td><td>${esc(
      ORDER_STATUS()[o.status] ?? '',
    )}</td><td>${buttons.join(' ')}${moving}</td></tr>`;
  };
  const orderTable = (list, m) =>
    list.length
      ? `<table class="list"><thead><tr><th>${esc(t('col.id'))}</th><th>${esc(t('mand.vendor'))}</th><th>${esc(t('mand.amount'))}</th><th>${esc(t('mand.deliverAt'))}</th><th>${esc(
          t('col.status'),
        )}</th><th>${esc(t('col.act'))}</th></tr></thead><tbody>${list.map((o) => orderRow(o, m)).join('')}</tbody></table>`
      : `<p class="muted">${esc(t('mand.noOrders'))}</p>`;
  const cards = data.mandates
    .map((m) => {
      const owner = same(m.owner, me);
      const device = same(m.terms.device, me);
      const id = BigInt(m.id);
      const fund = on((f, form) => {
        const r = parseAmount(f.amount, token);
        if (!checked(form, r.error ? { amount: r.error } : {})) return;
        act(
          t('tx.fund', { amount: money(r.value, token) }),
          request(client(), 'DeviceMandates', 'fund', [id, r.value], payment(token, r.value).value),
          {
            erc20: erc20For(token, 'DeviceMandates', r.value),
          },
        );
      });
      const vendorForm = on((f, form) => {
        const r = parseAddress(f.vendor);
        if (!checked(form, r.error ? { vendor: r.error } : {})) return;
        act(t('tx.vendor', { vendor: r.value }), request(client(), 'DeviceMandates', 'setVendor', [id, r.value, true]));
      });
      const order = on(async (f, form) => {
        const errors = {};
        const vendor = parseAddress(f.vendor);
        const amount = parseAmount(f.amount, token);
        const deliverAt = parseTime(f.deliverAt);
        for (const [name, r] of Object.entries({ vendor, amount, deliverAt })) if (r.error) errors[name] = r.error;
        const refusedEl = form.querySelector('.refusal');
        refusedEl.textContent = '';
        if (!checked(form, errors)) return;
        const req = request(client(), 'DeviceMandates', 'order', [id, vendor.value, amount.value, deliverAt.value]);
        // a refusal of the mandate's rules is shown by the form, in the user's language, and nothing is sent
        const refused = await refusalOf(req);
        if (refused) {
          refusedEl.textContent = refused;
          return;
        }
        act(t('tx.deviceOrder', { amount: money(amount.value, token) }), req);
      });
      const T = m.terms;
      return `<section class="card mandate" data-mandate="${m.id}"><h2>${esc(t('mand.one', { id: m.id }))}${m.revoked ? ` <span class="tag">${esc(t('mand.revoked'))}</span>` : ''}</h2>
      <div class="kv"><span>${esc(t('mand.owner'))}</span><span>${addr(m.owner)}</span><span>${esc(t('mand.device'))}</span><span>${addr(T.device)}</span>
      <span>${esc(t('mand.budget'))}</span><span data-budget>${esc(money(m.budget ?? 0n, token))}</span>
      <span>${esc(t('mand.caps'))}</span><span>${esc(t('mand.capsText', { order: money(T.perOrderCap, token), period: money(T.periodCap, token), days: Number(T.period) / DAY, spent: money(m.spentInPeriod ?? 0n, token) }))}</span>
      <span>${esc(t('mand.window'))}</span><span>${esc(t('mand.windowText', { from: clock(Number(T.windowStart)), to: clock(Number(T.windowEnd)) }))}</span>
      <span>${esc(t('mand.vendors'))}</span><span><ul class="plain" data-vendors>${m.vendors
        .map(
          (v) =>
            `<li>${addr(v)}${
              owner && !m.revoked
                ? ` <button class="ghost" name="remove-vendor" data-on="${on(() =>
                    act(t('tx.vendorRemove', { vendor: v }), request(client(), 'DeviceMandates', 'setVendor', [id, v, false])),
                  )}">${esc(t('mand.removeVendor'))}</button>`
                : ''
            }</li>`,
        )
        .join('')}</ul></span></div>
      ${
        owner && !m.revoked
          ? `<form class="inline" name="fund-${m.id}" data-submit="${fund}">${field(`fund-${m.id}`, 'amount', t('mand.fund'), 'inputmode="decimal"')}<button>${esc(t('mand.fundButton'))}</button></form>
      <form class="inline" name="vendor-${m.id}" data-submit="${vendorForm}">${field(`vendor-${m.id}`, 'vendor', t('mand.addVendor'), 'size="30" autocomplete="off"')}<button>${esc(t('mand.addButton'))}</button></form>
      <button name="revoke" data-on="${on(() => act(t('tx.revokeMandate', { id: m.id }), request(client(), 'DeviceMandates', 'revoke', [id])))}">${esc(t('mand.revoke'))}</button>`
          : ''
      }
      ${
        device && !m.revoked
          ? `<form class="stack" name="order-${m.id}" data-submit="${order}"><h3>${esc(t('mand.orderTitle'))}</h3>${field(`order-${m.id}`, 'vendor', t('mand.vendor'), 'size="30" autocomplete="off"')}${field(`order-${m.id}`, 'amount', t('mand.amount'), 'inputmode="decimal"')}${field(`order-${m.id}`, 'deliverAt', t('mand.deliverAt'), 'type="datetime-local"')}<p class="bad refusal" role="alert" id="order-refusal-${m.id}"></p><button>${esc(t('mand.orderButton'))}</button></form>`
          : ''
      }
      <h3>${esc(t('mand.orders'))}</h3>${orderTable(m.orders, m)}</section>`;
    })
    .join('');
  const create = on((f, form) => {
    const errors = {};
    const device = parseAddress(f.device);
    const perOrder = parseAmount(f.perOrder, token);
    const perPeriod = parseAmount(f.perPeriod, token);
    const days = parseWhole(f.periodDays, { min: 1, max: 3650 });
    const from = parseClock(f.windowStart);
    const to = parseClock(f.windowEnd);
    const budget = parseAmount(f.budget, token, { positive: false });
    const vendors = addresses(f.vendors);
    for (const [name, r] of Object.entries({ device, perOrder, perPeriod, periodDays: days, windowStart: from, windowEnd: to, budget }))
      if (r.error) errors[name] = r.error;
    const bad = vendors.find((r) => r.error);
    if (bad) errors.vendors = bad.error;
    if (!checked(form, errors)) return;
    act(
      t('tx.createMandate'),
      request(
        client(),
        'DeviceMandates',
        'createMandate',
        [
          {
            device: device.value,
            perOrderCap: perOrder.value,
            periodCap: perPeriod.value,
            period: days.value * DAY,
            windowStart: from.value,
            windowEnd: to.value,
          },
          vendors.map((r) => r.value),
          budget.value,
        ],
        payment(token, budget.value).value,
      ),
      { erc20: erc20For(token, 'DeviceMandates', budget.value) },
    );
  });
  return {
    current: { page: 'mandates', mandates: data.mandates, vending: data.vending },
    html: `<h1>${esc(t('mand.title'))}</h1><p class="muted">${esc(t('mand.intro'))}</p>${cards || `<p class="muted">${esc(t('mand.none'))}</p>`}
  ${data.vending.length ? `<section class="card" id="vending"><h2>${esc(t('mand.vending'))}</h2>${orderTable(data.vending, null)}</section>` : ''}
  <section class="card"><h2>${esc(t('mand.create'))}</h2><form class="stack" name="create-mandate" data-submit="${create}">
  ${field('create-mandate', 'device', t('mand.device'), 'size="40" autocomplete="off"')}
  ${field('create-mandate', 'vendors', t('mand.vendors'), 'size="40" autocomplete="off"')}
  ${field('create-mandate', 'perOrder', t('mand.perOrder', { symbol: token.symbol }), 'inputmode="decimal"')}
  ${field('create-mandate', 'perPeriod', t('mand.perPeriod', { symbol: token.symbol }), 'inputmode="decimal"')}
  ${field('create-mandate', 'periodDays', t('mand.periodDays'), `value="${DEFAULTS.periodDays}" inputmode="numeric"`)}
  ${field('create-mandate', 'windowStart', t('mand.windowStart'), 'value="18:00" placeholder="18:00"')}
  ${field('create-mandate', 'windowEnd', t('mand.windowEnd'), 'value="22:00" placeholder="22:00"')}
  ${field('create-mandate', 'budget', t('mand.budgetField', { symbol: token.symbol }), 'inputmode="decimal"')}
  <button>${esc(t('mand.createButton'))}</button></form></section>${credits.html}`,
  };
}

// ------------------------------------------------------------------ consent
export async function pageConsent({ route }) {
  if (!need()) return { current: { page: 'consent' }, html: connectFirst(t('consent.title')) };
  const me = wallet.account;
  const data = await loadConsent(client(), { account: me });
  const { now } = data;
  const act = async (label, req) => {
    if (await run(label, req)) route();
  };
  const ops = (bits) =>
    OPERATIONS()
      .filter((_, i) => (Number(bits) >> i) & 1)
      .join(', ');
  const statusOf = (g) =>
    g.revoked
      ? t('consent.revoked')
      : now > Number(g.expiry)
        ? t('consent.expired')
        : Number(g.uses) >= Number(g.maxUses)
          ? t('consent.usedUp')
          : t('consent.active');
  const termsOf = (f, form) => {
    const errors = {};
    const grantee = parseAddress(f.grantee);
    const uses = parseWhole(f.maxUses, { min: 1, max: 2 ** 32 - 1 });
    const days = parseWhole(f.expiryDays, { min: 1, max: 36500 });
    for (const [name, r] of Object.entries({ grantee, maxUses: uses, expiryDays: days })) if (r.error) errors[name] = r.error;
    if (!String(f.data || '').trim()) errors.data = { key: 'input.empty', vars: {} };
    if (!String(f.purpose || '').trim()) errors.purpose = { key: 'input.empty', vars: {} };
    const operations = [0, 1, 2, 3].reduce((bits, i) => bits | (f[`op${i}`] === 'on' ? 1 << i : 0), 0);
    if (!operations) errors.op0 = { key: 'consent.err.operations', vars: {} };
    if (!checked(form, errors)) return null;
    return {
      grantee: grantee.value,
      data: labelHash(f.data.trim()),
      location: String(f.location || '').trim(),
      purpose: labelHash(f.purpose.trim()),
      operations,
      maxUses: uses.value,
      expiry: BigInt(now + days.value * DAY),
    };
  };
  const grant = on((f, form) => {
    const terms = termsOf(f, form);
    if (terms) act(t('tx.grant', { grantee: terms.grantee }), request(client(), 'CobuildConsent', 'grant', [terms]));
  });
  // a grant signed here (EIP-712) and relayed by anyone: the signer pays no gas
  const sign = on(async (button) => {
    const form = button.closest('form');
    const terms = termsOf(Object.fromEntries(new FormData(form)), form);
    if (!terms) return;
    const out = document.getElementById('signed-grant');
    form.querySelector('.refusal').textContent = '';
    try {
      const nonce = await state.pub.readContract({ ...request(client(), 'CobuildConsent', 'nonces', [me]) });
      const deadline = BigInt(now + DAY);
      const typed = grantTypedData(client(), { terms, owner: me, nonce, deadline });
      const signature = await wallet.provider.request({
        method: 'eth_signTypedData_v4',
        params: [me, JSON.stringify(typed, (_, v) => (typeof v === 'bigint' ? v.toString() : v))],
      });
      out.value = JSON.stringify({ terms, owner: me, nonce, deadline, signature }, (_, v) => (typeof v === 'bigint' ? v.toString() : v));
    } catch (err) {
      out.value = '';
      form.querySelector('.refusal').textContent = explain(err);
    }
  });
  const relay = on((f, form) => {
    let s;
    try {
      s = JSON.parse(f.signed);
    } catch {
      checked(form, { signed: { key: 'consent.err.signed', vars: {} } });
      return;
    }
    checked(form, {});
    const terms = { ...s.terms, expiry: BigInt(s.terms.expiry) };
    act(
      t('tx.grant', { grantee: terms.grantee }),
      request(client(), 'CobuildConsent', 'grantBySig', [terms, s.owner, BigInt(s.nonce), BigInt(s.deadline), s.signature]),
    );
  });
  const grantRow = (g, owner) => {
    const use = on((f, form) => {
      const operation = Number(f.operation);
      if (!String(f.purpose || '').trim()) {
        checked(form, { purpose: { key: 'input.empty', vars: {} } });
        return;
      }
      checked(form, {});
      act(t('tx.use', { id: g.id }), request(client(), 'CobuildConsent', 'use', [BigInt(g.id), labelHash(f.purpose.trim()), operation]));
    });
    const actions = owner
      ? g.revoked
        ? ''
        : `<button class="ghost" name="revoke" data-on="${on(() => act(t('tx.revokeGrant', { id: g.id }), request(client(), 'CobuildConsent', 'revoke', [BigInt(g.id)])))}">${esc(t('consent.revoke'))}</button>`
      : `<form class="inline" name="use-${g.id}" data-submit="${use}">${field(`use-${g.id}`, 'purpose', t('consent.purpose'), 'size="12"', { hidden: true })}${select(
          `use-${g.id}`,
          'operation',
          t('consent.operation'),
          OPERATIONS().map((text, i) => [String(i), text]),
        )}<button class="ghost">${esc(t('consent.use'))}</button></form>`;
    return `<tr data-grant="${g.id}"><td>#${g.id}</td><td>${addr(owner ? g.grantee : g.owner)}</td><td class="mono" title="${esc(g.data)}">${esc(g.location || g.data.slice(0, 10))}</td><td data-purpose title="${esc(g.purpose)}">${esc(purposeName(g.purpose))}</td><td>${esc(
      ops(g.operations),
    )}</td><td data-uses>${esc(t('consent.uses', { uses: Number(g.uses), max: Number(g.maxUses) }))}</td><td>${esc(dateTime(g.expiry))}</td><td data-status>${esc(statusOf(g))}</td><td>${actions}</td></tr>`;
  };
  const head = (who) =>
    `<thead><tr><th>${esc(t('col.id'))}</th><th>${esc(who)}</th><th>${esc(t('consent.data'))}</th><th>${esc(t('consent.purpose'))}</th><th>${esc(t('consent.operations'))}</th><th>${esc(t('consent.usesCol'))}</th><th>${esc(
      t('consent.expiry'),
    )}</th><th>${esc(t('col.status'))}</th><th>${esc(t('col.act'))}</th></tr></thead>`;
  const receipts = data.grants
    .flatMap((g) => g.receipts.map((r) => ({ ...r, grant: g.id, grantee: g.grantee })))
    .sort((a, b) => b.block - a.block)
    .map(
      (r) =>
        `<li data-receipt="${r.grant}:${r.use}">${esc(t('consent.receipt', { grant: r.grant, use: r.use, operation: OPERATIONS()[r.operation] ?? r.operation, block: r.block }))} ${addr(r.grantee)} <span class="mono muted" title="${esc(r.tx)}">${esc(r.tx.slice(0, 10))}…</span></li>`,
    )
    .join('');
  const checks = OPERATIONS()
    .map(
      (text, i) =>
        `<label class="field"><input type="checkbox" name="op${i}"${i === 0 ? ' checked' : ''}> <span>${esc(text)}</span></label>`,
    )
    .join('');
  return {
    current: { page: 'consent', grants: data.grants, held: data.held },
    html: `<h1>${esc(t('consent.title'))}</h1><p class="muted">${esc(t('consent.intro'))}</p>
  <h2>${esc(t('consent.mine'))}</h2>${data.grants.length ? `<table class="list" id="grants">${head(t('consent.grantee'))}<tbody>${data.grants.map((g) => grantRow(g, true)).join('')}</tbody></table>` : `<p class="muted" id="grants">${esc(t('consent.none'))}</p>`}
  <h2>${esc(t('consent.receipts'))}</h2><ul class="plain" id="receipts">${receipts || `<li class="muted">${esc(t('none'))}</li>`}</ul>
  ${data.held.length ? `<h2>${esc(t('consent.held'))}</h2><table class="list" id="held">${head(t('consent.owner'))}<tbody>${data.held.map((g) => grantRow(g, false)).join('')}</tbody></table>` : ''}
  <section class="card"><h2>${esc(t('consent.grant'))}</h2><form class="stack" name="grant" data-submit="${grant}">
  ${field('grant', 'grantee', t('consent.grantee'), 'size="40" autocomplete="off"')}
  ${field('grant', 'data', t('consent.dataField'), 'size="40"')}
  ${field('grant', 'location', t('consent.location'), 'size="40"')}
  ${field('grant', 'purpose', t('consent.purpose'), 'size="20" value="delivery"')}
  <fieldset><legend>${esc(t('consent.operations'))}</legend>${checks}<span class="err" data-error-for="op0"></span></fieldset>
  ${field('grant', 'maxUses', t('consent.maxUses'), `value="${DEFAULTS.maxUses}" inputmode="numeric"`)}
  ${field('grant', 'expiryDays', t('consent.expiryDays'), `value="${DEFAULTS.expiryDays}" inputmode="numeric"`)}
  <p class="bad refusal" role="alert"></p>
  <button>${esc(t('consent.grantButton'))}</button> <button type="button" class="ghost" name="sign" data-on="${sign}">${esc(t('consent.sign'))}</button>
  <label class="field" for="signed-grant"><span class="lbl">${esc(t('consent.signed'))}</span> <textarea id="signed-grant" rows="3" cols="50" readonly></textarea></label></form></section>
  <section class="card"><h2>${esc(t('consent.relay'))}</h2><form class="stack" name="relay" data-submit="${relay}">
  <label class="field" for="relay-signed"><span class="lbl">${esc(t('consent.signed'))}</span> <textarea id="relay-signed" name="signed" rows="3" cols="50" aria-describedby="relay-signed-error"></textarea></label><span class="err" id="relay-signed-error" data-error-for="signed"></span>
  <button>${esc(t('consent.relayButton'))}</button></form></section>`,
  };
}
