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

/** The browser's long-task line: no slice of ours is longer, and a frame longer than this already costs the page. */
export const LONG_TASK_MS = 50;

/**
 * The next write slice, from how long the browser's last frame took to lay out and paint what we
 * wrote (`frameMs`, FrameMeter). Where the layout of what we touch costs a frame more than
 * LONG_TASK_MS whatever little we change (one paragraph of a megabyte is laid out whole), the page
 * loses that frame anyway: fewer, larger slices (up to LONG_TASK_MS) cost it fewer such frames.
 * Measured on a 960,000-character paragraph: 3 ms slices made 61 frames of 80–260 ms layout each;
 * see ADR 021.
 */
export function writeSliceMs(frameMs: number): number {
  return frameMs > LONG_TASK_MS ? Math.min(LONG_TASK_MS, frameMs / 2) : WRITE_SLICE_MS;
}

/**
 * How long the browser's frames take while we write: from the frame's animation-frame callbacks
 * (ours among them) to the first task after it, that is its style, layout and paint. Runs only
 * between `start` and `stop`; its callbacks run in the content script's world.
 */
export class FrameMeter {
  /** The last frame measured, in milliseconds (0 before the first). */
  last = 0;
  private frame = 0;
  private readonly channel: MessageChannel | null = typeof MessageChannel === 'function' ? new MessageChannel() : null;
  private frameStart = 0;

  constructor(private readonly win: Window | null) {
    if (this.channel) this.channel.port1.onmessage = () => (this.last = performance.now() - this.frameStart);
  }

  start(): void {
    if (this.frame || !this.win?.requestAnimationFrame || !this.channel) return;
    const onFrame = () => {
      this.frameStart = performance.now();
      // A message's task runs once the frame's rendering is done.
      this.channel!.port2.postMessage(null);
      this.frame = this.win!.requestAnimationFrame(onFrame);
    };
    this.frame = this.win.requestAnimationFrame(onFrame);
  }

  stop(): void {
    if (this.frame) this.win?.cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.channel?.port1.close();
  }
}

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
