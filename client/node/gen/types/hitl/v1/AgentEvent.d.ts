import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { AgentMessage as _hitl_v1_AgentMessage, AgentMessage__Output as _hitl_v1_AgentMessage__Output } from '../../hitl/v1/AgentMessage';
import type { AgentFile as _hitl_v1_AgentFile, AgentFile__Output as _hitl_v1_AgentFile__Output } from '../../hitl/v1/AgentFile';
import type { ChatTransferred as _hitl_v1_ChatTransferred, ChatTransferred__Output as _hitl_v1_ChatTransferred__Output } from '../../hitl/v1/ChatTransferred';
import type { SessionEnded as _hitl_v1_SessionEnded, SessionEnded__Output as _hitl_v1_SessionEnded__Output } from '../../hitl/v1/SessionEnded';
/**
 * Something that happened on the agents' side of a session.
 */
export interface AgentEvent {
    /**
     * Position in the gateway's event journal: opaque, increasing (also as a
     * string), and the value to pass as `after_cursor` to resume.
     */
    'cursor'?: (string);
    /**
     * The session it belongs to.
     */
    'sessionId'?: (string);
    /**
     * The LiveChat chat it happened in.
     */
    'chatId'?: (string);
    /**
     * When it happened, by LiveChat's clock where LiveChat says, else when the
     * gateway learnt of it.
     */
    'time'?: (_google_protobuf_Timestamp | null);
    /**
     * An agent wrote a message.
     */
    'agentMessage'?: (_hitl_v1_AgentMessage | null);
    /**
     * An agent sent a file.
     */
    'agentFile'?: (_hitl_v1_AgentFile | null);
    /**
     * The chat was assigned, queued or transferred.
     */
    'chatTransferred'?: (_hitl_v1_ChatTransferred | null);
    /**
     * The session ended. Sent exactly once per session.
     */
    'sessionEnded'?: (_hitl_v1_SessionEnded | null);
    /**
     * What happened.
     */
    'kind'?: "agentMessage" | "agentFile" | "chatTransferred" | "sessionEnded";
}
/**
 * Something that happened on the agents' side of a session.
 */
export interface AgentEvent__Output {
    /**
     * Position in the gateway's event journal: opaque, increasing (also as a
     * string), and the value to pass as `after_cursor` to resume.
     */
    'cursor': (string);
    /**
     * The session it belongs to.
     */
    'sessionId': (string);
    /**
     * The LiveChat chat it happened in.
     */
    'chatId': (string);
    /**
     * When it happened, by LiveChat's clock where LiveChat says, else when the
     * gateway learnt of it.
     */
    'time': (_google_protobuf_Timestamp__Output | null);
    /**
     * An agent wrote a message.
     */
    'agentMessage'?: (_hitl_v1_AgentMessage__Output | null);
    /**
     * An agent sent a file.
     */
    'agentFile'?: (_hitl_v1_AgentFile__Output | null);
    /**
     * The chat was assigned, queued or transferred.
     */
    'chatTransferred'?: (_hitl_v1_ChatTransferred__Output | null);
    /**
     * The session ended. Sent exactly once per session.
     */
    'sessionEnded'?: (_hitl_v1_SessionEnded__Output | null);
    /**
     * What happened.
     */
    'kind'?: "agentMessage" | "agentFile" | "chatTransferred" | "sessionEnded";
}
