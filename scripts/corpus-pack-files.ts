/**
 * A pack and its folder (Node only): the folder is the corpus/ layout (corpus/README.md) plus a
 * `pack.yaml` with what the publisher states in the manifest. Used by `npm run corpus:pack` and
 * `npm run corpus:unpack`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as v from 'valibot';
import { parse, stringify } from 'yaml';
import type { Problem } from '../lib/corpus/compile';
import { ENTITY_KINDS } from '../lib/corpus/schema';
import { PackManifest, type PackContent, type PackDocument } from '../lib/pack/format';
import { ENTITY_FILES, articleFile, sourceFile } from '../lib/pack/read';
import type { PackInfo } from '../lib/pack/write';
import { readCorpus } from './corpus/read';

export const PACK_INFO_FILE = 'pack.yaml';

const PackInfoInput = v.omit(PackManifest, ['sourceCount', 'contentHash']);

/** Today as YYYY-MM-DD (UTC): a pack's `created` when pack.yaml does not state it. */
const today = () => new Date().toISOString().slice(0, 10);

/** pack.yaml, checked. `created` defaults to today. */
export function readPackInfo(dir: string): { info: PackInfo | null; problems: Problem[] } {
  const path = join(dir, PACK_INFO_FILE);
  if (!existsSync(path)) {
    return { info: null, problems: [{ file: PACK_INFO_FILE, item: '(file)', reason: 'file is missing' }] };
  }
  let data: unknown;
  try {
    data = parse(readFileSync(path, 'utf8'), { uniqueKeys: true });
  } catch (error) {
    return {
      info: null,
      problems: [{ file: PACK_INFO_FILE, item: '(file)', reason: `YAML: ${(error as Error).message}` }],
    };
  }
  const withDate = data && typeof data === 'object' && !('created' in data) ? { ...data, created: today() } : data;
  const result = v.safeParse(PackInfoInput, withDate);
  if (!result.success) {
    return {
      info: null,
      problems: result.issues.map((i) => ({
        file: PACK_INFO_FILE,
        item: i.path?.map((p) => String(p.key)).join('.') ?? '(root)',
        reason: i.message,
      })),
    };
  }
  return { info: result.output, problems: [] };
}

/** The folder's items as a pack's content, exactly as authored (YAML parsed, nothing added). */
export function readPackContent(dir: string): { content: PackContent; problems: Problem[] } {
  const { raw, yamlErrors } = readCorpus(dir, dir);
  const problems = yamlErrors.map((e) => ({ file: e.file, item: '(file)', reason: e.message }));
  const content = {
    sources: raw.sources.map((s) => ({ ...(s.data as object), text: s.text })),
    entities: raw.entities.flatMap((f) => (Array.isArray(f.data) ? f.data : [f.data])),
    events: raw.events.flatMap((f) => (Array.isArray(f.data) ? f.data : [f.data])),
    claims: raw.claims.flatMap((f) => (Array.isArray(f.data) ? f.data : [f.data])),
  } as PackContent;
  return { content, problems };
}

/** YAML that reads back to exactly the same values: no folded lines. */
const yaml = (value: unknown) => stringify(value, { lineWidth: 0, minContentWidth: 0 });

function write(dir: string, file: string, text: string): void {
  const path = join(dir, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/**
 * Writes a checked pack as a folder (which must be empty or absent: stale files would be packed
 * again). Ids are checked kebab-case before this runs, so they are safe as folder names.
 */
export function writePackFolder(document: PackDocument, dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length) throw new Error(`${dir} is not empty`);
  const { sourceCount: _count, contentHash: _hash, ...info } = document.manifest;
  write(dir, PACK_INFO_FILE, yaml(info));
  for (const source of document.sources) {
    const { text, ...metadata } = source;
    write(dir, sourceFile(source.id), yaml(metadata));
    write(dir, articleFile(source.id), text);
  }
  for (const kind of ENTITY_KINDS) {
    const entities = document.entities.filter((e) => e.kind === kind);
    if (entities.length) write(dir, ENTITY_FILES[kind], yaml(entities));
  }
  if (document.events.length) write(dir, 'events.yaml', yaml(document.events));
  if (document.claims.length) write(dir, 'claims.yaml', yaml(document.claims));
}
