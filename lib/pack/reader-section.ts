/**
 * The `reader` section of a pack (format version 2): the reader's own articles exactly as they
 * were stored, checked as strictly as the corpus part. Every version's text is found (its pack
 * source, or its own `text`), hashes to the version's `contentHash`, and every derived item is
 * verbatim at its offsets (lib/reader/verbatim.ts, the check the reader's own storage applies);
 * ids are the ones lib/reader/rows.ts makes from them; people point at entities of the pack.
 */
import * as v from 'valibot';
import type { Problem } from '../corpus/compile';
import { DerivedArticle } from '../derive/schema';
import { quoteId, statementId, versionId } from '../reader/rows';
import { verbatimProblem } from '../reader/verbatim';
import type { PackContent, ReaderSection, ReaderVersion } from './format';

const FILE = 'pack';

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A version's text: its pack source's, or its own. */
export function versionText(version: ReaderVersion, sources: PackContent['sources']): string | null {
  if (version.source !== null) return sources.find((s) => s.id === version.source)?.text ?? null;
  return version.text;
}

/** A version as the derived article it was stored from (its text put back). */
export function derivedOf(version: ReaderVersion, text: string): DerivedArticle {
  return { ...version.derived, source: { ...version.derived.source, text } };
}

export async function readerSectionProblems(reader: ReaderSection, content: PackContent): Promise<Problem[]> {
  const problems: Problem[] = [];
  const problem = (item: string, reason: string) => problems.push({ file: FILE, item, reason });
  const seen = new Set<string>();
  const current = new Set<string>();
  for (const [i, version] of reader.versions.entries()) {
    const item = `reader.versions[${i}]`;
    if (seen.has(version.id)) problem(item, `duplicated version ${version.id}`);
    seen.add(version.id);
    if (version.id !== versionId(version.articleId, version.version)) {
      problem(`${item}.id`, `must be ${versionId(version.articleId, version.version)} (its article and version)`);
    }
    if (version.current) {
      if (current.has(version.articleId)) problem(`${item}.current`, `${version.articleId} has two current versions`);
      current.add(version.articleId);
    }
    if ((version.source === null) === (version.text === null)) {
      problem(item, 'needs exactly one of "source" (the pack source holding its text) and "text"');
      continue;
    }
    const text = versionText(version, content.sources);
    if (text === null) {
      problem(`${item}.source`, `unknown source "${version.source}"`);
      continue;
    }
    const parsed = v.safeParse(DerivedArticle, derivedOf(version, text));
    if (!parsed.success) {
      problem(`${item}.derived`, parsed.issues[0]!.message);
      continue;
    }
    if ((await sha256Hex(text)) !== version.derived.source.contentHash) {
      problem(`${item}.derived.source.contentHash`, 'is not the SHA-256 of its text');
    }
    const notVerbatim = verbatimProblem(parsed.output);
    if (notVerbatim) problem(`${item}.derived`, `${notVerbatim}: not verbatim in its text`);
    const ids = new Set([
      ...parsed.output.quotes.map((q) => quoteId(version.id, q)),
      ...parsed.output.statements.map((s) => statementId(version.id, s)),
    ]);
    for (const hidden of version.hidden) {
      if (!ids.has(hidden)) problem(`${item}.hidden`, `"${hidden}" is none of its quotes and statements`);
    }
  }
  const entities = new Set(content.entities.map((e) => e.id));
  for (const [i, person] of reader.people.entries()) {
    if (person.entity !== null && !entities.has(person.entity)) {
      problem(`reader.people[${i}].entity`, `unknown entity "${person.entity}"`);
    }
    if (person.fromSourceId !== null && !seen.has(person.fromSourceId)) {
      problem(`reader.people[${i}].fromSourceId`, `unknown version "${person.fromSourceId}"`);
    }
  }
  return problems;
}
