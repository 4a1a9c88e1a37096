/**
 * Who ended a session.
 */
export declare const EndedBy: {
    /**
     * Not ended.
     */
    readonly ENDED_BY_UNSPECIFIED: "ENDED_BY_UNSPECIFIED";
    /**
     * An agent closed the chat.
     */
    readonly ENDED_BY_AGENT: "ENDED_BY_AGENT";
    /**
     * The bot called StopHitl.
     */
    readonly ENDED_BY_BOT: "ENDED_BY_BOT";
    /**
     * LiveChat closed it on its own, e.g. after inactivity.
     */
    readonly ENDED_BY_LIVECHAT: "ENDED_BY_LIVECHAT";
};
/**
 * Who ended a session.
 */
export type EndedBy = 
/**
 * Not ended.
 */
'ENDED_BY_UNSPECIFIED' | 0
/**
 * An agent closed the chat.
 */
 | 'ENDED_BY_AGENT' | 1
/**
 * The bot called StopHitl.
 */
 | 'ENDED_BY_BOT' | 2
/**
 * LiveChat closed it on its own, e.g. after inactivity.
 */
 | 'ENDED_BY_LIVECHAT' | 3;
/**
 * Who ended a session.
 */
export type EndedBy__Output = typeof EndedBy[keyof typeof EndedBy];
