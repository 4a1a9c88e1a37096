/**
 * Who wrote a message of the conversation before the handoff.
 */
export declare const AuthorRole: {
    /**
     * Not set; rejected as INVALID_ARGUMENT.
     */
    readonly AUTHOR_ROLE_UNSPECIFIED: "AUTHOR_ROLE_UNSPECIFIED";
    /**
     * The end user; posted into the chat as the LiveChat customer.
     */
    readonly AUTHOR_ROLE_USER: "AUTHOR_ROLE_USER";
    /**
     * The bot; posted into the chat as the LiveChat account whose token the
     * gateway uses.
     */
    readonly AUTHOR_ROLE_BOT: "AUTHOR_ROLE_BOT";
};
/**
 * Who wrote a message of the conversation before the handoff.
 */
export type AuthorRole = 
/**
 * Not set; rejected as INVALID_ARGUMENT.
 */
'AUTHOR_ROLE_UNSPECIFIED' | 0
/**
 * The end user; posted into the chat as the LiveChat customer.
 */
 | 'AUTHOR_ROLE_USER' | 1
/**
 * The bot; posted into the chat as the LiveChat account whose token the
 * gateway uses.
 */
 | 'AUTHOR_ROLE_BOT' | 2;
/**
 * Who wrote a message of the conversation before the handoff.
 */
export type AuthorRole__Output = typeof AuthorRole[keyof typeof AuthorRole];
