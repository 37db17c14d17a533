/**
 * The one message contract. Every end imports it: content scripts and extension pages send,
 * the background answers. Each message has a valibot schema for its `data`; the background
 * validates every message against it before any handler runs (lib/background/handlers.ts).
 *
 * Names say the direction: `cs.*` may come from a content script (read-only lookups, because
 * a content script runs next to a hostile page), `page.*` only from the extension's own pages.
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import * as v from 'valibot';
import type { CorpusEntity } from '../corpus/schema';

/** Upper bounds that keep a malformed or hostile message from making the background do unbounded work. */
export const MAX_ENTITY_IDS_PER_REQUEST = 500;
export const MAX_MENTION_COUNT = 1_000_000;

const entityId = v.pipe(v.string(), v.maxLength(200), v.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/));

/** Schemas of each message's `data`. Messages without data take `undefined`. */
export const messageSchemas = {
  'cs.getMatcherEntities': v.undefined(),
  'cs.getCards': v.strictObject({
    entityIds: v.pipe(v.array(entityId), v.maxLength(MAX_ENTITY_IDS_PER_REQUEST)),
  }),
  'cs.reportMentions': v.strictObject({
    linked: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_MENTION_COUNT)),
  }),
  'page.getCorpusInfo': v.undefined(),
  'page.getEvents': v.undefined(),
} as const;

export type MessageType = keyof typeof messageSchemas;
export type MessageData<T extends MessageType> = v.InferOutput<(typeof messageSchemas)[T]>;

/** Messages a content script may send. Everything else is refused when it comes from a web page's tab. */
export const CONTENT_SCRIPT_MESSAGES: ReadonlySet<MessageType> = new Set(
  (Object.keys(messageSchemas) as MessageType[]).filter((t) => t.startsWith('cs.')),
);

/** Every answer is a value or an error, never a thrown exception across the boundary. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

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

export interface CardData {
  entity: CorpusEntity;
  facts: { id: string; text: string; sourceId: string; quote: string }[];
}

export interface TimelineEvent {
  id: string;
  title: string;
  date: string;
  datePrecision: 'day' | 'month' | 'year';
  dateMethod: string;
  dateNote: string | null;
  outsideFact: string | null;
  entityIds: string[];
  evidence: { sourceId: string; quote: string; sourceTitle: string }[];
}

/** Return type of each message. */
export interface MessageReturns {
  'cs.getMatcherEntities': MatcherEntity[];
  'cs.getCards': Record<string, CardData>;
  'cs.reportMentions': null;
  'page.getCorpusInfo': CorpusInfo;
  'page.getEvents': TimelineEvent[];
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
