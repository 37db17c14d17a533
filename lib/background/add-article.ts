/**
 * "Add this article" from outside the popup (issue 17): the card's "Add this page as a source"
 * (`cs.openAddArticle`) and the keyboard command both open the extension's confirmation page for
 * one tab (lib/actions/add-article.ts). Neither stores anything: the confirmation page previews the
 * article and stores it only on the reader's trusted click there (docs/adr/026-adding-from-the-card.md).
 *
 * The card's message comes from a content script, beside a page we do not trust. The tab it opens
 * the confirmation for is the sender's own (`sender.tab.id`), never one the message names: the
 * message carries nothing, and its schema refuses anything but nothing. So a page that forged it
 * could at worst open a confirmation of its own article, which the reader dismisses; opening tabs
 * is rate-limited like every other opening (./limits.ts, `opening`).
 */
import { browser } from '#imports';
import { hostnameOf } from '../actions/hosts';
import { openAddPage } from '../actions/add-article';
import type { HandlerTable } from './context';

/** The manifest command (wxt.config.ts `commands`) that opens the confirmation for the active tab. */
export const ADD_ARTICLE_COMMAND = 'add-article';

export const addArticleHandlers: HandlerTable<'cs.openAddArticle'> = {
  async 'cs.openAddArticle'(_data, sender) {
    // A web page's own tab only: an extension page has no article of the web to add.
    if (sender.tabId === null || sender.fromExtensionPage || !hostnameOf(sender.url))
      throw new Error('Only a web page’s own tab can be added');
    await openAddPage(sender.tabId);
    return null;
  },
};

/**
 * The command's handler: the confirmation for the tab the browser says was active when the keys
 * were pressed (`commands.onCommand` passes it in Chromium and Firefox; the active tab of the
 * focused window where a browser passes none). No `tabs` permission is needed for a tab's id.
 * Returns whether the command was this one.
 */
export async function onAddArticleCommand(command: string, tab?: { id?: number }): Promise<boolean> {
  if (command !== ADD_ARTICLE_COMMAND) return false;
  const tabId = tab?.id ?? (await browser.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id;
  if (tabId !== undefined) await openAddPage(tabId);
  return true;
}
