'use strict';
// AgentEventStream: SubscribeAgentEvents as an async iterator that subscribes
// as soon as it is made and survives gateway restarts and dropped connections
// by resuming from its cursor (docs/CLIENTS.md, "The agent-event stream").

const { status: Code } = require('@grpc/grpc-js');
const { HitlError } = require('./errors');
const { backoffDelay, sleep: realSleep } = require('./backoff');

/** A call in place (headers received) this long resets the count of failures when it breaks. */
const IN_PLACE_RESET_MS = 5000;
/**
 * Events kept from calls that ended before the bot read them; while this many
 * wait, the stream does not subscribe again (as a paused call does not read).
 */
const MAX_CARRIED = 16;
/** The longest delay setTimeout takes (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Whether a stream call that failed with `error` should be opened again from
 * the last cursor: the gateway stopping or unreachable, a dropped connection
 * (all UNAVAILABLE), this subscriber dropped for falling behind, or an
 * INTERNAL or UNKNOWN that is not the gateway's answer (no ErrorInfo reason:
 * a proxy or the transport reset the stream, e.g. "Received RST_STREAM with
 * code 2"). An OK end is for the stream to judge (see AgentEventStream).
 * @param {HitlError} error
 */
function isResumable(error) {
  switch (error.code) {
    case Code.UNAVAILABLE:
      return true;
    case Code.RESOURCE_EXHAUSTED:
      return error.reason === 'SUBSCRIBER_TOO_SLOW';
    case Code.INTERNAL:
    case Code.UNKNOWN:
      return !error.reason;
    default:
      return false;
  }
}

/**
 * The agent events of a subscription, in order, each exactly once. It opens
 * its first call when made; `ready()` tells when the gateway has confirmed a
 * subscription. Iterate it once (`for await`). When a call fails in a way
 * resuming fixes (see isResumable), or a stream of all sessions ends with OK,
 * it subscribes again with `afterCursor` = the last cursor, after a backoff
 * (100 ms doubling to 5 s, with jitter; the count of failures resets when an
 * event arrives or when the broken call had been in place for 5 s), for as
 * long as it takes; events at or before that cursor are skipped. It ends when
 * a stream of given sessions ends with OK (all of them ended) or when closed,
 * and throws a HitlError on any other error.
 *
 * Events that arrive before the bot reads them wait in the call (grpc-js
 * reads a few ahead, then HTTP/2 flow control holds the rest at the gateway).
 */
class AgentEventStream {
  #open;
  #request;
  #allSessions;
  #timeoutMs;
  #sleep;
  #now;
  #onDone;
  /** Cursor of the last event yielded (else the start): what `cursor` tells. */
  #cursor;
  /** Cursor of the last event taken from a call: where a resume starts. */
  #received;
  /** The call in progress, if any. */
  #call = null;
  /** Events taken from calls that ended before they were read. */
  #carried = [];
  #failures = 0;
  #lastFailure = null;
  #confirmed = false;
  /** Once the stream has ended by itself: `{ error }`, error null for an OK end. */
  #end = null;
  #closed = false;
  #stop = new AbortController();
  #ready = null;
  #settleReady = null;
  #waiters = [];
  #events;

  /**
   * @param {(request: object) => import('@grpc/grpc-js').ClientReadableStream<any>} open
   *   starts one SubscribeAgentEvents call with `{ sessionIds, afterCursor }`
   * @param {{ sessionIds?: string[], afterCursor?: string, timeoutMs?: number }} options
   *   `timeoutMs`: how long `ready()` waits (default 10 s)
   * @param {{ onDone?: () => void, sleep?: typeof realSleep, now?: () => number }} [hooks]
   *   `onDone` runs once, when the stream has ended or was closed; `sleep`
   *   (the backoff) and `now` (a clock in milliseconds) are for tests
   */
  constructor(open, { sessionIds = [], afterCursor = '', timeoutMs = 10_000 }, hooks = {}) {
    const { onDone, sleep = realSleep, now = () => performance.now() } = hooks;
    this.#open = open;
    this.#request = { sessionIds: [...sessionIds] };
    this.#allSessions = sessionIds.length === 0;
    this.#cursor = afterCursor;
    this.#received = afterCursor;
    this.#timeoutMs = timeoutMs;
    this.#onDone = onDone;
    this.#sleep = sleep;
    this.#now = now;
    this.#events = this.#iterate();
    // Opens the first call now. Nothing in it should throw; if it does, the
    // stream ends with that error rather than with an unhandled rejection.
    this.#drive().catch((error) => {
      const failure =
        error instanceof HitlError
          ? error
          : new HitlError(Code.INTERNAL, String(error), '', {}, { cause: error });
      this.#finish(failure);
    });
  }

  /**
   * The cursor of the last event yielded (else the `afterCursor` given, or
   * where the gateway started the stream): persist it to resume later.
   */
  get cursor() {
    return this.#cursor;
  }

  /**
   * Resolves once the gateway has confirmed a subscription (its response
   * headers), so no event after that point is missed. Waits while calls fail
   * in ways resuming fixes; rejects with the HitlError that ended the stream,
   * or, when no subscription is in place within the client's timeout, with a
   * HitlError DEADLINE_EXCEEDED after closing the stream (CANCELLED if the
   * stream is closed first). The same promise every time.
   * @returns {Promise<void>}
   */
  ready() {
    this.#ready ??= this.#waitReady();
    return this.#ready;
  }

  /** Ends the iteration and cancels the call in progress: the pending or next `next()` reports done. */
  close() {
    if (this.#closed) return;
    this.#closed = true;
    this.#stop.abort();
    this.#settleReady?.(new HitlError(Code.CANCELLED, 'the event stream was closed'));
    const call = this.#call;
    this.#call = null;
    call?.cancel();
    this.#carried.length = 0;
    this.#wake();
    this.#release();
  }

  /** @returns {Promise<IteratorResult<any>>} */
  next() {
    return this.#events.next();
  }

  /** Closes the stream (what `break` out of `for await` calls). */
  return(value) {
    this.close();
    return this.#events.return(value);
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  /** What the iterator yields: events read from the calls, in order. */
  async *#iterate() {
    try {
      for (;;) {
        if (this.#closed) return; // also when closed while the caller held the last event
        const event = this.#take();
        if (event) {
          this.#cursor = event.cursor;
          yield event;
        } else if (this.#end) {
          if (this.#end.error) throw this.#end.error;
          return;
        } else {
          await this.#changed();
        }
      }
    } finally {
      this.close();
    }
  }

  /** The next event not seen before, from the ended calls' leftovers, then the call in progress; or null. */
  #take() {
    if (this.#carried.length > 0) {
      const event = this.#carried.shift();
      this.#wake(); // the driver may wait for room
      return event;
    }
    const call = this.#call;
    if (call) {
      for (let event; (event = call.read()) !== null; ) {
        if (this.#isNew(event)) return event;
      }
    }
    return null;
  }

  /** Whether `event` is after every event taken so far (a resume may replay older ones); if so it is taken. */
  #isNew(event) {
    if (event.cursor <= this.#received) return false;
    this.#received = event.cursor;
    return true;
  }

  /** Subscribes, and again after each break that resuming fixes, until the stream ends or is closed. */
  async #drive() {
    while (!this.#closed) {
      const { error, fatal, inPlaceSince } = await this.#subscribe();
      if (this.#closed) return;
      if (error === null && !this.#allSessions) return this.#finish(null); // all the sessions ended
      if (error !== null && (fatal || !isResumable(error))) return this.#finish(error);
      // Resume: UNAVAILABLE and the like, or OK on a stream of all sessions
      // (which the gateway never ends by itself: a proxy did).
      this.#lastFailure = error ?? this.#lastFailure;
      if (inPlaceSince !== null && this.#now() - inPlaceSince >= IN_PLACE_RESET_MS) this.#failures = 0;
      while (this.#carried.length >= MAX_CARRIED && !this.#closed) await this.#changed();
      if (this.#closed) return;
      await this.#sleep(backoffDelay(this.#failures++), this.#stop.signal);
    }
  }

  /**
   * Runs one call to its end; resolves to its error (a HitlError, or null
   * for OK; `fatal` if the call could not even be made) and when its headers
   * came (null if they did not).
   * @returns {Promise<{ error: HitlError | null, fatal?: boolean, inPlaceSince: number | null }>}
   */
  #subscribe() {
    return new Promise((resolve) => {
      let call;
      try {
        call = this.#open({ ...this.#request, afterCursor: this.#received });
      } catch (error) {
        // E.g. "Channel has been shut down": the client was closed. Not a
        // call's status, so not resumable whatever its code.
        const failure = new HitlError(Code.CANCELLED, error.message, '', {}, { cause: error });
        return resolve({ error: failure, fatal: true, inPlaceSince: null });
      }
      this.#call = call;
      let inPlaceSince = null;
      let failure = null;
      call.on('metadata', (headers) => {
        if (this.#closed) return;
        inPlaceSince = this.#now();
        // Where the gateway starts this stream: until the first event, a
        // break resumes from here instead of from "now" again.
        const start = headers?.get('hitl-cursor')?.[0];
        if (!this.#received && start) {
          this.#received = String(start);
          this.#cursor = this.#received;
        }
        this.#confirm();
      });
      call.on('readable', () => {
        if (call.readableLength > 0) this.#failures = 0; // an event arrived
        this.#wake();
      });
      call.on('error', (error) => {
        failure = error; // grpc-js emits 'status' right after
      });
      call.once('status', () => {
        // Keep what the call delivered but nobody read yet.
        for (let event; !this.#closed && (event = call.read()) !== null; ) {
          this.#failures = 0;
          if (this.#isNew(event)) this.#carried.push(event);
        }
        if (this.#call === call) this.#call = null;
        this.#wake();
        resolve({ error: failure && HitlError.fromServiceError(failure), inPlaceSince });
      });
    });
  }

  /** The stream has ended by itself: with an error, or null for OK. */
  #finish(error) {
    if (this.#end || this.#closed) return;
    this.#end = { error };
    if (error === null) this.#confirm();
    else this.#settleReady?.(error);
    this.#wake();
    this.#release();
  }

  /** The gateway confirmed a subscription. */
  #confirm() {
    this.#confirmed = true;
    this.#settleReady?.(null);
  }

  #waitReady() {
    if (this.#confirmed) return Promise.resolve();
    if (this.#end?.error) return Promise.reject(this.#end.error);
    if (this.#closed) return Promise.reject(new HitlError(Code.CANCELLED, 'the event stream was closed'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const last = this.#lastFailure;
        const error = new HitlError(
          Code.DEADLINE_EXCEEDED,
          `no subscription in place after ${this.#timeoutMs} ms` +
            (last ? ` (last error: ${last.codeName}: ${last.message})` : ''),
          '',
          {},
          { cause: last ?? undefined },
        );
        this.#settleReady(error);
        this.close();
      }, Math.min(this.#timeoutMs, MAX_TIMER_MS));
      this.#settleReady = (error) => {
        clearTimeout(timer);
        this.#settleReady = null;
        if (error) reject(error);
        else resolve();
      };
    });
  }

  /** A promise that resolves at the next change of the stream's state (`#wake`). */
  #changed() {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #wake() {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Runs `onDone`, once. */
  #release() {
    this.#onDone?.();
    this.#onDone = undefined;
  }
}

module.exports = { AgentEventStream, isResumable };
