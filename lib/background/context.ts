/** What every background handler receives, and the shape of a table of handlers. */
import type { CorpusBundle } from '../corpus/schema';
import type { FactContextDb } from '../db';
import type { MessageData, MessageReturns, MessageType } from '../messaging/protocol';
import type { TabLimits } from './limits';

/** Who sent a message, as far as the background can tell (from runtime.MessageSender). */
export interface SenderInfo {
  /** True for the extension's own pages (popup, side panel, options, reading view). */
  fromExtensionPage: boolean;
  tabId: number | null;
  /** The sending document's URL (a web page for content scripts). */
  url: string | null;
}

export interface HandlerContext {
  /** Resolves once the corpus is in the database (after a cold start too). */
  db: () => Promise<FactContextDb>;
  setBadge: (tabId: number, text: string) => Promise<void>;
  /** Per-tab bounds on content-script messages (./limits.ts); a shared default when absent. */
  limits?: TabLimits;
  /**
   * Asks tab `tabId`'s content script for its article (`tab.extractArticle`); its answer is
   * untrusted. Absent where no tab can be asked (then no preview can be made).
   */
  extractArticle?: (tabId: number) => Promise<unknown>;
  /** The clock (tests set it); Date.now when absent. */
  now?: () => number;
  /** The bundled corpus, which packs merge with (lib/pack/handlers.ts); needed by pack messages only. */
  bundle?: CorpusBundle;
}

/** Handlers for a set of message types; their `data` has already been validated. */
export type HandlerTable<K extends MessageType> = {
  [T in K]: (data: MessageData<T>, sender: SenderInfo, ctx: HandlerContext) => Promise<MessageReturns[T]>;
};
