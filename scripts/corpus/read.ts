/** Reads the corpus folder from disk and compiles it (Node only: build, scripts and tests). */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { compileCorpus, type CompileResult, type RawCorpus, type RawFile } from '../../lib/corpus/compile';
import type { EntityKind } from '../../lib/corpus/schema';

export const CORPUS_DIR = resolve(import.meta.dirname, '../../corpus');
const REPO_DIR = resolve(import.meta.dirname, '../..');

const ENTITY_FILES: Record<string, EntityKind> = {
  'people.yaml': 'person',
  'weapons.yaml': 'weapon',
  'weapon-classes.yaml': 'weapon-class',
};

/** sha-256 of the canonical content, shortened: long enough to never collide between releases. */
export function contentHash(content: string): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}

function readYaml(path: string, repoDir: string): RawFile {
  const file = relative(repoDir, path);
  if (!existsSync(path)) return { file, data: { __yamlError: 'file is missing' } };
  try {
    return { file, data: parse(readFileSync(path, 'utf8'), { uniqueKeys: true }) };
  } catch (error) {
    // Surfaced as a problem by the compiler: data that fits no schema.
    return { file, data: { __yamlError: (error as Error).message } };
  }
}

/** Reads every corpus file below `dir`. Missing optional files are treated as empty lists. */
export function readCorpus(
  dir = CORPUS_DIR,
  repoDir = dir === CORPUS_DIR ? REPO_DIR : resolve(dir, '..'),
): {
  raw: RawCorpus;
  files: string[];
  yamlErrors: { file: string; message: string }[];
} {
  const files: string[] = [];
  const yamlErrors: { file: string; message: string }[] = [];
  const track = (f: RawFile) => {
    files.push(f.file);
    const data = f.data as { __yamlError?: string } | null;
    if (data && typeof data === 'object' && '__yamlError' in data && data.__yamlError) {
      yamlErrors.push({ file: f.file, message: data.__yamlError });
    }
    return f;
  };
  const sourcesDir = join(dir, 'sources');
  const sources = (existsSync(sourcesDir) ? readdirSync(sourcesDir, { withFileTypes: true }) : [])
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((folder) => {
      const articlePath = join(sourcesDir, folder, 'article.txt');
      const yaml = track(readYaml(join(sourcesDir, folder, 'source.yaml'), repoDir));
      files.push(relative(repoDir, articlePath));
      if (!existsSync(articlePath))
        yamlErrors.push({ file: relative(repoDir, articlePath), message: 'file is missing' });
      return {
        ...yaml,
        folder,
        articleFile: relative(repoDir, articlePath),
        text: existsSync(articlePath) ? readFileSync(articlePath, 'utf8') : '',
      };
    });
  const entities = Object.entries(ENTITY_FILES)
    .filter(([name]) => existsSync(join(dir, 'entities', name)))
    .map(([name, kind]) => ({ ...track(readYaml(join(dir, 'entities', name), repoDir)), kind }));
  const listFile = (name: string) => (existsSync(join(dir, name)) ? [track(readYaml(join(dir, name), repoDir))] : []);
  return {
    raw: { sources, entities, events: listFile('events.yaml'), claims: listFile('claims.yaml') },
    files,
    yamlErrors,
  };
}

/** Reads and compiles; YAML syntax errors come first among the problems. */
export function loadCorpus(dir?: string): CompileResult & { files: string[] } {
  const { raw, files, yamlErrors } = readCorpus(dir);
  const result = compileCorpus(raw, contentHash);
  const yamlProblems = yamlErrors.map((e) => ({
    file: e.file,
    item: '(file)',
    reason: e.message === 'file is missing' ? e.message : `YAML: ${e.message}`,
  }));
  const problems = [...yamlProblems, ...result.problems.filter((p) => !yamlErrors.some((e) => e.file === p.file))];
  return { bundle: problems.length ? null : result.bundle, problems, files };
}
