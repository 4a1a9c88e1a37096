'use strict';
// A stand-in for SubscribeAgentEvents: each call plays the next scripted
// connection, and the calls behave as grpc-js's ClientReadableStream does
// (an object-mode Readable; on a status it ends the stream, emits the error
// unless OK, then 'status'; cancel() finishes it with CANCELLED).

const { Readable } = require('node:stream');
const grpc = require('@grpc/grpc-js');
const { serviceError } = require('../support/service-errors');

class FakeCall extends Readable {
  constructor() {
    super({ objectMode: true, read() {} });
    this.cancelled = false;
    this.finished = false;
  }

  /** Ends the call with OK, or with `error` (a ServiceError). */
  finish(error) {
    if (this.finished) return;
    this.finished = true;
    this.push(null);
    if (error) this.emit('error', error);
    this.emit('status', {
      code: error ? error.code : grpc.status.OK,
      details: error ? error.details : 'OK',
      metadata: error ? error.metadata : new grpc.Metadata(),
    });
  }

  cancel() {
    this.cancelled = true;
    this.finish(serviceError(grpc.status.CANCELLED, 'Cancelled on client'));
  }
}

/** An event with only what the stream looks at. */
function event(cursor) {
  return { cursor, sessionId: 's1', kind: 'agentMessage', agentMessage: { text: `at ${cursor}` } };
}

/**
 * `connections` are functions (call) => void that play one connection each,
 * on the turn of the event loop after the call was opened: emit 'metadata',
 * push events, finish. A connection missing from the script stays open until
 * cancelled.
 */
function fakeSubscription(...connections) {
  const fake = { requests: [], calls: [] };
  fake.open = (request) => {
    const call = new FakeCall();
    const play = connections[fake.requests.length];
    fake.requests.push(request);
    fake.calls.push(call);
    if (play) setImmediate(() => play(call));
    return call;
  };
  return fake;
}

module.exports = { fakeSubscription, event };
