/**
 * The options page's exports as packs (issue 18: "the reader's own articles, or everything, or
 * one pack, to a file"; docs/adr/027-exports-as-packs.md). One pack is exported as it was
 * imported (lib/pack/store.ts). The other two are made here and checked by the importer's own
 * code before they are handed out: a file we write is one we would import.
 *
 * - **Your articles** (lib/pack/yours.ts): the reader's articles and people.
 * - **Everything**: what the extension reads, as one pack: the bundled corpus, every imported
 *   pack and the reader's articles merged exactly as the importer merges layers (entities by id,
 *   aliases united, a shared alias flagged ambiguous, differing statements side by side), every
 *   item id of a layer `<layer>-<id>` (a pack's `--` is not an id's character), plus the reader
 *   section of the reader's articles.
 */
import type { CorpusBundle, CorpusEntity, DateSpecInput, DatedFields, EntityInput } from '../corpus/schema';
import type { FactContextDb } from '../db';
import { formatPackProblem } from './read';
import { BUNDLED_ORIGIN, type PackContent, type PackDocument, type PackSource } from './format';
import { checkPackData, type CheckedPack } from './read';
import { layerOf, mergedCorpus, NAMESPACE_SEPARATOR, type MergedBundle, type PackLayer } from './merge';
import { layered, storedPacks } from './store';
import { makePack, type PackInfo } from './write';
import { hasReaderRows, readerPackContent, type ReaderRows } from './yours';

/** The pack id of an export of the reader's articles (an import of it into another profile is this pack). */
export const YOUR_ARTICLES_ID = 'your-articles';
/** The pack id of an export of everything. */
export const EVERYTHING_ID = 'everything';
/** Problems named in the error of an export that would not import (the first say what is wrong). */
const PROBLEMS_SHOWN = 5;

export const NOTHING_TO_EXPORT = 'You have added no articles or people yet: there is nothing of yours to export.';

/** Every reader table, read in one transaction (one consistent state). */
export async function readerRows(db: FactContextDb): Promise<ReaderRows> {
  const tables = [db.readerSources, db.readerTexts, db.readerQuotes, db.readerStatements, db.readerEntities];
  const [sources, texts, quotes, statements, entities] = await db.transaction('r', tables, () =>
    Promise.all([
      db.readerSources.toArray(),
      db.readerTexts.toArray(),
      db.readerQuotes.toArray(),
      db.readerStatements.toArray(),
      db.readerEntities.toArray(),
    ]),
  );
  return { sources, texts, quotes, statements, entities };
}

/**
 * A pack version that grows with the time of the export (`YYYY.MMDD.HHMMSS`, UTC), so that a
 * later export of the same profile replaces an earlier one where both are imported.
 */
export function exportVersion(at: Date): string {
  const iso = at.toISOString();
  return `${iso.slice(0, 4)}.${Number(iso.slice(5, 7) + iso.slice(8, 10))}.${Number(iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19))}`;
}

/** The file name of an export: `fact-context-<what>-YYYY-MM-DD.fcpack`. */
export const exportFileName = (what: string, at: Date) =>
  `fact-context-${what}-${at.toISOString().slice(0, 10)}.fcpack`;

function infoOf(id: string, name: string, description: string, at: Date): PackInfo {
  return {
    id,
    name,
    description,
    version: exportVersion(at),
    publisher: 'Exported from Fact Context by its reader',
    licence: 'Each article belongs to its publisher: a personal copy, not for republication',
    created: `${at.toISOString().slice(0, 19)}Z`,
  };
}

/** Checks a pack we made as an import would; refuses to hand out one that would be refused. */
async function checkedExport(document: PackDocument): Promise<CheckedPack> {
  const result = await checkPackData(JSON.parse(JSON.stringify(document)));
  if (result.ok) return result;
  const shown = result.problems.slice(0, PROBLEMS_SHOWN).map(formatPackProblem);
  const more = result.problems.length > PROBLEMS_SHOWN ? ` (and ${result.problems.length - PROBLEMS_SHOWN} more)` : '';
  throw new Error(`The export would not import, so none was made: ${shown.join('; ')}${more}`);
}

/** The corpus entity a reader's item names: the corpus tables hold the bundled corpus merged with every pack. */
async function corpusEntities(db: FactContextDb, rows: ReaderRows): Promise<Map<string, CorpusEntity>> {
  const ids = new Set<string>();
  for (const q of rows.quotes) if (q.speakerId) ids.add(q.speakerId);
  for (const s of rows.statements) s.entityIds.forEach((id) => ids.add(id));
  for (const t of rows.texts) t.mentions.forEach((m) => ids.add(m.entityId));
  const found = await db.entities.bulkGet([...ids]);
  return new Map(found.flatMap((e) => (e ? [[e.id, e] as const] : [])));
}

/** The reader's articles as pack content, or null when the reader added nothing. */
async function yourArticlesContent(db: FactContextDb): Promise<PackContent | null> {
  const rows = await readerRows(db);
  if (!hasReaderRows(rows)) return null;
  const known = await corpusEntities(db, rows);
  return readerPackContent(rows, (id) => known.get(id));
}

const yourArticlesInfo = (content: PackContent, at: Date) =>
  infoOf(
    YOUR_ARTICLES_ID,
    'Your articles',
    `The articles and people a reader added to Fact Context (${content.reader!.versions.length} versions).`,
    at,
  );

/** The reader's articles as a checked pack, or null when the reader added nothing. */
export async function exportYourArticles(db: FactContextDb, at: Date): Promise<CheckedPack | null> {
  const content = await yourArticlesContent(db);
  if (!content) return null;
  if (!content.sources.length) {
    // A pack needs a source, and a source a fact, quote or event naming an entity (the corpus rules).
    throw new Error(
      'None of your articles names a person or weapon the extension knows, so none can be a source of a pack of its own: Export everything carries them, each with its text.',
    );
  }
  return checkedExport(await makePack(yourArticlesInfo(content, at), content));
}

/**
 * Everything the extension reads, as one checked pack. The reader's articles are a layer when
 * some of them can be corpus sources; their `reader` section is carried in any case (a version
 * no source holds has its own text), so articles that name no known entity are not lost.
 */
export async function exportEverything(db: FactContextDb, bundle: CorpusBundle, at: Date): Promise<CheckedPack> {
  const corpus = layered(bundle, await storedPacks(db));
  const mine = await yourArticlesContent(db);
  const yours = mine?.sources.length ? await checkedExport(await makePack(yourArticlesInfo(mine, at), mine)) : null;
  const origins = new Set(corpus.layers.map((l) => l.origin));
  let readerOrigin = YOUR_ARTICLES_ID;
  for (let n = 2; origins.has(readerOrigin); n++) readerOrigin = `${YOUR_ARTICLES_ID}-${n}`;
  const layers: PackLayer[] = [...corpus.layers];
  if (yours) layers.push(layerOf({ ...yours, manifest: { ...yours.manifest, id: readerOrigin } }));
  const content = authoringOf(mergedCorpus({ layers }));
  if (mine?.reader) {
    const rename = (id: string) => `${readerOrigin}-${id}`;
    content.reader = {
      versions: mine.reader.versions.map((v) => ({ ...v, source: v.source && rename(v.source) })),
      people: mine.reader.people,
    };
  }
  const packs = corpus.layers.filter((l) => l.origin !== BUNDLED_ORIGIN).length;
  const info = infoOf(
    EVERYTHING_ID,
    'Everything in Fact Context',
    `The bundled corpus, ${packs} imported pack${packs === 1 ? '' : 's'} and the reader's own articles, merged.`,
    at,
  );
  return checkedExport(await makePack(info, content));
}

/** A layer's item id as an id of one pack: `<pack>--<id>` becomes `<pack>-<id>`. */
const flat = (id: string) => id.replace(NAMESPACE_SEPARATOR, '-');

const spec = (d: DatedFields): DateSpecInput => ({
  date: d.date,
  precision: d.datePrecision,
  method: d.dateMethod,
  note: d.dateNote,
  outsideFact: d.outsideFact,
});

/**
 * A merged corpus in the authoring shapes (the inverse of lib/corpus/compile.ts's build). A
 * country another layer states differently is kept as a fact of its own source ("Country: …"),
 * since an entity has one country field: side by side, none dropped.
 */
export function authoringOf(view: MergedBundle): PackContent {
  const sources = new Map<string, PackSource>(
    view.sources.map((s) => [
      s.id,
      {
        id: flat(s.id),
        seed: s.seed,
        title: s.title,
        titleKind: s.titleKind,
        publisher: s.publisher,
        publisherEvidence: s.publisherEvidence,
        publisherNote: s.publisherNote,
        author: s.author,
        authorEvidence: s.authorEvidence,
        published: spec(s),
        datingEvidence: s.datingEvidence,
        position: s.position,
        facts: [],
        quotes: [],
        text: s.text,
      },
    ]),
  );
  for (const f of view.facts) {
    sources.get(f.sourceId)!.facts!.push({ id: flat(f.id), entities: f.entityIds, text: f.text, quote: f.quote });
  }
  for (const q of view.quotes) {
    sources.get(q.sourceId)!.quotes!.push({
      id: flat(q.id),
      speaker: q.speakerId,
      text: q.text,
      date:
        q.date && q.datePrecision && q.dateMethod
          ? {
              date: q.date,
              precision: q.datePrecision,
              method: q.dateMethod,
              note: q.dateNote,
              outsideFact: q.outsideFact,
            }
          : null,
      context: q.context,
      reportedBy: q.reportedBy,
    });
  }
  const entities: EntityInput[] = view.entities.map((e) => {
    for (const other of e.otherCountries) {
      sources.get(other.sourceId)!.facts!.push({
        id: `${flat(other.sourceId)}-country-${e.id}`,
        entities: [e.id],
        text: `Country: ${other.value}`,
        quote: other.quote,
      });
    }
    return {
      id: e.id,
      name: e.name,
      kind: e.kind,
      aliases: e.aliasDetails.map((a) =>
        a.ambiguous || a.common ? { text: a.text, ambiguous: a.ambiguous, common: a.common ?? null } : a.text,
      ),
      titles: e.titles,
      topics: e.topics,
      excludes: e.excludes,
      description: e.description,
      country: e.country ? { value: e.country.value, source: flat(e.country.sourceId), quote: e.country.quote } : null,
      roles: e.roles.map((r) => ({ role: r.role, source: flat(r.sourceId), quote: r.quote, asOf: spec(r.asOf) })),
      properties: e.properties.map((p) => ({
        property: p.property,
        value: p.value,
        source: flat(p.sourceId),
        quote: p.quote,
        asOf: spec(p.asOf),
      })),
    };
  });
  return {
    sources: [...sources.values()],
    entities,
    events: view.events.map((e) => ({
      id: flat(e.id),
      title: e.title,
      ...spec(e),
      entities: e.entityIds,
      evidence: e.evidence.map((x) => ({ source: flat(x.sourceId), quote: x.quote })),
    })),
    claims: view.claims.map((c) => ({
      id: flat(c.id),
      question: c.question,
      entities: c.entityIds,
      date: c.date ? spec(c.date) : null,
      positions: c.positions.map((p) => ({
        source: flat(p.sourceId),
        speaker: p.speakerId,
        stance: p.stance,
        summary: p.summary,
        quote: p.quote,
      })),
    })),
  };
}
