/**
 * Lifecycle of a session.
 */
export declare const SessionState: {
    /**
     * Never returned.
     */
    readonly SESSION_STATE_UNSPECIFIED: "SESSION_STATE_UNSPECIFIED";
    /**
     * The chat is open and waits for an agent (routed or queued).
     */
    readonly SESSION_STATE_WAITING: "SESSION_STATE_WAITING";
    /**
     * An agent is handling the chat.
     */
    readonly SESSION_STATE_ACTIVE: "SESSION_STATE_ACTIVE";
    /**
     * The chat is closed; messages are refused.
     */
    readonly SESSION_STATE_ENDED: "SESSION_STATE_ENDED";
};
/**
 * Lifecycle of a session.
 */
export type SessionState = 
/**
 * Never returned.
 */
'SESSION_STATE_UNSPECIFIED' | 0
/**
 * The chat is open and waits for an agent (routed or queued).
 */
 | 'SESSION_STATE_WAITING' | 1
/**
 * An agent is handling the chat.
 */
 | 'SESSION_STATE_ACTIVE' | 2
/**
 * The chat is closed; messages are refused.
 */
 | 'SESSION_STATE_ENDED' | 3;
/**
 * Lifecycle of a session.
 */
export type SessionState__Output = typeof SessionState[keyof typeof SessionState];
