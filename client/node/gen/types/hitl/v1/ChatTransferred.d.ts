import type { TransferReason as _hitl_v1_TransferReason, TransferReason__Output as _hitl_v1_TransferReason__Output } from '../../hitl/v1/TransferReason';
import type { QueuePosition as _hitl_v1_QueuePosition, QueuePosition__Output as _hitl_v1_QueuePosition__Output } from '../../hitl/v1/QueuePosition';
import type { Long } from '@grpc/proto-loader';
/**
 * The chat was assigned to agents, queued for a group, or moved elsewhere.
 */
export interface ChatTransferred {
    /**
     * Agents now handling the chat; empty while it waits in a queue.
     */
    'agentIds'?: (string)[];
    /**
     * Groups the chat now belongs to.
     */
    'groupIds'?: (number | string | Long)[];
    /**
     * Why, as LiveChat says.
     */
    'reason'?: (_hitl_v1_TransferReason);
    /**
     * LiveChat's reason string as received, for reasons newer than this API.
     */
    'rawReason'?: (string);
    /**
     * Set when the chat waits in a queue for a free agent.
     */
    'queue'?: (_hitl_v1_QueuePosition | null);
}
/**
 * The chat was assigned to agents, queued for a group, or moved elsewhere.
 */
export interface ChatTransferred__Output {
    /**
     * Agents now handling the chat; empty while it waits in a queue.
     */
    'agentIds': (string)[];
    /**
     * Groups the chat now belongs to.
     */
    'groupIds': (number)[];
    /**
     * Why, as LiveChat says.
     */
    'reason': (_hitl_v1_TransferReason__Output);
    /**
     * LiveChat's reason string as received, for reasons newer than this API.
     */
    'rawReason': (string);
    /**
     * Set when the chat waits in a queue for a free agent.
     */
    'queue': (_hitl_v1_QueuePosition__Output | null);
}
