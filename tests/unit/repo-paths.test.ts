/**
 * Comments and docs that name a file of this repo must name one that exists: a path left behind
 * by a rename sends the next engineer looking for nothing (issue 16). Every tracked Markdown file,
 * and the comments of every tracked source, style, data and page file, are read; any `lib/…`,
 * `components/…`, `entrypoints/…`, `scripts/…`, `tests/…`, `docs/…`, `corpus/…` or `public/…` path
 * in them must exist (patterns with `*`, `<…>` or `{…}` are templates, not paths, and are left out).
 * String literals are data (a test's expected message), not comments, and are not read.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

const TEXT_FILE = /\.(ts|tsx|css|md|yaml|html)$/;
/** A repo path: one of the top-level folders, then path characters; not inside a URL or another path. */
const REPO_PATH =
  /(?<![\w./:@-])((?:lib|components|entrypoints|scripts|tests|docs|corpus|public)\/[\w.@/*<>{}[\]-]*[\w/])/g;

/** The repo's tracked files (git knows them even in a fresh clone with nothing built). */
function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
}

/** The comments of a TypeScript file, found by its own scanner (strings and templates are skipped). */
function tsComments(text: string, jsx: boolean): string {
  const scanner = ts.createScanner(
    ts.ScriptTarget.Latest,
    false,
    jsx ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard,
    text,
  );
  const out: string[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia)
      out.push(scanner.getTokenText());
  }
  return out.join('\n');
}

/** What of a file is prose about the repo: all of a Markdown file, the comments of anything else. */
export function proseOf(file: string, text: string): string {
  if (file.endsWith('.md')) return text;
  if (file.endsWith('.ts') || file.endsWith('.tsx')) return tsComments(text, file.endsWith('.tsx'));
  if (file.endsWith('.css')) return (text.match(/\/\*[\s\S]*?\*\//g) ?? []).join('\n');
  if (file.endsWith('.html')) return (text.match(/<!--[\s\S]*?-->/g) ?? []).join('\n');
  if (file.endsWith('.yaml')) return (text.match(/(^|\s)#.*$/gm) ?? []).join('\n');
  return '';
}

export function repoPathsIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(REPO_PATH)) {
    const path = m[1]!;
    if (/[*<>{}[\]]/.test(path)) continue;
    out.push(path);
  }
  return out;
}

describe('paths named in comments and docs', () => {
  it('finds paths in text, leaving out URLs and templates', () => {
    expect(repoPathsIn('see lib/content/scope.ts, and (docs/adr/010-detection.md).')).toEqual([
      'lib/content/scope.ts',
      'docs/adr/010-detection.md',
    ]);
    expect(repoPathsIn('https://example.org/docs/x.md and wxt-dev/wxt/docs/guide')).toEqual([]);
    expect(repoPathsIn('tests/fixtures/pages/<name>.html and corpus/sources/*/article.txt')).toEqual([]);
  });

  it('reads comments, not strings, in code', () => {
    const code = "// see lib/a.ts\nconst s = 'lib/b.ts'; /* and docs/c.md */ const t = `lib/d.ts`;";
    expect(repoPathsIn(proseOf('x.ts', code))).toEqual(['lib/a.ts', 'docs/c.md']);
  });

  it('names only files and folders that exist', () => {
    const missing: string[] = [];
    const files = trackedFiles().filter((f) => TEXT_FILE.test(f) && !f.startsWith('corpus/sources/'));
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      const text = proseOf(file, readFileSync(join(ROOT, file), 'utf8'));
      for (const path of repoPathsIn(text)) if (!existsSync(join(ROOT, path))) missing.push(`${file}: ${path}`);
    }
    expect(missing).toEqual([]);
  });
});
