// SPDX-License-Identifier: MIT
// The ranking rule, shared by the app and app/tools/devchain.mjs (plain ES module, no imports).

/** Combination ids in the order `finalize` expects: by supporters then funding (or the reverse with
 * rankBy 1), descending; ties to the lower id. */
export function rankOrder(supporters, funded, rankBy) {
  const ids = supporters.map((_, i) => i);
  const cmp = (a, b) => (a < b ? 1 : a > b ? -1 : 0);
  ids.sort(
    (i, j) =>
      (Number(rankBy) === 1
        ? cmp(funded[i], funded[j]) || cmp(supporters[i], supporters[j])
        : cmp(supporters[i], supporters[j]) || cmp(funded[i], funded[j])) || i - j,
  );
  return ids.map((i) => i + 1);
}
