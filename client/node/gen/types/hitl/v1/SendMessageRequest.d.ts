/**
 * Request of SendMessage.
 */
export interface SendMessageRequest {
    /**
     * The session to post into. Required.
     */
    'sessionId'?: (string);
    /**
     * What the end user said: non-empty UTF-8 of at most 65536 bytes. Texts
     * above LiveChat's 16 KB limit are split, in order and never cut inside a
     * character, preferably at white space.
     */
    'text'?: (string);
    /**
     * Idempotency key (AIP-155). A retry with the same `request_id` in the same
     * session posts nothing twice and returns the first call's event ids. Also
     * sent to LiveChat as the events' `custom_id`. If empty, the gateway makes
     * one, which protects its own internal retries only.
     */
    'requestId'?: (string);
}
/**
 * Request of SendMessage.
 */
export interface SendMessageRequest__Output {
    /**
     * The session to post into. Required.
     */
    'sessionId': (string);
    /**
     * What the end user said: non-empty UTF-8 of at most 65536 bytes. Texts
     * above LiveChat's 16 KB limit are split, in order and never cut inside a
     * character, preferably at white space.
     */
    'text': (string);
    /**
     * Idempotency key (AIP-155). A retry with the same `request_id` in the same
     * session posts nothing twice and returns the first call's event ids. Also
     * sent to LiveChat as the events' `custom_id`. If empty, the gateway makes
     * one, which protects its own internal retries only.
     */
    'requestId': (string);
}
