/**
 * The pack format (docs/pack-format.md): one JSON document, gzip-compressed as a `.fcpack` file.
 * Its items are exactly the authoring shapes of the bundled corpus (lib/corpus/schema.ts), with
 * each source's article text beside its metadata, so a pack is checked by the same rules
 * (lib/corpus/compile.ts) and unpacks to the same folder layout as corpus/.
 *
 * docs/pack-format.schema.json is generated from these schemas (tests/unit/pack-schema.test.ts
 * fails when it is stale).
 */
import * as v from 'valibot';
import { ClaimInput, EntityInput, EventInput, ID_PATTERN, SourceInput } from '../corpus/schema';
import { DerivedArticle, Source } from '../derive/schema';
import { READER_ID_PREFIX } from '../reader/rows';

/** What the file says it is: anything else is not a pack. */
export const PACK_FORMAT = 'fact-context-pack';
/** The format version of a pack of the corpus's shapes alone (every pack without a `reader` section). */
export const PACK_FORMAT_VERSION = 1;
/**
 * The format version of a pack that also carries the reader's own articles as they were stored
 * (the `reader` section, docs/adr/027-exports-as-packs.md); the newest this code reads. A newer
 * one is refused with its number.
 */
export const READER_FORMAT_VERSION = 2;
/** The origin of the rows that ship with the extension; never a pack id. */
export const BUNDLED_ORIGIN = 'bundled';
/** A pack's own version: up to three dot-separated numbers ("3", "1.2", "2.0.1"). */
export const PACK_VERSION_PATTERN = /^\d{1,6}(?:\.\d{1,6}){0,2}$/;
/** `sha256:` and the hex sha-256 of the pack's canonical content (see lib/pack/hash.ts). */
export const CONTENT_HASH_PATTERN = /^sha256:[0-9a-f]{64}$/;
/** A calendar day, or an instant in UTC. */
export const CREATED_PATTERN = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?Z)?$/;
/** Pack ids are short: they prefix every id the pack brings. */
export const MAX_PACK_ID_LENGTH = 48;

const text = v.pipe(v.string(), v.trim(), v.nonEmpty('must not be empty'));

export const PackManifest = v.strictObject({
  id: v.pipe(
    v.string(),
    v.regex(ID_PATTERN, 'must be a kebab-case id'),
    v.maxLength(MAX_PACK_ID_LENGTH, `must be at most ${MAX_PACK_ID_LENGTH} characters`),
    v.check((id) => id !== BUNDLED_ORIGIN, `"${BUNDLED_ORIGIN}" names the extension's own corpus`),
    // Its items' ids are `<pack>--<id>`: a pack named "reader…" would give ids of the reader's form.
    v.check((id) => !`${id}-`.startsWith(READER_ID_PREFIX), `"${READER_ID_PREFIX}" starts the reader's own ids`),
  ),
  name: text,
  description: v.optional(v.nullable(text), null),
  version: v.pipe(v.string(), v.regex(PACK_VERSION_PATTERN, 'must be like 1, 1.2 or 1.2.3')),
  publisher: text,
  licence: text,
  created: v.pipe(v.string(), v.regex(CREATED_PATTERN, 'must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ')),
  sourceCount: v.pipe(v.number(), v.integer(), v.minValue(1)),
  contentHash: v.pipe(v.string(), v.regex(CONTENT_HASH_PATTERN, 'must be sha256: and 64 hex digits')),
});
export type PackManifest = v.InferOutput<typeof PackManifest>;

/** A source as in source.yaml, with its article text (byte for byte, never trimmed). */
export const PackSource = v.strictObject({ ...SourceInput.entries, text: v.string() });
export type PackSource = v.InferInput<typeof PackSource>;

const readerId = v.pipe(v.string(), v.maxLength(200), v.regex(/^reader-[a-z0-9]+(?:-[a-z0-9]+)*$/));
const timestamp = v.pipe(v.string(), v.isoTimestamp());

/**
 * One version of an article the reader added, as stored (lib/reader/rows.ts `versionRows` makes
 * its rows again from it): what was derived with every offset, each metadata field with the
 * method that gave it, the ids the reader hid. Its text is the pack source `source` names, or
 * `text` when no source of the pack holds it (an earlier version, or an article whose items
 * cannot be corpus items).
 */
export const ReaderVersion = v.strictObject({
  id: readerId,
  articleId: readerId,
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
  current: v.boolean(),
  derivation: v.picklist(['quick', 'full']),
  source: v.nullable(v.pipe(v.string(), v.regex(ID_PATTERN))),
  text: v.nullable(v.string()),
  derived: v.strictObject({ ...DerivedArticle.entries, source: v.omit(Source, ['text']) }),
  hidden: v.array(readerId),
});
export type ReaderVersion = v.InferOutput<typeof ReaderVersion>;

/** A person the reader added, as stored; `entity` is their id among the pack's entities, if they are there. */
export const ReaderPerson = v.strictObject({
  id: readerId,
  entity: v.nullable(v.pipe(v.string(), v.regex(ID_PATTERN))),
  name: text,
  aliases: v.pipe(
    v.array(v.strictObject({ text, ambiguous: v.nullable(text), common: v.optional(text) })),
    v.minLength(1),
  ),
  titles: v.array(text),
  topics: v.array(text),
  excludes: v.array(text),
  description: v.nullable(text),
  addedAt: timestamp,
  fromSourceId: v.nullable(readerId),
});
export type ReaderPerson = v.InferOutput<typeof ReaderPerson>;

/** The reader's own articles and people, exactly as stored (format version 2 only). */
export const ReaderSection = v.strictObject({ versions: v.array(ReaderVersion), people: v.array(ReaderPerson) });
export type ReaderSection = v.InferOutput<typeof ReaderSection>;

/** The envelope, read first: the format and its version decide whether the rest can be read. */
export const PackEnvelope = v.object({
  format: v.literal(PACK_FORMAT),
  formatVersion: v.number(),
});

/** The whole document. */
export const PackDocument = v.strictObject({
  format: v.literal(PACK_FORMAT),
  formatVersion: v.picklist([PACK_FORMAT_VERSION, READER_FORMAT_VERSION]),
  manifest: PackManifest,
  sources: v.array(PackSource),
  entities: v.array(EntityInput),
  events: v.array(EventInput),
  claims: v.array(ClaimInput),
  /** Only in format version 2: the reader's articles as stored. */
  reader: v.optional(ReaderSection),
});
/** A pack as written in a file (optional fields may be absent). */
export type PackDocument = v.InferInput<typeof PackDocument>;

/** What the content hash covers: everything but the envelope and the manifest. */
export type PackContent = Pick<PackDocument, 'sources' | 'entities' | 'events' | 'claims' | 'reader'>;

/** What the content hash covers (an absent `reader` is left out, so version 1 packs hash as they always did). */
export const CONTENT_KEYS = ['sources', 'entities', 'events', 'claims', 'reader'] as const;

/** The format version a pack of this content is written with: the oldest that can carry it. */
export function formatVersionOf(content: Pick<PackContent, 'reader'>): 1 | 2 {
  return content.reader ? READER_FORMAT_VERSION : PACK_FORMAT_VERSION;
}

/** Compares two pack versions number by number: negative when a is older. */
export function compareVersions(a: string, b: string): number {
  const as = a.split('.').map(Number);
  const bs = b.split('.').map(Number);
  for (let i = 0; i < Math.max(as.length, bs.length); i++) {
    const d = (as[i] ?? 0) - (bs[i] ?? 0);
    if (d) return d;
  }
  return 0;
}
