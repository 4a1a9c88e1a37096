import type { AuthorRole as _hitl_v1_AuthorRole, AuthorRole__Output as _hitl_v1_AuthorRole__Output } from '../../hitl/v1/AuthorRole';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
/**
 * One message of the conversation before the handoff.
 */
export interface TranscriptMessage {
    /**
     * Who wrote it.
     */
    'role'?: (_hitl_v1_AuthorRole);
    /**
     * The text, non-empty UTF-8. Longer than LiveChat's 16 KB event limit is
     * split into several events, in order.
     */
    'text'?: (string);
    /**
     * When it was written. LiveChat stamps events itself, so this is kept for
     * ordering checks only and is optional.
     */
    'time'?: (_google_protobuf_Timestamp | null);
}
/**
 * One message of the conversation before the handoff.
 */
export interface TranscriptMessage__Output {
    /**
     * Who wrote it.
     */
    'role': (_hitl_v1_AuthorRole__Output);
    /**
     * The text, non-empty UTF-8. Longer than LiveChat's 16 KB event limit is
     * split into several events, in order.
     */
    'text': (string);
    /**
     * When it was written. LiveChat stamps events itself, so this is kept for
     * ordering checks only and is optional.
     */
    'time': (_google_protobuf_Timestamp__Output | null);
}
