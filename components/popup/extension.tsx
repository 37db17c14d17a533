/**
 * What the popup asks of the browser: which tab it is about, and opening the side panel, the
 * options page and the reading view. Chrome-only and Firefox-only APIs are looked up, never
 * assumed, so both builds run the same code.
 */
import { browser } from '#imports';
import { hostnameOf } from '@/lib/actions/hosts';
import { openTimeline } from '@/lib/actions/timeline';
import { readerPath } from '@/lib/timeline/url';

/**
 * `popup.html?tab=<id>` points the popup at one tab instead of the active one. The toolbar
 * popup never has it; tests and the demo open popup.html in a tab of its own and use it to
 * show that tab's page status.
 */
export const TAB_PARAM = 'tab';

export interface TargetTab {
  id: number;
  /** Known only when the browser tells (no `tabs` permission: often not); the content script's answer is what counts. */
  url: string | null;
  windowId: number | null;
  /** True when named by `?tab=`: the popup is itself a tab, not the toolbar popup. */
  named: boolean;
}

export async function findTargetTab(search: string = location.search): Promise<TargetTab | null> {
  const param = new URLSearchParams(search).get(TAB_PARAM);
  if (param !== null && /^\d{1,10}$/.test(param)) {
    const id = Number(param);
    const tab = await browser.tabs.get(id).catch(() => null);
    return { id, url: tab?.url ?? null, windowId: tab?.windowId ?? null, named: true };
  }
  const [tab, own] = await Promise.all([
    browser.tabs.query({ active: true, currentWindow: true }).then((tabs) => tabs[0]),
    // The toolbar popup has no tab of its own; popup.html opened as a tab has, and is then the active one.
    browser.tabs.getCurrent().catch(() => undefined),
  ]);
  if (tab?.id === undefined || tab.id === own?.id) return null;
  return { id: tab.id, url: tab.url ?? null, windowId: tab.windowId ?? null, named: false };
}

/** Pages no extension may script: browser pages, other extensions, the stores, PDFs in the viewer. */
export function isUnscannableUrl(url: string | null): boolean {
  if (!url) return false;
  if (!/^https?:/i.test(url)) return true;
  const host = hostnameOf(url) ?? '';
  return (
    host === 'chromewebstore.google.com' ||
    host === 'chrome.google.com' ||
    host === 'addons.mozilla.org' ||
    /\.pdf(?:$|[?#])/i.test(url)
  );
}

/**
 * Opens the side panel (Chrome), the sidebar (Firefox), or else the panel's page in a tab,
 * optionally showing one entity's timeline (lib/actions/timeline.ts). Call it straight from a click.
 */
export function openSidePanel(windowId: number | null, entityId?: string): Promise<'panel' | 'tab'> {
  return openTimeline(entityId ?? null, windowId !== null ? { windowId } : null);
}

export async function openOptions(): Promise<void> {
  await browser.runtime.openOptionsPage();
}

/** The reading view of a source, scrolled to a quote. */
export async function openReader(sourceId: string, quote?: string): Promise<void> {
  await browser.tabs.create({ url: browser.runtime.getURL(readerPath(sourceId, quote) as '/reader.html') });
}

/** After acting on a page: the toolbar popup gets out of the way; a popup opened as a tab shows the page. */
export async function revealTab(tab: TargetTab): Promise<void> {
  if (tab.named) await browser.tabs.update(tab.id, { active: true });
  else window.close();
}
