'use strict';
// AgentEventStream: SubscribeAgentEvents as an async iterator that survives
// gateway restarts and dropped connections by resuming from its cursor.

const { status: Code } = require('@grpc/grpc-js');
const { HitlError } = require('./errors');
const { backoffDelay, sleep: realSleep } = require('./backoff');

/**
 * Whether a stream that failed with `error` should be opened again from the
 * last cursor: the gateway stopping or unreachable, a dropped connection
 * (all UNAVAILABLE), or this subscriber dropped for falling behind.
 * @param {HitlError} error
 */
function isResumable(error) {
  return (
    error.code === Code.UNAVAILABLE ||
    (error.code === Code.RESOURCE_EXHAUSTED && error.reason === 'SUBSCRIBER_TOO_SLOW')
  );
}

/**
 * The agent events of a subscription, in order, each exactly once. Iterate it
 * once (`for await`). On UNAVAILABLE, RESOURCE_EXHAUSTED/SUBSCRIBER_TOO_SLOW
 * or a dropped connection it subscribes again with `afterCursor` = the cursor
 * of the last event it yielded, after a backoff (100 ms doubling to 5 s, with
 * jitter, back to 100 ms once a subscription is in place), for as long as it
 * takes; events at or before that cursor are skipped. It ends when the
 * gateway finishes the stream with OK (all listed sessions ended) or when
 * closed, and throws a HitlError on any other error.
 */
class AgentEventStream {
  #open;
  #request;
  #sleep;
  #onDone;
  #cursor;
  #call = null;
  #closed = false;
  #stop = new AbortController();
  #events;

  /**
   * @param {(request: object) => import('@grpc/grpc-js').ClientReadableStream<any>} open
   *   starts one SubscribeAgentEvents call with `{ sessionIds, afterCursor }`
   * @param {{ sessionIds?: string[], afterCursor?: string }} options
   * @param {{ onDone?: () => void, sleep?: typeof realSleep }} [hooks] `onDone` runs
   *   once, when the iteration is over or the stream closed; `sleep` is for tests
   */
  constructor(open, { sessionIds = [], afterCursor = '' }, hooks = {}) {
    const { onDone, sleep = realSleep } = hooks;
    this.#open = open;
    this.#request = { sessionIds: [...sessionIds] };
    this.#cursor = afterCursor;
    this.#onDone = onDone;
    this.#sleep = sleep;
    this.#events = this.#run();
  }

  /**
   * The cursor of the last event yielded (else the `afterCursor` given, or
   * where the gateway started the stream): persist it to resume later.
   */
  get cursor() {
    return this.#cursor;
  }

  /** Ends the iteration: the pending or next `next()` reports done. */
  close() {
    this.#closed = true;
    this.#stop.abort();
    this.#call?.cancel();
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

  async *#run() {
    let failures = 0;
    try {
      while (!this.#closed) {
        const call = this.#open({ ...this.#request, afterCursor: this.#cursor });
        this.#call = call;
        // Response headers: the subscription is in place, the gateway is back.
        call.once('metadata', (metadata) => {
          failures = 0;
          // Where the gateway starts this stream: a break before the first
          // event then resumes from here instead of from "now" again.
          const start = metadata?.get('hitl-cursor')?.[0];
          if (!this.#cursor && start) this.#cursor = String(start);
        });
        try {
          for await (const event of call) {
            if (this.#closed) return; // closed while the caller held the last event
            if (event.cursor <= this.#cursor) continue; // seen before the reconnect
            this.#cursor = event.cursor;
            yield event;
          }
          return; // finished with OK
        } catch (error) {
          if (this.#closed) return;
          const failure = HitlError.fromServiceError(error);
          if (!isResumable(failure)) throw failure;
        }
        await this.#sleep(backoffDelay(failures++), this.#stop.signal);
      }
    } finally {
      this.#release();
    }
  }

  /** Runs `onDone`, once. */
  #release() {
    this.#onDone?.();
    this.#onDone = undefined;
  }
}

module.exports = { AgentEventStream };
