/** Background handlers of the timeline, sources and reading-view messages (lib/messaging/timeline.ts). */
import type { timelineSchemas } from '../messaging/timeline';
import type { HandlerTable } from './context';

export const timelineHandlers: HandlerTable<keyof typeof timelineSchemas> = {};
