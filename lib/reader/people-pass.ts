/**
 * The full derivation of a stored version, with the name library (`compromise`, 359 kB, loaded on
 * first use), run in an extension page: the background derives quickly without it, so that an
 * addition stays within twice Readability's time, and a Chrome service worker cannot load a
 * library lazily (no `import()` there). A page that shows the reader's articles or offers their
 * people (the popup after an addition, the "Your articles" view) calls `completeDerivations` in
 * idle time; the background checks the result is of the very text it stored, verbatim, and
 * replaces the version's derived items with it (items the reader hid stay hidden).
 * docs/adr/017-readers-articles.md.
 */
import { deriveArticle } from '../derive';
import type { ReaderArticle, ReaderSourceSummary } from '../messaging/reader';
import { expandMatcherNames } from '../messaging/matcher-names';
import { request as defaultRequest } from '../messaging/protocol';

type Request = typeof defaultRequest;

/** Derives one version again with the name library and hands the result to the background; null when it was done already. */
export async function completeDerivation(
  sourceId: string,
  request: Request = defaultRequest,
): Promise<ReaderSourceSummary | null> {
  const source = await request('page.getReaderSource', { sourceId });
  if (source.derivation === 'full') return null;
  const entities = expandMatcherNames(await request('cs.getMatcherEntities'));
  const extracted = {
    pageUrl: source.pageUrl,
    canonical: { url: source.canonicalUrl, method: source.canonicalMethod },
    text: source.text,
    truncated: source.truncated,
    metadata: source.metadata,
  };
  const derived = await deriveArticle(extracted, entities, {
    addedAt: new Date(source.versionDate),
    nameLibrary: true,
  });
  return request('page.completeDerivation', { sourceId, derived });
}

/** Waits for the page to be idle (or the next task where there is no idle callback). */
function idle(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve());
    else setTimeout(resolve, 0);
  });
}

/**
 * Completes the derivation of every current version that has only the quick one, one at a time in
 * idle time, stopping when `signal` aborts (the page closes). Returns the versions completed.
 */
export async function completeDerivations(
  options: { signal?: AbortSignal; request?: Request } = {},
): Promise<string[]> {
  const request = options.request ?? defaultRequest;
  const articles: ReaderArticle[] = await request('page.listReaderArticles');
  const done: string[] = [];
  for (const { current } of articles) {
    if (current.derivation === 'full') continue;
    await idle();
    if (options.signal?.aborted) break;
    if (await completeDerivation(current.id, request)) done.push(current.id);
  }
  return done;
}
