// SPDX-License-Identifier: MIT
// The seed's other half, loaded: the inbox (notices for an account, from the chain's logs or from a
// watcher's JSON feed, the same either way), activities, bookings, device mandates, consent and the
// services escrow's credits. Pure of the DOM: each loader is a function of (client, params) with
// client = {pub, cfg} (app/src/chain.js state), returning named fields; the pages render them
// (app/src/saturday.js). Requests (what a write sends) are built here too.
import { encodeEventTopics, getAddress, keccak256, toHex, hexToString, zeroHash, zeroAddress, pad } from 'viem';
import {
  cobuildInterestsAbi as interestsAbi,
  cobuildNoticesAbi as noticesAbi,
  cobuildConsentAbi as consentAbi,
  activitiesAbi,
  bookingsAbi,
  deviceMandatesAbi as mandatesAbi,
  servicesEscrowAbi as escrowAbi,
} from '@cobuild/abi';
import { getLogsPaged, reads } from './chain.js';
import { created, same, tokenInfo } from './load.js';

export { interestsAbi, noticesAbi, consentAbi, activitiesAbi, bookingsAbi, mandatesAbi, escrowAbi };

/** The kinds of notice the inbox shows (the watcher's kinds for a person's own choices and data;
 * a project's lifecycle notices are on the project's page). */
export const NOTICE_KINDS = ['project-matches', 'post', 'invitation', 'data-used'];
/** The services contracts holding escrow, in the order their credits are shown. */
export const ESCROWS = ['Activities', 'Bookings', 'DeviceMandates'];
export { BookingStatus, OrderStatus } from './phases.mjs';
/** A tag's longest normal form, bytes (contracts/routing/Tags.sol). */
export const MAX_TAG = 32;
/** Basis points in a whole (a refund share, a fee). */
export const BPS = 10000;
/** Every booking or order read at once at most (a page shows the latest). */
export const MAX_ROWS = 200;

const topic = (address) => pad(address.toLowerCase(), { size: 32 });
const selectors = (abi, names) => names.map((eventName) => encodeEventTopics({ abi, eventName })[0]);
const deployBlock = (client) => client.cfg.deployBlock || 0;
export const hasServices = (client) => Boolean(client.cfg.contracts.Activities && client.cfg.contracts.CobuildNotices);

/** Logs of one contract of the config, `events` (names) OR-ed in topic 0, `rest` the next topics. */
function logs(client, contract, abi, events, ...rest) {
  return getLogsPaged({
    address: client.cfg.contracts[contract],
    abi,
    fromBlock: deployBlock(client),
    topics: [selectors(abi, events), ...rest],
  });
}

// ------------------------------------------------------------------ tags
/** A tag's normal form (cobuild/routing/tags.py normalize_tag): lower-case a-z and 0-9, any run of
 * anything else one hyphen, trimmed; null when nothing or more than MAX_TAG bytes is left. */
export function normalTag(text) {
  const tag = String(text ?? '')
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return tag && tag.length <= MAX_TAG && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(tag) ? tag : null;
}
export const tagKey = (tag) => keccak256(toHex(tag));
export const labelHash = (text) => (text ? keccak256(toHex(text)) : zeroHash);

// ------------------------------------------------------------------ inbox
const noticeId = (block, index) => `${Number(block)}:${Number(index)}`;
const PROJECT_TEXT = /^new project (.*) matches your interests \((.*)\)$/;
const USED_TEXT = /^grant (\d+) used by (0x[0-9a-fA-F]{40}) \(use (\d+), operation (\d+)\)$/;

/**
 * The notices of `account`, oldest first, and what it follows and declares now: from the watcher's
 * feed at `feedUrl` when given (GET /inbox/<address>), else derived in the browser from the chain's
 * logs (paged from the deployment block) by the watcher's rules (cobuild/routing/watcher.py): a
 * project whose tags match a tag declared then (not one's own), a post of a sender followed then (to
 * a tag: declared then too), an invitation from a sender followed then, a use of one's data.
 */
export async function loadInbox(client, { account, feedUrl }) {
  const me = getAddress(account);
  const [follows, interests] = await Promise.all([
    logs(client, 'CobuildNotices', noticesAbi, ['Followed', 'Unfollowed'], topic(me)),
    logs(client, 'CobuildInterests', interestsAbi, ['InterestDeclared', 'InterestWithdrawn'], topic(me)),
  ]).catch(() => [[], []]);
  const following = replay(follows, 'Followed', (l) => l.args.sender);
  const tags = replay(interests, 'InterestDeclared', (l) => l.args.tag);
  const notices = (feedUrl ? await fromFeed(feedUrl, me) : await fromChain(client, me, follows, interests)).map(noticeFields);
  return { account: me, notices, following: [...following], tags: [...tags].sort(), source: feedUrl ? 'feed' : 'chain' };
}

/** A notice's fields in one order, whichever source it came from. */
const NOTICE_FIELDS = ['id', 'kind', 'block', 'sender', 'text', 'uri', 'project', 'title', 'tags', 'grant', 'use', 'operation'];
const noticeFields = (n) => Object.fromEntries(NOTICE_FIELDS.filter((k) => n[k] !== undefined).map((k) => [k, n[k]]));

/** The set an ordered list of on/off events leaves: `key(log)` added by `onEvent`, removed by the other. */
function replay(list, onEvent, key) {
  const set = new Set();
  for (const l of list) l.eventName === onEvent ? set.add(key(l)) : set.delete(key(l));
  return set;
}

async function fromFeed(feedUrl, me) {
  const r = await fetch(`${feedUrl.replace(/\/$/, '')}/inbox/${me}`);
  if (!r.ok) throw new Error(`${feedUrl}: HTTP ${r.status}`);
  const rows = await r.json();
  return rows
    .filter((n) => NOTICE_KINDS.includes(n.kind))
    .map((n) => {
      const base = {
        id: noticeId(n.block, n.log_index),
        kind: n.kind,
        block: n.block,
        sender: n.sender ? getAddress(n.sender) : null,
        text: n.text,
        uri: n.uri || '',
      };
      if (n.kind === 'project-matches') {
        const [, title, tags] = PROJECT_TEXT.exec(n.text) || ['', n.text, ''];
        return { ...base, text: '', project: getAddress(n.project), title, tags: tags ? tags.split(', ') : [] };
      }
      if (n.kind === 'data-used') {
        const [, grant, , use, operation] = USED_TEXT.exec(n.text) || [];
        return { ...base, text: '', grant: Number(grant), use: Number(use), operation: Number(operation) };
      }
      return base;
    });
}

async function fromChain(client, me, follows, interests) {
  const senders = [...new Set(follows.map((l) => l.args.sender))];
  const [invites, uses, projects, posts] = await Promise.all([
    logs(client, 'CobuildNotices', noticesAbi, ['Invited'], null, topic(me)),
    client.cfg.contracts.CobuildConsent ? logs(client, 'CobuildConsent', consentAbi, ['DataUsed'], null, topic(me)) : [],
    created(),
    senders.length ? logs(client, 'CobuildNotices', noticesAbi, ['Posted'], senders.map(topic)) : [],
  ]);
  const all = [...follows, ...interests, ...invites, ...uses, ...projects, ...posts].sort(
    (a, b) => Number(a.blockNumber - b.blockNumber) || a.logIndex - b.logIndex,
  );
  const following = new Set();
  const keys = new Set();
  const notices = [];
  const add = (l, kind, fields) =>
    notices.push({ id: noticeId(l.blockNumber, l.logIndex), kind, block: Number(l.blockNumber), uri: '', text: '', ...fields });
  for (const l of all) {
    const a = l.args;
    switch (l.eventName) {
      case 'Followed':
        following.add(a.sender);
        break;
      case 'Unfollowed':
        following.delete(a.sender);
        break;
      case 'InterestDeclared':
        keys.add(a.key);
        break;
      case 'InterestWithdrawn':
        keys.delete(a.key);
        break;
      case 'Posted':
        if (following.has(a.sender) && (a.key === zeroHash || keys.has(a.key)))
          add(l, 'post', { sender: a.sender, text: a.text, uri: a.uri });
        break;
      case 'Invited':
        if (following.has(a.sender)) add(l, 'invitation', { sender: a.sender, text: a.text, uri: a.uri });
        break;
      case 'DataUsed':
        add(l, 'data-used', { sender: a.grantee, grant: Number(a.id), use: a.useNumber, operation: a.operation });
        break;
      case 'ProjectCreated': {
        const tags = [...new Set(a.labels.tags.map(normalTag).filter(Boolean))].sort();
        if (!same(a.creator, me) && tags.some((t) => keys.has(tagKey(t))))
          add(l, 'project-matches', {
            sender: a.creator,
            project: a.project,
            title: a.labels.title || a.labels.uri || a.project.toLowerCase(),
            tags,
            uri: a.labels.uri,
          });
        break;
      }
    }
  }
  return notices;
}

/** How many notices of `account` were unread when its inbox was last shown (for the header), or
 * null; kept in this browser like what was read. */
const unreadKey = (client, account) => `cobuild.unread.${client.cfg.chainId}.${account.toLowerCase()}`;
export function lastUnread(client, account) {
  try {
    const v = globalThis.localStorage?.getItem(unreadKey(client, account));
    return v === null || v === undefined ? null : Number(v);
  } catch {
    return null;
  }
}
export function rememberUnread(client, account, n) {
  try {
    globalThis.localStorage?.setItem(unreadKey(client, account), String(n));
  } catch {
    // a browser without storage shows no count in the header
  }
}

/** The notices `account` marked read, kept in this browser (localStorage), by chain. */
const readKey = (client, account) => `cobuild.read.${client.cfg.chainId}.${account.toLowerCase()}`;
export function readIds(client, account) {
  try {
    return new Set(JSON.parse(globalThis.localStorage?.getItem(readKey(client, account)) || '[]'));
  } catch {
    return new Set();
  }
}
export function markRead(client, account, ids) {
  const set = readIds(client, account);
  for (const id of ids) set.add(id);
  try {
    globalThis.localStorage?.setItem(readKey(client, account), JSON.stringify([...set]));
  } catch {
    // a browser without storage forgets what was read after this visit
  }
  return set;
}

// ------------------------------------------------------------------ activities
/** The activities `account` organizes, is invited to or takes part in, and the open ones; with
 * their states (one aggregated read). `id` alone: that activity, its invitees and participants. */
export async function loadActivities(client, { account, id }) {
  const A = client.cfg.contracts.Activities;
  const [opened, invited, joinedLeft] = await Promise.all([
    logs(client, 'Activities', activitiesAbi, ['ActivityOpened'], id ? pad(toHex(BigInt(id)), { size: 32 }) : null),
    logs(
      client,
      'Activities',
      activitiesAbi,
      ['Invited'],
      id ? pad(toHex(BigInt(id)), { size: 32 }) : null,
      id || !account ? null : topic(account),
    ),
    logs(
      client,
      'Activities',
      activitiesAbi,
      ['Joined', 'Left'],
      id ? pad(toHex(BigInt(id)), { size: 32 }) : null,
      id || !account ? null : topic(account),
    ),
  ]);
  const mine = new Set(invited.map((l) => Number(l.args.id)));
  for (const l of joinedLeft) mine.add(Number(l.args.id));
  const shown = opened.filter((l) => id || l.args.open || same(l.args.organizer, account) || mine.has(Number(l.args.id))).slice(-MAX_ROWS);
  const calls = shown.flatMap((l) => [
    { address: A, abi: activitiesAbi, functionName: 'activity', args: [l.args.id] },
    ...(account
      ? [
          { address: A, abi: activitiesAbi, functionName: 'isParticipant', args: [l.args.id, account] },
          { address: A, abi: activitiesAbi, functionName: 'isInvited', args: [l.args.id, account] },
        ]
      : []),
  ]);
  const [block, token, res] = await Promise.all([client.pub.getBlock(), escrowToken(client, 'Activities'), reads(calls)]);
  const per = account ? 3 : 1;
  const activities = shown
    .map((l, i) => ({
      id: Number(l.args.id),
      place: l.args.place,
      organizer: l.args.organizer,
      ...(res[per * i] || {}),
      joined: account ? Boolean(res[per * i + 1]) : false,
      invited: account ? Boolean(res[per * i + 2]) : false,
    }))
    .reverse();
  const participants = id ? replay(joinedLeft, 'Joined', (l) => l.args.who) : new Set();
  const invitees = id ? [...new Set(invited.map((l) => l.args.who))] : [];
  let votes = [];
  if (id && participants.size)
    votes = await reads(
      [...participants].map((who) => ({ address: A, abi: activitiesAbi, functionName: 'attendanceVotes', args: [BigInt(id), who] })),
    );
  return {
    now: Number(block.timestamp),
    token,
    activities,
    participants: [...participants].map((who, i) => ({ who, votes: Number(votes[i] ?? 0) })),
    invitees,
  };
}

/** The payment asset of a services contract ({address, symbol, decimals}). */
export async function escrowToken(client, contract) {
  const [token] = await reads([{ address: client.cfg.contracts[contract], abi: escrowAbi, functionName: 'token' }]);
  return tokenInfo(token ?? zeroAddress);
}

// ------------------------------------------------------------------ bookings
export const kindLabel = (kind) => hexToString(kind, { size: 32 }).replace(/\0+$/, '');
export const kindBytes = (label) => toHex(label, { size: 32 });

/**
 * The listings (of `kind`, a label, when given) with their future slots and how full each is; the
 * bookings `account` made (customer), those of its listings (provider) and of the listings it
 * arbitrates, each with its state. Reads: the logs, then one aggregated round of views.
 */
export async function loadBookings(client, { account, kind }) {
  const B = client.cfg.contracts.Bookings;
  const L = (fn, args) => ({ address: B, abi: bookingsAbi, functionName: fn, args });
  const idTopic = (id) => pad(toHex(BigInt(id)), { size: 32 });
  const [listed, offered, asCustomer, block, token] = await Promise.all([
    logs(client, 'Bookings', bookingsAbi, ['ListingCreated']),
    logs(client, 'Bookings', bookingsAbi, ['SlotOffered']),
    account ? logs(client, 'Bookings', bookingsAbi, ['Booked'], null, null, topic(account)) : [],
    client.pub.getBlock(),
    escrowToken(client, 'Bookings'),
  ]);
  const now = Number(block.timestamp);
  const slotsOf = new Map();
  for (const l of offered) {
    const id = Number(l.args.listingId);
    if (Number(l.args.start) <= now) continue;
    if (!slotsOf.has(id)) slotsOf.set(id, new Set());
    slotsOf.get(id).add(Number(l.args.start));
  }
  // every listing's terms (its arbiters among them) and the shown listings' future slots: one round
  const all = listed.map((l) => ({ id: Number(l.args.listingId), provider: l.args.provider, kind: kindLabel(l.args.kind) }));
  const shown = all.filter((x) => !kind || x.kind === kind);
  const slotList = shown.flatMap((x) => [...(slotsOf.get(x.id) || [])].sort((p, q) => p - q).map((start) => [x.id, start]));
  const first = await reads([
    ...all.map((x) => L('listing', [BigInt(x.id)])),
    ...slotList.map(([id, start]) => L('slot', [BigInt(id), start])),
  ]);
  const byId = new Map(all.map((x, i) => [x.id, { ...x, closed: first[i]?.[1] ?? false, terms: first[i]?.[2] ?? {}, slots: [] }]));
  slotList.forEach(([id, start], i) => {
    const listing = byId.get(id);
    const taken = Number(first[all.length + i]?.[1] ?? 0);
    listing.slots.push({ start, booked: taken, free: Math.max(0, Number(listing.terms.slotCapacity ?? 0) - taken) });
  });
  // the bookings of the listings `account` provides or arbitrates, and its own
  const served = account
    ? [...byId.values()].filter((x) => same(x.provider, account) || (x.terms.arbiters || []).some((a) => same(a, account)))
    : [];
  const ofServed = served.length
    ? await logs(
        client,
        'Bookings',
        bookingsAbi,
        ['Booked'],
        null,
        served.map((x) => idTopic(x.id)),
      )
    : [];
  const booked = [...new Map([...asCustomer, ...ofServed].map((l) => [Number(l.args.bookingId), l])).values()]
    .sort((p, q) => Number(p.args.bookingId - q.args.bookingId))
    .slice(-MAX_ROWS);
  const states = await reads(booked.map((l) => L('booking', [l.args.bookingId])));
  // the activities the bookings are linked to: one cancelled before a booking's slot refunds it
  const linked = [...new Set(states.map((b) => Number(b?.activityId ?? 0)).filter(Boolean))];
  const cancelled = await reads(
    linked.map((id) => ({ address: client.cfg.contracts.Activities, abi: activitiesAbi, functionName: 'cancelledAt', args: [BigInt(id)] })),
  );
  const cancelledAt = new Map(linked.map((id, i) => [id, Number(cancelled[i] ?? 0)]));
  const bookings = booked.map((l, i) => {
    const listing = byId.get(Number(l.args.listingId));
    const b = states[i] || {};
    const at = cancelledAt.get(Number(b.activityId ?? 0)) || 0;
    return {
      id: Number(l.args.bookingId),
      ...b,
      // the provider's check-in deadline: the arrive-by time, else the slot's end
      deadline: Number(b.arriveBy ?? 0) || Number(b.slotStart ?? 0) + Number(listing?.terms?.slotLength ?? 0),
      activityCancelled: Boolean(at) && at < Number(b.slotStart ?? 0),
      listingId: Number(l.args.listingId),
      provider: listing?.provider,
      kind: listing?.kind ?? '',
      arbiters: listing?.terms?.arbiters ?? [],
    };
  });
  return {
    now,
    token,
    kinds: [...new Set(all.map((x) => x.kind))].sort(),
    listings: shown.map((x) => byId.get(x.id)),
    bookings: bookings.reverse(),
  };
}

// ------------------------------------------------------------------ device mandates
/** The mandates `account` owns or is the device of, their vendors and orders; and the orders it is
 * the vendor of. */
export async function loadMandates(client, { account }) {
  const M = client.cfg.contracts.DeviceMandates;
  const [owned, device, vending, block] = await Promise.all([
    logs(client, 'DeviceMandates', mandatesAbi, ['MandateCreated'], null, topic(account)),
    logs(client, 'DeviceMandates', mandatesAbi, ['MandateCreated'], null, null, topic(account)),
    logs(client, 'DeviceMandates', mandatesAbi, ['Ordered'], null, null, topic(account)),
    client.pub.getBlock(),
  ]);
  const ids = [...new Set([...owned, ...device].map((l) => l.args.mandateId))].sort((a, b) => Number(a - b));
  const idTopics = ids.map((x) => pad(toHex(x), { size: 32 }));
  const [vendorLogs, orderLogs] = ids.length
    ? await Promise.all([
        logs(client, 'DeviceMandates', mandatesAbi, ['VendorSet'], idTopics),
        logs(client, 'DeviceMandates', mandatesAbi, ['Ordered'], null, idTopics),
      ])
    : [[], []];
  const orders = [...new Map([...orderLogs, ...vending].map((l) => [Number(l.args.orderId), l])).values()]
    .sort((a, b) => Number(a.args.orderId - b.args.orderId))
    .slice(-MAX_ROWS);
  const vendorsOf = new Map(ids.map((x) => [Number(x), new Set()]));
  for (const l of vendorLogs) {
    const set = vendorsOf.get(Number(l.args.mandateId));
    if (l.args.allowed) set.add(l.args.vendor);
    else set.delete(l.args.vendor);
  }
  const res = await reads([
    ...ids.map((x) => ({ address: M, abi: mandatesAbi, functionName: 'mandate', args: [x] })),
    ...orders.map((l) => ({ address: M, abi: mandatesAbi, functionName: 'orderOf', args: [l.args.orderId] })),
  ]);
  const token = await escrowToken(client, 'DeviceMandates');
  const orderRows = orders.map((l, i) => ({ id: Number(l.args.orderId), ...(res[ids.length + i] || {}) }));
  const mandates = ids.map((x, i) => ({
    id: Number(x),
    ...(res[i] || {}),
    vendors: [...vendorsOf.get(Number(x))],
    orders: orderRows.filter((o) => Number(o.mandateId) === Number(x)).reverse(),
  }));
  return {
    now: Number(block.timestamp),
    token,
    mandates: mandates.reverse(),
    vending: orderRows.filter((o) => same(o.vendor, account)).reverse(),
  };
}

// ------------------------------------------------------------------ consent
/** `account`'s grants (as owner) with their receipts, and the grants it holds (as grantee). */
export async function loadConsent(client, { account }) {
  const C = client.cfg.contracts.CobuildConsent;
  const [mine, held, used, block] = await Promise.all([
    logs(client, 'CobuildConsent', consentAbi, ['ConsentGranted'], null, topic(account)),
    logs(client, 'CobuildConsent', consentAbi, ['ConsentGranted'], null, null, topic(account)),
    logs(client, 'CobuildConsent', consentAbi, ['DataUsed'], null, topic(account)),
    client.pub.getBlock(),
  ]);
  const all = [...mine, ...held].slice(-MAX_ROWS);
  const res = await reads(all.map((l) => ({ address: C, abi: consentAbi, functionName: 'grantOf', args: [l.args.id] })));
  const rows = all.map((l, i) => ({
    id: Number(l.args.id),
    location: l.args.location,
    ...(res[i] || {}),
    receipts: used
      .filter((u) => u.args.id === l.args.id)
      .map((u) => ({ use: u.args.useNumber, operation: u.args.operation, block: Number(u.blockNumber), tx: u.transactionHash })),
  }));
  return {
    now: Number(block.timestamp),
    grants: rows.filter((g) => same(g.owner, account)).reverse(),
    held: rows.filter((g) => same(g.grantee, account)).reverse(),
  };
}

/** The EIP-712 typed data of a grant by signature (ICobuildConsent.grantBySig). */
export function grantTypedData(client, { terms, owner, nonce, deadline }) {
  return {
    domain: { name: 'Cobuild Consent', version: '1', chainId: client.cfg.chainId, verifyingContract: client.cfg.contracts.CobuildConsent },
    types: {
      Grant: [
        { name: 'grantee', type: 'address' },
        { name: 'data', type: 'bytes32' },
        { name: 'location', type: 'string' },
        { name: 'purpose', type: 'bytes32' },
        { name: 'operations', type: 'uint32' },
        { name: 'maxUses', type: 'uint32' },
        { name: 'expiry', type: 'uint64' },
        { name: 'owner', type: 'address' },
        { name: 'nonce', type: 'uint256' },
        { name: 'deadline', type: 'uint256' },
      ],
    },
    primaryType: 'Grant',
    message: { ...terms, owner, nonce, deadline },
  };
}

// ------------------------------------------------------------------ credits
/** What `account` may withdraw from each services contract now. */
export async function loadCredits(client, { account }) {
  const list = ESCROWS.filter((c) => client.cfg.contracts[c]);
  const res = await reads(
    list.map((c) => ({ address: client.cfg.contracts[c], abi: escrowAbi, functionName: 'creditOf', args: [account] })),
  );
  const token = list.length ? await escrowToken(client, list[0]) : await tokenInfo(zeroAddress);
  return { token, credits: list.map((contract, i) => ({ contract, amount: res[i] ?? 0n })) };
}

/** The request of a write to services contract `contract` (a config name). */
export const request = (client, contract, functionName, args = [], value) => ({
  address: client.cfg.contracts[contract],
  abi: {
    CobuildInterests: interestsAbi,
    CobuildNotices: noticesAbi,
    CobuildConsent: consentAbi,
    Activities: activitiesAbi,
    Bookings: bookingsAbi,
    DeviceMandates: mandatesAbi,
  }[contract],
  functionName,
  args,
  ...(value ? { value } : {}),
});
