/**
 * The side panel's components on the real corpus (Testing Library, jsdom): the timeline's order,
 * filters and marks, the Disputed and Sources views, long lists, and accessibility (axe).
 */
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import axe from 'axe-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { initialFilter } from '@/components/Timeline';
import { TimelinePanel, type TimelinePanelProps } from '@/components/timeline/TimelinePanel';
import { WINDOW_FROM_ROWS } from '@/components/timeline/TimelineList';
import type { CorpusBundle, CorpusEvent } from '@/lib/corpus/schema';
import type { TimelineData } from '@/lib/messaging/timeline';
import type { ActivePage } from '@/lib/timeline/active-tab';
import { EMPTY_FILTER } from '@/lib/timeline/filter';
import { loadCorpus } from '@/scripts/corpus/read';

const bundle = loadCorpus().bundle!;
afterEach(cleanup);

function dataOf(corpus: CorpusBundle): TimelineData {
  return {
    version: corpus.version,
    events: corpus.events,
    claims: corpus.claims,
    sources: corpus.sources.map(({ text: _text, seed: _seed, ...rest }) => rest),
    entities: corpus.entities.map(({ id, name, kind }) => ({ id, name, kind })),
  };
}
const data = dataOf(bundle);

function renderPanel(props: Partial<TimelinePanelProps> = {}) {
  return render(<TimelinePanel data={data} initialFilter={EMPTY_FILTER} page={null} {...props} />);
}

const shownEvents = (root: ParentNode = document) =>
  Array.from(root.querySelectorAll<HTMLElement>('[data-event]')).map((el) => el.dataset.event!);
const eventsOf = (entityId: string) => bundle.events.filter((e) => e.entityIds.includes(entityId)).map((e) => e.id);
const noViolations = async (container: Element) => {
  // jsdom does no layout, so colours cannot be checked here (the real-browser tests look at the page).
  const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' ')}`)).toEqual([]);
};

describe('timeline', () => {
  it('shows every event once, dated in a <time datetime> at its precision, in date order', () => {
    renderPanel();
    const events = Array.from(document.querySelectorAll<HTMLElement>('[data-event]'));
    expect(events.map((e) => e.dataset.event).sort()).toEqual(bundle.events.map((e) => e.id).sort());
    const datetimes = events.map((e) => e.querySelector(':scope > time')!.getAttribute('datetime')!);
    expect(datetimes).toEqual([...datetimes].sort());
    const kyiv = document.querySelector('[data-event="blinken-lammy-kyiv-visit"] > time')!;
    expect([kyiv.getAttribute('datetime'), kyiv.textContent]).toEqual(['2024-09-11', '11 Sep 2024']);
    const invasion = document.querySelector('[data-event="russia-invades-ukraine"] > time')!;
    expect([invasion.getAttribute('datetime'), invasion.textContent]).toEqual(['2022-02', 'Feb 2022']);
  });

  it('groups entries under month headings in order', () => {
    renderPanel();
    const headings = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(headings.slice(0, 2)).toEqual(['Feb 2022', 'May 2023']);
    expect(headings).toContain('Sep 2024');
    expect(new Set(headings).size).toBe(headings.length);
    const sep = document.querySelector('[data-group="2024-09"]')!.closest('li')!;
    let next = sep.nextElementSibling;
    const inSeptember: string[] = [];
    while (next && !next.querySelector('[data-group]')) {
      const time = next.querySelector('[data-event] > time, [data-claim-entry] > time');
      if (time) inSeptember.push(time.getAttribute('datetime')!);
      next = next.nextElementSibling;
    }
    expect(inSeptember.every((d) => d.startsWith('2024-09'))).toBe(true);
    // A month-precision entry sorts before the days of its month.
    expect(inSeptember[0]).toBe('2024-09');
  });

  it('says how a worked-out date was found', () => {
    renderPanel();
    const relative = document.querySelector('[data-event="blinken-lammy-kyiv-visit"] [data-dating="relative"]')!;
    expect(relative.textContent).toContain('Date worked out from a relative expression');
    const outside = document.querySelector('[data-event="putin-warns-on-state-tv"] [data-dating="outside-fact"]')!;
    expect(outside.textContent).toContain('Outside fact: Putin made these remarks');
  });

  it('shows every source of the Kyiv visit with its quote and a link to the reading view at it', () => {
    renderPanel();
    const event = bundle.events.find((e) => e.id === 'blinken-lammy-kyiv-visit')!;
    const el = document.querySelector<HTMLElement>('[data-event="blinken-lammy-kyiv-visit"]')!;
    const items = Array.from(el.querySelectorAll<HTMLElement>('[data-source]'));
    expect(items.map((i) => i.dataset.source)).toEqual(event.evidence.map((x) => x.sourceId));
    for (const [i, x] of event.evidence.entries()) {
      expect(items[i]!.querySelector('blockquote')!.textContent).toBe(`“${x.quote}”`);
      const link = items[i]!.querySelector('a')!;
      const url = new URL(link.getAttribute('href')!, 'chrome-extension://id/');
      expect([url.pathname, url.searchParams.get('source'), url.searchParams.get('quote')]).toEqual([
        '/reader.html',
        x.sourceId,
        x.quote,
      ]);
      expect(link.getAttribute('target')).toBe('_blank');
    }
  });

  it('places disputed claims at their date', () => {
    renderPanel();
    const entry = document.querySelector('[data-claim-entry="us-uk-approved-strikes-inside-russia"]')!;
    expect(entry.querySelector(':scope > time')!.getAttribute('datetime')).toBe('2024-09');
    expect(entry.textContent).toContain('Disputed');
  });
});

describe('filters', () => {
  it('filters by an entity chosen in the list, shows it, and clears it', () => {
    renderPanel();
    fireEvent.change(screen.getByLabelText('Add a person or weapon'), { target: { value: 'antony-blinken' } });
    expect(shownEvents().sort()).toEqual(eventsOf('antony-blinken').sort());
    const current = screen.getByRole('list', { name: 'Current filter' });
    expect(within(current).getByText('Antony Blinken')).toBeTruthy();
    expect(
      screen.getByText(`Showing ${document.querySelectorAll('[data-event], [data-claim-entry]').length} of`, {
        exact: false,
      }),
    ).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Remove filter: Antony Blinken' }));
    expect(shownEvents()).toHaveLength(bundle.events.length);
    expect(screen.queryByRole('list', { name: 'Current filter' })).toBeNull();
  });

  it('adds an entity from a chip, and combines several chosen entities', () => {
    renderPanel();
    const chip = document.querySelector<HTMLButtonElement>(
      '[data-event="blinken-lammy-kyiv-visit"] [data-chip="david-lammy"]',
    )!;
    fireEvent.click(chip);
    expect(shownEvents().sort()).toEqual(eventsOf('david-lammy').sort());
    expect(document.querySelector('[data-chip="david-lammy"]')!.getAttribute('aria-pressed')).toBe('true');
    fireEvent.change(screen.getByLabelText('Add a person or weapon'), { target: { value: 'vladimir-putin' } });
    const either = bundle.events.filter((e) =>
      e.entityIds.some((id) => id === 'david-lammy' || id === 'vladimir-putin'),
    );
    expect(shownEvents().sort()).toEqual(either.map((e) => e.id).sort());
    fireEvent.click(screen.getByRole('button', { name: 'Clear filter' }));
    expect(shownEvents()).toHaveLength(bundle.events.length);
  });

  it('filters by source and by date range', () => {
    renderPanel();
    const source = 'reaction-starmer-in-washington';
    fireEvent.change(screen.getByLabelText('Source'), { target: { value: source } });
    const fromSource = bundle.events.filter((e) => e.evidence.some((x) => x.sourceId === source)).map((e) => e.id);
    expect(shownEvents().sort()).toEqual(fromSource.sort());
    fireEvent.change(screen.getByLabelText('Source'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2024-09-11' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2024-09-12' } });
    const datetimes = Array.from(document.querySelectorAll('[data-event] > time')).map(
      (t) => t.getAttribute('datetime')!,
    );
    expect(datetimes.length).toBeGreaterThan(0);
    // Month- and year-precision events overlapping the range stay; day events outside it go.
    for (const d of datetimes)
      expect(
        d.length === 10 ? d >= '2024-09-11' && d <= '2024-09-12' : '2024-09'.startsWith(d) || d === '2024-09',
      ).toBe(true);
    expect(shownEvents()).toContain('blinken-lammy-kyiv-visit');
    expect(shownEvents()).not.toContain('harris-trump-debate');
    expect(within(screen.getByRole('list', { name: 'Current filter' })).getByText('From 11 Sep 2024')).toBeTruthy();
  });

  it('says so when nothing matches', () => {
    renderPanel({
      initialFilter: { ...EMPTY_FILTER, entityIds: ['antony-blinken'], from: '2022-01-01', to: '2022-12-31' },
    });
    expect(shownEvents()).toEqual([]);
    expect(screen.getByText('No entry matches this filter.')).toBeTruthy();
  });

  it('starts from the panel’s address, or follows the page when it asks for nothing', () => {
    expect(initialFilter({ entityIds: ['antony-blinken'], sourceId: null })).toEqual({
      ...EMPTY_FILTER,
      entityIds: ['antony-blinken'],
    });
    expect(initialFilter({ entityIds: [], sourceId: null })).toEqual({ ...EMPTY_FILTER, followPage: true });
    expect(initialFilter(undefined).followPage).toBe(true);
  });
});

describe('the active tab', () => {
  const kyivArticle = 'kyiv-visit-limited-to-solidarity';
  const page: ActivePage = {
    tabId: 4,
    status: 'ready',
    sourceId: kyivArticle,
    entities: [
      { id: 'antony-blinken', name: 'Antony Blinken', kind: 'person', count: 3 },
      { id: 'volodymyr-zelensky', name: 'Volodymyr Zelensky', kind: 'person', count: 2 },
    ],
  };

  it('keeps the entries about what the page mentions and marks those of its article', () => {
    renderPanel({ initialFilter: { ...EMPTY_FILTER, followPage: true }, page });
    const about = bundle.events.filter((e) =>
      e.entityIds.some((id) => id === 'antony-blinken' || id === 'volodymyr-zelensky'),
    );
    expect(shownEvents().sort()).toEqual(about.map((e) => e.id).sort());
    const marked = Array.from(document.querySelectorAll<HTMLElement>('[data-event][data-current]')).map(
      (e) => e.dataset.event,
    );
    const fromArticle = about.filter((e) => e.evidence.some((x) => x.sourceId === kyivArticle)).map((e) => e.id);
    expect(marked.sort()).toEqual(fromArticle.sort());
    expect(marked.length).toBeGreaterThan(0);
    const status = document.querySelector<HTMLElement>('[data-page-status]')!;
    expect(status.dataset.pageSource).toBe(kyivArticle);
    expect(status.textContent).toContain('Lammy and Blinken’s Kyiv visit limited to solidarity');
    fireEvent.click(screen.getByRole('button', { name: /Remove filter: What the active tab mentions/ }));
    expect(shownEvents()).toHaveLength(bundle.events.length);
  });

  it('follows the page as it changes, and shows everything without one', () => {
    const { rerender } = renderPanel({ initialFilter: { ...EMPTY_FILTER, followPage: true }, page });
    const other: ActivePage = {
      ...page,
      sourceId: null,
      entities: [{ id: 'kamala-harris', name: 'Kamala Harris', kind: 'person', count: 1 }],
    };
    rerender(<TimelinePanel data={data} initialFilter={EMPTY_FILTER} page={other} />);
    expect(shownEvents().sort()).toEqual(eventsOf('kamala-harris').sort());
    expect(document.querySelectorAll('[data-current]')).toHaveLength(0);
    rerender(<TimelinePanel data={data} initialFilter={EMPTY_FILTER} page={null} />);
    expect(shownEvents()).toHaveLength(bundle.events.length);
    expect(document.querySelector('[data-page-status]')!.getAttribute('data-page-status')).toBe('none');
  });

  it('applies a card’s request: that entity’s timeline, shown at once', () => {
    const { rerender } = renderPanel({ initialFilter: { ...EMPTY_FILTER, followPage: true }, page });
    fireEvent.click(screen.getByRole('tab', { name: /Sources/ }));
    rerender(
      <TimelinePanel
        data={data}
        initialFilter={EMPTY_FILTER}
        page={page}
        request={{ entityIds: ['storm-shadow'], at: 1 }}
      />,
    );
    expect(screen.getByRole('tab', { name: /Timeline/ }).getAttribute('aria-selected')).toBe('true');
    expect(shownEvents().sort()).toEqual(eventsOf('storm-shadow').sort());
  });
});

describe('disputed view', () => {
  it('shows the US-approval question with each source’s positions side by side, quote, publisher and date', () => {
    renderPanel();
    fireEvent.click(screen.getByRole('tab', { name: /Disputed/ }));
    const claim = bundle.claims.find((c) => c.id === 'us-uk-approved-strikes-inside-russia')!;
    const card = document.querySelector<HTMLElement>('[data-claim="us-uk-approved-strikes-inside-russia"]')!;
    expect(within(card).getByRole('heading', { level: 2 }).textContent).toBe(claim.question);
    const positions = Array.from(card.querySelectorAll<HTMLElement>('[data-position]'));
    expect(positions).toHaveLength(claim.positions.length);
    expect(new Set(positions.map((p) => p.dataset.source)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(positions.map((p) => p.dataset.stance)).size).toBeGreaterThan(1);
    for (const [i, p] of claim.positions.entries()) expect(positions[i]!.textContent).toContain(p.quote);
    const column = positions[0]!.closest('.source-column')!;
    const source = bundle.sources.find((s) => s.id === claim.positions[0]!.sourceId)!;
    expect(column.querySelector('time')!.getAttribute('datetime')).toBe(source.publishedAt);
    expect(column.textContent).toContain(source.publisher ?? 'Publisher not shown');
  });

  it('opens at a claim from the timeline', () => {
    const scrolled = vi.fn();
    Element.prototype.scrollIntoView = scrolled;
    renderPanel();
    const entry = document.querySelector('[data-claim-entry="us-uk-approved-strikes-inside-russia"]')!;
    fireEvent.click(within(entry as HTMLElement).getByRole('button', { name: 'Compare the sources' }));
    expect(screen.getByRole('tab', { name: /Disputed/ }).getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement!.id).toBe('claim-us-uk-approved-strikes-inside-russia');
    expect(scrolled).toHaveBeenCalled();
  });
});

describe('sources view', () => {
  it('lists each article with publisher, date and how it was dated, position, and what it mentions', () => {
    renderPanel();
    fireEvent.click(screen.getByRole('tab', { name: /Sources/ }));
    const cards = Array.from(document.querySelectorAll<HTMLElement>('[data-source-card]'));
    expect(cards.map((c) => c.dataset.sourceCard).sort()).toEqual(bundle.sources.map((s) => s.id).sort());
    for (const s of bundle.sources) {
      const card = document.querySelector<HTMLElement>(`[data-source-card="${s.id}"]`)!;
      expect(card.querySelector('time')!.getAttribute('datetime')).toBe(s.publishedAt);
      expect(card.textContent).toContain(s.publisher ?? 'Not shown in the text');
      expect(card.querySelector('[data-stance]')!.getAttribute('data-stance')).toBe(s.position.stance);
      expect(card.textContent).toContain(s.position.quote);
      expect(
        Array.from(card.querySelectorAll<HTMLElement>('[data-chip]'))
          .map((c) => c.dataset.chip)
          .sort(),
      ).toEqual([...s.entityIds].sort());
      if (s.dateMethod !== 'stated') expect(card.querySelector(`[data-dating="${s.dateMethod}"]`)).not.toBeNull();
    }
  });

  it('shows an entity’s timeline from a chip', () => {
    renderPanel();
    fireEvent.click(screen.getByRole('tab', { name: /Sources/ }));
    fireEvent.click(document.querySelector('[data-source-card] [data-chip="antony-blinken"]')!);
    expect(screen.getByRole('tab', { name: /Timeline/ }).getAttribute('aria-selected')).toBe('true');
    expect(shownEvents().sort()).toEqual(eventsOf('antony-blinken').sort());
  });
});

describe('views and accessibility', () => {
  it('moves between views with the arrow keys, as tabs do', () => {
    renderPanel();
    const timeline = screen.getByRole('tab', { name: /Timeline/ });
    timeline.focus();
    fireEvent.keyDown(timeline, { key: 'ArrowRight' });
    const disputed = screen.getByRole('tab', { name: /Disputed/ });
    expect(disputed.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(disputed);
    fireEvent.keyDown(disputed, { key: 'End' });
    expect(screen.getByRole('tab', { name: /Sources/ }).getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    expect(timeline.getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe(timeline.id);
  });

  // axe walks every node of a view; in jsdom the larger views take a few seconds.
  const AXE_TIMEOUT_MS = 20_000;
  const page: ActivePage = {
    tabId: 1,
    status: 'ready',
    sourceId: 'us-uk-open-to-deeper-strikes',
    entities: [{ id: 'david-lammy', name: 'David Lammy', kind: 'person', count: 1 }],
  };
  for (const view of ['Timeline', 'Disputed', 'Sources'] as const) {
    it(
      `has no accessibility violations in the ${view} view`,
      async () => {
        const { container } = renderPanel({
          initialFilter: { ...EMPTY_FILTER, followPage: true, entityIds: ['david-lammy'] },
          page,
        });
        document.querySelector('details')!.open = true;
        fireEvent.click(screen.getByRole('tab', { name: new RegExp(view) }));
        await noViolations(container);
      },
      AXE_TIMEOUT_MS,
    );
  }

  it('renders corpus text as text, never as markup', () => {
    const hostile = structuredClone(bundle);
    hostile.events[0]!.title = '<img src=x onerror="window.pwned=1">';
    hostile.events[0]!.evidence[0]!.quote = '<script>window.pwned=1</script>';
    const { container } = render(<TimelinePanel data={dataOf(hostile)} initialFilter={EMPTY_FILTER} page={null} />);
    expect(container.querySelector('img, script')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror="window.pwned=1">');
  });
});

describe('long timelines', () => {
  function manyEvents(count: number): CorpusEvent[] {
    return Array.from({ length: count }, (_, i) => {
      const day = new Date(Date.UTC(2000, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
      return {
        id: `generated-${i}`,
        title: `Generated event ${i}`,
        date: day,
        datePrecision: 'day' as const,
        dateMethod: 'stated' as const,
        dateNote: null,
        outsideFact: null,
        entityIds: [i % 2 ? 'antony-blinken' : 'david-lammy'],
        evidence: [{ sourceId: bundle.sources[0]!.id, quote: `Quote ${i}` }],
      };
    });
  }

  it('renders only the rows in and near view of thousands of events, and follows scrolling', async () => {
    const big = { ...data, events: manyEvents(5_000), claims: [] };
    render(<TimelinePanel data={big} initialFilter={EMPTY_FILTER} page={null} />);
    const list = document.querySelector<HTMLElement>('.timeline-list')!;
    expect(list.dataset.windowed).toBe('true');
    const first = shownEvents();
    expect(first[0]).toBe('generated-0');
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(60);
    // The padding stands in for the rows not rendered: the list keeps its full height.
    expect(parseFloat(list.style.paddingBottom)).toBeGreaterThan(100_000);

    const scroller = document.querySelector<HTMLElement>('[role="tabpanel"]')!;
    await act(async () => {
      // jsdom does no layout: give the scroller the position a reader would scroll it to.
      Object.defineProperty(scroller, 'scrollTop', { value: 200_000, configurable: true });
      scroller.dispatchEvent(new Event('scroll'));
    });
    const later = shownEvents();
    expect(later.length).toBeLessThan(60);
    expect(later).not.toContain('generated-0');
    const firstIndex = Number(later[0]!.split('-')[1]);
    expect(firstIndex).toBeGreaterThan(1_000);
    const li = document.querySelector('.timeline-row')!;
    expect(Number(li.getAttribute('aria-setsize'))).toBeGreaterThan(5_000);
  });

  it('renders short timelines in full', () => {
    renderPanel();
    expect(document.querySelectorAll('.timeline-list > li').length).toBeLessThan(WINDOW_FROM_ROWS);
    expect(document.querySelector('.timeline-list')!.hasAttribute('data-windowed')).toBe(false);
  });
});

describe('the reader’s own articles in the timeline (issue 17)', () => {
  const sourceId = 'reader-0123456789abcdef-v1';
  const sentence = 'On Monday, Volodymyr Zelensky asked the allies again for permission to strike.';
  const withReading: TimelineData = {
    ...data,
    reading: {
      events: [
        {
          id: `${sourceId}-s0-0`,
          title: sentence,
          date: '2026-03-02',
          datePrecision: 'day',
          dateMethod: 'relative',
          dateNote: 'the Monday before the article’s date, 5 Mar 2026',
          outsideFact: null,
          entityIds: ['volodymyr-zelensky'],
          evidence: [{ sourceId, quote: sentence }],
          origin: 'reader',
          sourceId,
          expression: 'On Monday',
        },
      ],
      sources: [
        {
          id: sourceId,
          articleId: 'reader-0123456789abcdef',
          version: 1,
          title: 'Allies revisit limits',
          outlet: 'The Example Ledger',
          publishedAt: '2026-03-05',
          datePrecision: 'day',
          canonicalUrl: 'https://ledger.example/allies',
          origin: 'reader',
        },
      ],
    },
  };

  it('places their dated statements, labelled as theirs with outlet and date, and filters to them', async () => {
    renderPanel({ data: withReading });
    const entry = document.querySelector<HTMLElement>(`[data-event="${sourceId}-s0-0"]`)!;
    expect(entry.dataset.origin).toBe('reader');
    expect(entry.textContent).toContain('Your article');
    expect(entry.textContent).toContain(`“${sentence}”`);
    expect(entry.textContent).toContain('The Example Ledger');
    expect(entry.textContent).toContain('Date worked out from a relative expression');
    expect(entry.querySelector('a')!.getAttribute('href')).toContain(`source=${sourceId}`);
    expect(shownEvents()).toHaveLength(bundle.events.length + 1);

    fireEvent.change(screen.getByLabelText('Entries from'), { target: { value: 'reader' } });
    expect(shownEvents()).toEqual([`${sourceId}-s0-0`]);
    expect(document.querySelector('[data-filter-token="origin"]')!.textContent).toContain('Your articles only');
    fireEvent.change(screen.getByLabelText('Entries from'), { target: { value: 'bundled' } });
    expect(shownEvents().sort()).toEqual(bundle.events.map((e) => e.id).sort());
    await noViolations(document.body);
  }, 30_000);
});
