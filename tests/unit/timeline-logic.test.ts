/** The timeline's pure logic on plain data: order, groups, filters, claims on the timeline, windowing, addresses. */
import { describe, expect, it } from 'vitest';
import type { CorpusClaim, CorpusEvent, DatePrecision } from '@/lib/corpus/schema';
import { explainDating } from '@/lib/timeline/dating';
import {
  applyFilter,
  EMPTY_FILTER,
  isFiltering,
  matchesFilter,
  overlapsRange,
  toggleEntity,
  type TimelineFilter,
} from '@/lib/timeline/filter';
import { matchFingerprint } from '@/lib/timeline/fingerprint';
import { groupByMonth, groupRows } from '@/lib/timeline/group';
import { claimItem, timelineItems } from '@/lib/timeline/items';
import { compareDated, periodEnd, periodStart, sortChronologically } from '@/lib/timeline/order';
import { findQuote, paragraphs, segments } from '@/lib/timeline/reading';
import { panelPath, parsePanelParams, parseReaderParams, readerPath } from '@/lib/timeline/url';
import { rowOffsets, visibleWindow } from '@/lib/timeline/windowing';

const d = (id: string, date: string, datePrecision: DatePrecision) => ({ id, date, datePrecision });

function event(
  id: string,
  date: string,
  datePrecision: DatePrecision,
  entityIds: string[],
  sources: string[],
): CorpusEvent {
  return {
    id,
    title: id,
    date,
    datePrecision,
    dateMethod: 'stated',
    dateNote: null,
    outsideFact: null,
    entityIds,
    evidence: sources.map((sourceId) => ({ sourceId, quote: `${id} in ${sourceId}` })),
  };
}

function claim(id: string, date: { date: string; datePrecision: DatePrecision } | null): CorpusClaim {
  return {
    id,
    question: `${id}?`,
    entityIds: ['storm-shadow'],
    date: date && { ...date, dateMethod: 'publication', dateNote: null, outsideFact: null },
    positions: [
      { sourceId: 'a', speakerId: null, stance: 'yes', summary: 'Yes.', quote: 'yes' },
      { sourceId: 'b', speakerId: 'joe-biden', stance: 'no', summary: 'No.', quote: 'no' },
    ],
  };
}

describe('order of mixed precisions', () => {
  it('puts a month before the days of that month, a year before its months, days by date', () => {
    const items = [
      d('sep-11', '2024-09-11', 'day'),
      d('oct', '2024-10', 'month'),
      d('sep', '2024-09', 'month'),
      d('y2024', '2024', 'year'),
      d('sep-01', '2024-09-01', 'day'),
      d('aug-31', '2024-08-31', 'day'),
      d('y2023', '2023', 'year'),
      d('dec-2023', '2023-12-31', 'day'),
    ];
    expect(sortChronologically(items).map((i) => i.id)).toEqual([
      'y2023',
      'dec-2023',
      'y2024',
      'aug-31',
      'sep',
      'sep-01',
      'sep-11',
      'oct',
    ]);
  });

  it('matches the string order of the datetime values shown', () => {
    const items = [
      d('a', '2024-05-28', 'day'),
      d('b', '2024-05', 'month'),
      d('c', '2024', 'year'),
      d('e', '2024-06', 'month'),
    ];
    const keys = sortChronologically(items).map((i) => i.date);
    expect(keys).toEqual([...keys].sort());
  });

  it('keeps the input order of items with the same date and precision', () => {
    const items = [d('first', '2024-09-10', 'day'), d('second', '2024-09-10', 'day'), d('third', '2024-09-10', 'day')];
    expect(sortChronologically(items).map((i) => i.id)).toEqual(['first', 'second', 'third']);
    expect(compareDated(items[0]!, items[1]!)).toBe(0);
  });

  it('knows where periods start and end, leap years included', () => {
    expect(periodStart(d('x', '2024-09', 'month'))).toBe('2024-09-01');
    expect(periodEnd(d('x', '2024-09', 'month'))).toBe('2024-09-30');
    expect(periodEnd(d('x', '2024-02', 'month'))).toBe('2024-02-29');
    expect(periodEnd(d('x', '2023-02', 'month'))).toBe('2023-02-28');
    expect(periodEnd(d('x', '1900-02', 'month'))).toBe('1900-02-28');
    expect(periodStart(d('x', '2024', 'year'))).toBe('2024-01-01');
    expect(periodEnd(d('x', '2024', 'year'))).toBe('2024-12-31');
    expect(periodEnd(d('x', '2024-09-11', 'day'))).toBe('2024-09-11');
  });
});

describe('groups by month', () => {
  it('groups consecutive items by month, with a year group of its own', () => {
    const sorted = sortChronologically([
      d('sep-11', '2024-09-11', 'day'),
      d('sep', '2024-09', 'month'),
      d('y', '2024', 'year'),
      d('may', '2024-05-28', 'day'),
    ]);
    const groups = groupByMonth(sorted);
    expect(groups.map((g) => [g.key, g.precision, g.label, g.items.map((i) => i.id)])).toEqual([
      ['2024', 'year', '2024', ['y']],
      ['2024-05', 'month', 'May 2024', ['may']],
      ['2024-09', 'month', 'Sep 2024', ['sep', 'sep-11']],
    ]);
  });

  it('flattens groups into a header row followed by its items', () => {
    const rows = groupRows(groupByMonth([d('a', '2024-05-01', 'day'), d('b', '2024-06-02', 'day')]));
    expect(rows.map((r) => r.key)).toEqual(['group:2024-05', 'item:a', 'group:2024-06', 'item:b']);
  });

  it('returns no groups for no items', () => {
    expect(groupByMonth([])).toEqual([]);
  });
});

describe('claims on the timeline', () => {
  it('places dated claims among events at their date, and leaves undated claims out', () => {
    const items = timelineItems(
      [event('kyiv', '2024-09-11', 'day', ['antony-blinken'], ['a']), event('may', '2024-05', 'month', [], ['b'])],
      [claim('approved', { date: '2024-09', datePrecision: 'month' }), claim('undated', null)],
    );
    expect(items.map((i) => `${i.kind}:${i.id}`)).toEqual(['event:may', 'claim:approved', 'event:kyiv']);
  });

  it('puts an event before a claim of the same date', () => {
    const items = timelineItems(
      [event('e', '2024-09', 'month', [], ['a'])],
      [claim('c', { date: '2024-09', datePrecision: 'month' })],
    );
    expect(items.map((i) => i.id)).toEqual(['e', 'c']);
  });

  it('counts a claim’s speakers among its entities and its positions’ sources once each', () => {
    const item = claimItem(claim('c', { date: '2024', datePrecision: 'year' }))!;
    expect(item.entityIds).toEqual(['storm-shadow', 'joe-biden']);
    expect(item.sourceIds).toEqual(['a', 'b']);
  });
});

describe('filters', () => {
  const items = timelineItems(
    [
      event('kyiv', '2024-09-11', 'day', ['antony-blinken', 'david-lammy'], ['a', 'b']),
      event('debate', '2024-09-10', 'day', ['kamala-harris', 'donald-trump'], ['b']),
      event('may', '2024-05', 'month', ['david-cameron'], ['c']),
      event('invasion', '2022-02', 'month', ['vladimir-putin'], ['c']),
    ],
    [claim('approved', { date: '2024-09', datePrecision: 'month' })],
  );
  const ids = (filter: Partial<TimelineFilter>, page: ReadonlySet<string> | null = null) =>
    applyFilter(items, { ...EMPTY_FILTER, ...filter }, page).map((i) => i.id);

  it('keeps everything without a filter', () => {
    expect(ids({})).toEqual(['invasion', 'may', 'approved', 'debate', 'kyiv']);
    expect(isFiltering(EMPTY_FILTER, null)).toBe(false);
  });

  it('keeps the items of any chosen entity', () => {
    expect(ids({ entityIds: ['antony-blinken'] })).toEqual(['kyiv']);
    expect(ids({ entityIds: ['antony-blinken', 'donald-trump'] })).toEqual(['debate', 'kyiv']);
    expect(ids({ entityIds: ['joe-biden'] })).toEqual(['approved']);
  });

  it('keeps the items of one source', () => {
    expect(ids({ sourceId: 'c' })).toEqual(['invasion', 'may']);
    expect(ids({ sourceId: 'a' })).toEqual(['approved', 'kyiv']);
  });

  it('keeps items whose period overlaps the date range, bounds included', () => {
    expect(ids({ from: '2024-09-11' })).toEqual(['approved', 'kyiv']);
    expect(ids({ to: '2024-09-10' })).toEqual(['invasion', 'may', 'approved', 'debate']);
    expect(ids({ from: '2024-05-31', to: '2024-06-30' })).toEqual(['may']);
    expect(ids({ from: '2024-06-01', to: '2024-08-31' })).toEqual([]);
    expect(overlapsRange(d('x', '2024', 'year'), '2024-12-31', null)).toBe(true);
    expect(overlapsRange(d('x', '2024', 'year'), '2025-01-01', null)).toBe(false);
  });

  it('follows the page only when asked and when the page mentions something', () => {
    const page = new Set(['david-lammy', 'david-cameron']);
    expect(ids({ followPage: true }, page)).toEqual(['may', 'kyiv']);
    expect(ids({ followPage: false }, page)).toHaveLength(items.length);
    expect(ids({ followPage: true }, null)).toHaveLength(items.length);
    expect(ids({ followPage: true }, new Set())).toHaveLength(items.length);
    expect(isFiltering({ ...EMPTY_FILTER, followPage: true }, null)).toBe(false);
    expect(isFiltering({ ...EMPTY_FILTER, followPage: true }, page)).toBe(true);
  });

  it('combines filters of different kinds: all must hold', () => {
    expect(ids({ entityIds: ['david-lammy', 'kamala-harris'], sourceId: 'a' })).toEqual(['kyiv']);
    expect(ids({ entityIds: ['david-lammy'], from: '2024-09-12' })).toEqual([]);
    const filter = { ...EMPTY_FILTER, entityIds: ['antony-blinken'] };
    expect(matchesFilter(items.find((i) => i.id === 'kyiv')!, filter, null)).toBe(true);
  });

  it('toggles an entity in and out of the chosen ones', () => {
    const once = toggleEntity(EMPTY_FILTER, 'antony-blinken');
    expect(once.entityIds).toEqual(['antony-blinken']);
    expect(toggleEntity(once, 'antony-blinken').entityIds).toEqual([]);
  });
});

describe('fingerprint', () => {
  const sources = [
    {
      id: 'one',
      text: 'Headline one\nThe first article begins with this rather long paragraph about a visit to Kyiv on Wednesday.\nMore.',
    },
    {
      id: 'two',
      text: 'Headline two\nThe second  article\u00A0begins differently, with a paragraph about missiles and what London decided.',
    },
  ];

  it('finds the source holding the fingerprint, whitespace folded', () => {
    expect(matchFingerprint('The second article begins differently, with a paragraph about missiles', sources)).toBe(
      'two',
    );
    expect(matchFingerprint('Headline one The first article begins with this rather long paragraph', sources)).toBe(
      'one',
    );
  });

  it('finds it when the page glued its own words to the text', () => {
    expect(
      matchFingerprint(
        '11 Sep 2024 · Staff reporter The first article begins with this rather long paragraph about a visit',
        sources,
      ),
    ).toBe('one');
  });

  it('finds nothing for another article or a fingerprint too short to tell', () => {
    expect(
      matchFingerprint('A completely different story about the weather this weekend in the north of England', sources),
    ).toBeNull();
    expect(matchFingerprint('The first article', sources)).toBeNull();
  });
});

describe('reading view text', () => {
  const text = 'Title\n\nFirst paragraph says “hello” there.\nSecond\u00A0paragraph, continued.\n';

  it('splits the text into paragraphs with their offsets', () => {
    const ps = paragraphs(text);
    expect(ps.map((p) => p.text)).toEqual([
      'Title',
      'First paragraph says “hello” there.',
      'Second\u00A0paragraph, continued.',
    ]);
    for (const p of ps) expect(text.slice(p.start, p.end)).toBe(p.text);
  });

  it('finds a quote verbatim, or with its whitespace changed, or not at all', () => {
    expect(findQuote(text, 'says “hello”')).toEqual({ start: text.indexOf('says'), end: text.indexOf('says') + 12 });
    const loose = findQuote(text, 'Second paragraph,');
    expect(loose && text.slice(loose.start, loose.end)).toBe('Second\u00A0paragraph,');
    expect(findQuote(text, 'not in it')).toBeNull();
    expect(findQuote(text, '  ')).toBeNull();
    expect(findQuote(text, 'a (b) [c] *d*')).toBeNull();
  });

  it('cuts the paragraphs a quote spans into plain and quoted pieces', () => {
    const ps = paragraphs(text);
    const range = findQuote(text, 'there.\nSecond')!;
    expect(segments(ps[1]!, range)).toEqual([
      { text: 'First paragraph says “hello” ', quoted: false },
      { text: 'there.', quoted: true },
    ]);
    expect(segments(ps[2]!, range)).toEqual([
      { text: 'Second', quoted: true },
      { text: '\u00A0paragraph, continued.', quoted: false },
    ]);
    expect(segments(ps[0]!, range)).toEqual([{ text: 'Title', quoted: false }]);
    expect(segments(ps[0]!, null)).toEqual([{ text: 'Title', quoted: false }]);
  });
});

describe('windowing', () => {
  const offsets = rowOffsets([10, 20, 30, 40, 50]);

  it('adds heights up into offsets', () => {
    expect([...offsets]).toEqual([0, 10, 30, 60, 100, 150]);
  });

  it('renders the rows that meet the view and stands padding in for the rest', () => {
    expect(visibleWindow(offsets, 35, 20, 0)).toEqual({ start: 2, end: 3, padTop: 30, padBottom: 90 });
    expect(visibleWindow(offsets, 35, 30, 0)).toEqual({ start: 2, end: 4, padTop: 30, padBottom: 50 });
    expect(visibleWindow(offsets, 35, 20, 10)).toEqual({ start: 1, end: 4, padTop: 10, padBottom: 50 });
  });

  it('clamps to the list at both ends and never renders nothing', () => {
    expect(visibleWindow(offsets, 0, 1000, 0)).toEqual({ start: 0, end: 5, padTop: 0, padBottom: 0 });
    expect(visibleWindow(offsets, 500, 100, 0)).toEqual({ start: 4, end: 5, padTop: 100, padBottom: 0 });
    expect(visibleWindow(rowOffsets([]), 0, 100, 0)).toEqual({ start: 0, end: 0, padTop: 0, padBottom: 0 });
  });

  it('keeps a window of thousands of rows small', () => {
    const many = rowOffsets(Array.from({ length: 10_000 }, () => 100));
    const win = visibleWindow(many, 500_000, 800, 400);
    expect(win.end - win.start).toBeLessThanOrEqual(17);
    expect(win.padTop + (win.end - win.start) * 100 + win.padBottom).toBe(1_000_000);
  });
});

describe('addresses', () => {
  it('reads the panel’s entity and source filter, dropping what is not an id', () => {
    expect(
      parsePanelParams('?entity=antony-blinken&entity=david-lammy&entity=antony-blinken&source=kyiv-visit'),
    ).toEqual({
      entityIds: ['antony-blinken', 'david-lammy'],
      sourceId: 'kyiv-visit',
    });
    expect(parsePanelParams('?entity=%3Cscript%3E&source=Bad Id')).toEqual({ entityIds: [], sourceId: null });
    expect(parsePanelParams(panelPath({ entityIds: ['a-b'], sourceId: 'c' }).split('?')[1]!)).toEqual({
      entityIds: ['a-b'],
      sourceId: 'c',
    });
  });

  it('round-trips a reading-view address with any quote', () => {
    const quote = 'he said “we’re working that out now” & left?';
    const path = readerPath('us-set-to-permit-long-range-missiles', quote);
    expect(path.startsWith('/reader.html?')).toBe(true);
    expect(parseReaderParams(path.slice(path.indexOf('?')))).toEqual({
      sourceId: 'us-set-to-permit-long-range-missiles',
      quote,
    });
    expect(parseReaderParams('?source=x')).toEqual({ sourceId: 'x', quote: null });
  });
});

describe('dating', () => {
  it('says how a worked-out date was found', () => {
    expect(explainDating({ dateMethod: 'relative', dateNote: '“on Wednesday”', outsideFact: null })).toEqual({
      label: 'Date worked out from a relative expression',
      details: ['“on Wednesday”'],
      derived: true,
    });
    const outside = explainDating({
      dateMethod: 'outside-fact',
      dateNote: 'Tuesday night',
      outsideFact: 'The debate was on 10 Sep 2024.',
    });
    expect(outside.details).toEqual(['Outside fact: The debate was on 10 Sep 2024.', 'Tuesday night']);
    expect(outside.derived).toBe(true);
    expect(explainDating({ dateMethod: 'stated', dateNote: null, outsideFact: null }).derived).toBe(false);
  });
});
