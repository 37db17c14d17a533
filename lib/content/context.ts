/**
 * The content script's context: its one cleanup path (an AbortSignal and `onInvalidated`), timers
 * that stop with it, and orphan detection. It replaces WXT's `ContentScriptContext` in every
 * build (wxt.config.ts aliases `wxt/utils/content-script-context` to this file), keeping its API.
 *
 * Why: WXT's context announces every start to the page, with a CustomEvent on `document` and a
 * `window.postMessage`, both named after the extension's id, and invalidates itself when the page
 * dispatches the same event. So every page learnt that we are installed and our id, and any page
 * could silence us with one forged event. This one tells the page nothing and listens to nothing
 * from it. WXT uses the event to stop an older copy of the script after an update; an orphaned
 * copy notices on its own here: `isInvalid` reads `browser.runtime.id`, which is gone once the
 * extension is updated, reloaded or removed (lib/content/index.ts polls it).
 */
import { browser } from 'wxt/browser';

/**
 * What the content script's modules use of their context. Both this file's class and WXT's type
 * (what `defineContentScript`'s `main` is declared to receive) have it.
 */
export interface ContentContext {
  readonly signal: AbortSignal;
  readonly isInvalid: boolean;
  onInvalidated(cb: () => void): () => void;
  setTimeout(handler: () => void, timeout?: number): number;
  setInterval(handler: () => void, timeout?: number): number;
}

export class ContentScriptContext implements ContentContext {
  readonly id = Math.random().toString(36).slice(2);
  private readonly abortController = new AbortController();

  constructor(
    readonly contentScriptName: string,
    readonly options?: object,
  ) {}

  get signal(): AbortSignal {
    return this.abortController.signal;
  }

  abort(reason?: unknown): void {
    this.abortController.abort(reason);
  }

  /** True once the extension is gone (updated, reloaded, removed) or the context was invalidated. */
  get isInvalid(): boolean {
    if (browser.runtime?.id == null) this.notifyInvalidated();
    return this.signal.aborted;
  }

  get isValid(): boolean {
    return !this.isInvalid;
  }

  /** Calls `cb` when the context is invalidated; returns a function that removes it. */
  onInvalidated(cb: () => void): () => void {
    this.signal.addEventListener('abort', cb);
    return () => this.signal.removeEventListener('abort', cb);
  }

  /** A promise that never settles: for code that must not go on once the context is gone. */
  block<T>(): Promise<T> {
    return new Promise(() => {});
  }

  setInterval(handler: () => void, timeout?: number): number {
    const id = setInterval(() => {
      if (this.isValid) handler();
    }, timeout) as unknown as number;
    this.onInvalidated(() => clearInterval(id));
    return id;
  }

  setTimeout(handler: () => void, timeout?: number): number {
    const id = setTimeout(() => {
      if (this.isValid) handler();
    }, timeout) as unknown as number;
    this.onInvalidated(() => clearTimeout(id));
    return id;
  }

  requestAnimationFrame(callback: FrameRequestCallback): number {
    const id = requestAnimationFrame((...args) => {
      if (this.isValid) callback(...args);
    });
    this.onInvalidated(() => cancelAnimationFrame(id));
    return id;
  }

  requestIdleCallback(callback: IdleRequestCallback, options?: IdleRequestOptions): number {
    const id = requestIdleCallback((...args) => {
      if (!this.signal.aborted) callback(...args);
    }, options);
    this.onInvalidated(() => cancelIdleCallback(id));
    return id;
  }

  /** Adds a listener removed with the context. (WXT's `wxt:locationchange` is not offered.) */
  addEventListener(
    target: { addEventListener?: EventTarget['addEventListener'] },
    type: string,
    handler: EventListenerOrEventListenerObject,
    options?: AddEventListenerOptions,
  ): void {
    target.addEventListener?.(type, handler, { ...options, signal: this.signal });
  }

  /** Aborts the context: every `onInvalidated` listener runs. */
  notifyInvalidated(): void {
    this.abort('Content script context invalidated');
  }
}
