/**
 * The content script every page runs, kept small: most pages have no article, and there it costs
 * little more than an empty content script (issue 15). It looks for an article (now, or once a
 * single-page app renders one) and only then loads the rest: the page's highlighting, cards and
 * answers (lib/content/index.ts, in the detector part, entrypoints/detector.ts). Until then it
 * answers the extension's pages about this tab itself. It touches nothing on the page.
 *
 * Tab messages use the wire format of `requestTab` (lib/messaging/protocol.ts): `{ type, data }`
 * in, `{ res: Result }` out. Only the extension's own pages can send them (a page cannot reach a
 * content script's runtime.onMessage); their data is validated by the handler that acts on it.
 */
import { browser } from 'wxt/browser';
import type { ArticleExtraction, PageReport, PageStatus, Result, TabMessageType } from '../messaging/protocol';
import type { ContentContext } from './context';
import { PAGE_GLOBAL, type PageStart, type StartPage } from './detector-entry';
import { filledAppRoots } from './hydration';
import { loadPart } from './part-loader';
import { probe, probeMoment } from './probe';
import { findArticleRoots } from './scope';

/**
 * How often an idle page checks whether the extension was updated, disabled or removed under it
 * (Chrome tells an orphaned content script nothing). Cheap: it reads one property.
 */
export const ORPHAN_CHECK_MS = 2000;

/** A page without an article is looked at again at most this often while it changes (a single-page app). */
export const ARTICLE_RECHECK_MS = 1000;

const TAB_TYPES: ReadonlySet<string> = new Set<TabMessageType>([
  'tab.getPageReport',
  'tab.focusMention',
  'tab.moveFocus',
  'tab.extractArticle',
]);

interface TabMessage {
  type: TabMessageType;
  data: unknown;
}

function isTabMessage(message: unknown): message is TabMessage {
  return (
    typeof message === 'object' && message !== null && TAB_TYPES.has((message as { type?: unknown }).type as string)
  );
}

/** The shapes of lib/messaging/protocol.ts `tabSchemas`, checked by hand for the answers given here. */
function validData({ type, data }: TabMessage): boolean {
  switch (type) {
    case 'tab.getPageReport':
    case 'tab.extractArticle':
      return data === undefined;
    case 'tab.focusMention':
      return typeof data === 'object' && data !== null && typeof (data as { entityId?: unknown }).entityId === 'string';
    case 'tab.moveFocus': {
      const direction = (data as { direction?: unknown } | null)?.direction;
      return direction === 'next' || direction === 'previous';
    }
  }
}

/** Whether the page asked to be left alone (`data-fact-context="off"` on its root or body). */
export function optedOut(doc: Document): boolean {
  return !!doc.querySelector('html[data-fact-context="off"], body[data-fact-context="off"]');
}

export function startLoader(ctx: ContentContext, doc: Document = document): void {
  probeMoment('start');
  // Before anything else runs: an app root already filled now was rendered by the server (or by
  // a client-only app quicker than us: ./hydration.ts tells them apart).
  const start: PageStart = { appRoots: filledAppRoots(doc), startedAt: performance.now() };
  let status: PageStatus = 'reading';
  let page: ReturnType<StartPage> | null = null;
  let loading: Promise<ReturnType<StartPage> | null> | null = null;
  let watcher: MutationObserver | null = null;

  const conclude = (next: PageStatus) => {
    status = next;
    probe().status = next;
  };
  const load = () =>
    (loading ??= loadPart<StartPage>('/detector.js', PAGE_GLOBAL).then(
      (startPage) => {
        if (ctx.isInvalid) return null;
        page = startPage(ctx, doc, start);
        return page;
      },
      (error: unknown) => {
        if (!ctx.isInvalid) {
          conclude('error');
          console.warn('[fact-context]', error);
        }
        loading = null;
        return null;
      },
    ));

  /** Until an article shows up, a cheap observer that only re-checks for one. */
  const watchForArticle = () => {
    if (watcher || !doc.body) return;
    let waiting = false;
    watcher = new MutationObserver(() => {
      if (waiting) return;
      waiting = true;
      ctx.setTimeout(() => {
        waiting = false;
        if (!findArticleRoots(doc).length) return;
        watcher?.disconnect();
        watcher = null;
        void load();
      }, ARTICLE_RECHECK_MS);
    });
    watcher.observe(doc.body, { childList: true, subtree: true });
  };

  /** What this tab says to an extension page before (or without) the rest being loaded. */
  const answer = async (message: TabMessage): Promise<Result<unknown>> => {
    const loaded = page ?? (loading ? await loading : null);
    if (loaded) return loaded.answer(message.type, message.data);
    // The same refusal as the page's own handlers give (valibot's schemas stay out of this file).
    if (!validData(message)) return { ok: false, error: `Invalid ${message.type} data` };
    switch (message.type) {
      case 'tab.getPageReport': {
        const report: PageReport = { status, fingerprint: null, host: hostOf(doc), entities: [] };
        return { ok: true, value: report };
      }
      case 'tab.extractArticle': {
        const refusal: ArticleExtraction = { ok: false, reason: status === 'opted-out' ? 'opted-out' : 'no-article' };
        return { ok: true, value: refusal };
      }
      default:
        // Nothing is marked here: there is no mention to move to.
        return { ok: true, value: false };
    }
  };

  const onMessage = (message: unknown, _sender: unknown, sendResponse: (response: unknown) => void) => {
    if (!isTabMessage(message) || ctx.isInvalid) return undefined;
    answer(message).then(
      (res) => sendResponse({ res }),
      (error: unknown) =>
        sendResponse({ res: { ok: false, error: error instanceof Error ? error.message : String(error) } }),
    );
    // The answer comes asynchronously.
    return true;
  };
  browser.runtime.onMessage.addListener(onMessage);
  // Reading ctx.isInvalid notices a missing runtime and fires onInvalidated.
  ctx.setInterval(() => void ctx.isInvalid, ORPHAN_CHECK_MS);
  ctx.onInvalidated(() => {
    watcher?.disconnect();
    watcher = null;
    if (!page) probe().status = null;
    try {
      browser.runtime.onMessage.removeListener(onMessage);
    } catch {
      // The API is already gone with the extension: nothing left to unlisten.
    }
  });

  // Cheap checks first: a page that opted out or has no article costs no storage read, no
  // message to the background (which would wake its service worker) and no further script.
  if (optedOut(doc)) return conclude('opted-out');
  if (!findArticleRoots(doc).length) {
    conclude('no-article');
    return watchForArticle();
  }
  void load();
}

/** The page's hostname (web pages only): the popup's site switch, without the `tabs` permission. */
export function hostOf(doc: Document): string | null {
  const location = doc.location ?? globalThis.location;
  return /^https?:$/.test(location.protocol) ? location.hostname : null;
}
