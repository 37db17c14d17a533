/**
 * Opening "Add this article" for a tab, for everyone who offers it outside the popup: the card's
 * "Add this page as a source" (through the background, which takes the tab from the message's
 * sender) and the keyboard command. Both open the extension's own confirmation page,
 * `add.html?tab=<id>`, which previews the tab's article and stores it only on the reader's
 * trusted click there (docs/adr/026-adding-from-the-card.md).
 */
import { browser } from '#imports';

/** The confirmation page (entrypoints/add): not web-accessible, so no page can open or frame it. */
export const ADD_PAGE = '/add.html';
/** The tab whose article the confirmation page reads. */
export const ADD_TAB_PARAM = 'tab';
/** Tab ids are positive integers; more digits than this is no tab id (and no huge number to parse). */
const TAB_ID = /^\d{1,10}$/;

export function addPagePath(tabId: number): string {
  return `${ADD_PAGE}?${ADD_TAB_PARAM}=${tabId}`;
}

/** The tab an `add.html` address names, or null when it names none (an address can be typed). */
export function addPageTab(search: string): number | null {
  const value = new URLSearchParams(search).get(ADD_TAB_PARAM);
  if (value === null || !TAB_ID.test(value)) return null;
  const id = Number(value);
  return Number.isSafeInteger(id) ? id : null;
}

/**
 * Opens the confirmation for `tabId` in a new tab beside it. Its opener is that tab, so closing
 * the confirmation brings the reader back to the article. Needs no permission: `tabs.create`
 * with an extension page is open to every extension.
 *
 * Where the new tab cannot be in the article's window, the browsers refuse an opener: Chromium
 * opens our page for an incognito tab in a normal window, Firefox opens it in the top normal
 * window when the article is in a popup window. The confirmation then opens without one (the
 * page's "Back to the article" still finds the tab by its id).
 */
export async function openAddPage(tabId: number): Promise<void> {
  const url = browser.runtime.getURL(addPagePath(tabId) as '/add.html');
  try {
    await browser.tabs.create({ url, openerTabId: tabId, active: true });
  } catch {
    await browser.tabs.create({ url, active: true });
  }
}
