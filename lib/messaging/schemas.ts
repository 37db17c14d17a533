/**
 * The schemas of every message's `data` (the types are in protocol.ts). Built by the background,
 * which validates each message before any handler runs; kept out of the content script, which
 * runs on every page and sends without validating its own messages.
 */
import * as v from 'valibot';
import { readerSchemas } from './reader';
import { packSchemas } from './packs';
import { searchSchemas } from './search';
import {
  entityIdSchema as entityId,
  itemIdSchema,
  MAX_ENTITY_IDS_PER_REQUEST,
  MAX_MENTION_COUNT,
  MAX_QUOTE_LENGTH,
} from './shared';
import { timelineSchemas } from './timeline';
import type { MessageType } from './protocol';

const coreSchemas = {
  'cs.getMatcherEntities': v.undefined(),
  'cs.getCards': v.strictObject({
    entityIds: v.pipe(v.array(entityId), v.maxLength(MAX_ENTITY_IDS_PER_REQUEST)),
  }),
  'cs.reportMentions': v.strictObject({
    linked: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_MENTION_COUNT)),
  }),
  // A card's actions. Muting and turning a site off are the only writes a content script may
  // ask for: each touches the user's own switches only, and the site is the sender's, never one
  // named in the message.
  'cs.openTimeline': v.strictObject({ entityId }),
  'cs.openReader': v.strictObject({
    sourceId: itemIdSchema,
    quote: v.optional(v.pipe(v.string(), v.maxLength(MAX_QUOTE_LENGTH))),
  }),
  // Opens the extension's "Add this article" confirmation for the sender's own tab (never a tab
  // named in the message: it carries nothing). Stores nothing: the reader confirms there, or not.
  'cs.openAddArticle': v.undefined(),
  'cs.muteEntity': v.strictObject({ entityId }),
  'cs.disableSite': v.undefined(),
  // Takes back this tab's own last mute or site switch, shortly after (lib/background/cards.ts).
  'cs.undoChange': v.variant('kind', [
    v.strictObject({ kind: v.literal('mute'), entityId }),
    v.strictObject({ kind: v.literal('site-off') }),
  ]),
  'page.getEntityCard': v.strictObject({ entityId }),
  'page.getCorpusInfo': v.undefined(),
} as const;

/** Schemas of each message's `data`. Messages without data take `undefined`. */
export const messageSchemas = {
  ...coreSchemas,
  ...searchSchemas,
  ...timelineSchemas,
  ...readerSchemas,
  ...packSchemas,
} as const;

/** Messages a content script may send. Everything else is refused when it comes from a web page's tab. */
export const CONTENT_SCRIPT_MESSAGES: ReadonlySet<MessageType> = new Set(
  (Object.keys(messageSchemas) as MessageType[]).filter((t) => t.startsWith('cs.')),
);
