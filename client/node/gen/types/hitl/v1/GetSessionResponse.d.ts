import type { Session as _hitl_v1_Session, Session__Output as _hitl_v1_Session__Output } from '../../hitl/v1/Session';
/**
 * Response of GetSession.
 */
export interface GetSessionResponse {
    /**
     * The session.
     */
    'session'?: (_hitl_v1_Session | null);
}
/**
 * Response of GetSession.
 */
export interface GetSessionResponse__Output {
    /**
     * The session.
     */
    'session': (_hitl_v1_Session__Output | null);
}
