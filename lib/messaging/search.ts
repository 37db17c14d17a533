/** Messages of the popup's search (extension pages only). Part of the contract in protocol.ts. */
import * as v from 'valibot';
import type { EntityRef, SearchItem, SearchResults, SearchSuggestion } from '../search/types';
import { ITEM_TYPES } from '../search/types';
import { entityIdSchema, itemIdSchema, MAX_ENTITY_IDS_PER_REQUEST, MAX_QUERY_LENGTH } from './shared';

export type { EntityRef, SearchItem, SearchResults, SearchSuggestion } from '../search/types';

export const searchSchemas = {
  /** One keystroke's search: entities, facts, quotes, events and sources, grouped and ranked. */
  'page.search': v.strictObject({ query: v.pipe(v.string(), v.maxLength(MAX_QUERY_LENGTH)) }),
  /** What the popup suggests before anything is typed (also loads the index ahead of the first keystroke). */
  'page.getSearchSuggestions': v.undefined(),
  /** A chosen fact, quote, event or source, with its source and date. */
  'page.getSearchItem': v.strictObject({ type: v.picklist(ITEM_TYPES), id: itemIdSchema }),
  /** Names of entities by id (the options page's muted list); unknown ids are left out. */
  'page.getEntityNames': v.strictObject({
    entityIds: v.pipe(v.array(entityIdSchema), v.maxLength(MAX_ENTITY_IDS_PER_REQUEST)),
  }),
} as const;

export interface SearchReturns {
  'page.search': SearchResults;
  'page.getSearchSuggestions': SearchSuggestion[];
  'page.getSearchItem': SearchItem;
  'page.getEntityNames': Record<string, EntityRef>;
}
