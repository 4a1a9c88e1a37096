'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { HitlClient } = require('../../src');

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
