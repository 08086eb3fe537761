// SPDX-License-Identifier: MIT
// The project's phases and a combination's statuses, named once for the app and its node tools
// (app/tools/devchain.mjs): the same order as the enums Phase and Status of
// interfaces/IProjectBase.sol, RankBy of ICobuildFactory.sol, and the services' BookingStatus and
// OrderStatus (tests/toolkit/test_enums_match_interfaces.py keeps them equal, and equal to
// cobuild/protocol.py). A plain ES module without imports (.mjs, like ranking.mjs: node loads it
// as one without guessing). Every comparison goes through these names, never through bare numbers.

export const PHASES = ['Ideation', 'Finalizing', 'Failed', 'Rescue', 'Development', 'Testing', 'Presale', 'Closed'];
export const STATUSES = [
  'None',
  'Backed',
  'Selected',
  'Eliminated',
  'NotSelected',
  'Prototype',
  'Dropped',
  'Model',
  'Succeeded',
  'PresaleFailed',
];

/** How a project ranks its combinations: the enum RankBy of interfaces/ICobuildFactory.sol. */
export const RANK_BY = ['Supporters', 'Funding'];
export const RankBy = Object.freeze(Object.fromEntries(RANK_BY.map((name, i) => [name, i])));

/** Phase name -> its number on chain (Phase.Ideation is 0, …). */
export const Phase = Object.freeze(Object.fromEntries(PHASES.map((name, i) => [name, i])));
/** Status name -> its number on chain. */
export const Status = Object.freeze(Object.fromEntries(STATUSES.map((name, i) => [name, i])));

/** A booking's life: the enum BookingStatus of interfaces/services/IBookings.sol. */
export const BOOKING_STATUSES = ['None', 'Booked', 'Disputed', 'Settled'];
export const BookingStatus = Object.freeze(Object.fromEntries(BOOKING_STATUSES.map((name, i) => [name, i])));
/** An order's life: the enum OrderStatus of interfaces/services/IDeviceMandates.sol. */
export const ORDER_STATUSES = ['None', 'Open', 'Delivered', 'Settled'];
export const OrderStatus = Object.freeze(Object.fromEntries(ORDER_STATUSES.map((name, i) => [name, i])));

/** The phases in the order a project lives them (Failed is the way out of Finalizing). */
export const JOURNEY = PHASES.filter((name) => name !== 'Failed');
