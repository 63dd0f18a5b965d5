// Reconnect back-off for the hub connection: retries forever, exponential up to a 30 s cap, with jitter so that
// a fleet of browsers does not reconnect in lockstep after a deploy (DirectLineJS waits a random 3–15 s).

/** Upper bound of the exponential part of the delay. */
export const MAX_RETRY_DELAY_MS = 30_000;

/**
 * Delay before retry number `retryCount` (0 = the first retry after a drop).
 * 0–0.5 s, then 1, 2, 4, 8, 16, 30, 30, … seconds, each plus up to 25 % (at most 5 s) of jitter.
 * @param {number} retryCount
 * @param {() => number} [random]
 * @returns {number}
 */
export function nextRetryDelay(retryCount, random = Math.random) {
  const n = Math.max(0, Math.floor(retryCount));
  const base = n === 0 ? 0 : Math.min(MAX_RETRY_DELAY_MS, 1000 * 2 ** Math.min(n - 1, 15));
  const spread = base === 0 ? 500 : Math.min(5000, base / 4);
  return Math.round(base + random() * spread);
}

/** An `IRetryPolicy` for `withAutomaticReconnect` that never gives up. */
export const foreverRetryPolicy = Object.freeze({
  nextRetryDelayInMilliseconds: (retryContext) => nextRetryDelay(retryContext.previousRetryCount),
});
