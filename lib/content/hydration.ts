/**
 * Pages that render on the server and then hydrate: a framework (React, Vue, Svelte, Astro,
 * Angular, Solid...) takes over DOM it did not create, expecting it exactly as the server sent
 * it. Marks put in before it has done so read as a mismatch: React 18 reports a recoverable
 * error and throws the server's DOM away (our marks, the reader's selection and scroll with it);
 * other frameworks patch or warn. So on such a page we leave the article alone until the page has
 * hydrated or is idle: the document complete, then HYDRATION_QUIET_MS without a change of the
 * article's text or structure and with real idle time, at most MAX_HYDRATION_WAIT_MS in all.
 *
 * Which pages: those whose markup carries a framework's server-rendering markers (attributes,
 * elements, comments, data scripts: below), and those whose article sits in an application root
 * (`#root`, `#app`...) that already held content when the content script started. Ordinary news
 * pages wait for nothing. An application root may also have been filled by a client-only app
 * that rendered before we started: such an app shows itself by changing what it rendered (a
 * ticker, a route change), which ends the wait at once, and hydration never changes anything;
 * an app root that stays still waits for `load` and a second of idle time.
 */

/**
 * Elements and attributes that frameworks leave in server-rendered markup, each read from the
 * framework's own output: React ≤17 `data-reactroot`; Next.js's root and its data or chunk
 * scripts; Gatsby's root; Vue 2 `data-server-rendered`; Nuxt's root and
 * data; Svelte `data-svelte-h`, SvelteKit's body attributes and fetched data; Astro islands not
 * hydrated yet (`ssr` goes when they are); Angular's server context, hydration annotations and
 * state; Solid's hydration keys.
 */
export const HYDRATION_MARKERS = [
  '[data-reactroot]',
  '#__next',
  'script#__NEXT_DATA__',
  'script[src*="/_next/static/"]',
  '#___gatsby',
  '[data-server-rendered]',
  '#__nuxt',
  'script#__NUXT_DATA__',
  '[data-svelte-h]',
  '[data-sveltekit-preload-data]',
  'script[data-sveltekit-fetched]',
  'astro-island[ssr]',
  '[ng-server-context]',
  '[ngh]',
  'script#ng-state',
  '[data-hk]',
].join(', ');

/**
 * Comments frameworks write as hydration markers: React's Suspense boundaries (`$`, `/$`, `$?`,
 * `$!`) and text separators (` `), the fragment anchors of Vue 3 and Svelte 5 (`[`, `]`, empty),
 * Lit's parts, Fresh's islands.
 */
const MARKER_COMMENT = /^(?:|\$[?!]?|\/\$| |\[|\]|\/?lit-part.*|\/?frsh-.*)$/s;

/** Comments read at most while looking for markers: a page's own comments come first and are few. */
const MAX_COMMENTS_READ = 500;

/** Ids that single-page frameworks mount on by convention. */
const APP_ROOT_IDS = ['root', 'app', 'svelte', 'main-app', 'react-root', 'application'];

/** Markers whose disappearance says a part of the page hydrated (until then it is not idle). */
const PENDING_HYDRATION = 'astro-island[ssr], [data-server-rendered]';

/**
 * The quiet that says the page has hydrated. Frameworks hydrate as soon as their bundle runs,
 * which for scripts in the page is before `load`; bundles that wait for `load` and then yield (an
 * idle callback, a `setTimeout` to let the first paint through, a cached data fetch) start within
 * a few hundred milliseconds of it. A second of quiet covers those with room to spare and is
 * short beside the time a reader takes to reach the first name.
 */
export const HYDRATION_QUIET_MS = 1000;
/**
 * An idle period with less left than this is the page squeezing us between its frames, not idle.
 * Browsers give at most 50 ms; a frame of an animation at 60 Hz leaves about 16.
 */
export const MIN_IDLE_MS = 10;
/**
 * The longest we hold back on any page, from the content script's start. A page still loading or
 * changing after this long (a ticker in the article, images that never finish) is marked anyway:
 * by then a framework that hydrates on load has long done so, and never marking it would be
 * worse.
 */
export const MAX_HYDRATION_WAIT_MS = 10_000;

/** Application roots (by id) that held content when the content script started. */
export function filledAppRoots(doc: Document): Element[] {
  const roots: Element[] = [];
  for (const id of APP_ROOT_IDS) {
    const el = doc.getElementById(id);
    if (el && el.childElementCount > 0) roots.push(el);
  }
  return roots;
}

/**
 * Why the article in `roots` may still be hydrated by a framework: the page carries
 * server-rendering `markers`, or an article root lies in one of `appRoots` (see filledAppRoots);
 * null when nothing says so.
 */
export function hydrationEvidence(
  doc: Document,
  roots: readonly Element[],
  appRoots: readonly Element[],
): 'markers' | 'app-root' | null {
  if (doc.querySelector(HYDRATION_MARKERS) || hasMarkerComment(doc)) return 'markers';
  if (appRoots.some((app) => roots.some((r) => app.contains(r) || r.contains(app)))) return 'app-root';
  return null;
}

function hasMarkerComment(doc: Document): boolean {
  if (!doc.body) return false;
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_COMMENT);
  for (let n = walker.nextNode(), read = 0; n && read < MAX_COMMENTS_READ; n = walker.nextNode(), read++)
    if (MARKER_COMMENT.test((n as Comment).data)) return true;
  return false;
}

/** How the wait ended: quiet (hydrated or idle), the app found live, out of time, or stopped. */
export type HydrationWait = 'quiet' | 'live' | 'timeout' | 'aborted';

/** What the wait watches. */
export interface HydrationWatch {
  /** Changes of text or structure here start the quiet again (a client render after a mismatch, streamed content). */
  churn?: readonly Node[];
  /**
   * A change of text or structure here says the app already renders on the client (it re-renders
   * what it owns: a ticker, a client-only app), so there is no server markup left to hydrate.
   */
  live?: readonly Node[];
}

/** What the wait reads of the browser; tests pass their own. */
export interface WaitClock {
  now(): number;
  /** Calls back in the next idle period (or by `timeout` ms) with the time left in it. */
  idle(callback: (deadline: { timeRemaining(): number; didTimeout: boolean }) => void, timeout: number): void;
}

function browserClock(view: Window): WaitClock {
  return {
    now: () => performance.now(),
    idle: (callback, timeout) => {
      if (typeof view.requestIdleCallback === 'function') view.requestIdleCallback(callback, { timeout });
      // No idle callbacks: a short timer stands in, with a full idle period.
      else setTimeout(() => callback({ timeRemaining: () => 50, didTimeout: false }), 50);
    },
  };
}

/**
 * Resolves once the page has hydrated or is idle: the document complete, then
 * HYDRATION_QUIET_MS with no change of text or structure under `churn`, no hydration marker
 * pending and every idle period at least MIN_IDLE_MS long; at once when something under `live`
 * changes; or after `maxWaitMs` from `startedAt`.
 */
export async function waitForHydration(
  doc: Document,
  { churn = [], live = [] }: HydrationWatch,
  signal: AbortSignal,
  {
    startedAt,
    maxWaitMs = MAX_HYDRATION_WAIT_MS,
    clock = browserClock(doc.defaultView ?? window),
  }: { startedAt?: number; maxWaitMs?: number; clock?: WaitClock } = {},
): Promise<HydrationWait> {
  const deadline = (startedAt ?? clock.now()) + maxWaitMs;
  let quietSince = clock.now();
  let isLive = false;
  /** Wakes the wait early (the app found live, or stopped). */
  let wake: (() => void) | null = null;
  const changed = (records: MutationRecord[]) => records.some((r) => r.type !== 'attributes');
  const churnObserver = new MutationObserver((records) => {
    if (changed(records)) quietSince = clock.now();
  });
  const liveObserver = new MutationObserver((records) => {
    if (!changed(records)) return;
    isLive = true;
    wake?.();
  });
  const options = { childList: true, subtree: true, characterData: true };
  for (const node of churn) churnObserver.observe(node, options);
  for (const node of live) liveObserver.observe(node, options);
  const onAbort = () => wake?.();
  signal.addEventListener('abort', onAbort);
  const ended = (): HydrationWait | null =>
    signal.aborted ? 'aborted' : isLive ? 'live' : clock.now() >= deadline ? 'timeout' : null;
  try {
    if (doc.readyState !== 'complete') {
      await new Promise<void>((resolve) => {
        const view = doc.defaultView;
        const timer = setTimeout(() => wake?.(), Math.max(0, deadline - clock.now()));
        wake = () => {
          clearTimeout(timer);
          view?.removeEventListener('load', onLoad);
          wake = null;
          resolve();
        };
        const onLoad = () => wake?.();
        view?.addEventListener('load', onLoad);
      });
      quietSince = clock.now();
    }
    for (;;) {
      const end = ended();
      if (end) return end;
      const idle = await new Promise<{ timeRemaining(): number; didTimeout: boolean } | null>((resolve) => {
        wake = () => resolve(null);
        clock.idle(resolve, deadline - clock.now());
      });
      wake = null;
      if (!idle) continue;
      if (idle.didTimeout || idle.timeRemaining() < MIN_IDLE_MS || doc.querySelector(PENDING_HYDRATION))
        quietSince = clock.now();
      else if (clock.now() - quietSince >= HYDRATION_QUIET_MS) return ended() ?? 'quiet';
    }
  } finally {
    churnObserver.disconnect();
    liveObserver.disconnect();
    signal.removeEventListener('abort', onAbort);
  }
}
