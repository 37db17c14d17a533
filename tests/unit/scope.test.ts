/** lib/content/scope.ts: reading an article's text in slices while the page changes under it. */
import { afterEach, describe, expect, it } from 'vitest';
import { collectChunks, walkChunks } from '@/lib/content/scope';

afterEach(() => {
  document.body.textContent = '';
});

function paragraphs(count: number): HTMLElement {
  const article = document.createElement('article');
  article.innerHTML = Array.from({ length: count }, (_, i) => `<p>Paragraph ${i}.</p>`).join('');
  document.body.append(article);
  return article;
}

describe('walkChunks', () => {
  it('reads on when the page removes where it was at a checkpoint, each paragraph once', () => {
    const article = paragraphs(1_500);
    const seen: string[] = [];
    let removed: string[] = [];
    for (const chunk of walkChunks(article)) {
      if (chunk) {
        seen.push(chunk.text);
        continue;
      }
      if (removed.length) continue;
      // Remove the paragraphs around the one being read.
      const at = seen.length;
      const gone = Array.from(article.children).slice(at, at + 3);
      removed = gone.map((p) => p.textContent!);
      gone.forEach((p) => p.remove());
    }
    expect(removed).toHaveLength(3);
    const remaining = Array.from(article.children, (p) => p.textContent!);
    // Every paragraph still there was read, none twice (the one being read may be read too).
    for (const text of remaining) expect(seen).toContain(text);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeLessThanOrEqual(remaining.length + 1);
  });

  it('never reads a paragraph twice when the page moves one ahead of the walk', () => {
    const article = paragraphs(3_000);
    const seen: Text[] = [];
    let moved = false;
    for (const chunk of walkChunks(article)) {
      if (chunk) seen.push(...chunk.nodes);
      else if (!moved) {
        moved = true;
        article.append(article.firstElementChild!);
      }
    }
    expect(moved).toBe(true);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(3_000);
  });

  it('ends when the page rewrites the block at every checkpoint, even behind an empty text node', () => {
    const article = paragraphs(1_500);
    article.prepend(document.createTextNode(''));
    let checkpoints = 0;
    for (const chunk of walkChunks(article)) {
      if (chunk) continue;
      checkpoints++;
      for (const p of Array.from(article.children)) p.replaceWith(p.cloneNode(true));
      if (checkpoints > 100) break;
    }
    expect(checkpoints).toBeLessThan(100);
    // Cloning 1,500 paragraphs at each checkpoint takes seconds on a loaded machine: the test is
    // about ending, not speed.
  }, 30_000);

  it('offers checkpoints in a long run of elements without text', () => {
    const article = document.createElement('article');
    article.innerHTML = '<div></div>'.repeat(5_000) + '<p>Joe Biden spoke.</p>';
    document.body.append(article);
    const walked = [...walkChunks(article)];
    expect(walked.filter((c) => c === null).length).toBeGreaterThanOrEqual(4);
    expect(walked.filter((c) => c !== null).map((c) => c!.text)).toEqual(['Joe Biden spoke.']);
    expect(collectChunks(article).map((c) => c.text)).toEqual(['Joe Biden spoke.']);
  });

  it('reads open shadow roots after their host’s own text, depth first', () => {
    const article = document.createElement('article');
    article.innerHTML = '<p>One.</p><div id="a"></div><p>Two.</p>';
    document.body.append(article);
    const a = article.querySelector('#a')!.attachShadow({ mode: 'open' });
    a.innerHTML = '<p>Three.</p><span id="b"></span>';
    const b = a.querySelector('#b')!.attachShadow({ mode: 'open' });
    b.innerHTML = '<p>Four.</p>';
    article.append(Object.assign(document.createElement('p'), { textContent: 'Five.' }));
    expect(collectChunks(article).map((c) => c.text)).toEqual(['One.', 'Two.', 'Five.', 'Three.', 'Four.']);
  });
});
