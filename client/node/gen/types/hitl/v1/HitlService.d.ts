import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type { AgentEvent as _hitl_v1_AgentEvent, AgentEvent__Output as _hitl_v1_AgentEvent__Output } from '../../hitl/v1/AgentEvent';
import type { GetSessionRequest as _hitl_v1_GetSessionRequest, GetSessionRequest__Output as _hitl_v1_GetSessionRequest__Output } from '../../hitl/v1/GetSessionRequest';
import type { GetSessionResponse as _hitl_v1_GetSessionResponse, GetSessionResponse__Output as _hitl_v1_GetSessionResponse__Output } from '../../hitl/v1/GetSessionResponse';
import type { SendMessageRequest as _hitl_v1_SendMessageRequest, SendMessageRequest__Output as _hitl_v1_SendMessageRequest__Output } from '../../hitl/v1/SendMessageRequest';
import type { SendMessageResponse as _hitl_v1_SendMessageResponse, SendMessageResponse__Output as _hitl_v1_SendMessageResponse__Output } from '../../hitl/v1/SendMessageResponse';
import type { StartHitlRequest as _hitl_v1_StartHitlRequest, StartHitlRequest__Output as _hitl_v1_StartHitlRequest__Output } from '../../hitl/v1/StartHitlRequest';
import type { StartHitlResponse as _hitl_v1_StartHitlResponse, StartHitlResponse__Output as _hitl_v1_StartHitlResponse__Output } from '../../hitl/v1/StartHitlResponse';
import type { StopHitlRequest as _hitl_v1_StopHitlRequest, StopHitlRequest__Output as _hitl_v1_StopHitlRequest__Output } from '../../hitl/v1/StopHitlRequest';
import type { StopHitlResponse as _hitl_v1_StopHitlResponse, StopHitlResponse__Output as _hitl_v1_StopHitlResponse__Output } from '../../hitl/v1/StopHitlResponse';
import type { SubscribeAgentEventsRequest as _hitl_v1_SubscribeAgentEventsRequest, SubscribeAgentEventsRequest__Output as _hitl_v1_SubscribeAgentEventsRequest__Output } from '../../hitl/v1/SubscribeAgentEventsRequest';
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
export interface HitlServiceClient extends grpc.Client {
    /**
     * Returns a session as the gateway knows it now.
     */
    GetSession(argument: _hitl_v1_GetSessionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hitl_v1_GetSessionResponse__Output>): grpc.ClientUnaryCall;
    GetSession(argument: _hitl_v1_GetSessionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hitl_v1_GetSessionResponse__Output>): grpc.ClientUnaryCall;
    GetSession(argument: _hitl_v1_GetSessionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hitl_v1_GetSessionResponse__Output>): grpc.ClientUnaryCall;
    GetSession(argument: _hitl_v1_GetSessionRequest, callback: grpc.requestCallback<_hitl_v1_GetSessionResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Returns a session as the gateway knows it now.
     */
    getSession(argument: _hitl_v1_GetSessionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hitl_v1_GetSessionResponse__Output>): grpc.ClientUnaryCall;
    getSession(argument: _hitl_v1_GetSessionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hitl_v1_GetSessionResponse__Output>): grpc.ClientUnaryCall;
    getSession(argument: _hitl_v1_GetSessionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hitl_v1_GetSessionResponse__Output>): grpc.ClientUnaryCall;
    getSession(argument: _hitl_v1_GetSessionRequest, callback: grpc.requestCallback<_hitl_v1_GetSessionResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Posts what the end user says into the session's chat, as the customer.
     * Retrying with the same `request_id` posts nothing twice.
     */
    SendMessage(argument: _hitl_v1_SendMessageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hitl_v1_SendMessageResponse__Output>): grpc.ClientUnaryCall;
    SendMessage(argument: _hitl_v1_SendMessageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hitl_v1_SendMessageResponse__Output>): grpc.ClientUnaryCall;
    SendMessage(argument: _hitl_v1_SendMessageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hitl_v1_SendMessageResponse__Output>): grpc.ClientUnaryCall;
    SendMessage(argument: _hitl_v1_SendMessageRequest, callback: grpc.requestCallback<_hitl_v1_SendMessageResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Posts what the end user says into the session's chat, as the customer.
     * Retrying with the same `request_id` posts nothing twice.
     */
    sendMessage(argument: _hitl_v1_SendMessageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hitl_v1_SendMessageResponse__Output>): grpc.ClientUnaryCall;
    sendMessage(argument: _hitl_v1_SendMessageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hitl_v1_SendMessageResponse__Output>): grpc.ClientUnaryCall;
    sendMessage(argument: _hitl_v1_SendMessageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hitl_v1_SendMessageResponse__Output>): grpc.ClientUnaryCall;
    sendMessage(argument: _hitl_v1_SendMessageRequest, callback: grpc.requestCallback<_hitl_v1_SendMessageResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Opens a LiveChat chat for the end user, routed to an agent group, with the
     * conversation so far posted into it. Retrying with the same `request_id`
     * returns the same session and opens no second chat.
     */
    StartHitl(argument: _hitl_v1_StartHitlRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hitl_v1_StartHitlResponse__Output>): grpc.ClientUnaryCall;
    StartHitl(argument: _hitl_v1_StartHitlRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hitl_v1_StartHitlResponse__Output>): grpc.ClientUnaryCall;
    StartHitl(argument: _hitl_v1_StartHitlRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hitl_v1_StartHitlResponse__Output>): grpc.ClientUnaryCall;
    StartHitl(argument: _hitl_v1_StartHitlRequest, callback: grpc.requestCallback<_hitl_v1_StartHitlResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Opens a LiveChat chat for the end user, routed to an agent group, with the
     * conversation so far posted into it. Retrying with the same `request_id`
     * returns the same session and opens no second chat.
     */
    startHitl(argument: _hitl_v1_StartHitlRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hitl_v1_StartHitlResponse__Output>): grpc.ClientUnaryCall;
    startHitl(argument: _hitl_v1_StartHitlRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hitl_v1_StartHitlResponse__Output>): grpc.ClientUnaryCall;
    startHitl(argument: _hitl_v1_StartHitlRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hitl_v1_StartHitlResponse__Output>): grpc.ClientUnaryCall;
    startHitl(argument: _hitl_v1_StartHitlRequest, callback: grpc.requestCallback<_hitl_v1_StartHitlResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Closes the session's chat in LiveChat. Stopping an ended session returns
     * it unchanged, without error.
     */
    StopHitl(argument: _hitl_v1_StopHitlRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hitl_v1_StopHitlResponse__Output>): grpc.ClientUnaryCall;
    StopHitl(argument: _hitl_v1_StopHitlRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hitl_v1_StopHitlResponse__Output>): grpc.ClientUnaryCall;
    StopHitl(argument: _hitl_v1_StopHitlRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hitl_v1_StopHitlResponse__Output>): grpc.ClientUnaryCall;
    StopHitl(argument: _hitl_v1_StopHitlRequest, callback: grpc.requestCallback<_hitl_v1_StopHitlResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Closes the session's chat in LiveChat. Stopping an ended session returns
     * it unchanged, without error.
     */
    stopHitl(argument: _hitl_v1_StopHitlRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hitl_v1_StopHitlResponse__Output>): grpc.ClientUnaryCall;
    stopHitl(argument: _hitl_v1_StopHitlRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hitl_v1_StopHitlResponse__Output>): grpc.ClientUnaryCall;
    stopHitl(argument: _hitl_v1_StopHitlRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hitl_v1_StopHitlResponse__Output>): grpc.ClientUnaryCall;
    stopHitl(argument: _hitl_v1_StopHitlRequest, callback: grpc.requestCallback<_hitl_v1_StopHitlResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Streams what happens on the agents' side: messages, files, assignments
     * and the end of each session. At least once, in the gateway's journal
     * order (the same for every subscriber and across resumes); resume after a
     * disconnect by passing the last `cursor` seen. The journal order is the
     * order LiveChat's webhooks reached the gateway, which LiveChat does not
     * promise to match the chat's order after a failed delivery: sort by `time`
     * (LiveChat's own timestamp) where the chat's order matters. Every session
     * ends with exactly one `session_ended`, last.
     * A stream limited to `session_ids` finishes with OK after the ended event
     * of every listed session has been sent. The response headers (initial
     * metadata) arrive once the subscription is in place: from then on no
     * event is missed. They carry `hitl-cursor`, the position the stream starts
     * after: resume from it if the stream breaks before its first event.
     * The stream's message is named for what it carries (a fixed API name).
     * buf:lint:ignore RPC_RESPONSE_STANDARD_NAME
     */
    SubscribeAgentEvents(argument: _hitl_v1_SubscribeAgentEventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_hitl_v1_AgentEvent__Output>;
    SubscribeAgentEvents(argument: _hitl_v1_SubscribeAgentEventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_hitl_v1_AgentEvent__Output>;
    /**
     * Streams what happens on the agents' side: messages, files, assignments
     * and the end of each session. At least once, in the gateway's journal
     * order (the same for every subscriber and across resumes); resume after a
     * disconnect by passing the last `cursor` seen. The journal order is the
     * order LiveChat's webhooks reached the gateway, which LiveChat does not
     * promise to match the chat's order after a failed delivery: sort by `time`
     * (LiveChat's own timestamp) where the chat's order matters. Every session
     * ends with exactly one `session_ended`, last.
     * A stream limited to `session_ids` finishes with OK after the ended event
     * of every listed session has been sent. The response headers (initial
     * metadata) arrive once the subscription is in place: from then on no
     * event is missed. They carry `hitl-cursor`, the position the stream starts
     * after: resume from it if the stream breaks before its first event.
     * The stream's message is named for what it carries (a fixed API name).
     * buf:lint:ignore RPC_RESPONSE_STANDARD_NAME
     */
    subscribeAgentEvents(argument: _hitl_v1_SubscribeAgentEventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_hitl_v1_AgentEvent__Output>;
    subscribeAgentEvents(argument: _hitl_v1_SubscribeAgentEventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_hitl_v1_AgentEvent__Output>;
}
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
export interface HitlServiceHandlers extends grpc.UntypedServiceImplementation {
    /**
     * Returns a session as the gateway knows it now.
     */
    GetSession: grpc.handleUnaryCall<_hitl_v1_GetSessionRequest__Output, _hitl_v1_GetSessionResponse>;
    /**
     * Posts what the end user says into the session's chat, as the customer.
     * Retrying with the same `request_id` posts nothing twice.
     */
    SendMessage: grpc.handleUnaryCall<_hitl_v1_SendMessageRequest__Output, _hitl_v1_SendMessageResponse>;
    /**
     * Opens a LiveChat chat for the end user, routed to an agent group, with the
     * conversation so far posted into it. Retrying with the same `request_id`
     * returns the same session and opens no second chat.
     */
    StartHitl: grpc.handleUnaryCall<_hitl_v1_StartHitlRequest__Output, _hitl_v1_StartHitlResponse>;
    /**
     * Closes the session's chat in LiveChat. Stopping an ended session returns
     * it unchanged, without error.
     */
    StopHitl: grpc.handleUnaryCall<_hitl_v1_StopHitlRequest__Output, _hitl_v1_StopHitlResponse>;
    /**
     * Streams what happens on the agents' side: messages, files, assignments
     * and the end of each session. At least once, in the gateway's journal
     * order (the same for every subscriber and across resumes); resume after a
     * disconnect by passing the last `cursor` seen. The journal order is the
     * order LiveChat's webhooks reached the gateway, which LiveChat does not
     * promise to match the chat's order after a failed delivery: sort by `time`
     * (LiveChat's own timestamp) where the chat's order matters. Every session
     * ends with exactly one `session_ended`, last.
     * A stream limited to `session_ids` finishes with OK after the ended event
     * of every listed session has been sent. The response headers (initial
     * metadata) arrive once the subscription is in place: from then on no
     * event is missed. They carry `hitl-cursor`, the position the stream starts
     * after: resume from it if the stream breaks before its first event.
     * The stream's message is named for what it carries (a fixed API name).
     * buf:lint:ignore RPC_RESPONSE_STANDARD_NAME
     */
    SubscribeAgentEvents: grpc.handleServerStreamingCall<_hitl_v1_SubscribeAgentEventsRequest__Output, _hitl_v1_AgentEvent>;
}
export interface HitlServiceDefinition extends grpc.ServiceDefinition {
    GetSession: MethodDefinition<_hitl_v1_GetSessionRequest, _hitl_v1_GetSessionResponse, _hitl_v1_GetSessionRequest__Output, _hitl_v1_GetSessionResponse__Output>;
    SendMessage: MethodDefinition<_hitl_v1_SendMessageRequest, _hitl_v1_SendMessageResponse, _hitl_v1_SendMessageRequest__Output, _hitl_v1_SendMessageResponse__Output>;
    StartHitl: MethodDefinition<_hitl_v1_StartHitlRequest, _hitl_v1_StartHitlResponse, _hitl_v1_StartHitlRequest__Output, _hitl_v1_StartHitlResponse__Output>;
    StopHitl: MethodDefinition<_hitl_v1_StopHitlRequest, _hitl_v1_StopHitlResponse, _hitl_v1_StopHitlRequest__Output, _hitl_v1_StopHitlResponse__Output>;
    SubscribeAgentEvents: MethodDefinition<_hitl_v1_SubscribeAgentEventsRequest, _hitl_v1_AgentEvent, _hitl_v1_SubscribeAgentEventsRequest__Output, _hitl_v1_AgentEvent__Output>;
}
