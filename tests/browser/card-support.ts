/**
 * Finding and driving the hover card from outside, as docs/contracts.md §4 says: the card sits in
 * a closed shadow root, so nothing here reads `element.shadowRoot`. Chromium: the DevTools
 * protocol's accessibility tree (the dialog by role and name) and its DOM with `pierce: true`;
 * input goes in as real mouse, keyboard and touch events at the boxes the protocol reports.
 */
import type { CDPSession, Page } from 'playwright-core';
import type { Page as FirefoxPage } from 'puppeteer-core';

interface AXNode {
  nodeId: string;
  ignored: boolean;
  role?: { value?: string };
  name?: { value?: string };
  backendDOMNodeId?: number;
}

interface DomNode {
  nodeId: number;
  backendNodeId: number;
  nodeType: number;
  nodeName: string;
  nodeValue: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
  contentDocument?: DomNode;
}

const sessions = new WeakMap<Page, Promise<CDPSession>>();

/** One DevTools session per page, with the accessibility domain on. */
export function cdpOf(page: Page): Promise<CDPSession> {
  let session = sessions.get(page);
  if (!session) {
    session = (async () => {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Accessibility.enable');
      await cdp.send('DOM.enable');
      return cdp;
    })();
    sessions.set(page, session);
  }
  return session;
}

async function documentRoot(cdp: CDPSession): Promise<DomNode> {
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
  return root;
}

export interface CardHandle {
  /** The dialog's accessible name: the entity's canonical name. */
  name: string;
  backendNodeId: number;
}

/** The open card (role dialog, not hidden), from the accessibility tree; null when none is open. */
export async function openCard(page: Page): Promise<CardHandle | null> {
  const cdp = await cdpOf(page);
  const root = await documentRoot(cdp);
  const { nodes } = (await cdp.send('Accessibility.queryAXTree', { nodeId: root.nodeId, role: 'dialog' })) as {
    nodes: AXNode[];
  };
  const dialog = nodes.find((n) => !n.ignored && n.backendDOMNodeId !== undefined);
  if (!dialog) return null;
  return { name: dialog.name?.value ?? '', backendNodeId: dialog.backendDOMNodeId! };
}

/** Waits for an open card (named `name`, when given) and returns it. */
export async function waitForCard(page: Page, name?: string, timeoutMs = 15_000): Promise<CardHandle> {
  const deadline = Date.now() + timeoutMs;
  let last: CardHandle | null = null;
  for (;;) {
    last = await openCard(page);
    if (last && (name === undefined || last.name === name)) return last;
    if (Date.now() > deadline)
      throw new Error(`no card${name ? ` named ${name}` : ''} opened (open: ${last?.name ?? 'none'})`);
    await page.waitForTimeout(50);
  }
}

/** Waits until no card is open. */
export async function waitForNoCard(page: Page, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const card = await openCard(page);
    if (!card) return;
    if (Date.now() > deadline) throw new Error(`card ${card.name} still open`);
    await page.waitForTimeout(50);
  }
}

/**
 * Waits until the open card's actions are armed (visible long enough: lib/cards/machine.ts
 * ARMING_MS). The card marks it on its dialog for the protocol's eyes only.
 */
export async function waitForArmed(page: Page, timeoutMs = 15_000): Promise<CardHandle> {
  const cdp = await cdpOf(page);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const card = await openCard(page);
    if (card) {
      const { node } = (await cdp.send('DOM.describeNode', { backendNodeId: card.backendNodeId })) as {
        node: { attributes?: string[] };
      };
      if (node.attributes?.includes('data-armed')) return card;
    }
    if (Date.now() > deadline) throw new Error(`the card never armed (${card ? card.name : 'none open'})`);
    await page.waitForTimeout(50);
  }
}

/** Runs a function on the open card's dialog element through the protocol (never through shadowRoot). */
export async function onCard<T>(page: Page, fn: string): Promise<T> {
  const card = await openCard(page);
  if (!card) throw new Error('no card open');
  const cdp = await cdpOf(page);
  const { object } = (await cdp.send('DOM.resolveNode', { backendNodeId: card.backendNodeId })) as {
    object: { objectId: string };
  };
  const { result } = (await cdp.send('Runtime.callFunctionOn', {
    objectId: object.objectId,
    functionDeclaration: fn,
    returnByValue: true,
  })) as { result: { value: T } };
  await cdp.send('Runtime.releaseObject', { objectId: object.objectId });
  return result.value;
}

/** The text a reader sees in a node (its rendered innerText), through the protocol. */
export async function nodeText(page: Page, backendNodeId: number): Promise<string> {
  const cdp = await cdpOf(page);
  const { object } = (await cdp.send('DOM.resolveNode', { backendNodeId })) as { object: { objectId: string } };
  const { result } = (await cdp.send('Runtime.callFunctionOn', {
    objectId: object.objectId,
    functionDeclaration: 'function () { return this.innerText; }',
    returnByValue: true,
  })) as { result: { value: string } };
  await cdp.send('Runtime.releaseObject', { objectId: object.objectId });
  return result.value;
}

/** The open card's text, or null when none is open. */
export async function cardText(page: Page): Promise<string | null> {
  const card = await openCard(page);
  return card ? nodeText(page, card.backendNodeId) : null;
}

/** Every element of the card's DOM (pierced, closed shadow roots included) under the node. */
async function subtree(page: Page, backendNodeId: number): Promise<DomNode | null> {
  const cdp = await cdpOf(page);
  const find = (node: DomNode): DomNode | null => {
    if (node.backendNodeId === backendNodeId) return node;
    for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
      const hit = find(child);
      if (hit) return hit;
    }
    return node.contentDocument ? find(node.contentDocument) : null;
  };
  return find(await documentRoot(cdp));
}

/** Element names under a node of the card (to check that page or corpus markup stayed text). */
export async function elementNames(page: Page, backendNodeId: number): Promise<string[]> {
  const top = await subtree(page, backendNodeId);
  const names: string[] = [];
  const walk = (node: DomNode) => {
    if (node.nodeType === 1) names.push(node.nodeName.toLowerCase());
    for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) walk(child);
  };
  if (top) walk(top);
  return names;
}

/**
 * The text of the first element in any shadow root (closed ones too) carrying `attribute`
 * (optionally with `value`): the card's live region, its notices.
 */
export async function shadowText(page: Page, attribute: string, value?: string): Promise<string | null> {
  const cdp = await cdpOf(page);
  let found: DomNode | null = null;
  const walk = (node: DomNode, inShadow: boolean) => {
    if (found) return;
    if (inShadow && node.nodeType === 1) {
      const attrs = node.attributes ?? [];
      for (let i = 0; i < attrs.length; i += 2) {
        if (attrs[i] === attribute && (value === undefined || attrs[i + 1] === value)) {
          found = node;
          return;
        }
      }
    }
    for (const child of node.children ?? []) walk(child, inShadow);
    for (const root of node.shadowRoots ?? []) walk(root, true);
  };
  walk(await documentRoot(cdp), false);
  return found ? nodeText(page, (found as DomNode).backendNodeId) : null;
}

/** A node's first box, in CSS pixels of the viewport (scrolled into view first, as a reader would). */
export async function nodeBox(
  page: Page,
  backendNodeId: number,
): Promise<{ x: number; y: number; width: number; height: number }> {
  const cdp = await cdpOf(page);
  await cdp.send('DOM.scrollIntoViewIfNeeded', { backendNodeId });
  const { quads } = (await cdp.send('DOM.getContentQuads', { backendNodeId })) as { quads: number[][] };
  const quad = quads[0];
  if (!quad) throw new Error(`node ${backendNodeId} has no box`);
  const xs = [quad[0]!, quad[2]!, quad[4]!, quad[6]!];
  const ys = [quad[1]!, quad[3]!, quad[5]!, quad[7]!];
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/** A control inside the open card, by role and accessible name (buttons: their label). */
export async function cardControl(page: Page, role: string, name?: string | RegExp): Promise<number | null> {
  const card = await openCard(page);
  if (!card) return null;
  const cdp = await cdpOf(page);
  const { nodes } = (await cdp.send('Accessibility.queryAXTree', { backendNodeId: card.backendNodeId, role })) as {
    nodes: AXNode[];
  };
  const hit = nodes.find(
    (n) =>
      !n.ignored &&
      n.backendDOMNodeId !== undefined &&
      (name === undefined || (typeof name === 'string' ? n.name?.value === name : name.test(n.name?.value ?? ''))),
  );
  return hit?.backendDOMNodeId ?? null;
}

/** Any control in the page's shadow roots (closed too), by role and name: the notice's Undo. */
export async function pageControl(page: Page, role: string, name: string): Promise<number | null> {
  const cdp = await cdpOf(page);
  const root = await documentRoot(cdp);
  const { nodes } = (await cdp.send('Accessibility.queryAXTree', {
    nodeId: root.nodeId,
    role,
    accessibleName: name,
  })) as { nodes: AXNode[] };
  return nodes.find((n) => !n.ignored && n.backendDOMNodeId !== undefined)?.backendDOMNodeId ?? null;
}

/** The centre of a node's first box. */
export async function centreOf(page: Page, backendNodeId: number): Promise<{ x: number; y: number }> {
  const box = await nodeBox(page, backendNodeId);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** A real mouse click (moved there first, as a reader's pointer would) on a node. */
export async function clickNode(page: Page, backendNodeId: number): Promise<void> {
  const { x, y } = await centreOf(page, backendNodeId);
  await page.mouse.move(x, y, { steps: 3 });
  await page.mouse.click(x, y);
}

/**
 * Rests the real mouse pointer on an element of the page (marks take no pointer events, so
 * Playwright's hover() refuses them: this moves to their box instead).
 */
export async function restPointerOn(page: Page, selector: string, index = 0): Promise<void> {
  const target = page.locator(selector).nth(index);
  await target.scrollIntoViewIfNeeded();
  const box = await target.boundingBox();
  if (!box) throw new Error(`${selector} has no box`);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
}

/** Real touch input through the protocol (touch emulation on). */
export async function enableTouch(page: Page): Promise<void> {
  const cdp = await cdpOf(page);
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 });
}

/** A real tap: touchStart and touchEnd at a point. */
export async function tapAt(page: Page, x: number, y: number): Promise<void> {
  const cdp = await cdpOf(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

/** A real tap on the middle of an element of the page. */
export async function tapOn(page: Page, selector: string, index = 0): Promise<void> {
  const target = page.locator(selector).nth(index);
  await target.scrollIntoViewIfNeeded();
  const box = await target.boundingBox();
  if (!box) throw new Error(`${selector} has no box`);
  await tapAt(page, box.x + box.width / 2, box.y + box.height / 2);
}

/** Presses Tab until the focused element matches `selector` (marks must be in the tab order). */
export async function tabTo(page: Page, selector: string, maxPresses = 200): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Puts marks in the tab order (the reader's setting) through the extension's own page. */
export async function setMarksInTabOrder(extPage: Page, on: boolean): Promise<void> {
  await extPage.evaluate(async (value) => {
    const { settings } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(settings as object), marksInTabOrder: value } });
  }, on);
}

// ---------------------------------------------------------------------------------------------
// Firefox (puppeteer-core over WebDriver BiDi). `browsingContext.locateNodes` with an
// accessibility locator does not reach into closed shadow roots from the document, but it does
// from the root itself; `script.callFunction` with `includeShadowTree: 'all'` hands over the
// closed root's shared id without any page script opening it.
// ---------------------------------------------------------------------------------------------

interface BidiRemote {
  type: string;
  sharedId?: string;
  value?: unknown;
}
interface BidiSession {
  send(method: string, params: object): Promise<{ result: Record<string, unknown> }>;
}

/** The page's WebDriver BiDi session and browsing context (puppeteer-core's own connection). */
function bidiOf(page: FirefoxPage): { session: BidiSession; context: string } {
  const context = (
    page.mainFrame() as unknown as {
      browsingContext: { id: string; userContext: { browser: { session: BidiSession } } };
    }
  ).browsingContext;
  return { session: context.userContext.browser.session, context: context.id };
}

async function callFunction(
  page: FirefoxPage,
  functionDeclaration: string,
  args: BidiRemote[] = [],
  serializationOptions: object = {},
): Promise<BidiRemote> {
  const { session, context } = bidiOf(page);
  const { result } = await session.send('script.callFunction', {
    functionDeclaration,
    arguments: args,
    awaitPromise: true,
    target: { context },
    serializationOptions,
  });
  if (result.type !== 'success') throw new Error(`script.callFunction failed: ${JSON.stringify(result)}`);
  return result.result as BidiRemote;
}

/** Plain values out of a BiDi remote value (strings, numbers, booleans, objects, arrays). */
function plain(remote: BidiRemote): unknown {
  switch (remote.type) {
    case 'object':
      return Object.fromEntries(
        (remote.value as [string | BidiRemote, BidiRemote][]).map(([k, v]) => [
          typeof k === 'string' ? k : String(plain(k)),
          plain(v),
        ]),
      );
    case 'array':
      return (remote.value as BidiRemote[]).map(plain);
    case 'null':
    case 'undefined':
      return null;
    default:
      return remote.value;
  }
}

/** Shadow roots (closed ones too) of the elements right under `<html>`: where an extension's host sits. */
async function topShadowRoots(page: FirefoxPage): Promise<string[]> {
  const list = await callFunction(page, '() => Array.from(document.documentElement.children)', [], {
    includeShadowTree: 'all',
    maxDomDepth: 1,
  });
  const roots: string[] = [];
  for (const node of (list.value as BidiRemote[] | undefined) ?? []) {
    const root = (node.value as { shadowRoot?: BidiRemote | null } | undefined)?.shadowRoot;
    if (root?.sharedId) roots.push(root.sharedId);
  }
  return roots;
}

export interface FirefoxCard {
  name: string;
  text: string;
  box: { x: number; y: number; width: number; height: number };
  style: { position: string; background: string };
  /** Past its arming delay (lib/cards/machine.ts ARMING_MS): its actions work. */
  armed: boolean;
  sharedId: string;
}

/** The open card (a visible `role="dialog"`, by name when given), found through the accessibility locator. */
export async function firefoxCard(page: FirefoxPage, name?: string): Promise<FirefoxCard | null> {
  const { session, context } = bidiOf(page);
  for (const root of await topShadowRoots(page)) {
    const { result } = await session.send('browsingContext.locateNodes', {
      context,
      locator: { type: 'accessibility', value: name === undefined ? { role: 'dialog' } : { role: 'dialog', name } },
      startNodes: [{ sharedId: root }],
    });
    for (const node of result.nodes as BidiRemote[]) {
      const read = await callFunction(
        page,
        `(d) => {
          if (d.hidden) return null;
          const r = d.getBoundingClientRect();
          const s = getComputedStyle(d);
          const label = d.getRootNode().getElementById(d.getAttribute('aria-labelledby'));
          return {
            name: label ? label.textContent : '',
            text: d.innerText,
            box: { x: r.x, y: r.y, width: r.width, height: r.height },
            style: { position: s.position, background: s.backgroundColor },
            armed: d.hasAttribute('data-armed'),
          };
        }`,
        [{ type: 'node', sharedId: node.sharedId! } as BidiRemote],
      );
      if (read.type === 'null') continue;
      return { ...(plain(read) as Omit<FirefoxCard, 'sharedId'>), sharedId: node.sharedId! };
    }
  }
  return null;
}

export async function waitForFirefoxCard(
  page: FirefoxPage,
  name?: string,
  { armed = false, timeoutMs = 15_000 } = {},
): Promise<FirefoxCard> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const card = await firefoxCard(page, name);
    if (card && (!armed || card.armed)) return card;
    if (Date.now() > deadline) throw new Error(`no card${name ? ` named ${name}` : ''} opened in Firefox`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The centre of a button inside the open Firefox card, by its text. */
export async function firefoxCardButton(
  page: FirefoxPage,
  card: FirefoxCard,
  label: string,
): Promise<{ x: number; y: number }> {
  const at = await callFunction(
    page,
    `(d, label) => {
      const b = Array.from(d.querySelectorAll('button')).find((b) => b.textContent.includes(label));
      if (!b) return null;
      b.scrollIntoView({ block: 'nearest' });
      const r = b.getClientRects()[0];
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }`,
    [{ type: 'node', sharedId: card.sharedId } as BidiRemote, { type: 'string', value: label }],
  );
  if (at.type === 'null') throw new Error(`no button ${label} in the card`);
  return plain(at) as { x: number; y: number };
}

/** Rests Firefox's real mouse pointer on an element of the page. */
export async function firefoxRestPointerOn(page: FirefoxPage, selector: string): Promise<void> {
  const target = await page.waitForSelector(selector);
  await target!.scrollIntoView();
  const box = (await target!.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
}

/** Firefox: opens every section of the open card (its `<details>`), to read what they hold. */
export async function firefoxOpenCardSections(page: FirefoxPage, card: FirefoxCard): Promise<void> {
  await callFunction(page, `(d) => { for (const s of d.querySelectorAll('details')) s.open = true; return null; }`, [
    { type: 'node', sharedId: card.sharedId } as BidiRemote,
  ]);
}
