'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const grpc = require('@grpc/grpc-js');
const { AgentEventStream, isResumable } = require('../../src/event-stream');
const { HitlError } = require('../../src/errors');
const { serviceError } = require('../support/service-errors');
const { headers } = require('../support/headers');
const { instantSleep } = require('../support/instant-sleep');
const { fakeSubscription, event } = require('./fake-subscription');

const C1 = '00000000000000000001';
const C2 = '00000000000000000002';
const C3 = '00000000000000000003';
const C4 = '00000000000000000004';

const shuttingDown = () => serviceError(grpc.status.UNAVAILABLE, 'stopping', 'SHUTTING_DOWN');
const tooSlow = () =>
  serviceError(grpc.status.RESOURCE_EXHAUSTED, 'fell behind', 'SUBSCRIBER_TOO_SLOW');
const refused = () => serviceError(grpc.status.UNAVAILABLE, 'connection refused');
/** A connection that fails before any header. */
const down = (call) => call.finish(refused());
/** A connection that is accepted (headers) and at once fails. */
const acceptedThenDropped = (call) => {
  call.emit('metadata', headers());
  call.finish(shuttingDown());
};
/** A connection that ends a stream of given sessions with OK. */
const allEnded = (call) => {
  call.emit('metadata', headers());
  call.finish();
};

async function collect(stream) {
  const cursors = [];
  for await (const e of stream) cursors.push(e.cursor);
  return cursors;
}

/** Turns of the event loop, for the fake connections to play. */
async function turns(n = 3) {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Waits (a bounded number of turns) until `condition()` holds. */
async function until(condition, what) {
  for (let i = 0; i < 100 && !condition(); i++) await turns(1);
  assert.ok(condition(), `timed out waiting for ${what}`);
}

/** Whether `promise` has settled by now (after a turn of the event loop). */
async function settled(promise) {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await turns(1);
  return done;
}

/** Asserts each delay lies in [ceiling/2, ceiling]. */
function assertBackoff(delays, ceilings) {
  assert.equal(delays.length, ceilings.length, `delays ${delays}`);
  delays.forEach((delay, i) => {
    assert.ok(delay >= ceilings[i] / 2 && delay <= ceilings[i], `delay ${i}: ${delay} for ${ceilings[i]}`);
  });
}

// --- subscribing when made, ready() ----------------------------------------

test('subscribes when made, before any next(), and keeps the events until they are read', async () => {
  const fake = fakeSubscription((call) => {
    call.emit('metadata', headers(C1));
    call.push(event(C2));
    call.push(event(C3));
  });
  const stream = new AgentEventStream(fake.open, {}, instantSleep());
  assert.deepEqual(fake.requests, [{ sessionIds: [], afterCursor: '' }], 'opened by the constructor');
  await stream.ready();
  assert.equal(stream.cursor, C1, 'the start the gateway gave');
  await turns();
  assert.equal((await stream.next()).value.cursor, C2);
  assert.equal((await stream.next()).value.cursor, C3);
  stream.close();
  assert.ok(fake.calls[0].cancelled);
});

test('ready() resolves on the headers, waiting through failures that resuming fixes; the same promise each time', async () => {
  let second;
  const fake = fakeSubscription(down, (call) => (second = call));
  const stream = new AgentEventStream(fake.open, {}, instantSleep());
  const ready = stream.ready();
  assert.equal(stream.ready(), ready);
  await until(() => second, 'the second call');
  assert.equal(await settled(ready), false, 'not ready before headers');
  second.emit('metadata', headers(C2));
  await ready;
  assert.equal(stream.ready(), ready);
  assert.equal(stream.cursor, C2);
  stream.close();
  await stream.ready(); // still resolved after close
});

test('ready() rejects with the error that ends the stream, which next() throws too', async () => {
  const fake = fakeSubscription(down, (call) =>
    call.finish(serviceError(grpc.status.NOT_FOUND, 'no such session', 'SESSION_NOT_FOUND')),
  );
  let done = false;
  const hooks = { ...instantSleep(), onDone: () => (done = true) };
  const stream = new AgentEventStream(fake.open, { sessionIds: ['nope'] }, hooks);
  const error = await stream.ready().catch((e) => e);
  assert.ok(error instanceof HitlError, `${error}`);
  assert.equal(error.codeName, 'NOT_FOUND');
  assert.equal(error.reason, 'SESSION_NOT_FOUND');
  assert.ok(done, 'onDone ran when the stream ended');
  assert.equal(await stream.next().catch((e) => e), error);
  assert.deepEqual(await stream.next(), { value: undefined, done: true });
  assert.equal(fake.requests.length, 2);
});

test('ready() first called after the stream ended rejects with its error', async () => {
  const fake = fakeSubscription((call) =>
    call.finish(serviceError(grpc.status.UNAUTHENTICATED, 'bad token', 'INVALID_TOKEN')),
  );
  const stream = new AgentEventStream(fake.open, {}, instantSleep());
  await assert.rejects(stream.next(), { code: grpc.status.UNAUTHENTICATED, reason: 'INVALID_TOKEN' });
  await assert.rejects(stream.ready(), { code: grpc.status.UNAUTHENTICATED });
});

test('ready() rejects with DEADLINE_EXCEEDED after timeoutMs and closes the stream', async () => {
  const fake = fakeSubscription(down, down); // then a call that never answers
  let done = false;
  const hooks = { ...instantSleep(), onDone: () => (done = true) };
  const stream = new AgentEventStream(fake.open, { timeoutMs: 30 }, hooks);
  const started = Date.now();
  const error = await stream.ready().catch((e) => e);
  assert.ok(error instanceof HitlError, `${error}`);
  assert.equal(error.codeName, 'DEADLINE_EXCEEDED');
  assert.match(error.message, /30 ms.*UNAVAILABLE: connection refused/);
  assert.equal(error.cause.codeName, 'UNAVAILABLE');
  assert.ok(Date.now() - started >= 25, 'not before the timeout');
  assert.equal(fake.requests.length, 3);
  assert.ok(fake.calls[2].cancelled, 'the call in progress is cancelled');
  assert.ok(done, 'the stream is closed');
  assert.deepEqual(await stream.next(), { value: undefined, done: true });
});

test('close() while ready() waits rejects it with CANCELLED; ready() after close() too', async () => {
  const fake = fakeSubscription();
  const waiting = new AgentEventStream(fake.open, {}, instantSleep());
  const ready = waiting.ready();
  waiting.close();
  await assert.rejects(ready, { codeName: 'CANCELLED' });

  const closed = new AgentEventStream(fake.open, {}, instantSleep());
  closed.close();
  await assert.rejects(closed.ready(), { codeName: 'CANCELLED' });
});

test('a stream whose ready() is never called leaves no unhandled rejection', async () => {
  const unhandled = [];
  const onUnhandled = (reason) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const fatal = fakeSubscription((call) =>
      call.finish(serviceError(grpc.status.OUT_OF_RANGE, 'pruned', 'CURSOR_EXPIRED')),
    );
    const failed = new AgentEventStream(fatal.open, { afterCursor: C1 }, instantSleep());
    const open = new AgentEventStream(fakeSubscription().open, { timeoutMs: 5 }, instantSleep());
    await turns(5);
    open.close();
    await assert.rejects(failed.next(), { reason: 'CURSOR_EXPIRED' });
    await turns(5);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  assert.deepEqual(unhandled, []);
});

test('an OK end of given sessions without headers counts as ready', async () => {
  const fake = fakeSubscription((call) => call.finish());
  const stream = new AgentEventStream(fake.open, { sessionIds: ['s1'] }, instantSleep());
  await stream.ready();
  assert.deepEqual(await collect(stream), []);
});

// --- where it starts -----------------------------------------------------------

test('a break before the first event resumes where the gateway started the stream', async () => {
  const fake = fakeSubscription(
    (call) => {
      call.emit('metadata', headers(C2));
      call.finish(shuttingDown());
    },
    (call) => {
      call.emit('metadata', headers(C2));
      call.push(event(C3));
      call.finish();
    },
  );
  const stream = new AgentEventStream(fake.open, { sessionIds: ['s1'] }, instantSleep());
  assert.deepEqual(await collect(stream), [C3]);
  assert.deepEqual(
    fake.requests.map((r) => r.afterCursor),
    ['', C2],
  );
});

test('the start is taken from the first call whose headers arrive, also after a failed first call', async () => {
  const fake = fakeSubscription(
    down, // no headers
    (call) => {
      call.emit('metadata', headers()); // headers without hitl-cursor
      call.finish(shuttingDown());
    },
    (call) => {
      call.emit('metadata', headers(C2));
      call.finish(shuttingDown());
    },
    (call) => {
      call.emit('metadata', headers(C3)); // a later start does not replace it
      call.finish(shuttingDown());
    },
    allEnded,
  );
  const stream = new AgentEventStream(fake.open, { sessionIds: ['s1'] }, instantSleep());
  assert.deepEqual(await collect(stream), []);
  assert.deepEqual(
    fake.requests.map((r) => r.afterCursor),
    ['', '', '', C2, C2],
  );
  assert.equal(stream.cursor, C2);
});

test('afterCursor is sent on the first call and older events are skipped; hitl-cursor does not replace it', async () => {
  const fake = fakeSubscription((call) => {
    call.emit('metadata', headers(C1));
    call.push(event(C2));
    call.push(event(C3));
    call.finish();
  });
  const stream = new AgentEventStream(fake.open, { sessionIds: ['s1'], afterCursor: C2 }, instantSleep());
  assert.equal(stream.cursor, C2);
  assert.deepEqual(await collect(stream), [C3]);
  assert.deepEqual(fake.requests, [{ sessionIds: ['s1'], afterCursor: C2 }]);
});

// --- resuming --------------------------------------------------------------------

test('resumes from the last cursor after UNAVAILABLE, skipping what it already yielded', async () => {
  const fake = fakeSubscription(
    (call) => {
      call.emit('metadata', headers());
      call.push(event(C1));
      call.push(event(C2));
      call.finish(shuttingDown());
    },
    (call) => {
      call.emit('metadata', headers());
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

test('events a call delivered before it broke are kept, and the resume starts after them', async () => {
  const fake = fakeSubscription(
    (call) => {
      call.emit('metadata', headers(C1));
      call.push(event(C2));
      call.push(event(C3));
      call.finish(shuttingDown());
    },
    (call) => {
      call.push(event(C4));
      call.finish();
    },
  );
  const stream = new AgentEventStream(fake.open, { sessionIds: ['s1'] }, instantSleep());
  await until(() => fake.requests.length === 2, 'the resume'); // nothing read yet
  assert.equal(fake.requests[1].afterCursor, C3);
  assert.equal(stream.cursor, C1, 'the cursor is that of the last event yielded');
  assert.deepEqual(await collect(stream), [C2, C3, C4]);
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

test('INTERNAL or UNKNOWN without an ErrorInfo reason (a proxy or transport reset) is resumed', async () => {
  for (const code of [grpc.status.INTERNAL, grpc.status.UNKNOWN]) {
    const fake = fakeSubscription(
      (call) => {
        call.emit('metadata', headers());
        call.push(event(C1));
        call.finish(serviceError(code, 'Received RST_STREAM with code 2'));
      },
      (call) => {
        call.push(event(C2));
        call.finish();
      },
    );
    const stream = new AgentEventStream(fake.open, { sessionIds: ['s1'] }, instantSleep());
    assert.deepEqual(await collect(stream), [C1, C2], grpc.status[code]);
    assert.deepEqual(
      fake.requests.map((r) => r.afterCursor),
      ['', C1],
    );
  }
});

test('OK on a stream of all sessions subscribes again; on a stream of given sessions it ends', async () => {
  const fake = fakeSubscription(
    (call) => {
      call.emit('metadata', headers(C1));
      call.push(event(C2));
      call.finish();
    },
    (call) => {
      call.emit('metadata', headers(C2));
      call.push(event(C3));
    }, // stays open
  );
  const hooks = instantSleep();
  const stream = new AgentEventStream(fake.open, {}, hooks);
  assert.equal((await stream.next()).value.cursor, C2);
  assert.equal((await stream.next()).value.cursor, C3);
  assert.deepEqual(
    fake.requests.map((r) => r.afterCursor),
    ['', C2],
  );
  assertBackoff(hooks.delays, [100]);
  stream.close();

  const given = fakeSubscription((call) => {
    call.push(event(C1));
    call.finish();
  });
  assert.deepEqual(await collect(new AgentEventStream(given.open, { sessionIds: ['s1'] }, instantSleep())), [C1]);
  assert.equal(given.requests.length, 1);
});

test('other errors end the iteration with a HitlError', async () => {
  for (const [code, reason] of [
    [grpc.status.NOT_FOUND, 'SESSION_NOT_FOUND'],
    [grpc.status.RESOURCE_EXHAUSTED, 'LIVECHAT_RATE_LIMITED'],
    [grpc.status.OUT_OF_RANGE, 'CURSOR_EXPIRED'],
    [grpc.status.INTERNAL, 'INTERNAL'], // the gateway's own INTERNAL has a reason
    [grpc.status.UNKNOWN, 'UNKNOWN_THING'],
    [grpc.status.UNAUTHENTICATED, ''],
    [grpc.status.RESOURCE_EXHAUSTED, ''],
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
    const what = `${grpc.status[code]} ${reason}`;
    assert.ok(thrown instanceof HitlError, `${what}: ${thrown}`);
    assert.equal(thrown.code, code);
    assert.equal(thrown.reason, reason);
    assert.deepEqual(seen, [C1], `${what}: the events before the error are yielded`);
    assert.equal(fake.requests.length, 1, `${what}: not retried`);
  }
});

test('isResumable follows the contract', () => {
  const error = (code, reason = '') => new HitlError(code, 'x', reason);
  const S = grpc.status;
  assert.ok(isResumable(error(S.UNAVAILABLE)));
  assert.ok(isResumable(error(S.UNAVAILABLE, 'SHUTTING_DOWN')));
  assert.ok(isResumable(error(S.RESOURCE_EXHAUSTED, 'SUBSCRIBER_TOO_SLOW')));
  assert.ok(isResumable(error(S.INTERNAL)));
  assert.ok(isResumable(error(S.UNKNOWN)));
  assert.ok(!isResumable(error(S.INTERNAL, 'INTERNAL')));
  assert.ok(!isResumable(error(S.UNKNOWN, 'SOMETHING')));
  assert.ok(!isResumable(error(S.RESOURCE_EXHAUSTED)));
  assert.ok(!isResumable(error(S.CANCELLED)));
  assert.ok(!isResumable(error(S.DEADLINE_EXCEEDED)));
  assert.ok(!isResumable(error(S.OUT_OF_RANGE, 'CURSOR_EXPIRED')));
});

// --- backoff -----------------------------------------------------------------

test('backoff grows while calls fail, also calls accepted and at once dropped', async () => {
  const fake = fakeSubscription(down, down, acceptedThenDropped, acceptedThenDropped, down, allEnded);
  const hooks = instantSleep();
  await collect(new AgentEventStream(fake.open, { sessionIds: ['s1'] }, hooks));
  assertBackoff(hooks.delays, [100, 200, 400, 800, 1600]);
});

test('backoff starts over when a call that had been in place for 5 s breaks', async () => {
  const inPlaceFor = (ms) => (call) => {
    call.emit('metadata', headers());
    setImmediate(() => {
      hooks.clock += ms;
      call.finish(shuttingDown());
    });
  };
  const hooks = instantSleep();
  const fake = fakeSubscription(down, down, inPlaceFor(4_999), inPlaceFor(5_000), down, allEnded);
  await collect(new AgentEventStream(fake.open, { sessionIds: ['s1'] }, hooks));
  assertBackoff(hooks.delays, [100, 200, 400, 100, 200]);
});

test('backoff starts over when an event arrives', async () => {
  const fake = fakeSubscription(
    down,
    down,
    (call) => {
      call.emit('metadata', headers());
      call.push(event(C1));
      call.finish(shuttingDown()); // before the stream read it
    },
    down,
    (call) => {
      call.emit('metadata', headers());
      call.push(event(C2));
      setImmediate(() => call.finish(shuttingDown())); // after it was announced
    },
    allEnded,
  );
  const hooks = instantSleep();
  const stream = new AgentEventStream(fake.open, { sessionIds: ['s1'] }, hooks);
  assert.deepEqual(await collect(stream), [C1, C2]);
  assertBackoff(hooks.delays, [100, 200, 100, 200, 100]);
});

// --- closing ---------------------------------------------------------------------

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

test('close() before iterating cancels the call opened when the stream was made', async () => {
  const fake = fakeSubscription(); // the call stays open
  let done = false;
  const stream = new AgentEventStream(fake.open, {}, { onDone: () => (done = true) });
  stream.close();
  assert.equal(fake.requests.length, 1);
  assert.ok(fake.calls[0].cancelled);
  assert.deepEqual(await stream.next(), { value: undefined, done: true });
  assert.ok(done);
  await turns();
  assert.equal(fake.requests.length, 1, 'no call after close');
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

test('a call that cannot be made (closed client) ends the stream with CANCELLED', async () => {
  const stream = new AgentEventStream(
    () => {
      throw new Error('Channel has been shut down');
    },
    {},
    instantSleep(),
  );
  await assert.rejects(stream.ready(), { codeName: 'CANCELLED', message: 'Channel has been shut down' });
  await assert.rejects(stream.next(), { codeName: 'CANCELLED' });
});
