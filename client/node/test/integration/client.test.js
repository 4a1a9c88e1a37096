'use strict';
// HitlClient against an in-process grpc-js server on 127.0.0.1 that plays the
// gateway: what goes over the wire (request ids, token, roles), what comes
// back (values, errors with details), and the event stream on real grpc-js.

const test = require('node:test');
const assert = require('node:assert/strict');
const grpc = require('@grpc/grpc-js');
const { HitlClient, HitlError } = require('../../src');
const { HitlServiceClient } = require('../../src/proto');
const { statusDetails } = require('../support/service-errors');

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

/** A grpc-js server error as the gateway sends it, ErrorInfo in the trailer. */
function gatewayError(code, message, reason, metadata) {
  const trailer = new grpc.Metadata();
  trailer.set('grpc-status-details-bin', statusDetails(code, message, reason, metadata));
  return { code, details: message, metadata: trailer };
}

test('start sends a new UUID request id, the token and the roles; a retry repeats the id', async (t) => {
  const seen = [];
  const client = await serve(
    t,
    {
      StartHitl(call, callback) {
        seen.push({ request: call.request, auth: call.metadata.get('authorization') });
        if (seen.length === 1) return callback(gatewayError(14, 'stopping', 'SHUTTING_DOWN'));
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
        return callback(gatewayError(9, 'session ended', 'SESSION_ENDED', { session_id: 'ended' }));
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
        call.emit('error', gatewayError(14, 'stopping', 'SHUTTING_DOWN'));
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
