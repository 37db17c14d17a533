/**
 * The addresses of the side panel and the reading view, and what they carry:
 * `sidepanel.html?entity=<id>&entity=<id>&source=<id>` and `reader.html?source=<id>&quote=<text>`.
 * Anything that is not a well-formed id is dropped: an address can be typed or pasted.
 */
import { ID_PATTERN, ITEM_ID_PATTERN } from '../corpus/schema';

/** More would not come from a real link; it keeps a pasted address from building a huge filter. */
export const MAX_URL_ENTITIES = 50;
/** Longer than any corpus quote; keeps a pasted address from searching the article for megabytes. */
export const MAX_URL_QUOTE_LENGTH = 2_000;

export interface PanelParams {
  entityIds: string[];
  sourceId: string | null;
}

const isId = (value: string | null): value is string => value !== null && ID_PATTERN.test(value);
/** Sources may come from a pack (`<pack>--<id>`). */
const isItemId = (value: string | null): value is string => value !== null && ITEM_ID_PATTERN.test(value);

export function parsePanelParams(search: string): PanelParams {
  const params = new URLSearchParams(search);
  const entityIds = [...new Set(params.getAll('entity').filter(isId))].slice(0, MAX_URL_ENTITIES);
  const source = params.get('source');
  return { entityIds, sourceId: isItemId(source) ? source : null };
}

export function panelPath({ entityIds, sourceId }: PanelParams): string {
  const params = new URLSearchParams();
  for (const id of entityIds) params.append('entity', id);
  if (sourceId) params.set('source', sourceId);
  const query = params.toString();
  return `/sidepanel.html${query ? `?${query}` : ''}`;
}

export interface ReaderParams {
  sourceId: string | null;
  quote: string | null;
}

export function parseReaderParams(search: string): ReaderParams {
  const params = new URLSearchParams(search);
  const source = params.get('source');
  const quote = params.get('quote');
  return {
    sourceId: isItemId(source) ? source : null,
    quote: quote?.trim() ? quote.slice(0, MAX_URL_QUOTE_LENGTH) : null,
  };
}

/** The reading view of a source, scrolled to `quote` when one is given (extension-relative path). */
export function readerPath(sourceId: string, quote?: string | null): string {
  const params = new URLSearchParams({ source: sourceId });
  if (quote) params.set('quote', quote);
  return `/reader.html?${params.toString()}`;
}
