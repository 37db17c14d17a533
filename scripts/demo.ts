/**
 * The demo: serves the corpus's articles as local news pages on 127.0.0.1 and opens Chromium
 * with the built extension on them. Without a display it says so; with `--screenshots DIR` it
 * runs headless and saves what a reader sees (the README's pictures come from here).
 *
 *   npm start                                   build, serve, open Chromium (needs a display)
 *   npm run demo -- --screenshots DIR           build, serve, save screenshots headless
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { launchChromiumWithExtension } from './browsers/chromium';
import { contentProbe, waitForStatus } from './browsers/probe';
import { loadCorpus } from './corpus/read';
import { formatProblem } from '../lib/corpus/compile';
import { corpusPages } from './pages/corpus-pages';
import { servePages } from './pages/server';
import { encodePack } from '../lib/pack/write';
import { syntheticPack } from './corpus-pack-synthetic';

/** Fixed so the reader can bookmark it; 0 would pick a free one. */
const DEMO_PORT = 4178;

/** Waits until the card of `entityId` is on screen (the card UI notes it on the content script's probe). */
async function waitForCardShown(page: Page, entityId: string, since = 0): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const card = (await contentProbe(page))?.card;
    if (card?.entityId === entityId && card.shownAt > since) return;
    if (Date.now() > deadline) throw new Error(`no card for ${entityId}`);
    await page.waitForTimeout(50);
  }
}

/** What the DevTools protocol's DOM.getDocument gives, as far as it is read here. */
interface DomNode {
  nodeId: number;
  children?: DomNode[];
  shadowRoots?: DomNode[];
}

/**
 * Opens one section of the open card (its `<details>`), as a reader's click on its summary would.
 * The card's shadow root is closed: the DevTools protocol reaches into it (`pierce`), the page cannot.
 */
async function openCardSection(page: Page, label: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
    const roots: number[] = [];
    const walk = (node: DomNode) => {
      for (const shadow of node.shadowRoots ?? []) roots.push(shadow.nodeId);
      for (const child of node.children ?? []) walk(child);
    };
    walk(root);
    for (const nodeId of roots) {
      const found = await cdp.send('DOM.querySelector', {
        nodeId,
        selector: `[role="dialog"] section[aria-label="${label}"] details`,
      });
      if (!found.nodeId) continue;
      const { object } = await cdp.send('DOM.resolveNode', { nodeId: found.nodeId });
      await cdp.send('Runtime.callFunctionOn', {
        objectId: object.objectId!,
        functionDeclaration: 'function () { this.open = true; }',
      });
      return;
    }
    throw new Error(`no open card with a section ${label}`);
  } finally {
    await cdp.detach();
  }
}

/** A news page of 2026 with a quote of a bundled person, for "Add this article" (a saved page of the tests). */
const READER_STORY_PATH = '/reader/allies-revisit-limits.html';
const READER_STORY = readFileSync(join(import.meta.dirname, '../tests/fixtures/articles/reader-story.html'), 'utf8');

const { values } = parseArgs({
  options: { screenshots: { type: 'string' }, port: { type: 'string' } },
});

const { bundle, problems } = loadCorpus();
if (!bundle) {
  console.error(problems.map(formatProblem).join('\n'));
  process.exit(1);
}
const server = await servePages(
  { ...corpusPages(bundle), [READER_STORY_PATH]: READER_STORY },
  Number(values.port ?? DEMO_PORT),
);
console.log(`Local news pages: ${server.url('/')}`);

if (values.screenshots) {
  const dir = resolve(values.screenshots);
  mkdirSync(dir, { recursive: true });
  const ext = await launchChromiumWithExtension({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await ext.context.newPage();
    const article = bundle.sources.find((s) => s.id === 'us-uk-open-to-deeper-strikes') ?? bundle.sources[0]!;
    await page.goto(server.url(`/articles/${article.id}.html`));
    await waitForStatus(page);
    await page.screenshot({ path: `${dir}/article.png` });

    // Cards on a person and a weapon, on a light page and on a dark one.
    for (const theme of ['light', 'dark'] as const) {
      const cardPage = bundle.sources.find((s) => s.id === 'us-holds-firm-as-nato-allies-loosen') ?? article;
      await page.goto(server.url(`/${theme === 'dark' ? 'dark' : 'articles'}/${cardPage.id}.html`));
      await waitForStatus(page, 'ready');
      for (const [kind, entityId] of [
        ['person', 'emmanuel-macron'],
        ['weapon', 'storm-shadow'],
      ] as const) {
        await page.mouse.move(1, 1);
        await page.waitForTimeout(400);
        const mark = page.locator(`mark[data-entity="${entityId}"]`).first();
        await mark.scrollIntoViewIfNeeded();
        // Marks take no pointer events: the pointer goes to the mark's box, and the card UI notes
        // on the content script's probe when the card is on screen (its shadow root is closed).
        const box = (await mark.boundingBox())!;
        const since = (await contentProbe(page))?.card?.shownAt ?? 0;
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await waitForCardShown(page, entityId, since);
        await page.waitForTimeout(300);
        await page.screenshot({ path: `${dir}/card-${kind}-${theme}.png` });
      }
    }

    // The popup: a search, then the page status of the article open in another tab (popup.html?tab=<id>).
    await page.setViewportSize({ width: 400, height: 600 });
    await page.goto(ext.extensionUrl('popup.html'));
    await page.locator('input[type="search"]').fill('storm');
    await page.locator('[role="option"]').first().waitFor();
    await page.screenshot({ path: `${dir}/popup-search.png` });
    const news = await ext.context.newPage();
    await news.goto(server.url(`/articles/${article.id}.html`));
    await waitForStatus(news, 'ready');
    await news.bringToFront();
    const newsTab = await page.evaluate(
      async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]!.id!,
    );
    await page.bringToFront();
    await page.goto(ext.extensionUrl(`popup.html?tab=${newsTab}`));
    await page.locator('.page-entity').first().waitFor();
    await page.screenshot({ path: `${dir}/popup-page.png` });
    await news.close();

    await page.setViewportSize({ width: 420, height: 900 });
    await page.goto(ext.extensionUrl('sidepanel.html?entity=antony-blinken'));
    await page.locator('[data-event]').first().waitFor();
    await page.screenshot({ path: `${dir}/sidepanel-timeline.png` });
    await page.getByRole('tab', { name: /Disputed/ }).click();
    await page
      .locator('#claim-us-uk-approved-strikes-inside-russia')
      .evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: `${dir}/sidepanel-disputed.png` });
    const kyiv = bundle.events.find((e) => e.id === 'blinken-lammy-kyiv-visit')!;
    const evidence = kyiv.evidence.find((x) => x.sourceId === 'us-uk-open-to-deeper-strikes') ?? kyiv.evidence[0]!;
    await page.setViewportSize({ width: 900, height: 700 });
    await page.goto(
      ext.extensionUrl(`reader.html?${new URLSearchParams({ source: evidence.sourceId, quote: evidence.quote })}`),
    );
    await page.locator('.reader-article mark[data-entity]').first().waitFor();
    await page.screenshot({ path: `${dir}/reader.png` });

    await page.setViewportSize({ width: 800, height: 700 });
    await page.goto(ext.extensionUrl('options.html'));
    await page.getByText(`Corpus ${bundle.version}`).waitFor();
    await page.screenshot({ path: `${dir}/options.png` });

    // A small synthetic pack chosen on the options page: the preview before Import (nothing imported).
    const pack = await syntheticPack({ id: 'demo-desk', sources: 6, entities: 12, quotesPerSource: 2, claims: 2 });
    await page.setViewportSize({ width: 800, height: 900 });
    await page.locator('input[type="file"]').setInputFiles({
      name: 'demo-desk.fcpack',
      mimeType: 'application/gzip',
      buffer: Buffer.from(await encodePack(pack)),
    });
    const preview = page.locator('[data-pack-preview]');
    await preview.waitFor({ timeout: 60_000 });
    await page.locator('section[aria-labelledby="fc-opt-packs"]').screenshot({ path: `${dir}/pack-preview.png` });

    // "Add this article": a news page of 2026 the corpus does not hold, its confirmation (as the
    // card's "Add this page as a source" and the Alt+Shift+D command open it), then a card of a
    // bundled person showing that article's quote. Last: everything above shows the bundled corpus alone.
    const story = await ext.context.newPage();
    await story.setViewportSize({ width: 1280, height: 900 });
    await story.goto(server.url(READER_STORY_PATH));
    await waitForStatus(story, 'ready');
    await story.bringToFront();
    const storyTab = await page.evaluate(
      async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]!.id!,
    );
    await page.bringToFront();
    await page.setViewportSize({ width: 720, height: 860 });
    await page.goto(ext.extensionUrl(`add.html?tab=${storyTab}`));
    await page.locator('.add-preview').waitFor({ timeout: 60_000 });
    await page.screenshot({ path: `${dir}/add-article.png` });
    await page.getByRole('button', { name: 'Add to your articles' }).click();
    await page.locator('[data-outcome="added"]').waitFor({ timeout: 60_000 });
    await story.close();

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(server.url(`/articles/${article.id}.html`));
    await waitForStatus(page, 'ready');
    const blinken = page.locator('mark[data-entity="antony-blinken"]').first();
    await blinken.scrollIntoViewIfNeeded();
    const at = (await blinken.boundingBox())!;
    await page.mouse.move(1, 1);
    const since = (await contentProbe(page))?.card?.shownAt ?? 0;
    await page.mouse.move(at.x + at.width / 2, at.y + at.height / 2);
    await waitForCardShown(page, 'antony-blinken', since);
    await openCardSection(page, 'What they said');
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${dir}/card-reader-quote.png` });
    console.log(`Screenshots saved in ${dir}`);
  } finally {
    await ext.close();
    await server.close();
  }
} else if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.log(
    'No display found, so Chromium cannot open a window here.\n' +
      'Run `npm run demo -- --screenshots demo-screenshots` to run the same demo headless and save what a reader sees.',
  );
  await server.close();
} else {
  const ext = await launchChromiumWithExtension({ headless: false });
  const page = ext.context.pages()[0] ?? (await ext.context.newPage());
  await page.goto(server.url('/'));
  console.log('Chromium is open with Fact Context loaded. Close the window or press Ctrl+C to stop.');
  const stop = async () => {
    await ext.close().catch(() => {});
    await server.close();
    process.exit(0);
  };
  ext.context.on('close', () => void stop());
  process.on('SIGINT', () => void stop());
}
