'use strict';
// Truncated exponential backoff with jitter, and a sleep that a caller can cut
// short. Shared by the unary retries and the event stream's reconnects.

/** Backoff of the first retry, doubled on each further one. */
const INITIAL_BACKOFF_MS = 100;
/** Longest backoff. */
const MAX_BACKOFF_MS = 5000;

/**
 * How long to wait before retry number `attempt` (0 for the first): a random
 * time between half and all of min(5 s, 100 ms × 2^attempt), so that many
 * clients losing the same gateway do not all come back at once.
 * @param {number} attempt
 * @param {() => number} [random] uniform in [0, 1)
 * @returns {number} milliseconds
 */
function backoffDelay(attempt, random = Math.random) {
  const ceiling = Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS * 2 ** attempt);
  return ceiling * (0.5 + random() / 2);
}

/**
 * Resolves after `ms` milliseconds, or as soon as `signal` aborts.
 * @param {number} ms
 * @param {AbortSignal} [signal]
 * @returns {Promise<void>}
 */
function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

module.exports = { backoffDelay, sleep };
