'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const grpc = require('@grpc/grpc-js');
const { retryUnavailable } = require('../../src/retry');
const { serviceError } = require('../support/service-errors');

/** A clock that only moves when the fake sleep is called. */
function fakeClock() {
  const clock = { now: 0, sleeps: [] };
  clock.hooks = {
    now: () => clock.now,
    sleep: async (ms) => {
      clock.sleeps.push(ms);
      clock.now += ms;
    },
  };
  return clock;
}

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
  const clock = fakeClock();
  const calls = attempts();
  assert.equal(await retryUnavailable(calls.attempt, 10_000, clock.hooks), 'ok');
  assert.equal(calls.count, 1);
  assert.deepEqual(clock.sleeps, []);
});

test('UNAVAILABLE is retried with growing backoff until success', async () => {
  const clock = fakeClock();
  const calls = attempts(unavailable(), unavailable(), unavailable());
  assert.equal(await retryUnavailable(calls.attempt, 10_000, clock.hooks), 'ok');
  assert.equal(calls.count, 4);
  const [first, second, third] = clock.sleeps;
  assert.ok(first >= 50 && first <= 100, `first backoff ${first}`);
  assert.ok(second >= 100 && second <= 200, `second backoff ${second}`);
  assert.ok(third >= 200 && third <= 400, `third backoff ${third}`);
});

test('other codes are not retried', async () => {
  const clock = fakeClock();
  const notFound = serviceError(grpc.status.NOT_FOUND, 'no such session', 'SESSION_NOT_FOUND');
  const calls = attempts(notFound);
  assert.equal(await retryUnavailable(calls.attempt, 10_000, clock.hooks).catch((e) => e), notFound);
  assert.equal(calls.count, 1);
});

test('retries stop before the deadline and the last error is thrown', async () => {
  const clock = fakeClock();
  const errors = Array.from({ length: 50 }, unavailable);
  const calls = attempts(...errors);
  const thrown = await retryUnavailable(calls.attempt, 2_000, clock.hooks).catch((e) => e);
  assert.ok(calls.count > 1 && calls.count < 50, `${calls.count} attempts`);
  assert.equal(thrown, errors[calls.count - 1]);
  assert.ok(clock.now < 2_000);
});
