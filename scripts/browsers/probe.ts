/**
 * Reads the content script's probe (lib/content/probe.ts) on a Chromium page through the
 * DevTools protocol, which reaches the extension's isolated world; the page itself cannot. Used
 * by the real-browser tests, the bench and the demo to learn what the content script concluded.
 */
import type { CDPSession, Page } from 'playwright-core';
import type { Probe } from '../../lib/content/probe';
import type { PageStatus } from '../../lib/messaging/protocol';

/** The name Chromium gives the extension's isolated world on a page (the extension's name). */
const EXTENSION_WORLD = 'Fact Context';

interface ProbeSession {
  cdp: CDPSession;
  /** Execution contexts of the extension's world, by id, with their frame. */
  worlds: Map<number, string>;
}

const probeSessions = new WeakMap<Page, Promise<ProbeSession>>();

function probeSession(page: Page): Promise<ProbeSession> {
  let session = probeSessions.get(page);
  if (!session) {
    session = (async () => {
      const cdp = await page.context().newCDPSession(page);
      const worlds = new Map<number, string>();
      cdp.on('Runtime.executionContextCreated', ({ context }) => {
        const aux = context.auxData as { type?: string; frameId?: string } | undefined;
        if (aux?.type === 'isolated' && context.name === EXTENSION_WORLD) worlds.set(context.id, aux.frameId ?? '');
      });
      cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }) => worlds.delete(executionContextId));
      cdp.on('Runtime.executionContextsCleared', () => worlds.clear());
      await cdp.send('Runtime.enable');
      return { cdp, worlds };
    })();
    probeSessions.set(page, session);
  }
  return session;
}

/**
 * Evaluates `expression` in the content script's own world of the page's main frame, through the
 * DevTools protocol: the only way in, since nothing of ours is visible to the page itself.
 * Undefined while the content script has not started.
 */
export async function evaluateInContentScript<T>(page: Page, expression: string): Promise<T | undefined> {
  const { cdp, worlds } = await probeSession(page);
  const { frameTree } = await cdp.send('Page.getFrameTree');
  const ids = [...worlds].filter(([, frame]) => frame === frameTree.frame.id).map(([id]) => id);
  // The newest world is the current document's (an older one may linger during navigation).
  for (const contextId of ids.sort((a, b) => b - a)) {
    try {
      const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
        expression,
        contextId,
        returnByValue: true,
      });
      if (!exceptionDetails) return result.value as T;
    } catch {
      // The context went away with a navigation: try the next.
    }
  }
  return undefined;
}

/** The content script's probe (lib/content/probe.ts), or undefined before it starts. */
export async function contentProbe(page: Page): Promise<Probe | undefined> {
  return (await evaluateInContentScript<Probe | null>(page, 'globalThis.__factContextProbe ?? null')) ?? undefined;
}

/**
 * Waits until the content script has concluded something about the page (any status, or one of
 * `expected`), and returns it.
 */
export async function waitForStatus(
  page: Page,
  expected?: PageStatus | readonly PageStatus[],
  timeoutMs = 30_000,
): Promise<PageStatus> {
  const wanted = expected === undefined ? null : ([] as PageStatus[]).concat(expected);
  const deadline = Date.now() + timeoutMs;
  let last: PageStatus | null | undefined;
  for (;;) {
    last = (await contentProbe(page))?.status;
    if (last && (!wanted || wanted.includes(last))) return last;
    if (Date.now() > deadline)
      throw new Error(`content script status ${String(last)}, waited for ${wanted?.join(' or ') ?? 'any'}`);
    await page.waitForTimeout(50);
  }
}
