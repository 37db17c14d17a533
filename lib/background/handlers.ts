/**
 * The background's answers to the message contract (lib/messaging/protocol.ts). One handler
 * per message type; `dispatch` validates the sender and the data before any handler runs, bounds
 * what each tab's content script can make it do (./limits.ts), and turns every failure into an
 * error value.
 */
import * as v from 'valibot';
import type { MessageReturns, MessageType, Result } from '../messaging/protocol';
import { CONTENT_SCRIPT_MESSAGES, messageSchemas } from '../messaging/schemas';
import { CORPUS_TABLES } from '../db';
import type { HandlerContext, HandlerTable, SenderInfo } from './context';
import { addArticleHandlers } from './add-article';
import { cardHandlers } from './cards';
import { readerHandlers, readerMatcherEntities } from './reader';
import { searchHandlers } from './search';
import { RATE_KINDS, TabLimits, rateError } from './limits';
import { timelineHandlers } from './timeline';
import { packHandlers } from '../pack/handlers';
import { matcherNames } from './matcher-names';
import { compactMatcherNames, expandMatcherNames } from '../messaging/matcher-names';

export type { HandlerContext, SenderInfo } from './context';

type Handlers = HandlerTable<MessageType>;

const coreHandlers = {
  async 'cs.getMatcherEntities'(_data, _sender, ctx) {
    // The corpus's names (bundled and packs), built once per corpus version and stored
    // (./matcher-names.ts), with the people the reader added (few, read fresh): marked alike.
    const db = await ctx.db();
    const [names, mine] = await Promise.all([matcherNames(db), readerMatcherEntities(db)]);
    return mine.length ? compactMatcherNames(names.corpusVersion, [...expandMatcherNames(names), ...mine]) : names;
  },

  async 'cs.reportMentions'({ linked }, sender, ctx) {
    if (sender.tabId !== null) await ctx.setBadge(sender.tabId, linked > 0 ? String(linked) : '');
    return null;
  },

  async 'page.getCorpusInfo'(_data, _sender, ctx) {
    const db = await ctx.db();
    const meta = await db.meta.get('corpus');
    if (!meta) throw new Error('The corpus is not loaded');
    const counts = Object.fromEntries(
      await Promise.all(CORPUS_TABLES.map(async (t) => [t, await db[t].count()] as const)),
    ) as MessageReturns['page.getCorpusInfo']['counts'];
    const sources = (await db.sources.orderBy('publishedAt').toArray()).map(
      ({ id, title, publisher, publishedAt, datePrecision }) => ({ id, title, publisher, publishedAt, datePrecision }),
    );
    return { version: meta.version, loadedAt: meta.loadedAt, counts, sources };
  },
} satisfies Partial<Handlers>;

export const handlers: Handlers = {
  ...coreHandlers,
  ...cardHandlers,
  ...addArticleHandlers,
  ...searchHandlers,
  ...timelineHandlers,
  ...readerHandlers,
  ...packHandlers,
};

function isMessageType(type: unknown): type is MessageType {
  return typeof type === 'string' && Object.hasOwn(messageSchemas, type);
}

/** The limits of a background that was given none (tests that do not exercise them). */
const defaultLimits = new TabLimits();

/**
 * Validates and answers one message. Never throws: a malformed message, a message a content
 * script may not send, one over its tab's limits, or a failing handler all come back as
 * `{ ok: false, error }`. Content-script messages go through their tab's queue before anything
 * else is done with them (an overloaded tab's message is refused before it is validated).
 */
export async function dispatch(
  type: unknown,
  data: unknown,
  sender: SenderInfo,
  ctx: HandlerContext,
  table: Handlers = handlers,
): Promise<Result<unknown>> {
  if (!isMessageType(type)) return { ok: false, error: 'Unknown message type' };
  const limits = ctx.limits ?? defaultLimits;
  // Extension pages are bound only in the changes of the reader's articles (./limits.ts).
  if (sender.fromExtensionPage)
    return answer(type, data, sender, ctx, table, RATE_KINDS[type] === 'reader' ? limits : undefined);
  if (!CONTENT_SCRIPT_MESSAGES.has(type)) return { ok: false, error: `${type} is not available to content scripts` };
  return limits.run(sender.tabId, () => answer(type, data, sender, ctx, table, limits));
}

async function answer(
  type: MessageType,
  data: unknown,
  sender: SenderInfo,
  ctx: HandlerContext,
  table: Handlers,
  limits?: TabLimits,
): Promise<Result<unknown>> {
  const parsed = v.safeParse(messageSchemas[type], data);
  if (!parsed.success) {
    return { ok: false, error: `Invalid ${type} data: ${parsed.issues.map((i) => i.message).join('; ')}` };
  }
  // Counted once valid: a malformed write costs the tab none of its few.
  const kind = RATE_KINDS[type];
  if (limits && kind && !limits.allow(sender.tabId, kind)) return { ok: false, error: rateError(kind) };
  try {
    const handler = table[type] as (d: unknown, s: SenderInfo, c: HandlerContext) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.output, sender, ctx) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
