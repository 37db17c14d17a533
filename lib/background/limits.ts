/**
 * How much one tab can make the background do. A content script runs next to a page we do not
 * trust, and the page can steer it (fire events on our marks, rewrite their attributes, click
 * through our card): whatever it makes the content script send, the background must stay
 * responsive for every other tab, and the reader's own switches must not change faster than a
 * reader could change them (docs/adr/013-hostile-page.md).
 *
 * Bounds applied by `dispatch` (./handlers.ts) to every content-script message:
 * - a small queue per tab: at most MAX_IN_FLIGHT_PER_TAB messages handled at once and
 *   MAX_WAITING_PER_TAB waiting, fed at most MESSAGES_PER_SECOND_PER_TAB (in bursts of
 *   MESSAGE_BURST_PER_TAB); anything beyond is answered with an overload error at once, before
 *   it is even validated, so a flood costs a few microseconds of ours per message and never
 *   reaches the database (the browser's own cost of carrying a message is not ours to cut);
 * - a rate per tab (and over all tabs) for the messages that write the reader's switches or open
 *   a tab, counted over RATE_WINDOW_MS;
 * - a rate for the messages that write the reader's own articles and people, from extension
 *   pages too (`reader`): those pages act only on the reader's gestures, but each change is a
 *   transaction and an index update, and a page of ours that loops (or a future path from the
 *   card) must not fill the disk or hold the database (docs/adr/017-readers-articles.md).
 *
 * State lives in the service worker's memory: a restart (after 30 s idle in Chrome) forgets it.
 * That only ever lets a tab that went quiet for that long start a fresh minute, which keeps the
 * bound (a few per minute) within a factor of two.
 */
import type { MessageType, Result } from '../messaging/protocol';

/**
 * Messages of one tab handled at once. A content script that behaves sends at most one card
 * batch (lib/content/card-requests.ts), the corpus's names, a badge count and a reader's action
 * at a time: four.
 */
export const MAX_IN_FLIGHT_PER_TAB = 4;
/**
 * Messages of one tab waiting for a slot. Room for a settings change arriving during a burst (a
 * re-run asks for names and cards again and reports its count); more than that is a flood.
 */
export const MAX_WAITING_PER_TAB = 8;

/**
 * Messages one tab may send per second, sustained. A content script that behaves sends a handful
 * per page (the corpus's names, a card batch or two, a badge count per pass); a live blog
 * re-marked at every update (lib/content/scanner.ts batches them per MUTATION_BATCH_MS) reports
 * its count at most about eight times a second.
 */
export const MESSAGES_PER_SECOND_PER_TAB = 20;
/** Messages one tab may send at once before the rate applies: a page's start and a settings change together. */
export const MESSAGE_BURST_PER_TAB = 40;

/** The window over which writes and tab openings are counted. */
export const RATE_WINDOW_MS = 60_000;

/** What a rate-limited message does; the messages of each kind share one count. */
export type RateKind = 'write' | 'opening' | 'reader';

/**
 * Which content-script messages are rate-limited, by kind. Writes change the reader's own
 * switches (they apply in every tab at once); openings open a tab or a panel of ours.
 */
export const RATE_KINDS: Partial<Record<MessageType, RateKind>> = {
  'cs.muteEntity': 'write',
  'cs.disableSite': 'write',
  'cs.openTimeline': 'opening',
  'cs.openReader': 'opening',
  'cs.openAddArticle': 'opening',
  // The reader's articles (extension pages; counted per sending tab, the popup's being none).
  'page.previewArticle': 'reader',
  'page.addArticle': 'reader',
  'page.removeReaderArticle': 'reader',
  'page.rederiveReaderSource': 'reader',
  'page.completeDerivation': 'reader',
  'page.setReaderItemHidden': 'reader',
  'page.addReaderEntity': 'reader',
  'page.removeReaderEntity': 'reader',
  'page.removeAllReaderData': 'reader',
};

/**
 * How many of each kind one tab may cause per RATE_WINDOW_MS. Sixty changes of the reader's
 * articles: a reader previews and adds an article in two, unchecks a few items, adds a person
 * or two, a people pass completes each article once; a minute of that by hand stays far below,
 * while a loop is stopped within a second. A reader who mutes a name or two
 * and turns a site off stays within three writes; a page that steers clicks onto "stop
 * highlighting" (one muted all 34 entities with 34 clicks) gets three. Five openings: a reader
 * following a card's citations opens a few sources in a minute; a page that fired citation
 * buttons opened 30 tabs.
 */
export const PER_TAB_PER_WINDOW: Record<RateKind, number> = { write: 3, opening: 5, reader: 60 };
/**
 * The same over all tabs together: a page that opens tabs of its own (each with a content script)
 * multiplies nothing.
 */
export const ALL_TABS_PER_WINDOW: Record<RateKind, number> = { write: 6, opening: 10, reader: 120 };

/** Answer to a message refused because its tab has too many waiting. */
export const OVERLOAD_ERROR = 'Too many requests from this tab: try again shortly';

/** Answer to a rate-limited message over its limit. */
export function rateError(kind: RateKind): string {
  if (kind === 'reader') return 'Too many changes to your articles in the last minute: try again in a minute';
  return kind === 'write'
    ? 'Too many changes to your settings from this page in the last minute: try again later'
    : 'Too many tabs opened from this page in the last minute: try again later';
}

/** The key of a sender's tab; a content script with no tab (should not happen) shares one. */
export type TabKey = number | null;

interface TabQueue {
  running: number;
  waiting: (() => void)[];
  /** Messages the tab may still send now (a token bucket refilled at MESSAGES_PER_SECOND_PER_TAB). */
  tokens: number;
  filledAt: number;
}

/** Bounds per tab on what the background does for content scripts. One instance per background. */
export class TabLimits {
  private readonly queues = new Map<TabKey, TabQueue>();
  /** Times of accepted rate-limited messages, per kind: per tab, and over all tabs. */
  private readonly times = new Map<RateKind, { all: number[]; tabs: Map<TabKey, number[]> }>();

  private readonly bounds: { inFlight: number; waiting: number; perSecond: number; burst: number };

  constructor(
    private readonly now: () => number = Date.now,
    bounds: Partial<TabLimits['bounds']> = {},
  ) {
    this.bounds = {
      inFlight: MAX_IN_FLIGHT_PER_TAB,
      waiting: MAX_WAITING_PER_TAB,
      perSecond: MESSAGES_PER_SECOND_PER_TAB,
      burst: MESSAGE_BURST_PER_TAB,
      ...bounds,
    };
  }

  /**
   * Runs `task` for `tab` once one of its slots is free, in arrival order; answers OVERLOAD_ERROR
   * at once, without running it, when the tab already has as many waiting as it may or has sent
   * more than its rate.
   */
  async run<T>(tab: TabKey, task: () => Promise<Result<T>>): Promise<Result<T>> {
    const at = this.now();
    let queue = this.queues.get(tab);
    if (!queue) {
      this.forgetQuietTabs(at);
      this.queues.set(tab, (queue = { running: 0, waiting: [], tokens: this.bounds.burst, filledAt: at }));
    }
    queue.tokens = Math.min(this.bounds.burst, queue.tokens + ((at - queue.filledAt) / 1000) * this.bounds.perSecond);
    queue.filledAt = at;
    if (queue.tokens < 1) return { ok: false, error: OVERLOAD_ERROR };
    queue.tokens--;
    if (queue.running >= this.bounds.inFlight) {
      if (queue.waiting.length >= this.bounds.waiting) return { ok: false, error: OVERLOAD_ERROR };
      await new Promise<void>((resolve) => queue.waiting.push(resolve));
    }
    queue.running++;
    try {
      return await task();
    } finally {
      queue.running--;
      queue.waiting.shift()?.();
    }
  }

  /** Drops the queues of tabs idle long enough to have their whole burst back (closed tabs among them). */
  private forgetQuietTabs(at: number): void {
    const refillMs = (this.bounds.burst / this.bounds.perSecond) * 1000;
    for (const [key, q] of this.queues)
      if (q.running === 0 && !q.waiting.length && at - q.filledAt >= refillMs) this.queues.delete(key);
  }

  /** Messages of `tab` being handled or waiting now. */
  pending(tab: TabKey): number {
    const queue = this.queues.get(tab);
    return queue ? queue.running + queue.waiting.length : 0;
  }

  /**
   * Counts one message of `kind` for `tab` and says whether it is within the limits; a refused
   * one is not counted (refusing costs the tab nothing more).
   */
  allow(tab: TabKey, kind: RateKind): boolean {
    const since = this.now() - RATE_WINDOW_MS;
    let counts = this.times.get(kind);
    if (!counts) this.times.set(kind, (counts = { all: [], tabs: new Map() }));
    const recent = (list: number[]) => {
      while (list.length && list[0]! <= since) list.shift();
      return list;
    };
    const all = recent(counts.all);
    // Tabs that went quiet take no memory: their counts are dropped with the last time in them.
    for (const [key, list] of counts.tabs) if (!recent(list).length) counts.tabs.delete(key);
    const mine = counts.tabs.get(tab) ?? [];
    if (mine.length >= PER_TAB_PER_WINDOW[kind] || all.length >= ALL_TABS_PER_WINDOW[kind]) return false;
    const at = this.now();
    mine.push(at);
    all.push(at);
    counts.tabs.set(tab, mine);
    return true;
  }
}
