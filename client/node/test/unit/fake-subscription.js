'use strict';
// A stand-in for SubscribeAgentEvents: each call plays the next scripted
// connection, and the calls behave as grpc-js's ClientReadableStream does
// (an object-mode Readable; on a status it ends the stream, then emits the
// error unless OK; cancel() finishes it with CANCELLED).

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
 * after the stream has started reading: emit 'metadata', push events, finish.
 * A connection missing from the script stays open until cancelled.
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

/** Test hooks whose sleep returns at once and records each delay. */
function instantSleep() {
  const hooks = { delays: [] };
  hooks.sleep = async (ms) => {
    hooks.delays.push(ms);
  };
  return hooks;
}

module.exports = { fakeSubscription, event, instantSleep };
