/**
 * The popup and the options page in Chromium with the built extension: search (ranking, typos,
 * keyboard), the page status of a real tab (popup.html?tab=<id>), the site switch, muting, and
 * an accessibility check of the rendered pages (axe-core, with real CSS for contrast).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from '@/scripts/browsers/chromium';
import type { PageServer } from '@/scripts/pages/server';
import { builtCorpus, collectErrors, settledMarks, startSession, stopSession, tabIdOf, waitForStatus } from './support';
import { waitForCard } from './card-support';

const bundle = builtCorpus();
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ARTICLE = '/articles/us-uk-open-to-deeper-strikes.html';
let ext: ExtensionBrowser;
let server: PageServer;
let extPage: Page;

beforeAll(async () => {
  ({ ext, server, extPage } = await startSession('options.html'));
});
afterAll(() => stopSession({ ext, server }));

/** Restores the user's switches to their defaults. */
async function resetStorage(): Promise<void> {
  await extPage.evaluate(() => chrome.storage.local.set({ settings: {}, disabledSites: [], mutedEntities: [] }));
}

async function openNews(path: string): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(server.url(path));
  await waitForStatus(page);
  return page;
}

async function openPopup(tabId?: number): Promise<{ popup: Page; errors: string[] }> {
  const popup = await ext.context.newPage();
  const errors = collectErrors(popup);
  await popup.goto(ext.extensionUrl(tabId === undefined ? 'popup.html' : `popup.html?tab=${tabId}`));
  await popup.locator('input[type="search"]').waitFor();
  return { popup, errors };
}

const markCount = (page: Page, selector = 'mark[data-entity]') =>
  page.evaluate((s) => document.querySelectorAll(s).length, selector);

const options = (popup: Page) => popup.getByRole('listbox', { name: 'Results' }).getByRole('option');

async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: Document) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

describe('popup search', () => {
  it('focuses the search field on open and lists Storm Shadow first for "storm", the word marked', async () => {
    const { popup, errors } = await openPopup();
    const search = popup.locator('input[type="search"]');
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    await search.pressSequentially('storm');
    await expect.poll(() => options(popup).first().textContent()).toContain('Storm Shadow');
    const first = options(popup).first();
    expect(await first.getAttribute('data-id')).toBe('storm-shadow');
    expect(await first.locator('mark').first().textContent()).toBe('Storm');
    // Its group is the first one, headed "Weapon systems".
    expect(await popup.locator('[role="listbox"] [role="group"]').first().getAttribute('aria-labelledby')).toBe(
      'fc-group-weapon',
    );
    expect(errors).toEqual([]);
    await popup.close();
  });

  it.each([
    ['zelenski', 'volodymyr-zelensky', 'Volodymyr Zelensky'],
    ['stormshadow', 'storm-shadow', 'Storm Shadow'],
    ['atacms', 'atacms', 'ATACMS'],
    ['radoslaw', 'radoslaw-sikorski', 'Sikorski'],
    ['blinkin', 'antony-blinken', 'Antony Blinken'],
  ])('finds "%s" → %s first', async (query, id, name) => {
    const { popup } = await openPopup();
    await popup.locator('input[type="search"]').fill(query);
    await expect.poll(() => options(popup).first().getAttribute('data-id')).toBe(id);
    expect(await options(popup).first().textContent()).toContain(name);
    await popup.close();
  });

  it('opens the entity chosen with the keyboard, and Escape goes back to the results', async () => {
    const { popup, errors } = await openPopup();
    const search = popup.locator('input[type="search"]');
    await search.fill('zelenski');
    await expect.poll(() => options(popup).count()).toBeGreaterThan(2);
    const ids = await options(popup).evaluateAll((els) => els.map((e) => e.id));
    // The first option is active; arrows move, the field keeps focus.
    expect(await search.getAttribute('aria-activedescendant')).toBe(ids[0]);
    await search.press('ArrowDown');
    expect(await search.getAttribute('aria-activedescendant')).toBe(ids[1]);
    expect(await popup.locator(`#${ids[1]}`).getAttribute('aria-selected')).toBe('true');
    await search.press('ArrowUp');
    expect(await search.getAttribute('aria-activedescendant')).toBe(ids[0]);
    await search.press('Enter');
    const heading = popup.getByRole('heading', { level: 2, name: 'Volodymyr Zelensky' });
    await heading.waitFor();
    expect(await popup.getByRole('button', { name: 'Timeline' }).count()).toBe(1);
    // Citations open the sources.
    expect(await popup.locator('.fc-card cite button').count()).toBeGreaterThan(0);
    await popup.keyboard.press('Escape');
    await expect.poll(() => options(popup).count()).toBe(ids.length);
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    await search.press('Escape');
    expect(await search.inputValue()).toBe('');
    expect(errors).toEqual([]);
    await popup.close();
  });

  it('shows a fact with its source and date', async () => {
    const { popup } = await openPopup();
    await popup.locator('input[type="search"]').fill('dangerous escalation');
    const fact = popup.locator('[role="option"][data-kind="fact"]').first();
    await fact.waitFor();
    const factId = await fact.getAttribute('data-id');
    const corpusFact = bundle.facts.find((f) => f.id === factId)!;
    const source = bundle.sources.find((s) => s.id === corpusFact.sourceId)!;
    await fact.click();
    await popup.getByRole('heading', { level: 2, name: corpusFact.text }).waitFor();
    const detail = popup.locator('.detail');
    expect(await detail.locator('blockquote').textContent()).toBe(`“${corpusFact.quote}”`);
    expect(await detail.locator('cite').first().textContent()).toContain(source.title);
    expect(await detail.locator('time').first().getAttribute('datetime')).toBe(source.publishedAt);
    await popup.close();
  });

  it('says clearly when nothing matches, and offers names to try', async () => {
    const { popup } = await openPopup();
    await popup.locator('input[type="search"]').fill('qqxxjjzz');
    await popup.getByText('No matches for “qqxxjjzz”.', { exact: false }).first().waitFor();
    expect(await popup.getByRole('listbox').count()).toBe(0);
    await popup.locator('.no-results .chip').first().click();
    await expect.poll(() => options(popup).count()).toBeGreaterThan(0);
    await popup.close();
  });

  it('has no accessibility violations with results shown', async () => {
    const { popup } = await openPopup();
    await popup.locator('input[type="search"]').fill('storm');
    await options(popup).first().waitFor();
    expect(await axeViolations(popup)).toEqual([]);
    await popup.locator('input[type="search"]').press('Enter');
    await popup.getByRole('heading', { level: 2, name: 'Storm Shadow' }).waitFor();
    expect(await axeViolations(popup)).toEqual([]);
    await popup.close();
  });
});

describe('popup: this page', () => {
  it('lists the entities found on the tab with their mention counts, and opens one on the page', async () => {
    await resetStorage();
    const news = await openNews(ARTICLE);
    const marks = await settledMarks(news);
    const { popup, errors } = await openPopup(await tabIdOf(extPage, news));
    const listed = popup.locator('.page-entity');
    await expect.poll(() => listed.count()).toBe(Object.keys(marks).length);
    const shown = await listed.evaluateAll((els) =>
      Object.fromEntries(
        els.map((e) => [
          (e as HTMLElement).dataset.entityId!,
          Number(e.querySelector('.count')!.textContent!.split(' ')[0]),
        ]),
      ),
    );
    expect(shown).toEqual(marks);
    await popup.locator('.page-entity[data-entity-id="david-lammy"]').click();
    // The news tab comes to the front with the card of its first mention open.
    expect((await waitForCard(news)).name).toBe('David Lammy');
    expect(await news.evaluate(() => document.visibilityState)).toBe('visible');
    expect(errors).toEqual([]);
    await popup.close();
    await news.close();
  });

  it('says "no article found" on a page without one', async () => {
    await resetStorage();
    const page = await openNews('/fixtures/no-article.html');
    const { popup } = await openPopup(await tabIdOf(extPage, page));
    await expect.poll(() => popup.locator('[data-page-status]').textContent()).toBe('No article found on this page.');
    await popup.close();
    await page.close();
  });

  it('says a page cannot be scanned when no content script runs there', async () => {
    const blank = await ext.context.newPage();
    await blank.goto('about:blank');
    const { popup } = await openPopup(await tabIdOf(extPage, blank));
    await expect.poll(() => popup.locator('[data-page-status]').textContent()).toContain('can’t be scanned');
    await popup.close();
    await blank.close();
  });

  it('turns the site off from the popup: the open tab loses its marks, and gets them back', async () => {
    await resetStorage();
    const news = await openNews(ARTICLE);
    expect(Object.keys(await settledMarks(news)).length).toBeGreaterThan(3);
    const { popup, errors } = await openPopup(await tabIdOf(extPage, news));
    const siteSwitch = popup.getByRole('switch', { name: 'On 127.0.0.1' });
    await expect.poll(() => siteSwitch.isChecked()).toBe(true);
    await siteSwitch.click();
    await expect.poll(() => markCount(news, 'mark')).toBe(0);
    await expect
      .poll(() => popup.locator('[data-page-status]').textContent())
      .toBe('Fact Context is turned off on 127.0.0.1.');
    await siteSwitch.click();
    await expect.poll(() => markCount(news)).toBeGreaterThan(3);
    await expect.poll(() => popup.locator('.page-entity').count()).toBeGreaterThan(3);
    // The global switch too.
    await popup.getByRole('switch', { name: 'On everywhere' }).click();
    await expect.poll(() => markCount(news, 'mark')).toBe(0);
    await popup.getByRole('switch', { name: 'On everywhere' }).click();
    await expect.poll(() => markCount(news)).toBeGreaterThan(3);
    expect(errors).toEqual([]);
    await popup.close();
    await news.close();
  });
});

describe('muting and the options page', () => {
  it('keeps a muted entity unmarked after reload, lists it in the options, and unmutes it there', async () => {
    await resetStorage();
    const news = await openNews(ARTICLE);
    expect((await settledMarks(news))['david-lammy']).toBeGreaterThan(0);
    const { popup } = await openPopup();
    await popup.locator('input[type="search"]').fill('lammy');
    await expect.poll(() => options(popup).first().getAttribute('data-id')).toBe('david-lammy');
    await popup.locator('input[type="search"]').press('Enter');
    await popup.getByRole('button', { name: 'Stop highlighting David Lammy' }).click();
    await popup.getByText('David Lammy is not highlighted on pages.').waitFor();

    await news.reload();
    await waitForStatus(news, 'ready');
    const after = await settledMarks(news);
    expect(after['david-lammy']).toBeUndefined();
    expect(after['antony-blinken']).toBeGreaterThan(0);

    const page = await ext.context.newPage();
    const errors = collectErrors(page);
    await page.goto(ext.extensionUrl('options.html'));
    const muted = page.getByRole('list', { name: 'Muted people and weapons' });
    await expect.poll(() => muted.textContent()).toContain('David Lammy');
    await page.getByRole('button', { name: 'Unmute David Lammy' }).click();
    await page.getByText('None: every person and weapon is highlighted.').waitFor();
    await expect.poll(() => markCount(news, 'mark[data-entity="david-lammy"]')).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
    await popup.close();
    await news.close();
  });

  it('applies the options to open tabs at once: kinds, style, and the sites list', async () => {
    await resetStorage();
    const news = await openNews(ARTICLE);
    const marks = await settledMarks(news);
    expect(marks['antony-blinken']).toBeGreaterThan(0);
    expect(marks['storm-shadow']).toBeGreaterThan(0);
    const page = await ext.context.newPage();
    await page.goto(ext.extensionUrl('options.html'));
    await page.getByRole('checkbox', { name: /^People/ }).uncheck();
    await expect.poll(() => markCount(news, 'mark[data-entity="antony-blinken"]')).toBe(0);
    expect(await markCount(news, 'mark[data-entity="storm-shadow"]')).toBeGreaterThan(0);
    await page.getByRole('checkbox', { name: /^People/ }).check();
    await expect.poll(() => markCount(news, 'mark[data-entity="antony-blinken"]')).toBeGreaterThan(0);

    await page.getByRole('radio', { name: 'Tinted background' }).check();
    await expect
      .poll(() => page.evaluate(async () => (await chrome.storage.local.get('settings')).settings))
      .toMatchObject({ highlightStyle: 'background' });
    await page.getByLabel('Hover delay before a card opens (milliseconds)').fill('450');
    await page.getByLabel('Hover delay before a card opens (milliseconds)').press('Enter');
    await expect
      .poll(() => page.evaluate(async () => (await chrome.storage.local.get('settings')).settings))
      .toMatchObject({ openDelayMs: 450, highlightStyle: 'background' });

    await extPage.evaluate(() => chrome.storage.local.set({ disabledSites: ['127.0.0.1'] }));
    await page.getByRole('button', { name: 'Turn back on for 127.0.0.1' }).click();
    await expect.poll(() => markCount(news)).toBeGreaterThan(3);
    await page.close();
    await news.close();
    await resetStorage();
  });

  it('shows the shortcuts and the corpus in use, with no accessibility violations', async () => {
    const page = await ext.context.newPage();
    const errors = collectErrors(page);
    await page.goto(ext.extensionUrl('options.html'));
    await page.getByText(`Corpus ${bundle.version}`).waitFor();
    for (const s of bundle.sources) expect(await page.locator('.corpus-summary').textContent()).toContain(s.title);
    await page.getByRole('list', { name: 'Keyboard shortcuts' }).waitFor();
    expect(await page.getByText('chrome://extensions/shortcuts').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
