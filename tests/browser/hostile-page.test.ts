/**
 * The built extension against pages that watch it and push it, as a hostile site would
 * (issue 13 §4, §6, §7; docs/adr/013-hostile-page.md):
 * - a page learns nothing of ours where we mark nothing: no attribute or node, event, global,
 *   performance entry, console line or stylesheet, and never our id; a forged WXT start-up event
 *   does not silence us; a change of the reader's switches for another site or an entity the page
 *   does not name leaves the page exactly as it is (Chromium and Firefox);
 * - the background cannot be flooded: a page pushing made-up card ids through our marks makes us
 *   ask nothing, and a content script's world sending thousands of requests gets overload errors
 *   at once while another tab's cards are still answered in time; writes and tab openings are
 *   bounded per tab;
 * - a server-rendered React page hydrates without a single recoverable error, and its names are
 *   marked once it has.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Page as FirefoxPage } from 'puppeteer-core';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import {
  MESSAGE_BURST_PER_TAB,
  MESSAGES_PER_SECOND_PER_TAB,
  OVERLOAD_ERROR,
  PER_TAB_PER_WINDOW,
  rateError,
} from '@/lib/background/limits';
import { launchChromiumWithExtension, type ExtensionBrowser } from '@/scripts/browsers/chromium';
import { launchFirefoxWithExtension, openExtensionPage, type FirefoxWithExtension } from '@/scripts/browsers/firefox';
import { corpusPages } from '@/scripts/pages/corpus-pages';
import { renderNewsPage } from '@/scripts/pages/news-page';
import { servePages, type PageServer } from '@/scripts/pages/server';
import {
  builtCorpus,
  contentProbe,
  countMarks,
  evaluateInContentScript,
  fixturePages,
  settledMarks,
  waitForFirefoxStatus,
  waitForStatus,
} from './support';

const bundle = builtCorpus();

/** React 18 (a devDependency, without type packages): what the server side of the test uses. */
interface ReactLike {
  createElement: (type: unknown, props: unknown) => unknown;
}
const require = createRequire(import.meta.url);
const React = require('react') as ReactLike;
const { renderToString } = require('react-dom/server') as { renderToString: (element: unknown) => string };

// ---------------------------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------------------------

const GARDENING = [
  'The allotment society met on Saturday to plan the spring planting, and the talk soon turned to the weather.',
  'Members agreed that the late frosts had damaged the early potatoes, though the broad beans had come through well.',
  'A new rota for the shared greenhouse was drawn up, with watering shared between the three longest-serving plot holders.',
  'The committee also approved a small budget for compost bins and a second water butt near the gate.',
].join('\n');

/**
 * A React app rendered on the server and hydrated on the client. Plain JavaScript evaluated on
 * both sides (no JSX, no build step), so the markup the server sends is exactly what the client
 * expects. `interpolated`: some text sits next to interpolated values, as in most apps (React
 * then separates them with `<!-- -->` in its markup); `static`: every element holds one string,
 * so the markup carries no sign of React at all.
 */
const APP_SOURCES = {
  interpolated: `
function App(props) {
  const e = React.createElement;
  const [likes, setLikes] = React.useState(0);
  React.useEffect(() => { window.__hydration.done = performance.now(); }, []);
  return e('article', null,
    e('h1', null, 'Allies weigh long-range strikes'),
    e('p', null, props.filler, ' Keir Starmer met Joe Biden in Washington to discuss Storm Shadow missiles.'),
    e('p', null, props.filler, ' ', props.speaker, ' said the decision on ', props.weapon, ' rested with Washington.'),
    e('p', null, props.filler, ' Volodymyr Zelensky asked again for permission to strike deeper.'),
    e('button', { id: 'like', type: 'button', onClick: () => setLikes(likes + 1) }, 'Like (', likes, ')'));
}`,
  static: `
function App(props) {
  const e = React.createElement;
  const [likes, setLikes] = React.useState(0);
  React.useEffect(() => { window.__hydration.done = performance.now(); }, []);
  return e('article', null,
    e('h1', null, 'Allies weigh long-range strikes'),
    e('p', null, props.filler + ' Keir Starmer met Joe Biden in Washington to discuss Storm Shadow missiles.'),
    e('p', null, props.filler + ' ' + props.speaker + ' said the decision on ' + props.weapon + ' rested with Washington.'),
    e('p', null, props.filler + ' Volodymyr Zelensky asked again for permission to strike deeper.'),
    e('button', { id: 'like', type: 'button', onClick: () => setLikes(likes + 1) }, 'Like (' + likes + ')'));
}`,
};
type AppKind = keyof typeof APP_SOURCES;
const APP_PROPS = {
  filler:
    'Officials in several capitals spent the week weighing what the next months of the war would bring, and how much support would reach the front before winter.',
  speaker: 'David Lammy',
  weapon: 'ATACMS',
};

/** How the page's bundle hydrates: inline as the page is parsed, from an async bundle that arrives late, or a little after `load`. */
type Hydration = 'inline' | 'late-bundle' | 'after-load';

/** The late bundle arrives this long after it is asked for: after DOMContentLoaded, before `load`. */
const LATE_BUNDLE_MS = 700;

/**
 * A server-rendered page: the app's markup in `#root`, React from /vendor/, and a script that
 * hydrates it (see `Hydration`), counting every recoverable error React reports.
 */
function ssrPage(when: Hydration, app: AppKind, optedOut = false): string {
  const App = new Function('React', `${APP_SOURCES[app]}; return App;`)(React) as unknown;
  const markup = renderToString(React.createElement(App, APP_PROPS));
  const scripts =
    when === 'inline'
      ? `<script>${hydrateScript(app)}</script>`
      : when === 'late-bundle'
        ? `<script async src="/ssr/bundle-${app}.js"></script>`
        : `<script>window.addEventListener('load', () => setTimeout(() => { ${hydrateScript(app)} }, 400));</script>`;
  return `<!doctype html>
<html lang="en"${optedOut ? ' data-fact-context="off"' : ''}><head><meta charset="utf-8"><title>Server-rendered story</title>
<meta property="og:type" content="article"></head>
<body>
<div id="root">${markup}</div>
<script>window.__hydration = { errors: [], done: 0 }; window.addEventListener('error', (e) => window.__hydration.errors.push('uncaught: ' + e.message));</script>
<script src="/vendor/react.js"></script><script src="/vendor/react-dom.js"></script>
${scripts}
</body></html>`;
}

/** The client side: the same App, hydrated over the server's markup. */
function hydrateScript(app: AppKind): string {
  return `${APP_SOURCES[app]}
    ReactDOM.hydrateRoot(document.getElementById('root'), React.createElement(App, ${JSON.stringify(APP_PROPS)}), {
      onRecoverableError: (error) => window.__hydration.errors.push(String((error && error.message) || error)),
    });`;
}

/** The server-rendered pages, from a server that can send a bundle late (the shared page server cannot). */
async function serveSsr(): Promise<PageServer> {
  const vendor = fixturePages().pages;
  const files: Record<string, string> = {
    '/vendor/react.js': vendor['/vendor/react.js']!,
    '/vendor/react-dom.js': vendor['/vendor/react-dom.js']!,
  };
  for (const app of Object.keys(APP_SOURCES) as AppKind[]) {
    files[`/ssr/bundle-${app}.js`] = hydrateScript(app);
    for (const when of ['inline', 'late-bundle', 'after-load'] as const)
      files[`/ssr/${when}-${app}.html`] = ssrPage(when, app);
  }
  files['/ssr/opted-out.html'] = ssrPage('after-load', 'interpolated', true);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const body = files[path];
    const send = () => {
      res.writeHead(body === undefined ? 404 : 200, {
        'content-type': path.endsWith('.js') ? 'text/javascript' : 'text/html; charset=utf-8',
      });
      res.end(body ?? 'Not found');
    };
    if (path.startsWith('/ssr/bundle-')) setTimeout(send, LATE_BUNDLE_MS);
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function pages(): Record<string, string> {
  return {
    ...corpusPages(bundle),
    ...fixturePages().pages,
    '/quiet.html': renderNewsPage({
      title: 'Allotment society plans the spring',
      text: GARDENING,
      publisher: 'The Local Ledger',
      date: '2024-03-02',
      titleIsHeadline: true,
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// What a page can observe
// ---------------------------------------------------------------------------------------------

/**
 * Installed before any script of the page (and before ours): records what page script can see.
 * Every DOM change after parsing (this page changes nothing itself), every event of the known
 * names on window and document (WXT's start-up event under our real id, `message`), every console
 * call, the page's own globals and stylesheets; `observed()` adds performance entries, custom
 * elements and the look of a `<mark>` carrying our class (a stylesheet of ours would style it).
 */
function recorder(extensionId: string): string {
  return `(() => {
    const seen = { mutations: [], events: [], console: [], globals: Object.getOwnPropertyNames(window) };
    window.__seen = seen;
    const names = [${JSON.stringify(extensionId)} + ':content:wxt:content-script-started', 'wxt:content-script-started', 'message'];
    for (const target of [window, document])
      for (const type of names)
        target.addEventListener(type, (e) => seen.events.push(type + ' ' + JSON.stringify(e.detail ?? e.data ?? null)), true);
    for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table']) {
      const original = console[method];
      console[method] = function (...args) { seen.console.push(method + ' ' + args.map(String).join(' ')); return original.apply(this, args); };
    }
    const observer = new MutationObserver((records) => note(records));
    // From the end of parsing: what the parser adds is the page's own.
    document.addEventListener('readystatechange', () => {
      if (document.readyState !== 'interactive') return;
      seen.sheets = document.styleSheets.length;
      observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    const note = (records) => {
      for (const r of records)
        seen.mutations.push(r.type + ' ' + r.target.nodeName + ' ' + (r.attributeName ?? [...r.addedNodes, ...r.removedNodes].map((n) => n.nodeName).join(',')));
    };
    window.observed = () => {
      note(observer.takeRecords());
      const plain = document.createElement('mark');
      const ours = document.createElement('mark');
      ours.className = 'fact-context-mark fact-context-background';
      ours.dataset.kind = 'person';
      ours.dataset.entity = 'joe-biden';
      document.body.append(plain, ours);
      const look = (el) => { const s = getComputedStyle(el); return [s.textDecoration, s.backgroundColor, s.color].join(' | '); };
      const looks = [look(plain), look(ours)];
      plain.remove();
      ours.remove();
      observer.takeRecords(); // the probe marks' own records
      const html = document.documentElement.outerHTML;
      return {
        mutations: seen.mutations,
        events: seen.events,
        console: seen.console,
        globals: Object.getOwnPropertyNames(window).filter((n) => !seen.globals.includes(n) && n !== '__seen' && n !== 'observed'),
        entries: performance.getEntries()
          .filter((e) => e.entryType === 'mark' || e.entryType === 'measure' || (e.entryType === 'resource' && !e.name.startsWith(location.origin)) || /extension|fact-context/.test(e.name))
          .map((e) => e.entryType + ' ' + e.name),
        sheets: document.styleSheets.length - seen.sheets,
        adoptedSheets: document.adoptedStyleSheets.length,
        markLooksOurs: looks[0] !== looks[1],
        customElement: customElements.get('fact-context-card') !== undefined,
        ours: /fact-context|data-entity|data-mention/.test(html) || html.includes(${JSON.stringify(extensionId)}),
      };
    };
  })();`;
}

/** What `observed()` reports. */
interface Observed {
  mutations: string[];
  events: string[];
  console: string[];
  globals: string[];
  entries: string[];
  sheets: number;
  adoptedSheets: number;
  markLooksOurs: boolean;
  customElement: boolean;
  ours: boolean;
}

const NOTHING: Observed = {
  mutations: [],
  events: [],
  console: [],
  globals: [],
  entries: [],
  sheets: 0,
  adoptedSheets: 0,
  markLooksOurs: false,
  customElement: false,
  ours: false,
};

/** Lets anything the content script does late (idle callbacks, timers) happen before the page looks. */
async function settle(page: Page): Promise<void> {
  await page.waitForTimeout(500);
  await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 2000 })));
}

/** Runs `expression` in the content script's world and waits for the promise it leaves in `slot`. */
async function inContentScript<T>(page: Page, slot: string, expression: string, timeoutMs = 30_000): Promise<T> {
  const started = await evaluateInContentScript<boolean>(
    page,
    `(() => { globalThis[${JSON.stringify(slot)}] = { done: false }; (${expression})().then(
        (value) => { globalThis[${JSON.stringify(slot)}] = { done: true, value }; },
        (error) => { globalThis[${JSON.stringify(slot)}] = { done: true, error: String(error) }; }); return true; })()`,
  );
  expect(started).toBe(true);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await evaluateInContentScript<{ done: boolean; value?: T; error?: string }>(
      page,
      `globalThis[${JSON.stringify(slot)}]`,
    );
    if (state?.done) {
      if (state.error) throw new Error(state.error);
      return state.value as T;
    }
    if (Date.now() > deadline) throw new Error(`${slot} did not finish`);
    await page.waitForTimeout(50);
  }
}

// ---------------------------------------------------------------------------------------------
// Chromium
// ---------------------------------------------------------------------------------------------

describe('Chromium: a hostile page', () => {
  let ext: ExtensionBrowser;
  let server: PageServer;
  let extPage: Page;

  beforeAll(async () => {
    server = await servePages(pages());
    ext = await launchChromiumWithExtension();
    extPage = await ext.context.newPage();
    await extPage.goto(ext.extensionUrl('popup.html'));
  });
  afterAll(async () => {
    await ext?.close();
    await server?.close();
  });

  const setStorage = (values: Record<string, unknown>) => extPage.evaluate((v) => chrome.storage.local.set(v), values);
  const clearStorage = () => extPage.evaluate(() => chrome.storage.local.clear());
  // Each test starts with the reader's default switches and only the extension page open.
  afterEach(async () => {
    await clearStorage();
    for (const page of ext.context.pages()) if (page !== extPage) await page.close();
  });
  /** The same server under another host name: another site. */
  const otherSite = (path: string) => server.url(path).replace('127.0.0.1', 'localhost');

  async function watched(url: string): Promise<Page> {
    const page = await ext.context.newPage();
    await page.addInitScript(recorder(ext.extensionId));
    await page.goto(url);
    return page;
  }
  const observed = (page: Page) => page.evaluate(() => (window as unknown as { observed: () => unknown }).observed());

  describe('learns nothing of ours where we mark nothing', () => {
    it('on a page without an article', async () => {
      const page = await watched(server.url('/fixtures/no-article.html'));
      expect(await waitForStatus(page)).toBe('no-article');
      await settle(page);
      expect(await observed(page)).toEqual(NOTHING);
      await page.close();
    });

    it('on an article page with nothing to mark', async () => {
      const page = await watched(server.url('/quiet.html'));
      expect(await waitForStatus(page)).toBe('ready');
      await settle(page);
      expect(await observed(page)).toEqual(NOTHING);
      await page.close();
    });

    it('with the extension turned off', async () => {
      await setStorage({ settings: { enabled: false } });
      const page = await watched(server.url('/articles/us-uk-open-to-deeper-strikes.html'));
      expect(await waitForStatus(page)).toBe('off');
      await settle(page);
      expect(await observed(page)).toEqual(NOTHING);
      await page.close();
      await clearStorage();
    });

    it('on a site turned off', async () => {
      await setStorage({ disabledSites: ['127.0.0.1'] });
      const page = await watched(server.url('/articles/us-uk-open-to-deeper-strikes.html'));
      expect(await waitForStatus(page)).toBe('site-off');
      await settle(page);
      expect(await observed(page)).toEqual(NOTHING);
      await page.close();
      await clearStorage();
    });

    it('and leaves no extension address in the page’s performance entries where it marks', async () => {
      // The detector is imported from a web-accessible file: no Resource Timing entry may show it.
      const page = await watched(server.url('/articles/us-uk-open-to-deeper-strikes.html'));
      await waitForStatus(page, 'ready');
      await settledMarks(page);
      const seen = (await observed(page)) as Observed;
      expect(seen.entries).toEqual([]);
      expect(seen.events).toEqual([]);
      expect(seen.globals).toEqual([]);
      await page.close();
    });
  });

  it('goes on marking when the page forges WXT’s start-up event, again and again', async () => {
    const page = await ext.context.newPage();
    await page.addInitScript(`(() => {
      const forge = () => {
        for (const name of [${JSON.stringify(ext.extensionId)} + ':content:wxt:content-script-started', 'wxt:content-script-started']) {
          document.dispatchEvent(new CustomEvent(name, { detail: { contentScriptName: 'content', messageId: 'forged' } }));
          window.postMessage({ type: name, contentScriptName: 'content', messageId: 'forged' }, '*');
        }
      };
      forge();
      document.addEventListener('readystatechange', forge);
      document.addEventListener('DOMContentLoaded', forge);
      const every = setInterval(forge, 20);
      setTimeout(() => clearInterval(every), 4000);
    })();`);
    await page.goto(server.url('/articles/us-uk-open-to-deeper-strikes.html'));
    await waitForStatus(page, 'ready');
    await page.waitForTimeout(4000); // the page keeps forging for its first 4 s
    expect(Object.keys(await settledMarks(page)).length).toBeGreaterThan(5);
    // Still alive: a paragraph the page adds now is marked too.
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.id = 'late';
      p.textContent = 'Late update: Emmanuel Macron spoke with Olaf Scholz about the talks.';
      document.querySelector('article')!.append(p);
    });
    await expect
      .poll(() => page.evaluate(() => document.querySelectorAll('#late mark[data-entity="emmanuel-macron"]').length))
      .toBe(1);
    await page.close();
  });

  it('sees nothing change when the reader switches another site, an entity it does not name, or the open delay', async () => {
    const here = await ext.context.newPage();
    await here.goto(server.url('/articles/kyiv-visit-limited-to-solidarity.html'));
    await waitForStatus(here, 'ready');
    const mine = await settledMarks(here);
    const other = await ext.context.newPage();
    await other.goto(otherSite('/articles/us-holds-firm-as-nato-allies-loosen.html'));
    await waitForStatus(other, 'ready');
    expect((await settledMarks(other))['emmanuel-macron']).toBeGreaterThan(0);
    // This page never names Emmanuel Macron.
    expect(await here.locator('article').innerText()).not.toMatch(/Macron/);
    // Keep our marks' elements and every DOM change from now on.
    await here.evaluate(() => {
      const w = window as unknown as { __marks: Element[]; __records: string[] };
      w.__marks = Array.from(document.querySelectorAll('mark'));
      w.__records = [];
      new MutationObserver((records) => {
        for (const r of records) w.__records.push(`${r.type} ${r.target.nodeName}`);
      }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    const otherMarks = (id: string) =>
      other.evaluate((entity) => document.querySelectorAll(`mark[data-entity="${entity}"]`).length, id);

    // Another site off and on: the other tab follows (so the change has been delivered everywhere).
    await setStorage({ disabledSites: ['localhost'] });
    await expect.poll(() => other.evaluate(() => document.querySelectorAll('mark').length)).toBe(0);
    await setStorage({ disabledSites: [] });
    await expect.poll(() => otherMarks('emmanuel-macron')).toBeGreaterThan(0);
    // An entity named only on the other page, muted and unmuted; the open delay, changed before
    // the unmute (storage changes arrive in order).
    await setStorage({ mutedEntities: ['emmanuel-macron'] });
    await expect.poll(() => otherMarks('emmanuel-macron')).toBe(0);
    await setStorage({ settings: { openDelayMs: 700 } });
    await setStorage({ mutedEntities: [] });
    await expect.poll(() => otherMarks('emmanuel-macron')).toBeGreaterThan(0);
    await here.waitForTimeout(300);

    const after = await here.evaluate(() => {
      const w = window as unknown as { __marks: Element[]; __records: string[] };
      const now = Array.from(document.querySelectorAll('mark'));
      return {
        records: w.__records,
        sameElements: now.length === w.__marks.length && now.every((m, i) => m === w.__marks[i]),
      };
    });
    expect(after).toEqual({ records: [], sameElements: true });
    expect(await here.evaluate(countMarks)).toEqual(mine);
    await clearStorage();
    await here.close();
    await other.close();
  });

  describe('cannot flood the background', () => {
    it('makes us ask for no card when it rewrites a mark’s entity and focuses it thousands of times', async () => {
      const page = await ext.context.newPage();
      await page.goto(server.url('/articles/us-uk-open-to-deeper-strikes.html'));
      await waitForStatus(page, 'ready');
      await settledMarks(page);
      await page.waitForTimeout(1500); // the card prefetch and the card UI's idle load are done
      // Count the card requests our content script sends from now on, in its own world.
      await evaluateInContentScript(
        page,
        `(() => {
          const runtime = chrome.runtime;
          const send = runtime.sendMessage.bind(runtime);
          globalThis.__cardRequests = 0;
          runtime.sendMessage = (message, ...rest) => {
            if (message && message.type === 'cs.getCards') globalThis.__cardRequests++;
            return send(message, ...rest);
          };
          return true;
        })()`,
      );
      const took = await page.evaluate(async () => {
        const mark = document.querySelector<HTMLElement>('mark[data-entity]')!;
        const start = performance.now();
        for (let i = 0; i < 3000; i++) {
          mark.dataset.entity = `made-up-${i}`;
          mark.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));
          mark.focus();
          mark.blur();
          if (i % 100 === 0) await new Promise((r) => setTimeout(r, 0));
        }
        return performance.now() - start;
      });
      await page.waitForTimeout(1000);
      expect(await evaluateInContentScript<number>(page, 'globalThis.__cardRequests')).toBe(0);
      expect(took).toBeLessThan(20_000);
      await page.close();
    });

    it('answers a flood from one tab with overload errors at once, and another tab’s cards in time', async () => {
      const quiet = await ext.context.newPage();
      await quiet.goto(server.url('/articles/kyiv-visit-limited-to-solidarity.html'));
      await waitForStatus(quiet, 'ready');
      const ids = Object.keys(await settledMarks(quiet));
      const flooder = await ext.context.newPage();
      await flooder.goto(server.url('/articles/us-uk-open-to-deeper-strikes.html'));
      await waitForStatus(flooder, 'ready');
      await settledMarks(flooder);

      /** Card-data round trips of the quiet tab from its content script's world (@webext-core/messaging's wire format). */
      const roundTrips = (count: number, gapMs: number) =>
        `async () => {
          const times = [];
          for (let i = 0; i < ${count}; i++) {
            const t = performance.now();
            const answer = await chrome.runtime.sendMessage({ id: 900000 + i, type: 'cs.getCards', data: { entityIds: ${JSON.stringify(ids)} }, timestamp: Date.now() });
            if (!answer || !answer.res || !answer.res.ok) throw new Error('no card data: ' + JSON.stringify(answer));
            times.push({ at: Date.now(), ms: performance.now() - t });
            await new Promise((r) => setTimeout(r, ${gapMs}));
          }
          return times;
        }`;
      /** FLOOD requests for made-up ids, `perTick` per timer tick (about 4 ms) or all at once; each answer and how long it took. */
      const flood = (perTick: number | null) =>
        inContentScript<{ sentAt: number; lastAt: number; answers: string[]; latencies: number[] }>(
          flooder,
          '__flood',
          `async () => {
            const sentAt = Date.now();
            const answers = [];
            for (let i = 0; i < ${FLOOD}; i++) {
              const t = performance.now();
              answers.push(chrome.runtime.sendMessage({ id: i, type: 'cs.getCards', data: { entityIds: ['made-up-' + i] }, timestamp: Date.now() })
                .then((a) => [a && a.res ? (a.res.ok ? 'ok' : a.res.error) : 'no answer', performance.now() - t],
                      (e) => ['rejected: ' + e.message, performance.now() - t]));
              if (${perTick ?? 0} && i % ${perTick ?? 1} === 0) await new Promise((r) => setTimeout(r, 1));
            }
            const all = await Promise.all(answers);
            return { sentAt, lastAt: Date.now(), answers: all.map((a) => a[0]), latencies: all.map((a) => a[1]) };
          }`,
        );
      const FLOOD = 3000;
      const sorted = (v: number[]) => [...v].sort((a, b) => a - b);
      const at = (v: number[], p: number) => sorted(v)[Math.min(v.length - 1, Math.floor((p / 100) * v.length))]!;
      const before = (await inContentScript<{ ms: number }[]>(quiet, '__before', roundTrips(9, 60))).map((t) => t.ms);

      // As the issue measured it: 3,000 made-up ids in about 3 s, while the quiet tab asks for its cards.
      const during = inContentScript<{ at: number; ms: number }[]>(quiet, '__during', roundTrips(25, 60));
      const paced = await flood(4);
      const quietTimes = await during;
      const inFlood = quietTimes.filter((t) => t.at >= paced.sentAt && t.at <= paced.lastAt).map((t) => t.ms);
      const overloaded = paced.answers.filter((a) => a === OVERLOAD_ERROR).length;
      console.info(
        `paced flood: ${FLOOD} requests over ${paced.lastAt - paced.sentAt} ms, ${overloaded} overload errors, ` +
          `flooding tab's answers p50 ${at(paced.latencies, 50).toFixed(1)} ms, p99 ${at(paced.latencies, 99).toFixed(1)} ms; ` +
          `quiet tab's card round trips before: median ${at(before, 50).toFixed(1)} ms; during: ${inFlood.map((t) => t.toFixed(1)).join(', ')} ms`,
      );
      // The flooding tab: refused at once, all but its burst and rate; nothing piles up.
      const admitted = MESSAGE_BURST_PER_TAB + (MESSAGES_PER_SECOND_PER_TAB * (paced.lastAt - paced.sentAt)) / 1000;
      expect(overloaded).toBeGreaterThanOrEqual(FLOOD - admitted - 10);
      expect(paced.answers.filter((a) => a !== OVERLOAD_ERROR && a !== 'ok')).toEqual([]);
      expect(at(paced.latencies, 99)).toBeLessThan(CARD_TARGET_MS * 10);
      // The other tab: its cards answered within the card target all through the flood (three in
      // four: two shared cores make the odd one wait its turn), and never left waiting.
      expect(inFlood.length).toBeGreaterThanOrEqual(10);
      expect(at(inFlood, 75)).toBeLessThan(CARD_TARGET_MS);
      expect(Math.max(...inFlood)).toBeLessThan(UNRESPONSIVE_MS);

      // All 3,000 at once: refused as fast as the browser carries them, and the other tab answered in
      // time right after. (Chromium's own cost of carrying 3,000 messages to the worker, ~0.3 ms each,
      // delays every message behind them while they arrive, whatever the worker does with them.)
      await quiet.waitForTimeout(2500); // the flooding tab's rate refills (MESSAGE_BURST_PER_TAB / MESSAGES_PER_SECOND_PER_TAB)
      const burst = await flood(null);
      const burstOverloaded = burst.answers.filter((a) => a === OVERLOAD_ERROR).length;
      const after = (await inContentScript<{ ms: number }[]>(quiet, '__after', roundTrips(5, 60))).map((t) => t.ms);
      console.info(
        `burst: ${FLOOD} requests at once, all answered in ${burst.lastAt - burst.sentAt} ms, ${burstOverloaded} overload errors; ` +
          `quiet tab right after: ${after.map((t) => t.toFixed(1)).join(', ')} ms`,
      );
      expect(burstOverloaded).toBeGreaterThanOrEqual(
        FLOOD - MESSAGE_BURST_PER_TAB - (MESSAGES_PER_SECOND_PER_TAB * (burst.lastAt - burst.sentAt)) / 1000 - 10,
      );
      expect(burst.lastAt - burst.sentAt).toBeLessThan(5000);
      expect(at(after, 50)).toBeLessThan(CARD_TARGET_MS);
      await quiet.close();
      await flooder.close();
    });

    it('opens only a few tabs and makes only a few writes per minute for one tab', async () => {
      const page = await ext.context.newPage();
      await page.goto(server.url('/articles/us-uk-open-to-deeper-strikes.html'));
      await waitForStatus(page, 'ready');
      const tabsBefore = ext.context.pages().length;
      const answers = await inContentScript<{ openings: string[]; writes: string[] }>(
        page,
        '__actions',
        `async () => {
          const send = async (type, data) => {
            const a = await chrome.runtime.sendMessage({ id: 1, type, data, timestamp: Date.now() });
            return a.res.ok ? 'ok' : a.res.error;
          };
          // As fast as a page could click, but within the tab's message rate (overload is another test).
          const pause = () => new Promise((r) => setTimeout(r, 60));
          const openings = [];
          for (let i = 0; i < 30; i++) { openings.push(await send('cs.openReader', { sourceId: 'kyiv-visit-limited-to-solidarity' })); await pause(); }
          const writes = [];
          for (const id of ['joe-biden', 'keir-starmer', 'david-lammy', 'antony-blinken', 'lloyd-austin', 'donald-trump']) { writes.push(await send('cs.muteEntity', { entityId: id })); await pause(); }
          return { openings, writes };
        }`,
      );
      expect(answers.openings.filter((a) => a === 'ok')).toHaveLength(PER_TAB_PER_WINDOW.opening);
      expect(answers.openings.at(-1)).toBe(rateError('opening'));
      expect(answers.writes.filter((a) => a === 'ok')).toHaveLength(PER_TAB_PER_WINDOW.write);
      expect(answers.writes.at(-1)).toBe(rateError('write'));
      await expect.poll(() => ext.context.pages().length).toBe(tabsBefore + PER_TAB_PER_WINDOW.opening);
      const muted = await extPage.evaluate(() => chrome.storage.local.get('mutedEntities'));
      expect((muted.mutedEntities as string[]).length).toBe(PER_TAB_PER_WINDOW.write);
      for (const p of ext.context.pages()) if (p.url().includes('reader.html')) await p.close();
      await clearStorage();
      await page.close();
    });
  });

  describe('hydrates a server-rendered React page without an error', () => {
    let ssr: PageServer;
    beforeAll(async () => {
      ssr = await serveSsr();
    });
    afterAll(() => ssr?.close());

    /** Opens a server-rendered page and waits until React has hydrated it and we have concluded. */
    async function hydrated(path: string) {
      const page = await ext.context.newPage();
      await page.goto(ssr.url(path));
      await page.waitForFunction(() => (window as unknown as { __hydration: { done: number } }).__hydration.done > 0);
      const status = await waitForStatus(page);
      const marks = status === 'ready' ? await settledMarks(page) : {};
      const times = await page.evaluate(() => ({
        hydrated: (window as unknown as { __hydration: { done: number } }).__hydration.done,
        load: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd,
      }));
      const firstMark = (await contentProbe(page))?.times['first-mark'];
      if (firstMark !== undefined)
        console.info(
          `${path}: load ${times.load.toFixed(0)} ms, hydrated ${times.hydrated.toFixed(0)} ms, first mark ${firstMark.toFixed(0)} ms`,
        );
      return {
        page,
        status,
        marks,
        firstMark,
        hydratedAt: times.hydrated,
        errors: await page.evaluate(
          () => (window as unknown as { __hydration: { errors: string[] } }).__hydration.errors,
        ),
      };
    }
    const names = { 'keir-starmer': 1, 'joe-biden': 1, 'david-lammy': 1, 'volodymyr-zelensky': 1 };

    it('when its bundle hydrates while the page loads: inline, or an async bundle that arrives late', async () => {
      for (const path of [
        '/ssr/inline-interpolated.html',
        '/ssr/late-bundle-interpolated.html',
        '/ssr/late-bundle-static.html',
      ]) {
        const { page, errors, marks, firstMark, hydratedAt } = await hydrated(path);
        expect(errors, path).toEqual([]);
        expect(marks, path).toEqual(expect.objectContaining(names));
        expect(firstMark, path).toBeGreaterThan(hydratedAt);
        // Still React's: its event handlers work on the hydrated markup.
        await page.click('#like');
        await expect.poll(() => page.locator('#like').innerText()).toBe('Like (1)');
        await page.close();
      }
    });

    it('when its bundle hydrates a little after load, and none with the page opted out', async () => {
      // The fixture itself hydrates cleanly: no error where we do nothing.
      const control = await hydrated('/ssr/opted-out.html');
      expect(control.status).toBe('opted-out');
      expect(control.errors).toEqual([]);
      for (const path of ['/ssr/after-load-interpolated.html', '/ssr/after-load-static.html']) {
        const { page, errors, marks, firstMark, hydratedAt } = await hydrated(path);
        expect(errors, path).toEqual([]);
        expect(marks, path).toEqual(expect.objectContaining(names));
        expect(firstMark, path).toBeGreaterThan(hydratedAt);
        await page.click('#like');
        await expect.poll(() => page.locator('#like').innerText()).toBe('Like (1)');
        await page.close();
      }
    });
  });
});

/**
 * The card target: a card's data must come back within the 30 ms the card bench allowed from the
 * end of the open delay to a visible card (scripts/bench/page.ts, CARD_VISIBLE_MS, before timings
 * became ratios). A round trip under it leaves the card its target even with no prefetch.
 */
const CARD_TARGET_MS = 30;
/** Longer than this and a reader would take the background for stuck (before the bounds: over 15 s). */
const UNRESPONSIVE_MS = 500;

// ---------------------------------------------------------------------------------------------
// Firefox
// ---------------------------------------------------------------------------------------------

describe('Firefox: a hostile page', () => {
  let ff: FirefoxWithExtension;
  let server: PageServer;
  let extPage: FirefoxPage;

  beforeAll(async () => {
    server = await servePages(pages());
    ff = await launchFirefoxWithExtension();
    extPage = await openExtensionPage(ff, 'popup.html');
  });
  afterAll(async () => {
    await ff?.close();
    await server?.close();
  });

  afterEach(async () => {
    for (const page of await ff.browser.pages())
      if (page !== extPage && page.url().startsWith('http')) await page.close();
  });

  async function watched(path: string): Promise<FirefoxPage> {
    const page = await ff.browser.newPage();
    await page.evaluateOnNewDocument(recorder(ff.extensionId));
    await page.goto(server.url(path));
    return page;
  }
  const observed = (page: FirefoxPage) =>
    page.evaluate(() => (window as unknown as { observed: () => unknown }).observed());

  it('learns nothing of ours on a page without an article', async () => {
    const page = await watched('/fixtures/no-article.html');
    expect(await waitForFirefoxStatus(extPage, 'no-article')).toBe('no-article');
    await new Promise((r) => setTimeout(r, 1000));
    expect(await observed(page)).toEqual(NOTHING);
    await page.close();
  });

  it('learns nothing of ours on an article page with nothing to mark', async () => {
    const page = await watched('/quiet.html');
    expect(await waitForFirefoxStatus(extPage, 'ready')).toBe('ready');
    await new Promise((r) => setTimeout(r, 1000));
    expect(await observed(page)).toEqual(NOTHING);
    await page.close();
  });

  it('leaves no extension address in the performance entries where it marks, and goes on after a forged start-up event', async () => {
    const page = await watched('/articles/us-uk-open-to-deeper-strikes.html');
    expect(await waitForFirefoxStatus(extPage, 'ready')).toBe('ready');
    await page.evaluate((id) => {
      for (const name of [`${id}:content:wxt:content-script-started`, 'wxt:content-script-started'])
        document.dispatchEvent(
          new CustomEvent(name, { detail: { contentScriptName: 'content', messageId: 'forged' } }),
        );
    }, ff.extensionId);
    await new Promise((r) => setTimeout(r, 1000));
    const seen = (await observed(page)) as Observed;
    expect(seen.entries).toEqual([]);
    expect(seen.events.filter((e) => !e.includes('forged'))).toEqual([]);
    expect(Object.keys(await page.evaluate(countMarks)).length).toBeGreaterThan(5);
    await page.close();
  });
});
