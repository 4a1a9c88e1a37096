import type { EndUser as _hitl_v1_EndUser, EndUser__Output as _hitl_v1_EndUser__Output } from '../../hitl/v1/EndUser';
import type { TranscriptMessage as _hitl_v1_TranscriptMessage, TranscriptMessage__Output as _hitl_v1_TranscriptMessage__Output } from '../../hitl/v1/TranscriptMessage';
import type { Long } from '@grpc/proto-loader';
/**
 * Request of StartHitl.
 */
export interface StartHitlRequest {
    /**
     * The end user. `user.id` is required.
     */
    'user'?: (_hitl_v1_EndUser | null);
    /**
     * Short subject shown to the agent as the first message of the chat.
     * Optional; defaults to "Conversation handed over by a bot".
     */
    'title'?: (string);
    /**
     * Longer summary appended to the title message. Optional.
     */
    'description'?: (string);
    /**
     * The messages exchanged before the handoff, oldest first, posted into the
     * chat in this order so the agent has the context. At most 200 messages.
     */
    'transcript'?: (_hitl_v1_TranscriptMessage)[];
    /**
     * Custom fields for the agent, sent as the customer's session fields
     * (sorted by key). At most 50 entries; keys and values non-empty.
     */
    'properties'?: ({
        [key: string]: string;
    });
    /**
     * LiveChat group to route the chat to, overriding the gateway's configured
     * group. Must name an existing group.
     */
    'groupId'?: (number | string | Long);
    /**
     * Idempotency key (AIP-155), recommended to be a UUID. A retried StartHitl
     * with the same `request_id` returns the session of the first call. If
     * empty, the call is not deduplicated.
     */
    'requestId'?: (string);
    '_groupId'?: "groupId";
}
/**
 * Request of StartHitl.
 */
export interface StartHitlRequest__Output {
    /**
     * The end user. `user.id` is required.
     */
    'user': (_hitl_v1_EndUser__Output | null);
    /**
     * Short subject shown to the agent as the first message of the chat.
     * Optional; defaults to "Conversation handed over by a bot".
     */
    'title': (string);
    /**
     * Longer summary appended to the title message. Optional.
     */
    'description': (string);
    /**
     * The messages exchanged before the handoff, oldest first, posted into the
     * chat in this order so the agent has the context. At most 200 messages.
     */
    'transcript': (_hitl_v1_TranscriptMessage__Output)[];
    /**
     * Custom fields for the agent, sent as the customer's session fields
     * (sorted by key). At most 50 entries; keys and values non-empty.
     */
    'properties': ({
        [key: string]: string;
    });
    /**
     * LiveChat group to route the chat to, overriding the gateway's configured
     * group. Must name an existing group.
     */
    'groupId'?: (number);
    /**
     * Idempotency key (AIP-155), recommended to be a UUID. A retried StartHitl
     * with the same `request_id` returns the session of the first call. If
     * empty, the call is not deduplicated.
     */
    'requestId': (string);
    '_groupId'?: "groupId";
}
