import type { SessionState as _hitl_v1_SessionState, SessionState__Output as _hitl_v1_SessionState__Output } from '../../hitl/v1/SessionState';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { EndedBy as _hitl_v1_EndedBy, EndedBy__Output as _hitl_v1_EndedBy__Output } from '../../hitl/v1/EndedBy';
import type { Long } from '@grpc/proto-loader';
/**
 * One handoff: a LiveChat chat with a customer standing in for the end user.
 */
export interface Session {
    /**
     * The gateway's id of the session.
     */
    'sessionId'?: (string);
    /**
     * LiveChat chat id.
     */
    'chatId'?: (string);
    /**
     * LiveChat thread id of the chat's open (or last) thread.
     */
    'threadId'?: (string);
    /**
     * LiveChat customer id standing in for the end user.
     */
    'customerId'?: (string);
    /**
     * Where the session is in its lifecycle.
     */
    'state'?: (_hitl_v1_SessionState);
    /**
     * Agents currently assigned, as last reported by LiveChat.
     */
    'agentIds'?: (string)[];
    /**
     * When the session was started.
     */
    'createTime'?: (_google_protobuf_Timestamp | null);
    /**
     * When the session ended; unset while it is open.
     */
    'endTime'?: (_google_protobuf_Timestamp | null);
    /**
     * Why it ended; empty while it is open.
     */
    'endReason'?: (string);
    /**
     * Who ended it; ENDED_BY_UNSPECIFIED while it is open.
     */
    'endedBy'?: (_hitl_v1_EndedBy);
    /**
     * The LiveChat group the chat was routed to.
     */
    'groupId'?: (number | string | Long);
    /**
     * The bot's id of the end user.
     */
    'userId'?: (string);
}
/**
 * One handoff: a LiveChat chat with a customer standing in for the end user.
 */
export interface Session__Output {
    /**
     * The gateway's id of the session.
     */
    'sessionId': (string);
    /**
     * LiveChat chat id.
     */
    'chatId': (string);
    /**
     * LiveChat thread id of the chat's open (or last) thread.
     */
    'threadId': (string);
    /**
     * LiveChat customer id standing in for the end user.
     */
    'customerId': (string);
    /**
     * Where the session is in its lifecycle.
     */
    'state': (_hitl_v1_SessionState__Output);
    /**
     * Agents currently assigned, as last reported by LiveChat.
     */
    'agentIds': (string)[];
    /**
     * When the session was started.
     */
    'createTime': (_google_protobuf_Timestamp__Output | null);
    /**
     * When the session ended; unset while it is open.
     */
    'endTime': (_google_protobuf_Timestamp__Output | null);
    /**
     * Why it ended; empty while it is open.
     */
    'endReason': (string);
    /**
     * Who ended it; ENDED_BY_UNSPECIFIED while it is open.
     */
    'endedBy': (_hitl_v1_EndedBy__Output);
    /**
     * The LiveChat group the chat was routed to.
     */
    'groupId': (number);
    /**
     * The bot's id of the end user.
     */
    'userId': (string);
}
