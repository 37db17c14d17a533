/**
 * What the active tab shows, followed as the reader switches tabs and navigates: the side panel
 * asks the tab's content script for its page report (`tab.getPageReport`) and the background
 * which corpus article it is (`page.findSource`). Works without the `tabs` permission: it never
 * reads a tab's address, only its id, and talks to our own content script there.
 */
import { browser } from '#imports';
import { request, requestTab, type PageReport, type PageStatus } from '../messaging/protocol';

/**
 * Waits between asks of a tab that does not answer yet, or is still scanning. The content
 * script starts at document_end, once the document is parsed, and scans in slices; a tab
 * that never answers (a browser page, a PDF) costs these few messages and nothing more.
 */
export const REPORT_RETRY_DELAYS_MS = [250, 500, 1000, 2000, 4000] as const;

export interface ActivePage {
  tabId: number;
  status: PageStatus;
  entities: PageReport['entities'];
  /** The corpus article the tab shows, when it shows one. */
  sourceId: string | null;
}

export interface ActiveTabDeps {
  getReport: (tabId: number) => Promise<PageReport>;
  findSource: (fingerprint: string) => Promise<string | null>;
  wait: (ms: number) => Promise<void>;
}

const defaultDeps: ActiveTabDeps = {
  getReport: (tabId) => requestTab(tabId, 'tab.getPageReport'),
  findSource: (fingerprint) => request('page.findSource', { fingerprint }),
  wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** An article is on the page but the scan has not reported yet: ask again. */
function unsettled(report: PageReport): boolean {
  return report.status === 'no-article' && report.fingerprint !== null && report.entities.length === 0;
}

/**
 * Calls `onChange` with the active tab's page now and whenever it changes (null: the tab has no
 * content script that answers). Returns the function that stops following.
 */
export function watchActiveTab(
  onChange: (page: ActivePage | null) => void,
  deps: ActiveTabDeps = defaultDeps,
): () => void {
  const tabs = browser.tabs as typeof browser.tabs | undefined;
  if (!tabs?.query) return () => {};
  let generation = 0;
  let shownTabId: number | null = null;
  let stopped = false;
  // When the panel itself is open as a tab, activating it must not make it read itself.
  const ownTab: Promise<number | null> = Promise.resolve(tabs.getCurrent?.())
    .then((tab) => tab?.id ?? null)
    .catch(() => null);

  const load = async (tabId: number) => {
    const mine = ++generation;
    shownTabId = tabId;
    let lastSent: string | null = null;
    const send = (page: ActivePage | null) => {
      const key = JSON.stringify(page);
      if (mine !== generation || stopped || key === lastSent) return;
      lastSent = key;
      onChange(page);
    };
    for (let attempt = 0; attempt <= REPORT_RETRY_DELAYS_MS.length; attempt++) {
      if (attempt > 0) await deps.wait(REPORT_RETRY_DELAYS_MS[attempt - 1]!);
      if (mine !== generation || stopped) return;
      let report: PageReport;
      try {
        report = await deps.getReport(tabId);
      } catch {
        // No content script there (yet): no page information for now.
        send(null);
        continue;
      }
      const sourceId = report.fingerprint ? await deps.findSource(report.fingerprint).catch(() => null) : null;
      send({ tabId, status: report.status, entities: report.entities, sourceId });
      if (!unsettled(report)) return;
    }
  };

  const refresh = async (force: boolean) => {
    const [tab] = await tabs.query({ active: true, currentWindow: true }).catch(() => []);
    if (stopped) return;
    if (tab?.id === undefined) {
      generation++;
      shownTabId = null;
      onChange(null);
      return;
    }
    if (tab.id === (await ownTab)) return;
    if (!force && tab.id === shownTabId) return;
    await load(tab.id);
  };

  const onActivated = () => void refresh(false);
  const onUpdated = (tabId: number, change: { status?: string }) => {
    if (change.status === 'complete' && tabId === shownTabId) void refresh(true);
  };
  tabs.onActivated.addListener(onActivated);
  tabs.onUpdated.addListener(onUpdated);
  void refresh(true);
  return () => {
    stopped = true;
    generation++;
    tabs.onActivated.removeListener(onActivated);
    tabs.onUpdated.removeListener(onUpdated);
  };
}
