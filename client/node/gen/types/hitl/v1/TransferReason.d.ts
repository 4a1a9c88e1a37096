/**
 * Why a chat was transferred, as LiveChat says.
 */
export declare const TransferReason: {
    /**
     * LiveChat gave a reason this API does not know yet.
     */
    readonly TRANSFER_REASON_UNSPECIFIED: "TRANSFER_REASON_UNSPECIFIED";
    /**
     * Someone transferred it (including the gateway's own routing at start).
     */
    readonly TRANSFER_REASON_MANUAL: "TRANSFER_REASON_MANUAL";
    /**
     * The assigned agent was inactive.
     */
    readonly TRANSFER_REASON_INACTIVE: "TRANSFER_REASON_INACTIVE";
    /**
     * LiveChat's routing assigned an agent.
     */
    readonly TRANSFER_REASON_ASSIGNED: "TRANSFER_REASON_ASSIGNED";
    /**
     * The agent was unassigned.
     */
    readonly TRANSFER_REASON_UNASSIGNED: "TRANSFER_REASON_UNASSIGNED";
    /**
     * Any other reason LiveChat names "other".
     */
    readonly TRANSFER_REASON_OTHER: "TRANSFER_REASON_OTHER";
};
/**
 * Why a chat was transferred, as LiveChat says.
 */
export type TransferReason = 
/**
 * LiveChat gave a reason this API does not know yet.
 */
'TRANSFER_REASON_UNSPECIFIED' | 0
/**
 * Someone transferred it (including the gateway's own routing at start).
 */
 | 'TRANSFER_REASON_MANUAL' | 1
/**
 * The assigned agent was inactive.
 */
 | 'TRANSFER_REASON_INACTIVE' | 2
/**
 * LiveChat's routing assigned an agent.
 */
 | 'TRANSFER_REASON_ASSIGNED' | 3
/**
 * The agent was unassigned.
 */
 | 'TRANSFER_REASON_UNASSIGNED' | 4
/**
 * Any other reason LiveChat names "other".
 */
 | 'TRANSFER_REASON_OTHER' | 5;
/**
 * Why a chat was transferred, as LiveChat says.
 */
export type TransferReason__Output = typeof TransferReason[keyof typeof TransferReason];
