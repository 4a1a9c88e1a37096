'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const grpc = require('@grpc/grpc-js');
const { AgentEventStream } = require('../../src/event-stream');
const { HitlError } = require('../../src/errors');
const { serviceError } = require('../support/service-errors');
const { fakeSubscription, event, instantSleep } = require('./fake-subscription');

const C1 = '00000000000000000001';
const C2 = '00000000000000000002';
const C3 = '00000000000000000003';
const C4 = '00000000000000000004';

const shuttingDown = () => serviceError(grpc.status.UNAVAILABLE, 'stopping', 'SHUTTING_DOWN');
const tooSlow = () =>
  serviceError(grpc.status.RESOURCE_EXHAUSTED, 'fell behind', 'SUBSCRIBER_TOO_SLOW');

async function collect(stream) {
  const cursors = [];
  for await (const e of stream) cursors.push(e.cursor);
  return cursors;
}

test('a break before the first event resumes where the gateway started the stream', async () => {
  const fake = fakeSubscription(
    (call) => {
      const headers = new grpc.Metadata();
      headers.set('hitl-cursor', C2);
      call.emit('metadata', headers);
      call.finish(shuttingDown());
    },
    (call) => {
      call.emit('metadata');
      call.push(event(C3));
      call.finish();
    },
  );
  const stream = new AgentEventStream(fake.open, {}, instantSleep());
  assert.deepEqual(await collect(stream), [C3]);
  assert.deepEqual(
    fake.requests.map((r) => r.afterCursor),
    ['', C2],
  );
});

test('resumes from the last cursor after UNAVAILABLE, skipping what it already yielded', async () => {
  const fake = fakeSubscription(
    (call) => {
      call.emit('metadata');
      call.push(event(C1));
      call.push(event(C2));
      call.finish(shuttingDown());
    },
    (call) => {
      call.emit('metadata');
      call.push(event(C1)); // a replay older than the cursor
      call.push(event(C2));
      call.push(event(C3));
      call.finish();
    },
  );
  const hooks = instantSleep();
  const stream = new AgentEventStream(fake.open, { sessionIds: ['s1'] }, hooks);
  assert.deepEqual(await collect(stream), [C1, C2, C3]);
  assert.deepEqual(fake.requests, [
    { sessionIds: ['s1'], afterCursor: '' },
    { sessionIds: ['s1'], afterCursor: C2 },
  ]);
  assert.equal(stream.cursor, C3);
  assert.equal(hooks.delays.length, 1);
});

test('resumes after SUBSCRIBER_TOO_SLOW and after a connection dropped before any header', async () => {
  const fake = fakeSubscription(
    (call) => {
      call.push(event(C1));
      call.finish(tooSlow());
    },
    (call) => call.finish(serviceError(grpc.status.UNAVAILABLE, 'Connection dropped')),
    (call) => {
      call.push(event(C2));
      call.finish();
    },
  );
  const stream = new AgentEventStream(fake.open, { sessionIds: ['s1'] }, instantSleep());
  assert.deepEqual(await collect(stream), [C1, C2]);
  assert.deepEqual(
    fake.requests.map((r) => r.afterCursor),
    ['', C1, C1],
  );
});

test('other errors end the iteration with a HitlError', async () => {
  for (const [code, reason] of [
    [grpc.status.NOT_FOUND, 'SESSION_NOT_FOUND'],
    [grpc.status.RESOURCE_EXHAUSTED, 'LIVECHAT_RATE_LIMITED'],
    [grpc.status.OUT_OF_RANGE, 'CURSOR_EXPIRED'],
  ]) {
    const error = serviceError(code, 'no', reason);
    const fake = fakeSubscription((call) => {
      call.push(event(C1));
      call.finish(error);
    });
    const stream = new AgentEventStream(fake.open, { sessionIds: ['s1'] }, instantSleep());
    const seen = [];
    const thrown = await (async () => {
      for await (const e of stream) seen.push(e.cursor);
    })().catch((e) => e);
    assert.ok(thrown instanceof HitlError, `${reason}: ${thrown}`);
    assert.equal(thrown.code, code);
    assert.equal(thrown.reason, reason);
    assert.deepEqual(seen, [C1], 'the events before the error are yielded');
    assert.equal(fake.requests.length, 1, 'not retried');
  }
});

test('backoff grows while reconnecting fails and starts over once a subscription is in place', async () => {
  const down = (call) => call.finish(serviceError(grpc.status.UNAVAILABLE, 'connection refused'));
  const fake = fakeSubscription(down, down, down, (call) => {
    call.emit('metadata');
    call.finish(shuttingDown());
  }, (call) => call.finish());
  const hooks = instantSleep();
  await collect(new AgentEventStream(fake.open, { sessionIds: ['s1'] }, hooks));
  const ceilings = [100, 200, 400, 100];
  assert.equal(hooks.delays.length, ceilings.length);
  hooks.delays.forEach((delay, i) => {
    assert.ok(delay >= ceilings[i] / 2 && delay <= ceilings[i], `delay ${i}: ${delay}`);
  });
});

test('afterCursor is sent on the first call and older events are skipped', async () => {
  const fake = fakeSubscription((call) => {
    call.push(event(C2));
    call.push(event(C3));
    call.finish();
  });
  const stream = new AgentEventStream(fake.open, { afterCursor: C2 }, instantSleep());
  assert.equal(stream.cursor, C2);
  assert.deepEqual(await collect(stream), [C3]);
  assert.deepEqual(fake.requests, [{ sessionIds: [], afterCursor: C2 }]);
});

test('close() ends a pending next() and cancels the call', async () => {
  const fake = fakeSubscription((call) => call.push(event(C1))); // then stays open
  let done = false;
  const stream = new AgentEventStream(fake.open, {}, { onDone: () => (done = true) });
  assert.equal((await stream.next()).value.cursor, C1);
  const pending = stream.next();
  stream.close();
  assert.deepEqual(await pending, { value: undefined, done: true });
  assert.ok(fake.calls[0].cancelled);
  assert.ok(done, 'onDone ran');
  assert.equal(stream.cursor, C1);
});

test('close() between two next() calls yields nothing more, even if events were buffered', async () => {
  const fake = fakeSubscription((call) => {
    call.push(event(C1));
    call.push(event(C2));
    call.push(event(C3));
  });
  let done = 0;
  const stream = new AgentEventStream(fake.open, {}, { onDone: () => done++ });
  assert.equal((await stream.next()).value.cursor, C1);
  stream.close();
  assert.deepEqual(await stream.next(), { value: undefined, done: true });
  assert.equal(stream.cursor, C1);
  assert.equal(done, 1, 'onDone ran once');
});

test('close() before iterating opens no call', async () => {
  const fake = fakeSubscription();
  let done = false;
  const stream = new AgentEventStream(fake.open, {}, { onDone: () => (done = true) });
  stream.close();
  assert.deepEqual(await stream.next(), { value: undefined, done: true });
  assert.equal(fake.requests.length, 0);
  assert.ok(done);
});

test('close() during a reconnect backoff ends the iteration without reconnecting', async () => {
  const fake = fakeSubscription((call) => call.finish(shuttingDown()));
  const stream = new AgentEventStream(fake.open, { sessionIds: ['s1'] }, {
    sleep: (ms, signal) =>
      new Promise((resolve) => {
        signal.addEventListener('abort', resolve);
        stream.close(); // the caller gives up while the stream waits
      }),
  });
  assert.deepEqual(await stream.next(), { value: undefined, done: true });
  assert.equal(fake.requests.length, 1);
});

test('breaking out of for await cancels the call and keeps the cursor of the last event', async () => {
  const fake = fakeSubscription((call) => {
    call.push(event(C1));
    call.push(event(C2));
    call.push(event(C4));
  });
  const stream = new AgentEventStream(fake.open, {}, instantSleep());
  for await (const e of stream) {
    if (e.cursor === C2) break;
  }
  assert.equal(stream.cursor, C2);
  assert.ok(fake.calls[0].cancelled);
});
