/**
 * A 1 MB article and a page with no article, against floors measured in the same run (issue 15):
 * - **whole**: from the content script's start to its last mark, against the one-pass floor on
 *   the same page with the extension opted out: one combined pattern of every alias over one
 *   TreeWalker pass of the article, direct `splitText` wrapping of what it finds, and one forced
 *   layout (a page script, timed by itself);
 * - **first screen**: from the content script's start until every mark of the first viewport is
 *   in place, against the same floor;
 * - **memory**: the renderer's JavaScript heap, after a forced collection, with the page marked
 *   against the same page opted out;
 * - **no article**: the content script's main-thread time (CPU profile) on a page with no
 *   article, against an empty WXT content script (scripts/bench/baseline-extension) on the same
 *   page in the same browser.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromiumWithExtension } from '../browsers/chromium';
import { contentProbe, waitForStatus } from '../browsers/probe';
import { loadCorpus } from '../corpus/read';
import { renderNewsPage } from '../pages/news-page';
import { servePages } from '../pages/server';
import { buildBaselineExtension, unpackedExtensionId } from './baseline';
import { newsText } from './synthetic';
import { median, type Bench, type Figure } from './types';

/** Targets (issue 15). */
const WHOLE_MAX_RATIO = 1.5;
const FIRST_SCREEN_MAX_RATIO = 0.25;
const NO_ARTICLE_MAX_RATIO = 1.5;
/** Extra JavaScript heap with the 1 MB article marked, MB (a size: the same on any machine). */
const MEMORY_MAX_MB = 20;
/** Loads of each page: timings on the 1 MB page vary by a third from load to load here. */
const RUNS = 3;
/** Loads for a main-thread profile of a small page: the first also pays compiling. */
const CPU_RUNS = 5;
/** Marks have settled when none was added for this long. */
const QUIET_MS = 1500;

/** The page's own record of when each mark arrived (a bench page may watch its DOM; ours never reads it). */
const WATCH_MARKS = `
  window.__markTimes = new Map();
  new MutationObserver((records) => {
    const now = performance.now();
    for (const r of records) for (const n of r.addedNodes) if (n.nodeName === 'MARK') window.__markTimes.set(n, now);
  }).observe(document, { childList: true, subtree: true });
`;

/** The one-pass floor: run by the page itself, after its first frame, with the extension opted out. */
function floorScript(aliases: string[]): string {
  const sorted = [...new Set(aliases)].sort((a, b) => b.length - a.length);
  const escaped = sorted.map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return `
  window.addEventListener('load', () => requestAnimationFrame(() => setTimeout(() => {
    const pattern = new RegExp('(?<![\\\\p{L}\\\\p{N}])(?:' + ${JSON.stringify(escaped.join('|'))} + ')(?![\\\\p{L}\\\\p{N}])', 'gu');
    const t0 = performance.now();
    const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
    const hits = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      pattern.lastIndex = 0;
      for (const m of n.data.matchAll(pattern)) hits.push([n, m.index, m[0].length]);
    }
    const t1 = performance.now();
    // Right to left within a node, so earlier offsets stay valid.
    for (let i = hits.length - 1; i >= 0; i--) {
      const [node, at, length] = hits[i];
      const middle = node.splitText(at);
      middle.splitText(length);
      const mark = document.createElement('mark');
      middle.replaceWith(mark);
      mark.append(middle);
    }
    const t2 = performance.now();
    void document.documentElement.offsetHeight;
    document.body.getBoundingClientRect();
    const t3 = performance.now();
    window.__floor = { scan: t1 - t0, wrap: t2 - t1, layout: t3 - t2, total: t3 - t0, marks: hits.length };
  })));`;
}

function bigPage(text: string, script: string, optedOut: boolean): string {
  const html = renderNewsPage({
    title: 'A very long article',
    text,
    publisher: 'Bench Daily',
    date: '2024-09-11',
    titleIsHeadline: true,
  });
  return html
    .replace('<head>', `<head><script>${script}</script>`)
    .replace('<body>', optedOut ? '<body data-fact-context="off">' : '<body>');
}

async function settled(page: Page): Promise<void> {
  let last = -1;
  let since = Date.now();
  for (;;) {
    const count = await page.evaluate(() => document.querySelectorAll('mark').length);
    if (count !== last) {
      last = count;
      since = Date.now();
    } else if (Date.now() - since > QUIET_MS) return;
    await page.waitForTimeout(100);
  }
}

/** The renderer's JavaScript heap after a forced collection, MB. */
async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize / 2 ** 20;
}

/** Main-thread time spent under each extension's scripts while `load` runs, by extension id. */
async function extensionCpu(page: Page, ids: string[], load: () => Promise<void>): Promise<Map<string, number>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  await load();
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const owner = new Map<number, string>();
  for (const n of profile.nodes) {
    const id = ids.find((x) => n.callFrame.url.startsWith(`chrome-extension://${x}/`));
    if (id) owner.set(n.id, id);
  }
  const ownerOf = (node: number): string | undefined => {
    for (let at: number | undefined = node; at !== undefined; at = parent.get(at)) {
      const o = owner.get(at);
      if (o) return o;
    }
    return undefined;
  };
  const totals = new Map(ids.map((id) => [id, 0]));
  (profile.samples ?? []).forEach((node, i) => {
    const o = ownerOf(node);
    if (o) totals.set(o, totals.get(o)! + (profile.timeDeltas?.[i] ?? 0) / 1000);
  });
  return totals;
}

const bench: Bench = {
  title: 'A 1 MB article and a page with no article, against same-run floors',
  needsBuild: true,
  async run() {
    const { bundle } = loadCorpus();
    if (!bundle) throw new Error('corpus has problems');
    const text = newsText(1_000_000);
    const aliases = bundle.entities.flatMap((e) => e.aliases);
    const noArticle = readFileSync(join(import.meta.dirname, '../../tests/fixtures/pages/no-article.html'), 'utf8');
    const server = await servePages({
      '/big.html': bigPage(text, WATCH_MARKS, false),
      '/big-floor.html': bigPage(text, floorScript(aliases), true),
      '/big-plain.html': bigPage(text, '', true),
      '/no-article.html': noArticle,
      '/article.html': renderNewsPage({
        title: 'Warm-up',
        text: bundle.sources[0]!.text,
        publisher: null,
        date: '2024-09-11',
        titleIsHeadline: false,
      }),
    });
    const baselineDir = buildBaselineExtension();
    const baselineId = unpackedExtensionId(baselineDir);
    const ext = await launchChromiumWithExtension({ extraExtensionDirs: [baselineDir] });
    const figures: Figure[] = [];
    try {
      const warm = await ext.context.newPage();
      await warm.goto(server.url('/article.html'));
      await waitForStatus(warm, 'ready');
      await warm.close();

      const floors: { scan: number; wrap: number; layout: number; total: number; marks: number }[] = [];
      const whole: number[] = [];
      const firstScreen: number[] = [];
      const heapWith: number[] = [];
      const heapWithout: number[] = [];
      let marks = 0;
      for (let i = 0; i < RUNS; i++) {
        const floorTab = await ext.context.newPage();
        await floorTab.goto(server.url('/big-floor.html'), { timeout: 300_000 });
        await floorTab.waitForFunction(() => '__floor' in window, null, { timeout: 300_000 });
        floors.push(await floorTab.evaluate(() => (window as unknown as { __floor: (typeof floors)[number] }).__floor));
        await floorTab.close();

        const tab = await ext.context.newPage();
        await tab.goto(server.url('/big.html'), { timeout: 300_000 });
        await waitForStatus(tab, 'ready', 300_000);
        await settled(tab);
        const start = (await contentProbe(tab))?.times.start ?? 0;
        const seen = await tab.evaluate(() => {
          const times = (window as unknown as { __markTimes: Map<Element, number> }).__markTimes;
          let last = 0;
          let lastOnScreen = 0;
          for (const mark of document.querySelectorAll('mark')) {
            const t = times.get(mark) ?? 0;
            last = Math.max(last, t);
            const box = mark.getBoundingClientRect();
            if (box.bottom > 0 && box.top < innerHeight) lastOnScreen = Math.max(lastOnScreen, t);
          }
          return { last, lastOnScreen, marks: document.querySelectorAll('mark').length };
        });
        whole.push(seen.last - start);
        firstScreen.push(seen.lastOnScreen - start);
        marks = seen.marks;
        heapWith.push(await heapMb(tab));
        await tab.close();

        const plain = await ext.context.newPage();
        await plain.goto(server.url('/big-plain.html'), { timeout: 300_000 });
        await plain.waitForTimeout(QUIET_MS);
        heapWithout.push(await heapMb(plain));
        await plain.close();
      }
      const floor = median(floors.map((f) => f.total));
      const part = (k: 'scan' | 'wrap' | 'layout') => median(floors.map((f) => f[k])).toFixed(0);
      const floorName = `one-pass floor (scan ${part('scan')} + wrap ${part('wrap')} + layout ${part('layout')} ms, ${floors.at(-1)!.marks} marks)`;
      figures.push(
        {
          name: `1 MB article, whole: content script start to last mark (median of ${RUNS}, ${marks} marks)`,
          value: median(whole),
          unit: 'ms',
          baseline: { name: floorName, value: floor },
          ratio: { max: WHOLE_MAX_RATIO },
        },
        {
          name: '1 MB article, first screen: content script start to the last mark in the first viewport',
          value: median(firstScreen),
          unit: 'ms',
          baseline: { name: 'the same one-pass floor', value: floor },
          ratio: { max: FIRST_SCREEN_MAX_RATIO },
        },
        {
          name: '1 MB article: JavaScript heap added by marking it',
          value: median(heapWith) - median(heapWithout),
          unit: 'MB',
          limit: { max: MEMORY_MAX_MB },
        },
      );

      const ours: number[] = [];
      const empty: number[] = [];
      for (let i = 0; i < CPU_RUNS; i++) {
        const tab = await ext.context.newPage();
        const cpu = await extensionCpu(tab, [ext.extensionId, baselineId], async () => {
          await tab.goto(server.url('/no-article.html'));
          await waitForStatus(tab);
          await tab.waitForTimeout(500);
        });
        ours.push(cpu.get(ext.extensionId)!);
        empty.push(cpu.get(baselineId)!);
        await tab.close();
      }
      figures.push({
        name: `page with no article: content script main-thread time (median of ${CPU_RUNS})`,
        value: median(ours),
        unit: 'ms',
        baseline: { name: 'an empty WXT content script on the same page', value: median(empty) },
        ratio: { max: NO_ARTICLE_MAX_RATIO },
      });
    } finally {
      await ext.close();
      await server.close();
    }
    return figures;
  },
};
export default bench;
