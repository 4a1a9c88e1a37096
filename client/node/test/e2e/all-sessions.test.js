'use strict';
// A stream of all sessions, in place before a handoff starts (ready()), gets
// that session's first event, the routing transfer (docs/CLIENTS.md,
// "Subscription in place"), although nothing reads the stream until the
// handoff has started.

const test = require('node:test');
const assert = require('node:assert/strict');
const { HitlClient } = require('@hitl-gateway/client');
const { Stack } = require('./stack');
const { withDeadline } = require('./deadline');

const EVENT_MS = 20_000;
const JANE = 'jane.doe@example.com';

test('all sessions: subscribe, ready(), start a handoff, and its first event is there', async (t) => {
  const stack = await Stack.start();
  t.after(() => stack.dispose());
  const client = new HitlClient({ address: stack.addresses.grpc, timeoutMs: 10_000 });
  t.after(() => client.close());

  const events = client.events();
  await withDeadline(events.ready(), EVENT_MS, 'the subscription');
  assert.ok(events.cursor, 'the stream starts at the hitl-cursor the gateway gave');
  const start = events.cursor;
  const session = await client.start({ user: { id: 'e2e-node-all' }, title: 'E2E node all sessions' });

  const { value: first, done } = await withDeadline(events.next(), EVENT_MS, 'the routing transfer');
  assert.ok(!done, 'the stream of all sessions ended');
  assert.equal(first.sessionId, session.sessionId);
  assert.equal(first.kind, 'chatTransferred');
  assert.deepEqual(first.chatTransferred.agentIds, [JANE]);
  assert.ok(first.cursor > start, `${first.cursor} after ${start}`);

  events.close();
  assert.deepEqual(await events.next(), { value: undefined, done: true });
  client.close();
  assert.equal(await stack.stop(), 0, 'gateway exit status');
});
