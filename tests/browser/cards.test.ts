/** Hover cards in Chromium: opening, closing, keyboard, placement, content, actions, hostile CSS. */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from '@/scripts/browsers/chromium';
import { CSP_PREFIX, type PageServer } from '@/scripts/pages/server';
import { collectErrors, settledMarks, startSession, stopSession, waitForStatus } from './support';

let ext: ExtensionBrowser;
let server: PageServer;
let extPage: Page;

beforeAll(async () => {
  ({ ext, server, extPage } = await startSession('popup.html'));
});
afterAll(() => stopSession({ ext, server }));

async function open(path: string, viewport = { width: 1280, height: 900 }) {
  const page = await ext.context.newPage();
  await page.setViewportSize(viewport);
  const errors = collectErrors(page);
  await page.goto(server.url(path));
  await waitForStatus(page, 'ready');
  await settledMarks(page);
  return { page, errors };
}

/** The visible card (Playwright's locators pierce open shadow roots). */
const card = (page: Page) => page.locator('fact-context-card [role="dialog"]:not([hidden])');

describe('hover cards', () => {
  it('opens on hover of Storm Shadow with its facts, citation and accessible name', async () => {
    const { page, errors } = await open('/articles/us-holds-firm-as-nato-allies-loosen.html');
    await page.locator('mark[data-entity="storm-shadow"]').first().hover();
    await card(page).waitFor();
    await expect.poll(() => page.getByRole('dialog', { name: 'Storm Shadow' }).count()).toBe(1);
    const text = await card(page).innerText();
    expect(text).toContain('Cruise missile');
    expect(text).toMatch(/Reaction, 13 Sep 2024/);
    expect(text).toMatch(/Based on \d+ sources?/);
    expect(await page.locator('mark[data-entity="storm-shadow"]').first().getAttribute('aria-expanded')).toBe('true');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens no card when the pointer merely passes over a name', async () => {
    const { page } = await open('/articles/us-holds-firm-as-nato-allies-loosen.html');
    const mark = page.locator('mark[data-entity="vladimir-putin"]').first();
    await mark.hover();
    await page.waitForTimeout(100);
    await page.mouse.move(5, 5);
    await page.waitForTimeout(700);
    expect(await card(page).count()).toBe(0);
    await page.close();
  });

  it('opens at once on keyboard focus, Escape closes it and returns focus to the mark', async () => {
    const { page } = await open('/articles/us-uk-open-to-deeper-strikes.html');
    const mark = page.locator('mark[data-entity="lloyd-austin"]').first();
    await mark.focus();
    await card(page).waitFor({ timeout: 2000 });
    expect(await card(page).innerText()).toContain('Lloyd Austin');
    await page.keyboard.press('Escape');
    await expect.poll(() => card(page).count()).toBe(0);
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.entity)).toBe('lloyd-austin');
    await page.close();
  });

  it('moves to the next and previous mention on command and announces it', async () => {
    const { page } = await open('/articles/kyiv-visit-limited-to-solidarity.html');
    await page.bringToFront();
    const send = (direction: 'next' | 'previous') =>
      extPage.evaluate(async (d) => {
        const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
        // The wire format of @webext-core/messaging, as the background's command handler sends it.
        return chrome.tabs.sendMessage(tab!.id!, {
          id: 1,
          type: 'tab.moveFocus',
          data: { direction: d },
          timestamp: Date.now(),
        });
      }, direction);
    const focused = () => page.evaluate(() => (document.activeElement as HTMLElement).dataset.mention ?? null);
    const mentions = await page.evaluate(() => [
      ...new Set(Array.from(document.querySelectorAll<HTMLElement>('mark[data-mention]'), (m) => m.dataset.mention)),
    ]);
    await send('next');
    await expect.poll(focused).toBe(mentions[0]);
    await send('next');
    await expect.poll(focused).toBe(mentions[1]);
    await send('previous');
    await expect.poll(focused).toBe(mentions[0]);
    const live = await page.evaluate(
      () => document.querySelector('fact-context-card')!.shadowRoot!.querySelector('[aria-live]')!.textContent,
    );
    expect(live).toMatch(new RegExp(`mention 1 of ${mentions.length}$`));
    await page.close();
  });

  it('stays inside the viewport at every edge of the window', async () => {
    const viewport = { width: 700, height: 500 };
    const { page } = await open('/fixtures/card-edges.html', viewport);
    for (const corner of ['top-left', 'top-right', 'bottom-left', 'bottom-right']) {
      await page.locator(`#${corner} mark`).first().focus();
      await card(page).waitFor();
      await page.waitForTimeout(100);
      const box = (await card(page).boundingBox())!;
      expect(box.x, corner).toBeGreaterThanOrEqual(0);
      expect(box.y, corner).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, corner).toBeLessThanOrEqual(viewport.width);
      expect(box.y + box.height, corner).toBeLessThanOrEqual(viewport.height);
      await page.keyboard.press('Escape');
      await expect.poll(() => card(page).count()).toBe(0);
    }
    await page.close();
  });

  it('shows a disputed claim with each source’s position', async () => {
    const { page } = await open('/articles/us-set-to-permit-long-range-missiles.html');
    await page.locator('mark[data-entity="atacms"]').first().focus();
    await card(page).waitFor();
    const disputed = card(page).locator('section[aria-label="Disputed"]');
    const more = disputed.locator('button.more');
    if (await more.count()) await more.first().click();
    const positions = disputed.locator('.position');
    expect(await positions.count()).toBeGreaterThanOrEqual(2);
    const cites = await disputed.locator('.position cite').allInnerTexts();
    expect(new Set(cites).size).toBeGreaterThanOrEqual(2);
    await page.close();
  });

  it('renders corpus and page text as text, never as markup', async () => {
    const { page } = await open('/fixtures/hostile.html');
    await page.locator('#markup mark').first().focus();
    await card(page).waitFor();
    const injected = await page.evaluate(
      () => document.querySelector('fact-context-card')!.shadowRoot!.querySelectorAll('img, script, b').length,
    );
    expect(injected).toBe(0);
    await page.close();
  });

  it('stops highlighting an entity from its card, at once in two open tabs', async () => {
    const a = await open('/articles/us-uk-open-to-deeper-strikes.html');
    const b = await open('/articles/reaction-starmer-in-washington.html');
    await a.page.bringToFront();
    await a.page.locator('mark[data-entity="keir-starmer"]').first().focus();
    await card(a.page).getByRole('button', { name: 'Stop highlighting Keir Starmer' }).click();
    for (const { page } of [a, b]) {
      await expect.poll(() => page.locator('mark[data-entity="keir-starmer"]').count()).toBe(0);
      expect(await page.locator('mark[data-entity="david-lammy"]').count()).toBeGreaterThan(0);
    }
    expect(await extPage.evaluate(() => chrome.storage.local.get('mutedEntities'))).toEqual({
      mutedEntities: ['keir-starmer'],
    });
    await extPage.evaluate(() => chrome.storage.local.set({ mutedEntities: [] }));
    await a.page.close();
    await b.page.close();
  });

  it('ignores clicks on its actions that the page script fakes', async () => {
    const { page } = await open('/articles/us-uk-open-to-deeper-strikes.html');
    await page.locator('mark[data-entity="david-lammy"]').first().focus();
    await card(page).waitFor();
    // The page reaches into the open shadow root and dispatches a synthetic click.
    await page.evaluate(() => {
      const buttons = document.querySelector('fact-context-card')!.shadowRoot!.querySelectorAll('footer button');
      buttons.forEach((b) => (b as HTMLElement).click());
    });
    await page.waitForTimeout(500);
    expect(
      await extPage.evaluate(() => chrome.storage.local.get(['mutedEntities', 'disabledSites'])),
    ).not.toMatchObject({
      disabledSites: ['127.0.0.1'],
    });
    expect(await page.locator('mark[data-entity="david-lammy"]').count()).toBeGreaterThan(0);
    await page.close();
  });

  it('opens no card on a look-alike mark the page made, and still opens ours', async () => {
    const { page, errors } = await open('/articles/us-uk-open-to-deeper-strikes.html');
    // A page copying our class and attributes to put a card about Joe Biden over other words.
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.innerHTML =
        '<mark id="forged" class="fact-context-mark" data-entity="joe-biden" data-mention="fc1" data-kind="person" tabindex="-1">someone else</mark>';
      document.querySelector('article')!.prepend(p);
    });
    const forged = page.locator('#forged');
    await forged.hover();
    await page.waitForTimeout(900);
    expect(await card(page).count()).toBe(0);
    await forged.focus();
    await page.waitForTimeout(500);
    expect(await card(page).count()).toBe(0);
    await page.locator('mark[data-entity="joe-biden"]:not(#forged)').first().focus();
    await card(page).waitFor({ timeout: 2000 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('marks and opens a styled card under a strict Content-Security-Policy', async () => {
    const { page, errors } = await open(`${CSP_PREFIX}/articles/us-holds-firm-as-nato-allies-loosen.html`);
    expect(Object.keys(await settledMarks(page))).toContain('emmanuel-macron');
    // marks.css comes with the content script, not from the page: the policy does not touch it.
    expect(
      await page
        .locator('mark[data-entity="emmanuel-macron"]')
        .first()
        .evaluate((m) => getComputedStyle(m).textDecorationStyle),
    ).toBe('dotted');
    await page.locator('mark[data-entity="emmanuel-macron"]').first().focus();
    await card(page).waitFor();
    await expect.poll(() => page.getByRole('dialog', { name: 'Emmanuel Macron' }).count()).toBe(1);
    // The card's own stylesheet applied: it is a positioned box with a background, not bare text.
    const look = await card(page).evaluate((d) => {
      const s = getComputedStyle(d);
      return { position: s.position, background: s.backgroundColor };
    });
    expect(look.position).toBe('fixed');
    expect(look.background).not.toBe('rgba(0, 0, 0, 0)');
    // The one error is the policy refusing the test page's own inline <style>, named by its hash.
    const ownStyle = await page.evaluate(() => document.querySelector('style')?.textContent ?? '');
    const hash = createHash('sha256').update(ownStyle).digest('base64');
    expect(errors).toEqual([expect.stringContaining(`'sha256-${hash}'`)]);
    await page.close();
  });

  it('looks the same on a page with hostile global CSS', async () => {
    const shots: Buffer[] = [];
    for (const path of ['/fixtures/plain-card.html', '/fixtures/hostile-css.html']) {
      const { page } = await open(path, { width: 900, height: 800 });
      await page.locator('mark[data-entity="keir-starmer"]').first().focus();
      await card(page).waitFor();
      await page.waitForTimeout(300);
      // The card's inside: its rounded corners show the page behind them, which differs by design.
      const box = (await card(page).boundingBox())!;
      const inset = 12;
      shots.push(
        await page.screenshot({
          animations: 'disabled',
          clip: { x: box.x + inset, y: box.y + inset, width: box.width - 2 * inset, height: box.height - 2 * inset },
        }),
      );
      await page.close();
    }
    expect(shots[1]!.equals(shots[0]!)).toBe(true);
  });
});

describe('cards in the reading view', () => {
  it('opens the same card on a mention in the extension’s reading view', async () => {
    const page = await ext.context.newPage();
    const errors = collectErrors(page);
    await page.goto(ext.extensionUrl('reader.html?source=us-uk-open-to-deeper-strikes'));
    const mark = page.locator('.reader-article mark[data-entity="david-lammy"]').first();
    await mark.waitFor();
    await mark.focus();
    await card(page).waitFor();
    await expect.poll(() => page.getByRole('dialog', { name: 'David Lammy' }).count()).toBe(1);
    // No site to turn off in the extension's own page.
    expect(await card(page).getByRole('button', { name: 'Turn off on this site' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('card actions and closing', () => {
  it('closes on a click outside the card', async () => {
    const { page } = await open('/articles/us-uk-open-to-deeper-strikes.html');
    await page.locator('mark[data-entity="joe-biden"]').first().focus();
    await card(page).waitFor();
    await page.mouse.click(1200, 850);
    await expect.poll(() => card(page).count()).toBe(0);
    await page.close();
  });

  it('opens the bundled source at the cited quote from a citation', async () => {
    const { page } = await open('/articles/us-uk-open-to-deeper-strikes.html');
    await page.locator('mark[data-entity="fath-360"]').first().focus();
    await card(page).waitFor();
    const opened = ext.context.waitForEvent('page');
    await card(page).locator('cite button').first().click();
    const reader = await opened;
    await reader.waitForURL(/reader\.html\?source=/);
    await reader.locator('.fact-context-quote').first().waitFor();
    expect(new URL(reader.url()).searchParams.get('quote')).toBeTruthy();
    await reader.close();
    await page.close();
  });

  it('opens the timeline filtered to the entity from the card', async () => {
    const { page } = await open('/articles/us-uk-open-to-deeper-strikes.html');
    await page.locator('mark[data-entity="antony-blinken"]').first().focus();
    await card(page).waitFor();
    // Headless Chromium has no side panel to show: the action falls back to a tab.
    const opened = ext.context.waitForEvent('page', { timeout: 10_000 }).catch(() => null);
    await card(page).getByRole('button', { name: 'Timeline' }).click();
    const panel = await opened;
    const request = await extPage.evaluate(() => chrome.storage.session.get('timelineRequest'));
    expect((request.timelineRequest as { entityIds: string[] }).entityIds).toEqual(['antony-blinken']);
    if (panel) {
      await panel.waitForURL(/sidepanel\.html\?entity=antony-blinken/);
      await panel.close();
    }
    await page.close();
  });
});
