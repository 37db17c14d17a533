/**
 * The side panel and the reading view in Chromium, with the built extension: chronological
 * order, filters, every source of an event, the disputed view, following the active tab, and a
 * source link opening the reading view at its quote. Pages are opened as tabs
 * (chrome-extension://<id>/sidepanel.html), which the panel supports (docs/contracts.md section 3).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';
import { launchChromiumWithExtension, type ExtensionBrowser } from '@/scripts/browsers/chromium';
import { corpusPages } from '@/scripts/pages/corpus-pages';
import { servePages, type PageServer } from '@/scripts/pages/server';
import { builtCorpus, collectErrors, waitForStatus } from './support';

const bundle = builtCorpus();
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let ext: ExtensionBrowser;
let server: PageServer;

beforeAll(async () => {
  server = await servePages(corpusPages(bundle));
  ext = await launchChromiumWithExtension({ viewport: { width: 420, height: 900 } });
});
afterAll(async () => {
  await ext?.close();
  await server?.close();
});

async function openPanel(query = ''): Promise<{ panel: Page; errors: string[] }> {
  const panel = await ext.context.newPage();
  const errors = collectErrors(panel);
  await panel.goto(ext.extensionUrl(`sidepanel.html${query}`));
  await panel.locator('[data-event]').first().waitFor();
  return { panel, errors };
}

const shownEvents = (page: Page) =>
  page.locator('[data-event]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.event!));
const eventsOf = (entityId: string) => bundle.events.filter((e) => e.entityIds.includes(entityId)).map((e) => e.id);

/**
 * Runs axe-core in the page, colours included (real layout here, unlike jsdom). Evaluated through
 * the DevTools protocol: the extension's CSP rightly refuses an injected <script>.
 */
async function axeViolations(page: Page, selector: string): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (sel) => {
    const axe = (window as unknown as { axe: { run: (el: Element) => Promise<AxeResults> } }).axe;
    const results = await axe.run(document.querySelector(sel)!);
    return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, selector);
}

describe('side panel', () => {
  it('lists every event in chronological order, each dated at its precision', async () => {
    const { panel, errors } = await openPanel();
    expect(await panel.locator('[data-event]').count()).toBe(bundle.events.length);
    const dated = await panel.locator('[data-event]').evaluateAll((els) =>
      els.map((e) => {
        const time = e.querySelector(':scope > time')!;
        return {
          id: (e as HTMLElement).dataset.event!,
          datetime: time.getAttribute('datetime')!,
          text: time.textContent!,
        };
      }),
    );
    expect(dated.map((d) => d.id).sort()).toEqual(bundle.events.map((e) => e.id).sort());
    for (const d of dated) {
      const event = bundle.events.find((e) => e.id === d.id)!;
      expect(d.datetime).toBe(event.date);
      expect(d.datetime).toMatch(
        { day: /^\d{4}-\d{2}-\d{2}$/, month: /^\d{4}-\d{2}$/, year: /^\d{4}$/ }[event.datePrecision],
      );
    }
    const datetimes = dated.map((d) => d.datetime);
    expect(datetimes).toEqual([...datetimes].sort());
    expect(dated.find((d) => d.id === 'blinken-lammy-kyiv-visit')!.text).toBe('11 Sep 2024');
    expect(dated.find((d) => d.id === 'russia-invades-ukraine')!.text).toBe('Feb 2022');
    const months = await panel
      .locator('[data-group]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-group')!));
    expect(months).toEqual([...new Set(months)].sort());
    expect(errors).toEqual([]);
    await panel.close();
  });

  it('shows only Antony Blinken’s events when filtered by him, from the address or the filter list', async () => {
    const { panel, errors } = await openPanel('?entity=antony-blinken');
    const expected = eventsOf('antony-blinken').sort();
    expect(expected.length).toBeGreaterThan(1);
    expect((await shownEvents(panel)).sort()).toEqual(expected);
    const chips = await panel
      .locator('[data-event]')
      .evaluateAll((els) =>
        els.map((e) => Array.from(e.querySelectorAll('[data-chip]')).map((c) => c.getAttribute('data-chip'))),
      );
    for (const c of chips) expect(c).toContain('antony-blinken');
    const token = panel.getByRole('list', { name: 'Current filter' });
    expect(await token.innerText()).toContain('Antony Blinken');
    await panel.getByRole('button', { name: 'Clear filter' }).click();
    await expect.poll(() => panel.locator('[data-event]').count()).toBe(bundle.events.length);

    await panel.getByText('Filter options').click();
    await panel.getByLabel('Add a person or weapon').selectOption('antony-blinken');
    await expect.poll(async () => (await shownEvents(panel)).sort()).toEqual(expected);
    expect(errors).toEqual([]);
    await panel.close();
  });

  it('shows every source of the 11 Sep 2024 Kyiv visit with its quote', async () => {
    const { panel } = await openPanel();
    const event = bundle.events.find((e) => e.id === 'blinken-lammy-kyiv-visit')!;
    const el = panel.locator('[data-event="blinken-lammy-kyiv-visit"]');
    expect(await el.locator(':scope > time').getAttribute('datetime')).toBe('2024-09-11');
    const items = await el.locator('[data-source]').evaluateAll((els) =>
      els.map((li) => ({
        source: (li as HTMLElement).dataset.source!,
        quote: li.querySelector('blockquote')!.textContent!,
        link: li.querySelector('a')!.textContent!,
      })),
    );
    expect(items.map((i) => i.source)).toEqual(event.evidence.map((x) => x.sourceId));
    expect(items.length).toBeGreaterThanOrEqual(3);
    for (const [i, x] of event.evidence.entries()) {
      expect(items[i]!.quote).toBe(`“${x.quote}”`);
      expect(items[i]!.link).toBe(bundle.sources.find((s) => s.id === x.sourceId)!.title);
    }
    await panel.close();
  });

  it('shows the disputed question on US approval with at least three sources and their different positions', async () => {
    const { panel, errors } = await openPanel();
    await panel.getByRole('tab', { name: /Disputed/ }).click();
    const claim = bundle.claims.find((c) => c.id === 'us-uk-approved-strikes-inside-russia')!;
    const card = panel.locator('[data-claim="us-uk-approved-strikes-inside-russia"]');
    expect(await card.getByRole('heading', { level: 2 }).innerText()).toBe(claim.question);
    const positions = await card.locator('[data-position]').evaluateAll((els) =>
      els.map((p) => {
        const column = p.closest('.source-column')!;
        return {
          source: (p as HTMLElement).dataset.source!,
          stance: (p as HTMLElement).dataset.stance!,
          text: p.textContent!,
          date: column.querySelector('time')?.getAttribute('datetime') ?? null,
          meta: column.querySelector('.source-meta')!.textContent!,
        };
      }),
    );
    expect(new Set(positions.map((p) => p.source)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(positions.map((p) => p.stance)).size).toBeGreaterThanOrEqual(2);
    for (const [i, p] of claim.positions.entries()) {
      const source = bundle.sources.find((s) => s.id === p.sourceId)!;
      expect(positions[i]).toMatchObject({ source: p.sourceId, stance: p.stance, date: source.publishedAt });
      expect(positions[i]!.text).toContain(p.quote);
      expect(positions[i]!.meta).toContain(source.publisher ?? 'Publisher not shown');
    }
    // Side by side: the first two sources' columns share a row in a side-panel-wide window.
    const tops = await card
      .locator('.source-column')
      .evaluateAll((els) => els.slice(0, 2).map((e) => e.getBoundingClientRect().top));
    expect(tops[0]).toBe(tops[1]);
    expect(errors).toEqual([]);
    await panel.close();
  });

  it('has no accessibility violations, colours included (light and dark), in the timeline, disputed and sources views', async () => {
    const { panel } = await openPanel();
    for (const colorScheme of ['light', 'dark'] as const) {
      await panel.emulateMedia({ colorScheme });
      for (const view of ['Timeline', 'Disputed', 'Sources']) {
        await panel.getByRole('tab', { name: new RegExp(view) }).click();
        expect(await axeViolations(panel, 'main'), `${view}, ${colorScheme}`).toEqual([]);
      }
    }
    await panel.close();
  });

  it('follows a switch to a tab with another article: page filter and marked events change', async () => {
    const [first, second] = ['kyiv-visit-limited-to-solidarity', 'us-holds-firm-as-nato-allies-loosen'];
    const open = async (id: string) => {
      const page = await ext.context.newPage();
      await page.goto(server.url(`/articles/${id}.html`));
      await waitForStatus(page, 'ready');
      return page;
    };
    const a = await open(first!);
    const b = await open(second!);
    const { panel, errors } = await openPanel();
    const state = () =>
      panel.evaluate(() => ({
        source: document.querySelector('[data-page-source]')?.getAttribute('data-page-source') ?? null,
        token: document.querySelector('[data-filter-token="page"]')?.textContent ?? null,
        current: Array.from(document.querySelectorAll<HTMLElement>('[data-event][data-current]')).map(
          (e) => e.dataset.event!,
        ),
        shown: Array.from(document.querySelectorAll<HTMLElement>('[data-event]')).map((e) => e.dataset.event!),
      }));
    const check = async (sourceId: string) => {
      await expect.poll(async () => (await state()).source, { timeout: 15_000 }).toBe(sourceId);
      const s = await state();
      expect(s.token).toMatch(/What the active tab mentions \(\d+\)/);
      expect(s.shown.length).toBeLessThan(bundle.events.length);
      const fromArticle = bundle.events.filter((e) => e.evidence.some((x) => x.sourceId === sourceId)).map((e) => e.id);
      expect(s.current.length).toBeGreaterThan(0);
      expect(s.current.sort()).toEqual(s.shown.filter((id) => fromArticle.includes(id)).sort());
      return s;
    };

    await a.bringToFront();
    const onA = await check(first!);
    await b.bringToFront();
    const onB = await check(second!);
    expect(onB.shown).not.toEqual(onA.shown);
    expect(onB.current).not.toEqual(onA.current);
    await a.bringToFront();
    await check(first!);
    expect(errors).toEqual([]);
    await Promise.all([a.close(), b.close(), panel.close()]);
  });

  it('opens the reading view from a source link, with its quote highlighted and in view', async () => {
    const { panel } = await openPanel();
    const event = bundle.events.find((e) => e.id === 'blinken-lammy-kyiv-visit')!;
    const evidence = event.evidence.at(-1)!;
    const [reader] = await Promise.all([
      ext.context.waitForEvent('page'),
      panel.locator(`[data-event="${event.id}"] [data-source="${evidence.sourceId}"] a`).click(),
    ]);
    const errors = collectErrors(reader);
    await reader.waitForLoadState();
    const url = new URL(reader.url());
    expect([url.pathname, url.searchParams.get('source'), url.searchParams.get('quote')]).toEqual([
      '/reader.html',
      evidence.sourceId,
      evidence.quote,
    ]);
    const quote = reader.locator('.fact-context-quote');
    await quote.first().waitFor();
    expect((await quote.allTextContents()).join('')).toBe(evidence.quote);
    await expect
      .poll(() =>
        quote.first().evaluate((el) => {
          const r = el.getBoundingClientRect();
          return r.top >= 0 && r.bottom <= window.innerHeight && document.activeElement === el;
        }),
      )
      .toBe(true);
    // Mentions are marked as on the web: the same <mark data-entity> elements.
    await expect.poll(() => reader.locator('.reader-article mark[data-entity]').count()).toBeGreaterThan(0);
    expect(await reader.locator('mark[data-entity="antony-blinken"]').count()).toBeGreaterThan(0);
    const source = bundle.sources.find((s) => s.id === evidence.sourceId)!;
    expect(await reader.locator('.reader-article').innerText()).toContain(
      source.text.split('\n').filter(Boolean).at(-1)!.trim(),
    );
    expect(await axeViolations(reader, 'main')).toEqual([]);
    await reader.emulateMedia({ colorScheme: 'dark' });
    expect(await axeViolations(reader, 'main')).toEqual([]);
    expect(errors).toEqual([]);
    await Promise.all([reader.close(), panel.close()]);
  });

  it('lists every source with its publisher, date, position and mentions', async () => {
    const { panel } = await openPanel();
    await panel.getByRole('tab', { name: /Sources/ }).click();
    for (const s of bundle.sources) {
      const card = panel.locator(`[data-source-card="${s.id}"]`);
      expect(await card.locator('time').first().getAttribute('datetime')).toBe(s.publishedAt);
      expect(await card.locator('[data-stance]').getAttribute('data-stance')).toBe(s.position.stance);
      expect(await card.innerText()).toContain(s.publisher ?? 'Not shown in the text');
      expect(await card.locator('[data-chip]').count()).toBe(s.entityIds.length);
    }
    await panel.close();
  });
});
