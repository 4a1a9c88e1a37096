import type { Long } from '@grpc/proto-loader';
/**
 * A file an agent sent.
 */
export interface AgentFile {
    /**
     * LiveChat id of the agent (an e-mail address).
     */
    'agentId'?: (string);
    /**
     * Where to download it (LiveChat's CDN; the URL does not expire).
     */
    'url'?: (string);
    /**
     * File name.
     */
    'name'?: (string);
    /**
     * MIME type, e.g. "image/png".
     */
    'contentType'?: (string);
    /**
     * Size in bytes when LiveChat gives it (images only), else 0.
     */
    'size'?: (number | string | Long);
    /**
     * LiveChat id of the event.
     */
    'eventId'?: (string);
    /**
     * Alternative text when LiveChat gives it, else empty.
     */
    'alternativeText'?: (string);
}
/**
 * A file an agent sent.
 */
export interface AgentFile__Output {
    /**
     * LiveChat id of the agent (an e-mail address).
     */
    'agentId': (string);
    /**
     * Where to download it (LiveChat's CDN; the URL does not expire).
     */
    'url': (string);
    /**
     * File name.
     */
    'name': (string);
    /**
     * MIME type, e.g. "image/png".
     */
    'contentType': (string);
    /**
     * Size in bytes when LiveChat gives it (images only), else 0.
     */
    'size': (number);
    /**
     * LiveChat id of the event.
     */
    'eventId': (string);
    /**
     * Alternative text when LiveChat gives it, else empty.
     */
    'alternativeText': (string);
}
