/**
 * lib/content/article-blocks.ts with the article walk (lib/content/scope.ts): what inside an
 * <article> is not the article's own text, decided by content.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isOutsideArticleText, MAX_VISITS_PER_TASK } from '@/lib/content/article-blocks';
import { collectChunks } from '@/lib/content/scope';

afterEach(() => {
  document.body.textContent = '';
});

const PARAGRAPH =
  '<p>Ukrainian President Volodymyr Zelensky met <a href="/p/starmer">Keir Starmer</a> in London on Sunday, ' +
  'where the two leaders discussed a ceasefire plan and security guarantees for Kyiv at length.</p>';

function article(html: string): string[] {
  document.body.innerHTML = `<article>${html}</article>`;
  return collectChunks(document.querySelector('article')!).map((c) => c.text.trim());
}

describe('only the article', () => {
  it('reads the article text, inline links and its own lists included', () => {
    const texts = article(
      `<h1>Leaders meet in London</h1>${PARAGRAPH}<ul><li>Zelensky arrived on Saturday.</li><li>Talks lasted <a href="/x">four hours</a>.</li></ul>`,
    );
    expect(texts).toEqual([
      'Leaders meet in London',
      expect.stringContaining('Volodymyr Zelensky met'),
      'Zelensky arrived on Saturday.',
      'Talks lasted four hours.',
    ]);
  });

  it('leaves out lists of links to other stories, whatever their class', () => {
    const texts = article(
      `${PARAGRAPH}<div><h3>More on this story</h3><ul><li><a href="/1">Trump says Putin wants peace</a></li>` +
        `<li><a href="/2">Biden pardons his son</a></li><li><a href="/3">Macron visits Kyiv</a></li></ul></div>`,
    );
    expect(texts.join(' ')).not.toMatch(/Trump|Biden|Macron/);
    expect(texts.join(' ')).toContain('Zelensky');
  });

  it('leaves out teaser cards: links around a headline, a picture and a summary', () => {
    const texts = article(
      `${PARAGRAPH}<section><a href="/a"><img alt=""><h3>Trump and Putin to meet</h3><p>The two leaders will talk.</p></a>` +
        `<a href="/b"><h3>Sikorski in Kyiv</h3></a></section>`,
    );
    expect(texts.join(' ')).not.toMatch(/Trump|Sikorski/);
  });

  it('leaves out teaser lists whose summaries are plain text, tag lists and "read more" lines', () => {
    const teasers = Array.from(
      { length: 3 },
      (_, i) => `<div><h4><a href="/t${i}">Story ${i} about Trump</a></h4><p>A short summary of it.</p></div>`,
    ).join('');
    const texts = article(
      `${PARAGRAPH}<div>${teasers}</div><p>Tags: <a href="/tag/1">Donald Trump</a> <a href="/tag/2">Ukraine</a></p>` +
        `<p><strong>Read more:</strong> <a href="/r">Why Biden changed his mind</a></p>`,
    );
    expect(texts.join(' ')).not.toMatch(/Trump|Biden/);
  });

  it('leaves out a stream of teasers too long to judge whole: headlines linking to other stories with plain summaries', () => {
    const card = (i: number) =>
      `<li><a href="/story-${i}" aria-hidden="true"><img alt=""></a><div><h3><a href="/story-${i}">Story ${i} about Donald Trump</a></h3>` +
      `<p>President-elect Donald Trump met advisers on Tuesday, a spokesman said. ${'More words of the summary. '.repeat(4)}</p>` +
      `<div><span>Some News</span></div></div><ul><li>Save</li><li>Share</li></ul></li>`;
    const stream = `<ul>${Array.from({ length: 60 }, (_, i) => card(i)).join('')}</ul>`;
    const texts = article(`${PARAGRAPH}${stream}`);
    expect(texts.join(' ')).toContain('Volodymyr Zelensky met');
    expect(texts.join(' ')).not.toMatch(/Trump/);
  });

  it('keeps a live blog whose posts are headed by permalinks to the page itself, and long posts', () => {
    const post = (i: number) =>
      `<section><h3><a href="#post-${i}">Update ${i}: Zelensky speaks</a></h3><p>Volodymyr Zelensky said on Tuesday that talks would go on.</p></section>`;
    const texts = article(`${PARAGRAPH}${Array.from({ length: 8 }, (_, i) => post(i)).join('')}`);
    expect(texts.filter((t) => t.startsWith('Volodymyr Zelensky said')).length).toBe(8);
    const long = (i: number) =>
      `<li><h3><a href="/story-${i}">Story ${i}</a></h3><p>${'Zelensky said the talks would go on, and more was said. '.repeat(15)}</p></li>`;
    const kept = article(`${PARAGRAPH}<ul>${Array.from({ length: 6 }, (_, i) => long(i)).join('')}</ul>`);
    expect(kept.filter((t) => t.includes('Zelensky said the talks')).length).toBe(6);
  });

  it('leaves out a short author bio, by its hint and its length, but not an article body that carries the same word', () => {
    const texts = article(
      `<div class="article-body author-page">${PARAGRAPH}${PARAGRAPH}${PARAGRAPH}${PARAGRAPH}${PARAGRAPH}${PARAGRAPH}</div>` +
        `<div class="author-bio"><p>Jane Doe covers the White House and the Trump administration.</p></div>`,
    );
    expect(texts.join(' ')).not.toContain('Jane Doe');
    expect(texts.filter((t) => t.includes('Zelensky'))).toHaveLength(6);
  });

  it('ends a walk started on a block that is not the article (the scanner starts one per child of the article)', () => {
    article(
      `${PARAGRAPH}<ul><li><a href="/1">Trump says Putin wants peace</a></li><li><a href="/2">Biden pardons his son</a></li></ul>`,
    );
    const [paragraph, list] = Array.from(document.querySelector('article')!.children);
    expect(collectChunks(list!)).toEqual([]);
    expect(collectChunks(paragraph!).map((c) => c.text)).toEqual([expect.stringContaining('Zelensky')]);
  });

  it('keeps a block with a "related" class when its text is the article’s, not links', () => {
    const texts = article(`<div class="related-content">${PARAGRAPH}</div>`);
    expect(texts.join(' ')).toContain('Zelensky');
  });

  it('is bounded: a huge block is judged by its parts, and checks stop for the task past the budget', () => {
    // A list of 5,000 links is larger than any block we would judge whole: its items are judged.
    const items = Array.from({ length: 5_000 }, (_, i) => `<li><a href="/${i}">Headline ${i}</a></li>`).join('');
    document.body.innerHTML = `<article><ul>${items}</ul></article>`;
    const list = document.querySelector('ul')!;
    const started = performance.now();
    expect(isOutsideArticleText(list)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1_000);
    // Past MAX_VISITS_PER_TASK visits in one task, nothing more is left out until the next task.
    let checked = 0;
    for (const li of Array.from(document.querySelectorAll('li'))) {
      if (!isOutsideArticleText(li)) break;
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
    expect(checked).toBeLessThan(MAX_VISITS_PER_TASK);
  });
});
