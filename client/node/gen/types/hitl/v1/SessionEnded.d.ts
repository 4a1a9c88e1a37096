import type { EndedBy as _hitl_v1_EndedBy, EndedBy__Output as _hitl_v1_EndedBy__Output } from '../../hitl/v1/EndedBy';
/**
 * The session ended; no more events follow for it.
 */
export interface SessionEnded {
    /**
     * Who ended it.
     */
    'endedBy'?: (_hitl_v1_EndedBy);
    /**
     * Why: the bot's StopHitl reason, or a description of what LiveChat said.
     */
    'reason'?: (string);
    /**
     * The agent who closed the chat, when it was an agent.
     */
    'agentId'?: (string);
}
/**
 * The session ended; no more events follow for it.
 */
export interface SessionEnded__Output {
    /**
     * Who ended it.
     */
    'endedBy': (_hitl_v1_EndedBy__Output);
    /**
     * Why: the bot's StopHitl reason, or a description of what LiveChat said.
     */
    'reason': (string);
    /**
     * The agent who closed the chat, when it was an agent.
     */
    'agentId': (string);
}
