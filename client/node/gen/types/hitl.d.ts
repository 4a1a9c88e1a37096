import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { AgentEvent as _hitl_v1_AgentEvent, AgentEvent__Output as _hitl_v1_AgentEvent__Output } from './hitl/v1/AgentEvent';
import type { AgentFile as _hitl_v1_AgentFile, AgentFile__Output as _hitl_v1_AgentFile__Output } from './hitl/v1/AgentFile';
import type { AgentMessage as _hitl_v1_AgentMessage, AgentMessage__Output as _hitl_v1_AgentMessage__Output } from './hitl/v1/AgentMessage';
import type { ChatTransferred as _hitl_v1_ChatTransferred, ChatTransferred__Output as _hitl_v1_ChatTransferred__Output } from './hitl/v1/ChatTransferred';
import type { EndUser as _hitl_v1_EndUser, EndUser__Output as _hitl_v1_EndUser__Output } from './hitl/v1/EndUser';
import type { GetSessionRequest as _hitl_v1_GetSessionRequest, GetSessionRequest__Output as _hitl_v1_GetSessionRequest__Output } from './hitl/v1/GetSessionRequest';
import type { GetSessionResponse as _hitl_v1_GetSessionResponse, GetSessionResponse__Output as _hitl_v1_GetSessionResponse__Output } from './hitl/v1/GetSessionResponse';
import type { HitlServiceClient as _hitl_v1_HitlServiceClient, HitlServiceDefinition as _hitl_v1_HitlServiceDefinition } from './hitl/v1/HitlService';
import type { QueuePosition as _hitl_v1_QueuePosition, QueuePosition__Output as _hitl_v1_QueuePosition__Output } from './hitl/v1/QueuePosition';
import type { SendMessageRequest as _hitl_v1_SendMessageRequest, SendMessageRequest__Output as _hitl_v1_SendMessageRequest__Output } from './hitl/v1/SendMessageRequest';
import type { SendMessageResponse as _hitl_v1_SendMessageResponse, SendMessageResponse__Output as _hitl_v1_SendMessageResponse__Output } from './hitl/v1/SendMessageResponse';
import type { Session as _hitl_v1_Session, Session__Output as _hitl_v1_Session__Output } from './hitl/v1/Session';
import type { SessionEnded as _hitl_v1_SessionEnded, SessionEnded__Output as _hitl_v1_SessionEnded__Output } from './hitl/v1/SessionEnded';
import type { StartHitlRequest as _hitl_v1_StartHitlRequest, StartHitlRequest__Output as _hitl_v1_StartHitlRequest__Output } from './hitl/v1/StartHitlRequest';
import type { StartHitlResponse as _hitl_v1_StartHitlResponse, StartHitlResponse__Output as _hitl_v1_StartHitlResponse__Output } from './hitl/v1/StartHitlResponse';
import type { StopHitlRequest as _hitl_v1_StopHitlRequest, StopHitlRequest__Output as _hitl_v1_StopHitlRequest__Output } from './hitl/v1/StopHitlRequest';
import type { StopHitlResponse as _hitl_v1_StopHitlResponse, StopHitlResponse__Output as _hitl_v1_StopHitlResponse__Output } from './hitl/v1/StopHitlResponse';
import type { SubscribeAgentEventsRequest as _hitl_v1_SubscribeAgentEventsRequest, SubscribeAgentEventsRequest__Output as _hitl_v1_SubscribeAgentEventsRequest__Output } from './hitl/v1/SubscribeAgentEventsRequest';
import type { TranscriptMessage as _hitl_v1_TranscriptMessage, TranscriptMessage__Output as _hitl_v1_TranscriptMessage__Output } from './hitl/v1/TranscriptMessage';
type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
    new (...args: ConstructorParameters<Constructor>): Subtype;
};
export interface ProtoGrpcType {
    google: {
        protobuf: {
            Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>;
        };
    };
    hitl: {
        v1: {
            AgentEvent: MessageTypeDefinition<_hitl_v1_AgentEvent, _hitl_v1_AgentEvent__Output>;
            AgentFile: MessageTypeDefinition<_hitl_v1_AgentFile, _hitl_v1_AgentFile__Output>;
            AgentMessage: MessageTypeDefinition<_hitl_v1_AgentMessage, _hitl_v1_AgentMessage__Output>;
            AuthorRole: EnumTypeDefinition;
            ChatTransferred: MessageTypeDefinition<_hitl_v1_ChatTransferred, _hitl_v1_ChatTransferred__Output>;
            EndUser: MessageTypeDefinition<_hitl_v1_EndUser, _hitl_v1_EndUser__Output>;
            EndedBy: EnumTypeDefinition;
            GetSessionRequest: MessageTypeDefinition<_hitl_v1_GetSessionRequest, _hitl_v1_GetSessionRequest__Output>;
            GetSessionResponse: MessageTypeDefinition<_hitl_v1_GetSessionResponse, _hitl_v1_GetSessionResponse__Output>;
            /**
             * HitlService opens, drives and closes human handoffs ("sessions"). Each
             * session is one LiveChat chat with one LiveChat customer standing in for the
             * bot's end user.
             *
             * Errors carry a canonical gRPC code, a message that says what to do, and one
             * google.rpc.ErrorInfo (domain "hitl-gateway") whose `reason` is stable:
             * NOT_FOUND/SESSION_NOT_FOUND, INVALID_ARGUMENT/INVALID_FIELD (metadata
             * "field" names it), FAILED_PRECONDITION/SESSION_ENDED,
             * UNAVAILABLE/LIVECHAT_UNAVAILABLE (metadata "action" names the LiveChat
             * action), RESOURCE_EXHAUSTED/LIVECHAT_RATE_LIMITED or SUBSCRIBER_TOO_SLOW,
             * OUT_OF_RANGE/CURSOR_EXPIRED, INTERNAL/LIVECHAT_AUTH_FAILED. Only UNAVAILABLE
             * is worth retrying as is; every mutation takes a `request_id`, so a retry is
             * safe.
             */
            HitlService: SubtypeConstructor<typeof grpc.Client, _hitl_v1_HitlServiceClient> & {
                service: _hitl_v1_HitlServiceDefinition;
            };
            QueuePosition: MessageTypeDefinition<_hitl_v1_QueuePosition, _hitl_v1_QueuePosition__Output>;
            SendMessageRequest: MessageTypeDefinition<_hitl_v1_SendMessageRequest, _hitl_v1_SendMessageRequest__Output>;
            SendMessageResponse: MessageTypeDefinition<_hitl_v1_SendMessageResponse, _hitl_v1_SendMessageResponse__Output>;
            Session: MessageTypeDefinition<_hitl_v1_Session, _hitl_v1_Session__Output>;
            SessionEnded: MessageTypeDefinition<_hitl_v1_SessionEnded, _hitl_v1_SessionEnded__Output>;
            SessionState: EnumTypeDefinition;
            StartHitlRequest: MessageTypeDefinition<_hitl_v1_StartHitlRequest, _hitl_v1_StartHitlRequest__Output>;
            StartHitlResponse: MessageTypeDefinition<_hitl_v1_StartHitlResponse, _hitl_v1_StartHitlResponse__Output>;
            StopHitlRequest: MessageTypeDefinition<_hitl_v1_StopHitlRequest, _hitl_v1_StopHitlRequest__Output>;
            StopHitlResponse: MessageTypeDefinition<_hitl_v1_StopHitlResponse, _hitl_v1_StopHitlResponse__Output>;
            SubscribeAgentEventsRequest: MessageTypeDefinition<_hitl_v1_SubscribeAgentEventsRequest, _hitl_v1_SubscribeAgentEventsRequest__Output>;
            TranscriptMessage: MessageTypeDefinition<_hitl_v1_TranscriptMessage, _hitl_v1_TranscriptMessage__Output>;
            TransferReason: EnumTypeDefinition;
        };
    };
}
export {};
