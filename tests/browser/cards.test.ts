/**
 * Hover cards in Chromium: opening, closing, keyboard, placement, content, actions, hostile CSS.
 * The card lives in a closed shadow root: these tests find it as outside checks do, through the
 * DevTools protocol (./card-support.ts), and drive it with real mouse and keyboard input.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from '@/scripts/browsers/chromium';
import { CSP_PREFIX, type PageServer } from '@/scripts/pages/server';
import {
  cardControl,
  cardText,
  clickNode,
  elementNames,
  nodeBox,
  onCard,
  openCard,
  restPointerOn,
  setMarksInTabOrder,
  shadowText,
  tabTo,
  waitForArmed,
  waitForCard,
  waitForNoCard,
} from './card-support';
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

describe('hover cards', () => {
  it('opens on hover of Storm Shadow with what it is, a citation and its accessible name', async () => {
    const { page, errors } = await open('/articles/us-holds-firm-as-nato-allies-loosen.html');
    await restPointerOn(page, 'mark[data-entity="storm-shadow"]');
    const card = await waitForCard(page);
    expect(card.name).toBe('Storm Shadow');
    const text = (await cardText(page))!;
    // One lead line of what it is, as of when, with one citation chip (source · date), no brackets.
    expect(text).toContain('Cruise missile');
    expect(text).toMatch(/as of \w+ 2024/);
    expect(text).toMatch(/ · (\d{1,2} )?[A-Z][a-z]{2} 2024/);
    expect(text).not.toMatch(/^\s*[()]\s*$/m);
    expect(text).toMatch(/Based on \d+ sources?/);
    expect(await page.locator('mark[data-entity="storm-shadow"]').first().getAttribute('aria-expanded')).toBe('true');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens no card when the pointer merely passes over a name', async () => {
    const { page } = await open('/articles/us-holds-firm-as-nato-allies-loosen.html');
    await restPointerOn(page, 'mark[data-entity="vladimir-putin"]');
    await page.waitForTimeout(100);
    await page.mouse.move(5, 5);
    await page.waitForTimeout(700);
    expect(await openCard(page)).toBeNull();
    await page.close();
  });

  it('opens at once when the reader tabs to a name; Escape closes it, returns focus, and it stays closed', async () => {
    await setMarksInTabOrder(extPage, true);
    const { page } = await open('/articles/us-uk-open-to-deeper-strikes.html');
    await page.bringToFront();
    await tabTo(page, 'mark[data-entity="lloyd-austin"]');
    await waitForCard(page, 'Lloyd Austin', 2000);
    await page.keyboard.press('Escape');
    await waitForNoCard(page);
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.entity)).toBe('lloyd-austin');
    // The returned focus reopens nothing.
    await page.waitForTimeout(600);
    expect(await openCard(page)).toBeNull();
    await setMarksInTabOrder(extPage, false);
    await page.close();
  });

  it('moves to the next and previous mention on command, opens its card and announces it', async () => {
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
    // The command opens the card of the mention it moved to.
    expect((await waitForCard(page)).name).toBeTruthy();
    expect(await shadowText(page, 'aria-live', 'polite')).toMatch(new RegExp(`mention 1 of ${mentions.length}$`));
    await page.close();
  });

  it('opens a card on a name inside the page’s own (open) shadow root', async () => {
    const { page } = await open('/fixtures/shadow-root.html');
    await restPointerOn(page, 'story-body mark[data-entity="jens-stoltenberg"]');
    await waitForCard(page, 'Jens Stoltenberg');
    await page.close();
  });

  it('stays inside the viewport at every edge of the window', async () => {
    const viewport = { width: 700, height: 500 };
    const { page } = await open('/fixtures/card-edges.html', viewport);
    for (const corner of ['top-left', 'top-right', 'bottom-left', 'bottom-right']) {
      await restPointerOn(page, `#${corner} mark`);
      const card = await waitForCard(page);
      await page.waitForTimeout(100);
      const box = await nodeBox(page, card.backendNodeId);
      expect(box.x, corner).toBeGreaterThanOrEqual(0);
      expect(box.y, corner).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, corner).toBeLessThanOrEqual(viewport.width);
      expect(box.y + box.height, corner).toBeLessThanOrEqual(viewport.height);
      await page.keyboard.press('Escape');
      await waitForNoCard(page);
    }
    await page.close();
  });

  it('shows a disputed claim with each source’s position', async () => {
    const { page } = await open('/articles/us-set-to-permit-long-range-missiles.html');
    await restPointerOn(page, 'mark[data-entity="atacms"]');
    await waitForCard(page, 'ATACMS');
    // The card leads with what the weapon is; the disagreement opens on the reader's click.
    const opener = await cardControl(page, 'DisclosureTriangle', /Where the sources disagree/);
    expect(opener).not.toBeNull();
    await waitForArmed(page);
    await clickNode(page, opener!);
    const { positions, shown, cites } = await onCard<{ positions: number; shown: number; cites: string[] }>(
      page,
      `function () {
        const disputed = this.querySelector('section[aria-label="Disputed"]');
        const all = Array.from(disputed.querySelectorAll('.position'));
        return {
          positions: all.length,
          shown: all.filter((p) => p.checkVisibility()).length,
          cites: Array.from(disputed.querySelectorAll('.position cite'), (c) => c.innerText),
        };
      }`,
    );
    expect(positions).toBeGreaterThanOrEqual(2);
    expect(shown).toBe(positions);
    expect(new Set(cites).size).toBeGreaterThanOrEqual(2);
    await page.close();
  });

  it('renders corpus and page text as text, never as markup', async () => {
    const { page } = await open('/fixtures/hostile.html');
    await restPointerOn(page, '#markup mark');
    const card = await waitForCard(page);
    const names = await elementNames(page, card.backendNodeId);
    expect(names.length).toBeGreaterThan(5);
    expect(names.filter((n) => ['img', 'script', 'b'].includes(n))).toEqual([]);
    await page.close();
  });

  it('stops highlighting an entity from its card, at once in two open tabs', async () => {
    const a = await open('/articles/us-uk-open-to-deeper-strikes.html');
    const b = await open('/articles/reaction-starmer-in-washington.html');
    await a.page.bringToFront();
    await restPointerOn(a.page, 'mark[data-entity="keir-starmer"]');
    await waitForArmed(a.page);
    await clickNode(a.page, (await cardControl(a.page, 'button', 'Stop highlighting Keir Starmer'))!);
    for (const { page } of [a, b]) {
      await expect.poll(() => page.locator('mark[data-entity="keir-starmer"]').count()).toBe(0);
      expect(await page.locator('mark[data-entity="david-lammy"]').count()).toBeGreaterThan(0);
    }
    expect(await extPage.evaluate(() => chrome.storage.local.get('mutedEntities'))).toEqual({
      mutedEntities: ['keir-starmer'],
    });
    await extPage.evaluate(() => chrome.storage.local.set({ mutedEntities: [], recentChanges: [] }));
    await a.page.close();
    await b.page.close();
  });

  it('lets a keyboard reader mute from the card and take it back from the notice', async () => {
    await setMarksInTabOrder(extPage, true);
    const { page } = await open('/articles/us-uk-open-to-deeper-strikes.html');
    await page.bringToFront();
    await tabTo(page, 'mark[data-entity="keir-starmer"]');
    await waitForCard(page, 'Keir Starmer');
    // Enter moves into the card; Tab walks its buttons to "Stop highlighting".
    await page.keyboard.press('Enter');
    await waitForArmed(page);
    let label = '';
    for (let i = 0; i < 40 && label !== 'Stop highlighting Keir Starmer'; i++) {
      await page.keyboard.press('Tab');
      label = await onCard<string>(
        page,
        'function () { const a = this.getRootNode().activeElement; return a ? a.textContent : ""; }',
      );
    }
    expect(label).toBe('Stop highlighting Keir Starmer');
    await page.keyboard.press('Enter');
    const muted = async () =>
      ((await extPage.evaluate(() => chrome.storage.local.get('mutedEntities'))).mutedEntities as string[]) ?? [];
    await expect.poll(muted).toEqual(['keir-starmer']);
    // Focus waits on the notice's Undo; Enter there (once it is armed) takes the mute back.
    await page.waitForTimeout(700);
    await page.keyboard.press('Enter');
    await expect.poll(muted).toEqual([]);
    await expect.poll(() => page.locator('mark[data-entity="keir-starmer"]').count()).toBeGreaterThan(0);
    await extPage.evaluate(() => chrome.storage.local.set({ recentChanges: [] }));
    await setMarksInTabOrder(extPage, false);
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
    await restPointerOn(page, '#forged');
    await page.waitForTimeout(900);
    expect(await openCard(page)).toBeNull();
    await page.focus('#forged');
    await page.waitForTimeout(500);
    expect(await openCard(page)).toBeNull();
    await restPointerOn(page, 'mark[data-entity="joe-biden"]:not(#forged)');
    await waitForCard(page, 'Joe Biden');
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
    await restPointerOn(page, 'mark[data-entity="emmanuel-macron"]');
    await waitForCard(page, 'Emmanuel Macron');
    // The card's own stylesheet applied: it is a positioned box with a background, not bare text.
    const look = await onCard<{ position: string; background: string }>(
      page,
      `function () { const s = getComputedStyle(this); return { position: s.position, background: s.backgroundColor }; }`,
    );
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
      await restPointerOn(page, 'mark[data-entity="keir-starmer"]');
      const card = await waitForCard(page);
      await page.waitForTimeout(300);
      // The card's inside: its rounded corners show the page behind them, which differs by design.
      const box = await nodeBox(page, card.backendNodeId);
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
    await page.locator('.reader-article mark[data-entity="david-lammy"]').first().waitFor();
    await restPointerOn(page, '.reader-article mark[data-entity="david-lammy"]');
    await waitForCard(page, 'David Lammy');
    // No site to turn off in the extension's own page.
    expect(await cardControl(page, 'button', 'Turn off on this site')).toBeNull();
    expect(await cardControl(page, 'button', 'Stop highlighting David Lammy')).not.toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('card actions and closing', () => {
  it('closes on a click outside the card', async () => {
    const { page } = await open('/articles/us-uk-open-to-deeper-strikes.html');
    await restPointerOn(page, 'mark[data-entity="joe-biden"]');
    await waitForCard(page, 'Joe Biden');
    await page.mouse.click(1200, 850);
    await waitForNoCard(page);
    await page.close();
  });

  it('opens the bundled source at the cited quote from a citation', async () => {
    const { page } = await open('/articles/us-uk-open-to-deeper-strikes.html');
    await restPointerOn(page, 'mark[data-entity="fath-360"]');
    await waitForArmed(page);
    const opened = ext.context.waitForEvent('page');
    await clickNode(page, (await cardControl(page, 'button', /\d{4}/))!);
    const reader = await opened;
    await reader.waitForURL(/reader\.html\?source=/);
    await reader.locator('.fact-context-quote').first().waitFor();
    expect(new URL(reader.url()).searchParams.get('quote')).toBeTruthy();
    await reader.close();
    await page.close();
  });

  it('opens the timeline filtered to the entity from the card', async () => {
    const { page } = await open('/articles/us-uk-open-to-deeper-strikes.html');
    await restPointerOn(page, 'mark[data-entity="antony-blinken"]');
    await waitForArmed(page);
    // Headless Chromium has no side panel to show: the action falls back to a tab.
    const opened = ext.context.waitForEvent('page', { timeout: 10_000 }).catch(() => null);
    await clickNode(page, (await cardControl(page, 'button', 'Timeline'))!);
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
