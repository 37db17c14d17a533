/**
 * Rows of the reader's tables as they are read back: a row this build did not write whole (a
 * disk error, an older build's bug, a hand edit in the developer tools) is left out of cards,
 * search, the timeline and lists instead of taking them down, and stays removable (removal goes
 * by its keys alone). The shapes are those `versionRows` writes (./rows.ts), checked loosely:
 * fields a view reads, of the types it reads them as; extra fields pass.
 */
import * as v from 'valibot';
import { DatedStatement, Quote } from '../derive/schema';
import { ArticleMetadata } from '../extract/schema';
import { ENTITY_KINDS } from '../corpus/schema';
import type { ReaderEntityRow, ReaderQuoteRow, ReaderSourceRow, ReaderStatementRow } from './rows';

const id = v.pipe(v.string(), v.nonEmpty());
const count = v.pipe(v.number(), v.integer(), v.minValue(0));

const SoundSource = v.looseObject({
  id,
  articleId: id,
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
  current: v.picklist([0, 1]),
  canonicalUrl: v.string(),
  pageUrl: v.string(),
  contentHash: v.string(),
  versionDate: v.string(),
  metadata: ArticleMetadata,
  truncated: v.boolean(),
  length: v.looseObject({ chars: count, words: count, paragraphs: count }),
  entityIds: v.array(v.string()),
  mentions: v.array(v.looseObject({ entityId: v.string(), count })),
  quoteCount: count,
  statementCount: count,
});

const SoundQuote = v.looseObject({
  ...Quote.entries,
  id,
  sourceId: id,
  articleId: id,
  speakerId: v.nullable(v.string()),
  hidden: v.boolean(),
});

const SoundStatement = v.looseObject({
  ...DatedStatement.entries,
  id,
  sourceId: id,
  articleId: id,
  hidden: v.boolean(),
});

/** A person the reader added: what the matcher, the names index and the lists read of it. */
const SoundEntity = v.looseObject({
  id,
  kind: v.picklist(ENTITY_KINDS),
  name: v.pipe(v.string(), v.nonEmpty()),
  aliases: v.array(v.string()),
  aliasDetails: v.array(v.looseObject({ text: v.pipe(v.string(), v.nonEmpty()), ambiguous: v.nullable(v.string()) })),
  titles: v.array(v.string()),
  topics: v.array(v.string()),
  excludes: v.array(v.string()),
  relatedIds: v.array(v.string()),
  roles: v.array(v.unknown()),
  properties: v.array(v.unknown()),
  addedAt: v.string(),
});

/** Rows left out so far, by table: said once per table and session, not once per read. */
const said = new Set<string>();

function sound<T>(schema: v.GenericSchema, table: string, rows: readonly (T | undefined)[]): T[] {
  const out: T[] = [];
  let bad = 0;
  for (const row of rows) {
    if (row === undefined) continue;
    if (v.is(schema, row)) out.push(row);
    else bad++;
  }
  if (bad && !said.has(table)) {
    said.add(table);
    console.warn(`[fact-context] ${bad} damaged row(s) of ${table} left out (remove the article to clear them)`);
  }
  return out;
}

export const soundSources = (rows: readonly (ReaderSourceRow | undefined)[]) =>
  sound<ReaderSourceRow>(SoundSource, 'readerSources', rows);
export const soundQuotes = (rows: readonly (ReaderQuoteRow | undefined)[]) =>
  sound<ReaderQuoteRow>(SoundQuote, 'readerQuotes', rows);
/** The reader's people whole: a damaged one must not take the matcher down on every page. */
export const soundEntities = (rows: readonly (ReaderEntityRow | undefined)[]) =>
  sound<ReaderEntityRow>(SoundEntity, 'readerEntities', rows);
export const soundStatements = (rows: readonly (ReaderStatementRow | undefined)[]) =>
  sound<ReaderStatementRow>(SoundStatement, 'readerStatements', rows);

/** Whether one row is whole (a single read: a search result, one version's view). */
export const isSoundSource = (row: ReaderSourceRow | undefined): row is ReaderSourceRow => v.is(SoundSource, row);
export const isSoundQuote = (row: ReaderQuoteRow | undefined): row is ReaderQuoteRow => v.is(SoundQuote, row);
export const isSoundStatement = (row: ReaderStatementRow | undefined): row is ReaderStatementRow =>
  v.is(SoundStatement, row);
