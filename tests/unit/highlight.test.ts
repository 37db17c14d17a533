/** lib/content/highlight.ts: marks put in and taken out again, the page's text nodes as they were. */
import { afterEach, describe, expect, it } from 'vitest';
import { Highlighter } from '@/lib/content/highlight';
import { collectChunks } from '@/lib/content/scope';

afterEach(() => {
  document.body.textContent = '';
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
