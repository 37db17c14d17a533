/**
 * Opening the timeline, for everyone who offers it: a card on a web page (through the
 * background), the popup, the reading view. The side panel (Chrome) or the sidebar (Firefox),
 * else the panel's page in a tab; filtered to one entity when asked.
 */
import { browser } from '#imports';
import { timelineRequestItem } from '../session';
import { panelPath } from '../timeline/url';

/** Where the panel opens: beside a tab, in a window, or wherever the browser likes (null). */
export type PanelPlace = { tabId: number } | { windowId: number } | null;

type SidebarAction = { open: () => Promise<void> };

/**
 * Opens the timeline, showing `entityId`'s events when given. Call it straight from the reader's
 * click: both browsers open their panel only in answer to a user gesture, so the panel is asked
 * for before anything is awaited.
 */
export async function openTimeline(entityId: string | null, place: PanelPlace): Promise<'panel' | 'tab'> {
  const opening = openPanel(place);
  // The panel applies the request when it opens, or when it changes (lib/timeline/request.ts).
  if (entityId) await timelineRequestItem.setValue({ entityIds: [entityId], at: Date.now() });
  if (await opening) return 'panel';
  const path = panelPath({ entityIds: entityId ? [entityId] : [], sourceId: null });
  await browser.tabs.create({ url: browser.runtime.getURL(path as '/sidepanel.html') });
  return 'tab';
}

async function openPanel(place: PanelPlace): Promise<boolean> {
  try {
    if (browser.sidePanel && place) {
      await browser.sidePanel.open(place as { tabId: number } & { windowId: number });
      return true;
    }
    const sidebar = (browser as unknown as { sidebarAction?: SidebarAction }).sidebarAction;
    if (sidebar) {
      await sidebar.open();
      return true;
    }
  } catch {
    // No panel here, or no user gesture: a tab will do.
  }
  return false;
}
