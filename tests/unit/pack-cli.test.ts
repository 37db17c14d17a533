/**
 * `npm run corpus:pack` and `corpus:unpack` as a publisher runs them: a folder packs, the pack
 * unpacks to a folder that packs again to the same bytes, and a broken input writes nothing.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readPack } from '@/lib/pack/read';
import { encodePack } from '@/lib/pack/write';
import { writePackFolder } from '@/scripts/corpus-pack-files';
import { smallDocument } from './pack-support';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURE = join(ROOT, 'tests/fixtures/corpus/valid');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const dirs: string[] = [];

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pack-cli-'));
  dirs.push(dir);
  return dir;
}

function run(script: 'corpus-pack' | 'corpus-unpack', ...args: string[]) {
  const result = spawnSync(TSX, [join(ROOT, `scripts/${script}.ts`), ...args], { encoding: 'utf8', cwd: ROOT });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const PACK_YAML = [
  'id: sample',
  'name: Sample pack',
  'version: "1.0"',
  'publisher: Fact Context tests',
  'licence: CC-BY-4.0',
  'created: "2026-12-04"',
  '',
].join('\n');

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('corpus:pack and corpus:unpack', () => {
  it('pack → unpack → pack gives the same bytes, and the articles byte for byte', async () => {
    const tmp = scratch();
    const folder = join(tmp, 'in');
    cpSync(FIXTURE, folder, { recursive: true });
    writeFileSync(join(folder, 'pack.yaml'), PACK_YAML);
    const first = run('corpus-pack', folder, join(tmp, 'one.fcpack'));
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/^corpus:pack: .*one\.fcpack: sample 1\.0, \d+ bytes, 1 sources, 2 entities, /);
    expect(run('corpus-unpack', join(tmp, 'one.fcpack'), join(tmp, 'out')).status).toBe(0);
    expect(run('corpus-pack', join(tmp, 'out'), join(tmp, 'two.fcpack')).status).toBe(0);
    expect(readFileSync(join(tmp, 'two.fcpack'))).toEqual(readFileSync(join(tmp, 'one.fcpack')));
    const article = 'sources/sample-article/article.txt';
    expect(readFileSync(join(tmp, 'out', article))).toEqual(readFileSync(join(FIXTURE, article)));
  });

  it('keeps hostile and YAML-looking text exactly through a folder', async () => {
    const doc = structuredClone(await smallDocument());
    const odd = ['yes', 'null', '2024', '- item', '# not a comment', '<b>bold</b>', 'a: b', '  spaced  ', '\u2028x'];
    doc.sources[0]!.text = `  leading spaces\r\n${odd.join('\n')}\n${doc.sources[0]!.text}\t`;
    doc.sources[1]!.title = '<script>alert(1)</script> “quoted” — no';
    doc.entities[0]!.topics = odd.map((o) => o.trim());
    const tmp = scratch();
    writePackFolder(doc, join(tmp, 'folder'));
    expect(run('corpus-pack', join(tmp, 'folder'), join(tmp, 'p.fcpack')).status).toBe(0);
    const result = await readPack(new Uint8Array(readFileSync(join(tmp, 'p.fcpack'))));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.content.sources[0]!.text).toBe(doc.sources[0]!.text);
    expect(result.content.sources[1]!.title).toBe(doc.sources[1]!.title);
    expect(result.content.entities[0]!.topics).toEqual(doc.entities[0]!.topics);
    expect(result.manifest.contentHash).not.toBe(doc.manifest.contentHash); // the edits are content
  });

  it('refuses a folder that breaks a rule, and writes nothing', () => {
    const tmp = scratch();
    const folder = join(tmp, 'in');
    cpSync(FIXTURE, folder, { recursive: true });
    writeFileSync(join(folder, 'pack.yaml'), PACK_YAML);
    const article = join(folder, 'sources/sample-article/article.txt');
    writeFileSync(article, readFileSync(article, 'utf8').replace('Skyfall rockets', 'Skyfall missiles'));
    const result = run('corpus-pack', folder, join(tmp, 'out.fcpack'));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /sources\/sample-article\/source\.yaml: skyfall-rockets-arrive-march: quote is not verbatim in sources\/sample-article\/article\.txt/,
    );
    expect(existsSync(join(tmp, 'out.fcpack'))).toBe(false);
  });

  it('refuses a folder without pack.yaml', () => {
    const tmp = scratch();
    const result = run('corpus-pack', FIXTURE, join(tmp, 'out.fcpack'));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('pack.yaml: (file): file is missing');
    expect(existsSync(join(tmp, 'out.fcpack'))).toBe(false);
  });

  it('refuses to unpack a damaged pack or into a folder that is not empty, and writes nothing', async () => {
    const tmp = scratch();
    const bytes = await encodePack(await smallDocument());
    writeFileSync(join(tmp, 'cut.fcpack'), bytes.slice(0, bytes.byteLength - 40));
    const cut = run('corpus-unpack', join(tmp, 'cut.fcpack'), join(tmp, 'out'));
    expect(cut.status).toBe(1);
    expect(cut.stderr).toMatch(/pack: \(file\): is truncated or damaged/);
    expect(existsSync(join(tmp, 'out'))).toBe(false);

    writeFileSync(join(tmp, 'ok.fcpack'), bytes);
    mkdirSync(join(tmp, 'full'));
    writeFileSync(join(tmp, 'full', 'keep.txt'), 'mine');
    const full = run('corpus-unpack', join(tmp, 'ok.fcpack'), join(tmp, 'full'));
    expect(full.status).toBe(1);
    expect(full.stderr).toContain('is not empty');
    expect(readFileSync(join(tmp, 'full', 'keep.txt'), 'utf8')).toBe('mine');
  });
});
