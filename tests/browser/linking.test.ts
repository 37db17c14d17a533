/**
 * Linking on pages like the news the corpus never saw (issue 14), in Chromium with the built
 * extension: recommendation and tag lists inside <article>, pages whose metadata names the person
 * while the text does not, namesake pages, near-miss spellings. Each saved page
 * (tests/fixtures/pages/linking-*.html) has its expected marks beside it; blocks that are not the
 * article carry data-test="not-article", which only this test reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from '@/scripts/browsers/chromium';
import type { PageServer } from '@/scripts/pages/server';
import { collectErrors, fixturePages, settledMarks, startSession, stopSession, waitForStatus } from './support';
import { restPointerOn } from './card-support';

const fixtures = fixturePages();
const linkingPages = Object.entries(fixtures.expected).filter(([name]) => name.startsWith('linking-'));
let ext: ExtensionBrowser;
let server: PageServer;

beforeAll(async () => {
  ({ ext, server } = await startSession('popup.html'));
});
afterAll(() => stopSession({ ext, server }));

async function open(name: string): Promise<{ page: Page; errors: string[] }> {
  const page = await ext.context.newPage();
  const errors = collectErrors(page);
  await page.goto(server.url(`/fixtures/${name}.html`));
  await waitForStatus(page);
  return { page, errors };
}

/**
 * Every name in the page's accessibility tree, closed shadow roots included (the DevTools
 * protocol's view of the page, as docs/contracts.md section 4 asks of outside checks).
 */
async function accessibleText(page: Page): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: { name?: { value?: unknown } }[] };
  await cdp.detach();
  return nodes.map((n) => (typeof n.name?.value === 'string' ? n.name.value : '')).join('\n');
}

describe('saved pages', () => {
  it('has the pages the issue asks for', () => {
    expect(linkingPages.map(([name]) => name).sort()).toEqual([
      'linking-metadata-only',
      'linking-metadata-trump',
      'linking-namesake-macron',
      'linking-namesake-miller',
      'linking-recommendations',
      'linking-spelling',
    ]);
  });

  for (const [name, expected] of linkingPages) {
    it(`${name}: ${JSON.stringify(expected.marks)}, no mark outside the article's own text`, async () => {
      const { page, errors } = await open(name);
      expect(await settledMarks(page, 800)).toEqual(expected.marks);
      const outside = await page.evaluate(
        () =>
          document.querySelectorAll('[data-test="not-article"] mark[data-entity], mark[data-entity][data-test]').length,
      );
      expect(outside).toBe(0);
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});

describe('why highlighted', () => {
  it('says when a near-miss spelling was read as the name', async () => {
    const { page } = await open('linking-spelling');
    await settledMarks(page);
    const marks = page.locator('mark[data-entity="volodymyr-zelensky"]');
    expect(await marks.count()).toBe(2);
    // Marks take no pointer events: the pointer goes to the mark's box.
    await restPointerOn(page, 'mark[data-entity="volodymyr-zelensky"]', 1);
    await expect
      .poll(() => accessibleText(page), { timeout: 10_000 })
      .toMatch(/“Zelenksy” read as a near spelling of “Zelensky”/);
    await page.close();
  });

  it("says when the page's own metadata settled who a surname means", async () => {
    const { page } = await open('linking-metadata-only');
    await settledMarks(page);
    await restPointerOn(page, 'mark[data-entity="donald-trump"]');
    await expect
      .poll(() => accessibleText(page), { timeout: 10_000 })
      .toMatch(/this page’s own metadata naming “Donald Trump”/);
    await page.close();
  });
});
