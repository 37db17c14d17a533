/**
 * The reading view (text, quote, the web pages' marks), the side panel's container, and how the
 * panel follows the active tab and a card's requests (WXT's fake browser).
 */
import { act, cleanup, render, screen, waitFor } from '@testing-library/preact';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Timeline } from '@/components/Timeline';
import { Reader } from '@/components/timeline/Reader';
import { QUOTE_CLASS, ReadingView } from '@/components/timeline/ReadingView';
import type { CorpusSource } from '@/lib/corpus/schema';
import type * as Protocol from '@/lib/messaging/protocol';
import { request, toMatcherEntity, type MatcherEntity, type PageReport } from '@/lib/messaging/protocol';
import { compactMatcherNames } from '@/lib/messaging/matcher-names';
import { REPORT_RETRY_DELAYS_MS, watchActiveTab, type ActivePage } from '@/lib/timeline/active-tab';
import { timelineRequestItem } from '@/lib/session';
import { FRESH_REQUEST_MS, watchTimelineRequests, type TimelineRequest } from '@/lib/timeline/request';
import { loadCorpus } from '@/scripts/corpus/read';

vi.mock('@/lib/messaging/protocol', async (original) => ({
  ...(await original<typeof Protocol>()),
  request: vi.fn(),
}));

const bundle = loadCorpus().bundle!;
const entities: MatcherEntity[] = bundle.entities.map(toMatcherEntity);
const source = (id: string): CorpusSource => bundle.sources.find((s) => s.id === id)!;
const kyiv = bundle.events.find((e) => e.id === 'blinken-lammy-kyiv-visit')!;
const evidence = kyiv.evidence.find((x) => x.sourceId === 'us-uk-open-to-deeper-strikes')!;

beforeEach(() => {
  Element.prototype.scrollIntoView = vi.fn();
});
afterEach(() => {
  cleanup();
  vi.mocked(request).mockReset();
  vi.restoreAllMocks();
});

describe('reading view', () => {
  it('renders the article as paragraphs of text and highlights the quote, focused and scrolled to', () => {
    const article = source(evidence.sourceId);
    render(<ReadingView source={article} quote={evidence.quote} entities={null} />);
    const quoted = Array.from(document.querySelectorAll<HTMLElement>(`.${QUOTE_CLASS}`));
    expect(quoted.map((q) => q.textContent).join('')).toBe(evidence.quote);
    expect(quoted[0]!.getAttribute('role')).toBe('mark');
    expect(document.activeElement).toBe(quoted[0]);
    expect(quoted[0]!.scrollIntoView).toHaveBeenCalled();
    const paragraphs = Array.from(document.querySelectorAll('.reader-article p')).map((p) => p.textContent);
    const lines = article.text.split('\n').filter((l) => l.trim());
    expect(paragraphs).toEqual(lines.slice(lines[0] === article.title ? 1 : 0));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(article.title);
    expect(screen.getByRole('status').textContent).toContain('The quote is highlighted.');
  });

  it('highlights mentions with the web pages’ marks, inside the quote too', async () => {
    render(<ReadingView source={source(evidence.sourceId)} quote={evidence.quote} entities={entities} />);
    await waitFor(() => expect(document.querySelector('[data-linked]')).not.toBeNull());
    const marks = Array.from(document.querySelectorAll<HTMLElement>('.reader-article mark[data-entity]'));
    expect(new Set(marks.map((m) => m.dataset.entity))).toContain('david-lammy');
    expect(document.querySelector(`.${QUOTE_CLASS} mark[data-entity="volodymyr-zelensky"]`)).not.toBeNull();
    expect(document.querySelector('[data-linked]')!.getAttribute('data-linked')).toBe(
      String(new Set(marks.map((m) => m.dataset.mention)).size),
    );
  });

  it('uses the article’s first line as its headline when it is one, quote included', () => {
    const article = source('us-set-to-permit-long-range-missiles');
    expect(article.titleKind).toBe('headline');
    render(<ReadingView source={article} quote={article.title} entities={null} />);
    const h1 = screen.getByRole('heading', { level: 1 });
    expect(h1.querySelector(`.${QUOTE_CLASS}`)!.textContent).toBe(article.title);
    expect(document.querySelectorAll('h1')).toHaveLength(1);
  });

  it('says when the quote is not in the article, and renders markup in the text as text', () => {
    const hostile: CorpusSource = {
      ...source(evidence.sourceId),
      text: 'Intro <img src=x onerror="window.pwned=1">\nEnd.',
    };
    render(<ReadingView source={hostile} quote="never said" entities={null} />);
    expect(screen.getByRole('status').textContent).toBe('The quote was not found in this article.');
    expect(document.querySelector(`.${QUOTE_CLASS}`)).toBeNull();
    expect(document.querySelector('img')).toBeNull();
    expect(document.querySelector('.reader-article')!.textContent).toContain('<img src=x onerror="window.pwned=1">');
  });

  it('has no accessibility violations', async () => {
    const { container } = render(
      <ReadingView source={source(evidence.sourceId)} quote={evidence.quote} entities={null} />,
    );
    const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  it('loads the article and the names to highlight, leaving muted entities out', async () => {
    await fakeBrowser.storage.local.set({ mutedEntities: ['david-lammy'] });
    vi.mocked(request).mockImplementation((async (type: string, data?: { sourceId: string }) => {
      if (type === 'page.getSource') return source(data!.sourceId);
      if (type === 'cs.getMatcherEntities') return compactMatcherNames('test', entities);
      throw new Error(`unexpected ${type}`);
    }) as typeof request);
    render(<Reader params={{ sourceId: evidence.sourceId, quote: evidence.quote }} />);
    await waitFor(() => expect(document.querySelector('[data-linked]')).not.toBeNull());
    expect(document.querySelector('mark[data-entity="david-lammy"]')).toBeNull();
    expect(document.querySelector('mark[data-entity="volodymyr-zelensky"]')).not.toBeNull();
    expect(document.title).toBe(`${source(evidence.sourceId).title} · Fact Context`);
  });

  it('says what went wrong without an article', async () => {
    render(<Reader params={{ sourceId: null, quote: null }} />);
    await waitFor(() => expect(screen.getByText(/The article could not be opened/)).toBeTruthy());
  });
});

describe('side panel container', () => {
  it('loads the timeline, follows the page it is given and hears requests', async () => {
    vi.mocked(request).mockImplementation((async (type: string) => {
      if (type !== 'page.getTimeline') throw new Error(`unexpected ${type}`);
      return {
        version: bundle.version,
        events: bundle.events,
        claims: bundle.claims,
        sources: bundle.sources,
        entities: bundle.entities.map(({ id, name, kind }) => ({ id, name, kind })),
      };
    }) as typeof request);
    let setPage: (page: ActivePage | null) => void = () => {};
    let ask: (r: TimelineRequest) => void = () => {};
    const stopPage = vi.fn();
    const { unmount } = render(
      <Timeline
        initial={{ entityIds: [], sourceId: null }}
        watchPage={(on) => {
          setPage = on;
          return stopPage;
        }}
        watchRequests={(on) => {
          ask = on;
          return () => {};
        }}
      />,
    );
    await waitFor(() => expect(document.querySelectorAll('[data-event]')).toHaveLength(bundle.events.length));
    act(() =>
      setPage({
        tabId: 2,
        status: 'ready',
        sourceId: 'reaction-starmer-in-washington',
        entities: [{ id: 'keir-starmer', name: 'Keir Starmer', kind: 'person', count: 4 }],
      }),
    );
    const starmer = bundle.events.filter((e) => e.entityIds.includes('keir-starmer')).map((e) => e.id);
    expect(
      Array.from(document.querySelectorAll<HTMLElement>('[data-event]'))
        .map((e) => e.dataset.event)
        .sort(),
    ).toEqual(starmer.sort());
    act(() => ask({ entityIds: ['atacms'], at: 5 }));
    const atacms = bundle.events.filter((e) => e.entityIds.includes('atacms')).map((e) => e.id);
    expect(
      Array.from(document.querySelectorAll<HTMLElement>('[data-event]'))
        .map((e) => e.dataset.event)
        .sort(),
    ).toEqual(atacms.sort());
    unmount();
    expect(stopPage).toHaveBeenCalled();
  });

  it('says so when the corpus cannot be read', async () => {
    vi.mocked(request).mockRejectedValue(new Error('The corpus is not loaded'));
    render(<Timeline />);
    await waitFor(() =>
      expect(screen.getByText('The timeline could not be read: The corpus is not loaded')).toBeTruthy(),
    );
  });
});

describe('following the active tab', () => {
  const report = (fingerprint: string | null, ids: string[], status: PageReport['status'] = 'ready'): PageReport => ({
    status,
    fingerprint,
    host: 'news.example',
    entities: ids.map((id) => ({ id, name: id, kind: 'person', count: 1 })),
  });

  function setup(reports: Record<number, PageReport | PageReport[]>, ownTabId?: number) {
    let active = 1;
    vi.spyOn(fakeBrowser.tabs, 'query').mockImplementation(async () => [{ id: active, active: true } as never]);
    vi.spyOn(fakeBrowser.tabs, 'getCurrent').mockImplementation(
      async () => (ownTabId === undefined ? undefined : { id: ownTabId }) as never,
    );
    const calls: number[] = [];
    const getReport = vi.fn(async (tabId: number) => {
      calls.push(tabId);
      const r = reports[tabId];
      if (!r) throw new Error('No content script answered tab.getPageReport');
      return Array.isArray(r) ? (r.length > 1 ? r.shift()! : r[0]!) : r;
    });
    const waits: number[] = [];
    const deps = {
      getReport,
      findSource: vi.fn(async (fp: string) => (fp.startsWith('kyiv') ? 'kyiv-visit-limited-to-solidarity' : null)),
      wait: async (ms: number) => void waits.push(ms),
    };
    const pages: (ActivePage | null)[] = [];
    const stop = watchActiveTab((p) => pages.push(p), deps);
    const activate = async (tabId: number) => {
      active = tabId;
      await fakeBrowser.tabs.onActivated.trigger({ tabId, windowId: 0 });
    };
    return { pages, stop, activate, calls, waits, deps };
  }
  const settle = () => new Promise((r) => setTimeout(r, 0));

  it('reads the active tab’s page and which corpus article it is', async () => {
    const { pages } = setup({ 1: report('kyiv fingerprint', ['antony-blinken']) });
    await waitFor(() => expect(pages).toHaveLength(1));
    expect(pages[0]).toEqual({
      tabId: 1,
      status: 'ready',
      sourceId: 'kyiv-visit-limited-to-solidarity',
      entities: [{ id: 'antony-blinken', name: 'antony-blinken', kind: 'person', count: 1 }],
    });
  });

  it('follows a switch to another tab and a navigation in it', async () => {
    const { pages, activate, calls } = setup({
      1: report('kyiv fingerprint', ['antony-blinken']),
      2: report('other', ['keir-starmer']),
    });
    await waitFor(() => expect(pages).toHaveLength(1));
    await activate(2);
    await waitFor(() => expect(pages).toHaveLength(2));
    expect(pages[1]).toMatchObject({ tabId: 2, sourceId: null, entities: [{ id: 'keir-starmer' }] });
    await fakeBrowser.tabs.onUpdated.trigger(2, { status: 'complete' }, { id: 2 } as never);
    await waitFor(() => expect(pages).toHaveLength(3));
    expect(calls).toEqual([1, 2, 2]);
    expect(pages[2]).toEqual(pages[1]);
    // A tab in the background finishing loading changes nothing.
    await fakeBrowser.tabs.onUpdated.trigger(1, { status: 'complete' }, { id: 1 } as never);
    await settle();
    expect(calls).toEqual([1, 2, 2]);
  });

  it('has no page for a tab without our content script, and asks again a few times', async () => {
    const { pages, calls, waits } = setup({});
    await waitFor(() => expect(calls).toHaveLength(REPORT_RETRY_DELAYS_MS.length + 1));
    expect(pages).toEqual([null]);
    expect(waits).toEqual([...REPORT_RETRY_DELAYS_MS]);
  });

  it('asks again while the page is still being scanned', async () => {
    const { pages, calls } = setup({
      1: [report('kyiv fingerprint', [], 'no-article'), report('kyiv fingerprint', ['david-lammy'])],
    });
    await waitFor(() => expect(pages).toHaveLength(2));
    expect(calls).toEqual([1, 1]);
    expect(pages[1]).toMatchObject({ status: 'ready', entities: [{ id: 'david-lammy' }] });
  });

  it('ignores its own tab when the panel is open as a page', async () => {
    const { pages, activate, calls } = setup({ 1: report('kyiv fingerprint', ['antony-blinken']) }, 3);
    await waitFor(() => expect(pages).toHaveLength(1));
    await activate(3);
    await settle();
    expect(calls).toEqual([1]);
    expect(pages).toHaveLength(1);
  });

  it('stops following when asked', async () => {
    const { pages, stop, activate, calls } = setup({ 1: report(null, []), 2: report(null, []) });
    await waitFor(() => expect(pages).toHaveLength(1));
    stop();
    await activate(2);
    await settle();
    expect(calls).toEqual([1]);
  });
});

describe('a card’s timeline request', () => {
  it('is heard when written, and a malformed one is not', async () => {
    const heard: TimelineRequest[] = [];
    const stop = watchTimelineRequests(
      (r) => heard.push(r),
      () => 1_000,
    );
    await timelineRequestItem.setValue({ entityIds: ['antony-blinken'], at: 900 });
    await timelineRequestItem.setValue({ entityIds: ['<script>'], at: 1 });
    await waitFor(() => expect(heard).toEqual([{ entityIds: ['antony-blinken'], at: 900 }]));
    stop();
    await timelineRequestItem.setValue({ entityIds: ['david-lammy'], at: 2_000 });
    await new Promise((r) => setTimeout(r, 0));
    expect(heard).toHaveLength(1);
  });

  it('applies a request written just before the panel opened, not an old one', async () => {
    await timelineRequestItem.setValue({ entityIds: ['storm-shadow'], at: 10_000 });
    const fresh: TimelineRequest[] = [];
    watchTimelineRequests(
      (r) => fresh.push(r),
      () => 10_000 + FRESH_REQUEST_MS - 1,
    );
    await waitFor(() => expect(fresh).toEqual([{ entityIds: ['storm-shadow'], at: 10_000 }]));
    const stale: TimelineRequest[] = [];
    watchTimelineRequests(
      (r) => stale.push(r),
      () => 10_000 + FRESH_REQUEST_MS,
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(stale).toEqual([]);
  });
});
