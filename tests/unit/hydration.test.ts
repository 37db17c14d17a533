/** Which pages wait for hydration, and how the wait ends (lib/content/hydration.ts), on a simulated clock. */
import { afterEach, describe, expect, it } from 'vitest';
import {
  HYDRATION_QUIET_MS,
  MAX_HYDRATION_WAIT_MS,
  MIN_IDLE_MS,
  filledAppRoots,
  hydrationEvidence,
  waitForHydration,
  type WaitClock,
} from '@/lib/content/hydration';

const ARTICLE = '<article><h1>Title</h1><p>Jane Roe spoke.</p></article>';

afterEach(() => {
  document.body.innerHTML = '';
});

function article(html: string): { roots: Element[]; appRoots: Element[] } {
  document.body.innerHTML = html;
  return { roots: [document.querySelector('article')!], appRoots: filledAppRoots(document) };
}

describe('hydrationEvidence', () => {
  it.each([
    ['React 17 server markup', `<div data-reactroot="">${ARTICLE}</div>`],
    ['React 18 Suspense boundaries', `<div>${ARTICLE.replace('<p>', '<!--$--><p>')}<!--/$--></div>`],
    ['React text separators', ARTICLE.replace('Jane Roe', 'Jane Roe<!-- --> spoke')],
    ['a Next.js root', `<div id="__next">${ARTICLE}</div>`],
    ['Vue 2 server markup', `<div data-server-rendered="true">${ARTICLE}</div>`],
    ['Vue 3 / Svelte 5 fragment anchors', `<div><!--[-->${ARTICLE}<!--]--></div>`],
    ['a Nuxt root', `<div id="__nuxt">${ARTICLE}</div>`],
    ['Svelte hashes', `<main>${ARTICLE.replace('<h1>', '<h1 data-svelte-h="svelte-1x">')}</main>`],
    ['an Astro island not hydrated yet', `<astro-island ssr="" client="load">${ARTICLE}</astro-island>`],
    ['Angular hydration annotations', `<app-root ngh="0">${ARTICLE}</app-root>`],
    ['Solid hydration keys', `<div data-hk="0-0">${ARTICLE}</div>`],
  ])('holds back on %s', (_label, html) => {
    const { roots, appRoots } = article(html);
    expect(hydrationEvidence(document, roots, appRoots)).toBe('markers');
  });

  it('holds back, by idle time only, on an app root that held content at start', () => {
    const { roots, appRoots } = article(`<div id="root">${ARTICLE}</div>`);
    expect(hydrationEvidence(document, roots, appRoots)).toBe('app-root');
  });

  it.each([
    ['an ordinary news page', `<main>${ARTICLE}<!-- ad slot --></main>`],
    ['a page’s own comments', `<main><!-- begin story -->${ARTICLE}<!-- end story --></main>`],
    ['an app root filled by the client after we started', ''],
  ])('does not hold back on %s', (_label, html) => {
    const { roots, appRoots } = article(html || '<div id="root"></div>');
    if (!html) document.getElementById('root')!.innerHTML = ARTICLE;
    expect(hydrationEvidence(document, html ? roots : [document.querySelector('article')!], appRoots)).toBeNull();
  });
});

/** A clock whose idle periods come one per macrotask, each `step` ms later, with `left` ms in them. */
function fakeClock(idle: { step: number; left: number } = { step: 50, left: 50 }) {
  const clock = {
    t: 0,
    idles: 0,
    idle: idle,
    now: () => clock.t,
    requestIdle: ((callback, timeout) => {
      setTimeout(() => {
        clock.idles++;
        const step = Math.min(clock.idle.step, timeout);
        clock.t += step;
        callback({ timeRemaining: () => clock.idle.left, didTimeout: step === timeout && clock.idle.step > timeout });
      }, 0);
    }) as WaitClock['idle'],
  };
  return { clock, wait: { now: clock.now, idle: clock.requestIdle } satisfies WaitClock };
}

describe('waitForHydration', () => {
  it('ends after HYDRATION_QUIET_MS of real idle time with nothing changing', async () => {
    const { roots } = article(`<div id="root">${ARTICLE}</div>`);
    const { clock, wait } = fakeClock();
    expect(await waitForHydration(document, { churn: roots }, new AbortController().signal, { clock: wait })).toBe(
      'quiet',
    );
    expect(clock.t).toBeGreaterThanOrEqual(HYDRATION_QUIET_MS);
    expect(clock.t).toBeLessThan(HYDRATION_QUIET_MS + 100);
  });

  it('starts the quiet again whenever the article’s text or structure changes', async () => {
    const { roots } = article(`<div id="root">${ARTICLE}</div>`);
    const { clock, wait } = fakeClock();
    const p = document.querySelector('p')!;
    // The framework re-renders the article (a client render after a mismatch, streamed content) every 500 ms for 3 s.
    let changes = 0;
    const churn = setInterval(() => {
      if (clock.t >= 500 * (changes + 1) && clock.t <= 3000) {
        changes++;
        p.textContent = `Jane Roe spoke ${changes}.`;
      }
    }, 0);
    const how = await waitForHydration(document, { churn: roots }, new AbortController().signal, { clock: wait });
    clearInterval(churn);
    expect(how).toBe('quiet');
    expect(changes).toBeGreaterThanOrEqual(5);
    expect(clock.t).toBeGreaterThanOrEqual(3000 + HYDRATION_QUIET_MS - 100);
  });

  it('counts only idle periods with real time left: a busy page is not idle', async () => {
    const { roots } = article(`<div id="root">${ARTICLE}</div>`);
    const { clock, wait } = fakeClock({ step: 16, left: MIN_IDLE_MS - 1 });
    setTimeout(function freeUp() {
      if (clock.t >= 2000) clock.idle = { step: 50, left: 40 };
      else setTimeout(freeUp, 0);
    }, 0);
    expect(await waitForHydration(document, { churn: roots }, new AbortController().signal, { clock: wait })).toBe(
      'quiet',
    );
    expect(clock.t).toBeGreaterThanOrEqual(2000 + HYDRATION_QUIET_MS);
  });

  it('waits while an Astro island or Vue root still carries its server marker', async () => {
    const { roots } = article(`<astro-island ssr="" client="idle">${ARTICLE}</astro-island>`);
    const { clock, wait } = fakeClock();
    setTimeout(function hydrate() {
      if (clock.t >= 4000) document.querySelector('astro-island')!.removeAttribute('ssr');
      else setTimeout(hydrate, 0);
    }, 0);
    expect(await waitForHydration(document, { churn: roots }, new AbortController().signal, { clock: wait })).toBe(
      'quiet',
    );
    expect(clock.t).toBeGreaterThanOrEqual(4000 + HYDRATION_QUIET_MS);
  });

  it('ends at once when an app root it watches for life changes: a client-side app, nothing to hydrate', async () => {
    article(`<div id="root">${ARTICLE}</div>`);
    const { clock, wait } = fakeClock({ step: 16, left: 2 }); // a busy page: never quiet
    setTimeout(function tick() {
      if (clock.t >= 300) document.querySelector('p')!.textContent = 'Now speaking: Jane Roe';
      else setTimeout(tick, 0);
    }, 0);
    const root = document.getElementById('root')!;
    expect(await waitForHydration(document, { live: [root] }, new AbortController().signal, { clock: wait })).toBe(
      'live',
    );
    expect(clock.t).toBeLessThan(400);
    // An attribute changing (a class toggled for a hover) is not the app rendering.
    const still = fakeClock();
    setTimeout(() => root.setAttribute('class', 'hovered'), 0);
    expect(
      await waitForHydration(document, { live: [root] }, new AbortController().signal, { clock: still.wait }),
    ).toBe('quiet');
  });

  it('gives up after MAX_HYDRATION_WAIT_MS on a page that never settles, and stops when aborted', async () => {
    const { roots } = article(`<div id="root">${ARTICLE}</div>`);
    const { clock, wait } = fakeClock({ step: 16, left: 2 });
    expect(await waitForHydration(document, { churn: roots }, new AbortController().signal, { clock: wait })).toBe(
      'timeout',
    );
    expect(clock.t).toBe(MAX_HYDRATION_WAIT_MS);
    const stop = new AbortController();
    const aborted = waitForHydration(document, { churn: roots }, stop.signal, { clock: fakeClock().wait });
    stop.abort();
    expect(await aborted).toBe('aborted');
  });
});
