// Types of @hitl-gateway/client. Messages are plain objects shaped as
// @grpc/proto-loader gives them (the generated types in ../gen/types):
// camelCase fields, enums as their names (e.g. "SESSION_STATE_ENDED"),
// int64 as number, every field present, and AgentEvent's `kind` naming the
// field that is set (AgentEvent is a union discriminated by `kind`).

import type { AgentEvent__Output } from '../gen/types/hitl/v1/AgentEvent';
import type { AgentFile__Output } from '../gen/types/hitl/v1/AgentFile';
import type { AgentMessage__Output } from '../gen/types/hitl/v1/AgentMessage';
import type { ChatTransferred__Output } from '../gen/types/hitl/v1/ChatTransferred';
import type { EndedBy__Output } from '../gen/types/hitl/v1/EndedBy';
import type { QueuePosition__Output } from '../gen/types/hitl/v1/QueuePosition';
import type { Session__Output } from '../gen/types/hitl/v1/Session';
import type { SessionEnded__Output } from '../gen/types/hitl/v1/SessionEnded';
import type { SessionState__Output } from '../gen/types/hitl/v1/SessionState';
import type { TransferReason__Output } from '../gen/types/hitl/v1/TransferReason';
import type { Timestamp__Output } from '../gen/types/google/protobuf/Timestamp';

/** One handoff: a LiveChat chat with a customer standing in for the end user. */
export type Session = Session__Output;
/** The members of AgentEvent's oneof: what `kind` names. */
export type AgentEventKind = 'agentMessage' | 'agentFile' | 'chatTransferred' | 'sessionEnded';
/** The fields every AgentEvent has: `cursor`, `sessionId`, `chatId`, `time`. */
type AgentEventCommon = Omit<AgentEvent__Output, AgentEventKind | 'kind'>;
type AgentEventPayloads = { [K in AgentEventKind]-?: NonNullable<AgentEvent__Output[K]> };
/** An event of kind `K`: `kind` is `K`, the field `K` is set, the other kinds' fields are absent. */
export type AgentEventOf<K extends AgentEventKind> = AgentEventCommon & { kind: K } & Pick<AgentEventPayloads, K> & {
  [Other in Exclude<AgentEventKind, K>]?: undefined;
};
/**
 * Something that happened on the agents' side of a session; `kind` says what,
 * and names the field that is set: after `if (e.kind === 'agentMessage')`,
 * `e.agentMessage` is an AgentMessage. `kind` is undefined only for a kind
 * this client does not know (a newer gateway's).
 */
export type AgentEvent =
  | AgentEventOf<'agentMessage'>
  | AgentEventOf<'agentFile'>
  | AgentEventOf<'chatTransferred'>
  | AgentEventOf<'sessionEnded'>
  | (AgentEventCommon & { kind?: undefined } & { [K in AgentEventKind]?: undefined });
export type AgentMessage = AgentMessage__Output;
export type AgentFile = AgentFile__Output;
export type ChatTransferred = ChatTransferred__Output;
export type QueuePosition = QueuePosition__Output;
export type SessionEnded = SessionEnded__Output;
export type SessionState = SessionState__Output;
export type EndedBy = EndedBy__Output;
export type TransferReason = TransferReason__Output;
/** A protobuf Timestamp: `seconds` since the epoch and `nanos`. */
export type Timestamp = Timestamp__Output;

/** How to reach the gateway. */
export interface ClientOptions {
  /** host:port of the gateway's gRPC API, e.g. "127.0.0.1:50051". */
  address: string;
  /** Sent as `authorization: Bearer <token>` on every call (also without TLS). */
  token?: string;
  /** TLS: `true` trusts the system's root certificates; `{ rootCerts }` trusts these PEM certificates. Default: plaintext. */
  tls?: boolean | { rootCerts?: Buffer };
  /**
   * Deadline of each call, retries of UNAVAILABLE included, and how long an
   * event stream's `ready()` waits, in milliseconds. Default 10 000. Must be
   * positive and finite: the constructor throws a RangeError otherwise (a
   * TypeError for a non-number).
   */
  timeoutMs?: number;
}

/** One message of the conversation before the handoff. */
export interface TranscriptLine {
  /** Who wrote it: the end user or the bot. */
  role: 'user' | 'bot';
  /** The text, non-empty. */
  text: string;
}

/** What StartHitl needs. */
export interface StartOptions {
  /** The end user: `id` (the bot's id of the user) is required. */
  user: { id: string; name?: string; email?: string };
  /** Subject shown to the agent; the gateway has a default. */
  title?: string;
  /** Longer summary appended to the title. */
  description?: string;
  /** The conversation so far, oldest first (at most 200 lines). */
  transcript?: TranscriptLine[];
  /** Custom fields shown to the agent (at most 50; keys and values non-empty). */
  properties?: Record<string, string>;
  /** LiveChat group to route to, instead of the gateway's. */
  groupId?: number;
  /** Idempotency key; a new UUID when omitted. Retrying with the same one opens no second chat. */
  requestId?: string;
}

/** Which agent events to stream. */
export interface EventsOptions {
  /** Sessions to follow; empty or omitted: every session, from now on. */
  sessionIds?: string[];
  /** Resume after this event's cursor. Omitted: with `sessionIds`, from those sessions' start. */
  afterCursor?: string;
}

/**
 * The agent events of a subscription, each exactly once and in order. It
 * subscribes when made (`client.events()`); events that arrive before you
 * iterate wait in it. When a call ends with UNAVAILABLE (gateway restarting,
 * connection dropped), RESOURCE_EXHAUSTED/SUBSCRIBER_TOO_SLOW, INTERNAL or
 * UNKNOWN without an ErrorInfo reason (a proxy's or the transport's reset),
 * or OK on a stream of all sessions, it subscribes again after a backoff and
 * resumes from the last cursor. It ends when the gateway ends a stream of
 * given sessions with OK (all of them ended) or on `close()`, and throws a
 * HitlError on any other error. Iterate it once. See docs/CLIENTS.md.
 */
export interface AgentEventStream extends AsyncIterableIterator<AgentEvent> {
  /** The cursor of the last event yielded (else the `afterCursor` given, or where the gateway started the stream): persist it to resume later. */
  readonly cursor: string;
  /**
   * Resolves once the gateway has confirmed a subscription (response headers):
   * no event after that is missed. Keeps waiting while calls fail in ways
   * resuming fixes; rejects with the HitlError that ended the stream, or with a
   * HitlError DEADLINE_EXCEEDED when no subscription is in place within the
   * client's `timeoutMs` (the stream is then closed), or with CANCELLED when
   * the stream is closed first. The same promise on every call; not calling
   * it is fine.
   */
  ready(): Promise<void>;
  /** Stops the stream and cancels its call: the pending or next `next()` reports done. */
  close(): void;
}

/** A connection to one hitl-gateway. Every call has the client's deadline and retries UNAVAILABLE with backoff within it. */
export declare class HitlClient {
  constructor(options: ClientOptions);
  /** Opens a handoff: a LiveChat chat for the user with the transcript posted, routed to agents. */
  start(options: StartOptions): Promise<Session>;
  /** Posts what the end user said into the session's chat; resolves to the LiveChat event ids (one per part). */
  send(sessionId: string, text: string, options?: { requestId?: string }): Promise<string[]>;
  /** Closes the session's chat; stopping an ended session returns it unchanged. */
  stop(sessionId: string, reason?: string): Promise<Session>;
  /** The session as the gateway knows it now. */
  get(sessionId: string): Promise<Session>;
  /** Streams agent events, resuming by itself after disconnects; subscribes now (see `AgentEventStream.ready()`). */
  events(options?: EventsOptions): AgentEventStream;
  /** Closes every event stream of this client and the connection. */
  close(): void;
}

/** A failed call: the gRPC status and the gateway's ErrorInfo. */
export declare class HitlError extends Error {
  constructor(code: number, message: string, reason?: string, metadata?: Record<string, string>, options?: { cause?: unknown });
  /** gRPC status code, e.g. 5. */
  readonly code: number;
  /** Its name, e.g. "NOT_FOUND". */
  readonly codeName: string;
  /** The ErrorInfo's stable reason, e.g. "SESSION_NOT_FOUND"; "" when the error has none. */
  readonly reason: string;
  /** The ErrorInfo's metadata, e.g. `{ field: "text" }`; empty when none. */
  readonly metadata: Record<string, string>;
}
