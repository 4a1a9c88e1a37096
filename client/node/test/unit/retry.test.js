'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const grpc = require('@grpc/grpc-js');
const { retryUnavailable } = require('../../src/retry');
const { serviceError } = require('../support/service-errors');
const { instantSleep } = require('../support/instant-sleep');

/** Hooks with a clock that only moves when the fake sleep is called. */
const fakeClock = () => instantSleep({ sleepMovesClock: true });

/** An attempt function failing with `errors` in turn, then resolving 'ok'. */
function attempts(...errors) {
  const calls = { count: 0 };
  calls.attempt = async () => {
    const error = errors[calls.count++];
    if (error) throw error;
    return 'ok';
  };
  return calls;
}

const unavailable = () => serviceError(grpc.status.UNAVAILABLE, 'shutting down', 'SHUTTING_DOWN');

test('success on the first try does not sleep', async () => {
  const hooks = fakeClock();
  const calls = attempts();
  assert.equal(await retryUnavailable(calls.attempt, 10_000, hooks), 'ok');
  assert.equal(calls.count, 1);
  assert.deepEqual(hooks.delays, []);
});

test('UNAVAILABLE is retried with growing backoff until success', async () => {
  const hooks = fakeClock();
  const calls = attempts(unavailable(), unavailable(), unavailable());
  assert.equal(await retryUnavailable(calls.attempt, 10_000, hooks), 'ok');
  assert.equal(calls.count, 4);
  const [first, second, third] = hooks.delays;
  assert.ok(first >= 50 && first <= 100, `first backoff ${first}`);
  assert.ok(second >= 100 && second <= 200, `second backoff ${second}`);
  assert.ok(third >= 200 && third <= 400, `third backoff ${third}`);
});

test('other codes are not retried', async () => {
  const hooks = fakeClock();
  const notFound = serviceError(grpc.status.NOT_FOUND, 'no such session', 'SESSION_NOT_FOUND');
  const calls = attempts(notFound);
  assert.equal(await retryUnavailable(calls.attempt, 10_000, hooks).catch((e) => e), notFound);
  assert.equal(calls.count, 1);
});

test('retries stop before the deadline and the last error is thrown', async () => {
  const hooks = fakeClock();
  const errors = Array.from({ length: 50 }, unavailable);
  const calls = attempts(...errors);
  const thrown = await retryUnavailable(calls.attempt, 2_000, hooks).catch((e) => e);
  assert.ok(calls.count > 1 && calls.count < 50, `${calls.count} attempts`);
  assert.equal(thrown, errors[calls.count - 1]);
  assert.ok(hooks.clock < 2_000);
});
