/**
 * The reader's items in the pure views: a card (lib/cards/card-data.ts) shows the reader's quotes
 * and dated statements newest first within its limits, beside the bundled ones, hidden ones left
 * out, and counts the bundled sources and the reader's articles apart; the timeline's items
 * (lib/timeline/items.ts, filter.ts) say where each comes from and filter by it.
 */
import { describe, expect, it } from 'vitest';
import { buildCard, QUOTES_SHOWN, STATEMENTS_SHOWN, type CardRows } from '@/lib/cards/card-data';
import type { ReaderEvent } from '@/lib/messaging/timeline';
import type { ReaderQuoteRow, ReaderSourceRow, ReaderStatementRow } from '@/lib/reader/rows';
import { applyFilter, EMPTY_FILTER, isFiltering } from '@/lib/timeline/filter';
import { timelineItems } from '@/lib/timeline/items';
import { bundle } from './reader-support';

const entity = bundle.entities.find((e) => e.id === 'antony-blinken')!;
const bundledRows = (): CardRows => ({
  entity,
  facts: bundle.facts.filter((f) => f.entityIds.includes(entity.id)),
  quotes: bundle.quotes.filter((q) => q.speakerId === entity.id),
  claims: bundle.claims,
  events: bundle.events.filter((e) => e.entityIds.includes(entity.id)),
  sources: new Map(bundle.sources.map((s) => [s.id, s])),
  names: new Map(bundle.entities.map((e) => [e.id, e.name])),
});

function source(n: number, date: string | null): ReaderSourceRow {
  return {
    id: `reader-a${n}-v1`,
    articleId: `reader-a${n}`,
    version: 1,
    current: 1,
    canonicalUrl: `https://daily.example/${n}`,
    canonicalMethod: 'page-url',
    pageUrl: `https://daily.example/${n}`,
    contentHash: String(n).padStart(64, '0'),
    versionDate: '2026-06-01T00:00:00.000Z',
    metadata: {
      title: { value: `Story ${n}`, method: 'open-graph' },
      published: date ? { value: date, date, precision: 'day', method: 'open-graph' } : null,
      modified: null,
      authors: null,
      publisher: { value: `Outlet ${n}`, method: 'open-graph' },
      language: null,
    },
    truncated: false,
    length: { chars: 1000, words: 150, paragraphs: 4 },
    entityIds: [entity.id],
    mentions: [{ entityId: entity.id, count: 1 }],
    quoteCount: 1,
    statementCount: 1,
    peopleCount: 0,
    hiddenCount: 0,
    capped: { quotes: false, statements: false, people: false },
    derivation: 'quick',
  };
}

function quote(s: ReaderSourceRow, hidden = false): ReaderQuoteRow {
  const text = `Words of ${s.id}`;
  return {
    kind: 'direct',
    text,
    start: 1,
    end: 1 + text.length,
    speaker: { entityId: entity.id, name: 'Antony Blinken' },
    attribution: 'named',
    note: null,
    cue: null,
    sentence: { text: `“${text},” Blinken said.`, start: 0, end: text.length + 17 },
    id: `${s.id}-q1-${1 + text.length}`,
    sourceId: s.id,
    articleId: s.articleId,
    speakerId: entity.id,
    speakerKey: null,
    hidden,
  };
}

function statement(s: ReaderSourceRow, date: string, hidden = false): ReaderStatementRow {
  return {
    sentence: { text: `Blinken travelled on ${date}.`, start: 0, end: 30 },
    entityIds: [entity.id],
    expression: { text: date, start: 21, end: 21 + date.length },
    date,
    precision: 'day',
    method: 'stated',
    note: null,
    id: `${s.id}-s0-21`,
    sourceId: s.id,
    articleId: s.articleId,
    hidden,
  };
}

describe('a card with the reader’s articles', () => {
  it('is the bundled card when the reader added nothing', () => {
    const plain = buildCard(bundledRows());
    expect(buildCard({ ...bundledRows(), reading: { quotes: [], statements: [], sources: new Map() } })).toEqual(plain);
    expect(plain.statements).toEqual([]);
    expect(plain.coverage).toMatchObject({ reading: 0, bundled: plain.coverage.sources });
  });

  it('shows the reader’s quotes newest first, keeps a place for the bundled ones, and leaves hidden ones out', () => {
    const sources = [source(1, '2026-01-10'), source(2, '2026-05-02'), source(3, '2025-11-30'), source(4, null)];
    const quotes = [...sources.map((s) => quote(s)), quote({ ...sources[1]!, id: 'reader-a2-v1-hidden' }, true)];
    const card = buildCard({
      ...bundledRows(),
      reading: { quotes, statements: [], sources: new Map(sources.map((s) => [s.id, s])) },
    });
    expect(card.quotes).toHaveLength(QUOTES_SHOWN);
    const mine = card.quotes.filter((q) => q.fromReading);
    // An article without a date of its own counts from the day it was added (1 June 2026 here).
    expect(mine.map((q) => q.citation.sourceId)).toEqual(['reader-a4-v1', 'reader-a2-v1']);
    expect(mine[0]!.date).toBeNull();
    expect(mine[1]!.citation).toEqual({
      sourceId: 'reader-a2-v1',
      label: 'Outlet 2',
      title: 'Story 2',
      date: '2026-05-02',
      datePrecision: 'day',
      fromReading: true,
      url: 'https://daily.example/2',
    });
    expect(card.quotes.filter((q) => !q.fromReading)).toHaveLength(QUOTES_SHOWN - 2);
    expect(card.coverage).toMatchObject({ reading: 4, to: '2026-05-02', toPrecision: 'day' });
    expect(card.coverage.sources).toBe(card.coverage.bundled + 4);
  });

  it('shows the reader’s dated statements newest first, within their limit', () => {
    const sources = Array.from({ length: STATEMENTS_SHOWN + 2 }, (_, i) => source(i, '2026-02-01'));
    const statements = sources.map((s, i) => statement(s, `2025-0${i + 1}-15`, i === sources.length - 1));
    const card = buildCard({
      ...bundledRows(),
      reading: { quotes: [], statements, sources: new Map(sources.map((s) => [s.id, s])) },
    });
    expect(card.statements.map((s) => s.date)).toEqual(['2025-05-15', '2025-04-15', '2025-03-15', '2025-02-15']);
    expect(card.statements[0]).toMatchObject({
      dateMethod: 'stated',
      fromReading: true,
      citation: { label: 'Outlet 4' },
    });
  });
});

describe('the timeline’s items', () => {
  const readerEvent: ReaderEvent = {
    id: 'reader-a1-v1-s0-21',
    title: 'Blinken travelled on Monday.',
    date: '2026-03-02',
    datePrecision: 'day',
    dateMethod: 'relative',
    dateNote: '“on Monday”: the Monday before the article’s date',
    outsideFact: null,
    entityIds: ['antony-blinken'],
    evidence: [{ sourceId: 'reader-a1-v1', quote: 'Blinken travelled on Monday.' }],
    origin: 'reader',
    sourceId: 'reader-a1-v1',
    expression: 'on Monday',
  };

  it('say where they come from, and filter by bundled, the reader’s or both', () => {
    const items = timelineItems([...bundle.events, readerEvent], bundle.claims);
    expect(items.find((i) => i.id === readerEvent.id)).toMatchObject({ origin: 'reader', sourceIds: ['reader-a1-v1'] });
    expect(items.filter((i) => i.origin === 'bundled')).toHaveLength(items.length - 1);
    const ids = (origin?: 'bundled' | 'reader' | 'both') =>
      applyFilter(items, { ...EMPTY_FILTER, origin }, null).map((i) => i.id);
    expect(ids('reader')).toEqual([readerEvent.id]);
    expect(ids('bundled')).not.toContain(readerEvent.id);
    expect(ids('both')).toHaveLength(items.length);
    expect(ids(undefined)).toHaveLength(items.length);
    expect(isFiltering({ ...EMPTY_FILTER, origin: 'reader' }, null)).toBe(true);
    expect(isFiltering({ ...EMPTY_FILTER, origin: 'both' }, null)).toBe(false);
    // By source, like any other.
    expect(applyFilter(items, { ...EMPTY_FILTER, sourceId: 'reader-a1-v1' }, null).map((i) => i.id)).toEqual([
      readerEvent.id,
    ]);
  });
});
