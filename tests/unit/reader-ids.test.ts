/**
 * The reader's ids (lib/reader/rows.ts) never meet the bundled corpus's: every id the reader's
 * data gets starts with `reader-`, and the corpus check refuses that prefix in the corpus, so an id
 * alone says whose an item is (search hits and cards flag the reader's by it).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatProblem } from '@/lib/corpus/compile';
import { articleIdOf, isReaderId, quoteId, statementId, versionId } from '@/lib/reader/rows';
import { itemIdSchema } from '@/lib/messaging/shared';
import * as v from 'valibot';
import { loadCorpus } from '@/scripts/corpus/read';
import { PackManifest } from '@/lib/pack/format';
import { namespacedId } from '@/lib/pack/merge';

const FIXTURE = join(import.meta.dirname, '../fixtures/corpus/valid');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('reader ids', () => {
  it('are item ids of the message contract, all of the reader’s form, one per canonical URL', async () => {
    const article = await articleIdOf('https://daily.example/news/a');
    expect(article).toMatch(/^reader-[0-9a-f]{16}$/);
    expect(await articleIdOf('https://daily.example/news/a')).toBe(article);
    expect(await articleIdOf('https://daily.example/news/b')).not.toBe(article);
    const version = versionId(article, 2);
    const ids = [
      article,
      version,
      quoteId(version, { kind: 'direct', start: 10, end: 40 }),
      quoteId(version, { kind: 'reported', start: 10, end: 40 }),
      statementId(version, { sentence: { text: 'x', start: 0, end: 1 }, expression: { text: 'x', start: 3, end: 4 } }),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(v.is(itemIdSchema, id), id).toBe(true);
      expect(isReaderId(id)).toBe(true);
    }
  });

  it('are refused in the bundled corpus by the corpus check', () => {
    const root = mkdtempSync(join(tmpdir(), 'corpus-'));
    dirs.push(root);
    const dir = join(root, 'corpus');
    cpSync(FIXTURE, dir, { recursive: true });
    const file = join(dir, 'events.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('- id: roe-order-confirmed', '- id: reader-order-confirmed'),
    );
    expect(loadCorpus(dir).problems.map(formatProblem)).toContainEqual(
      expect.stringContaining('reader-order-confirmed: ids starting with "reader-" are the reader\'s'),
    );
  });

  it('are never those of a pack: a pack named with the reader’s prefix is refused', () => {
    const manifest = (id: string) => ({
      id,
      name: 'A pack',
      version: '1',
      publisher: 'Someone',
    });
    for (const id of ['reader', 'reader-news', 'reader-0123456789abcdef'])
      expect(
        v.safeParse(PackManifest, manifest(id)).issues?.map((i) => i.message),
        id,
      ).toContainEqual(expect.stringContaining('starts the reader'));
    for (const id of ['readers-digest', 'news-reader'])
      expect(
        (v.safeParse(PackManifest, manifest(id)).issues ?? []).some((i) => i.message.includes('reader')),
        id,
      ).toBe(false);
    expect(isReaderId(namespacedId('readers-digest', 'x'))).toBe(false);
  });
});
