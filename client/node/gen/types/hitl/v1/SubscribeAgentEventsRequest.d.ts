/**
 * Request of SubscribeAgentEvents.
 */
export interface SubscribeAgentEventsRequest {
    /**
     * Sessions to follow; empty follows every session, present and future.
     * Unknown ids are NOT_FOUND.
     */
    'sessionIds'?: (string)[];
    /**
     * Set to the `cursor` of an event already seen: every retained event after
     * it, then live events, with no gap and no duplicate at the seam. Empty:
     * with `session_ids`, every retained event of those sessions from their
     * start (so nothing since StartHitl is missed); without, live events from
     * now on. A cursor older than the journal's retention gives OUT_OF_RANGE.
     */
    'afterCursor'?: (string);
}
/**
 * Request of SubscribeAgentEvents.
 */
export interface SubscribeAgentEventsRequest__Output {
    /**
     * Sessions to follow; empty follows every session, present and future.
     * Unknown ids are NOT_FOUND.
     */
    'sessionIds': (string)[];
    /**
     * Set to the `cursor` of an event already seen: every retained event after
     * it, then live events, with no gap and no duplicate at the seam. Empty:
     * with `session_ids`, every retained event of those sessions from their
     * start (so nothing since StartHitl is missed); without, live events from
     * now on. A cursor older than the journal's retention gives OUT_OF_RANGE.
     */
    'afterCursor': (string);
}
