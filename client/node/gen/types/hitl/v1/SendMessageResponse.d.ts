/**
 * Response of SendMessage.
 */
export interface SendMessageResponse {
    /**
     * LiveChat ids of the posted events, one per part, in order.
     */
    'eventIds'?: (string)[];
}
/**
 * Response of SendMessage.
 */
export interface SendMessageResponse__Output {
    /**
     * LiveChat ids of the posted events, one per part, in order.
     */
    'eventIds': (string)[];
}
