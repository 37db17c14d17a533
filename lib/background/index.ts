/**
 * Background wiring: load the corpus on install, update and cold start; answer messages.
 * Nothing here relies on memory surviving: an MV3 service worker may be stopped at any time,
 * and the first message after a restart reopens the database (a cheap meta-row read when the
 * corpus is current) before it is answered.
 */
import { browser, storage } from '#imports';
import bundle from 'virtual:corpus';
import { ensureCorpus } from '../db/loader';
import type { FactContextDb } from '../db';
import { onMessage, requestTab, type MessageType, type Result } from '../messaging/protocol';
import { messageSchemas } from '../messaging/schemas';
import { onAddArticleCommand } from './add-article';
import { dispatch, type HandlerContext, type SenderInfo } from './handlers';
import { TabLimits } from './limits';
import { warmSearchIndex } from './search';
import { servePackPort } from '../pack/handlers';
import { PACK_PORT } from '../pack/port';

let ready: Promise<FactContextDb> | null = null;

/** The corpus version whose row counts the loader checked in this browser session (ADR 015). */
const countsCheckedItem = storage.defineItem<string | null>('session:corpusCountsChecked', { fallback: null });
const countsChecked = { get: () => countsCheckedItem.getValue(), set: (v: string) => countsCheckedItem.setValue(v) };

/** The database with the bundled corpus in it; retried on the next call after a failure. */
export function corpusDb(): Promise<FactContextDb> {
  ready ??= ensureCorpus(bundle, { countsChecked }).then(
    (r) => r.db,
    (error: unknown) => {
      ready = null;
      throw error;
    },
  );
  return ready;
}

export function senderInfo(sender: { id?: string; url?: string; tab?: { id?: number } } | undefined): SenderInfo {
  const extensionOrigin = browser.runtime.getURL('/');
  return {
    fromExtensionPage: sender?.id === browser.runtime.id && !!sender.url?.startsWith(extensionOrigin),
    tabId: sender?.tab?.id ?? null,
    url: sender?.url ?? null,
  };
}

const context: HandlerContext = {
  db: corpusDb,
  bundle,
  limits: new TabLimits(),
  // The reader's "Add this article": the content script of that tab extracts it (read-only).
  extractArticle: (tabId) => requestTab(tabId, 'tab.extractArticle'),
  async setBadge(tabId, text) {
    // MV3 has `action`; Firefox's MV2 build has `browserAction`.
    await (browser.action ?? browser.browserAction).setBadgeText({ tabId, text });
  },
};

/** Keyboard commands (manifest `commands`): move between mentions, open the timeline, add the article. */
async function onCommand(command: string, tab?: { id?: number; windowId?: number }): Promise<void> {
  if (await onAddArticleCommand(command, tab)) return;
  if (command === 'open-timeline') {
    if (tab?.windowId !== undefined) await browser.sidePanel?.open({ windowId: tab.windowId });
    return;
  }
  if ((command === 'next-mention' || command === 'previous-mention') && tab?.id !== undefined) {
    await requestTab(tab.id, 'tab.moveFocus', { direction: command === 'next-mention' ? 'next' : 'previous' });
  }
}

export function startBackground(): void {
  browser.commands?.onCommand.addListener((command, tab) => {
    void onCommand(command, tab).catch(() => {
      // No content script on this tab (a browser page): nothing to move through.
    });
  });
  browser.runtime.onInstalled.addListener(() => {
    // Load the corpus and build the popup's search index now, not on the first popup open.
    void corpusDb()
      .then(warmSearchIndex)
      .catch((error: unknown) => console.error('[fact-context] corpus load failed', error));
  });
  // A pack's preview or import, with its stages and a cancel (lib/pack/port.ts).
  browser.runtime.onConnect.addListener((port) => {
    if (port.name === PACK_PORT) servePackPort(port, senderInfo(port.sender), context);
  });
  for (const type of Object.keys(messageSchemas) as MessageType[]) {
    onMessage(
      type,
      (message) => dispatch(message.type, message.data, senderInfo(message.sender), context) as Promise<Result<never>>,
    );
  }
}
