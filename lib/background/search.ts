/** Background handlers of the popup's search messages (lib/messaging/search.ts). */
import type { searchSchemas } from '../messaging/search';
import type { HandlerTable } from './context';

export const searchHandlers: HandlerTable<keyof typeof searchSchemas> = {};
