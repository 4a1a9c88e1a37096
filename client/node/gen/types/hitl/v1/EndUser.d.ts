/**
 * The end user the bot is talking to, as the bot knows them.
 */
export interface EndUser {
    /**
     * The bot's own id for the user. Required; shown to the agent as the
     * customer session field `user_id`.
     */
    'id'?: (string);
    /**
     * Display name for the LiveChat customer. Optional.
     */
    'name'?: (string);
    /**
     * E-mail address for the LiveChat customer. Optional.
     */
    'email'?: (string);
}
/**
 * The end user the bot is talking to, as the bot knows them.
 */
export interface EndUser__Output {
    /**
     * The bot's own id for the user. Required; shown to the agent as the
     * customer session field `user_id`.
     */
    'id': (string);
    /**
     * Display name for the LiveChat customer. Optional.
     */
    'name': (string);
    /**
     * E-mail address for the LiveChat customer. Optional.
     */
    'email': (string);
}
