/**
 * What the card UI (components/card) needs from the page it runs on, and nothing more: the
 * content script's `ContentPage` (lib/content/index.ts) provides it on the web, and the reading
 * view builds one of its own (components/card/extension-page-cards.ts).
 */
import type { CardData } from './card-data';
import type { Evidence } from '../match/link';

/** What one of our marks means, from the content script's own memory (never the mark's attributes). */
export interface CardMention {
  readonly id: string;
  readonly entityId: string;
  readonly alias: string;
  readonly evidence: Evidence;
  /** The mention's first mark. */
  readonly mark: HTMLElement | null;
  /** Every mark of the mention (one per piece of a mention split over inline elements). */
  readonly marks: readonly HTMLElement[];
}

/** The card UI's lifetime: one signal and one callback when the extension goes away. */
export interface CardContext {
  readonly signal: AbortSignal;
  readonly isInvalid: boolean;
  onInvalidated(callback: () => void): unknown;
}

/** A destructive action the reader can take back. */
export type UndoableChange = { kind: 'mute'; entityId: string } | { kind: 'site-off' };

/**
 * The card's actions, done by the background. Each resolves once done and rejects with the
 * background's own words when it refuses (a rate limit, a page it cannot turn off).
 */
export interface PageActions {
  timeline(entityId: string): Promise<void>;
  openSource(sourceId: string, quote?: string): Promise<void>;
  mute(entityId: string): Promise<void>;
  /** Absent where there is no site to turn off (the extension's own reading view). */
  siteOff?: () => Promise<void>;
  /** Takes back the last such change made from this page (absent where nothing needs it). */
  undo?: (change: UndoableChange) => Promise<void>;
  /**
   * Opens the extension's "Add this article" confirmation for this page, where the reader sees
   * what would be stored and confirms (or not); stores nothing itself. Absent where there is no
   * web page's article to add (the extension's own reading view).
   */
  addArticle?: () => Promise<void>;
}

export interface CardPage {
  readonly ctx: CardContext;
  readonly doc: Document;
  /** The reader's hover-intent delay. */
  settings(): { readonly openDelayMs: number };
  /** The mention one of our marks stands for; undefined for anything else, whatever it looks like. */
  mentionOf(target: EventTarget | null): CardMention | undefined;
  /** The first mark of each mention, in document order. */
  mentionMarks(): HTMLElement[];
  /** Card data of an entity linked on the page. */
  card(entityId: string): Promise<CardData | undefined>;
  /** Called when marking starts, after every pass, and when it stops. */
  onChange(listener: () => void): void;
  /** An extension page asked to show a mention of this entity. */
  onFocusRequest(listener: (entityId: string) => boolean): void;
  /** A keyboard command asked to move to the next or previous mention. */
  onMoveRequest(listener: (direction: 1 | -1) => boolean): void;
  readonly actions: PageActions;
}

/** What the lazy loader (lib/content/card-loader.ts) needs besides. */
export interface CardLoaderPage extends CardPage {
  /** Is marking running on this page? */
  highlighting(): boolean;
  /** How many mentions are linked now (cheap). */
  mentionCount(): number;
}
