/**
 * Background handlers of the reader's own articles (lib/messaging/reader.ts; issue 17,
 * docs/adr/017-readers-articles.md). Extension pages only (`page.*`: `dispatch` refuses content
 * scripts before anything else). Every change is one transaction over the reader's tables and the
 * search rows, and changes run one at a time per database, so the index the worker holds stays in
 * step with what is stored; a full disk is a clear error and leaves everything as it was.
 */
import * as v from 'valibot';
import type { CorpusEntity } from '../corpus/schema';
import { entityIdFromName } from '../corpus/names';
import type { FactContextDb } from '../db';
import {
  addToDigests,
  clearReader,
  currentRows,
  deleteArticle,
  isQuotaError,
  newToken,
  putPreview,
  putVersion,
  readerTransaction,
  rebuildDigests,
  replaceDerived,
  takePreview,
  textBytes,
  approximateBytes,
  versionsOf,
  versionsOfArticle,
} from '../db/reader';
import { deriveArticle } from '../derive';
import { DerivedArticle } from '../derive/schema';
import { ExtractedArticle } from '../extract/schema';
import { toMatcherEntity, type MatcherEntity } from '../messaging/protocol';
import type {
  AddAnswer,
  ExtractRefusal,
  PreviewAnswer,
  PreviewRefusal,
  ReaderExport,
  ReaderSourceSummary,
  readerSchemas,
} from '../messaging/reader';
import { readerTextDocs } from '../reader/documents';
import { MAX_PENDING_PREVIEWS, MAX_READER_ENTITIES, MAX_VERSIONS_PER_ARTICLE, PREVIEW_TTL_MS } from '../reader/limits';
import {
  articleIdOf,
  nameKey,
  quoteId,
  READER_ID_PREFIX,
  statementId,
  versionId,
  versionRows,
  type Derivation,
  type ReaderEntityRow,
  type VersionRows,
  type ReaderSourceRow,
} from '../reader/rows';
import { isSoundSource, soundEntities, soundQuotes, soundSources, soundStatements } from '../reader/sound';
import { verbatimProblem } from '../reader/verbatim';
import { entitySummary, newestArticleFirst, previewOf, summaryOf, versionRef } from '../reader/views';
import type { TextSearch } from '../search';
import { digestsPending, forgetReaderCards } from './card-rows';
import type { HandlerContext, HandlerTable } from './context';
import { appendReaderDocs, mergeNewest, partsOf, rebuildReaderPart, rowsToMerge } from './reader-index';
import { entityRefs, liveTexts, refreshLiveNames } from './search';

/** Said when the browser refuses to store more: nothing of the change was written. */
export const QUOTA_MESSAGE =
  'The browser has no more room for the extension’s data, so nothing was stored. Remove some of your articles (Options: storage) and try again.';
/** Said when a stored version cannot be read whole (lib/reader/sound.ts). */
export const DAMAGED_MESSAGE =
  'The stored copy of this article is damaged and cannot be shown: remove it, then add the article again.';
export const PREVIEW_GONE = 'This preview has expired or was already used: preview the article again.';

const REFUSALS: Record<PreviewRefusal, string> = {
  'opted-out': 'This page asks extensions to leave it alone (data-fact-context="off").',
  'no-article': 'No article was found on this page.',
  'not-a-web-page': 'Only web pages (http or https) can be added.',
  'too-large': 'This page is too large to read as an article.',
  'no-content-script': 'This tab has no page the extension can read (a browser page, a PDF, or a page still loading).',
  'invalid-answer': 'The page’s answer was not an article the extension can store.',
  'extraction-failed': 'The article could not be read from this page.',
};

/** How the browser says a tab has no content script to answer (Chrome, Firefox). */
const NO_RECEIVER = /Receiving end does not exist|Could not establish connection|No matching message handler/i;
/** Of the content script's own error, this much is said (it is ours, but about the page). */
const ERROR_CHARS = 200;

/** What the content script may answer to `tab.extractArticle`, checked again here (it runs beside the page). */
const Extraction = v.variant('ok', [
  v.strictObject({ ok: v.literal(true), article: ExtractedArticle }),
  v.strictObject({
    ok: v.literal(false),
    reason: v.picklist(['not-a-web-page', 'no-article', 'too-large', 'opted-out'] satisfies ExtractRefusal[]),
  }),
]);

/** The reader's changes, one at a time per database. */
const queues = new WeakMap<FactContextDb, Promise<unknown>>();

function serialized<T>(db: FactContextDb, job: () => Promise<T>): Promise<T> {
  const previous = queues.get(db) ?? Promise.resolve();
  const run = previous.catch(() => {}).then(job);
  queues.set(
    db,
    run.catch(() => {}),
  );
  return run;
}

/**
 * Previews this worker derived, by token, as validated: a confirmation takes its article from here
 * (no read back, no second validation), and waits for its row to be stored. The stored row serves
 * a worker started since (Chrome stops an idle one), which reads and validates it again.
 */
interface KeptPreview {
  derived: DerivedArticle;
  createdAt: number;
  /** The row's write, which the preview's answer does not wait for. */
  stored: Promise<void>;
}
const keptPreviews = new WeakMap<FactContextDb, Map<string, KeptPreview>>();

function keptOf(db: FactContextDb): Map<string, KeptPreview> {
  let kept = keptPreviews.get(db);
  if (!kept) keptPreviews.set(db, (kept = new Map()));
  return kept;
}

/** Keeps a preview in memory beside its row, within the same bounds as the rows (time to live, count). */
function keep(db: FactContextDb, token: string, preview: KeptPreview): void {
  const kept = keptOf(db);
  for (const [t, p] of kept) if (preview.createdAt - p.createdAt > PREVIEW_TTL_MS) kept.delete(t);
  while (kept.size >= MAX_PENDING_PREVIEWS) kept.delete(kept.keys().next().value!);
  kept.set(token, preview);
  // A row that could not be stored (a full disk) is said by the confirmation that waits for it.
  preview.stored.catch(() => {});
}

/** Runs one change's transaction; a full disk becomes QUOTA_MESSAGE (the transaction wrote nothing). */
async function write<T>(db: FactContextDb, body: () => Promise<T>): Promise<T> {
  try {
    return await readerTransaction(db, body);
  } catch (error) {
    if (isQuotaError(error)) throw new Error(QUOTA_MESSAGE);
    throw error;
  }
}

const now = (ctx: HandlerContext) => (ctx.now ?? Date.now)();

/** The people the reader added, as the matcher reads them (damaged rows left out). */
export async function readerMatcherEntities(db: FactContextDb): Promise<MatcherEntity[]> {
  return (await db.readerEntities.toArray().then(soundEntities)).map(toMatcherEntity);
}

/**
 * The entities the derivation's matcher knows, per database, as of a corpus version: read once and
 * kept until the corpus or the reader's people change, so that the matcher and linker built for
 * this very list (lib/derive/mentions.ts keeps them by it) are built once, not at every preview (a
 * new list each time rebuilt them: 37–50 ms for an archive's 30,000 aliases, ADR 023).
 */
const entityLists = new WeakMap<FactContextDb, { version: string; entities: Promise<MatcherEntity[]> }>();

/** Every entity the matcher knows: the bundled corpus's (packs merged) and the reader's people. */
export async function matcherEntities(db: FactContextDb): Promise<MatcherEntity[]> {
  const version = (await db.meta.get('corpus'))?.version ?? '';
  const known = entityLists.get(db);
  if (known?.version === version) return known.entities;
  const entities = Promise.all([db.entities.toArray(), db.readerEntities.toArray().then(soundEntities)]).then(
    ([bundled, mine]) => [...bundled, ...mine].map(toMatcherEntity),
  );
  entityLists.set(db, { version, entities });
  entities.catch(() => entityLists.delete(db));
  return entities;
}

/** After the reader's people changed: the next derivation reads the entities again. */
function forgetMatcherEntities(db: FactContextDb): void {
  entityLists.delete(db);
}

type EntityName = Pick<CorpusEntity, 'id' | 'name' | 'kind'>;
/** The names of a list of matcher entities, made once per list (as its matcher is). */
const namesOfLists = new WeakMap<readonly MatcherEntity[], Map<string, EntityName>>();

/**
 * Every entity's name and kind, by id (bundled and the reader's people): from the derivation's
 * list, kept until the corpus or the reader's people change, not read from every row again (an
 * archive's 10,000 entities at every preview).
 */
async function entityNames(db: FactContextDb): Promise<Map<string, EntityName>> {
  const entities = await matcherEntities(db);
  let names = namesOfLists.get(entities);
  if (!names) {
    names = new Map(entities.map((e) => [e.id, { id: e.id, name: e.name, kind: e.kind }]));
    namesOfLists.set(entities, names);
  }
  return names;
}

function refused(reason: PreviewRefusal): PreviewAnswer {
  return { ok: false, reason, message: REFUSALS[reason] };
}

/** Throws unless the derived article is valid and every item verbatim in its text. */
function checked(derived: unknown): DerivedArticle {
  const valid = v.parse(DerivedArticle, derived);
  const problem = verbatimProblem(valid);
  if (problem) throw new Error(`Not stored: ${problem}`);
  return valid;
}

/** The stored version as an extracted article again (what derivation reads). */
function asExtracted(source: ReaderSourceRow, text: string): ExtractedArticle {
  return {
    pageUrl: source.pageUrl,
    canonical: { url: source.canonicalUrl, method: source.canonicalMethod },
    text,
    truncated: source.truncated,
    metadata: source.metadata,
  };
}

/** Puts the new text index live once a change committed, and forgets the cards built before it. */
async function committed(db: FactContextDb, update: (texts: TextSearch) => void, texts: TextSearch): Promise<void> {
  update(texts);
  await forgetReaderCards(db);
}

/**
 * Adds a new article's version to the cards' digests as the next change in line, after the
 * addition's answer: the reader does not wait for it, and cards asked meanwhile wait for it
 * (./card-rows.ts). A worker stopped in between leaves digests out of step, which the next card
 * rebuilds from the rows.
 */
function digestLater(db: FactContextDb, rows: VersionRows): void {
  const work = serialized(db, () =>
    db.transaction('rw', [db.cache, db.readerSources], async () => await addToDigests(db, rows)),
  ).catch((error: unknown) => console.warn('[fact-context] updating the cards’ digests failed', error));
  digestsPending(db, work);
}

/**
 * Merges the newest rows of the reader's index by size class (./reader-index.ts), after the
 * change that made them so, as the next change in line: the reader waits for none of it.
 */
function mergeLater(db: FactContextDb, texts: TextSearch): void {
  if (!rowsToMerge(texts)) return;
  void serialized(db, async () => {
    for (;;) {
      const live = await liveTexts(db);
      const count = rowsToMerge(live.index.texts!);
      if (!count) return;
      // Only the search rows and what documents are made of: a preview being kept meanwhile is not held up.
      const merged = await db.transaction(
        'rw',
        [db.cache, db.readerSources, db.readerQuotes, db.readerStatements, db.entities, db.readerEntities],
        // Awaited inside the scope: Dexie keeps a transaction open only for promises awaited in it.
        async () => await mergeNewest(db, live.version, live.index.texts!, count),
      );
      if (!merged) return;
      live.update(live.index.withTexts(merged));
    }
  }).catch((error: unknown) => console.warn('[fact-context] merging the reader’s index failed', error));
}

/**
 * Runs `change` in one transaction with the reader's part of the index and the cards' digests
 * rebuilt in it, then puts the new index live. For every change but a plain addition.
 */
async function changeAndReindex<T>(db: FactContextDb, change: () => Promise<T>): Promise<T> {
  const live = await liveTexts(db);
  const bundled = partsOf(live.index.texts!)?.bundled ?? live.index.texts!.toStored().batches;
  let texts: TextSearch | null = null;
  const result = await write(db, async () => {
    const out = await change();
    // The reader's current rows, read once: the index's part and the cards' digests are made of them.
    const rows = await currentRows(db);
    texts = await rebuildReaderPart(db, live.version, bundled, rows);
    await rebuildDigests(db, rows);
    return out;
  });
  await committed(db, (t) => live.update(live.index.withTexts(t)), texts!);
  return result;
}

/** A version derived again (quick, or full with the name library), replacing its items; hidden ones stay hidden. */
async function replaceDerivation(
  db: FactContextDb,
  source: ReaderSourceRow,
  derived: DerivedArticle,
  derivation: Derivation,
): Promise<ReaderSourceSummary> {
  const hidden = new Set(
    [
      ...(await db.readerQuotes.where('sourceId').equals(source.id).toArray()),
      ...(await db.readerStatements.where('sourceId').equals(source.id).toArray()),
    ]
      .filter((r) => r.hidden)
      .map((r) => r.id),
  );
  // The version keeps its own date and metadata: only the derived items are new.
  const same: DerivedArticle = {
    ...derived,
    source: { ...derived.source, versionDate: source.versionDate, metadata: source.metadata },
  };
  const rows = versionRows(same, {
    articleId: source.articleId,
    version: source.version,
    derivation,
    hidden,
    current: source.current === 1,
  });
  const change = async () => {
    await replaceDerived(db, rows);
  };
  if (source.current === 1) await changeAndReindex(db, change);
  else {
    await write(db, change);
    await forgetReaderCards(db);
  }
  const names = await entityNames(db);
  return summaryOf(rows.source, new Map([...names].map(([id, e]) => [id, e.name])));
}

/** An id for a person the reader adds: from the name, unique among bundled and reader ids. */
async function newEntityId(db: FactContextDb, name: string): Promise<string> {
  const slug = entityIdFromName(name).slice(0, 80) || 'person';
  const base = `${READER_ID_PREFIX}${slug}`;
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    if (!(await db.entities.get(id)) && !(await db.readerEntities.get(id))) return id;
  }
}

/**
 * Stores a preview the reader confirmed: from this worker's memory when it made it (its row
 * written by then), else from the stored row, read and validated again.
 */
async function confirm(
  db: FactContextDb,
  token: string,
  hide: { quotes: number[]; statements: number[] } | undefined,
  at: number,
  mine: KeptPreview | undefined,
): Promise<AddAnswer> {
  let derived: DerivedArticle;
  if (mine) {
    if (at - mine.createdAt > PREVIEW_TTL_MS) throw new Error(PREVIEW_GONE);
    await mine.stored.catch((error: unknown) => {
      throw new Error(isQuotaError(error) ? QUOTA_MESSAGE : PREVIEW_GONE);
    });
    derived = mine.derived;
  } else {
    const pending = await db.readerPreviews.get(token);
    if (!pending || at - pending.createdAt > PREVIEW_TTL_MS) throw new Error(PREVIEW_GONE);
    derived = checked(pending.derived);
  }
  const { canonicalUrl, contentHash } = derived.source;
  const versions = await versionsOf(db, canonicalUrl);
  const articleId = versions[0]?.articleId ?? (await articleIdOf(canonicalUrl));
  const same = versions.find((s) => s.contentHash === contentHash);
  if (same) {
    // The very text is stored already: nothing is stored, and the preview is used up.
    await write(db, async () => {
      await takePreview(db, token, at);
    });
    return { outcome: 'unchanged', articleId, sourceId: same.id, version: same.version, versions: versions.length };
  }
  if (versions.length >= MAX_VERSIONS_PER_ARTICLE)
    throw new Error(
      `This article has ${versions.length} versions already, the most kept: remove it to add its latest text.`,
    );
  const version = (versions.at(-1)?.version ?? 0) + 1;
  // The items the reader unchecked in the preview are stored hidden (by their place in its lists).
  const sourceId = versionId(articleId, version);
  const hidden = new Set([
    ...(hide?.quotes ?? []).flatMap((i) => (derived.quotes[i] ? [quoteId(sourceId, derived.quotes[i])] : [])),
    ...(hide?.statements ?? []).flatMap((i) =>
      derived.statements[i] ? [statementId(sourceId, derived.statements[i])] : [],
    ),
  ]);
  const rows = versionRows(derived, { articleId, version, derivation: 'quick', hidden });
  const store = async () => {
    if (!(await takePreview(db, token, at))) throw new Error(PREVIEW_GONE);
    await putVersion(db, rows, versions);
  };
  const answer = {
    outcome: versions.length ? ('new-version' as const) : ('added' as const),
    articleId,
    sourceId: rows.source.id,
    version,
    versions: versions.length + 1,
  };
  if (versions.length) {
    // The earlier version's documents leave the index with it: the reader's part is rebuilt.
    await changeAndReindex(db, store);
    return answer;
  }
  // A new article: its documents are appended as one more segment, stored in the same transaction.
  const live = await liveTexts(db);
  const names = new Map(
    (
      await entityRefs(
        db,
        rows.quotes.flatMap((q) => (q.speakerId ? [q.speakerId] : [])),
      )
    ).map((e) => [e.id, e.name]),
  );
  const docs = readerTextDocs({ sources: [rows.source], quotes: rows.quotes, statements: rows.statements, names });
  let texts: TextSearch | null = null;
  await write(db, async () => {
    // Every write of the version is asked for first; the index segment is made while the
    // database works through them (the preview's removal fails the whole if it is gone).
    const stored = Promise.all([
      takePreview(db, token, at).then((taken) => {
        if (!taken) throw new Error(PREVIEW_GONE);
      }),
      putVersion(db, rows, versions),
    ]);
    const appended = appendReaderDocs(live.index.texts!, live.version, rows.source.id, docs);
    texts = appended.texts;
    await stored;
    await db.cache.put(appended.row);
  });
  await committed(db, (t) => live.update(live.index.withTexts(t)), texts!);
  digestLater(db, rows);
  mergeLater(db, texts!);
  return answer;
}

export const readerHandlers: HandlerTable<keyof typeof readerSchemas> = {
  async 'page.previewArticle'({ tabId }, _sender, ctx) {
    if (!ctx.extractArticle) throw new Error('This background cannot read tabs');
    let answer: unknown;
    try {
      answer = await ctx.extractArticle(tabId);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if (NO_RECEIVER.test(text)) return refused('no-content-script');
      // The content script answered, with an error of its own: said as it is, not as "no page".
      return {
        ok: false,
        reason: 'extraction-failed',
        message: `${REFUSALS['extraction-failed']} (${text.slice(0, ERROR_CHARS)})`,
      };
    }
    const parsed = v.safeParse(Extraction, answer);
    if (!parsed.success) return refused('invalid-answer');
    if (!parsed.output.ok) return refused(parsed.output.reason);
    const db = await ctx.db();
    const entities = await matcherEntities(db);
    const at = now(ctx);
    // Quick: without the name library, within twice Readability's time (ADR 017); the people it
    // would add are found afterwards, in an extension page (lib/reader/people-pass.ts).
    const derived = checked(
      await deriveArticle(parsed.output.article, entities, { addedAt: new Date(at), nameLibrary: false }),
    );
    // The row is written while the answer is made, and the answer does not wait for it: a
    // confirmation does (and a worker stopped meanwhile leaves a token that says "preview again").
    const token = newToken();
    keep(db, token, { derived, createdAt: at, stored: putPreview(db, token, derived, at) });
    const [versions, names] = await Promise.all([versionsOf(db, derived.source.canonicalUrl), entityNames(db)]);
    return { ok: true, token, preview: previewOf(derived, names, versions) };
  },

  async 'page.addArticle'({ token, hide }, _sender, ctx) {
    const db = await ctx.db();
    return serialized(db, async () => {
      const at = now(ctx);
      // Taken at once (a token confirms once), and given back if the addition fails.
      const mine = keptOf(db).get(token);
      keptOf(db).delete(token);
      try {
        return await confirm(db, token, hide, at, mine);
      } catch (error) {
        if (mine) keptOf(db).set(token, mine);
        throw error;
      }
    });
  },

  async 'page.listReaderArticles'(_data, _sender, ctx) {
    const db = await ctx.db();
    // Damaged versions are left out (lib/reader/sound.ts); "remove all" still clears them.
    const [sources, names] = await Promise.all([db.readerSources.toArray().then(soundSources), entityNames(db)]);
    const nameOf = new Map([...names].map(([id, e]) => [id, e.name]));
    const byArticle = new Map<string, ReaderSourceRow[]>();
    for (const s of sources) byArticle.set(s.articleId, [...(byArticle.get(s.articleId) ?? []), s]);
    const articles = [...byArticle.values()].map((versions) => {
      versions.sort((a, b) => a.version - b.version);
      const current = versions.find((s) => s.current === 1) ?? versions.at(-1)!;
      return { current, versions };
    });
    articles.sort((a, b) => newestArticleFirst(a.current, b.current));
    return articles.map(({ current, versions }) => ({
      articleId: current.articleId,
      canonicalUrl: current.canonicalUrl,
      current: summaryOf(current, nameOf),
      versions: versions.map(versionRef),
    }));
  },

  async 'page.getReaderSource'({ sourceId }, _sender, ctx) {
    const db = await ctx.db();
    const [source, text, quotes, statements] = await Promise.all([
      db.readerSources.get(sourceId),
      db.readerTexts.get(sourceId),
      db.readerQuotes.where('sourceId').equals(sourceId).toArray().then(soundQuotes),
      db.readerStatements.where('sourceId').equals(sourceId).toArray().then(soundStatements),
    ]);
    if (!source) throw new Error(`No article ${sourceId}`);
    if (!isSoundSource(source) || typeof text?.text !== 'string' || !Array.isArray(text.people))
      throw new Error(DAMAGED_MESSAGE);
    const names = await entityNames(db);
    const nameOf = new Map([...names].map(([id, e]) => [id, e.name]));
    const versions = await versionsOfArticle(db, source.articleId);
    return {
      ...summaryOf(source, nameOf),
      text: text.text,
      quotes: quotes
        .sort((a, b) => a.start - b.start)
        .map(({ sourceId: _s, articleId: _a, speakerId, speakerKey: _k, ...q }) => ({
          ...q,
          speakerName: (speakerId && nameOf.get(speakerId)) || q.speaker?.name || null,
        })),
      statements: statements
        .sort((a, b) => a.sentence.start - b.sentence.start)
        .map(({ sourceId: _s, articleId: _a, ...s }) => s),
      people: text.people,
      versions: versions.map(versionRef),
    };
  },

  async 'page.removeReaderArticle'({ articleId }, _sender, ctx) {
    const db = await ctx.db();
    return serialized(db, async () => {
      const versions = await versionsOfArticle(db, articleId);
      if (!versions.length) throw new Error(`No article ${articleId}`);
      const removed = await changeAndReindex(db, async () => await deleteArticle(db, articleId));
      return { versions: removed.length };
    });
  },

  async 'page.rederiveReaderSource'({ sourceId }, _sender, ctx) {
    const db = await ctx.db();
    return serialized(db, async () => {
      const [source, text] = await Promise.all([db.readerSources.get(sourceId), db.readerTexts.get(sourceId)]);
      if (!source || !text) throw new Error(`No article ${sourceId}`);
      const derived = checked(
        await deriveArticle(asExtracted(source, text.text), await matcherEntities(db), {
          addedAt: new Date(source.versionDate),
          nameLibrary: false,
        }),
      );
      // A quick derivation keeps the people and speakers a full one found.
      const kept =
        source.derivation === 'full'
          ? { ...derived, people: text.people, capped: { ...derived.capped, people: source.capped.people } }
          : derived;
      return replaceDerivation(db, source, kept, source.derivation);
    });
  },

  async 'page.completeDerivation'({ sourceId, derived }, _sender, ctx) {
    const db = await ctx.db();
    return serialized(db, async () => {
      const [source, text] = await Promise.all([db.readerSources.get(sourceId), db.readerTexts.get(sourceId)]);
      if (!source || !text) throw new Error(`No article ${sourceId}`);
      const valid = checked(derived);
      if (
        valid.source.text !== text.text ||
        valid.source.contentHash !== source.contentHash ||
        valid.source.canonicalUrl !== source.canonicalUrl
      )
        throw new Error(`That derivation is not of ${sourceId}'s text`);
      return replaceDerivation(db, source, valid, 'full');
    });
  },

  async 'page.setReaderItemHidden'({ kind, id, hidden }, _sender, ctx) {
    const db = await ctx.db();
    return serialized(db, async () => {
      const table = kind === 'quote' ? db.readerQuotes : db.readerStatements;
      const row = await table.get(id);
      if (!row) throw new Error(`No ${kind} ${id}`);
      if (row.hidden === hidden) return null;
      const change = async () => {
        await table.update(id, { hidden });
        await db.readerSources
          .where('id')
          .equals(row.sourceId)
          .modify((s) => {
            s.hiddenCount = Math.max(0, s.hiddenCount + (hidden ? 1 : -1));
          });
      };
      const source = await db.readerSources.get(row.sourceId);
      if (source?.current === 1) await changeAndReindex(db, change);
      else {
        await write(db, change);
        await forgetReaderCards(db);
      }
      return null;
    });
  },

  async 'page.addReaderEntity'(input, _sender, ctx) {
    const db = await ctx.db();
    return serialized(db, async () => {
      if ((await db.readerEntities.count()) >= MAX_READER_ENTITIES)
        throw new Error(`You have added ${MAX_READER_ENTITIES} people, the most kept: remove some first.`);
      const names = [
        { text: input.name, ambiguous: input.ambiguous },
        ...input.aliases.filter((a) => nameKey(a.text) !== nameKey(input.name)),
      ].filter((a, i, all) => all.findIndex((b) => nameKey(b.text) === nameKey(a.text)) === i);
      // A name another entity already has would make every page's mention of it two people's.
      const taken = new Map<string, string>();
      for (const e of [...(await db.entities.toArray()), ...(await db.readerEntities.toArray())])
        for (const alias of [e.name, ...e.aliasDetails.map((a) => a.text)]) taken.set(nameKey(alias), e.name);
      for (const n of names) {
        const owner = taken.get(nameKey(n.text));
        if (owner) throw new Error(`“${n.text}” already names ${owner}.`);
      }
      const id = await newEntityId(db, input.name);
      const fromSource = input.fromSourceId ? await db.readerSources.get(input.fromSourceId) : undefined;
      if (input.fromSourceId && !fromSource) throw new Error(`No article ${input.fromSourceId}`);
      const row: ReaderEntityRow = {
        id,
        kind: 'person',
        name: input.name,
        aliases: names.map((n) => n.text),
        aliasDetails: names.map((n) => ({
          text: n.text,
          ambiguous: n.ambiguous ? 'marked by you as a name others share' : null,
        })),
        titles: input.titles,
        topics: input.topics,
        excludes: [],
        description: null,
        country: null,
        roles: [],
        properties: [],
        sourceIds: [],
        relatedIds: [],
        addedAt: new Date(now(ctx)).toISOString(),
        fromSourceId: input.fromSourceId,
      };
      // Quotes whose speaker the articles name this way, with no entity, are theirs from now on.
      const keys = names.map((n) => nameKey(n.text));
      await changeAndReindex(db, async () => {
        await db.readerEntities.add(row);
        await db.readerQuotes
          .where('speakerKey')
          .anyOf(keys)
          .modify((q) => {
            q.speakerId = id;
            q.speakerKey = null;
            if (q.speaker) q.speaker = { ...q.speaker, entityId: id };
          });
      });
      forgetMatcherEntities(db);
      await refreshLiveNames(db);
      return entitySummary(row);
    });
  },

  async 'page.removeReaderEntity'({ entityId }, _sender, ctx) {
    const db = await ctx.db();
    return serialized(db, async () => {
      if (!(await db.readerEntities.get(entityId))) throw new Error(`No person ${entityId}`);
      await changeAndReindex(db, async () => {
        await db.readerEntities.delete(entityId);
        await db.readerQuotes
          .where('speakerId')
          .equals(entityId)
          .modify((q) => {
            q.speakerId = null;
            q.speakerKey = q.speaker ? nameKey(q.speaker.name) : null;
            if (q.speaker) q.speaker = { ...q.speaker, entityId: null };
          });
        // A statement is one because it names an entity: without this one, those naming no other go.
        const statements = await db.readerStatements.where('entityIds').equals(entityId).toArray();
        for (const s of statements) {
          const rest = s.entityIds.filter((x) => x !== entityId);
          if (rest.length) await db.readerStatements.update(s.id, { entityIds: rest });
          else await db.readerStatements.delete(s.id);
        }
        await db.readerSources
          .where('entityIds')
          .equals(entityId)
          .modify((s) => {
            s.entityIds = s.entityIds.filter((x) => x !== entityId);
            s.mentions = s.mentions.filter((m) => m.entityId !== entityId);
          });
      });
      forgetMatcherEntities(db);
      await refreshLiveNames(db);
      return null;
    });
  },

  async 'page.listReaderEntities'(_data, _sender, ctx) {
    const db = await ctx.db();
    const rows = soundEntities(await db.readerEntities.toArray());
    return rows.sort((a, b) => a.name.localeCompare(b.name)).map(entitySummary);
  },

  async 'page.getReaderStorage'(_data, _sender, ctx) {
    const db = await ctx.db();
    const [sources, quotes, statements, entities] = await Promise.all([
      db.readerSources.toArray(),
      db.readerQuotes.toArray(),
      db.readerStatements.toArray(),
      db.readerEntities.toArray(),
    ]);
    const bytes =
      (await textBytes(db)) +
      [...sources, ...quotes, ...statements, ...entities].reduce((n, r) => n + approximateBytes(r), 0);
    const estimate = await navigator.storage?.estimate?.().catch(() => null);
    return {
      articles: new Set(sources.map((s) => s.articleId)).size,
      versions: sources.length,
      quotes: quotes.length,
      statements: statements.length,
      entities: entities.length,
      bytes,
      usage: estimate?.usage ?? null,
      quota: estimate?.quota ?? null,
    };
  },

  async 'page.exportReaderData'(_data, _sender, ctx) {
    const db = await ctx.db();
    const [sources, texts, quotes, statements, entities] = await db.transaction(
      'r',
      [db.readerSources, db.readerTexts, db.readerQuotes, db.readerStatements, db.readerEntities],
      () =>
        Promise.all([
          db.readerSources.toArray(),
          db.readerTexts.toArray(),
          db.readerQuotes.toArray(),
          db.readerStatements.toArray(),
          db.readerEntities.toArray(),
        ]),
    );
    const textOf = new Map(texts.map((t) => [t.id, t]));
    const names = new Map([...(await entityNames(db))].map(([id, e]) => [id, e.name]));
    const out: ReaderExport = {
      format: 'fact-context-reader-export',
      formatVersion: 1,
      exportedAt: new Date(now(ctx)).toISOString(),
      articles: sources
        .sort((a, b) => a.articleId.localeCompare(b.articleId) || a.version - b.version)
        .map((s) => ({
          ...s,
          current: s.current === 1,
          text: textOf.get(s.id)?.text ?? '',
          quotes: quotes
            .filter((q) => q.sourceId === s.id)
            .sort((a, b) => a.start - b.start)
            .map(({ sourceId: _s, articleId: _a, speakerId, speakerKey: _k, ...q }) => ({
              ...q,
              speakerName: (speakerId && names.get(speakerId)) || q.speaker?.name || null,
            })),
          statements: statements
            .filter((x) => x.sourceId === s.id)
            .sort((a, b) => a.sentence.start - b.sentence.start)
            .map(({ sourceId: _s, articleId: _a, ...x }) => x),
          people: textOf.get(s.id)?.people ?? [],
        })),
      entities: entities.map(entitySummary),
    };
    return out;
  },

  async 'page.removeAllReaderData'(_data, _sender, ctx) {
    const db = await ctx.db();
    return serialized(db, async () => {
      await changeAndReindex(db, async () => {
        await clearReader(db);
      });
      forgetMatcherEntities(db);
      await refreshLiveNames(db);
      return null;
    });
  },
};
