/**
 * Request of StopHitl.
 */
export interface StopHitlRequest {
    /**
     * The session to end. Required.
     */
    'sessionId'?: (string);
    /**
     * Why the bot ends it, kept as the session's `end_reason`. Optional;
     * UTF-8 of at most 1024 bytes.
     */
    'reason'?: (string);
}
/**
 * Request of StopHitl.
 */
export interface StopHitlRequest__Output {
    /**
     * The session to end. Required.
     */
    'sessionId': (string);
    /**
     * Why the bot ends it, kept as the session's `end_reason`. Optional;
     * UTF-8 of at most 1024 bytes.
     */
    'reason': (string);
}
