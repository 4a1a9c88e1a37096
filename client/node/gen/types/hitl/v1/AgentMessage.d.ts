/**
 * An agent's text message.
 */
export interface AgentMessage {
    /**
     * LiveChat id of the agent (an e-mail address).
     */
    'agentId'?: (string);
    /**
     * The message text.
     */
    'text'?: (string);
    /**
     * LiveChat id of the event.
     */
    'eventId'?: (string);
}
/**
 * An agent's text message.
 */
export interface AgentMessage__Output {
    /**
     * LiveChat id of the agent (an e-mail address).
     */
    'agentId': (string);
    /**
     * The message text.
     */
    'text': (string);
    /**
     * LiveChat id of the event.
     */
    'eventId': (string);
}
