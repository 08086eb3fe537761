// SPDX-License-Identifier: MIT
// The seed's Saturday on the app's local chain (issue 33): the services, routing and consent
// contracts deployed beside the platform, and the day's state played with real transactions, so a
// newcomer sees it at once: an invitation to the fishing trip, a ride listing with free slots, the
// fridge's mandate with one order delivered and one refused, a restaurant with a table, a notice
// from the community, and a grant of "my address" to the delivery service with one use.
import { parseEther, keccak256, toHex, stringToHex, zeroAddress, BaseError, ContractFunctionRevertedError } from 'viem';
import { abi, send, sendDeployment, deployArtifact } from './devchain.mjs';

export const MINUTE = 60;
export const HOUR = 3600;
export const DAY = 86400;
/** When the fridge may take deliveries, seconds after midnight UTC (the seed: after 6 pm). */
export const FRIDGE_WINDOW = [18 * HOUR, 22 * HOUR];

/** The Saturday's people by account index of anvil's mnemonic (20 and up: the project seed and its
 * tests use 0-19). */
export const PEOPLE = {
  me: 20,
  ana: 21,
  ben: 22,
  chen: 23,
  driver: 24,
  restaurant: 25,
  grocer: 26,
  cornerShop: 27,
  fridge: 28,
  community: 29,
  delivery: 30,
  spare: 31,
};
/** How many accounts the app's anvil holds (the project seed's 20 and the Saturday's). */
export const ACCOUNTS = 32;

/** A listing's kind as the contract stores it (bytes32) and back. */
export const kindOf = (label) => stringToHex(label, { size: 32 });
/** The hash of a data item the consent contract stores (its digest; the data stays off chain). */
export const digest = (text) => keccak256(toHex(text));
export const purposeOf = (label) => keccak256(toHex(label));
/** Operation bits of a consent grant (bit i: operation i). */
export const OPERATION = { read: 0, store: 1, share: 2, contact: 3 };

/** Deploy the routing (interests, notices), consent and services (activities, bookings linked to
 * them, device mandates) contracts, all in ETH; their addresses by contract name. */
export async function deployServices(c, deployer) {
  // five deployments sent one after the other (each is mined as it arrives), their receipts awaited together
  const hashes = [];
  for (const [name, args] of [
    ['CobuildInterests', []],
    ['CobuildNotices', []],
    ['CobuildConsent', []],
    ['Activities', [zeroAddress]],
    ['DeviceMandates', [zeroAddress]],
  ]) {
    hashes.push(await sendDeployment(c, deployer, name, args));
  }
  const [CobuildInterests, CobuildNotices, CobuildConsent, Activities, DeviceMandates] = (
    await Promise.all(hashes.map((hash) => c.pub.waitForTransactionReceipt({ hash, pollingInterval: 20 })))
  ).map((r) => r.contractAddress);
  const Bookings = (await deployArtifact(c, deployer, 'Bookings', [zeroAddress, Activities])).contractAddress;
  return { CobuildInterests, CobuildNotices, CobuildConsent, Activities, Bookings, DeviceMandates };
}

/** The custom error a call would revert with (its simulation), or null when it would pass. */
export async function refusal(c, from, address, abi_, functionName, args = [], value = 0n) {
  try {
    await c.pub.simulateContract({ account: from, address, abi: abi_, functionName, args, value });
    return null;
  } catch (err) {
    const reverted = err instanceof BaseError && err.walk((e) => e instanceof ContractFunctionRevertedError);
    if (reverted?.data?.errorName) return reverted.data.errorName;
    throw err;
  }
}

/**
 * Play the Saturday's state. `who(i)` is account i's address. The clock moves once, to the next
 * 6:05 pm UTC (the fridge's first order is delivered then); the Saturday is the day after, so its
 * activities and slots are still ahead when the project seed has moved the clock on by its hours.
 * Returns what the app and the tests name: the day, the people, the ids of everything made.
 */
export async function seedSaturday(c, record, who) {
  const A = record.contracts;
  const P = Object.fromEntries(Object.entries(PEOPLE).map(([k, i]) => [k, who(i)]));
  const E = parseEther;
  const tx = (from, contract, fn, args = [], value = 0n) => send(c, from, A[contract], abi(ABI_OF[contract]), fn, args, value);
  const now = async () => Number((await c.pub.getBlock()).timestamp);

  // ---- the first delivery: the next 6 pm, the fridge orders, the grocer delivers
  let t = await now();
  let day0 = Math.floor(t / DAY) * DAY;
  if (t >= day0 + FRIDGE_WINDOW[0]) day0 += DAY;
  const saturday = day0 + DAY;
  const at = (hh, mm = 0, day = saturday) => day + hh * HOUR + mm * MINUTE;
  await c.test.setNextBlockTimestamp({ timestamp: BigInt(at(18, 5, day0)) });
  await c.test.mine({ blocks: 1 });

  const mandate = await tx(
    P.me,
    'DeviceMandates',
    'createMandate',
    [
      {
        device: P.fridge,
        perOrderCap: E('0.05'),
        periodCap: E('0.08'),
        period: 7 * DAY,
        windowStart: FRIDGE_WINDOW[0],
        windowEnd: FRIDGE_WINDOW[1],
      },
      [P.grocer],
      E('0.2'),
    ],
    E('0.2'),
  );
  const mandateId = mandate.logs.find((l) => l.eventName === 'MandateCreated').args.mandateId;
  const first = await tx(P.fridge, 'DeviceMandates', 'order', [mandateId, P.grocer, E('0.03'), at(18, 10, day0)]);
  const deliveredId = first.logs.find((l) => l.eventName === 'Ordered').args.orderId;
  await c.test.setNextBlockTimestamp({ timestamp: BigInt(at(18, 10, day0)) });
  await tx(P.grocer, 'DeviceMandates', 'markDelivered', [deliveredId]);
  // an order over the per-order cap is refused (a refusal leaves no trace on chain but its revert)
  const refused = { vendor: P.grocer, amount: E('0.06'), deliverAt: at(18, 30) };
  refused.error = await refusal(c, P.fridge, A.DeviceMandates, abi('IDeviceMandates'), 'order', [
    mandateId,
    refused.vendor,
    refused.amount,
    refused.deliverAt,
  ]);
  if (refused.error !== 'OverOrderCap') throw new Error(`the fridge's order over the cap: ${refused.error}, not OverOrderCap`);
  // Saturday's groceries, delivered after 6 pm (the person moves them later)
  const groceries = (await tx(P.fridge, 'DeviceMandates', 'order', [mandateId, P.grocer, E('0.02'), at(18, 30)])).logs.find(
    (l) => l.eventName === 'Ordered',
  ).args.orderId;

  // ---- interests, follows, a notice from the community
  const tags = { street: 'elm-street', fishing: 'fishing', car: 'car' };
  const follows = [
    [P.me, P.community],
    [P.me, P.ana],
    [P.ben, P.community],
    [P.ben, P.ana],
    [P.chen, P.community],
    [P.ana, P.me],
    [P.ben, P.me],
  ];
  const interests = [
    [P.me, tags.street],
    [P.me, tags.car],
    [P.ben, tags.street],
    [P.ana, tags.fishing],
  ];
  for (const [follower, sender] of follows) await tx(follower, 'CobuildNotices', 'follow', [sender]);
  for (const [account, tag] of interests) await tx(account, 'CobuildInterests', 'declareInterest', [tag]);
  await tx(P.community, 'CobuildNotices', 'post', ['The water is off on Elm Street on Saturday from 8 to 10 am.', '']);

  // ---- the fishing trip: ana opens it, invites her friends, joins and tells them
  const fishing = (
    await tx(P.ana, 'Activities', 'openActivity', [
      {
        startsAt: at(10),
        attestationPeriod: DAY,
        capacity: 4,
        quorum: 1,
        deposit: E('0.01'),
        open: false,
        place: 'the lake',
      },
      [P.ana, P.me, P.ben, P.chen],
    ])
  ).logs.find((l) => l.eventName === 'ActivityOpened').args.id;
  await tx(P.ana, 'Activities', 'join', [fishing], E('0.01'));
  for (const friend of [P.me, P.ben])
    await tx(P.ana, 'CobuildNotices', 'invite', [
      friend,
      'Fishing trip at the lake on Saturday at 10: join me?',
      `#/activities/${fishing}`,
    ]);

  // ---- a ride with free slots, a restaurant with a table
  const listing = async (provider, kind, terms, slots) => {
    const { logs } = await tx(provider, 'Bookings', 'createListing', [
      kindOf(kind),
      { releaseWindow: HOUR, cancelNotice: 2 * HOUR, cancelFeeBps: 2000, arbitrationPeriod: 0, quorum: 0, arbiters: [], ...terms },
    ]);
    const id = logs.find((l) => l.eventName === 'ListingCreated').args.listingId;
    await tx(provider, 'Bookings', 'offerSlots', [id, slots]);
    return id;
  };
  const ride = await listing(P.driver, 'ride', { price: E('0.02'), slotLength: HOUR, slotCapacity: 1 }, [at(8, 30), at(9), at(18, 30)]);
  const arbiters = [who(7), who(8), who(9)];
  const table = await listing(
    P.restaurant,
    'table',
    {
      price: E('0.03'),
      slotLength: 2 * HOUR,
      slotCapacity: 4,
      cancelNotice: 3 * HOUR,
      cancelFeeBps: 5000,
      arbitrationPeriod: DAY,
      quorum: 2,
      arbiters,
    },
    [at(19, 30), at(20)],
  );

  // ---- "my address", granted to the delivery service and used once
  const address = {
    data: digest('me: 12 Elm Street, flat 3'),
    location: 'ipfs://me/address.enc',
    purpose: purposeOf('delivery'),
  };
  const granted = await tx(P.me, 'CobuildConsent', 'grant', [
    {
      grantee: P.delivery,
      data: address.data,
      location: address.location,
      purpose: address.purpose,
      operations: 1 << OPERATION.read,
      maxUses: 3,
      expiry: BigInt(saturday + 30 * DAY),
    },
  ]);
  const grantId = granted.logs.find((l) => l.eventName === 'ConsentGranted').args.id;
  await tx(P.delivery, 'CobuildConsent', 'use', [grantId, address.purpose, OPERATION.read]);

  return {
    day: saturday,
    people: P,
    tags,
    activities: { fishing: Number(fishing) },
    listings: { ride: Number(ride), table: Number(table) },
    slots: { ride: [at(8, 30), at(9), at(18, 30)], table: [at(19, 30), at(20)] },
    mandates: { fridge: Number(mandateId) },
    orders: { delivered: Number(deliveredId), groceries: Number(groceries) },
    refused: { ...refused, amount: String(refused.amount), mandate: Number(mandateId) },
    grants: { address: Number(grantId) },
  };
}

/** The interface of each contract the Saturday uses (@cobuild/abi). */
export const ABI_OF = {
  CobuildInterests: 'ICobuildInterests',
  CobuildNotices: 'ICobuildNotices',
  CobuildConsent: 'ICobuildConsent',
  Activities: 'IActivities',
  Bookings: 'IBookings',
  DeviceMandates: 'IDeviceMandates',
};
