'use strict';
// Retries of the unary calls. Whether: only UNAVAILABLE (AIP-194: the gateway
// stopping, busy, or not reachable). May the call be repeated: always, since
// StartHitl and SendMessage carry a request id fixed before the first try,
// and StopHitl and GetSession are idempotent. How long: backoff with jitter,
// until the call's deadline.

const { status: Code } = require('@grpc/grpc-js');
const { backoffDelay, sleep: realSleep } = require('./backoff');

/**
 * Runs `attempt` until it succeeds, fails with another code than
 * UNAVAILABLE, or the next try would start after `deadline`; then throws the
 * last error.
 * @template T
 * @param {() => Promise<T>} attempt
 * @param {number} deadline epoch milliseconds
 * @param {{ sleep?: (ms: number) => Promise<void>, now?: () => number }} [hooks] for tests
 * @returns {Promise<T>}
 */
async function retryUnavailable(attempt, deadline, { sleep = realSleep, now = Date.now } = {}) {
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      const wait = backoffDelay(retry);
      if (error.code !== Code.UNAVAILABLE || now() + wait >= deadline) throw error;
      await sleep(wait);
    }
  }
}

module.exports = { retryUnavailable };
