/**
 * "This page": what the content script of the tab found (entities with mention counts, grouped
 * by kind), or an honest reason why nothing is shown. Choosing an entity scrolls the page to its
 * first mention and opens its card there.
 */
import { useEffect, useState } from 'preact/hooks';
import { ENTITY_KINDS } from '@/lib/corpus/schema';
import { requestTab, type PageReport } from '@/lib/messaging/protocol';
import type { Settings } from '@/lib/settings';
import { isUnscannableUrl, type TargetTab } from './extension';
import { KIND_HEADINGS, plural } from './labels';

/** The report is asked again this often while the popup is open: a page still loading or scanning changes. */
export const REPORT_REFRESH_MS = 1000;
/** After a switch changes, the content script re-runs; ask again once it has had this long. */
export const AFTER_SWITCH_MS = 250;

export type ReportState =
  | { state: 'loading' }
  | { state: 'no-tab' }
  | { state: 'unscannable' }
  | { state: 'report'; report: PageReport };

/** A tab whose content script has not answered this many times in a row has none: stop asking. */
export const MAX_UNANSWERED = 3;

/** Asks the tab's content script for its report, again every REPORT_REFRESH_MS and after switches change. */
export function usePageReport(target: TargetTab | null | undefined, changes: unknown[]): ReportState {
  const [page, setPage] = useState<ReportState>({ state: 'loading' });
  useEffect(() => {
    if (target === undefined) return;
    if (target === null) return setPage({ state: 'no-tab' });
    if (isUnscannableUrl(target.url)) return setPage({ state: 'unscannable' });
    let live = true;
    let unanswered = 0;
    const ask = () => {
      if (unanswered >= MAX_UNANSWERED) return;
      requestTab(target.id, 'tab.getPageReport').then(
        (report) => {
          unanswered = 0;
          if (live) setPage({ state: 'report', report });
        },
        () => {
          // No content script: a browser page, a PDF, a store, or a page still loading.
          unanswered++;
          if (live) setPage({ state: 'unscannable' });
        },
      );
    };
    ask();
    const again = setTimeout(ask, AFTER_SWITCH_MS);
    const every = setInterval(ask, REPORT_REFRESH_MS);
    return () => {
      live = false;
      clearTimeout(again);
      clearInterval(every);
    };
  }, [target, ...changes]);
  return page;
}

/** What to tell the reader; the switches in storage win over a report that has not caught up yet. */
export function statusMessage(
  page: ReportState,
  settings: Settings | null,
  host: string | null,
  siteOff: boolean,
): { text: string; tone: 'info' | 'muted' } | null {
  if (page.state === 'loading') return { text: 'Looking at this page…', tone: 'muted' };
  if (page.state === 'no-tab') {
    return { text: 'Open Fact Context from the toolbar to see what it found on a page.', tone: 'info' };
  }
  if (page.state === 'unscannable') {
    return {
      text: 'This page can’t be scanned: browser pages, PDFs and extension stores are closed to extensions.',
      tone: 'info',
    };
  }
  if (settings && !settings.enabled) return { text: 'Fact Context is turned off everywhere.', tone: 'info' };
  if (siteOff) return { text: `Fact Context is turned off on ${host ?? 'this site'}.`, tone: 'info' };
  switch (page.report.status) {
    case 'off':
      return { text: 'Fact Context is turned off everywhere.', tone: 'info' };
    case 'site-off':
      return { text: `Fact Context is turned off on ${host ?? 'this site'}.`, tone: 'info' };
    case 'opted-out':
      return { text: 'This page asks not to be annotated.', tone: 'info' };
    case 'no-article':
      return { text: 'No article found on this page.', tone: 'info' };
    case 'reading':
      return { text: 'Reading this page…', tone: 'muted' };
    case 'waiting':
      return { text: 'Waiting for this page to finish loading…', tone: 'muted' };
    case 'over-budget':
      return {
        text: 'This page needed more work than Fact Context allows itself, so it stopped here to keep the page fast.',
        tone: 'info',
      };
    case 'error':
      return { text: 'Something went wrong while reading this page.', tone: 'info' };
    case 'ready':
      return page.report.entities.length ? null : { text: 'No known people or weapons in this article.', tone: 'info' };
  }
}

export function PageStatusPanel({
  host,
  page,
  settings,
  disabledSites,
  onFocus,
}: {
  /** The tab's site, when known. */
  host: string | null;
  page: ReportState;
  settings: Settings | null;
  disabledSites: string[] | null;
  onFocus: (entityId: string) => void;
}) {
  const message = statusMessage(page, settings, host, !!host && !!disabledSites?.includes(host));
  const entities = page.state === 'report' && !message ? page.report.entities : [];
  return (
    <section aria-labelledby="fc-page-heading" class="page-status">
      <h2 id="fc-page-heading">This page</h2>
      {message && (
        <p class={message.tone === 'muted' ? 'muted' : 'status-message'} data-page-status>
          {message.text}
        </p>
      )}
      {ENTITY_KINDS.map((kind) => {
        const list = entities.filter((e) => e.kind === kind).sort((a, b) => b.count - a.count);
        if (!list.length) return null;
        return (
          <div key={kind} class="page-kind">
            <h3 id={`fc-page-${kind}`}>{KIND_HEADINGS[kind]}</h3>
            <ul aria-labelledby={`fc-page-${kind}`}>
              {list.map((e) => (
                <li key={e.id}>
                  <button type="button" class="page-entity" data-entity-id={e.id} onClick={() => onFocus(e.id)}>
                    <span>{e.name}</span> <span class="count">{plural(e.count, 'mention', 'mentions')}</span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </section>
  );
}
