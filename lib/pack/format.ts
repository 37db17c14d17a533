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
import { READER_ID_PREFIX } from '../reader/rows';

/** What the file says it is: anything else is not a pack. */
export const PACK_FORMAT = 'fact-context-pack';
/** The format version this code reads and writes. A newer one is refused with its number. */
export const PACK_FORMAT_VERSION = 1;
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

/** The envelope, read first: the format and its version decide whether the rest can be read. */
export const PackEnvelope = v.object({
  format: v.literal(PACK_FORMAT),
  formatVersion: v.number(),
});

/** The whole document. */
export const PackDocument = v.strictObject({
  format: v.literal(PACK_FORMAT),
  formatVersion: v.literal(PACK_FORMAT_VERSION),
  manifest: PackManifest,
  sources: v.array(PackSource),
  entities: v.array(EntityInput),
  events: v.array(EventInput),
  claims: v.array(ClaimInput),
});
/** A pack as written in a file (optional fields may be absent). */
export type PackDocument = v.InferInput<typeof PackDocument>;

/** What the content hash covers: everything but the envelope and the manifest. */
export type PackContent = Pick<PackDocument, 'sources' | 'entities' | 'events' | 'claims'>;

export const CONTENT_KEYS = ['sources', 'entities', 'events', 'claims'] as const;

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
