/**
 * Content script: runs next to a page we do not trust. It looks for an article, asks the
 * background for the corpus's names (lookups through the message contract), and highlights
 * what it finds. It never opens IndexedDB (that would be the page's own database), renders
 * nothing as HTML, and touches nothing editable. The user's switches apply at once, to the
 * pages they concern; a page where nothing is marked sees nothing of ours (docs/adr/013-hostile-page.md).
 *
 * `startContent` returns a small API (`ContentPage`) that the card UI (components/card) uses;
 * the entrypoint wires the two together.
 */
import * as v from 'valibot';
import type { CardData } from '../cards/card-data';
import type { PageActions } from '../cards/card-page';
import { tokenize } from '../match/text';
import {
  FINGERPRINT_CHARS,
  request,
  type ArticleExtraction,
  tabSchemas,
  type MatcherEntity,
  type PageReport,
  type PageStatus,
  type Result,
  type TabMessageType,
} from '../messaging/protocol';
import {
  DEFAULT_SETTINGS,
  changedSwitches,
  readUserData,
  watchUserData,
  type Settings,
  type UserData,
} from '../settings';
import { loadPart } from './part-loader';
import { CardRequests } from './card-requests';
import type { ContentContext } from './context';
import { DETECTOR_GLOBAL, type CreateScanner, type PageStart } from './detector-entry';
import { EXTRACTOR_GLOBAL, type ExtractArticle } from './extractor-entry';
import type { MentionInfo } from './highlight';
import { filledAppRoots, hydrationEvidence, waitForHydration, type HydrationWait } from './hydration';
import { MarkStyle } from './mark-style';
import type { PageScanner, ScanResult } from './scanner';
import { hostOf, optedOut } from './loader';
import { probe, probeMoment } from './probe';
import { collectChunks, findArticleRoots } from './scope';
import { expandMatcherNames } from '../messaging/matcher-names';

/** A chunk of at least this many characters starts the article's fingerprint (skips bylines). */
const FINGERPRINT_MIN_CHUNK = 80;

/**
 * A card asked for an entity not among those linked at the end of the last pass is checked again
 * against the marks of the pass under way, at most this often: a page firing events at made-up
 * ids cannot make us count the marks thousands of times.
 */
export const LINKED_RECHECK_MS = 100;

/**
 * The marking engine's work budget: a scanner (or its pass's result) that gave up on the page
 * says why, as a field or a method. Optional: a scanner without a budget never says so.
 */
interface StoppingScan {
  readonly stoppedReason?: string | null | (() => string | null | undefined);
}

/** Why `scan` (a scanner or a pass's result) stopped for the page, if it did. */
function stoppedReason(scan: unknown): string | null {
  const reason = (scan as StoppingScan | null | undefined)?.stoppedReason;
  const value = typeof reason === 'function' ? reason.call(scan) : reason;
  return value || null;
}

export interface ContentPage {
  readonly ctx: ContentContext;
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
  /**
   * Card data of an entity linked on this page, fetched in batches and kept (./card-requests.ts);
   * undefined, without asking the background, for any other id.
   */
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
  /** Answers an extension page's tab message (lib/content/loader.ts receives it), its data validated here. */
  answer(type: TabMessageType, data: unknown): Promise<Result<unknown>>;
}

/**
 * Highlighting, cards and answers for a page where the loader (./loader.ts) found an article.
 * `start` is what the loader saw when the content script started (else: now).
 */
export function startContent(ctx: ContentContext, doc: Document = document, start?: PageStart): ContentPage {
  probeMoment('start');
  const startedAt = start?.startedAt ?? performance.now();
  // Before anything else runs: an app root already filled now was rendered by the server (or by
  // a client-only app quicker than us: ./hydration.ts tells them apart).
  const appRoots = start?.appRoots ?? filledAppRoots(doc);
  let scanner: PageScanner | null = null;
  let entities: MatcherEntity[] | null = null;
  /** The user's switches as last read or told (storage.onChanged); null until first read. */
  let userData: UserData | null = null;
  let settings: Settings = DEFAULT_SETTINGS;
  // Until the page is read, a report says so: never a conclusion (no article) it has not reached.
  let status: PageStatus = 'reading';
  let generation = 0;
  /** The wait for a server-rendered page to hydrate (./hydration.ts): once per page. */
  let hydration: Promise<HydrationWait> | null = null;
  const markStyle = new MarkStyle(doc);
  const changeListeners: (() => void)[] = [];
  let focusListener: ((entityId: string) => boolean) | null = null;
  let moveListener: ((direction: 1 | -1) => boolean) | null = null;
  let unwatchUserData: (() => void) | null = null;

  const setStatus = (next: PageStatus) => {
    status = next;
    // On our own global, never on the page: a page must not learn that we are here. The probe
    // holds conclusions; waiting is not one.
    if (next !== 'waiting') probe().status = next;
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

  /** Entities linked on the page at the end of the last pass (or the last recheck). */
  let linkedIds = new Set<string>();
  let linkedCheckedAt = -Infinity;
  const refreshLinked = () => {
    linkedIds = new Set(scanner?.entityCounts().keys() ?? []);
    linkedCheckedAt = performance.now();
  };
  const isLinked = (entityId: string): boolean => {
    if (linkedIds.has(entityId)) return true;
    // Marks of a pass still under way are not counted yet: look again, but not at every call.
    if (!scanner || performance.now() - linkedCheckedAt < LINKED_RECHECK_MS) return false;
    refreshLinked();
    return linkedIds.has(entityId);
  };
  const cards = new CardRequests(
    (entityIds) =>
      ctx.isInvalid ? Promise.reject(new Error('Extension gone')) : request('cs.getCards', { entityIds }),
    isLinked,
  );

  /** Sets the status a finished pass calls for: ready, or the reason the scanner gave up on the page. */
  const passDone = (result?: ScanResult) => {
    setStatus((stoppedReason(scanner) ?? stoppedReason(result)) ? 'over-budget' : 'ready');
  };

  const stop = () => {
    scanner?.stop();
    scanner = null;
    linkedIds = new Set();
    // Nothing of ours stays on a page where we mark nothing.
    markStyle.detach();
    notify();
  };

  /** Whether a change of the user's switches concerns this page (else it is left exactly as it is). */
  const concerns = (before: UserData, after: UserData): boolean => {
    const changes = changedSwitches(before, after);
    if (changes.remark || changes.sites.has(location.hostname)) return true;
    // Muting or unmuting changes nothing where nothing is marked: a run reads the switches anew.
    if (!changes.entities.size || !scanner) return false;
    const counts = scanner.entityCounts();
    return [...changes.entities].some((id) => counts.has(id) || namedOnPage(id));
  };

  /**
   * Whether the article holds every word of one of the entity's names: what any candidate match
   * of it needs (so a mute or unmute of an entity the page never names leaves it alone).
   */
  const namedOnPage = (entityId: string): boolean => {
    const entity = entities?.find((e) => e.id === entityId);
    if (!entity) return false;
    const words = new Set<string>();
    for (const root of findArticleRoots(doc)) for (const t of tokenize(root.textContent ?? '')) words.add(t.folded);
    const names = [entity.name, ...entity.aliasDetails.map((a) => a.text)];
    return names.some((name) => {
      const tokens = tokenize(name);
      return tokens.length > 0 && tokens.every((t) => words.has(t.folded));
    });
  };

  const onUserData = (changed: Partial<UserData>) => {
    const before = userData;
    if (!before) return void run();
    userData = { ...before, ...changed };
    settings = userData.settings;
    if (concerns(before, userData)) void run();
  };

  const run = async () => {
    const mine = ++generation;
    stop();
    try {
      // Cheap checks first: a page that opted out or has no article costs no storage read and no
      // message to the background (which would wake its service worker on every page).
      if (optedOut(doc)) return finish('opted-out');
      let roots = findArticleRoots(doc);
      if (!roots.length) {
        // No article now; a single-page app may render one later.
        watchForArticle();
        return finish('no-article');
      }
      // The bench splits the page's own load from our work at this point.
      probeMoment('article-found');
      // From here on the user's switches matter: follow them (a page without an article never needs to).
      unwatchUserData ??= watchUserData(onUserData);
      const stored = await readUserData();
      if (mine !== generation || ctx.isInvalid) return;
      userData = stored;
      settings = stored.settings;
      if (!settings.enabled) return finish('off');
      if (stored.disabledSites.includes(location.hostname)) return finish('site-off');
      // Only now, with an article in view, fetch the names and load the detector.
      const loading = Promise.all([
        entities ?? request('cs.getMatcherEntities').then(expandMatcherNames),
        loadPart<CreateScanner>('/detector.js', DETECTOR_GLOBAL),
      ]);
      const evidence = hydration ? null : hydrationEvidence(doc, roots, appRoots);
      if (hydration || evidence) {
        // A framework will take over this markup: leave it alone until it has (./hydration.ts).
        loading.catch(() => {});
        setStatus('waiting');
        const apps = appRoots.filter((app) => roots.some((r) => app.contains(r)));
        // Markers: changes of the article are a framework still at work (streaming, a client
        // render after a mismatch). Only an app root: its changes are a client-side app at work,
        // with nothing to hydrate.
        const watch = evidence === 'markers' ? { churn: [...roots, ...apps] } : { live: apps };
        hydration ??= waitForHydration(doc, watch, ctx.signal, { startedAt });
        await hydration;
        if (mine !== generation || ctx.isInvalid) return;
        // The framework may have rendered the article anew.
        roots = findArticleRoots(doc);
        if (!roots.length) {
          watchForArticle();
          return finish('no-article');
        }
      }
      const [names, createScanner] = await loading;
      entities = names;
      if (mine !== generation || ctx.isInvalid) return;
      // The switches may have changed while we waited (muted entities, kinds): the latest apply.
      const current = userData;
      const mutedSet = new Set(current.mutedEntities);
      const kinds = new Set<string>(current.settings.kinds);
      const active = entities.filter((e) => !mutedSet.has(e.id) && kinds.has(e.kind));
      const created = createScanner({
        doc,
        entities: active,
        tabbable: current.settings.marksInTabOrder,
        highlightStyle: current.settings.highlightStyle,
        beforeMark: () => markStyle.attach(),
        onChange: (r) => {
          if (scanner !== created) return;
          report(r.linked);
          refreshLinked();
          cards.prefetch(linkedIds);
          if (status !== 'ready' || stoppedReason(created) || stoppedReason(r)) passDone(r);
          notify();
        },
      });
      scanner = created;
      notify();
      const result = await created.start(roots);
      if (mine === generation) passDone(result);
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
      host: hostOf(doc),
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
    'tab.extractArticle': () => extractArticleOf(doc),
  };
  const answer = async (type: TabMessageType, data: unknown): Promise<Result<unknown>> => {
    const parsed = v.safeParse(tabSchemas[type], data);
    if (!parsed.success) return { ok: false, error: `Invalid ${type} data` };
    const handler = tabHandlers[type] as (d: unknown) => unknown;
    try {
      return { ok: true, value: await handler(parsed.output) };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  };

  ctx.onInvalidated(() => {
    // Page cleanup first: once orphaned, extension APIs (storage.onChanged...) may be gone and throw.
    generation++;
    articleWatcher?.disconnect();
    stop();
    probe().status = null;
    try {
      unwatchUserData?.();
    } catch {
      // The API is already gone with the extension: nothing left to unwatch.
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
    card: (entityId) => cards.get(entityId),
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
      // Only opens the confirmation (the background opens it for this tab); the write is the
      // reader's, there. This page runs only where the loader found an article.
      addArticle: () => act(() => request('cs.openAddArticle')),
    },
    answer,
  };
}

/**
 * The page's article, read from a copy of the document (Readability rewrites what it reads, and
 * the page must not change), by the extractor part loaded now and only now. Read-only: nothing
 * is stored here; the extension page that asked validates the answer again. Refused where the
 * page opted out or no article was found.
 */
async function extractArticleOf(doc: Document): Promise<ArticleExtraction> {
  if (optedOut(doc)) return { ok: false, reason: 'opted-out' };
  if (!findArticleRoots(doc).length) return { ok: false, reason: 'no-article' };
  const extract = await loadPart<ExtractArticle>('/extractor.js', EXTRACTOR_GLOBAL);
  return extract(doc.cloneNode(true) as Document, { url: doc.location?.href ?? location.href });
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
