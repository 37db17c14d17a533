/**
 * Reading a pack: every check before anything is written, all or nothing. The bytes are inflated
 * under a running cap, parsed, checked against the caps (sizes, counts, string lengths, depth),
 * the envelope and manifest, the content hash, and then every rule of `npm run corpus:check`
 * (lib/corpus/compile.ts, the same code that builds the bundled corpus). A pack with any
 * problem yields its problems, each naming the place, and no corpus.
 */
import * as v from 'valibot';
import {
  compileCorpus,
  formatProblem,
  type Problem,
  type RawCorpus,
  type RawFile,
  type RawSource,
} from '../corpus/compile';
import { ENTITY_KINDS, type CorpusBundle, type EntityKind } from '../corpus/schema';
import {
  PACK_FORMAT,
  PACK_FORMAT_VERSION,
  PackManifest,
  READER_FORMAT_VERSION,
  ReaderSection,
  type PackContent,
} from './format';
import { GzipError, gunzipCapped } from './gzip';
import { contentHashOf } from './hash';
import * as caps from './limits';
import { readerSectionProblems } from './reader-section';

export interface PackLimits {
  maxPackBytes: number;
  maxInflatedBytes: number;
  maxSources: number;
  maxEntities: number;
  maxItems: number;
  maxAliasesPerEntity: number;
  maxSourceTextLength: number;
  maxStringLength: number;
  maxDepth: number;
}

export const DEFAULT_LIMITS: Readonly<PackLimits> = {
  maxPackBytes: caps.MAX_PACK_BYTES,
  maxInflatedBytes: caps.MAX_INFLATED_BYTES,
  maxSources: caps.MAX_SOURCES,
  maxEntities: caps.MAX_ENTITIES,
  maxItems: caps.MAX_ITEMS,
  maxAliasesPerEntity: caps.MAX_ALIASES_PER_ENTITY,
  maxSourceTextLength: caps.MAX_SOURCE_TEXT_LENGTH,
  maxStringLength: caps.MAX_STRING_LENGTH,
  maxDepth: caps.MAX_DEPTH,
};

/** More problems than this are summed up in one line: the first ones say what is wrong. */
export const MAX_PROBLEMS_LISTED = 100;

/** The unpacked layout's files (scripts/corpus-unpack.ts writes them): where a problem is. */
export const ENTITY_FILES: Record<EntityKind, string> = {
  person: 'entities/people.yaml',
  weapon: 'entities/weapons.yaml',
  'weapon-class': 'entities/weapon-classes.yaml',
};
export const sourceFile = (id: string) => `sources/${id}/source.yaml`;
export const articleFile = (id: string) => `sources/${id}/article.txt`;

/** A pack read whole: its manifest, its content as written, and the compiled corpus it brings. */
export interface CheckedPack {
  manifest: PackManifest;
  content: PackContent;
  /** Compiled with the pack's own ids (lib/pack/merge.ts namespaces them on import). */
  bundle: CorpusBundle;
}

export type PackReadResult = ({ ok: true } & CheckedPack) | { ok: false; problems: Problem[] };

const PACK = 'pack';
const fail = (item: string, reason: string, file = PACK): PackReadResult => ({
  ok: false,
  problems: [{ file, item, reason }],
});

/** Reads a `.fcpack` file's bytes. `beforeCheck` runs between the parse and the checks (a job's stage). */
export async function readPack(
  bytes: Uint8Array,
  limits: PackLimits = DEFAULT_LIMITS,
  beforeCheck?: () => Promise<void>,
): Promise<PackReadResult> {
  if (bytes.byteLength > limits.maxPackBytes) {
    return fail('(file)', `is ${megabytes(bytes.byteLength)}, over the limit of ${megabytes(limits.maxPackBytes)}`);
  }
  let json: Uint8Array;
  try {
    json = await gunzipCapped(bytes, limits.maxInflatedBytes);
  } catch (error) {
    if (error instanceof GzipError && error.failure === 'too-large') {
      return fail('(file)', `inflates to more than ${megabytes(limits.maxInflatedBytes)} (the limit): refused`);
    }
    return fail('(file)', error instanceof Error ? error.message : String(error));
  }
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch (error) {
    return fail('(file)', `is not valid UTF-8 JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  await beforeCheck?.();
  return checkPackData(data, limits);
}

const Top = v.strictObject({
  format: v.literal(PACK_FORMAT, `must be "${PACK_FORMAT}"`),
  formatVersion: v.picklist([PACK_FORMAT_VERSION, READER_FORMAT_VERSION]),
  manifest: PackManifest,
  sources: v.array(v.unknown()),
  entities: v.array(v.unknown()),
  events: v.array(v.unknown()),
  claims: v.array(v.unknown()),
  reader: v.optional(ReaderSection),
});

/** Checks parsed JSON as a pack (the bytes' checks done). */
export async function checkPackData(data: unknown, limits: PackLimits = DEFAULT_LIMITS): Promise<PackReadResult> {
  // The envelope first: a newer format is named as such, not as a hundred schema errors.
  if (!isRecord(data)) return fail('(root)', 'must be a JSON object');
  if (data.format !== PACK_FORMAT) return fail('format', `must be "${PACK_FORMAT}": this is not a pack`);
  if (data.formatVersion !== PACK_FORMAT_VERSION && data.formatVersion !== READER_FORMAT_VERSION) {
    return fail(
      'formatVersion',
      typeof data.formatVersion === 'number' && data.formatVersion > READER_FORMAT_VERSION
        ? `is ${data.formatVersion}, newer than this extension reads (${READER_FORMAT_VERSION}): update the extension`
        : `must be ${PACK_FORMAT_VERSION} or ${READER_FORMAT_VERSION}`,
    );
  }
  if ((data.formatVersion === READER_FORMAT_VERSION) !== (data.reader !== undefined)) {
    return fail(
      'formatVersion',
      `must be ${READER_FORMAT_VERSION} exactly when the pack has a "reader" section (the reader's own articles)`,
    );
  }
  const sizeProblems = checkShapeLimits(data, limits);
  if (sizeProblems.length) return { ok: false, problems: capped(sizeProblems) };

  const top = v.safeParse(Top, data);
  if (!top.success) {
    return {
      ok: false,
      problems: capped(top.issues.map((i) => ({ file: PACK, item: jsonPath(i.path), reason: i.message }))),
    };
  }
  const countProblems = checkCounts(top.output, limits);
  if (countProblems.length) return { ok: false, problems: countProblems };

  const { manifest } = top.output;
  const { sources, entities, events, claims, reader } = top.output;
  // The reader section as written (what the hash covers), once its shape is known to be right.
  const content = { sources, entities, events, claims, ...(reader ? { reader: data.reader as typeof reader } : {}) };
  const problems: Problem[] = [];
  if (manifest.sourceCount !== content.sources.length) {
    problems.push({
      file: PACK,
      item: 'manifest.sourceCount',
      reason: `says ${manifest.sourceCount} sources, the pack has ${content.sources.length}`,
    });
  }
  const hash = await contentHashOf(content as PackContent);
  if (hash !== manifest.contentHash) {
    problems.push({
      file: PACK,
      item: 'manifest.contentHash',
      reason: `does not match the content (${hash}): the file was changed or damaged after it was made`,
    });
  }
  const { raw, problems: rawProblems } = toRawCorpus(content);
  problems.push(...rawProblems);
  const version = `${manifest.id}@${manifest.version}+${manifest.contentHash.slice(7, 23)}`;
  const compiled = compileCorpus(raw, () => version);
  problems.push(...compiled.problems);
  if (reader) problems.push(...(await readerSectionProblems(reader, content as PackContent)));
  if (problems.length || !compiled.bundle) return { ok: false, problems: capped(problems) };
  return { ok: true, manifest, content: content as PackContent, bundle: compiled.bundle };
}

/**
 * The pack's items as the compiler's raw files, at the places `corpus:unpack` writes them, so
 * each problem names the file a publisher fixes.
 */
export function toRawCorpus(content: { [K in 'sources' | 'entities' | 'events' | 'claims']: unknown[] }): {
  raw: RawCorpus;
  problems: Problem[];
} {
  const problems: Problem[] = [];
  const sources: RawSource[] = content.sources.map((item, index) => {
    const record = isRecord(item) ? item : {};
    const id = typeof record.id === 'string' ? record.id : `#${index + 1}`;
    const { text, ...metadata } = record;
    if (typeof text !== 'string') {
      problems.push({ file: PACK, item: `sources[${index}].text`, reason: 'must be the article text (a string)' });
    }
    return {
      file: sourceFile(id),
      folder: id,
      articleFile: articleFile(id),
      text: typeof text === 'string' ? text : '',
      data: isRecord(item) ? metadata : item,
    };
  });
  const byKind = new Map<EntityKind, unknown[]>(ENTITY_KINDS.map((k) => [k, []]));
  for (const item of content.entities) {
    const kind =
      isRecord(item) && ENTITY_KINDS.includes(item.kind as EntityKind) ? (item.kind as EntityKind) : 'person';
    byKind.get(kind)!.push(item);
  }
  const entities = [...byKind]
    .filter(([, items]) => items.length)
    .map(([kind, items]) => ({ file: ENTITY_FILES[kind], data: items, kind }));
  const list = (file: string, items: unknown[]): RawFile[] => (items.length ? [{ file, data: items }] : []);
  return {
    raw: {
      sources,
      entities,
      events: list('events.yaml', content.events),
      claims: list('claims.yaml', content.claims),
    },
    problems,
  };
}

/**
 * One pass over the parsed JSON, without recursion (a hostile file may nest deeply): depth and
 * string lengths, each over-long string named by its place.
 */
function checkShapeLimits(data: Record<string, unknown>, limits: PackLimits): Problem[] {
  const problems: Problem[] = [];
  // Each entry keeps its parent, not a copy of its path: a path is only spelt out for a problem.
  type Entry = { value: unknown; key: string | number; parent: Entry | null; depth: number };
  const pathOf = (entry: Entry) => {
    const keys: { key: string | number }[] = [];
    for (let e: Entry | null = entry; e?.parent; e = e.parent) keys.unshift({ key: e.key });
    return keys;
  };
  const stack: Entry[] = [{ value: data, key: '', parent: null, depth: 0 }];
  while (stack.length && problems.length <= MAX_PROBLEMS_LISTED) {
    const entry = stack.pop()!;
    const { value, depth } = entry;
    if (typeof value === 'string') {
      // An article: a source's text, or the text of a reader's version no source holds.
      const isArticle =
        entry.key === 'text' &&
        ((depth === 3 && entry.parent?.parent?.key === 'sources') ||
          (depth === 4 && entry.parent?.parent?.key === 'versions' && entry.parent.parent.parent?.key === 'reader'));
      const max = isArticle ? limits.maxSourceTextLength : limits.maxStringLength;
      if (value.length > max) {
        problems.push({
          file: PACK,
          item: jsonPath(pathOf(entry)),
          reason: `is ${value.length} characters long, over the limit of ${max}`,
        });
      }
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limits.maxDepth) {
      problems.push({
        file: PACK,
        item: jsonPath(pathOf(entry)),
        reason: `nests deeper than ${limits.maxDepth} levels`,
      });
      continue;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) stack.push({ value: value[i], key: i, parent: entry, depth: depth + 1 });
    } else {
      for (const key in value) {
        stack.push({ value: (value as Record<string, unknown>)[key], key, parent: entry, depth: depth + 1 });
      }
    }
  }
  return problems;
}

function checkCounts(top: v.InferOutput<typeof Top>, limits: PackLimits): Problem[] {
  const problems: Problem[] = [];
  const over = (item: string, count: number, max: number, what: string) => {
    if (count > max) problems.push({ file: PACK, item, reason: `has ${count} ${what}, over the limit of ${max}` });
  };
  over('sources', top.sources.length, limits.maxSources, 'sources');
  over('entities', top.entities.length, limits.maxEntities, 'entities');
  const nested = (item: unknown, key: string) =>
    isRecord(item) && Array.isArray(item[key]) ? (item[key] as unknown[]).length : 0;
  const items =
    top.sources.reduce<number>((n, s) => n + nested(s, 'facts') + nested(s, 'quotes'), 0) +
    top.events.length +
    top.claims.length;
  over('(items)', items, limits.maxItems, 'facts, quotes, events and claims');
  top.entities.forEach((e, i) =>
    over(`entities[${i}].aliases`, nested(e, 'aliases'), limits.maxAliasesPerEntity, 'aliases'),
  );
  return problems;
}

function capped(problems: Problem[]): Problem[] {
  if (problems.length <= MAX_PROBLEMS_LISTED) return problems;
  return [
    ...problems.slice(0, MAX_PROBLEMS_LISTED),
    { file: PACK, item: '(more)', reason: `and ${problems.length - MAX_PROBLEMS_LISTED} more problems` },
  ];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `sources[3].facts[0].quote` from a valibot or walker path. */
function jsonPath(path: readonly { key: unknown }[] | undefined): string {
  if (!path?.length) return '(root)';
  return path.map((p, i) => (typeof p.key === 'number' ? `[${p.key}]` : `${i ? '.' : ''}${String(p.key)}`)).join('');
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/**
 * Characters that would act instead of showing in a terminal or a line of text: C0/C1 controls
 * (escape sequences), and bidirectional overrides that can make a problem read as another.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A problem as one line of plain text, with what a hostile pack could hide in it made visible. */
export function formatPackProblem(p: Problem): string {
  return formatProblem(p).replace(UNPRINTABLE, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}
