/** Messages of the side panel's timeline, sources and reading views (extension pages only). Part of protocol.ts. */
import * as v from 'valibot';

export const timelineSchemas = {} as const;

export interface TimelineReturns {}
