/**
 * The one message contract. Every end imports this file: content scripts and extension pages
 * send, the background answers. Each message has a valibot schema for its `data` (schemas.ts,
 * with the larger groups in search.ts and timeline.ts); the background validates every message
 * against it before any handler runs (lib/background/handlers.ts). The schemas live apart so
 * that the content script, which runs on every page, never builds them.
 *
 * Names say the direction: `cs.*` may come from a content script (lookups, because a content
 * script runs next to a hostile page), `page.*` only from the extension's own pages, `tab.*`
 * from extension pages to the content script of one tab.
 */
import { browser } from '#imports';
import { defineExtensionMessaging } from '@webext-core/messaging';
import * as v from 'valibot';
import type { CorpusEntity } from '../corpus/schema';
import type { ExtractedArticle } from '../extract/schema';
import type { ExtractRefusal, ReaderReturns } from './reader';
import type { messageSchemas } from './schemas';
import type { PackReturns } from './packs';
import type { MatcherNames } from './matcher-names';
import type { SearchReturns } from './search';
import type { CardData } from '../cards/card-data';
import { entityIdSchema, type Result } from './shared';
import type { TimelineReturns } from './timeline';

export { MAX_ENTITY_IDS_PER_REQUEST, MAX_MENTION_COUNT, type Result } from './shared';
/** Schemas of each message's `data` (lib/messaging/schemas.ts: only the background builds them). */
export type MessageSchemas = typeof messageSchemas;
export type MessageType = keyof MessageSchemas;
export type MessageData<T extends MessageType> = v.InferOutput<MessageSchemas[T]>;

export interface CorpusInfo {
  version: string;
  loadedAt: number;
  counts: Record<'sources' | 'entities' | 'facts' | 'quotes' | 'events' | 'claims', number>;
  sources: {
    id: string;
    title: string;
    publisher: string | null;
    publishedAt: string;
    datePrecision: 'day' | 'month' | 'year';
  }[];
}

/** What the content script needs to find mentions (no corpus text). */
export type MatcherEntity = Pick<
  CorpusEntity,
  'id' | 'kind' | 'name' | 'aliasDetails' | 'titles' | 'topics' | 'excludes' | 'relatedIds'
>;

/** The matcher's view of an entity: its names and evidence words, nothing else. */
export function toMatcherEntity({
  id,
  kind,
  name,
  aliasDetails,
  titles,
  topics,
  excludes,
  relatedIds,
}: CorpusEntity): MatcherEntity {
  return { id, kind, name, aliasDetails, titles, topics, excludes, relatedIds };
}

export type { CardData } from '../cards/card-data';

/** Return type of each message. */
export interface MessageReturns extends SearchReturns, TimelineReturns, ReaderReturns, PackReturns {
  /** The matcher's names, compact (./matcher-names.ts `expandMatcherNames` gives MatcherEntity[]). */
  'cs.getMatcherEntities': MatcherNames;
  'cs.getCards': Record<string, CardData>;
  'cs.reportMentions': null;
  'cs.openTimeline': null;
  'cs.openReader': null;
  'cs.openAddArticle': null;
  'cs.muteEntity': null;
  'cs.disableSite': null;
  'cs.undoChange': null;
  'page.getEntityCard': CardData;
  'page.getCorpusInfo': CorpusInfo;
}

export type ProtocolMap = {
  [T in MessageType]: (data: MessageData<T>) => Result<MessageReturns[T]>;
};

export const messenger = defineExtensionMessaging<ProtocolMap>({ logger: undefined });
export const { sendMessage, onMessage } = messenger;

/** Sends and unwraps: throws the background's error message as an Error. */
export async function request<T extends MessageType>(
  type: T,
  ...[data]: MessageData<T> extends undefined ? [] : [MessageData<T>]
): Promise<MessageReturns[T]> {
  const result = (await (sendMessage as (t: T, d: unknown) => Promise<Result<MessageReturns[T]>>)(type, data)) as
    | Result<MessageReturns[T]>
    | undefined;
  if (!result) throw new Error(`No answer to ${type}`);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

// ---------------------------------------------------------------------------------------------
// Extension pages → the content script of one tab (`tab.*`). The content script validates them
// too: only the extension can send them, but it checks anyway.
// ---------------------------------------------------------------------------------------------

/**
 * What the content script concluded about its page. `reading`: nothing concluded yet (the settings,
 * the corpus's names or the scan are still on their way). `waiting`: the page renders on the server and
 * hydrates, and is left alone until it has (lib/content/hydration.ts). `over-budget`: the page
 * kept the detector working past its per-page work budget, so it stopped there.
 */
export const PAGE_STATUSES = [
  'off',
  'site-off',
  'opted-out',
  'no-article',
  'reading',
  'waiting',
  'ready',
  'over-budget',
  'error',
] as const;
export type PageStatus = (typeof PAGE_STATUSES)[number];

export const FINGERPRINT_CHARS = 200;

export const tabSchemas = {
  /** What the page found: its status and the linked entities with their mention counts. */
  'tab.getPageReport': v.undefined(),
  /** Scrolls to the first mention of an entity and opens its card. */
  'tab.focusMention': v.strictObject({ entityId: entityIdSchema }),
  /** Moves focus to the next or previous mention (keyboard commands). */
  'tab.moveFocus': v.strictObject({ direction: v.picklist(['next', 'previous']) }),
  /**
   * The page's article, extracted from a copy of the page (read-only: the content script stores
   * nothing). Answered only where an article was found; the extractor loads only then.
   */
  'tab.extractArticle': v.undefined(),
} as const;

export type TabMessageType = keyof typeof tabSchemas;
export type TabMessageData<T extends TabMessageType> = v.InferOutput<(typeof tabSchemas)[T]>;

export interface PageReport {
  status: PageStatus;
  /**
   * The start of the article's text (whitespace folded, at most FINGERPRINT_CHARS), so an
   * extension page can tell whether the tab shows one of the corpus's own articles. It never
   * leaves the device.
   */
  fingerprint: string | null;
  /** The page's hostname (web pages only): the popup's site switch, without the `tabs` permission. */
  host: string | null;
  entities: { id: string; name: string; kind: CorpusEntity['kind']; count: number }[];
}

/**
 * A tab's article, or why there is none. Untrusted: the content script runs beside the page, so
 * the receiver validates it again (`ExtractedArticle`).
 */
export type ArticleExtraction = { ok: true; article: ExtractedArticle } | { ok: false; reason: ExtractRefusal };

export interface TabReturns {
  'tab.getPageReport': PageReport;
  'tab.focusMention': boolean;
  'tab.moveFocus': boolean;
  'tab.extractArticle': ArticleExtraction;
}

export type TabProtocolMap = {
  [T in TabMessageType]: (data: TabMessageData<T>) => Result<TabReturns[T]>;
};

export const tabMessenger = defineExtensionMessaging<TabProtocolMap>({ logger: undefined });

/** Asks the content script of `tabId`; throws when it is not there (browser pages, PDFs, the store). */
export async function requestTab<T extends TabMessageType>(
  tabId: number,
  type: T,
  ...[data]: TabMessageData<T> extends undefined ? [] : [TabMessageData<T>]
): Promise<TabReturns[T]> {
  let response: { res?: Result<TabReturns[T]> } | undefined;
  try {
    // The promise form rejects where the callback form would log "Unchecked runtime.lastError"
    // for every tab without our content script. Same wire format as @webext-core/messaging.
    response = await browser.tabs.sendMessage(tabId, { id: 0, type, data, timestamp: Date.now() });
  } catch {
    throw new Error(`No content script answered ${type}`);
  }
  const result = response?.res;
  if (!result) throw new Error(`No content script answered ${type}`);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}
