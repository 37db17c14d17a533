/**
 * Real news pages, whole (issue 15): what the extension adds to a page's own main-thread time, and
 * its longest task, page by page. The pages: every saved page under `$FACT_CONTEXT_REAL_PAGES`
 * (a folder of `<name>/source.html`, such as Mozilla Readability's test/test-pages: see
 * `npm run eval:pages`), else the corpus's five real articles as local news pages. Nothing but the
 * local server answers: a saved page's other requests are aborted in both browsers alike.
 *
 * Baseline, same run: the same page in a Chromium without the extension. Figures: the median over
 * pages of (main-thread time with the extension − without) / without, and the longest run of the
 * content script's own samples in a CPU profile (a lower bound of its longest task).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, launchChromiumWithExtension } from '../browsers/chromium';
import { contentProbe } from '../browsers/probe';
import { loadCorpus } from '../corpus/read';
import { corpusPages } from '../pages/corpus-pages';
import { servePages } from '../pages/server';
import { median, type Bench, type Figure } from './types';

/** Targets (issue 15): at most 10 % added to a page's own main-thread time (median page); no task of ours over 50 ms. */
const ADDED_SHARE_MAX = 0.1;
const LONGEST_TASK_MS = 50;
/** Loads of each page, with and without: main-thread time varies by a fifth from load to load. */
const RUNS = 3;
/** The page has settled when the content script concluded and nothing ran for this long. */
const QUIET_MS = 800;
/** Samples of ours closer than this belong to one task (the profiler samples every 100 µs). */
const SAME_TASK_GAP_MS = 1;
/** Pages from a saved set, at most: the bench must stay minutes long. */
const MAX_PAGES = 40;

function savedPages(): Record<string, string> {
  const dir = process.env.FACT_CONTEXT_REAL_PAGES;
  if (!dir || !existsSync(dir)) {
    const { bundle } = loadCorpus();
    if (!bundle) throw new Error('corpus has problems');
    return Object.fromEntries(Object.entries(corpusPages(bundle)).filter(([path]) => path.startsWith('/articles/')));
  }
  const names = readdirSync(dir)
    .filter((n) => existsSync(join(dir, n, 'source.html')))
    .sort()
    .slice(0, MAX_PAGES);
  return Object.fromEntries(names.map((n) => [`/saved/${n}.html`, readFileSync(join(dir, n, 'source.html'), 'utf8')]));
}

async function onlyLocal(context: BrowserContext, origin: string): Promise<void> {
  await context.route('**/*', (route) =>
    route.request().url().startsWith(origin) ? route.continue() : route.abort('blockedbyclient'),
  );
}

/** Main-thread task time (CDP Performance.TaskDuration) while `load` runs, in ms. */
async function taskTime(page: Page, load: () => Promise<void>): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const before = await cdp.send('Performance.getMetrics');
  await load();
  const after = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  const task = (m: typeof before) => m.metrics.find((x) => x.name === 'TaskDuration')?.value ?? 0;
  return (task(after) - task(before)) * 1000;
}

/** The longest run of the content script's own samples in a CPU profile of `load`, in ms. */
async function longestRunOfOurs(page: Page, load: () => Promise<void>): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await load();
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const ourUrl = (url: string) => url.startsWith('chrome-extension://');
  const ours = new Set(profile.nodes.filter((n) => ourUrl(n.callFrame.url)).map((n) => n.id));
  const inOurs = (id: number): boolean => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) if (ours.has(at)) return true;
    return false;
  };
  let time = profile.startTime / 1000;
  let runStart = -1;
  let last = -1;
  let longest = 0;
  (profile.samples ?? []).forEach((id, i) => {
    time += (profile.timeDeltas?.[i] ?? 0) / 1000;
    if (!inOurs(id)) return;
    if (runStart < 0 || time - last > SAME_TASK_GAP_MS) runStart = time;
    last = time;
    longest = Math.max(longest, last - runStart);
  });
  return longest;
}

/** Until the content script concluded (with the extension) and then QUIET_MS more. */
async function settled(page: Page, withExtension: boolean): Promise<void> {
  if (withExtension) {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const status = (await contentProbe(page).catch(() => null))?.status;
      if (status && status !== 'reading') break;
      await page.waitForTimeout(50);
    }
  }
  await page.waitForTimeout(QUIET_MS);
}

const bench: Bench = {
  title: 'Real news pages, whole',
  needsBuild: true,
  async run() {
    const pages = savedPages();
    const server = await servePages(pages);
    const origin = new URL(server.url('/')).origin;
    const ext = await launchChromiumWithExtension();
    const plain = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
    const plainContext = await plain.newContext({ viewport: { width: 1280, height: 900 } });
    await onlyLocal(ext.context, origin);
    await onlyLocal(plainContext, origin);
    const results: { path: string; withExt: number; without: number; longest: number }[] = [];
    try {
      for (const path of Object.keys(pages)) {
        const withExt: number[] = [];
        const without: number[] = [];
        let longestHere = 0;
        for (let run = 0; run < RUNS; run++) {
          const a = await ext.context.newPage();
          withExt.push(
            await taskTime(a, async () => {
              await a.goto(server.url(path), { waitUntil: 'load' }).catch(() => {});
              await settled(a, true);
            }),
          );
          await a.close();
          const b = await plainContext.newPage();
          without.push(
            await taskTime(b, async () => {
              await b.goto(server.url(path), { waitUntil: 'load' }).catch(() => {});
              await settled(b, false);
            }),
          );
          await b.close();
        }
        const c = await ext.context.newPage();
        longestHere = await longestRunOfOurs(c, async () => {
          await c.goto(server.url(path), { waitUntil: 'load' }).catch(() => {});
          await settled(c, true);
        });
        await c.close();
        results.push({ path, withExt: median(withExt), without: median(without), longest: longestHere });
      }
    } finally {
      await ext.close();
      await plain.close();
      await server.close();
    }
    const set = process.env.FACT_CONTEXT_REAL_PAGES ? 'saved pages' : 'corpus articles';
    // Pages by the share the extension adds to their own time: the median page and the worst.
    const byShare = [...results].sort((a, b) => a.withExt / a.without - b.withExt / b.without);
    const middle = byShare[Math.floor((byShare.length - 1) / 2)]!;
    const worst = byShare.at(-1)!;
    const page = (r: (typeof results)[number]) => r.path.replace(/^\/\w+\/|\.html$/g, '');
    const figures: Figure[] = [
      {
        name: `${set} (${results.length}), median page (${page(middle)}): main-thread time`,
        value: middle.withExt,
        unit: 'ms',
        baseline: { name: 'the same page without the extension', value: middle.without },
        ratio: { max: 1 + ADDED_SHARE_MAX },
      },
      {
        name: `${set}, worst page (${page(worst)}): main-thread time`,
        value: worst.withExt,
        unit: 'ms',
        baseline: { name: 'the same page without the extension', value: worst.without },
      },
      {
        name: `${set}: longest run of the content script's own samples, any page`,
        value: Math.max(...results.map((r) => r.longest)),
        unit: 'ms',
        baseline: {
          name: `the long-task threshold, ${LONGEST_TASK_MS} ms (a definition, not a measurement)`,
          value: LONGEST_TASK_MS,
        },
        ratio: { max: 1 },
      },
    ];
    return figures;
  },
};
export default bench;
