import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
/**
 * Where a queued chat waits.
 */
export interface QueuePosition {
    /**
     * 1-based place in the group's queue.
     */
    'position'?: (number);
    /**
     * LiveChat's estimate of the wait, in seconds.
     */
    'waitTimeSeconds'?: (number);
    /**
     * When the chat was queued.
     */
    'queuedTime'?: (_google_protobuf_Timestamp | null);
}
/**
 * Where a queued chat waits.
 */
export interface QueuePosition__Output {
    /**
     * 1-based place in the group's queue.
     */
    'position': (number);
    /**
     * LiveChat's estimate of the wait, in seconds.
     */
    'waitTimeSeconds': (number);
    /**
     * When the chat was queued.
     */
    'queuedTime': (_google_protobuf_Timestamp__Output | null);
}
