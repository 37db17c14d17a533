/**
 * What the content script concluded about its page, and when, kept on the content script's own
 * global: the page cannot see it (content scripts run in an isolated world in Chromium and a
 * sandbox in Firefox), so nothing of ours shows on a page where we mark nothing. Tests and the
 * bench read it through the DevTools protocol (tests/browser/support.ts); the extension's pages
 * get the same status from the `tab.getPageReport` message.
 *
 * The detector part, loaded later into the same world, writes its timings to the same object.
 */
import type { PageStatus } from '../messaging/protocol';

/** The property of the content script's global that holds the probe. */
export const PROBE_GLOBAL = '__factContextProbe';

/** Moments of a page's life, in `performance.now()` milliseconds of the page. */
export type ProbeMoment = 'start' | 'article-found' | 'scan-start' | 'first-mark' | 'scan-end';

export interface Probe {
  status: PageStatus | null;
  /** When each moment was first reached on this page. */
  times: Partial<Record<ProbeMoment, number>>;
  /**
   * The card last shown (written by the card UI, components/card/card-host.tsx): its entity, when
   * the reader's pointer came to rest on its mention (null when it opened otherwise), and when it
   * was placed on screen. The bench and the demo wait for it.
   */
  card?: { entityId: string; restedAt: number | null; shownAt: number };
}

/** The probe of this content script's world, created on first use. */
export function probe(): Probe {
  const world = globalThis as unknown as Record<string, Probe | undefined>;
  return (world[PROBE_GLOBAL] ??= { status: null, times: {} });
}

/** Notes when `moment` was first reached. */
export function probeMoment(moment: ProbeMoment): void {
  probe().times[moment] ??= performance.now();
}
