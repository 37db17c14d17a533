/**
 * The side panel's timeline with thousands of events, rendered in jsdom: the windowed list the
 * panel uses against the baseline of rendering every row, measured in the same run. Figures:
 * the first render, one scroll step, and the elements each leaves in the document. (jsdom has no
 * layout, so these are the script and DOM costs; layout of the rows not rendered is saved too.)
 */
import { createRequire } from 'node:module';
import type { CorpusEvent } from '../../lib/corpus/schema';
import type { TimelineData } from '../../lib/messaging/timeline';
import { EMPTY_FILTER } from '../../lib/timeline/filter';
import { loadCorpus } from '../corpus/read';
import { median, type Bench, type Figure } from './types';

/** jsdom ships no type declarations; this is the little of it used here. */
const { JSDOM } = createRequire(import.meta.url)('jsdom') as {
  JSDOM: new (html: string, options: { pretendToBeVisual: boolean }) => { window: Window & typeof globalThis };
};

export const EVENT_COUNT = 5_000;
/** Repeats of each measurement; the median is reported. */
const REPEATS = 5;
/**
 * Targets as ratios to rendering every row in the same run (which took about 1 s for 5,000
 * events on our machine): the windowed first render within a twentieth of it (about 50 ms, well
 * inside the 100 ms a reader takes as instant), a scroll step within a hundredth (one frame).
 */
const RENDER_MAX_RATIO = 0.05;
const SCROLL_MAX_RATIO = 0.01;

function generatedEvents(count: number, sourceId: string, entityIds: string[]): CorpusEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `generated-${i}`,
    title: `Generated event ${i}: ministers meet to discuss long-range weapons and air defence`,
    date: new Date(Date.UTC(2000, 0, 1) + i * 86_400_000).toISOString().slice(0, 10),
    datePrecision: 'day' as const,
    dateMethod: i % 3 ? ('stated' as const) : ('relative' as const),
    dateNote: i % 3 ? null : '“on Wednesday”, in an article of the same week.',
    outsideFact: null,
    entityIds: [entityIds[i % entityIds.length]!, entityIds[(i * 7) % entityIds.length]!],
    evidence: Array.from({ length: 1 + (i % 3) }, (_, k) => ({
      sourceId,
      quote: `Quote ${k} of event ${i}: officials said the talks would continue next week in the capital.`,
    })),
  }));
}

export default {
  title: `Side-panel timeline, ${EVENT_COUNT.toLocaleString('en')} events (jsdom)`,
  async run(): Promise<Figure[]> {
    const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
    const g = globalThis as Record<string, unknown>;
    for (const key of ['window', 'document', 'Node', 'HTMLElement', 'Element', 'Event', 'KeyboardEvent', 'navigator']) {
      Object.defineProperty(g, key, {
        value: (dom.window as unknown as Record<string, unknown>)[key],
        configurable: true,
        writable: true,
      });
    }
    // Imported after the DOM globals exist: Preact reads `document` when it renders.
    const [{ h, render }, { TimelinePanel }, { EventEntry }, { timelineItems }, { groupByMonth, groupRows }] =
      await Promise.all([
        import('preact'),
        import('../../components/timeline/TimelinePanel'),
        import('../../components/timeline/Entries'),
        import('../../lib/timeline/items'),
        import('../../lib/timeline/group'),
      ]);

    const real = loadCorpus().bundle!;
    const data: TimelineData = {
      version: 'bench',
      events: generatedEvents(
        EVENT_COUNT,
        real.sources[0]!.id,
        real.entities.map((e) => e.id),
      ),
      claims: [],
      sources: real.sources.map(({ text: _t, seed: _s, ...rest }) => rest),
      entities: real.entities.map(({ id, name, kind }) => ({ id, name, kind })),
    };
    const doc = dom.window.document;

    const time = (fn: () => void) => {
      const start = performance.now();
      fn();
      return performance.now() - start;
    };
    const fresh = () => {
      const root = doc.createElement('div');
      doc.body.replaceChildren(root);
      return root;
    };

    // The panel as shipped: windowed.
    const windowed: number[] = [];
    const scroll: number[] = [];
    let windowedNodes = 0;
    for (let i = 0; i < REPEATS; i++) {
      const root = fresh();
      windowed.push(time(() => render(h(TimelinePanel, { data, initialFilter: EMPTY_FILTER, page: null }), root)));
      windowedNodes = root.querySelectorAll('*').length;
      const scroller = root.querySelector<HTMLElement>('[role="tabpanel"]')!;
      Object.defineProperty(scroller, 'scrollTop', { value: 100_000 * (i + 1), configurable: true });
      // Preact renders state changes on a microtask: wait for it inside the measurement.
      const start = performance.now();
      scroller.dispatchEvent(new dom.window.Event('scroll'));
      await Promise.resolve();
      await new Promise((r) => setTimeout(r, 0));
      scroll.push(performance.now() - start);
      render(null, root);
    }

    // Baseline: every row rendered, as a plain list of the same entries.
    const rows = groupRows(groupByMonth(timelineItems(data.events, [])));
    const ctx = {
      entities: new Map(data.entities.map((e) => [e.id, e])),
      sources: new Map(data.sources.map((s) => [s.id, s])),
      selectedEntities: [],
      currentSourceId: null,
      onToggleEntity: () => {},
      onCompare: () => {},
    };
    const full: number[] = [];
    let fullNodes = 0;
    for (let i = 0; i < REPEATS; i++) {
      const root = fresh();
      full.push(
        time(() =>
          render(
            h(
              'ol',
              null,
              rows.map((row) =>
                h(
                  'li',
                  { key: row.key },
                  row.kind === 'group'
                    ? h('h2', null, row.group.label)
                    : row.item.kind === 'event'
                      ? h(EventEntry, { item: row.item, ctx })
                      : null,
                ),
              ),
            ),
            root,
          ),
        ),
      );
      fullNodes = root.querySelectorAll('*').length;
      render(null, root);
    }
    dom.window.close();

    const renderMs = median(windowed);
    const scrollMs = median(scroll);
    return [
      {
        name: 'first render, windowed',
        value: renderMs,
        unit: 'ms',
        baseline: { name: 'every row rendered', value: median(full) },
        ratio: { max: RENDER_MAX_RATIO },
      },
      {
        name: 'one scroll step, windowed',
        value: scrollMs,
        unit: 'ms',
        baseline: { name: 'every row rendered', value: median(full) },
        ratio: { max: SCROLL_MAX_RATIO },
      },
      {
        name: 'elements in the document, windowed',
        value: windowedNodes,
        unit: 'elements',
        baseline: { name: 'every row rendered', value: fullNodes },
      },
    ];
  },
} satisfies Bench;
