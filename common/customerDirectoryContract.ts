/**
 * The contract between Support (the caller) and Orders (the owner of customers and orders) for the
 * customer directory: the only operations Support sends Orders, with an identity of its own. Orders
 * accepts Support's identity for exactly these documents (common/peerOperations.ts) and nothing else;
 * Support never replays the identity the gateway gave it (that one is addressed to Support alone).
 */
export const CUSTOMER_DIRECTORY_PEER = 'support';
export const CUSTOMER_DIRECTORY_OPERATION = 'CustomerDirectoryCheck';

export const CUSTOMER_ONLY = `query ${CUSTOMER_DIRECTORY_OPERATION}($id: ID) { customer(id: $id) { id } }`;
export const CUSTOMER_AND_ORDER = `query ${CUSTOMER_DIRECTORY_OPERATION}($id: ID, $number: ID!) { customer(id: $id) { id } order(number: $number) { customer { id } } }`;

export const CUSTOMER_DIRECTORY_OPERATIONS: readonly string[] = [CUSTOMER_ONLY, CUSTOMER_AND_ORDER];
