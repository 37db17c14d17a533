/**
 * How the scanner shares the main thread with the page: work in short slices, and between them
 * a yield that lets the page's own tasks, timers and frames run first.
 *
 * Measured in Chromium 156 (a page with a 16 ms interval and a requestAnimationFrame counter,
 * our work in 8 ms slices for 3 s, against the same page idle): `scheduler.yield()` kept 0 of
 * 187 timer ticks and 28 of 175 frames (its continuations run before the page's tasks);
 * `scheduler.postTask(..., { priority: 'background' })` kept 186 ticks and 180 frames with as
 * many slices done; 'user-visible' priority lost a fifth of the ticks; setTimeout(0) kept both
 * but did a third fewer slices (the 4 ms clamp); a MessageChannel lost a tenth of the ticks.
 */

/** Work between two yields to the page: well under the 50 ms long-task line, room left in each frame. */
export const SLICE_MS = 8;

/**
 * Writing marks between two yields. What we write, the browser lays out in its next frame, in
 * one piece the page cannot interrupt: the longer a write slice, the longer that frame. Measured
 * on the bench's 1 MB article (one block of 3,500 paragraphs, where each layout also costs about
 * 4 ms of its own): 8 ms slices made frames of 15–35 ms and the page kept 0.7x of its 16 ms
 * timer ticks; see docs/adr/021-write-slices.md for the figures of the value chosen.
 */
export const WRITE_SLICE_MS = 3;

type PostTask = (callback: () => void, options: { priority: 'background' }) => Promise<void>;

/** Resolves once the page has had its turn: a background-priority task, else a timer. */
export function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { postTask?: PostTask } }).scheduler;
  if (typeof scheduler?.postTask === 'function')
    return scheduler.postTask(() => {}, { priority: 'background' }).catch(() => {});
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Resolves after a slice that wrote to the page: a timer, queued behind the page's own due
 * timers, and after which the browser takes its frame (a background-priority task does not
 * wait for frames: measured, 3,500 paragraphs written in 100 ms and laid out in one long frame).
 */
export function yieldAfterWrite(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Of each second of a page's life, this much of our main-thread time is given back to its
 * budget: a page may keep us this busy for ever (a live ticker re-rendered five times a second
 * costs us about 1 % here), while a burst is bounded by the budget itself.
 */
export const WORK_REFILL_PER_MS = 0.02;

/** Main-thread time spent for one page, against a budget that refills slowly (a leaky bucket). */
export class WorkBudget {
  private spent = 0;
  private at = performance.now();

  constructor(private readonly limitMs: number) {}

  /** Adds `ms` of our work. */
  spend(ms: number): void {
    const now = performance.now();
    this.spent = Math.max(0, this.spent - (now - this.at) * WORK_REFILL_PER_MS) + ms;
    this.at = now;
  }

  /** Runs `work`, counting its time. */
  measure<T>(work: () => T): T {
    const start = performance.now();
    try {
      return work();
    } finally {
      this.spend(performance.now() - start);
    }
  }

  get used(): number {
    return this.spent;
  }

  get exceeded(): boolean {
    return this.spent > this.limitMs;
  }
}
