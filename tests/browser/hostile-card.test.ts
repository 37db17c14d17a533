/**
 * The card against a hostile page, in Chromium (issue 13 §2, §3 and §7): the page tries to forge
 * the card's words, to take its element name first, to make a mark mean someone else, to open a
 * card without the reader, and to steer the reader's real clicks and key presses onto the card's
 * actions. Every page-side move is made in the page's own world (tests/fixtures/pages/
 * hostile-card.html); the reader's moves are real mouse, keyboard and touch input.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from '@/scripts/browsers/chromium';
import type { PageServer } from '@/scripts/pages/server';
import {
  cardControl,
  cardText,
  centreOf,
  clickNode,
  enableTouch,
  openCard,
  pageControl,
  restPointerOn,
  setMarksInTabOrder,
  shadowText,
  tabTo,
  tapAt,
  tapOn,
  waitForArmed,
  waitForCard,
  waitForNoCard,
} from './card-support';
import { collectErrors, settledMarks, startSession, stopSession, waitForStatus } from './support';

let ext: ExtensionBrowser;
let server: PageServer;
let extPage: Page;

interface HostileLog {
  escapes: number;
  linkClicks: number;
  clickTargets: string[];
  reached: number;
}
type Hostile = {
  log: HostileLog;
  roots(): ShadowRoot[];
  rewriteCard(): number;
  clickButtons(): number;
  focusButton(label: string): boolean;
  wrapInLabel(): 'button' | 'host';
  fade(): void;
  overlay(): void;
  forge(from: string, to: string): boolean;
  focusMark(entity: string): boolean;
};
declare const hostile: Hostile;

beforeAll(async () => {
  ({ ext, server, extPage } = await startSession('popup.html'));
  // Every message the background receives, as it receives it (a second listener beside ours).
  await ext.serviceWorker.evaluate(() => {
    const seen: { type: string; data: unknown }[] = [];
    (globalThis as unknown as { seenMessages: typeof seen }).seenMessages = seen;
    chrome.runtime.onMessage.addListener((message: { type?: string; data?: unknown }) => {
      seen.push({ type: String(message?.type), data: message?.data });
    });
  });
});
afterAll(() => stopSession({ ext, server }));
afterEach(async () => {
  await extPage.evaluate(() =>
    chrome.storage.local.set({ mutedEntities: [], disabledSites: [], recentChanges: [], settings: {} }),
  );
});

const seenMessages = () =>
  ext.serviceWorker.evaluate(
    () => (globalThis as unknown as { seenMessages: { type: string; data: unknown }[] }).seenMessages,
  );
const muted = async () =>
  ((await extPage.evaluate(() => chrome.storage.local.get('mutedEntities'))).mutedEntities as string[] | undefined) ??
  [];

async function open(path = '/fixtures/hostile-card.html') {
  const page = await ext.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  const errors = collectErrors(page);
  await page.goto(server.url(path));
  await page.bringToFront();
  await waitForStatus(page, 'ready');
  await settledMarks(page);
  return { page, errors };
}

/** Opens Keir Starmer's card by hovering and returns where its mute button is, once it is armed. */
async function armedMuteButton(page: Page): Promise<{ x: number; y: number }> {
  await restPointerOn(page, 'mark[data-entity="keir-starmer"]');
  await waitForArmed(page);
  const mute = await cardControl(page, 'button', 'Stop highlighting Keir Starmer');
  return centreOf(page, mute!);
}

describe('the page cannot forge or hijack the card', () => {
  it('cannot reach the card’s shadow root to rewrite its facts: the card shows the corpus’s words', async () => {
    const { page } = await open();
    await restPointerOn(page, 'mark[data-entity="lloyd-austin"]');
    await waitForCard(page, 'Lloyd Austin');
    expect(await page.evaluate(() => hostile.rewriteCard())).toBe(0);
    expect(await page.evaluate(() => hostile.log.reached)).toBe(0);
    const text = (await cardText(page))!;
    expect(text).not.toContain('FABRICATED');
    expect(text).toContain('Lloyd Austin');
    expect(text).toMatch(/Based on \d+ sources?/);
    await page.close();
  });

  it('still opens cards when the page defined the card’s old element name first', async () => {
    const { page, errors } = await open('/fixtures/hostile-card-element.html');
    await restPointerOn(page, 'mark[data-entity="joe-biden"]');
    await waitForCard(page, 'Joe Biden');
    expect((await cardText(page))!).not.toContain('This card belongs to the page');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a mark rewritten to another entity and focused by script opens no card and asks for nothing', async () => {
    const { page } = await open();
    const before = (await seenMessages()).length;
    // "Austin" made to say Joe Biden (linked on this page), "Starmer" a made-up entity.
    expect(await page.evaluate(() => hostile.forge('lloyd-austin', 'joe-biden'))).toBe(true);
    expect(await page.evaluate(() => hostile.forge('keir-starmer', 'made-up-person'))).toBe(true);
    await page.waitForTimeout(800);
    expect(await openCard(page)).toBeNull();
    const asked = (await seenMessages()).slice(before).filter((m) => m.type === 'cs.getCards');
    expect(JSON.stringify(asked)).not.toContain('made-up-person');
    // The reader's own hover on the rewritten mark shows what the mark means: Lloyd Austin.
    await restPointerOn(page, 'mark[data-entity="joe-biden"][data-mention="forged"]');
    expect((await waitForCard(page)).name).toBe('Lloyd Austin');
    await page.close();
  });
});

describe('nothing happens without the reader', () => {
  it('mark.focus() from script opens no card; the reader’s Tab does', async () => {
    await setMarksInTabOrder(extPage, true);
    const { page } = await open();
    expect(await page.evaluate(() => hostile.focusMark('joe-biden'))).toBe(true);
    await page.waitForTimeout(800);
    expect(await openCard(page)).toBeNull();
    await page.evaluate(() => (document.activeElement as HTMLElement).blur());
    await tabTo(page, 'mark[data-entity="joe-biden"]');
    await waitForCard(page, 'Joe Biden');
    await page.close();
  });

  it('cannot focus the card’s mute button for the reader’s next Enter', async () => {
    const { page } = await open();
    await armedMuteButton(page);
    expect(await page.evaluate(() => hostile.focusButton('Stop highlighting'))).toBe(false);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Space');
    await page.waitForTimeout(500);
    expect(await muted()).toEqual([]);
    await page.close();
  });

  it('cannot put the card’s button in a label of its own, nor wrap the card in one, to take the reader’s click', async () => {
    const { page } = await open();
    const at = await armedMuteButton(page);
    expect(await page.evaluate(() => hostile.wrapInLabel())).toBe('host');
    // The reader clicks the page's "Click to continue", then where the button was.
    const label = (await page.locator('#continue').boundingBox())!;
    await page.mouse.click(label.x + 5, label.y + label.height / 2);
    await page.mouse.click(at.x, at.y);
    await page.waitForTimeout(500);
    expect(await muted()).toEqual([]);
    // The next card opens in a fresh host of our own.
    await page.mouse.move(5, 300);
    await restPointerOn(page, 'mark[data-entity="joe-biden"]');
    await waitForCard(page, 'Joe Biden');
    await page.close();
  });

  it('a card the page made nearly transparent does not act on a real click', async () => {
    const { page } = await open();
    const at = await armedMuteButton(page);
    await page.evaluate(() => hostile.fade());
    await page.mouse.click(at.x, at.y);
    await page.waitForTimeout(500);
    expect(await muted()).toEqual([]);
    await page.close();
  });

  it('a card under the page’s overlay (clicks pass through it) does not act on a real click', async () => {
    const { page } = await open();
    const at = await armedMuteButton(page);
    await page.evaluate(() => hostile.overlay());
    // The reader reads the prize and clicks it.
    await page.waitForTimeout(1000);
    await page.mouse.click(at.x, at.y);
    await page.waitForTimeout(500);
    expect(await muted()).toEqual([]);
    await page.close();
  });

  it('a card the page scrolls under the reader’s resting pointer takes no click until the reader moves to it', async () => {
    const { page } = await open();
    // Room to scroll either way.
    await page.evaluate(() => {
      Object.assign(document.body.style, { minHeight: '4000px', minWidth: '4000px', paddingLeft: '600px' });
      window.scrollTo(400, 0);
    });
    await restPointerOn(page, 'mark[data-entity="keir-starmer"]');
    await waitForArmed(page);
    const pointer = await page.evaluate(() => {
      const box = document.querySelector('mark[data-entity="keir-starmer"]')!.getBoundingClientRect();
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    });
    const mute = (await cardControl(page, 'button', 'Stop highlighting Keir Starmer'))!;
    const before = await centreOf(page, mute);
    // The page scrolls so that the card, following its mention, brings the button under the
    // pointer, then waits out any arming delay; the reader clicks where they were.
    let after = before;
    for (let step = 0; step < 4 && Math.abs(after.x - pointer.x) + Math.abs(after.y - pointer.y) >= 8; step++) {
      await page.evaluate(
        ([dx, dy]) => window.scrollBy(dx!, dy!),
        [Math.round(after.x - pointer.x), Math.round(after.y - pointer.y)],
      );
      await page.waitForTimeout(300);
      after = await centreOf(page, mute);
    }
    await page.waitForTimeout(1000);
    expect(Math.abs(after.x - pointer.x) + Math.abs(after.y - pointer.y)).toBeLessThan(8);
    await page.mouse.down();
    await page.mouse.up();
    await page.waitForTimeout(500);
    expect(await muted()).toEqual([]);
    // The reader moves onto the button and clicks: that is theirs.
    await page.mouse.move(after.x + 3, after.y);
    await waitForArmed(page);
    await page.mouse.click(after.x + 3, after.y);
    await expect.poll(muted).toEqual(['keir-starmer']);
    await page.close();
  });

  it('cannot write text on the card through the host’s ::before or ::after', async () => {
    const { page } = await open();
    await page.addStyleTag({
      content: 'html > div::after, html > div::before { content: "Convicted of fraud" !important; position: fixed; }',
    });
    await restPointerOn(page, 'mark[data-entity="keir-starmer"]');
    await waitForCard(page, 'Keir Starmer');
    const pseudo = await page.evaluate(() =>
      Array.from(document.querySelectorAll('html > div'), (el) => [
        getComputedStyle(el, '::before').content,
        getComputedStyle(el, '::after').content,
      ]),
    );
    expect(pseudo.length).toBeGreaterThan(0);
    expect(pseudo.flat().every((c) => c === 'none')).toBe(true);
    await page.close();
  });

  it('clicks the page dispatches open no tabs and change nothing', async () => {
    const { page } = await open();
    await restPointerOn(page, 'mark[data-entity="keir-starmer"]');
    await waitForArmed(page);
    const pagesBefore = ext.context.pages().length;
    expect(await page.evaluate(() => hostile.clickButtons())).toBe(0);
    await page.waitForTimeout(1000);
    expect(ext.context.pages().length).toBe(pagesBefore);
    expect(await muted()).toEqual([]);
    expect(await openCard(page)).not.toBeNull();
    await page.close();
  });

  it('mute offers an undo in the page, and the popup lists it with a working undo', async () => {
    const { page } = await open();
    const tabId = await extPage.evaluate(
      async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]!.id!,
    );
    const at = await armedMuteButton(page);
    await page.mouse.click(at.x, at.y);
    await expect.poll(muted).toEqual(['keir-starmer']);
    await expect.poll(() => page.locator('mark[data-entity="keir-starmer"]').count()).toBe(0);
    // The card went with its marks; the undo stays.
    await waitForNoCard(page);
    const undo = await pageControl(page, 'button', 'Undo');
    expect(undo).not.toBeNull();
    await page.waitForTimeout(600);
    await clickNode(page, undo!);
    await expect.poll(muted).toEqual([]);
    await expect.poll(() => page.locator('mark[data-entity="keir-starmer"]').count()).toBeGreaterThan(0);

    // Again, and this time undone from the popup's list.
    const again = await armedMuteButton(page);
    await page.mouse.click(again.x, again.y);
    await expect.poll(muted).toEqual(['keir-starmer']);
    const popup = await ext.context.newPage();
    await popup.goto(ext.extensionUrl(`popup.html?tab=${tabId}`));
    const changes = popup.getByRole('region', { name: 'Recent changes' });
    await changes.waitFor();
    expect(await changes.innerText()).toMatch(/Stopped highlighting Keir Starmer\s+from 127\.0\.0\.1 · just now/);
    await changes.getByRole('button', { name: 'Undo: Stopped highlighting Keir Starmer' }).click();
    await expect.poll(muted).toEqual([]);
    await expect.poll(() => changes.count()).toBe(0);
    await expect.poll(() => page.locator('mark[data-entity="keir-starmer"]').count()).toBeGreaterThan(0);
    await popup.close();
    await page.close();
  });

  it('says so, in the background’s words, when the background refuses an action', async () => {
    const { page } = await open();
    const at = await armedMuteButton(page);
    await page.mouse.click(at.x, at.y);
    await expect.poll(muted).toEqual(['keir-starmer']);
    // Taken back elsewhere meanwhile (the options page): the card's Undo has nothing left to undo.
    await extPage.evaluate(() => chrome.storage.local.set({ mutedEntities: [], recentChanges: [] }));
    await expect.poll(() => page.locator('mark[data-entity="keir-starmer"]').count()).toBeGreaterThan(0);
    const undo = await pageControl(page, 'button', 'Undo');
    // The notice arms like the card (lib/cards/machine.ts ARMING_MS).
    await page.waitForTimeout(600);
    await clickNode(page, undo!);
    await expect
      .poll(() => shadowText(page, 'role', 'status'))
      .toMatch(/Could not undo: There is nothing to undo from this page/);
    await page.close();
  });

  it('Escape closes a hover-opened card, it stays closed, and the page then has its Escape back', async () => {
    const { page } = await open();
    await restPointerOn(page, 'mark[data-entity="joe-biden"]');
    await waitForCard(page, 'Joe Biden');
    await page.keyboard.press('Escape');
    await waitForNoCard(page);
    // The pointer still rests on the name, and moves a little over it: nothing reopens.
    const box = (await page.locator('mark[data-entity="joe-biden"]').boundingBox())!;
    for (const dx of [2, -2, 4]) {
      await page.mouse.move(box.x + box.width / 2 + dx, box.y + box.height / 2);
      await page.waitForTimeout(150);
    }
    await page.waitForTimeout(500);
    expect(await openCard(page)).toBeNull();
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => hostile.log.escapes)).toBe(1);
    await page.close();
  });
});

describe('the page’s own handlers and taps', () => {
  it('a click on a marked name inside a link reaches the page as a click on its link', async () => {
    const { page } = await open();
    const box = (await page.locator('#name-link mark').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    expect(await page.evaluate(() => hostile.log.clickTargets.at(-1))).toBe('A');
    expect(await page.evaluate(() => hostile.log.linkClicks)).toBe(1);
    await page.close();
  });

  it('text selection across a marked name still works', async () => {
    const { page } = await open();
    const box = (await page.locator('mark[data-entity="keir-starmer"]').boundingBox())!;
    await page.mouse.dblclick(box.x + 4, box.y + box.height / 2);
    expect(await page.evaluate(() => getSelection()?.toString().trim())).toBe('Keir');
    await page.close();
  });

  it('a tap on a name opens its card, a second tap closes it, a tap elsewhere closes it', async () => {
    const { page } = await open();
    await enableTouch(page);
    await tapOn(page, 'mark[data-entity="lloyd-austin"]');
    await waitForCard(page, 'Lloyd Austin');
    await tapOn(page, 'mark[data-entity="lloyd-austin"]');
    await waitForNoCard(page);
    await tapOn(page, 'mark[data-entity="joe-biden"]');
    await waitForCard(page, 'Joe Biden');
    await tapAt(page, 1200, 880);
    await waitForNoCard(page);
    // A tap on a name inside the page's link opens the card instead of following the link.
    await tapOn(page, '#name-link mark');
    await waitForCard(page, 'Antony Blinken');
    expect(await page.evaluate(() => hostile.log.linkClicks)).toBe(0);
    await page.close();
  });
});
