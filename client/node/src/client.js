'use strict';
// HitlClient: the calls of hitl.v1.HitlService with deadlines, optional TLS
// and bearer token, request ids, retries of UNAVAILABLE, and the resuming
// agent event stream.

const { randomUUID } = require('node:crypto');
const grpc = require('@grpc/grpc-js');
const { HitlServiceClient } = require('./proto');
const { HitlError } = require('./errors');
const { retryUnavailable } = require('./retry');
const { sleep } = require('./backoff');
const { AgentEventStream } = require('./event-stream');

const DEFAULT_TIMEOUT_MS = 10_000;

const ROLES = { user: 'AUTHOR_ROLE_USER', bot: 'AUTHOR_ROLE_BOT' };

/** The AuthorRole of a transcript line's `role`, "user" or "bot". */
function authorRole(role) {
  if (!Object.hasOwn(ROLES, role)) {
    throw new TypeError(`a transcript role is "user" or "bot", not ${JSON.stringify(role)}`);
  }
  return ROLES[role];
}

// Event streams live for hours: ping an idle connection every 30 s (the
// gateway allows one every 10 s) so a dead one is noticed and resumed. After
// a dropped connection, reconnect from 100 ms on (gRPC's default is 1 s), as
// soon as the streams resubscribe.
const CHANNEL_OPTIONS = {
  'grpc.initial_reconnect_backoff_ms': 100,
  'grpc.max_reconnect_backoff_ms': 5_000,
  'grpc.keepalive_time_ms': 30_000,
  'grpc.keepalive_timeout_ms': 10_000,
  'grpc.keepalive_permit_without_calls': 1,
};

/** `timeoutMs` if it is a positive finite number of milliseconds; else throws. */
function checkTimeout(timeoutMs) {
  if (typeof timeoutMs !== 'number') {
    throw new TypeError(`timeoutMs is a number of milliseconds, not ${typeof timeoutMs}`);
  }
  if (!(timeoutMs > 0 && Number.isFinite(timeoutMs))) {
    throw new RangeError(`timeoutMs must be positive and finite, not ${timeoutMs}`);
  }
  return timeoutMs;
}

/** A connection to one hitl-gateway. See index.d.ts for the types. */
class HitlClient {
  #stub;
  #token;
  #timeoutMs;
  #streams = new Set();
  /** Aborted by close(): cuts short a retry's wait. */
  #closing = new AbortController();

  /**
   * @param {import('./index').ClientOptions} options `address` is host:port;
   *   `tls` true trusts the system's roots, or give `rootCerts` (PEM); `token`
   *   is sent as `authorization: Bearer <token>` on every call; `timeoutMs` is
   *   each call's deadline (default 10 s), and how long an event stream's
   *   `ready()` waits; it must be positive and finite (else a TypeError or
   *   RangeError).
   */
  constructor({ address, token, tls = false, timeoutMs = DEFAULT_TIMEOUT_MS }) {
    this.#timeoutMs = checkTimeout(timeoutMs);
    const credentials = tls
      ? grpc.credentials.createSsl(tls === true ? null : tls.rootCerts)
      : grpc.credentials.createInsecure();
    this.#stub = new HitlServiceClient(address, credentials, CHANNEL_OPTIONS);
    this.#token = token;
  }

  /** Opens a handoff; resolves to the new session. */
  async start(options) {
    const { user, title, description, transcript = [], properties, groupId, requestId } = options;
    const request = {
      user,
      title,
      description,
      transcript: transcript.map(({ role, text }) => ({ role: authorRole(role), text })),
      properties,
      groupId,
      requestId: requestId || randomUUID(),
    };
    return (await this.#unary('startHitl', request)).session;
  }

  /** Posts the end user's `text` into the session's chat; resolves to its LiveChat event ids. */
  async send(sessionId, text, { requestId } = {}) {
    const request = { sessionId, text, requestId: requestId || randomUUID() };
    return (await this.#unary('sendMessage', request)).eventIds;
  }

  /** Ends the session (an ended one is returned unchanged); resolves to the session. */
  async stop(sessionId, reason = '') {
    return (await this.#unary('stopHitl', { sessionId, reason })).session;
  }

  /** Resolves to the session as the gateway knows it now. */
  async get(sessionId) {
    return (await this.#unary('getSession', { sessionId })).session;
  }

  /**
   * The agent events of `sessionIds` (every session if empty) after
   * `afterCursor`, as an async iterator that resumes by itself. It subscribes
   * now; `await stream.ready()` waits until the gateway has confirmed it.
   */
  events({ sessionIds = [], afterCursor = '' } = {}) {
    const stream = new AgentEventStream(
      (request) => this.#stub.subscribeAgentEvents(request, this.#metadata()),
      { sessionIds, afterCursor, timeoutMs: this.#timeoutMs },
      { onDone: () => this.#streams.delete(stream) },
    );
    this.#streams.add(stream);
    return stream;
  }

  /** Closes every event stream of this client and the connection. */
  close() {
    this.#closing.abort();
    for (const stream of this.#streams) stream.close();
    this.#streams.clear();
    this.#stub.close();
  }

  /** One logical call: attempts with the same request until the deadline (retry.js). */
  #unary(method, request) {
    const deadline = Date.now() + this.#timeoutMs;
    const closed = () => new HitlError(grpc.status.CANCELLED, 'the client is closed');
    const attempt = () =>
      new Promise((resolve, reject) => {
        if (this.#closing.signal.aborted) return reject(closed());
        this.#stub[method](request, this.#metadata(), { deadline }, (error, response) =>
          error ? reject(HitlError.fromServiceError(error)) : resolve(response),
        );
      });
    const wait = (ms) => sleep(ms, this.#closing.signal);
    return retryUnavailable(attempt, deadline, { sleep: wait });
  }

  #metadata() {
    const metadata = new grpc.Metadata();
    if (this.#token) metadata.set('authorization', `Bearer ${this.#token}`);
    return metadata;
  }
}

module.exports = { HitlClient };
