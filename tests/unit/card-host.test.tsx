/**
 * The card's DOM glue (components/card/card-host.tsx) and its lazy loader in jsdom, with a page
 * that is only a `CardPage`: the closed host, meaning from memory, nothing on script focus or
 * untrusted clicks, a tampered host dropped. jsdom's events are all untrusted, so the reader's
 * own gestures are proven in real browsers (tests/browser/hostile-card.test.ts); here the paths
 * that must do nothing, and those our own requests take.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { attachCards, type CardHost } from '@/components/card/card-host';
import { buildCard, type CardData } from '@/lib/cards/card-data';
import type { CardLoaderPage, CardMention, CardPage } from '@/lib/cards/card-page';
import { loadCorpus } from '@/scripts/corpus/read';

vi.mock('@/lib/content/part-loader', () => ({ loadPart: vi.fn() }));
const { loadPart } = await import('@/lib/content/part-loader');
const { lazyCards } = await import('@/lib/content/card-loader');

const corpus = loadCorpus().bundle!;
function cardOf(id: string): CardData {
  const entity = corpus.entities.find((e) => e.id === id)!;
  return buildCard({
    entity,
    facts: corpus.facts.filter((f) => f.entityIds.includes(id)),
    quotes: corpus.quotes.filter((q) => q.speakerId === id),
    claims: corpus.claims,
    events: corpus.events.filter((e) => e.entityIds.includes(id)),
    sources: new Map(corpus.sources.map((s) => [s.id, s])),
    names: new Map(corpus.entities.map((e) => [e.id, e.name])),
  });
}

/** Every shadow root made, open or closed: the test's view, which no page has. */
const roots: { host: Element; root: ShadowRoot; mode: ShadowRootMode }[] = [];
const attachShadow = Element.prototype.attachShadow;

interface TestPage extends CardLoaderPage {
  controller: AbortController;
  marks: HTMLElement[];
  changed: () => void;
  focusRequest: ((entityId: string) => boolean) | null;
}

/** A page with two marks (the second split in two pieces) whose meaning only `mentionOf` knows. */
function makePage(): TestPage {
  document.body.innerHTML =
    '<article><p>Said <mark id="austin" data-entity="lloyd-austin" data-mention="fc1" tabindex="-1">Lloyd Austin</mark> and ' +
    '<mark id="storm-1" data-entity="storm-shadow" data-mention="fc2">Storm</mark> <em><mark id="storm-2" data-entity="storm-shadow" data-mention="fc2">Shadow</mark></em>.</p></article>';
  const austin = document.getElementById('austin')!;
  const storm = [document.getElementById('storm-1')!, document.getElementById('storm-2')!];
  const mentions = new Map<Element, CardMention>();
  const austinMention: CardMention = {
    id: 'fc1',
    entityId: 'lloyd-austin',
    alias: 'Lloyd Austin',
    evidence: { kind: 'alias' },
    mark: austin,
    marks: [austin],
  };
  const stormMention: CardMention = {
    id: 'fc2',
    entityId: 'storm-shadow',
    alias: 'Storm Shadow',
    evidence: { kind: 'alias' },
    mark: storm[0]!,
    marks: storm,
  };
  mentions.set(austin, austinMention);
  for (const m of storm) mentions.set(m, stormMention);
  const controller = new AbortController();
  const changeListeners: (() => void)[] = [];
  const page: TestPage = {
    controller,
    marks: [austin, storm[0]!],
    changed: () => changeListeners.forEach((l) => l()),
    focusRequest: null,
    ctx: {
      signal: controller.signal,
      get isInvalid() {
        return controller.signal.aborted;
      },
      onInvalidated: (cb) => controller.signal.addEventListener('abort', cb),
    },
    doc: document,
    settings: () => ({ openDelayMs: 300 }),
    // As the highlighter's: a mark taken off the page means nothing any more.
    mentionOf: (target) => (target instanceof Element && target.isConnected ? mentions.get(target) : undefined),
    mentionMarks: () => [austin, storm[0]!].filter((m) => m.isConnected),
    card: vi.fn(async (entityId: string) => cardOf(entityId)),
    onChange: (l) => void changeListeners.push(l),
    onFocusRequest: (l) => void (page.focusRequest = l),
    onMoveRequest: () => {},
    highlighting: () => true,
    mentionCount: () => 2,
    actions: {
      timeline: vi.fn(async () => {}),
      openSource: vi.fn(async () => {}),
      mute: vi.fn(async () => {}),
      siteOff: vi.fn(async () => {}),
      undo: vi.fn(async () => {}),
      addArticle: vi.fn(async () => {}),
    },
  };
  return page;
}

/** Our card's dialog, through the root the test saw being made. */
const dialog = () => {
  const mine = roots.filter((r) => r.host.isConnected && r.mode === 'closed').at(-1);
  return mine?.root.querySelector<HTMLElement>('[role="dialog"]') ?? null;
};
const shownName = async () => {
  await vi.waitFor(() => expect(dialog()?.hidden).toBe(false));
  return dialog()!.querySelector('h2')!.textContent;
};

let page: TestPage;
let host: CardHost;
beforeEach(() => {
  roots.length = 0;
  // jsdom lays nothing out.
  Element.prototype.scrollIntoView ??= () => {};
  vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (this: Element, init: ShadowRootInit) {
    const root = attachShadow.call(this, init);
    roots.push({ host: this, root, mode: init.mode });
    return root;
  });
  page = makePage();
  host = attachCards(page as CardPage);
});
afterEach(() => {
  page.controller.abort();
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('the host', () => {
  it('is a plain div under <html> whose closed shadow root the page cannot read', async () => {
    expect(host.focusEntity('lloyd-austin')).toBe(true);
    expect(await shownName()).toBe('Lloyd Austin');
    const ours = roots.at(-1)!;
    expect(ours.mode).toBe('closed');
    expect(ours.host.localName).toBe('div');
    expect(ours.host.parentNode).toBe(document.documentElement);
    expect(ours.host.shadowRoot).toBeNull();
    expect(dialog()!.getAttribute('aria-labelledby')).toBe(dialog()!.querySelector('h2')!.id);
  });

  it('is dropped when the page moves it into its own label, and the next card gets a fresh one', async () => {
    host.focusEntity('lloyd-austin');
    await shownName();
    const first = roots.at(-1)!.host;
    const label = document.createElement('label');
    document.body.append(label);
    label.append(first);
    await vi.waitFor(() => expect(first.isConnected).toBe(false));
    expect(document.getElementById('austin')!.getAttribute('aria-expanded')).toBe('false');
    host.focusEntity('storm-shadow');
    expect(await shownName()).toBe('Storm Shadow');
    const second = roots.at(-1)!.host;
    expect(second).not.toBe(first);
    expect(second.parentNode).toBe(document.documentElement);
  });

  it('is dropped when the page restyles it', async () => {
    host.focusEntity('lloyd-austin');
    await shownName();
    const first = roots.at(-1)!.host as HTMLElement;
    first.style.setProperty('opacity', '0.01');
    await vi.waitFor(() => expect(first.isConnected).toBe(false));
  });
});

describe('meaning from memory', () => {
  it('shows and asks for what the mark means, whatever its attributes now say', async () => {
    const austin = document.getElementById('austin')!;
    austin.dataset.entity = 'joe-biden';
    austin.dataset.mention = 'fc2';
    host.focusEntity('lloyd-austin');
    expect(await shownName()).toBe('Lloyd Austin');
    expect(page.card).toHaveBeenCalledWith('lloyd-austin');
    expect(page.card).not.toHaveBeenCalledWith('joe-biden');
    // Storm Shadow's pieces are untouched by Austin's card.
    expect(document.getElementById('storm-1')!.getAttribute('aria-expanded')).toBeNull();
  });

  it('marks every piece of a split mention expanded, from memory', async () => {
    host.focusEntity('storm-shadow');
    await shownName();
    expect(document.getElementById('storm-1')!.getAttribute('aria-expanded')).toBe('true');
    expect(document.getElementById('storm-2')!.getAttribute('aria-expanded')).toBe('true');
  });

  it('closes the card when its mention leaves the page', async () => {
    host.focusEntity('lloyd-austin');
    await shownName();
    document.getElementById('austin')!.remove();
    page.changed();
    await vi.waitFor(() => expect(dialog()!.hidden).toBe(true));
  });
});

describe('nothing without the reader', () => {
  it('opens nothing when script focuses a mark', async () => {
    document.getElementById('austin')!.focus();
    expect(document.activeElement!.id).toBe('austin');
    await new Promise((r) => setTimeout(r, 50));
    expect(dialog()).toBeNull();
    expect(page.card).not.toHaveBeenCalled();
  });

  it('does nothing on clicks the page dispatches on the card’s buttons', async () => {
    host.focusEntity('lloyd-austin');
    await shownName();
    await new Promise((r) => setTimeout(r, 600));
    const buttons = [...dialog()!.querySelectorAll('button')];
    expect(buttons.length).toBeGreaterThan(3);
    for (const b of buttons) b.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, detail: 1 }));
    for (const b of buttons) b.click();
    const { actions } = page;
    expect(actions.mute).not.toHaveBeenCalled();
    expect(actions.siteOff).not.toHaveBeenCalled();
    expect(actions.timeline).not.toHaveBeenCalled();
    expect(actions.openSource).not.toHaveBeenCalled();
    expect(buttons.map((b) => b.textContent)).toContain('Add this page as a source');
    expect(actions.addArticle).not.toHaveBeenCalled();
  });

  it('ignores an Escape the page dispatches', async () => {
    host.focusEntity('lloyd-austin');
    await shownName();
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await new Promise((r) => setTimeout(r, 20));
    expect(dialog()!.hidden).toBe(false);
  });
});

describe('the lazy loader', () => {
  it('loads the card UI on our own request, and not on a script focus', async () => {
    page.controller.abort();
    page = makePage();
    const ui = { pointerAt: vi.fn(), keyboardFocus: vi.fn(), tap: vi.fn(), move: vi.fn(), focusEntity: vi.fn() };
    vi.mocked(loadPart).mockResolvedValue(() => ui);
    vi.stubGlobal('requestIdleCallback', undefined);
    lazyCards(page);
    page.mentionCount = () => 0;
    page.changed();
    document.getElementById('austin')!.focus();
    await new Promise((r) => setTimeout(r, 20));
    expect(loadPart).not.toHaveBeenCalled();
    expect(ui.keyboardFocus).not.toHaveBeenCalled();
    expect(page.focusRequest!('joe-biden')).toBe(false);
    expect(page.focusRequest!('lloyd-austin')).toBe(true);
    await vi.waitFor(() => expect(ui.focusEntity).toHaveBeenCalledWith('lloyd-austin'));
    vi.unstubAllGlobals();
  });
});
