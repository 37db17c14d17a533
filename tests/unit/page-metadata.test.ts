/** lib/content/page-metadata.ts: what a page says about itself, bounded, never its author. */
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_METADATA_TEXTS, readPageMetadata } from '@/lib/content/page-metadata';

afterEach(() => {
  document.head.textContent = '';
  document.documentElement.removeAttribute('lang');
  document.title = '';
});

function head(html: string): void {
  document.head.innerHTML = html;
}

describe('readPageMetadata', () => {
  it('reads JSON-LD about, mentions, keywords and headline, tags, keywords meta, og:title and the language', () => {
    document.documentElement.lang = 'de-CH';
    head(`
      <title>Site | A page</title>
      <meta property="og:title" content="Trump wins">
      <meta name="news_keywords" content="Donald Trump, Election 2016">
      <meta name="keywords" content="politics; US">
      <meta property="article:tag" content="Mike Pence">
      <script type="application/ld+json">${JSON.stringify({
        '@context': 'https://schema.org',
        '@graph': [
          {
            '@type': 'NewsArticle',
            headline: 'President-elect Trump meets Obama',
            about: [{ '@type': 'Person', name: 'Barack Obama', jobTitle: 'President' }, 'White House'],
            mentions: { '@type': 'Person', name: 'Hillary Clinton', alternateName: ['H. Clinton'] },
            keywords: ['transition', 'Washington'],
            author: { '@type': 'Person', name: 'Jane Reporter' },
            publisher: { '@type': 'Organization', name: 'The Daily Example' },
          },
        ],
      })}</script>`);
    const meta = readPageMetadata(document);
    expect(meta.language).toBe('de-CH');
    expect(meta.texts).toEqual(
      expect.arrayContaining([
        'Donald Trump',
        'Election 2016',
        'politics',
        'US',
        'Mike Pence',
        'Trump wins',
        'President-elect Trump meets Obama',
        'Barack Obama',
        'White House',
        'Hillary Clinton',
        'H. Clinton',
        'transition',
        'Washington',
      ]),
    );
    // The people who made the page are not what it is about; nor are a subject's other properties.
    expect(meta.texts).not.toContain('Jane Reporter');
    expect(meta.texts).not.toContain('The Daily Example');
    expect(meta.texts).not.toContain('President');
  });

  it('takes the language from JSON-LD when the page does not say, and survives broken JSON', () => {
    head(`<script type="application/ld+json">{ broken</script>
      <script type="application/ld+json">{"@type":"NewsArticle","inLanguage":"pl","keywords":"Sikorski"}</script>`);
    expect(readPageMetadata(document)).toEqual({ texts: ['Sikorski'], language: 'pl' });
  });

  it('is bounded: a page with endless metadata gives at most MAX_METADATA_TEXTS short texts', () => {
    const many = Array.from({ length: 5_000 }, (_, i) => `Name ${i}`).join(', ');
    head(`<meta name="keywords" content="${many}"><meta property="og:title" content="${'x'.repeat(10_000)}">`);
    const meta = readPageMetadata(document);
    expect(meta.texts.length).toBeLessThanOrEqual(MAX_METADATA_TEXTS);
    expect(Math.max(...meta.texts.map((t) => t.length))).toBeLessThanOrEqual(300);
  });
});
