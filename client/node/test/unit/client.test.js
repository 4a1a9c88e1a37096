'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { HitlClient, HitlError } = require('../../src');

test('the timeout must be a positive finite number of milliseconds', () => {
  for (const timeoutMs of [0, -1, -0.5, NaN, Infinity, -Infinity]) {
    assert.throws(() => new HitlClient({ address: '127.0.0.1:1', timeoutMs }), RangeError, `${timeoutMs}`);
  }
  for (const timeoutMs of ['5000', null, 10n]) {
    assert.throws(() => new HitlClient({ address: '127.0.0.1:1', timeoutMs }), TypeError, `${timeoutMs}`);
  }
  for (const timeoutMs of [undefined, 1, 0.5, 10_000]) {
    new HitlClient({ address: '127.0.0.1:1', timeoutMs }).close();
  }
});

/** Asserts that `promise` rejects with a HitlError whose code name is one of `codeNames`. */
async function rejectsWithOneOf(promise, codeNames) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof HitlError, `${error}`);
    assert.ok(codeNames.includes(error.codeName), `${error.codeName}: ${error.message}`);
    return true;
  });
}

test('calls after close fail with a HitlError CANCELLED', async () => {
  const client = new HitlClient({ address: '127.0.0.1:1' });
  client.close();
  await rejectsWithOneOf(client.get('s-1'), ['CANCELLED']);
  await rejectsWithOneOf(client.send('s-1', 'hello'), ['CANCELLED']);
});

test('close cuts short a call waiting to retry', async () => {
  // Port 1 refuses connections: the call retries UNAVAILABLE for up to 60 s.
  const client = new HitlClient({ address: '127.0.0.1:1', timeoutMs: 60_000 });
  const call = client.get('s-1');
  await new Promise((resolve) => setTimeout(resolve, 300));
  const closedAt = Date.now();
  client.close();
  // CANCELLED from the retry after the cut-short wait, or the attempt in flight.
  await rejectsWithOneOf(call, ['CANCELLED', 'UNAVAILABLE']);
  assert.ok(Date.now() - closedAt < 1000, `ended ${Date.now() - closedAt} ms after close`);
});
