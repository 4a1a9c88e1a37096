import type { Session as _hitl_v1_Session, Session__Output as _hitl_v1_Session__Output } from '../../hitl/v1/Session';
/**
 * Response of StartHitl.
 */
export interface StartHitlResponse {
    /**
     * The new (or, for a retry, the existing) session.
     */
    'session'?: (_hitl_v1_Session | null);
}
/**
 * Response of StartHitl.
 */
export interface StartHitlResponse__Output {
    /**
     * The new (or, for a retry, the existing) session.
     */
    'session': (_hitl_v1_Session__Output | null);
}
