/**
 * Content script: runs next to a page we do not trust. It looks for an article, asks the
 * background for the corpus's names (lookups through the message contract), and highlights
 * what it finds. It never opens IndexedDB (that would be the page's own database), renders
 * nothing as HTML, and touches nothing editable. The user's switches apply at once.
 *
 * `startContent` returns a small API (`ContentPage`) that the card UI (components/card) uses;
 * the entrypoint wires the two together.
 */
import type { ContentScriptContext } from '#imports';
import * as v from 'valibot';
import type { CardData } from '../cards/card-data';
import type { PageActions } from '../cards/card-page';
import {
  FINGERPRINT_CHARS,
  request,
  tabMessenger,
  tabSchemas,
  type MatcherEntity,
  type PageReport,
  type PageStatus,
  type Result,
  type TabMessageType,
} from '../messaging/protocol';
import { DEFAULT_SETTINGS, readUserData, watchUserData, type Settings } from '../settings';
import { loadBundle } from './bundle-loader';
import { DETECTOR_GLOBAL, type CreateScanner } from './detector-entry';
import type { MentionInfo } from './highlight';
import type { PageScanner } from './scanner';
import { probe, probeMoment } from './probe';
import { collectChunks, findArticleRoots } from './scope';

/**
 * How often an idle page checks whether the extension was updated, disabled or removed under it
 * (Chrome tells an orphaned content script nothing). Cheap: it reads one property.
 */
export const ORPHAN_CHECK_MS = 2000;

/** A chunk of at least this many characters starts the article's fingerprint (skips bylines). */
const FINGERPRINT_MIN_CHUNK = 80;

export interface ContentPage {
  readonly ctx: ContentScriptContext;
  readonly doc: Document;
  settings(): Settings;
  /** Is this one of our marks? A page can copy their class and data attributes, not their identity. */
  isOwnMark(target: EventTarget | null): target is HTMLElement;
  /** The first mark of each mention, in document order. */
  mentionMarks(): HTMLElement[];
  /** How many mentions are linked now (cheap). */
  mentionCount(): number;
  mention(id: string): MentionInfo | undefined;
  /**
   * The mention one of our marks stands for, from the content script's own memory: undefined for
   * anything else, whatever its class or data attributes say (the page can write those).
   */
  mentionOf(target: EventTarget | null): MentionInfo | undefined;
  /** Card data, fetched in one batch for the entities on the page and kept. */
  card(entityId: string): Promise<CardData | undefined>;
  /** Called when highlighting starts (before the first mark), after every pass, and when it stops. */
  onChange(listener: () => void): void;
  /** Is highlighting running on this page (an article, switched on)? */
  highlighting(): boolean;
  /** An extension page asked to show a mention of this entity (popup's "This page"). */
  onFocusRequest(listener: (entityId: string) => boolean): void;
  /** A keyboard command asked to move to the next or previous mention. */
  onMoveRequest(listener: (direction: 1 | -1) => boolean): void;
  /** The card's actions (lib/cards/card-page.ts): each settles when the background answers. */
  actions: PageActions;
}

export function startContent(ctx: ContentScriptContext, doc: Document = document): ContentPage {
  probeMoment('start');
  let scanner: PageScanner | null = null;
  let entities: MatcherEntity[] | null = null;
  let settings: Settings = DEFAULT_SETTINGS;
  let status: PageStatus = 'no-article';
  let generation = 0;
  const cards = new Map<string, Promise<CardData | undefined>>();
  const changeListeners: (() => void)[] = [];
  let focusListener: ((entityId: string) => boolean) | null = null;
  let moveListener: ((direction: 1 | -1) => boolean) | null = null;
  let unwatchUserData: (() => void) | null = null;

  const setStatus = (next: PageStatus) => {
    status = next;
    // On our own global, never on the page: a page must not learn that we are here.
    probe().status = next;
  };
  const notify = () => changeListeners.forEach((l) => l());
  /** The badge count, sent only when it changes (a new page starts with no badge). */
  let reported = 0;
  const report = (linked: number) => {
    if (linked === reported) return;
    reported = linked;
    send('cs.reportMentions', { linked });
  };
  /** A card action's answer: settled when the background is done, rejected with its refusal. */
  const act = (ask: () => Promise<unknown>): Promise<void> =>
    ctx.isInvalid ? Promise.reject(new Error('The extension was updated or removed')) : ask().then(() => undefined);
  const send = <T extends Parameters<typeof request>[0]>(...args: Parameters<typeof request<T>>) => {
    if (!ctx.isInvalid) void request(...args).catch((error: unknown) => console.warn('[fact-context]', error));
  };

  /** One batched request for the cards of every entity on the page not fetched yet. */
  const prefetchCards = () => {
    const missing = [...(scanner?.entityCounts().keys() ?? [])].filter((id) => !cards.has(id));
    if (!missing.length || ctx.isInvalid) return;
    const batch = request('cs.getCards', { entityIds: missing });
    for (const id of missing)
      cards.set(
        id,
        batch.then((r) => r[id]),
      );
    batch.catch(() => missing.forEach((id) => cards.delete(id)));
  };

  const stop = () => {
    scanner?.stop();
    scanner = null;
    notify();
  };

  const run = async () => {
    const mine = ++generation;
    stop();
    try {
      // Cheap checks first: a page that opted out or has no article costs no storage read and no
      // message to the background (which would wake its service worker on every page).
      if (doc.querySelector('html[data-fact-context="off"], body[data-fact-context="off"]')) return finish('opted-out');
      const roots = findArticleRoots(doc);
      if (!roots.length) {
        // No article now; a single-page app may render one later.
        watchForArticle();
        return finish('no-article');
      }
      // The bench splits the page's own load from our work at this point.
      probeMoment('article-found');
      // From here on the user's switches matter: follow them (a page without an article never needs to).
      unwatchUserData ??= watchUserData(() => void run());
      const { settings: stored, disabledSites, mutedEntities: muted } = await readUserData();
      if (mine !== generation || ctx.isInvalid) return;
      settings = stored;
      if (!settings.enabled) return finish('off');
      if (disabledSites.includes(location.hostname)) return finish('site-off');
      // Only now, with an article in view, fetch the names and load the detector.
      const [names, createScanner] = await Promise.all([
        entities ?? request('cs.getMatcherEntities'),
        loadBundle<CreateScanner>('/detector.js', DETECTOR_GLOBAL),
      ]);
      entities = names;
      if (mine !== generation || ctx.isInvalid) return;
      const mutedSet = new Set(muted);
      const kinds = new Set<string>(settings.kinds);
      const active = entities.filter((e) => !mutedSet.has(e.id) && kinds.has(e.kind));
      scanner = createScanner({
        doc,
        entities: active,
        tabbable: settings.marksInTabOrder,
        highlightStyle: settings.highlightStyle,
        onChange: (r) => {
          report(r.linked);
          prefetchCards();
          notify();
        },
      });
      notify();
      await scanner.start(roots);
      if (mine === generation) setStatus('ready');
    } catch (error) {
      if (ctx.isInvalid) return;
      setStatus('error');
      console.warn('[fact-context]', error);
    }

    function finish(next: PageStatus) {
      setStatus(next);
      report(0);
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

  const pageReport = (): PageReport => {
    const counts = scanner?.entityCounts() ?? new Map<string, number>();
    const byId = new Map((entities ?? []).map((e) => [e.id, e]));
    return {
      status,
      fingerprint: fingerprint(doc),
      host: /^https?:$/.test(location.protocol) ? location.hostname : null,
      entities: [...counts].map(([id, count]) => ({
        id,
        count,
        name: byId.get(id)?.name ?? id,
        kind: byId.get(id)?.kind ?? 'person',
      })),
    };
  };

  // Messages from the extension's pages to this tab: validated like any other input.
  const tabHandlers: { [T in TabMessageType]: (data: v.InferOutput<(typeof tabSchemas)[T]>) => unknown } = {
    'tab.getPageReport': () => pageReport(),
    'tab.focusMention': ({ entityId }) => focusListener?.(entityId) ?? false,
    'tab.moveFocus': ({ direction }) => moveListener?.(direction === 'next' ? 1 : -1) ?? false,
  };
  const removeTabListeners = (Object.keys(tabSchemas) as TabMessageType[]).map((type) =>
    tabMessenger.onMessage(type, async (message): Promise<Result<never>> => {
      const parsed = v.safeParse(tabSchemas[type], message.data);
      if (!parsed.success) return { ok: false, error: `Invalid ${type} data` };
      const handler = tabHandlers[type] as (d: unknown) => unknown;
      return { ok: true, value: handler(parsed.output) as never };
    }),
  );

  const unwatch = [() => unwatchUserData?.(), ...removeTabListeners];
  // Reading ctx.isInvalid notices a missing runtime and fires onInvalidated.
  ctx.setInterval(() => void ctx.isInvalid, ORPHAN_CHECK_MS);
  ctx.onInvalidated(() => {
    // Page cleanup first: once orphaned, extension APIs (storage.onChanged...) may be gone and throw.
    generation++;
    articleWatcher?.disconnect();
    stop();
    probe().status = null;
    for (const u of unwatch) {
      try {
        u();
      } catch {
        // The API is already gone with the extension: nothing left to unwatch.
      }
    }
  });
  void run();

  return {
    ctx,
    doc,
    settings: () => settings,
    isOwnMark: (target): target is HTMLElement => scanner?.isOwnMark(target) ?? false,
    mentionMarks: () => scanner?.mentionMarks() ?? [],
    mentionCount: () => scanner?.mentionCount() ?? 0,
    mention: (id) => scanner?.mention(id),
    mentionOf: (target) => scanner?.mentionOf(target),
    card(entityId) {
      if (!cards.has(entityId)) {
        const one = request('cs.getCards', { entityIds: [entityId] }).then((r) => r[entityId]);
        cards.set(entityId, one);
        one.catch(() => cards.delete(entityId));
      }
      return cards.get(entityId)!;
    },
    onChange: (listener) => void changeListeners.push(listener),
    highlighting: () => scanner !== null,
    onFocusRequest: (listener) => {
      focusListener = listener;
    },
    onMoveRequest: (listener) => {
      moveListener = listener;
    },
    actions: {
      timeline: (entityId) => act(() => request('cs.openTimeline', { entityId })),
      openSource: (sourceId, quote) => act(() => request('cs.openReader', quote ? { sourceId, quote } : { sourceId })),
      mute: (entityId) => act(() => request('cs.muteEntity', { entityId })),
      siteOff: () => act(() => request('cs.disableSite')),
      undo: (change) => act(() => request('cs.undoChange', change)),
    },
  };
}

/** The start of the article's own text, whitespace folded: lets the side panel recognise a corpus article. */
function fingerprint(doc: Document): string | null {
  for (const root of findArticleRoots(doc)) {
    for (const chunk of collectChunks(root)) {
      const text = chunk.text.replace(/\s+/g, ' ').trim();
      if (text.length >= FINGERPRINT_MIN_CHUNK) return text.slice(0, FINGERPRINT_CHARS);
    }
  }
  return null;
}
