/**
 * Content script: runs next to a page we do not trust. It looks for an article, asks the
 * background for the corpus's names (a read-only lookup through the message contract), and
 * highlights what it finds. It never opens IndexedDB (that would be the page's own database),
 * renders nothing as HTML, and touches nothing editable. The user's switches apply at once.
 */
import type { ContentScriptContext } from '#imports';
import { request, type MatcherEntity, type PageStatus } from '../messaging/protocol';
import {
  disabledSitesItem,
  getDisabledSites,
  getMutedEntities,
  getSettings,
  mutedEntitiesItem,
  settingsItem,
} from '../settings';
import { PageScanner } from './scanner';
import { findArticleRoots } from './scope';

/** Attribute on <html> saying what the content script concluded (for the popup's status and tests). */
export const STATE_ATTRIBUTE = 'data-fact-context-state';

/**
 * How often an idle page checks whether the extension was updated, disabled or removed under it
 * (Chrome tells an orphaned content script nothing). Cheap: it reads one property.
 */
export const ORPHAN_CHECK_MS = 2000;

export function startContent(ctx: ContentScriptContext, doc: Document = document): void {
  const root = doc.documentElement;
  let scanner: PageScanner | null = null;
  let entities: MatcherEntity[] | null = null;
  let generation = 0;

  const setStatus = (status: PageStatus) => root.setAttribute(STATE_ATTRIBUTE, status);
  const report = (linked: number) => {
    if (!ctx.isInvalid) void request('cs.reportMentions', { linked }).catch(() => {});
  };

  const stop = () => {
    scanner?.stop();
    scanner = null;
  };

  const run = async () => {
    const mine = ++generation;
    stop();
    try {
      const [settings, disabledSites, muted] = await Promise.all([
        getSettings(),
        getDisabledSites(),
        getMutedEntities(),
      ]);
      if (mine !== generation || ctx.isInvalid) return;
      if (!settings.enabled) return finish('off', 0);
      if (disabledSites.includes(location.hostname)) return finish('site-off', 0);
      if (doc.querySelector('html[data-fact-context="off"], body[data-fact-context="off"]'))
        return finish('opted-out', 0);
      const roots = findArticleRoots(doc);
      if (!roots.length) {
        // No article now; a single-page app may render one later.
        watchForArticle();
        return finish('no-article', 0);
      }
      entities ??= await request('cs.getMatcherEntities');
      if (mine !== generation || ctx.isInvalid) return;
      const mutedSet = new Set(muted);
      const kinds = new Set<string>(settings.kinds);
      const active = entities.filter((e) => !mutedSet.has(e.id) && kinds.has(e.kind));
      scanner = new PageScanner({ doc, entities: active, onChange: (r) => report(r.linked) });
      await scanner.start(roots);
      if (mine === generation) setStatus('ready');
    } catch (error) {
      if (ctx.isInvalid) return;
      setStatus('error');
      console.warn('[fact-context]', error);
    }

    function finish(status: PageStatus, linked: number) {
      setStatus(status);
      report(linked);
    }
  };

  let articleWatcher: MutationObserver | null = null;
  /** Until an article shows up, a cheap observer that only re-checks for one, at most once a second. */
  const watchForArticle = () => {
    if (articleWatcher || !doc.body) return;
    let waiting = false;
    articleWatcher = new MutationObserver(() => {
      if (waiting) return;
      waiting = true;
      ctx.setTimeout(() => {
        waiting = false;
        if (findArticleRoots(doc).length) {
          articleWatcher?.disconnect();
          articleWatcher = null;
          void run();
        }
      }, 1000);
    });
    articleWatcher.observe(doc.body, { childList: true, subtree: true });
  };

  const unwatch = [
    settingsItem.watch(() => void run()),
    disabledSitesItem.watch(() => void run()),
    mutedEntitiesItem.watch(() => void run()),
  ];
  // Reading ctx.isInvalid notices a missing runtime and fires onInvalidated.
  ctx.setInterval(() => void ctx.isInvalid, ORPHAN_CHECK_MS);
  ctx.onInvalidated(() => {
    // Page cleanup first: once orphaned, extension APIs (storage.onChanged...) may be gone and throw.
    generation++;
    articleWatcher?.disconnect();
    stop();
    root.removeAttribute(STATE_ATTRIBUTE);
    for (const u of unwatch) {
      try {
        u();
      } catch {
        // The API is already gone with the extension: nothing left to unwatch.
      }
    }
  });
  void run();
}
