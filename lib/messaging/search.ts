/** Messages of the popup's search (extension pages only). Part of the contract in protocol.ts. */
import * as v from 'valibot';

export const searchSchemas = {} as const;

export interface SearchReturns {}
