/**
 * lib/content/scanner.ts on a live document: how it follows a page that changes its marked text,
 * and when it stops marking a block the page keeps stripping.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FREE_RERENDERS, MAX_RERENDERS } from '@/lib/content/limits';
import { toMatcherEntity, type MatcherEntity } from '@/lib/messaging/protocol';
import { loadCorpus } from '@/scripts/corpus/read';
import { MAX_PAGE_UNMARKS, MUTATION_BATCH_MS, PageScanner } from '@/lib/content/scanner';

const ENTITIES: MatcherEntity[] = [
  {
    id: 'joe-biden',
    kind: 'person',
    name: 'Joe Biden',
    aliasDetails: [{ text: 'Joe Biden', ambiguous: null }],
    titles: [],
    topics: [],
    excludes: [],
    relatedIds: [],
  },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Long enough for a batch of page changes to be rescanned. */
const settle = () => sleep(MUTATION_BATCH_MS * 2 + 100);

let scanner: PageScanner | null = null;
afterEach(() => {
  vi.useRealTimers();
  scanner?.stop();
  scanner = null;
  document.body.textContent = '';
});

async function scanned(html: string) {
  document.body.innerHTML = `<article>${html}</article>`;
  const article = document.querySelector('article')!;
  scanner = new PageScanner({ doc: document, entities: ENTITIES });
  await scanner.start([article]);
  return article;
}

describe('a page that changes marked text', () => {
  it('keeps marking a paragraph a framework rewrites with new text, however often', async () => {
    const article = await scanned('<p id="ticker">Joe Biden said update 0.</p>');
    const ticker = article.querySelector('#ticker')!;
    for (let i = 1; i <= MAX_PAGE_UNMARKS + 2; i++) {
      ticker.textContent = `Joe Biden said update ${i}.`;
      await settle();
      expect(ticker.querySelectorAll('mark').length).toBe(1);
      expect(ticker.textContent).toBe(`Joe Biden said update ${i}.`);
    }
  });

  for (const [how, unwrap] of [
    ['in one change', (m: Element) => m.replaceWith(...Array.from(m.childNodes))],
    [
      'in two changes',
      (m: Element) => {
        m.before(m.textContent ?? '');
        m.remove();
      },
    ],
  ] as const) {
    it(`stops marking a paragraph the page strips of marks ${how}, keeping its text`, async () => {
      const article = await scanned('<p>Joe Biden met the press, and Joe Biden left.</p>');
      const p = article.querySelector('p')!;
      const original = p.textContent;
      let marksSeen = 0;
      const sanitiser = new MutationObserver((records) => {
        for (const r of records)
          for (const n of Array.from(r.addedNodes))
            if (n.nodeName === 'MARK') {
              marksSeen++;
              setTimeout(() => n.isConnected && unwrap(n as Element), 10);
            }
      });
      sanitiser.observe(p, { childList: true });
      // The marks of the first pass are already in: strip those too.
      for (const m of Array.from(p.querySelectorAll('mark'))) setTimeout(() => unwrap(m), 10);
      for (let i = 0; i < MAX_PAGE_UNMARKS + 3; i++) await settle();
      const settled = marksSeen;
      await settle();
      await settle();
      sanitiser.disconnect();
      expect(marksSeen).toBe(settled);
      expect(p.querySelectorAll('mark').length).toBe(0);
      expect(p.textContent).toBe(original);
    });
  }
});

describe('a block larger than one reading segment', () => {
  it('links every name, across the cuts between segments too, in Latin and CJK text', async () => {
    const filler = 'Officials met again. ';
    let latin = filler.repeat(Math.ceil(32_000 / filler.length));
    // One name right across the first cut (32,000 characters in), more at every offset after.
    latin = latin.slice(0, 31_995) + ' Joe Biden spoke. ';
    for (let i = 0; i < 400; i++) latin += 'x'.repeat(i % 37) + ' Joe Biden, ';
    let cjk = '';
    for (let i = 0; i < 4_000; i++) cjk += i % 97 === 0 ? '😀Joe Biden😀' : '拜登总统今天讲话😀';
    const text = latin + cjk;
    const expected = text.split('Joe Biden').length - 1;
    expect(text.length).toBeGreaterThan(2 * 32_000);
    const article = await scanned(`<p>${text}</p>`);
    const p = article.querySelector('p')!;
    expect(p.querySelectorAll('mark').length).toBe(expected);
    expect(Array.from(p.querySelectorAll('mark'), (m) => m.textContent).every((t) => t === 'Joe Biden')).toBe(true);
    expect(p.textContent).toBe(text);
  });
});

describe('a page that keeps us busy (issue 13 §5)', () => {
  it('stops for the page once its work budget is spent, every mark removed and its text as it was, and says why', async () => {
    const text = 'Joe Biden met officials again and spoke about support at length. '.repeat(4_000);
    document.body.innerHTML = `<article><p>${text}</p><p>${text}</p></article>`;
    const article = document.querySelector('article')!;
    const results: (string | null)[] = [];
    scanner = new PageScanner({
      doc: document,
      entities: ENTITIES,
      workBudgetMs: 1,
      onChange: (r) => results.push(r.stoppedReason),
    });
    const result = await scanner.start([article]);
    expect(scanner.stoppedReason).toBe('work-budget');
    expect(result.stoppedReason).toBe('work-budget');
    expect(results).toContain('work-budget');
    expect(article.querySelectorAll('mark')).toHaveLength(0);
    expect(article.textContent).toBe(text + text);
    // Stopped for good: a change on the page marks nothing.
    (article.querySelector('p')!.firstChild as Text).appendData(' Joe Biden.');
    await settle();
    expect(article.querySelectorAll('mark')).toHaveLength(0);
  });

  it('backs off from a paragraph re-rendered with new text over every mark, then gives up on it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance'] });
    const article = await scanned('<p id="t">Joe Biden said update 0.</p><p>Officials in several capitals met.</p>');
    const ticker = article.querySelector('#t')!;
    const times: number[] = [];
    const loop = new MutationObserver(() => {
      if (!ticker.querySelector('mark')) return;
      times.push(performance.now());
      ticker.textContent = `Joe Biden said update ${times.length}.`;
    });
    loop.observe(ticker, { childList: true, subtree: true });
    // The first pass's mark is already in: the page re-renders it.
    ticker.textContent = 'Joe Biden said update 0.';
    // Without a back-off: a re-render every batch (120 ms), 500 in a minute.
    await vi.advanceTimersByTimeAsync(60_000);
    const renders = times.length;
    await vi.advanceTimersByTimeAsync(60_000);
    loop.disconnect();
    expect(times.length).toBe(renders);
    expect(renders).toBeGreaterThanOrEqual(FREE_RERENDERS);
    expect(renders).toBeLessThanOrEqual(MAX_RERENDERS);
    // Past the free ones, each wait is longer than the one before.
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    for (let i = FREE_RERENDERS + 1; i < gaps.length; i++) expect(gaps[i]!).toBeGreaterThan(gaps[i - 1]!);
    expect(ticker.textContent).toBe(`Joe Biden said update ${renders}.`);
  });

  it('stops for a page that replaces every block we mark with a new element of the same text', async () => {
    const paragraphs = [1, 2, 3, 4, 5].map((i) => `<p>Item ${i}: Joe Biden met officials in several capitals.</p>`);
    const article = await scanned(paragraphs.join(''));
    const text = article.textContent;
    let renders = 0;
    const results: (string | null)[] = [];
    // A framework re-rendering each block where a mark appears, into a new element.
    const loop = new MutationObserver(() => {
      for (const mark of Array.from(article.querySelectorAll('mark'))) {
        const p = mark.closest('p');
        if (!p?.isConnected) continue;
        const fresh = document.createElement('p');
        fresh.textContent = p.textContent;
        p.replaceWith(fresh);
        renders++;
      }
    });
    loop.observe(article, { childList: true, subtree: true });
    scanner!.stop();
    scanner = new PageScanner({ doc: document, entities: ENTITIES, onChange: (r) => results.push(r.stoppedReason) });
    await scanner.start([article]);
    for (let i = 0; i < 40 && !scanner.stoppedReason; i++) await settle();
    loop.disconnect();
    expect(scanner.stoppedReason).toBe('re-render-loop');
    expect(results).toContain('re-render-loop');
    const rendersWhenStopped = renders;
    await settle();
    expect(renders).toBe(rendersWhenStopped);
    expect(article.textContent).toBe(text);
  }, 20_000);

  it('stops for a page that re-renders every block we mark back to its text, and says so', async () => {
    const paragraphs = [1, 2, 3, 4, 5].map((i) => `<p>Item ${i}: Joe Biden met officials in several capitals.</p>`);
    const article = await scanned(paragraphs.join(''));
    const original = new Map(
      Array.from(article.querySelectorAll('p'), (p) => [p, p.innerHTML.replace(/<[^>]+>/g, '')]),
    );
    let renders = 0;
    const results: (string | null)[] = [];
    const loop = new MutationObserver(() => {
      for (const [p, html] of original) {
        if (!p.querySelector('mark')) continue;
        renders++;
        p.innerHTML = html;
      }
    });
    loop.observe(article, { childList: true, subtree: true });
    for (const [p, html] of original) p.innerHTML = html;
    scanner!.stop();
    scanner = new PageScanner({ doc: document, entities: ENTITIES, onChange: (r) => results.push(r.stoppedReason) });
    await scanner.start([article]);
    for (let i = 0; i < 20 && !scanner.stoppedReason; i++) await settle();
    loop.disconnect();
    expect(scanner.stoppedReason).toBe('re-render-loop');
    expect(results).toContain('re-render-loop');
    const rendersWhenStopped = renders;
    await settle();
    expect(renders).toBe(rendersWhenStopped);
    expect(article.textContent).toBe([...original.values()].join(''));
  }, 20_000);
});

describe('evidence from paragraphs without a name (ADR 014)', () => {
  it('counts the topic words of a paragraph that names no one for a common name elsewhere', async () => {
    const corpus = loadCorpus().bundle!.entities.map(toMatcherEntity);
    const miller = corpus.find((e) => e.aliasDetails.some((a) => a.text === 'Matt Miller'))!;
    expect(miller.aliasDetails.find((a) => a.text === 'Matt Miller')?.common).toBeTruthy();
    const scan = async (second: string) => {
      document.body.innerHTML = `<article><p>Matt Miller answered questions for an hour on Tuesday.</p><p>${second}</p></article>`;
      scanner?.stop();
      scanner = new PageScanner({ doc: document, entities: corpus });
      await scanner.start([document.querySelector('article')!]);
      return Array.from(document.querySelectorAll('mark'), (m) => m.textContent);
    };
    // The second paragraph names no one: only its words can support the name.
    expect(await scan('Reporters asked about the mock draft and the quarterbacks.')).toEqual([]);
    expect(await scan('The State Department said the talks about Ukraine would go on.')).toEqual(['Matt Miller']);
  });
});

describe('a page that re-renders on its own clock (a ticker, a live score)', () => {
  it('is followed for as long as it runs: its names marked again after each re-render, the page never given up', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance'] });
    const corpus = loadCorpus().bundle!.entities.map(toMatcherEntity);
    const names = ['Joe Biden', 'Keir Starmer', 'Volodymyr Zelensky'];
    // As React renders it: text nodes updated in place, an element added and removed every other tick.
    document.body.innerHTML =
      '<article><p>Officials in several capitals spent the week weighing the next months of the war.</p>' +
      '<p id="ticker"></p><p>Analysts said the debate had moved faster than many expected.</p></article>';
    const article = document.querySelector('article')!;
    const ticker = article.querySelector('#ticker')!;
    const name = document.createTextNode(names[0]!);
    const count = document.createTextNode('0');
    ticker.append('Now speaking: ', name, ' at ', count);
    scanner = new PageScanner({ doc: document, entities: corpus });
    await scanner.start([article]);
    let tick = 0;
    let markedAfter = 0;
    const clock = setInterval(() => {
      if (ticker.querySelector('mark')) markedAfter++;
      tick++;
      name.nodeValue = names[tick % 3]!;
      count.nodeValue = String(tick);
      if (tick % 2 === 0)
        ticker.after(
          Object.assign(document.createElement('p'), { id: 'even', textContent: 'Even tick: Antony Blinken listens.' }),
        );
      else article.querySelector('#even')?.remove();
    }, 200);
    await vi.advanceTimersByTimeAsync(60_000);
    clearInterval(clock);
    // 300 re-renders: the ticker was marked before most of them, to the end.
    expect(tick).toBe(300);
    expect(markedAfter).toBeGreaterThan(tick / 2);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(ticker.querySelector('mark')?.textContent).toBe(names[tick % 3]);
    expect(ticker.textContent).toBe(`Now speaking: ${names[tick % 3]} at ${tick}`);
    expect(scanner.stoppedReason).toBeNull();
  });
});
