'use strict';
// The scenario's two extra tests: bearer tokens and TLS.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { HitlClient, HitlError } = require('@hitl-gateway/client');
const { Stack } = require('./stack');

/** Asserts that `promise` rejects with a HitlError of `codeName`. */
async function rejectsWith(promise, codeName) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof HitlError, `${error}`);
    assert.equal(error.codeName, codeName, error.message);
    return true;
  });
}

test('bearer token: refused without it, accepted with it', async (t) => {
  const stack = await Stack.start(['--env', 'HITL_API_TOKENS=e2e-token']);
  t.after(() => stack.dispose());
  const anonymous = new HitlClient({ address: stack.addresses.grpc });
  const authorized = new HitlClient({ address: stack.addresses.grpc, token: 'e2e-token' });
  t.after(() => (anonymous.close(), authorized.close()));

  await rejectsWith(anonymous.get('no-such-session'), 'UNAUTHENTICATED');
  await rejectsWith(authorized.get('no-such-session'), 'NOT_FOUND');

  anonymous.close();
  authorized.close();
  assert.equal(await stack.stop(), 0, 'gateway exit status');
});

test('TLS: a client trusting the gateway certificate starts a handoff', async (t) => {
  const stack = await Stack.start(['--tls']);
  t.after(() => stack.dispose());
  const client = new HitlClient({
    address: stack.addresses.grpc,
    tls: { rootCerts: fs.readFileSync(stack.addresses.ca_file) },
  });
  t.after(() => client.close());

  const session = await client.start({ user: { id: 'e2e-node-tls' }, title: 'E2E node TLS' });
  assert.ok(session.sessionId);
  assert.equal(session.userId, 'e2e-node-tls');

  client.close();
  assert.equal(await stack.stop(), 0, 'gateway exit status');
});
