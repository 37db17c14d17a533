/**
 * Detection and cards in Chromium with the built extension:
 * - a 1 MB article: DOMContentLoaded to the last mark, the longest task and the mark count,
 *   against the naive mark.js call (`mark(allAliases)`) on the same page in the same run;
 * - the page's own 16 ms timer ticks and animation frames while we annotate it, against the
 *   same page with the extension opted out, over the same stretch of its life (issue 13 §5,
 *   issue 15: at least 0.9x);
 * - main-thread time of the content script on a page with no article (CPU profile);
 * - the content script's size, gzipped;
 * - a card's time from the end of the open delay to visible, also after the service worker
 *   was stopped, against a cold card-data round trip (what a card without prefetch would wait).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { CHROME_BUILD_DIR, launchChromiumWithExtension, stopServiceWorkers } from '../browsers/chromium';
import { contentProbe, waitForStatus } from '../browsers/probe';
import { loadCorpus } from '../corpus/read';
import { renderNewsPage } from '../pages/news-page';
import { servePages } from '../pages/server';
import { newsText } from './synthetic';
import { median, type Bench, type Figure } from './types';
import { DEFAULT_OPEN_DELAY_MS } from '../../lib/defaults';

/**
 * Targets. Timings are ratios to a baseline of the same run (issue 15); the detection issue's
 * "5 % of naive mark.js" is retired (docs/adr/019-detection-revised.md: the page's own first frame uses that budget).
 */
const MIN_SHARE_OF_NAIVE_MARKS = 0.8;
/** The page keeps at least this share of its timer ticks and frames while we annotate it (issue 15). */
const MIN_SHARE_OF_PAGE_TICKS = 0.9;
/** The page's own timer: a 16 ms interval, as an animation or a ticker would run. */
const PAGE_TIMER_MS = 16;
const CONTENT_SCRIPT_GZIP_KB = 30;
/** Page loads per main-thread measurement. */
const CPU_RUNS = 5;
/** Loads of the 1 MB page, ours and naive each: its timings vary by a third from run to run here. */
const BIG_RUNS = 3;
/** Marks have settled when none was added for this long. */
const QUIET_MS = 1500;

const MEASURE = `
  window.__bench = { dcl: 0, firstFrame: 0, lastMark: 0, longest: 0, marks: 0, tasks: [], ticks: [], frames: [] };
  // The page's own work: when each of its timer ticks and animation frames ran.
  setInterval(() => window.__bench.ticks.push(performance.now()), ${PAGE_TIMER_MS});
  (function frame() { window.__bench.frames.push(performance.now()); requestAnimationFrame(frame); })();
  document.addEventListener('DOMContentLoaded', () => {
    window.__bench.dcl = performance.now();
    // A task queued from the first animation frame runs once that frame's layout and paint are done.
    requestAnimationFrame(() => setTimeout(() => { window.__bench.firstFrame = performance.now(); }));
  });
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__bench.tasks.push([e.startTime, e.duration]); })
    .observe({ type: 'longtask', buffered: true });
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) if (n.nodeName === 'MARK') { window.__bench.lastMark = performance.now(); }
  }).observe(document, { childList: true, subtree: true });
`;

function bigPage(text: string, extra = ''): string {
  const html = renderNewsPage({
    title: 'A very long article',
    text,
    publisher: 'Bench Daily',
    date: '2024-09-11',
    titleIsHeadline: true,
  });
  return html.replace('<head>', `<head><script>${MEASURE}</script>${extra}`);
}

interface BigRun {
  dcl: number;
  /** When the page's first frame after DOMContentLoaded was laid out and painted. */
  firstFrame: number;
  /** When our content script found the article (0 on the naive page). */
  found: number;
  lastMark: number;
  longest: number;
  marks: number;
  /** The content script's scan, start to end (0 on the pages without it). */
  scanStart: number;
  scanEnd: number;
  /** When the page's timer ticks and animation frames ran. */
  ticks: number[];
  frames: number[];
}

/**
 * Waits until the page's marks have settled, and until it has lived `minAfterDcl` ms past
 * DOMContentLoaded (so the opted-out page is measured over the same stretch as ours).
 */
async function settle(page: Page, minAfterDcl = 0): Promise<BigRun> {
  let last = -1;
  let since = Date.now();
  for (;;) {
    const count = await page.evaluate(() => document.querySelectorAll('mark').length);
    if (count !== last) {
      last = count;
      since = Date.now();
    } else if (Date.now() - since > QUIET_MS) break;
    await page.waitForTimeout(100);
  }
  await page.waitForFunction(
    (min) => {
      const dcl = (window as unknown as { __bench: { dcl: number } }).__bench.dcl;
      return dcl > 0 && performance.now() - dcl >= min;
    },
    minAfterDcl,
    { timeout: 120_000 },
  );
  // The content script's moments, from its own world (nothing of ours is visible to the page).
  const times = (await contentProbe(page))?.times ?? {};
  return page.evaluate((times) => {
    const b = (
      window as unknown as {
        __bench: {
          dcl: number;
          firstFrame: number;
          lastMark: number;
          tasks: [number, number][];
          ticks: number[];
          frames: number[];
        };
      }
    ).__bench;
    const mentions = new Set(
      Array.from(document.querySelectorAll<HTMLElement>('mark'), (m, i) => m.dataset.mention ?? `naive-${i}`),
    );
    // Our long tasks: those overlapping the content script's scan; for the naive page, every
    // task after DOMContentLoaded.
    const start = times['scan-start'] ?? b.dcl;
    const end = times['scan-end'] ?? Infinity;
    const longest = Math.max(0, ...b.tasks.filter(([s, d]) => s + d >= start && s <= end).map(([, d]) => d));
    const found = times['article-found'] ?? 0;
    return {
      dcl: b.dcl,
      firstFrame: b.firstFrame,
      found,
      lastMark: b.lastMark,
      longest,
      marks: mentions.size,
      scanStart: times['scan-start'] ?? 0,
      scanEnd: times['scan-end'] ?? 0,
      ticks: b.ticks,
      frames: b.frames,
    };
  }, times);
}

/**
 * The page's timer ticks and frames while we annotated it (`ours`: from the scan's start to its
 * end), and in the same stretch of the opted-out page's life (`plain`: the same offsets from
 * DOMContentLoaded), per pair of loads.
 */
function keptDuringScan(ours: BigRun, plain: BigRun, key: 'ticks' | 'frames'): { ours: number; plain: number } {
  const from = ours.scanStart - ours.dcl;
  const to = ours.scanEnd - ours.dcl;
  const within = (run: BigRun) => run[key].filter((t) => t - run.dcl >= from && t - run.dcl <= to).length;
  return { ours: within(ours), plain: within(plain) };
}

/**
 * Main-thread time spent in the extension's scripts on the page (the content script and the parts
 * it loads, with what they call) while `load` runs.
 */
async function contentScriptCpu(page: Page, extensionId: string, load: () => Promise<void>): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  await load();
  const { profile } = await cdp.send('Profiler.stop');
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const ours = new Set(
    profile.nodes.filter((n) => n.callFrame.url.startsWith(`chrome-extension://${extensionId}/`)).map((n) => n.id),
  );
  const inOurs = (id: number): boolean => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) if (ours.has(at)) return true;
    return false;
  };
  let total = 0;
  (profile.samples ?? []).forEach((id, i) => {
    if (inOurs(id)) total += (profile.timeDeltas?.[i] ?? 0) / 1000;
  });
  await cdp.detach();
  return total;
}

const bench: Bench = {
  title: 'Detection and cards in Chromium',
  needsBuild: true,
  async run() {
    const { bundle } = loadCorpus();
    if (!bundle) throw new Error('corpus has problems');
    const text = newsText(1_000_000);
    const aliases = bundle.entities.flatMap((e) => e.aliases);
    const markJs = readFileSync(join(import.meta.dirname, '../../node_modules/mark.js/dist/mark.min.js'), 'utf8');
    const naive = `<script>${markJs}</script><script>
      document.addEventListener('DOMContentLoaded', () => {
        document.body.dataset.factContext = 'off';
        new Mark(document.querySelector('article')).mark(${JSON.stringify(aliases)}, { separateWordSearch: false, accuracy: 'exactly' });
      });</script>`;
    const noArticle = readFileSync(join(import.meta.dirname, '../../tests/fixtures/pages/no-article.html'), 'utf8');
    const card = renderNewsPage({
      title: 'Cards',
      text: bundle.sources.find((s) => s.id === 'us-uk-open-to-deeper-strikes')!.text,
      publisher: null,
      date: '2024-09-11',
      titleIsHeadline: false,
    });
    const server = await servePages({
      '/big.html': bigPage(text),
      '/big-naive.html': bigPage(text, naive).replace('<body>', '<body data-fact-context="off">'),
      // The same page with the extension opted out: the browser's own work on it, nothing of ours.
      '/big-plain.html': bigPage(text).replace('<body>', '<body data-fact-context="off">'),
      '/no-article.html': noArticle,
      '/article.html': card,
    });
    const ext = await launchChromiumWithExtension();
    const figures: Figure[] = [];
    try {
      // Warm the service worker and its corpus first: the bench measures pages, not installation.
      const warm = await ext.context.newPage();
      await warm.goto(server.url('/article.html'));
      await waitForStatus(warm, 'ready');
      await warm.close();

      const load = async (path: string, minAfterDcl = 0): Promise<BigRun> => {
        const tab = await ext.context.newPage();
        await tab.goto(server.url(path), { timeout: 300_000 });
        const run = await settle(tab, minAfterDcl);
        await tab.close();
        return run;
      };
      const naiveRuns: BigRun[] = [];
      const ourRuns: BigRun[] = [];
      const plainRuns: BigRun[] = [];
      for (let i = 0; i < BIG_RUNS; i++) {
        naiveRuns.push(await load('/big-naive.html'));
        const ours = await load('/big.html');
        ourRuns.push(ours);
        // The opted-out page lives at least as long past DOMContentLoaded as our scan took.
        plainRuns.push(await load('/big-plain.html', ours.scanEnd - ours.dcl + 200));
      }
      const n = naiveRuns.at(-1)!;
      const e = ourRuns.at(-1)!;
      const naiveTime = median(naiveRuns.map((r) => r.lastMark - r.dcl));
      const ourTime = median(ourRuns.map((r) => r.lastMark - r.dcl));
      const ownTime = median(ourRuns.map((r) => r.lastMark - r.found));
      const pageFrame = median(plainRuns.map((r) => r.firstFrame - r.dcl));
      figures.push(
        {
          name: `1 MB article: DOMContentLoaded to last mark (median of ${BIG_RUNS})`,
          value: ourTime,
          unit: 'ms',
          baseline: { name: 'naive mark.js call', value: naiveTime },
        },
        {
          // What is left of the figure above once the page's own first layout and paint (which
          // the browser runs before it starts the content script) are taken out.
          name: '1 MB article: same, from the article found',
          value: ownTime,
          unit: 'ms',
          baseline: { name: 'naive mark.js call', value: naiveTime },
        },
        {
          // The browser lays out and paints the whole page once after DOMContentLoaded: before it
          // starts a document_end content script, and at the first yield of a script started
          // earlier (no task over 50 ms means yielding). The naive call marks inside its
          // DOMContentLoaded handler, before that frame, so the frame counts against us only.
          // Measured on the same page with the extension opted out: a floor no content script
          // that yields can go under; compare its ratio with the target's share.
          name: "1 MB article: the page's own first frame after DOMContentLoaded, no extension work",
          value: pageFrame,
          unit: 'ms',
          baseline: { name: 'naive mark.js call', value: naiveTime },
        },
        {
          name: '1 MB article: marks',
          value: e.marks,
          unit: 'marks',
          baseline: { name: 'naive mark.js call', value: n.marks },
          ratio: { min: MIN_SHARE_OF_NAIVE_MARKS },
        },
        ...(['ticks', 'frames'] as const).map((key): Figure => {
          const pairs = ourRuns.map((run, i) => keptDuringScan(run, plainRuns[i]!, key));
          return {
            name: `1 MB article: the page's own ${key === 'ticks' ? `${PAGE_TIMER_MS} ms timer ticks` : 'animation frames'} while we annotate it (median of ${BIG_RUNS})`,
            value: median(pairs.map((p) => p.ours)),
            unit: key,
            baseline: {
              name: 'the same page, extension opted out, same stretch after DOMContentLoaded',
              value: median(pairs.map((p) => p.plain)),
            },
            ratio: { min: MIN_SHARE_OF_PAGE_TICKS },
          };
        }),
        {
          name: '1 MB article: longest task',
          value: Math.max(...ourRuns.map((r) => r.longest)),
          unit: 'ms',
          baseline: { name: 'naive mark.js call', value: Math.max(...naiveRuns.map((r) => r.longest)) },
        },
      );

      // Median of several loads: the first also pays one-time script compilation.
      const cpuOf = async (path: string, ready?: 'ready') => {
        const samples: number[] = [];
        for (let i = 0; i < CPU_RUNS; i++) {
          const tab = await ext.context.newPage();
          samples.push(
            await contentScriptCpu(tab, ext.extensionId, async () => {
              await tab.goto(server.url(path));
              await waitForStatus(tab, ready);
              await tab.waitForTimeout(500);
            }),
          );
          await tab.close();
        }
        return median(samples);
      };
      const noArticleCpu = await cpuOf('/no-article.html');
      const articleCpu = await cpuOf('/article.html', 'ready');
      figures.push({
        name: 'page with no article: content script main-thread time',
        value: noArticleCpu,
        unit: 'ms',
        baseline: { name: 'an article page', value: articleCpu },
      });

      const size = gzipSync(readFileSync(join(CHROME_BUILD_DIR, 'content-scripts/content.js')), { level: 9 }).length;
      const uiSize = gzipSync(readFileSync(join(CHROME_BUILD_DIR, 'card-ui.js')), { level: 9 }).length;
      const detectorSize = gzipSync(readFileSync(join(CHROME_BUILD_DIR, 'detector.js')), { level: 9 }).length;
      figures.push(
        {
          name: 'content script, gzipped',
          value: size / 1024,
          unit: 'kB',
          limit: { max: CONTENT_SCRIPT_GZIP_KB },
        },
        {
          name: 'the page’s highlighting with the detector, loaded where an article is found, gzipped',
          value: detectorSize / 1024,
          unit: 'kB',
        },
        { name: 'card UI loaded when first needed, gzipped', value: uiSize / 1024, unit: 'kB' },
      );

      // Cards in a try of their own: a card that fails to open under load must not lose the
      // figures above (it is reported, as a missed target is).
      try {
        // Cards: open delay end → visible, warm and after the service worker was stopped.
        const cards = await ext.context.newPage();
        await cards.goto(server.url('/article.html'));
        await waitForStatus(cards, 'ready');
        await cards.waitForTimeout(1500); // prefetch and idle UI load
        // Timestamps taken by the card UI in the content script's own world (the probe): the
        // pointer coming to rest on the mark, and the card placed on screen. The card's shadow
        // root is closed: the page itself can see neither.
        const openOnce = async (entityId: string) => {
          await cards.mouse.move(1, 1);
          await cards.waitForTimeout(400);
          const before = (await contentProbe(cards))?.card?.shownAt ?? 0;
          const mark = cards.locator(`mark[data-entity="${entityId}"]`).first();
          await mark.scrollIntoViewIfNeeded();
          // Marks take no pointer events: the pointer goes to the mark's box.
          const box = (await mark.boundingBox())!;
          await cards.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
          const deadline = Date.now() + 5000;
          for (;;) {
            const card = (await contentProbe(cards))?.card;
            if (card && card.shownAt > before && card.restedAt !== null)
              return card.shownAt - card.restedAt - DEFAULT_OPEN_DELAY_MS;
            if (Date.now() > deadline) throw new Error(`no card for ${entityId}`);
            await cards.waitForTimeout(20);
          }
        };
        const warmTimes = [];
        for (const id of ['david-lammy', 'antony-blinken', 'joe-biden', 'keir-starmer', 'donald-trump'])
          warmTimes.push(await openOnce(id));
        await stopServiceWorkers(ext.context);
        const cold = await openOnce('kamala-harris');
        const ext2 = await ext.context.newPage();
        await ext2.goto(ext.extensionUrl('popup.html'));
        await stopServiceWorkers(ext.context);
        const roundTrip = await ext2.evaluate(async () => {
          const t = performance.now();
          await chrome.runtime.sendMessage({
            id: 1,
            type: 'cs.getCards',
            data: { entityIds: ['kamala-harris'] },
            timestamp: Date.now(),
          });
          return performance.now() - t;
        });
        figures.push(
          {
            name: 'card: end of open delay to visible (median of 5)',
            value: median(warmTimes),
            unit: 'ms',
            baseline: { name: 'a card-data round trip to a stopped worker', value: roundTrip },
          },
          {
            name: 'card: same, first card after the worker was stopped',
            value: cold,
            unit: 'ms',
            baseline: { name: 'a card-data round trip to a stopped worker', value: roundTrip },
          },
        );
      } catch (error) {
        console.log(`  cards: failed to measure: ${error instanceof Error ? error.message : String(error)}`);
      }
    } finally {
      await ext.close();
      await server.close();
    }
    return figures;
  },
};
export default bench;
