import type { Session as _hitl_v1_Session, Session__Output as _hitl_v1_Session__Output } from '../../hitl/v1/Session';
/**
 * Response of StopHitl.
 */
export interface StopHitlResponse {
    /**
     * The session, now ended.
     */
    'session'?: (_hitl_v1_Session | null);
}
/**
 * Response of StopHitl.
 */
export interface StopHitlResponse__Output {
    /**
     * The session, now ended.
     */
    'session': (_hitl_v1_Session__Output | null);
}
