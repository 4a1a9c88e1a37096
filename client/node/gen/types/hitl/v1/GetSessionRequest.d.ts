/**
 * Request of GetSession.
 */
export interface GetSessionRequest {
    /**
     * The session to return. Required.
     */
    'sessionId'?: (string);
}
/**
 * Request of GetSession.
 */
export interface GetSessionRequest__Output {
    /**
     * The session to return. Required.
     */
    'sessionId': (string);
}
