/**
 * lib/content/highlight.ts on a text node too long to mark at once: it is cut into pieces and
 * marked part by part, and put back exactly (the same node with the same text), or, when the
 * page changed things itself, without a stale piece and without losing a character.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Highlighter, MARK_PART_CHARS, MARK_PART_NODES, type MarkedLink } from '@/lib/content/highlight';
import { collectChunks, walkChunks } from '@/lib/content/scope';

const SENTENCE = 'Joe Biden met Keir Starmer at the White House to talk about the war in Ukraine. ';

/** A link for every place `name` is written in `text`. */
function linksTo(text: string, name: string, entityId: string): MarkedLink[] {
  const links: MarkedLink[] = [];
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1))
    links.push({
      start: at,
      end: at + name.length,
      entityId,
      alias: name,
      evidence: { kind: 'alias' },
      kind: 'person',
    });
  return links;
}
const NAMES: [string, string][] = [
  ['Joe Biden', 'joe-biden'],
  ['Keir Starmer', 'keir-starmer'],
];

afterEach(() => {
  document.body.textContent = '';
});

/** Runs `act` (the page's doing) and hands the highlighter its mutation records, as the scanner's observer does. */
function pageDoes(highlighter: Highlighter, act: () => void): void {
  const observer = new MutationObserver(() => {});
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  act();
  highlighter.pageChanged(observer.takeRecords());
  observer.disconnect();
}

/** A paragraph holding one long text node, marked by a new Highlighter part by part. */
function markedParagraph(repeats: number) {
  const p = document.createElement('p');
  p.textContent = SENTENCE.repeat(repeats);
  document.body.append(p);
  const node = p.firstChild as Text;
  const original = node.data;
  const [chunk] = collectChunks(p);
  const links = NAMES.flatMap(([name, entityId]) => linksTo(original, name, entityId));
  const highlighter = new Highlighter(document);
  const parts = highlighter.parts(chunk!, links);
  for (const part of parts) highlighter.mark(part);
  return { p, node, original, links, parts, highlighter };
}

describe('a long text node', () => {
  it('is marked in parts of bounded size, every link once and whole', () => {
    const { p, original, links, parts } = markedParagraph(320);
    expect(original.length).toBeGreaterThan(3 * MARK_PART_CHARS);
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) expect(part.chunk.text.length).toBeLessThan(MARK_PART_CHARS + 2_000);
    const marks = Array.from(p.querySelectorAll('mark'));
    expect(marks).toHaveLength(links.length);
    expect(marks.map((m) => m.textContent)).toEqual(
      [...links].sort((a, b) => a.start - b.start).map((l) => original.slice(l.start, l.end)),
    );
    expect(p.textContent).toBe(original);
  });

  it('is put back as the same node with the same text', () => {
    const { p, node, original, highlighter } = markedParagraph(320);
    highlighter.removeAll();
    expect(Array.from(p.childNodes)).toEqual([node]);
    expect(node.data).toBe(original);
  });

  it('keeps the page’s new text and no stale piece when the page rewrote the node', () => {
    const { p, node, highlighter } = markedParagraph(320);
    pageDoes(highlighter, () => (node.data = 'The page wrote this.'));
    expect(p.textContent).toBe('The page wrote this.');
    expect(p.querySelectorAll('mark')).toHaveLength(0);
  });

  it('loses no character when the page unwrapped our marks itself', () => {
    const { p, original, highlighter } = markedParagraph(320);
    for (const mark of Array.from(p.querySelectorAll('mark'))) mark.replaceWith(...Array.from(mark.childNodes));
    highlighter.removeAll();
    expect(p.textContent).toBe(original);
  });
});

describe('a text node a mention ends', () => {
  it('is put back with no empty node left after it', () => {
    const p = document.createElement('p');
    p.innerHTML = 'Met <a href="#">Joe Biden</a>';
    document.body.append(p);
    const link = p.querySelector('a')!;
    const node = link.firstChild as Text;
    const [chunk] = collectChunks(p);
    const highlighter = new Highlighter(document);
    highlighter.mark({
      chunk: chunk!,
      links: [
        { start: 4, end: 13, entityId: 'joe-biden', alias: 'Joe Biden', evidence: { kind: 'alias' }, kind: 'person' },
      ],
    });
    expect(link.querySelector('mark')?.textContent).toBe('Joe Biden');
    highlighter.removeAll();
    expect(Array.from(link.childNodes)).toEqual([node]);
    expect(node.data).toBe('Joe Biden');
  });
});

describe('a paragraph of thousands of elements', () => {
  function spans(count: number) {
    const p = document.createElement('p');
    p.innerHTML = Array.from({ length: count }, (_, i) => `<span>Joe Biden spoke ${i}.</span>`).join(' ');
    document.body.append(p);
    return p;
  }

  it('is read with checkpoints to yield at, giving the same chunks as reading it at once', () => {
    const p = spans(3_000);
    const walked = [...walkChunks(p)];
    expect(walked.filter((c) => c === null).length).toBeGreaterThanOrEqual(5);
    const chunks = walked.filter((c) => c !== null);
    expect(chunks).toEqual(collectChunks(p));
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.nodes.length).toBeGreaterThan(5_000);
  });

  it('is marked in parts of bounded node count, and put back exactly', () => {
    const p = spans(3_000);
    const before = Array.from(p.querySelectorAll('span'), (s) => s.firstChild);
    const [chunk] = collectChunks(p);
    const links = linksTo(chunk!.text, 'Joe Biden', 'joe-biden');
    const highlighter = new Highlighter(document);
    const parts = highlighter.parts(chunk!, links);
    for (const part of parts) expect(part.chunk.nodes.length).toBeLessThanOrEqual(MARK_PART_NODES);
    for (const part of parts) highlighter.mark(part);
    expect(p.querySelectorAll('mark')).toHaveLength(3_000);
    highlighter.removeAll();
    expect(p.querySelectorAll('mark')).toHaveLength(0);
    expect(Array.from(p.querySelectorAll('span'), (s) => s.firstChild)).toEqual(before);
    expect(Array.from(p.querySelectorAll('span')).every((s) => s.childNodes.length === 1)).toBe(true);
  });
});

describe('what the page did meanwhile', () => {
  function marked(text: string) {
    const host = document.createElement('div');
    const p = document.createElement('p');
    p.textContent = text;
    host.append(p);
    document.body.append(host);
    const [chunk] = collectChunks(p);
    const links = linksTo(text, 'Joe Biden', 'joe-biden');
    const highlighter = new Highlighter(document);
    for (const part of highlighter.parts(chunk!, links)) highlighter.mark(part);
    return { host, p, node: p.firstChild as Text, highlighter };
  }

  for (const [name, text] of [
    ['a short node', 'Yesterday Joe Biden met the press and Joe Biden left.'],
    ['a long node cut into pieces', 'Joe Biden spoke at length about many things. '.repeat(400)],
  ] as const) {
    it(`${name} taken out of the document and put back returns whole`, () => {
      const { host, p, node, highlighter } = marked(text);
      pageDoes(highlighter, () => p.remove());
      host.append(p);
      expect(p.textContent).toBe(text);
      expect(Array.from(p.childNodes)).toEqual([node]);
    });
  }

  for (const [name, text] of [
    ['a short node', 'Then Joe Biden met Joe Biden there, at last.'],
    ['a long node cut into pieces', 'Joe Biden spoke at length about many things. '.repeat(400)],
  ] as const) {
    it(`${name} the page stripped of a mark, then took out and put back, keeps every character`, () => {
      const { host, p, highlighter } = marked(text);
      const mark = p.querySelector('mark')!;
      pageDoes(highlighter, () => mark.replaceWith(...Array.from(mark.childNodes)));
      pageDoes(highlighter, () => p.remove());
      host.append(p);
      expect(p.textContent).toBe(text);
    });
  }

  it('leaves everything as it is when the page writes a node’s same text again', () => {
    const { p, node, highlighter } = marked('Then Joe Biden waved to the crowd.');
    // The page's node stands empty while our copy is marked: a script mapping text to text writes '' again.
    expect(node.data).toBe('');
    pageDoes(highlighter, () => (node.data = node.data));
    expect(p.textContent).toBe('Then Joe Biden waved to the crowd.');
    expect(p.querySelector('mark')?.textContent).toBe('Joe Biden');
  });

  it('keeps a script’s edit of the text it sees (our copy) when we unmark', () => {
    const { p, highlighter } = marked('Then Joe Biden waved to the crowd.');
    const first = Array.from(p.childNodes).find((n): n is Text => n instanceof Text && n.data === 'Then ')!;
    pageDoes(highlighter, () => (first.data = 'Then, '));
    expect(p.textContent).toBe('Then, Joe Biden waved to the crowd.');
    highlighter.removeAll();
    expect(p.textContent).toBe('Then, Joe Biden waved to the crowd.');
    expect(p.querySelectorAll('mark')).toHaveLength(0);
  });

  it('drops our pieces when a framework writes a shorter new value into the node', () => {
    const { p, node, highlighter } = marked('President Joe Biden signs the bill into law today');
    pageDoes(highlighter, () => (node.data = 'Storm hits coast'));
    expect(p.textContent).toBe('Storm hits coast');
  });

  it('keeps every character when a script fixes the quotes of every text node, pieces included', () => {
    const text = "It's said Joe Biden spoke at length, and it's true. ".repeat(250);
    const { p, highlighter } = marked(text);
    const edited: Text[] = [];
    pageDoes(highlighter, () => {
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
        if (!n.data.includes("'")) continue;
        n.data = n.data.replaceAll("'", '’');
        edited.push(n);
      }
    });
    expect(edited.length).toBeGreaterThan(10);
    highlighter.removeAll();
    expect(p.textContent).toBe(text.replaceAll("'", '’'));
  });

  it('keeps a rewrite of the node it did not hear about, with no stale piece of ours', () => {
    const { p, node, highlighter } = marked('Then Joe Biden waved.');
    node.data = 'Replaced by the page.';
    highlighter.removeWithin(p);
    expect(p.textContent).toBe('Replaced by the page.');
  });

  it('keeps a rewrite that leaves the length as it was, rather than undo it', () => {
    const { p, node, highlighter } = marked('Then Joe Biden waved.');
    node.data = 'Then Joe Bidet waved.';
    highlighter.removeWithin(p);
    expect(p.textContent).toBe('Then Joe Bidet waved.');
  });
});

describe('a long text node without spaces', () => {
  it('is cut at character edges, marked, and put back exactly', () => {
    const text = ('拜登总统今天讲话😀'.repeat(300) + 'Joe Biden').repeat(4);
    const p = document.createElement('p');
    p.textContent = text;
    document.body.append(p);
    const node = p.firstChild as Text;
    const [chunk] = collectChunks(p);
    const links = linksTo(text, 'Joe Biden', 'joe-biden');
    const highlighter = new Highlighter(document);
    const parts = highlighter.parts(chunk!, links);
    const pieces = parts.flatMap((part) => part.chunk.nodes);
    expect(pieces.length).toBeGreaterThan(5);
    // No piece starts with the second half of a surrogate pair (the emoji stays whole).
    expect(pieces.every((n) => !/^[\udc00-\udfff]/.test(n.data))).toBe(true);
    for (const part of parts) highlighter.mark(part);
    expect(Array.from(p.querySelectorAll('mark'), (m) => m.textContent)).toEqual(links.map(() => 'Joe Biden'));
    highlighter.removeAll();
    expect(Array.from(p.childNodes)).toEqual([node]);
    expect(node.data).toBe(text);
  });
});
