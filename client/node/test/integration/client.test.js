'use strict';
// HitlClient against an in-process grpc-js server on 127.0.0.1 that plays the
// gateway: what goes over the wire (request ids, token, roles), what comes
// back (values, errors with details), and the event stream on real grpc-js.

const test = require('node:test');
const assert = require('node:assert/strict');
const http2 = require('node:http2');
const net = require('node:net');
const grpc = require('@grpc/grpc-js');
const { HitlClient, HitlError } = require('../../src');
const { DETAILS_TRAILER } = require('../../src/errors');
const { HitlServiceClient } = require('../../src/proto');
const { serviceError, statusDetails } = require('../support/service-errors');
const { headers } = require('../support/headers');
const { withDeadline } = require('../e2e/deadline');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Serves `handlers` (grpc-js method implementations) on a free port; returns a client of it. */
async function serve(t, handlers, clientOptions = {}) {
  const server = new grpc.Server();
  server.addService(HitlServiceClient.service, handlers);
  const port = await new Promise((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, p) =>
      error ? reject(error) : resolve(p),
    ),
  );
  const client = new HitlClient({ address: `127.0.0.1:${port}`, timeoutMs: 5_000, ...clientOptions });
  t.after(() => {
    client.close();
    server.forceShutdown();
  });
  return client;
}

test('start sends a new UUID request id, the token and the roles; a retry repeats the id', async (t) => {
  const seen = [];
  const client = await serve(
    t,
    {
      StartHitl(call, callback) {
        seen.push({ request: call.request, auth: call.metadata.get('authorization') });
        if (seen.length === 1) return callback(serviceError(14, 'stopping', 'SHUTTING_DOWN'));
        callback(null, { session: { sessionId: 's1', chatId: 'c1', state: 'SESSION_STATE_WAITING' } });
      },
    },
    { token: 't0k3n' },
  );
  const session = await client.start({
    user: { id: 'u1', name: 'Ada' },
    title: 'Refund',
    transcript: [
      { role: 'user', text: 'hi' },
      { role: 'bot', text: 'hello' },
    ],
    properties: { plan: 'gold' },
  });
  assert.equal(session.sessionId, 's1');
  assert.equal(session.state, 'SESSION_STATE_WAITING');
  assert.equal(session.endTime, null);
  assert.equal(seen.length, 2, 'retried once');
  const [first, retry] = seen;
  assert.match(first.request.requestId, UUID);
  assert.equal(retry.request.requestId, first.request.requestId);
  assert.deepEqual(first.auth, ['Bearer t0k3n']);
  assert.deepEqual(
    first.request.transcript.map((m) => m.role),
    ['AUTHOR_ROLE_USER', 'AUTHOR_ROLE_BOT'],
  );
  assert.deepEqual(first.request.properties, { plan: 'gold' });
  assert.equal(first.request.groupId, undefined, 'no group id sent');
});

test('send keeps the caller request id, returns the event ids; errors become HitlError', async (t) => {
  const requests = [];
  const client = await serve(t, {
    SendMessage(call, callback) {
      requests.push(call.request);
      if (call.request.sessionId === 'ended') {
        return callback(serviceError(9, 'session ended', 'SESSION_ENDED', { session_id: 'ended' }));
      }
      callback(null, { eventIds: ['e1', 'e2'] });
    },
  });
  assert.deepEqual(await client.send('s1', 'hello', { requestId: 'mine' }), ['e1', 'e2']);
  assert.equal(requests[0].requestId, 'mine');
  assert.match((await client.send('s1', 'again'), requests[1].requestId), UUID);

  const error = await client.send('ended', 'late').catch((e) => e);
  assert.ok(error instanceof HitlError);
  assert.equal(error.codeName, 'FAILED_PRECONDITION');
  assert.equal(error.message, 'session ended');
  assert.equal(error.reason, 'SESSION_ENDED');
  assert.deepEqual(error.metadata, { session_id: 'ended' });
  assert.equal(requests.length, 3, 'FAILED_PRECONDITION is not retried');
});

test('events resume after UNAVAILABLE on real grpc-js streams, and client.close() ends them', async (t) => {
  const requests = [];
  const client = await serve(t, {
    SubscribeAgentEvents(call) {
      requests.push(call.request);
      const event = (cursor) => ({ cursor, sessionId: 's1', agentMessage: { text: cursor } });
      if (requests.length === 1) {
        call.write(event('01'));
        call.write(event('02'));
        call.emit('error', serviceError(14, 'stopping', 'SHUTTING_DOWN'));
      } else if (requests.length === 2) {
        call.write(event('02'));
        call.write(event('03'));
        call.end();
      } // the third subscription stays open
    },
  });
  const seen = [];
  for await (const e of client.events({ sessionIds: ['s1'] })) seen.push([e.cursor, e.kind]);
  assert.deepEqual(seen, [
    ['01', 'agentMessage'],
    ['02', 'agentMessage'],
    ['03', 'agentMessage'],
  ]);
  assert.deepEqual(
    requests.map((r) => r.afterCursor),
    ['', '02'],
  );

  const open = client.events();
  const pending = open.next();
  client.close();
  assert.deepEqual(await pending, { value: undefined, done: true });
});

const agentEvent = (cursor, text = cursor) => ({ cursor, sessionId: 's1', agentMessage: { text } });

test('an all-sessions stream, once ready(), gets the events of a session started next; they wait for the first next()', async (t) => {
  const subscribers = new Set();
  let journal = 10;
  const client = await serve(t, {
    SubscribeAgentEvents(call) {
      // Like the gateway: "now" is when the subscription arrives.
      call.sendMetadata(headers(String(journal)));
      subscribers.add(call);
      call.on('cancelled', () => subscribers.delete(call));
    },
    StartHitl(call, callback) {
      // The chat is routed at once: its first events go to the subscribers
      // before the caller has the session.
      for (const subscriber of subscribers) {
        subscriber.write({ cursor: String(++journal), sessionId: 's1', chatTransferred: { agentIds: ['jane'] } });
        subscriber.write(agentEvent(String(++journal), 'hello'));
      }
      callback(null, { session: { sessionId: 's1' } });
    },
  });
  const events = client.events();
  await withDeadline(events.ready(), 2_000, 'ready()');
  assert.equal(events.cursor, '10', 'the start from hitl-cursor');
  const session = await client.start({ user: { id: 'u1' } });
  assert.equal(session.sessionId, 's1');
  const first = await withDeadline(events.next(), 2_000, 'the first event');
  assert.equal(first.value.kind, 'chatTransferred');
  assert.equal(first.value.cursor, '11');
  const second = await withDeadline(events.next(), 2_000, 'the second event');
  assert.equal(second.value.agentMessage.text, 'hello');
  assert.equal(events.cursor, '12');
  events.close();
});

test('the start is taken from a later call when the first fails before its headers', async (t) => {
  const requests = [];
  const client = await serve(t, {
    SubscribeAgentEvents(call) {
      requests.push(call.request);
      if (requests.length === 1) {
        // Refused before any header (a trailers-only response).
        call.emit('error', serviceError(14, 'stopping', 'SHUTTING_DOWN'));
      } else if (requests.length === 2) {
        call.sendMetadata(headers('05'));
        setImmediate(() => call.emit('error', serviceError(14, 'stopping', 'SHUTTING_DOWN')));
      } else {
        call.sendMetadata(headers('07')); // events 06 and 07 happened in between
        call.write(agentEvent('06'));
        call.write(agentEvent('07'));
      }
    },
  });
  const events = client.events();
  const first = await withDeadline(events.next(), 5_000, 'the first event');
  assert.equal(first.value.cursor, '06', 'nothing missed between the calls');
  assert.deepEqual(
    requests.map((r) => r.afterCursor),
    ['', '', '05'],
  );
  events.close();
});

/**
 * A raw HTTP/2 server standing for a proxy in front of the gateway:
 * `onStream(stream, request)` answers each SubscribeAgentEvents call.
 */
async function rawServer(t, onStream) {
  const method = HitlServiceClient.service.SubscribeAgentEvents;
  const sessions = new Set();
  const server = http2.createServer();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  server.on('stream', (stream) => {
    stream.on('error', () => {}); // e.g. the reset it sends itself
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => onStream(stream, method.requestDeserialize(Buffer.concat(chunks).subarray(5))));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    for (const session of sessions) session.destroy();
    server.close();
  });
  /** One gRPC message frame of `event`. */
  const frame = (event) => {
    const body = method.responseSerialize(event);
    const prefix = Buffer.alloc(5);
    prefix.writeUInt32BE(body.length, 1);
    return Buffer.concat([prefix, body]);
  };
  return { address: `127.0.0.1:${server.address().port}`, frame };
}

test('a stream reset by a proxy (INTERNAL without reason) resumes; the gateway\'s INTERNAL ends it', async (t) => {
  const requests = [];
  const raw = await rawServer(t, (stream, request) => {
    requests.push(request);
    const grpcHeaders = { ':status': 200, 'content-type': 'application/grpc', 'hitl-cursor': '01' };
    if (requests.length === 1) {
      stream.respond(grpcHeaders);
      stream.write(raw.frame(agentEvent('02')), () =>
        stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR), // "Received RST_STREAM with code 2"
      );
    } else {
      stream.respond(grpcHeaders, { waitForTrailers: true });
      stream.on('wantTrailers', () =>
        stream.sendTrailers({
          'grpc-status': '13',
          'grpc-message': 'journal broken',
          [DETAILS_TRAILER]: statusDetails(13, 'journal broken', 'INTERNAL').toString('base64'),
        }),
      );
      stream.end(raw.frame(agentEvent('03')));
    }
  });
  const client = new HitlClient({ address: raw.address, timeoutMs: 5_000 });
  t.after(() => client.close());
  const seen = [];
  const thrown = await withDeadline(
    (async () => {
      for await (const e of client.events({ sessionIds: ['s1'] })) seen.push(e.cursor);
    })().catch((e) => e),
    5_000,
    'the stream to end',
  );
  assert.deepEqual(seen, ['02', '03']);
  assert.deepEqual(
    requests.map((r) => r.afterCursor),
    ['', '02'],
  );
  assert.ok(thrown instanceof HitlError, `${thrown}`);
  assert.equal(thrown.codeName, 'INTERNAL');
  assert.equal(thrown.reason, 'INTERNAL');
});

test('ready() against an unreachable gateway rejects with DEADLINE_EXCEEDED after the timeout and closes the stream', async (t) => {
  // A port that was free a moment ago: connections are refused.
  const port = await new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address();
      probe.close(() => resolve(free));
    });
  });
  const client = new HitlClient({ address: `127.0.0.1:${port}`, timeoutMs: 300 });
  t.after(() => client.close());
  const events = client.events();
  const started = Date.now();
  const error = await withDeadline(events.ready().catch((e) => e), 5_000, 'ready() to fail');
  const elapsed = Date.now() - started;
  assert.ok(error instanceof HitlError, `${error}`);
  assert.equal(error.codeName, 'DEADLINE_EXCEEDED');
  assert.equal(error.cause?.codeName, 'UNAVAILABLE', 'it kept resubscribing through UNAVAILABLE');
  assert.ok(elapsed >= 290 && elapsed < 2_000, `after ${elapsed} ms`);
  assert.deepEqual(await events.next(), { value: undefined, done: true });
});

test('close() before iterating cancels the subscription at the gateway', async (t) => {
  let cancelled;
  const cancelledAtGateway = new Promise((resolve) => (cancelled = resolve));
  const client = await serve(t, {
    SubscribeAgentEvents(call) {
      call.sendMetadata(headers('01'));
      call.on('cancelled', cancelled);
    },
  });
  const events = client.events();
  await withDeadline(events.ready(), 2_000, 'ready()');
  events.close();
  await withDeadline(cancelledAtGateway, 2_000, 'the gateway to see the cancellation');
  assert.deepEqual(await events.next(), { value: undefined, done: true });
});
